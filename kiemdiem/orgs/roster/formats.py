"""The roster file format (domain.md §10): sheet names, headers, and the error record.

Pure Python (no Django import).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

SHEET_UNITS = "Đơn vị"
SHEET_MEMBERS = "Đảng viên"
SHEET_RESULTS = "Kết quả xếp loại"

COL_UNIT_CODE = "Mã đơn vị"
COL_UNIT_NAME = "Tên đơn vị"
COL_UNIT_KIND = "Loại"
COL_PARENT_CODE = "Mã đơn vị cấp trên"
COL_FULL_NAME = "Họ và tên"
COL_BIRTH = "Ngày sinh"
COL_GENDER = "Giới tính"
COL_CARD = "Số thẻ đảng viên"
COL_ADMITTED = "Ngày vào Đảng"
COL_OFFICIAL = "Ngày chính thức"
COL_POSITION = "Chức vụ"
COL_RANK = "Cấp bậc"
COL_YEAR = "Năm"
COL_LEVEL = "Mức xếp loại"
COL_AWARD = "Khen thưởng"

HEADERS: dict[str, list[str]] = {
    SHEET_UNITS: [COL_UNIT_CODE, COL_UNIT_NAME, COL_UNIT_KIND, COL_PARENT_CODE],
    SHEET_MEMBERS: [
        COL_FULL_NAME,
        COL_BIRTH,
        COL_GENDER,
        COL_CARD,
        COL_ADMITTED,
        COL_OFFICIAL,
        COL_UNIT_CODE,
        COL_POSITION,
        COL_RANK,
    ],
    SHEET_RESULTS: [COL_CARD, COL_YEAR, COL_LEVEL, COL_AWARD],
}
OPTIONAL_SHEETS = {SHEET_RESULTS}


def match_key(text: object) -> str:
    """How sheet names and headers are compared: NFC, trimmed, whitespace collapsed, case-folded."""
    value = unicodedata.normalize("NFC", str(text if text is not None else ""))
    return " ".join(value.replace("\u00a0", " ").split()).casefold()


SHEET_BY_KEY = {match_key(name): name for name in HEADERS}


@dataclass(frozen=True)
class RosterIssue:
    """An error or warning about one cell (row = Excel row number; header = 1)."""

    sheet: str
    row: int
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
        }


@dataclass
class SheetRows:
    """One sheet as read: the canonical sheet name, its rows as read (lists of cell values, kept
    as calamine gives them to save memory) with their Excel row numbers, and where each
    canonical header sits."""

    sheet: str
    rows: list[tuple[int, list[object]]]
    positions: dict[str, int]
    source: str = ""

    def cell(self, values: list[object], column: str) -> object:
        index = self.positions[column]
        return values[index] if index < len(values) else ""
