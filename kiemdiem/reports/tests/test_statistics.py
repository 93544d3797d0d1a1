"""Roll-up statistics: hand-counted numbers, one GROUP BY whatever the tree, pages, exports, API."""

import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kiemdiem.orgs.models import ClassificationRecord, PersonStatus, UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.reports import selectors

pytestmark = pytest.mark.django_db


def member(unit, **levels):  # type: ignore[no-untyped-def]
    person = PersonFactory(unit=unit)
    for year, level in levels.items():
        ClassificationRecord.objects.create(person=person, year=int(year[1:]), level=level)
    return person


@pytest.fixture
def tree(cast):  # type: ignore[no-untyped-def]
    """cell A: the cast's 2 people + 4; cell B: the cast's 1 person + 3."""
    a, b = cast.cell_a, cast.cell_b
    member(a, y2019="HTTNV", y2020="HTXSNV")
    member(a, y2019="HTTNV", y2020="HTTNV")
    member(a, y2019="HTNV", y2020="HTTNV")
    member(a, y2020="KHTNV")
    member(b, y2019="HTXSNV", y2020="HTTNV")
    member(b, y2019="HTTNV", y2020="")  # not classified this year
    gone = member(b, y2019="HTTNV")  # left the Party, counted only in 2019
    gone.status = PersonStatus.LEFT
    gone.save(update_fields=["status"])
    return cast


def test_counts_per_child_and_for_the_subtree(tree):
    stats = selectors.member_statistics(unit=tree.committee, year=2020)
    by_name = {row.name: row for row in stats.children}
    a, b = by_name["Chi bộ A"], by_name["Chi bộ B"]
    assert a.current.counts == (1, 2, 0, 1)
    assert a.current.total == 6
    assert a.current.not_classified == 2  # the cast's two members have no result
    assert b.current.counts == (0, 1, 0, 0)
    assert b.current.total == 3
    assert b.current.not_classified == 2
    total = stats.total.current
    assert total.counts == (1, 3, 0, 1)
    assert total.total == 9
    assert total.percents == (Decimal("20.00"), Decimal("60.00"), Decimal("0"), Decimal("20.00"))
    assert total.htxsnv_of_httnv == Decimal("33.33")
    previous = stats.total.previous
    assert previous.counts == (1, 4, 1, 0)
    assert previous.total == 10  # the member who left counts in 2019
    assert stats.total.change("HTTNV") == -1


def test_direct_members_of_a_committee_get_their_own_row(tree):
    member(tree.committee, y2020="HTXSNV")
    stats = selectors.member_statistics(unit=tree.committee, year=2020)
    assert stats.children[0].name == "Đảng bộ Sư đoàn 1 (trực thuộc)"
    assert stats.children[0].current.counts == (1, 0, 0, 0)
    assert stats.total.current.counts == (2, 3, 0, 1)


def test_a_cell_rolls_up_its_own_members(tree):
    stats = selectors.member_statistics(unit=tree.cell_a, year=2020)
    assert stats.total.current.counts == (1, 2, 0, 1)


def test_statistics_are_one_group_by_whatever_the_size_of_the_tree(
    cast, django_assert_max_num_queries
):
    for g in range(3):
        grassroots = UnitFactory(
            kind=UnitKind.GRASSROOTS_COMMITTEE, parent=cast.committee, name=f"Đảng bộ {g}"
        )
        for c in range(4):
            cell = UnitFactory(parent=grassroots, name=f"Chi bộ {g}-{c}")
            for i in range(3):
                member(cell, y2019="HTTNV", y2020=("HTXSNV", "HTTNV", "HTNV")[i])
    with django_assert_max_num_queries(2):
        stats = selectors.member_statistics_live(unit=cast.committee, year=2020)
    assert stats.total.current.counts == (12, 12, 12, 0)
    assert len(stats.children) == 5


