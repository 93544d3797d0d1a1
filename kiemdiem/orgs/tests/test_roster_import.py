"""Roster import (domain.md §10): all or nothing, every error by sheet, row and column."""

from __future__ import annotations

import datetime

import pytest

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import CellMembership, ClassificationRecord, Person, PersonStatus, Unit
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.roster_files import (
    MEMBER_HEADER,
    MEMBERS,
    RESULTS,
    UNIT_HEADER,
    UNITS,
    csv_bytes,
    good_roster,
    xlsx,
)

pytestmark = pytest.mark.django_db


def run(data: bytes, name: str = "roster.xlsx", **kwargs):  # type: ignore[no-untyped-def]
    return roster_import(actor=None, files=[(name, data)], **kwargs)


def errors(report) -> list[tuple[str, int, str, str]]:  # type: ignore[no-untyped-def]
    return [(e.sheet, e.row, e.column, e.message) for e in report.errors]


def members_with(*rows: list) -> bytes:  # type: ignore[type-arg]
    return xlsx({"Đơn vị": UNITS, "Đảng viên": [MEMBER_HEADER, *rows]})


def test_a_good_file_imports_units_members_and_results():
    report = run(good_roster())
    assert report.ok
    assert report.counts["Đơn vị"].added == 3
    assert report.counts["Đảng viên"].added == 4
    assert report.counts["Kết quả xếp loại"].added == 3
    an = Person.objects.get(card_number="01000001")
    assert (an.family_name, an.middle_name, an.given_name) == ("Nguyễn", "Văn", "An")
    assert an.unit.code == "F1-C1"
    assert an.date_of_birth == datetime.date(1980, 1, 2)
    assert an.memberships.get().end is None


def test_units_get_paths_that_answer_subtree_queries():
    run(good_roster())
    root = Unit.objects.get(code="F1")
    codes = set(
        Unit.objects.filter(path__gte=root.path, path__lt=root.path_upper_bound).values_list(
            "code", flat=True
        )
    )
    assert codes == {"F1", "F1-C1", "F1-C2"}


def test_a_member_without_official_date_is_probationary_without_a_card():
    run(good_roster())
    duc = Person.objects.get(full_name="Phạm Minh Đức")
    assert duc.status == PersonStatus.PROBATIONARY
    assert duc.card_number is None


def test_legacy_labels_map_for_years_up_to_2017():
    run(good_roster())
    assert (
        ClassificationRecord.objects.get(person__card_number="01000001", year=2016).level == "HTTNV"
    )


def test_reimporting_the_same_file_changes_nothing_and_says_so():
    run(good_roster())
    before = list(Person.objects.values_list("pk", "updated_at"))
    report = run(good_roster())
    assert report.ok
    assert not report.changed
    assert all(c.added == c.updated == 0 for c in report.counts.values())
    assert report.counts["Đảng viên"].unchanged == 4
    assert list(Person.objects.values_list("pk", "updated_at")) == before


def test_a_changed_file_updates_by_card_and_reports_counts():
    run(good_roster())
    changed = [list(row) for row in MEMBERS]
    changed[2][8] = "Đại úy"
    changed.append(
        [
            "Hoàng Thị Én",
            "09/09/1990",
            "Nữ",
            "01000009",
            "09/09/2012",
            "09/09/2013",
            "F1-C2",
            "",
            "",
        ]
    )
    report = run(good_roster(Đảng_viên=changed))
    assert (
        report.counts["Đảng viên"].added,
        report.counts["Đảng viên"].updated,
        report.counts["Đảng viên"].unchanged,
    ) == (1, 1, 3)
    assert Person.objects.get(card_number="01000002").rank == "Đại úy"


def test_a_member_moved_to_another_cell_keeps_the_history():
    run(good_roster())
    moved = [list(row) for row in MEMBERS]
    moved[1][6] = "F1-C2"
    run(good_roster(Đảng_viên=moved))
    history = list(
        CellMembership.objects.filter(person__card_number="01000001")
        .order_by("start", "id")
        .values_list("unit__code", "end")
    )
    assert [code for code, _ in history] == ["F1-C1", "F1-C2"]
    assert history[0][1] is not None
    assert history[1][1] is None


