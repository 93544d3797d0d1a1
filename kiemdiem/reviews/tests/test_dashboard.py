"""The dashboard's roll-up: a fixed number of queries whatever the size of the tree and the
number of levels shown, the same counts whichever way the reviews are read, and scope."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.reviews import selectors
from kiemdiem.reviews.models import CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db


def _grow(cast, committees: int, cells: int) -> None:  # type: ignore[no-untyped-def]
    """Add `committees` partial committees under the cast's đảng bộ, each with `cells` cells of
    two members."""
    for _c in range(committees):
        committee = UnitFactory(kind=UnitKind.PARTIAL_COMMITTEE, parent=cast.committee)
        for _k in range(cells):
            cell = UnitFactory(parent=committee)
            PersonFactory(unit=cell)
            PersonFactory(unit=cell)


def _queries(call) -> int:  # type: ignore[no-untyped-def]
    """Queries of `call`, the user's scope (one query, cached on the user) already known."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return len(queries)


def _open(cast):  # type: ignore[no-untyped-def]
    org_selectors.user_scope(cast.officer)
    return campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)


def test_the_roll_up_takes_the_same_queries_for_a_tree_ten_times_larger(cast):
    _grow(cast, 2, 3)
    small = _open(cast)
    small_count = _queries(
        lambda: selectors.dashboard_rows(
            user=cast.officer, campaign=small, unit=cast.committee, levels=3
        )
    )
    _grow(cast, 8, 8)
    large = campaign_factory(
        root_unit=cast.committee, period="quarter", state=CampaignState.PREPARING
    )
    rows = []
    large_count = _queries(
        lambda: rows.extend(
            selectors.dashboard_rows(
                user=cast.officer, campaign=large, unit=cast.committee, levels=3
            )
        )
    )
    assert len(rows) == 1 + 2 + 10 + 6 + 64
    assert large_count == small_count
    assert large_count <= 5


@pytest.mark.parametrize("levels", [0, 1, 2, 3])
def test_more_levels_shown_cost_no_more_queries(cast, levels):
    _grow(cast, 4, 5)
    campaign = _open(cast)
    count = _queries(
        lambda: selectors.dashboard_rows(
            user=cast.officer, campaign=campaign, unit=cast.committee, levels=levels
        )
    )
    assert count == _queries(
        lambda: selectors.dashboard_rows(
            user=cast.officer, campaign=campaign, unit=cast.committee, levels=0
        )
    )


def test_the_dashboard_page_has_a_query_budget_on_a_tree_of_many_units(
    cast, django_assert_max_num_queries
):
    _grow(cast, 8, 8)
    campaign = _open(cast)
    client = Client()
    client.force_login(cast.officer)
    url = reverse("reviews:dashboard", args=[campaign.pk]) + "?levels=3"
    with django_assert_max_num_queries(10):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.content.decode().count('class="rv-depth-') == 1 + 2 + 8 + 64


def test_a_scan_of_the_whole_campaign_counts_the_same_as_a_list_of_units(cast, monkeypatch):
    _grow(cast, 3, 4)
    campaign = _open(cast)
    some = SubjectReview.objects.filter(campaign=campaign, kind="member")[:7]
    SubjectReview.objects.filter(pk__in=[r.pk for r in some]).update(status=ReviewStatus.DRAFTING)

    def table(user):  # type: ignore[no-untyped-def]
        unit = selectors.dashboard_unit_for_user(user=user, campaign=campaign, unit_id=None)
        return [
            (row.unit.code, row.counts)
            for row in selectors.dashboard_rows(user=user, campaign=campaign, unit=unit, levels=3)
        ]

    listed = table(cast.officer)
    secretary_listed = table(cast.secretary_a)
    monkeypatch.setattr(selectors.dashboard, "DASHBOARD_IN_LIST_LIMIT", 0)
    assert table(cast.officer) == listed
    assert table(cast.secretary_a) == secretary_listed == [("CB-A", secretary_listed[0][1])]
    assert listed[0][1]["drafting"] == 7


def test_the_rows_escape_unit_names_and_mark_late_units(cast):
    UnitFactory(name="Chi bộ <b>&</b>", parent=cast.committee)
    campaign = _open(cast)
    client = Client()
    client.force_login(cast.officer)
    body = client.get(reverse("reviews:dashboard", args=[campaign.pk])).content.decode()
    assert "Chi bộ &lt;b&gt;&amp;&lt;/b&gt;" in body
    assert '<tr class="rv-late"><td class="rv-depth-1"><a href="?unit=' in body
    assert "Trễ hạn" in body


def test_each_status_is_counted_in_its_column(cast):
    _grow(cast, 1, 1)
    campaign = _open(cast)
    people = list(SubjectReview.objects.filter(campaign=campaign, kind="member").order_by("id")[:4])
    SubjectReview.objects.filter(pk=people[0].pk).update(status=ReviewStatus.DRAFTING)
    SubjectReview.objects.filter(pk=people[1].pk).update(status=ReviewStatus.SUBMITTED)
    SubjectReview.objects.filter(pk=people[2].pk).update(
        status=ReviewStatus.SUBMITTED, locked_at="2020-11-20T08:00:00Z"
    )
    SubjectReview.objects.filter(pk=people[3].pk).update(status=ReviewStatus.VOTED)
    [top] = selectors.dashboard_rows(
        user=cast.officer, campaign=campaign, unit=cast.committee, levels=0
    )
    assert top.counts == {
        "not_started": 1,
        "drafting": 1,
        "submitted": 1,
        "locked": 2,
        "not_required": 0,
        "total": 5,
    }


@pytest.mark.parametrize("levels", [1, 2, 3])
def test_a_cell_is_counted_once_however_many_levels_are_shown(cast, levels):
    campaign = _open(cast)
    rows = selectors.dashboard_rows(
        user=cast.officer, campaign=campaign, unit=cast.committee, levels=levels
    )
    by_code = {row.unit.code: row.counts["total"] for row in rows}
    members = SubjectReview.objects.filter(campaign=campaign, kind="member")
    assert by_code["CB-A"] == members.filter(unit=cast.cell_a).count() == 2
    assert by_code["DB-01"] == members.count()
