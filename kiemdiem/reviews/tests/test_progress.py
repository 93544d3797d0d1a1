"""A review's status follows the cycle (domain §5.2): commented at its conference step, voted when
the tellers confirm the ballot, decided with the decision in force, voted again on annulment;
a campaign's refusal names what is missing, unit by unit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kiemdiem.classification import services as classification
from kiemdiem.conferences import selectors as conference_selectors
from kiemdiem.conferences import services as conferences
from kiemdiem.conferences.models import AgendaItem
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import Person
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.reviews import services
from kiemdiem.reviews.models import CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory, submitted
from kiemdiem.voting import services as voting
from kiemdiem.voting.tests import factories as voting_factories

pytestmark = pytest.mark.django_db
ADMITTED = datetime.date(2010, 1, 1)


@pytest.fixture
def conference(cast):  # type: ignore[no-untyped-def]
    """Cell A's 2020 conference under way, all three present: two members' reviews submitted,
    the third (Khoa) still drafting."""
    PersonFactory(unit=cast.cell_a, family_name="Đinh", middle_name="Văn", given_name="Khoa")
    for person in Person.objects.filter(unit=cast.cell_a):
        org_services.person_update(
            actor=None, person=person, admitted_on=ADMITTED, official_on=ADMITTED.replace(2011)
        )
    campaign = campaign_factory(root_unit=cast.committee, state=CampaignState.PREPARING)
    for review in SubjectReview.objects.filter(
        campaign=campaign, unit=cast.cell_a, kind="member"
    ).exclude(person__given_name="Khoa"):
        submitted(review)
    services.campaign_start_conferences(actor=None, campaign=campaign, state_track_done=True)
    chair = Person.objects.get(pk=cast.secretary_a.person_id)
    meeting = conferences.conference_create(
        actor=cast.officer,
        unit=cast.cell_a,
        year=2020,
        place="Phòng họp",
        starts_at=timezone.now(),
        chair=chair,
        secretary=cast.person_a,
    )
    for person in Person.objects.filter(unit=cast.cell_a):
        conferences.attendance_mark(
            actor=cast.secretary_a, conference=meeting, person=person, status="present"
        )
    return conferences.conference_start(actor=cast.secretary_a, conference=meeting)


def status_of(person: Person) -> str:
    return SubjectReview.objects.get(person=person).status


def advance_to(cast, meeting, kind: str) -> None:  # type: ignore[no-untyped-def]
    while (step := conference_selectors.current_step(conference=meeting)).kind != kind:
        conferences.step_complete(actor=cast.secretary_a, item=step, notes="Đã xong")


def test_a_members_review_is_commented_when_their_step_is_done(cast, conference):
    advance_to(cast, conference, AgendaItem.Kind.SELF_CRITICISM)
    assert status_of(cast.person_a) == ReviewStatus.SUBMITTED
    advance_to(cast, conference, AgendaItem.Kind.VOTES)
    assert status_of(cast.person_a) == ReviewStatus.COMMENTED
    cell = SubjectReview.objects.get(kind="unit", unit=cast.cell_a)
    assert cell.status == ReviewStatus.COMMENTED  # concluded on at the conclusions step


def vote_and_confirm(cast, conference):  # type: ignore[no-untyped-def]
    advance_to(cast, conference, AgendaItem.Kind.VOTES)
    ballot = conferences.conference_ballot_open(
        actor=cast.secretary_a, conference=conference, on_paper=voting.called_members(cast.cell_a)
    )
    voting_factories.cast_every_slip(ballot, lambda s: "HTTNV")
    ballot = voting.ballot_close(actor=cast.secretary_a, ballot=ballot)
    assert status_of(cast.person_a) == ReviewStatus.COMMENTED  # closed is not confirmed
    return voting.ballot_confirm(actor=cast.secretary_a, ballot=ballot, tellers=[cast.person_a])


def test_reviews_are_voted_when_the_tellers_confirm(cast, conference):
    vote_and_confirm(cast, conference)
    assert status_of(cast.person_a) == ReviewStatus.VOTED
    assert SubjectReview.objects.get(kind="unit", unit=cast.cell_a).status == ReviewStatus.VOTED


def test_a_decision_decides_the_review_and_its_annulment_reopens_it(cast, conference):
    ballot = vote_and_confirm(cast, conference)
    proposals = classification.proposals_from_ballot(actor=cast.secretary_a, ballot=ballot)
    mine = next(p for p in proposals if p.person_id == cast.person_a.pk)
    decision = classification.decision_make(actor=cast.officer, proposal=mine, level="HTTNV")
    assert status_of(cast.person_a) == ReviewStatus.DECIDED
    classification.decision_annul(actor=cast.officer, decision=decision, reason="Sai sót")
    assert status_of(cast.person_a) == ReviewStatus.VOTED


def test_a_member_without_a_submitted_review_has_no_step_and_no_ballot_line(cast, conference):
    heard = sorted([cast.person_a.pk, cast.secretary_a.person_id])
    people = [item.person_id for item in conference.agenda.filter(person__isnull=False)]
    assert sorted(people) == heard
    ballot = vote_and_confirm(cast, conference)
    assert (
        sorted(ballot.subjects.filter(person__isnull=False).values_list("person_id", flat=True))
        == heard
    )
    assert SubjectReview.objects.get(person__given_name="Khoa").status == ReviewStatus.NOT_STARTED


def test_a_member_not_heard_at_the_conference_cannot_be_decided(cast, conference):
    other = Person.objects.get(pk=cast.secretary_a.person_id)
    SubjectReview.objects.filter(person=other).update(status=ReviewStatus.DRAFTING)
    proposal = classification.proposal_set(
        actor=cast.officer, year=2020, level="HTTNV", proposed_by=cast.cell_a, person=other
    )
    with pytest.raises(ValidationError) as refused:
        classification.decision_make(actor=cast.officer, proposal=proposal, level="HTTNV")
    assert other.full_name in refused.value.messages[0]
    assert not proposal.decisions.exists()


def test_the_step_to_classification_names_the_units_and_people_still_missing(cast, conference):
    campaign = conference.campaign
    with pytest.raises(ValidationError) as refused:
        services.campaign_start_classification(actor=cast.officer, campaign=campaign)
    message = refused.value.messages[0]
    assert "Chi bộ A" in message
    assert cast.person_a.full_name in message
    assert "Chi bộ B" in message
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CONFERENCING
