"""Ballots, proposals and decisions belong to a campaign: a quarter's never overwrites the year's;
a subject proposed by two bodies has two proposals, side by side, and one decision."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from kiemdiem.classification import services
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import ClassificationRecord, Person
from kiemdiem.reviews.models import CampaignState, ReviewStatus, SubjectReview
from kiemdiem.reviews.tests.factories import campaign_factory
from kiemdiem.voting import services as voting
from kiemdiem.voting.tests import factories as voting_factories

pytestmark = pytest.mark.django_db
ADMITTED = datetime.date(2010, 1, 1)


def confirmed_ballot(cast, level: str, title: str, campaign=None):  # type: ignore[no-untyped-def]
    ballot = voting.ballot_create(
        actor=cast.secretary_a,
        unit=cast.cell_a,
        title=title,
        year=2021,
        people=list(Person.objects.filter(unit=cast.cell_a)),
        campaign=campaign,
    )
    ballot = voting_factories.open_on_paper(actor=cast.secretary_a, ballot=ballot)
    voting_factories.cast_every_slip(ballot, lambda s: level)
    ballot = voting.ballot_close(actor=cast.secretary_a, ballot=ballot)
    return voting.ballot_confirm(actor=cast.secretary_a, ballot=ballot, tellers=[cast.person_a])


@pytest.fixture
def campaigns(cast):  # type: ignore[no-untyped-def]
    for person in Person.objects.filter(unit=cast.cell_a):
        org_services.person_update(
            actor=None, person=person, admitted_on=ADMITTED, official_on=ADMITTED.replace(2011)
        )
    year = campaign_factory(root_unit=cast.committee, year=2021, state=CampaignState.PREPARING)
    quarter = campaign_factory(
        root_unit=cast.committee, year=2021, period="quarter", state=CampaignState.PREPARING
    )
    # Heard at their conferences (the conference tests walk that part).
    SubjectReview.objects.filter(unit=cast.cell_a).update(status=ReviewStatus.COMMENTED)
    return year, quarter


def test_a_quarters_proposal_does_not_overwrite_the_years(cast, campaigns):
    year, quarter = campaigns
    yearly = confirmed_ballot(cast, "HTTNV", "Năm 2021")
    assert yearly.campaign == year  # the year's campaign before the quarter's
    services.proposals_from_ballot(actor=cast.secretary_a, ballot=yearly)
    quarterly = confirmed_ballot(cast, "HTNV", "Quý 4/2021", campaign=quarter)
    services.proposals_from_ballot(actor=cast.secretary_a, ballot=quarterly)
    levels = dict(Proposal.objects.filter(person=cast.person_a).values_list("campaign_id", "level"))
    assert levels == {year.pk: "HTTNV", quarter.pk: "HTNV"}


def test_two_ballots_on_one_member_give_two_proposals_and_one_decision(cast, campaigns):
    first = services.proposals_from_ballot(
        actor=cast.secretary_a, ballot=confirmed_ballot(cast, "HTTNV", "Chi bộ")
    )
    second = services.proposals_from_ballot(
        actor=cast.secretary_a, ballot=confirmed_ballot(cast, "HTNV", "Chi ủy")
    )
    mine = [p for p in (*first, *second) if p.person_id == cast.person_a.pk]
    assert [p.level for p in mine] == ["HTTNV", "HTNV"]
    made, _left = services.decisions_confirm(actor=cast.officer, unit=cast.committee, year=2021)
    assert not [d for d in made if d.proposal.person_id == cast.person_a.pk]  # one by one
    services.decision_make(actor=cast.officer, proposal=mine[0], level="HTTNV")
    with pytest.raises(ValidationError):
        services.decision_make(actor=cast.officer, proposal=mine[1], level="HTNV")
    assert Decision.objects.filter(proposal__person=cast.person_a).count() == 1


def test_a_quarters_decision_leaves_the_yearly_result_alone(cast, campaigns):
    ClassificationRecord.objects.create(person=cast.person_a, year=2021, level="HTXSNV")
    proposals = services.proposals_from_ballot(
        actor=cast.secretary_a,
        ballot=confirmed_ballot(cast, "HTNV", "Quý 4/2021", campaign=campaigns[1]),
    )
    mine = next(p for p in proposals if p.person_id == cast.person_a.pk)
    services.decision_make(actor=cast.officer, proposal=mine, level="HTNV")
    assert ClassificationRecord.objects.get(person=cast.person_a, year=2021).level == "HTXSNV"