def test_page_has_inline_svg_charts_and_a_query_budget(client, tree, django_assert_max_num_queries):
    client.force_login(tree.officer)
    with django_assert_max_num_queries(8):
        response = client.get(
            reverse("reports:unit_statistics", args=[tree.committee.pk]), {"year": 2020}
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<svg") == 2
    assert "<script" not in body.split("</head>")[1]
    assert "33.33" in body or "33,33" in body


def test_outsider_cannot_see_another_cell(client, tree):
    client.force_login(tree.secretary_a)
    url = reverse("reports:unit_statistics", args=[tree.cell_b.pk])
    assert client.get(url).status_code == 404
    url = reverse("reports:unit_statistics", args=[tree.cell_a.pk])
    assert client.get(url).status_code == 200


def test_xlsx_export_has_the_same_table(client, tree):
    client.force_login(tree.officer)
    response = client.get(
        reverse("reports:unit_statistics_xlsx", args=[tree.committee.pk]), {"year": 2020}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = rows.index(next(r for r in rows if r[0] == "TT"))
    assert rows[header][:5] == ["TT", "Đơn vị", "Tổng số", "HTXSNV", "% HTXSNV"]
    total = rows[-1]
    assert total[1] == "Tổng cộng"
    assert total[2:11] == [9, 1, 20.0, 3, 60.0, 0, 0.0, 1, 20.0]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_pdf_report_has_the_numbers_and_the_chart(client, tree, tmp_path):
    client.force_login(tree.officer)
    response = client.get(
        reverse("reports:unit_statistics_pdf", args=[tree.committee.pk]), {"year": 2020}
    )
    path = tmp_path / "r.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "Hoàn thành tốt nhiệm vụ: 3 đồng chí, tỷ lệ 60,00%" in text
    assert "Kết quả xếp loại đảng viên năm 2020" in text  # the chart title
    docx_response = client.get(
        reverse("reports:unit_statistics_docx", args=[tree.committee.pk]), {"year": 2020}
    )
    assert docx_response.status_code == 200


def test_api_statistics(client, tree):
    client.force_login(tree.officer)
    data = client.get(
        f"/api/v1/reports/units/{tree.committee.pk}/statistics", {"year": 2020}
    ).json()
    assert data["total"]["current"]["counts"] == {"HTXSNV": 1, "HTTNV": 3, "HTNV": 0, "KHTNV": 1}
    assert data["total"]["previous"]["total"] == 10
    assert len(data["children"]) == 2
    assert data["source"] == "live"
    client.force_login(tree.secretary_a)
    response = client.get(f"/api/v1/reports/units/{tree.cell_b.pk}/statistics", {"year": 2020})
    assert response.status_code == 404


def test_rollup_gives_the_live_figures(tree, django_assert_max_num_queries):
    from kiemdiem.reports import services
    from kiemdiem.reports.models import UnitResultCount

    member(tree.committee, y2020="HTXSNV")
    assert services.rollup_refresh(year=2020) == 3
    assert services.rollup_refresh(year=2019) == 3
    assert services.rollup_refresh(year=2020) == 3  # idempotent
    assert UnitResultCount.objects.count() == 6
    live = selectors.member_statistics(unit=tree.committee, year=2020)
    with django_assert_max_num_queries(2):
        rolled = selectors.member_statistics_rollup(unit=tree.committee, year=2020)
    assert rolled == live
    assert selectors.member_statistics_rollup(unit=tree.cell_b, year=2020) == (
        selectors.member_statistics(unit=tree.cell_b, year=2020)
    )


def test_rollup_setting_switches_the_selector(tree, settings):
    from kiemdiem.reports import services

    services.rollup_refresh(year=2020)
    settings.KIEMDIEM_REPORTS_ROLLUP = True
    stats = selectors.member_statistics(unit=tree.committee, year=2020)
    assert stats.total.current.counts == (1, 3, 0, 1)
    assert stats.total.previous.total == 0  # 2019 not rolled up yet


def test_a_large_subtree_reads_the_rolled_up_year_by_default(tree, settings):
    from kiemdiem.reports import services

    settings.KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS = 3  # the committee and its two cells
    services.rollup_refresh(year=2019)
    services.rollup_refresh(year=2020)
    stats = selectors.member_statistics(unit=tree.committee, year=2020)
    assert stats.source == selectors.ROLLUP
    assert stats.as_of is not None
    assert stats == selectors.member_statistics_live(unit=tree.committee, year=2020)


def test_a_small_subtree_is_counted_live_even_when_rolled_up(tree, settings):
    from kiemdiem.reports import services

    settings.KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS = 3
    services.rollup_refresh(year=2020)
    assert selectors.member_statistics(unit=tree.cell_a, year=2020).source == selectors.LIVE


def test_a_large_subtree_is_counted_live_while_its_year_is_not_rolled_up(tree, settings):
    settings.KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS = 3
    stats = selectors.member_statistics(unit=tree.committee, year=2020)
    assert stats.source == selectors.LIVE
    assert stats.total.current.counts == (1, 3, 0, 1)


def test_rollup_off_always_counts_live(tree, settings):
    from kiemdiem.reports import services

    settings.KIEMDIEM_REPORTS_ROLLUP = "off"
    settings.KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS = 1
    services.rollup_refresh(year=2020)
    assert selectors.member_statistics(unit=tree.committee, year=2020).source == selectors.LIVE


def test_page_says_when_cached_figures_were_rolled_up(client, tree, settings):
    from kiemdiem.reports import services

    settings.KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS = 3
    services.rollup_refresh(year=2020)
    client.force_login(tree.officer)
    url = reverse("reports:unit_statistics", args=[tree.committee.pk])
    body = client.get(url, {"year": 2020}).content.decode()
    assert 'id="report-as-of"' in body
    live_body = client.get(
        reverse("reports:unit_statistics", args=[tree.cell_a.pk]), {"year": 2020}
    ).content.decode()
    assert 'id="report-as-of"' not in live_body


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_downloaded_report_is_a_draft_without_a_number(client, tree):
    client.force_login(tree.officer)
    response = client.get(
        reverse("reports:unit_statistics_docx", args=[tree.committee.pk]), {"year": 2020}
    )
    assert "-BC/ĐU" in docx_text(response.content)
    assert "Số 01-BC/ĐU" not in docx_text(response.content)
    assert "du-thao" in response["Content-Disposition"]


def test_issuing_the_report_takes_the_next_number_of_the_register(client, tree):
    from kiemdiem.documents.models import RegisterEntry

    client.force_login(tree.officer)
    url = reverse("reports:unit_statistics_issue", args=[tree.committee.pk]) + "?year=2020"
    first = client.post(url, {"format": "docx"})
    second = client.post(url, {"format": "pdf"})
    assert "Số 01-BC/ĐU" in docx_text(first.content)
    assert second["Content-Type"] == "application/pdf"
    assert list(RegisterEntry.objects.values_list("n", "type_code")) == [(1, "BC"), (2, "BC")]


def test_a_cell_secretary_cannot_issue_a_numbered_report(client, tree):
    from kiemdiem.documents.models import RegisterEntry

    url = reverse("reports:unit_statistics_issue", args=[tree.cell_a.pk]) + "?year=2020"
    client.force_login(tree.officer)
    assert "Số 01-BC/CB" in docx_text(client.post(url).content)  # a cell's code is CB
    RegisterEntry.objects.all().delete()
    client.force_login(tree.secretary_a)
    assert client.post(url).status_code == 404
    assert not RegisterEntry.objects.exists()
