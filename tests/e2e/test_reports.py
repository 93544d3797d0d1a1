"""The committee office reads the year's statistics with charts, downloads the XLSX, proposes
a member for commendation, and builds every member's self-review form as one ZIP."""

from __future__ import annotations

import io
import zipfile

import openpyxl

from conftest import PASSWORD
from kiemdiem.orgs.models import ClassificationRecord
from tests.e2e.conftest import login, screenshot


def test_statistics_charts_export_awards_and_document_batch(page, live_server, cast):
    for year in range(2016, 2021):
        ClassificationRecord.objects.create(person=cast.person_a, year=year, level="HTXSNV")
    ClassificationRecord.objects.create(person=cast.person_b, year=2020, level="HTTNV")
    ClassificationRecord.objects.create(person=cast.person_b, year=2019, level="HTNV")

    login(page, live_server, "vanphong", PASSWORD)
    page.goto(f"{live_server.url}/reports/?year=2020")
    page.click("text=Đảng bộ Sư đoàn 1")
    page.wait_for_selector("#report-levels")
    assert page.locator(".report-chart svg").count() == 2
    levels = page.inner_text("#report-levels")
    assert "HTXSNV" in levels
    children = page.inner_text("#report-children")
    assert "Chi bộ A" in children
    assert "Chi bộ B" in children
    # The other sections arrive by htmx after the page.
    page.wait_for_selector("#quota-rows")
    page.wait_for_selector("#org-levels")
    assert "Đảng bộ Sư đoàn 1" in page.inner_text("#quota-rows")
    assert "Không có đợt kiểm điểm" in page.inner_text("#late-units")
    screenshot(page, "report-statistics")

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(download_info.value.path().read_bytes())).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Tổng cộng" in values

    page.goto(f"{live_server.url}/awards/?year=2020")
    assert page.locator("#eligible-organizations").count() == 1
    table = page.inner_text("#eligible-members")
    assert "Nguyễn Văn An" in table
    assert "2016, 2017, 2018, 2019, 2020" in table
    page.click("#eligible-members >> text=Đề nghị (5 năm)")
    page.wait_for_selector("#proposals")
    assert "5 năm liền (2016–2020)" in page.inner_text("#proposals")
    screenshot(page, "awards-eligible")

    page.goto(f"{live_server.url}/documents/units/{cast.cell_a.pk}/self-reviews/")
    page.fill("#id_year", "2020")
    page.click("#self-review-batch button[type=submit]")
    page.wait_for_selector("#job-download")
    assert page.get_attribute("#job-progress", "value") == "100"
    screenshot(page, "documents-batch")
    with page.expect_download() as download_info:
        page.click("#job-download")
    archive = zipfile.ZipFile(io.BytesIO(download_info.value.path().read_bytes()))
    assert len(archive.namelist()) == 2