def test_a_unit_moved_under_another_parent_moves_its_subtree():
    run(good_roster())
    units = [*UNITS, ["F2", "Đảng bộ Trung đoàn 2", "Đảng bộ cơ sở", ""]]
    units[2] = ["F1-C1", "Chi bộ Đại đội 1", "Chi bộ", "F2"]
    report = run(xlsx({"Đơn vị": units}))
    assert report.counts["Đơn vị"].updated == 1
    f2 = Unit.objects.get(code="F2")
    assert Unit.objects.get(code="F1-C1").path.startswith(f2.path)


def test_rows_not_in_the_file_are_left_alone():
    run(good_roster())
    run(xlsx({"Đảng viên": MEMBERS[:2]}))
    assert Person.objects.count() == 4


def test_an_error_in_the_last_row_writes_nothing_at_all():
    bad = [list(row) for row in MEMBERS]
    bad[-1][1] = "31/02/1990"
    report = run(good_roster(Đảng_viên=bad))
    assert not report.ok
    assert errors(report) == [
        ("Đảng viên", 5, "Ngày sinh", "Ngày «31/02/1990» không hợp lệ (dd/mm/yyyy)")
    ]
    assert (
        Unit.objects.count() == Person.objects.count() == ClassificationRecord.objects.count() == 0
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    "value", ["31/02/1990", "1/1/90", "1990-01-01", "32/01/1990", "01/13/1990", "01/01/2999"]
)
def test_bad_dates_are_rejected(value):
    row = ["Nguyễn Văn An", value, "Nam", "01000001", "05/02/2005", "", "F1-C1", "", ""]
    report = run(members_with(row))
    assert errors(report) == [
        ("Đảng viên", 2, "Ngày sinh", f"Ngày «{value}» không hợp lệ (dd/mm/yyyy)")
    ]


def test_an_excel_date_cell_is_accepted():
    row = [
        "Nguyễn Văn An",
        datetime.datetime(1980, 1, 2),
        "Nam",
        "01000001",
        datetime.date(2005, 2, 5),
        None,
        "F1-C1",
        "",
        "",
    ]
    assert run(members_with(row)).ok
    assert Person.objects.get().date_of_birth == datetime.date(1980, 1, 2)


def test_duplicate_codes_and_cards_name_the_first_row():
    units = [*UNITS, ["F1-C1", "Chi bộ trùng", "Chi bộ", "F1"]]
    members = [
        MEMBER_HEADER,
        MEMBERS[1],
        MEMBERS[2],
        [
            "Vũ Văn Giang",
            "01/01/1985",
            "Nam",
            "01000001",
            "01/01/2010",
            "01/01/2011",
            "F1-C1",
            "",
            "",
        ],
    ]
    report = run(xlsx({"Đơn vị": units, "Đảng viên": members}))
    assert ("Đơn vị", 5, "Mã đơn vị", "Mã đơn vị «F1-C1» bị trùng (dòng 3)") in errors(report)
    assert (
        "Đảng viên",
        4,
        "Số thẻ đảng viên",
        "Số thẻ đảng viên «01000001» bị trùng (dòng 2)",
    ) in errors(report)


def test_unknown_parent_and_unknown_unit_are_reported():
    units = [UNIT_HEADER, ["X1", "Chi bộ X", "Chi bộ", "KHONG-CO"]]
    members = [
        MEMBER_HEADER,
        ["Nguyễn Văn An", "02/01/1980", "Nam", "01000001", "05/02/2005", "", "ZZZ", "", ""],
    ]
    report = run(xlsx({"Đơn vị": units, "Đảng viên": members}))
    assert errors(report) == [
        ("Đơn vị", 2, "Mã đơn vị cấp trên", "Không tìm thấy đơn vị cấp trên «KHONG-CO»"),
        ("Đảng viên", 2, "Mã đơn vị", "Không tìm thấy đơn vị «ZZZ»"),
    ]


def test_a_cycle_is_reported_on_each_unit_in_it():
    units = [
        UNIT_HEADER,
        ["A", "A", "Đảng bộ", "B"],
        ["B", "B", "Đảng bộ", "C"],
        ["C", "C", "Đảng bộ", "A"],
    ]
    report = run(xlsx({"Đơn vị": units}))
    assert [e.message for e in report.errors] == [
        "Quan hệ cấp trên tạo vòng lặp: A → B → C → A",
        "Quan hệ cấp trên tạo vòng lặp: B → C → A → B",
        "Quan hệ cấp trên tạo vòng lặp: C → A → B → C",
    ]


