"""The roster file of the acceptance tests: a Military Region committee with its office cell, and
one grassroots committee with one cell of five members (fictional people)."""

from __future__ import annotations

from kiemdiem.orgs.tests.roster_files import MEMBER_HEADER, UNIT_HEADER, xlsx

ADMIN = "quantri"
ADMIN_PASSWORD = "Cai-dat-lan-dau-2021!"
OFFICE_PEOPLE = {
    "mr_office": "Đỗ Văn Phòng",
    "committee_office": "Phạm Văn Dũng",
    "secretary": "Trần Văn Bình",
}
UNITS = [
    UNIT_HEADER,
    ["QK9X", "Đảng bộ Quân khu 9X", "Đảng bộ", ""],
    ["QK9X-VP", "Chi bộ Văn phòng Đảng ủy", "Chi bộ", "QK9X"],
    ["DBCS1", "Đảng bộ Cơ sở 1", "Đảng bộ cơ sở", "QK9X"],
    ["DBCS1-C1", "Chi bộ Đại đội 1", "Chi bộ", "DBCS1"],
]


def _member(name: str, born: str, sex: str, card: str, unit: str, post: str = "") -> list[str]:
    return [name, born, sex, card, "05/02/2005", "05/02/2006", unit, post, "Đại úy"]


MEMBERS = [
    MEMBER_HEADER,
    _member("Đỗ Văn Phòng", "02/01/1978", "Nam", "09000001", "QK9X-VP", "Trợ lý tổ chức"),
    _member("Trần Văn Bình", "15/08/1980", "Nam", "09000002", "DBCS1-C1", "Bí thư chi bộ"),
    _member("Phạm Văn Dũng", "01/03/1982", "Nam", "09000003", "DBCS1-C1", "Phó Bí thư"),
    _member("Nguyễn Văn An", "20/10/1985", "Nam", "09000004", "DBCS1-C1"),
    _member("Lê Thị Cúc", "11/11/1980", "Nữ", "09000005", "DBCS1-C1"),
    _member("Hoàng Văn Em", "09/09/1981", "Nam", "09000006", "DBCS1-C1"),
]


def roster_file():  # type: ignore[no-untyped-def]
    """The roster as an uploaded XLSX file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "danh-sach.xlsx",
        xlsx({"Đơn vị": UNITS, "Đảng viên": MEMBERS}),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
