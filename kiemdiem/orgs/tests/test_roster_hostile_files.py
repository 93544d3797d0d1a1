"""A hostile file is refused with a Vietnamese message before it is parsed, and nothing is
written: a text file named .xlsx, an old .xls, a sheet reaching XFD1048576, a zip bomb."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from django.test import override_settings

from kiemdiem.orgs.models import Unit
from kiemdiem.orgs.roster.importer import roster_import

pytestmark = pytest.mark.django_db


def only_error(data: bytes, name: str = "danh-sach.xlsx") -> str:
    report = roster_import(actor=None, files=[(name, data)])
    assert not report.ok
    assert not Unit.objects.exists()
    (error,) = report.errors
    return error.message


def test_a_text_file_named_xlsx_is_refused_in_vietnamese():
    message = only_error(b"Ma don vi,Ten don vi\nA,B\n")
    assert "không phải là sổ làm việc Excel (.xlsx)" in message


def test_an_old_xls_file_is_told_how_to_save_as_xlsx():
    message = only_error(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, name="cu.xls")
    assert "Lưu thành" in message
    assert ".xlsx" in message


def test_a_sheet_reaching_the_last_cell_is_refused_before_it_is_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Đơn vị"
    sheet["A1"] = "Mã đơn vị"
    sheet["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    message = only_error(buffer.getvalue())
    assert "1,048,576 dòng × 16,384 cột" in message


@override_settings(ROSTER_MAX_UNPACKED_BYTES=1024 * 1024)
def test_a_part_that_unpacks_past_the_limit_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "A" * (8 * 1024 * 1024))
    assert len(buffer.getvalue()) < 100_000
    assert "quá lớn khi giải nén" in only_error(buffer.getvalue())