def test_a_cycle_through_the_database_is_caught():
    run(good_roster())
    report = run(
        xlsx({"Đơn vị": [UNIT_HEADER, ["F1", "Đảng bộ Trung đoàn 1", "Đảng bộ cơ sở", "F1-C1"]]})
    )
    assert report.errors[0].message == "Quan hệ cấp trên tạo vòng lặp: F1 → F1-C1 → F1"
    assert Unit.objects.get(code="F1").parent is None


def test_bad_kind_gender_card_and_level_get_their_messages():
    units = [*UNITS, ["F1-C3", "Tổ đảng", "Tổ đảng", "F1"]]
    members = [
        MEMBER_HEADER,
        [
            "Nguyễn Văn An",
            "02/01/1980",
            "nam giới",
            "12345",
            "05/02/2005",
            "05/02/2006",
            "F1-C1",
            "",
            "",
        ],
    ]
    results = [RESULTS[0], ["01000002", 2019, "Giỏi", ""]]
    report = run(
        xlsx({"Đơn vị": units, "Đảng viên": [*members, MEMBERS[2]], "Kết quả xếp loại": results})
    )
    messages = [e.message for e in report.errors]
    assert "Loại đơn vị «Tổ đảng» không hợp lệ" in messages
    assert "Giới tính phải là «Nam» hoặc «Nữ»" in messages
    assert "Số thẻ đảng viên «12345» phải gồm ít nhất 8 chữ số" in messages
    assert "Mức xếp loại «Giỏi» không hợp lệ" in messages


def test_official_before_admission_and_admission_before_18_are_errors():
    members = [
        MEMBER_HEADER,
        [
            "Nguyễn Văn An",
            "02/01/1980",
            "Nam",
            "01000001",
            "05/02/2005",
            "05/02/2004",
            "F1-C1",
            "",
            "",
        ],
        [
            "Trần Văn Bảo",
            "02/01/1990",
            "Nam",
            "01000002",
            "01/01/2007",
            "01/01/2008",
            "F1-C1",
            "",
            "",
        ],
    ]
    assert errors(run(xlsx({"Đơn vị": UNITS, "Đảng viên": members}))) == [
        ("Đảng viên", 2, "Ngày chính thức", "Ngày chính thức trước ngày vào Đảng"),
        ("Đảng viên", 3, "Ngày vào Đảng", "Ngày vào Đảng trước khi đủ 18 tuổi"),
    ]


def test_an_official_member_needs_a_card_and_an_empty_required_cell_is_named():
    members = [
        MEMBER_HEADER,
        ["Nguyễn Văn An", "", "Nam", "", "05/02/2005", "05/02/2006", "F1-C1", "", ""],
    ]
    assert errors(run(xlsx({"Đơn vị": UNITS, "Đảng viên": members}))) == [
        ("Đảng viên", 2, "Ngày sinh", "Thiếu giá trị bắt buộc"),
        ("Đảng viên", 2, "Số thẻ đảng viên", "Thiếu giá trị bắt buộc"),
    ]


def test_a_numeric_card_cell_is_padded_to_eight_digits():
    members = [
        MEMBER_HEADER,
        [
            "Nguyễn Văn An",
            "02/01/1980",
            "Nam",
            1234567,
            "05/02/2005",
            "05/02/2006",
            "F1-C1",
            "",
            "",
        ],
    ]
    assert run(xlsx({"Đơn vị": UNITS, "Đảng viên": members})).ok
    assert Person.objects.get().card_number == "01234567"


def test_blank_rows_are_skipped_but_counted_in_row_numbers():
    members = [
        MEMBER_HEADER,
        MEMBERS[1],
        [None] * 9,
        ["Trần Văn Bảo", "xx", "Nam", "01000002", "01/01/2010", "", "F1-C1", "", ""],
    ]
    assert errors(run(xlsx({"Đơn vị": UNITS, "Đảng viên": members})))[0][:3] == (
        "Đảng viên",
        4,
        "Ngày sinh",
    )


