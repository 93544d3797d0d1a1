"""The classification rules engine: pure Python over dataclasses, one module per rule pack.

Public entry points: `check(data, names=...) -> dict` (the contract's JSON in and out),
`evaluate(case)`, `parse_case(data)`, `loads(text)`, `CaseError`, `get_pack(id)`, `pack_id_for_year(year)`.
No Django import anywhere in this package (a test checks).
"""

from kiemdiem.classification.rules.base import (
    LEVEL_NAMES,
    LEVELS,
    Case,
    CaseError,
    PackSettings,
    Result,
    format_path,
)
from kiemdiem.classification.rules.engine import check, evaluate
from kiemdiem.classification.rules.parse import loads, parse_case
from kiemdiem.classification.rules.registry import (
    PACK_IDS,
    UnknownPackError,
    get_pack,
    pack_for_year,
    pack_id_for_year,
)

__all__ = [
    "LEVELS",
    "LEVEL_NAMES",
    "PACK_IDS",
    "Case",
    "CaseError",
    "PackSettings",
    "Result",
    "UnknownPackError",
    "check",
    "evaluate",
    "format_path",
    "get_pack",
    "loads",
    "pack_for_year",
    "pack_id_for_year",
    "parse_case",
]
