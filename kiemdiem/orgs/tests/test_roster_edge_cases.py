"""Roster files as people really make them (domain.md §10): odd encodings, Excel habits, re-imports."""

from __future__ import annotations

import datetime
import io
import unicodedata

import openpyxl
import pytest

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import ClassificationRecord, Person, Unit
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.roster_files import (
    MEMBER_HEADER,
    MEMBERS,
    RESULT_HEADER,
    UNIT_HEADER,
    UNITS,
    good_roster,
    xlsx,
)

pytestmark = pytest.mark.django_db


def run(data: bytes, name: str = "roster.xlsx", **kwargs):  # type: ignore[no-untyped-def]
    return roster_import(actor=None, files=[(name, data)], **kwargs)


def nfd(value: str) -> str:
    return unicodedata.normalize("NFD", value)


def test_two_members_changing_different_fields_keep_each_others_values():
    assert run(good_roster()).ok
    changed = [list(row) for row in MEMBERS]
    changed[1][8] = "Thiếu tá"  # a new rank for the first member
    changed[2][7] = "Chi ủy viên"  # a new position for the second
    report = run(good_roster(Đảng_viên=changed))
    assert report.counts["Đảng viên"].updated == 2
    first = Person.objects.get(card_number="01000001")
    second = Person.objects.get(card_number="01000002")
    assert (first.rank, first.position) == ("Thiếu tá", "Bí thư chi bộ")
    assert (second.rank, second.position) == ("Thượng úy", "Chi ủy viên")


def test_sheet_names_headers_and_values_in_decomposed_unicode_are_matched():
    units = [[nfd(h) for h in UNIT_HEADER], *[[nfd(str(c)) for c in row] for row in UNITS[1:]]]
    members = [[nfd(h).upper() for h in MEMBER_HEADER], *[[nfd(c) for c in MEMBERS[1]]]]
    report = run(xlsx({nfd("Đơn vị"): units, nfd("ĐẢNG VIÊN"): members}))
    assert report.ok, report.errors
    person = Person.objects.get()
    assert person.full_name == "Nguyễn Văn An"
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.gender == "nam"


def test_a_row_with_only_an_unknown_column_filled_is_a_blank_row():
    header = ["STT", *MEMBER_HEADER]
    members = [header, [1, *MEMBERS[1]], [2, *[""] * 9], [3, *[None] * 9]]
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": members}))
    assert report.ok, report.errors
    assert Person.objects.count() == 1


def test_a_title_row_above_the_header_is_skipped_and_rows_keep_their_excel_numbers():
    members = [["DANH SÁCH ĐẢNG VIÊN", "", "", "", "", "", "", "", ""], MEMBER_HEADER]
    members += [MEMBERS[1], ["Trần Văn Bảo", "xx", "Nam", "01000002", "01/01/2010", "", "F1-C1"]]
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": members}))
    assert [(e.sheet, e.row, e.column) for e in report.errors] == [("Đảng viên", 4, "Ngày sinh")]


def test_a_workbook_without_any_roster_sheet_is_an_error_not_an_empty_success():
    report = run(xlsx({"Sheet1": [["a", "b"], [1, 2]]}))
    assert not report.ok
    assert "Không tìm thấy trang tính" in report.errors[0].message


def test_a_probationary_member_who_became_official_is_updated_not_added_again():
    assert run(good_roster()).ok
    probationary = Person.objects.get(full_name="Phạm Minh Đức")
    promoted = [list(row) for row in MEMBERS]
    promoted[4][3] = "01000077"
    promoted[4][5] = "01/09/2025"
    report = run(good_roster(Đảng_viên=promoted))
    assert report.ok, report.errors
    assert report.counts["Đảng viên"].added == 0
    probationary.refresh_from_db()
    assert (probationary.card_number, probationary.status) == ("01000077", "official")


@pytest.mark.parametrize(
    ("label", "level"),
    [
        ("Đảng viên đủ tư cách, hoàn thành xuất sắc nhiệm vụ", "HTXSNV"),
        ("Đủ tư cách, hoàn thành nhiệm vụ nhưng còn hạn chế", "HTNV"),
        ("Đảng viên vi phạm tư cách hoặc không hoàn thành nhiệm vụ", "KHTNV"),
        ("Trong sạch, vững mạnh tiêu biểu", "HTXSNV"),
        ("hoàn thành tốt nhiệm vụ.", "HTTNV"),
    ],
)
def test_legacy_result_labels_as_old_reports_wrote_them(label, level):
    results = [RESULT_HEADER, ["01000001", 2015, label, ""]]
    report = run(good_roster(Kết_quả_xếp_loại=results))
    assert report.ok, report.errors
    assert ClassificationRecord.objects.get().level == level


