"""Running a ballot: roll, codes, anonymous casting, sealing, receipts, hand counts, corrections."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import PersonStatus
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.voting import selectors, services
from kiemdiem.voting.models import Ballot, CastBallot, CastChoice, CountCorrection, VoterRollEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def cell(cast):  # type: ignore[no-untyped-def]
    """Cell A with five official members, one probationary and one exempt member."""
    for _ in range(3):
        PersonFactory(unit=cast.cell_a)
    PersonFactory(unit=cast.cell_a, official_on=None, card_number=None, given_name="Dự")
    exempt = PersonFactory(unit=cast.cell_a, given_name="Miễn")
    org_services.person_update(actor=None, person=exempt, status=PersonStatus.EXEMPT)
    return cast.cell_a


def open_ballot(cast, cell, kind=Ballot.Kind.SECRET_BALLOT) -> Ballot:  # type: ignore[no-untyped-def]
    ballot = services.ballot_create(
        actor=cast.secretary_a, unit=cell, title="Xếp loại 2020", year=2020, kind=kind
    )
    return services.ballot_open(actor=cast.secretary_a, ballot=ballot)


def test_opening_freezes_the_roll_of_official_members_present(cast, cell):
    ballot = open_ballot(cast, cell)
    roll_names = [entry.person.given_name for entry in selectors.ballot_roll(ballot=ballot)]
    assert len(roll_names) == 5
    assert "Dự" not in roll_names
    assert "Miễn" not in roll_names
    assert ballot.denominator == 5


def test_each_voter_gets_a_distinct_code(cast, cell):
    ballot = open_ballot(cast, cell)
    codes = list(ballot.roll.values_list("code", flat=True))
    assert len(set(codes)) == len(codes) == 5


def test_a_cast_ballot_is_stored_without_any_link_to_the_voter(cast, cell):
    ballot = open_ballot(cast, cell)
    entry = ballot.roll.first()
    subject = ballot.subjects.first()
    receipt = services.ballot_cast(code=entry.code, choices={subject.pk: "HTTNV"})
    entry.refresh_from_db()
    assert entry.used is True
    stored = CastBallot.objects.get(receipt=receipt)
    field_names = {f.name for f in CastBallot._meta.get_fields()}
    assert not field_names & {"person", "voter", "created_at", "roll", "entry"}
    assert stored.choices.get(subject=subject).level == "HTTNV"


def test_a_code_cannot_be_used_twice(cast, cell):
    ballot = open_ballot(cast, cell)
    entry = ballot.roll.first()
    services.ballot_cast(code=entry.code, choices={})
    with pytest.raises(ValidationError):
        services.ballot_cast(code=entry.code, choices={})
    assert CastBallot.objects.filter(ballot=ballot).count() == 1


def test_an_invalid_level_writes_nothing_and_keeps_the_code_usable(cast, cell):
    ballot = open_ballot(cast, cell)
    entry = ballot.roll.first()
    subject = ballot.subjects.first()
    with pytest.raises(ValidationError):
        services.ballot_cast(code=entry.code, choices={subject.pk: "GIOI"})
    assert CastBallot.objects.count() == 0
    entry.refresh_from_db()
    assert entry.used is False
    services.ballot_cast(code=entry.code, choices={subject.pk: "HTNV"})
    assert CastBallot.objects.count() == 1


def test_results_and_receipts_are_sealed_until_the_ballot_is_closed(cast, cell):
    ballot = open_ballot(cast, cell)
    receipt = services.ballot_cast(code=ballot.roll.first().code, choices={})
    assert selectors.published_receipts(ballot=ballot) == []
    assert selectors.published_ballot_for_receipt(receipt=receipt) is None
    ballot = services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    assert selectors.published_receipts(ballot=ballot) == [receipt]
    assert selectors.published_ballot_for_receipt(receipt=receipt) is not None


def test_the_tally_counts_every_cast_ballot_once(cast, cell):
    ballot = open_ballot(cast, cell)
    member = ballot.subjects.filter(person__isnull=False).first()
    for entry, level in zip(
        ballot.roll.all(), ["HTXSNV", "HTTNV", "HTTNV", "HTNV", ""], strict=True
    ):
        services.ballot_cast(code=entry.code, choices={member.pk: level})
    ballot = services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    row = next(
        r for r in selectors.ballot_tally(ballot=ballot).subjects if r.subject == str(member.pk)
    )
    assert row.votes == {"HTXSNV": 1, "HTTNV": 2, "HTNV": 1, "KHTNV": 0}
    assert row.result == "HTTNV"
    assert ballot.ballots_valid == 5


def test_a_member_of_another_cell_cannot_run_the_ballot(cast, cell):
    ballot = services.ballot_create(actor=cast.secretary_a, unit=cell, title="Xếp loại", year=2020)
    with pytest.raises(PermissionDenied):
        services.ballot_open(actor=cast.outsider, ballot=ballot)
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.DRAFT
    assert not VoterRollEntry.objects.exists()


def test_paper_tally_corrections_need_a_reason_and_are_logged(cast, cell):
    ballot = open_ballot(cast, cell, kind=Ballot.Kind.PAPER_TALLY)
    subject = ballot.subjects.first()
    services.counts_enter(
        actor=cast.secretary_a,
        ballot=ballot,
        counts={subject.pk: {"HTTNV": 4}},
        ballots_valid=5,
        ballots_blank=0,
    )
    with pytest.raises(ValidationError):
        services.counts_enter(
            actor=cast.secretary_a,
            ballot=ballot,
            counts={subject.pk: {"HTTNV": 5}},
            ballots_valid=5,
        )
    assert not CountCorrection.objects.exists()
    services.counts_enter(
        actor=cast.secretary_a,
        ballot=ballot,
        counts={subject.pk: {"HTTNV": 5}},
        ballots_valid=5,
        reason="Đếm sót một phiếu",
    )
    correction = CountCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.reason) == (
        4,
        5,
        "Đếm sót một phiếu",
    )


def test_counts_above_the_valid_ballots_are_refused(cast, cell):
    ballot = open_ballot(cast, cell, kind=Ballot.Kind.SHOW_OF_HANDS)
    subject = ballot.subjects.first()
    with pytest.raises(ValidationError):
        services.counts_enter(
            actor=cast.secretary_a,
            ballot=ballot,
            counts={subject.pk: {"HTTNV": 4, "HTNV": 3}},
            ballots_valid=5,
        )
    assert not ballot.counts.exists()


def test_tellers_confirm_only_a_closed_ballot(cast, cell):
    ballot = open_ballot(cast, cell)
    with pytest.raises(ValidationError):
        services.ballot_confirm(actor=cast.secretary_a, ballot=ballot, tellers=[cast.person_a])
    services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    ballot = services.ballot_confirm(actor=cast.secretary_a, ballot=ballot, tellers=[cast.person_a])
    assert ballot.state == Ballot.State.CONFIRMED
    assert list(ballot.tellers.all()) == [cast.person_a]


def test_cast_choices_cover_every_subject_blank_when_not_ticked(cast, cell):
    ballot = open_ballot(cast, cell)
    services.ballot_cast(code=ballot.roll.first().code, choices={})
    assert CastChoice.objects.filter(level="").count() == ballot.subjects.count()
