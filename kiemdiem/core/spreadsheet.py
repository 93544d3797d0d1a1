"""Spreadsheet cells that stay text: a name or title starting with `=`, `+`, `-` or `@` is
written as a string cell, never a live formula (CSV/formula injection), and reads back as the
same text, so export → import still round-trips."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell: Any) -> Any:
    """Mark an openpyxl cell whose text could be read as a formula as a plain string cell."""
    if looks_like_formula(cell.value):
        cell.data_type = "s"
    return cell


def safe_row(sheet: Any, values: Iterable[object]) -> list[object]:
    """A row for `sheet.append` (write-only sheets too): risky texts become string cells."""
    from openpyxl.cell import WriteOnlyCell

    row: list[object] = []
    for value in values:
        if looks_like_formula(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            row.append(cell)
        else:
            row.append(value)
    return row
