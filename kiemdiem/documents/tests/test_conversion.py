"""Every generated DOCX and an XLSX open in LibreOffice: converted to PDF, the text is there."""

import shutil
import subprocess

import pytest

from kiemdiem.documents.docx import render_docx
from kiemdiem.documents.tests import samples
from kiemdiem.documents.xlsx import XlsxSheet, render_xlsx

pytestmark = pytest.mark.skipif(
    shutil.which("libreoffice") is None or shutil.which("pdftotext") is None,
    reason="libreoffice (libreoffice-writer-nogui, libreoffice-calc-nogui) or pdftotext "
    "(poppler-utils) is not installed",
)

EXPECTED = {
    "plan": "KẾ HOẠCH",
    "self_review": "BẢN KIỂM ĐIỂM CÁ NHÂN",
    "collective_report": "BÁO CÁO",
    "minutes": "BIÊN BẢN",
    "results_notice": "THÔNG BÁO",
    "quality_analysis": "PHIẾU PHÂN TÍCH CHẤT LƯỢNG",
    "commendation_decision": "QUYẾT ĐỊNH",
    "statistics_report": "KẾT QUẢ THEO ĐƠN VỊ",
}


def convert(tmp_path, names):  # type: ignore[no-untyped-def]
    out = tmp_path / "pdf"
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *[str(tmp_path / n) for n in names],
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out


def text_of(path) -> str:  # type: ignore[no-untyped-def]
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_every_docx_and_an_xlsx_convert_to_pdf_with_their_text(tmp_path):
    names = []
    for name, build in samples.ALL.items():
        (tmp_path / f"{name}.docx").write_bytes(render_docx(build()))
        names.append(f"{name}.docx")
    sheet = XlsxSheet(
        title="Thống kê",
        heading=("KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM 2020",),
        headers=("TT", "Đơn vị", "Tổng số"),
        rows=((1, "Chi bộ Tiểu đoàn 2", 12),),
    )
    (tmp_path / "stats.xlsx").write_bytes(render_xlsx([sheet]))
    names.append("stats.xlsx")
    out = convert(tmp_path, names)
    for name, expected in EXPECTED.items():
        text = text_of(out / f"{name}.pdf")
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text, name
        assert expected in text, name
    xlsx_text = text_of(out / "stats.pdf")
    assert "KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN NĂM 2020" in xlsx_text
    assert "Chi bộ Tiểu đoàn 2" in xlsx_text
