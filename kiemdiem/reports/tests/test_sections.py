"""The statistics page's other sections: organizations by level, quota use, late units."""

import datetime

import pytest
from django.urls import reverse

from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.orgs.models import ClassificationRecord, UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.reports import selectors

pytestmark = pytest.mark.django_db


def decide(unit, year, level, *, decided=True, pack="r132_hd21"):  # type: ignore[no-untyped-def]
    proposal = Proposal.objects.create(
        year=year, rule_pack=pack, unit=unit, proposed_by=unit, level=level
    )
    if decided:
        Decision.objects.create(proposal=proposal, decider=unit, level=level)
    return proposal


def results(unit, *levels, year=2020):  # type: ignore[no-untyped-def]
    for level in levels:
        ClassificationRecord.objects.create(person=PersonFactory(unit=unit), year=year, level=level)


def test_organizations_are_counted_by_the_level_in_force_per_child(cast):
    decide(cast.committee, 2020, "HTTNV")
    decide(cast.cell_a, 2020, "HTXSNV")
    decide(cast.cell_b, 2020, "HTTNV", decided=False)  # proposed only
    decide(cast.cell_a, 2019, "HTTNV")
    annulled = decide(cast.cell_b, 2019, "KHTNV")
    annulled.decisions.update(annulled_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    stats = selectors.organization_statistics(unit=cast.committee, year=2020)
    assert stats.total.current.counts == (1, 1, 0, 0)
    assert stats.total.current.total == 3
    assert stats.total.current.not_classified == 1
    assert stats.total.previous.counts == (0, 1, 0, 0)
    by_name = {r.name: r for r in stats.children}
    assert by_name["Đảng bộ Sư đoàn 1"].current.counts == (0, 1, 0, 0)  # the committee itself
    assert by_name["Chi bộ A"].current.counts == (1, 0, 0, 0)
    assert by_name["Chi bộ B"].current.not_classified == 1


def test_organization_statistics_can_be_limited_to_a_rule_pack(cast):
    decide(cast.cell_a, 2020, "HTXSNV", pack="r132_hd21")
    decide(cast.cell_b, 2020, "HTTNV", pack="r124_hd25")
    stats = selectors.organization_statistics(unit=cast.committee, year=2020, rule_pack="r124_hd25")
    assert stats.total.current.counts == (0, 1, 0, 0)


def test_quota_use_is_counted_per_grassroots_organization(cast, django_assert_max_num_queries):
    region = UnitFactory(kind=UnitKind.PARTY_COMMITTEE, name="Đảng bộ Quân khu")
    first = UnitFactory(kind=UnitKind.GRASSROOTS_COMMITTEE, parent=region, name="Đảng bộ 1")
    second = UnitFactory(kind=UnitKind.GRASSROOTS_COMMITTEE, parent=region, name="Đảng bộ 2")
    cell = UnitFactory(parent=first, name="Chi bộ 1-1")
    results(cell, *["HTTNV"] * 10, "HTXSNV", "HTXSNV", "HTXSNV")  # 10 HTTNV allow 2: over
    results(UnitFactory(parent=second, name="Chi bộ 2-1"), *["HTTNV"] * 5, "HTXSNV")
    with django_assert_max_num_queries(4):
        report = selectors.quota_use(unit=region, year=2020)
    assert report.rule_pack == "r132_hd21"
    assert (report.scopes, report.over) == (2, 1)
    assert [(r.name, r.good, r.allowed, r.excellent, r.over) for r in report.rows] == [
        ("Đảng bộ 1", 10, 2, 3, True),
        ("Đảng bộ 2", 5, 1, 1, False),
    ]
    # A cell's page shows the quota of the grassroots organization it belongs to.
    (row,) = selectors.quota_use(unit=cell, year=2020).rows
    assert row.name == "Đảng bộ 1"


def test_quota_use_reads_the_rollup_when_the_statistics_do(cast, settings):
    from kiemdiem.reports import services

    results(cast.cell_a, *["HTTNV"] * 5, "HTXSNV", "HTXSNV")
    services.rollup_refresh(year=2020)
    settings.KIEMDIEM_REPORTS_ROLLUP = "on"
    ClassificationRecord.objects.filter(level="HTXSNV").delete()  # the cache still has them
    (row,) = selectors.quota_use(unit=cast.committee, year=2020).rows
    assert (row.good, row.excellent, row.over) == (5, 2, True)


def test_page_sections_load_for_the_office_and_hide_other_scopes(client, cast):
    decide(cast.cell_a, 2020, "HTXSNV")
    client.force_login(cast.officer)
    page = client.get(reverse("reports:unit_statistics", args=[cast.committee.pk]), {"year": 2020})
    body = page.content.decode()
    for section in ("org-statistics", "quota-use", "late-units"):
        assert f'id="{section}"' in body
    assert "r132_hd21" in body
    orgs = client.get(
        reverse("reports:unit_organizations", args=[cast.committee.pk]), {"year": 2020}
    ).content.decode()
    assert 'id="org-levels"' in orgs
    assert "<html" not in orgs  # a partial
    quota = client.get(reverse("reports:unit_quota", args=[cast.committee.pk]), {"year": 2020})
    assert 'id="quota-rows"' in quota.content.decode()
    late = client.get(reverse("reports:unit_late", args=[cast.committee.pk]), {"year": 2020})
    assert "Không có đợt kiểm điểm" in late.content.decode()
    client.force_login(cast.secretary_a)
    for name in ("unit_organizations", "unit_quota", "unit_late"):
        url = reverse(f"reports:{name}", args=[cast.cell_b.pk])
        assert client.get(url, {"year": 2020}).status_code == 404


def test_api_gives_the_sections_and_hides_other_scopes(client, cast):
    decide(cast.cell_a, 2020, "HTXSNV")
    results(cast.cell_a, "HTTNV", "HTXSNV")
    client.force_login(cast.officer)
    base = f"/api/v1/reports/units/{cast.committee.pk}"
    orgs = client.get(f"{base}/organizations", {"year": 2020}).json()
    assert orgs["total"]["current"]["counts"]["HTXSNV"] == 1
    assert orgs["rule_pack"] == "r132_hd21"
    quota = client.get(f"{base}/quota", {"year": 2020}).json()
    assert quota["rows"] == [
        {
            "scope_id": cast.committee.pk,
            "name": "Đảng bộ Sư đoàn 1",
            "htxsnv": 1,
            "httnv": 1,
            "allowed": 0,
            "over": True,
        }
    ]
    assert client.get(f"{base}/late", {"year": 2020}).json() == []
    client.force_login(cast.secretary_a)
    for part in ("organizations", "quota", "late"):
        url = f"/api/v1/reports/units/{cast.cell_b.pk}/{part}"
        assert client.get(url, {"year": 2020}).status_code == 404
