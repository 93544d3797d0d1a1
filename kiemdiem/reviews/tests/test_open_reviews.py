"""Opening a campaign creates every subject's review, set-based and resumable."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from kiemdiem.core.models import Job
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import BodyKind, PersonStatus, Position
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.reviews import services
from kiemdiem.reviews.models import CampaignState, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory

pytestmark = pytest.mark.django_db


def _ready(cast):  # type: ignore[no-untyped-def]
    return campaign_factory(root_unit=cast.committee, state=CampaignState.HINTS_ISSUED)


def test_opening_creates_a_review_per_member_and_per_unit(cast):
    campaign = _ready(cast)
    created = services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    members = SubjectReview.objects.filter(campaign=campaign, kind=SubjectKind.MEMBER)
    units = SubjectReview.objects.filter(campaign=campaign, kind=SubjectKind.UNIT)
    assert members.count() == 3
    assert units.count() == 3
    assert created == 6
    assert set(members.values_list("status", flat=True)) == {ReviewStatus.NOT_STARTED}
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.PREPARING


def test_leadership_bodies_get_a_collective_review(cast):
    body = org_services.body_create(
        actor=None,
        unit=cast.cell_a,
        kind=BodyKind.CELL_COMMITTEE,
        term_start=datetime.date(2020, 1, 1),
    )
    campaign = _ready(cast)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    review = SubjectReview.objects.get(campaign=campaign, kind=SubjectKind.BODY)
    assert review.body == body
    assert review.form_code == "01"


def test_a_leader_gets_the_leader_form(cast):
    body = org_services.body_create(
        actor=None,
        unit=cast.cell_a,
        kind=BodyKind.CELL_COMMITTEE,
        term_start=datetime.date(2020, 1, 1),
    )
    org_services.seat_add(
        actor=None,
        body=body,
        person=cast.secretary_a.person,
        position=Position.SECRETARY,
        start=datetime.date(2020, 1, 1),
    )
    campaign = _ready(cast)
    services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    leader = SubjectReview.objects.get(campaign=campaign, person=cast.secretary_a.person)
    member = SubjectReview.objects.get(campaign=campaign, person=cast.person_a)
    assert (leader.form_code, leader.leader) == ("02L", True)
    assert (member.form_code, member.leader) == ("02", False)


@pytest.mark.parametrize(("year", "codes"), [(2023, ("02A", "02B")), (2025, ("2A", "2B"))])
def test_the_form_follows_the_rule_pack(cast, year, codes):
    body = org_services.body_create(
        actor=None,
        unit=cast.cell_a,
        kind=BodyKind.CELL_COMMITTEE,
        term_start=datetime.date(2020, 1, 1),
    )
    org_services.seat_add(
        actor=None,
        body=body,
        person=cast.person_a,
        position=Position.SECRETARY,
        start=body.term_start,
    )
    campaign = campaign_factory(root_unit=cast.committee, year=year, state=CampaignState.PREPARING)
    forms = dict(
        SubjectReview.objects.filter(campaign=campaign, kind="member").values_list(
            "person", "form_code"
        )
    )
    assert forms[cast.person_b.pk] == codes[0]
    assert forms[cast.person_a.pk] == codes[1]


def test_exempt_and_suspended_members_are_not_required(cast):
    exempt = PersonFactory(unit=cast.cell_a, status=PersonStatus.EXEMPT)
    suspended = PersonFactory(unit=cast.cell_b, status=PersonStatus.SUSPENDED)
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    for person in (exempt, suspended):
        review = SubjectReview.objects.get(campaign=campaign, person=person)
        assert review.status == ReviewStatus.NOT_REQUIRED
        assert review.not_classified
        assert review.exclusion == person.status


def test_a_member_admitted_less_than_six_months_before_is_reviewed_not_classified(cast):
    new = PersonFactory(unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 16), official_on=None)
    old = PersonFactory(unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 15), official_on=None)
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    new_review = SubjectReview.objects.get(campaign=campaign, person=new)
    old_review = SubjectReview.objects.get(campaign=campaign, person=old)
    assert (new_review.status, new_review.not_classified) == (ReviewStatus.NOT_STARTED, True)
    assert new_review.exclusion == "new_member"
    assert old_review.not_classified is False


def test_people_who_left_get_no_review(cast):
    PersonFactory(unit=cast.cell_a, status=PersonStatus.DECEASED)
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    assert SubjectReview.objects.filter(campaign=campaign, kind="member").count() == 3


def test_members_outside_the_root_subtree_get_no_review(cast):
    other_root = UnitFactory(code="KHAC")
    PersonFactory(unit=other_root)
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    assert SubjectReview.objects.filter(campaign=campaign, kind="member").count() == 3


def test_a_rerun_only_adds_the_new_members(cast):
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    newcomer = PersonFactory(unit=cast.cell_b)
    created = services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    assert created == 1
    assert SubjectReview.objects.filter(campaign=campaign, person=newcomer).exists()
    assert services.campaign_open_reviews(actor=cast.officer, campaign=campaign) == 0


def test_only_the_issuer_opens_and_nothing_is_written(cast):
    campaign = _ready(cast)
    with pytest.raises(PermissionDenied):
        services.campaign_open_reviews(actor=cast.secretary_a, campaign=campaign)
    assert SubjectReview.objects.count() == 0
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.HINTS_ISSUED


def test_opening_takes_a_fixed_number_of_queries(cast, django_assert_max_num_queries):
    for _ in range(40):
        PersonFactory(unit=cast.cell_a)
    campaign = _ready(cast)
    with django_assert_max_num_queries(20):
        services.campaign_open_reviews(actor=cast.officer, campaign=campaign)
    assert SubjectReview.objects.filter(campaign=campaign).count() == 46


def test_the_background_job_reports_progress_and_the_result(
    cast, django_capture_on_commit_callbacks
):
    campaign = _ready(cast)
    with django_capture_on_commit_callbacks(execute=True):
        job = services.campaign_open_start(actor=cast.officer, campaign=campaign)
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.result["created"] == 6
    assert (job.done, job.total) == (6, 6)


@pytest.mark.parametrize(
    ("review_date", "admitted_on"),
    [
        (datetime.date(2020, 12, 15), datetime.date(2020, 6, 15)),
        (datetime.date(2020, 12, 15), datetime.date(2020, 6, 16)),
        (datetime.date(2021, 8, 31), datetime.date(2021, 2, 28)),
        (datetime.date(2021, 8, 31), datetime.date(2021, 3, 1)),
        (datetime.date(2020, 12, 15), datetime.date(2010, 1, 1)),
    ],
)
def test_opening_marks_new_members_exactly_as_the_rules_engine_does(cast, review_date, admitted_on):
    from kiemdiem.classification import rules

    person = PersonFactory(unit=cast.cell_a, admitted_on=admitted_on, official_on=None)
    campaign = campaign_factory(
        root_unit=cast.committee,
        year=review_date.year,
        review_date=review_date,
        state=CampaignState.PREPARING,
        rule_pack="r132_hd21",
    )
    review = SubjectReview.objects.get(campaign=campaign, person=person)
    verdict = rules.check(
        {
            "rule_pack": "r132_hd21",
            "stage": "proposal",
            "review_date": review_date.isoformat(),
            "collective": {"id": "C", "kind": "cell", "level": None, "subunits": []},
            "members": [{"id": "M", "official": False, "admitted_on": admitted_on.isoformat()}],
        }
    )
    assert review.not_classified == ("M" in verdict["not_classified"])