def test_a_legacy_label_after_2017_is_still_an_error():
    results = [RESULT_HEADER, ["01000001", 2019, "Trong sạch, vững mạnh", ""]]
    report = run(good_roster(Kết_quả_xếp_loại=results))
    assert [e.message for e in report.errors] == [
        "Mức xếp loại «Trong sạch, vững mạnh» không hợp lệ"
    ]


def test_a_csv_with_crlf_semicolons_no_bom_and_quoted_commas_imports():
    rows = [UNIT_HEADER, ["F1", "Đảng bộ Trung đoàn 1, Sư đoàn 9", "Đảng bộ cơ sở", ""]]
    text = "\r\n".join(";".join(f'"{c}"' if "," in c else c for c in row) for row in rows)
    report = roster_import(actor=None, files=[("don-vi.csv", text.encode())])
    assert report.ok, report.errors
    assert Unit.objects.get().name == "Đảng bộ Trung đoàn 1, Sư đoàn 9"


def test_a_csv_in_windows_1258_is_refused_with_the_file_named():
    rows = "\n".join(",".join(str(cell) for cell in row) for row in UNITS)
    data = unicodedata.normalize("NFD", rows).encode("cp1258", errors="replace")
    report = roster_import(actor=None, files=[("dang-vien.csv", data)])
    assert [(e.sheet, e.row, e.message) for e in report.errors] == [
        ("dang-vien.csv", 1, "Tệp CSV phải được mã hóa UTF-8")
    ]


def test_excel_datetime_cells_and_a_leap_day_birth_are_accepted():
    member = list(MEMBERS[1])
    member[1] = datetime.datetime(1980, 2, 29, 0, 0)
    member[4] = datetime.date(2005, 2, 5)
    member[5] = "5/2/2006"
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": [MEMBER_HEADER, member]}))
    assert report.ok, report.errors
    assert Person.objects.get().date_of_birth == datetime.date(1980, 2, 29)


@pytest.mark.parametrize(
    "value", ["29/02/1990", "00/01/1990", "1/13/1990", "01/01/90", "1990-01-01"]
)
def test_impossible_or_foreign_date_texts_are_errors(value):
    member = list(MEMBERS[1])
    member[1] = value
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": [MEMBER_HEADER, member]}))
    assert [e.message for e in report.errors] == [f"Ngày «{value}» không hợp lệ (dd/mm/yyyy)"]


def test_a_float_card_cell_and_a_numeric_unit_code_are_read_as_text():
    units = [UNIT_HEADER, [101.0, "Chi bộ 101", "Chi bộ", ""]]
    member = list(MEMBERS[1])
    member[3] = 1000001.0
    member[6] = 101
    report = run(xlsx({"Đơn vị": units, "Đảng viên": [MEMBER_HEADER, member]}))
    assert report.ok, report.errors
    person = Person.objects.get()
    assert (person.card_number, person.unit.code) == ("01000001", "101")


def test_a_member_admitted_the_day_before_turning_18_is_refused_and_on_the_day_accepted():
    member = list(MEMBERS[1])
    member[1], member[4], member[5] = "15/03/1990", "14/03/2008", ""
    member[3] = ""
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": [MEMBER_HEADER, member]}))
    assert [e.message for e in report.errors] == ["Ngày vào Đảng trước khi đủ 18 tuổi"]
    member[4] = "15/03/2008"
    assert run(xlsx({"Đơn vị": UNITS, "Đảng viên": [MEMBER_HEADER, member]})).ok


def test_a_unit_code_merged_down_over_its_members_applies_to_every_one_of_them():
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    units = workbook.create_sheet("Đơn vị")
    for row in UNITS:
        units.append(row)
    members = workbook.create_sheet("Đảng viên")
    members.append(MEMBER_HEADER)
    for row in MEMBERS[1:3]:
        members.append([*row[:6], "", *row[7:]])
    members["G2"] = "F1-C2"
    members.merge_cells("G2:G3")
    members.merge_cells("A1:A1")
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = run(buffer.getvalue())
    assert report.ok, report.errors
    assert set(Person.objects.values_list("unit__code", flat=True)) == {"F1-C2"}


def test_the_import_audit_row_names_each_changed_record_with_old_and_new_values():
    assert run(good_roster()).ok
    changed = [list(row) for row in MEMBERS]
    changed[2][8] = "Đại úy"
    units = [list(row) for row in UNITS]
    units[2][1] = "Chi bộ Đại đội 1 (mới)"
    assert run(good_roster(Đảng_viên=changed, Đơn_vị=units)).ok
    event = AuditEvent.objects.filter(verb="roster_import").latest("id")
    assert event.changes["Đảng viên"]["changes"] == {"01000002": {"rank": ["Thượng úy", "Đại úy"]}}
    assert event.changes["Đơn vị"]["changes"] == {
        "F1-C1": {"name": ["Chi bộ Đại đội 1", "Chi bộ Đại đội 1 (mới)"]}
    }
    assert event.changes["Đảng viên"]["unchanged"] == 3
