"""The real exports open in LibreOffice: the statistics XLSX and the numbered report DOCX as the
pages serve them, and the commendation decision DOCX, converted to PDF with their text."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse

from kiemdiem.orgs.models import ClassificationRecord
from kiemdiem.orgs.tests.factories import PersonFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("libreoffice") is None or shutil.which("pdftotext") is None,
        reason="libreoffice (libreoffice-writer-nogui, libreoffice-calc-nogui) or pdftotext "
        "(poppler-utils) is not installed",
    ),
]


def convert(tmp_path, names):  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [
            "libreoffice",
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *[str(tmp_path / n) for n in names],
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return {
        name: subprocess.run(
            # Reading order (no -layout), so a wrapped table cell stays in one piece.
            ["pdftotext", str(tmp_path / "pdf" / f"{name.rsplit('.', 1)[0]}.pdf"), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        for name in names
    }


def test_statistics_xlsx_report_docx_and_decision_docx_convert_with_their_text(
    client, cast, tmp_path
):
    from kiemdiem.awards import services as award_services

    for year in range(2016, 2021):
        ClassificationRecord.objects.create(person=cast.person_a, year=year, level="HTXSNV")
    for level in ("HTTNV", "HTTNV", "HTNV"):
        ClassificationRecord.objects.create(
            person=PersonFactory(unit=cast.cell_b), year=2020, level=level
        )
    client.force_login(cast.officer)
    pk = cast.committee.pk
    xlsx = client.get(reverse("reports:unit_statistics_xlsx", args=[pk]), {"year": 2020})
    report = client.post(
        reverse("reports:unit_statistics_issue", args=[pk]) + "?year=2020", {"format": "docx"}
    )
    proposal = award_services.commendation_propose(
        actor=cast.officer, person=cast.person_a, year=2020, kind="run"
    )
    decision = award_services.commendation_decide(
        actor=cast.officer,
        deciding_unit=cast.committee,
        proposals=[proposal],
        decided_on=datetime.date(2021, 2, 5),
        form_of_award="Giấy khen",
    )
    decision_docx = client.get(reverse("awards:decision_docx", args=[decision.pk]))
    (tmp_path / "stats.xlsx").write_bytes(xlsx.content)
    (tmp_path / "report.docx").write_bytes(report.content)
    (tmp_path / "decision.docx").write_bytes(decision_docx.content)
    text = convert(tmp_path, ["stats.xlsx", "report.docx", "decision.docx"])
    assert "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM 2020" in text["stats.xlsx"]
    assert "Tổng cộng" in text["stats.xlsx"]
    assert "Chi bộ B" in text["stats.xlsx"]
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text["report.docx"]
    assert "Số 01-BC/ĐU" in text["report.docx"]
    assert "- Lưu Văn phòng." in text["report.docx"]
    assert "Số 01-QĐ/ĐU" in text["decision.docx"]
    assert "ngày 05 tháng 02 năm 2021" in text["decision.docx"]
    decision_text = " ".join(text["decision.docx"].split())
    assert "5 năm liền (2016–2020)" in decision_text
    assert "0,3 × lương cơ sở = 447.000 đ" in decision_text
