import datetime

import pytest

from kiemdiem.documents.model import DocumentNumber, PartyDocument, format_date_line


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2020, 11, 20), "Hà Nội, ngày 20 tháng 11 năm 2020"),
        (datetime.date(2021, 2, 5), "Hà Nội, ngày 05 tháng 02 năm 2021"),
        (datetime.date(2021, 1, 10), "Hà Nội, ngày 10 tháng 01 năm 2021"),
        (datetime.date(2021, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2021"),
        (datetime.date(2021, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2021"),
    ],
)
def test_date_line_pads_days_below_ten_and_the_first_two_months(day, expected):
    assert format_date_line("Hà Nội", day) == expected


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (DocumentNumber(9, "KH", "ĐU"), "Số 09-KH/ĐU"),
        (DocumentNumber(123, "QĐ", "ĐU"), "Số 123-QĐ/ĐU"),
        (DocumentNumber(1, "BB", "CB"), "Số 01-BB/CB"),
    ],
)
def test_number_is_rendered_with_type_and_issuer(number, expected):
    assert number.render() == expected


def test_recipients_end_with_the_office_copy():
    doc = PartyDocument(
        superior_body="A",
        issuing_body="B",
        place="Hà Nội",
        date=datetime.date(2020, 1, 1),
        doc_type="Báo cáo",
        recipients=("Đảng ủy cấp trên", "Các chi bộ"),
    )
    assert doc.recipient_lines == ("- Đảng ủy cấp trên,", "- Các chi bộ,", "- Lưu Văn phòng.")
    assert doc.doc_type_upper == "BÁO CÁO"


def test_model_and_builders_do_not_import_django():
    from pathlib import Path

    from kiemdiem.documents import builders, model

    for module in (model, builders):
        source = Path(module.__file__).read_text()
        assert "from django" not in source
        assert "import django" not in source