def test_headers_match_in_any_order_and_case_and_unknown_columns_warn():
    header = ["mã đơn vị cấp trên", " LOẠI ", "Tên đơn vị", "Mã Đơn Vị", "Ghi chú"]
    report = run(xlsx({"đơn vị": [header, ["", "Đảng bộ", "Đảng bộ X", "X", "abc"]]}))
    assert report.ok
    assert Unit.objects.get(code="X").kind == "dang_bo"
    assert [w.message for w in report.warnings] == ["Cột «Ghi chú» không được sử dụng"]


def test_a_missing_column_is_an_error_on_row_one():
    report = run(
        xlsx({"Đơn vị": [["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên"], ["X", "X", ""]]})
    )
    assert errors(report) == [("Đơn vị", 1, "Loại", "Thiếu cột «Loại»")]


def test_result_year_must_be_four_digits_not_in_the_future_and_unique_per_card():
    results = [
        RESULT_HEADER := RESULTS[0],
        ["01000001", 2999, "HTNV", ""],
        ["01000001", "19", "HTNV", ""],
        ["01000002", 2019, "HTNV", ""],
        ["01000002", 2019, "HTTNV", ""],
    ]
    del RESULT_HEADER
    messages = [e.message for e in run(good_roster(Kết_quả_xếp_loại=results)).errors]
    assert messages == [
        "Năm «2999» không hợp lệ",
        "Năm «19» không hợp lệ",
        "Kết quả năm 2019 của số thẻ «01000002» bị trùng (dòng 4)",
    ]


def test_csv_files_with_bom_and_semicolons_import_like_the_workbook():
    files = [
        ("don-vi.csv", csv_bytes(UNITS, delimiter=";")),
        ("dang-vien.csv", csv_bytes(MEMBERS, bom=False)),
    ]
    report = roster_import(actor=None, files=files)
    assert report.ok
    assert Person.objects.count() == 4


def test_a_csv_not_in_utf8_is_refused():
    report = roster_import(
        actor=None, files=[("dang-vien.csv", csv_bytes(MEMBERS, bom=False, encoding="utf-16"))]
    )
    assert [e.message for e in report.errors] == ["Tệp CSV phải được mã hóa UTF-8"]


def test_dry_run_checks_and_counts_but_writes_nothing():
    report = run(good_roster(), dry_run=True)
    assert report.ok
    assert report.counts["Đảng viên"].added == 4
    assert Person.objects.count() == 0
    assert Unit.objects.count() == 0


def test_progress_is_reported_up_to_the_total():
    seen: list[tuple[int, int]] = []
    run(good_roster(), progress=lambda done, total: seen.append((done, total)))
    assert seen[-1][0] == seen[-1][1] == 10


def test_a_one_word_name_warns_and_becomes_the_given_name():
    members = [
        MEMBER_HEADER,
        ["Mai", "02/01/1980", "Nữ", "01000001", "05/02/2005", "05/02/2006", "F1-C1", "", ""],
    ]
    report = run(xlsx({"Đơn vị": UNITS, "Đảng viên": members}))
    assert report.ok
    assert report.warnings[0].column == "Họ và tên"
    assert Person.objects.get().given_name == "Mai"


def test_an_office_cannot_import_units_outside_its_subtree(cast):
    report = roster_import(actor=cast.officer, files=[("r.xlsx", good_roster())])
    assert not report.ok
    assert report.errors[0].message == "Đơn vị «F1» nằm ngoài phạm vi quản lý của bạn"
    assert not Unit.objects.filter(code="F1").exists()


def test_an_office_imports_units_under_its_own_committee(cast):
    units = [UNIT_HEADER, ["DB-01-C9", "Chi bộ mới", "Chi bộ", "DB-01"]]
    members = [
        MEMBER_HEADER,
        [
            "Nguyễn Văn Mới",
            "02/01/1990",
            "Nam",
            "01000099",
            "05/02/2015",
            "05/02/2016",
            "DB-01-C9",
            "",
            "",
        ],
    ]
    report = roster_import(
        actor=cast.officer, files=[("r.xlsx", xlsx({"Đơn vị": units, "Đảng viên": members}))]
    )
    assert report.ok, report.errors
    assert Person.objects.get(card_number="01000099").unit.parent == cast.committee
