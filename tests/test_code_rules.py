"""House rules that code review would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PURE_MODULES = [
    ROOT / "kiemdiem/core/text.py",
    ROOT / "kiemdiem/orgs/naming.py",
    ROOT / "kiemdiem/voting/tally.py",
    *sorted((ROOT / "kiemdiem/classification/rules").glob("*.py")),
]


def test_views_and_api_fetch_objects_only_through_selectors():
    offenders = [
        str(path.relative_to(ROOT))
        for pattern in (
            "kiemdiem/**/views.py",
            "kiemdiem/**/views/*.py",
            "kiemdiem/**/api.py",
            "kiemdiem/**/*_views.py",
        )
        for path in ROOT.glob(pattern)
        if "/tests/" not in str(path) and ".objects.get(" in path.read_text()
    ]
    assert offenders == []


def test_pure_modules_do_not_import_django():
    importing = [
        str(path.relative_to(ROOT))
        for path in PURE_MODULES
        if re.search(r"^\s*(from|import) django", path.read_text(), flags=re.MULTILINE)
    ]
    assert importing == []
