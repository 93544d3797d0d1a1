"""The rules engine is pure Python: no module of the package imports Django."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[1] / "rules"
MODULES = sorted(path.stem for path in RULES.glob("*.py"))


def test_every_expected_module_is_there():
    assert {"base", "parse", "registry", "common", "r132_hd21", "r124_hd25", "r366_hd43"} <= set(
        MODULES
    )


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_no_rules_module_mentions_a_django_import(path):
    assert not re.search(r"^\s*(from|import)\s+django\b", path.read_text(), flags=re.MULTILINE)


def test_importing_every_rules_module_loads_no_django():
    names = ", ".join(
        f"kiemdiem.classification.rules.{name}" for name in MODULES if name != "__init__"
    )
    code = (
        "import sys, importlib\n"
        f"for name in '{names}'.split(', '):\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == "[]"
