"""Every sheet of an import is checked against the importer's scope, and an office's own export
imports back unchanged."""

from __future__ import annotations

import pytest

from conftest import make_user
from kiemdiem.accounts.models import Role
from kiemdiem.orgs.models import ClassificationRecord
from kiemdiem.orgs.roster.exporter import roster_export
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.roster_files import RESULT_HEADER, xlsx

pytestmark = pytest.mark.django_db


def test_a_result_of_a_member_outside_the_scope_is_refused_and_nothing_is_written(cast):
    cast.person_b.card_number = "07000001"
    cast.person_b.save(update_fields=["card_number"])
    office_a = make_user("vanphong_a", role=Role.COMMITTEE_OFFICE, unit=cast.cell_a)
    attack = xlsx(
        {"Kết quả xếp loại": [RESULT_HEADER, ["07000001", 2019, "Không hoàn thành nhiệm vụ", ""]]}
    )
    report = roster_import(actor=office_a, files=[("ket-qua.xlsx", attack)])
    assert not report.ok
    (error,) = report.errors
    assert (error.sheet, error.row, error.column) == ("Kết quả xếp loại", 2, "Số thẻ đảng viên")
    assert "nằm ngoài phạm vi quản lý" in error.message
    assert not ClassificationRecord.objects.filter(person=cast.person_b).exists()


def test_a_result_of_a_member_inside_the_scope_is_taken(cast):
    cast.person_a.card_number = "07000002"
    cast.person_a.save(update_fields=["card_number"])
    office_a = make_user("vanphong_a", role=Role.COMMITTEE_OFFICE, unit=cast.cell_a)
    sheet = xlsx({"Kết quả xếp loại": [RESULT_HEADER, ["07000002", 2019, "HTTNV", ""]]})
    assert roster_import(actor=office_a, files=[("ket-qua.xlsx", sheet)]).ok
    assert ClassificationRecord.objects.get(person=cast.person_a, year=2019).level == "HTTNV"


def test_an_office_imports_its_own_export_back_as_unchanged(cast):
    office_a = make_user("vanphong_a", role=Role.COMMITTEE_OFFICE, unit=cast.cell_a)
    exported = roster_export(for_user=office_a)
    report = roster_import(actor=office_a, files=[("xuat.xlsx", exported)])
    assert report.ok, report.errors
    assert not report.changed
