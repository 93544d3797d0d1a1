"""Building roster files in tests (fictional people only)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"]
MEMBER_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số thẻ đảng viên",
    "Ngày vào Đảng",
    "Ngày chính thức",
    "Mã đơn vị",
    "Chức vụ",
    "Cấp bậc",
]
RESULT_HEADER = ["Số thẻ đảng viên", "Năm", "Mức xếp loại", "Khen thưởng"]

UNITS = [
    UNIT_HEADER,
    ["F1", "Đảng bộ Trung đoàn 1", "Đảng bộ cơ sở", ""],
    ["F1-C1", "Chi bộ Đại đội 1", "Chi bộ", "F1"],
    ["F1-C2", "Chi bộ Đại đội 2", "Chi bộ", "F1"],
]
MEMBERS = [
    MEMBER_HEADER,
    [
        "Nguyễn Văn An",
        "02/01/1980",
        "Nam",
        "01000001",
        "05/02/2005",
        "05/02/2006",
        "F1-C1",
        "Bí thư chi bộ",
        "Đại úy",
    ],
    [
        "Trần Thị Bích",
        "15/08/1992",
        "Nữ",
        "01000002",
        "19/05/2015",
        "19/05/2016",
        "F1-C1",
        "",
        "Thượng úy",
    ],
    [
        "Lê Quang Cường",
        "1/3/1995",
        "Nam",
        "01000003",
        "3/2/2018",
        "3/2/2019",
        "F1-C2",
        "",
        "Trung úy",
    ],
    ["Phạm Minh Đức", "20/10/1999", "Nam", "", "01/09/2024", "", "F1-C2", "", "Thiếu úy"],
]
RESULTS = [
    RESULT_HEADER,
    ["01000001", 2019, "Hoàn thành tốt nhiệm vụ", ""],
    ["01000001", 2016, "Đủ tư cách hoàn thành tốt nhiệm vụ", ""],
    ["01000002", 2019, "HTXSNV", "Giấy khen"],
]


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def good_roster(**replace: list[list[Any]]) -> bytes:
    sheets = {"Đơn vị": UNITS, "Đảng viên": MEMBERS, "Kết quả xếp loại": RESULTS}
    sheets.update({name.replace("_", " "): rows for name, rows in replace.items()})
    return xlsx(sheets)


def csv_bytes(
    rows: list[list[Any]], *, delimiter: str = ",", bom: bool = True, encoding: str = "utf-8"
) -> bytes:
    text = "\n".join(delimiter.join(str(cell) for cell in row) for row in rows) + "\n"
    return (("\ufeff" if bom else "") + text).encode(encoding)
