"""WeasyPrint PDFs: the text comes out, the chart is inline SVG without scripts."""

import shutil
import subprocess

import pytest

from kiemdiem.documents import charts
from kiemdiem.documents.pdf import render_html, render_pdf
from kiemdiem.documents.tests import samples

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


@needs_pdftotext
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("plan", "KẾ HOẠCH"),
        ("self_review", "BẢN KIỂM ĐIỂM CÁ NHÂN"),
        ("collective_report", "kiểm điểm tập thể"),
        ("minutes", "BIÊN BẢN"),
        ("results_notice", "THÔNG BÁO"),
        ("quality_analysis", "PHIẾU PHÂN TÍCH CHẤT LƯỢNG"),
        ("commendation_decision", "QUYẾT ĐỊNH"),
        ("statistics_report", "KẾT QUẢ THEO ĐƠN VỊ"),
    ],
)
def test_pdf_contains_the_header_and_the_type(name, expected, tmp_path):
    text = pdf_text(render_pdf(samples.ALL[name]()), tmp_path)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ngày 20 tháng 11 năm 2020" in text or "ngày 05 tháng 02 năm 2021" in text
    assert expected in text


@needs_pdftotext
def test_pdf_page_numbers_start_on_page_two(tmp_path):
    text = pdf_text(render_pdf(samples.statistics_report()), tmp_path)
    pages = text.split("\f")
    assert len([p for p in pages if p.strip()]) >= 2
    assert pages[1].strip().startswith("2")
    assert not pages[0].strip().startswith("1")


def test_print_html_uses_the_party_fonts_and_margins():
    html = render_html(samples.plan())
    assert '"Times New Roman", "Liberation Serif", serif' in html
    assert "margin: 25mm 15mm 25mm 35mm" in html


def test_chart_svg_is_inline_and_has_no_scripts():
    doc = samples.statistics_report()
    chart = next(b for b in doc.blocks if b.__class__.__name__ == "Chart")
    svg = charts.chart_svg(chart)
    assert svg.startswith("<svg")
    assert "<script" not in svg
    assert ".js" not in svg
    assert charts.chart_png(chart).startswith(b"\x89PNG")
