"""Running a ballot: roll, codes, anonymous casting, sealing, receipts, hand counts, corrections."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import PersonStatus
from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.voting import selectors, services
from kiemdiem.voting.models import (
    Ballot,
    BallotSlip,
    CastBallot,
    CastChoice,
    CountCorrection,
    VoterRollEntry,
)

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


def open_ballot(cast, cell, kind=Ballot.Kind.SECRET_BALLOT, present=None, on_paper=()) -> Ballot:  # type: ignore[no-untyped-def]
    ballot = services.ballot_create(
        actor=cast.secretary_a, unit=cell, title="Xếp loại 2020", year=2020, kind=kind
    )
    everyone = services.called_members(cell)
    return services.ballot_open(
        actor=cast.secretary_a,
        ballot=ballot,
        present=everyone if present is None else present,
        on_paper=on_paper,
    )


def slip_codes(ballot: Ballot) -> list[str]:
    return list(BallotSlip.objects.filter(ballot=ballot).values_list("code", flat=True))


def test_opening_freezes_the_roll_of_official_members_present(cast, cell):
    ballot = open_ballot(cast, cell)
    roll_names = [entry.person.given_name for entry in ballot.roll.select_related("person")]
    assert len(roll_names) == 5
    assert "Dự" not in roll_names
    assert "Miễn" not in roll_names
    assert ballot.denominator == 5


def test_an_absent_member_is_not_on_the_roll_but_counts_in_the_denominator(cast, cell):
    everyone = services.called_members(cell)
    ballot = open_ballot(cast, cell, present=[p for p in everyone if p != cast.person_a])
    assert not ballot.roll.filter(person=cast.person_a).exists()
    assert ballot.roll.count() == 4
    assert ballot.denominator == 5


def test_members_without_a_login_get_anonymous_slips_and_members_with_one_vote_by_login(cast, cell):
    ballot = open_ballot(cast, cell)
    by_login = set(
        ballot.roll.filter(via=VoterRollEntry.Via.LOGIN).values_list("person_id", flat=True)
    )
    assert by_login == {cast.person_a.pk, cast.secretary_a.person_id}
    codes = slip_codes(ballot)
    assert len(set(codes)) == len(codes) == 3
    assert {f.name for f in BallotSlip._meta.get_fields()} == {"id", "ballot", "code", "used"}


def test_a_member_marked_on_paper_cannot_also_vote_from_their_login(cast, cell):
    ballot = open_ballot(cast, cell, on_paper=[cast.person_a])
    assert len(slip_codes(ballot)) == 4
    with pytest.raises(ValidationError):
        services.ballot_cast_own(actor=cast.member_a, ballot=ballot, choices={})
    assert CastBallot.objects.count() == 0


def test_a_member_votes_once_from_their_own_login(cast, cell):
    ballot = open_ballot(cast, cell)
    subject = ballot.subjects.first()
    services.ballot_cast_own(actor=cast.member_a, ballot=ballot, choices={subject.pk: "HTTNV"})
    with pytest.raises(ValidationError):
        services.ballot_cast_own(actor=cast.member_a, ballot=ballot, choices={})
    assert CastBallot.objects.filter(ballot=ballot).count() == 1
    assert ballot.roll.get(person=cast.person_a).used is True


def test_a_member_of_another_cell_cannot_vote_in_this_ballot(cast, cell):
    ballot = open_ballot(cast, cell)
    with pytest.raises(ValidationError):
        services.ballot_cast_own(actor=cast.outsider, ballot=ballot, choices={})
    assert CastBallot.objects.count() == 0


def test_a_ballot_cannot_open_with_nobody_present(cast, cell):
    ballot = services.ballot_create(actor=cast.secretary_a, unit=cell, title="Xếp loại", year=2020)
    with pytest.raises(ValidationError):
        services.ballot_open(actor=cast.secretary_a, ballot=ballot, present=[])
    ballot.refresh_from_db()
    assert ballot.state == Ballot.State.DRAFT


def test_a_cast_ballot_is_stored_without_any_link_to_the_voter(cast, cell):
    ballot = open_ballot(cast, cell)
    code = slip_codes(ballot)[0]
    subject = ballot.subjects.first()
    receipt = services.ballot_cast(code=code, choices={subject.pk: "HTTNV"})
    assert BallotSlip.objects.get(code=code).used is True
    stored = CastBallot.objects.get(receipt=receipt)
    field_names = {f.name for f in CastBallot._meta.get_fields()}
    assert not field_names & {"person", "voter", "created_at", "roll", "entry"}
    assert stored.choices.get(subject=subject).level == "HTTNV"


def test_a_code_cannot_be_used_twice(cast, cell):
    ballot = open_ballot(cast, cell)
    code = slip_codes(ballot)[0]
    services.ballot_cast(code=code, choices={})
    with pytest.raises(ValidationError):
        services.ballot_cast(code=code, choices={})
    assert CastBallot.objects.filter(ballot=ballot).count() == 1


def test_an_invalid_level_writes_nothing_and_keeps_the_code_usable(cast, cell):
    ballot = open_ballot(cast, cell)
    code = slip_codes(ballot)[0]
    subject = ballot.subjects.first()
    with pytest.raises(ValidationError):
        services.ballot_cast(code=code, choices={subject.pk: "GIOI"})
    assert CastBallot.objects.count() == 0
    assert BallotSlip.objects.get(code=code).used is False
    services.ballot_cast(code=code, choices={subject.pk: "HTNV"})
    assert CastBallot.objects.count() == 1


def test_results_and_receipts_are_sealed_until_the_ballot_is_closed(cast, cell):
    ballot = open_ballot(cast, cell)
    receipt = services.ballot_cast(code=slip_codes(ballot)[0], choices={})
    assert selectors.published_receipts(ballot=ballot) == []
    assert selectors.published_ballot_for_receipt(user=cast.member_a, receipt=receipt) is None
    ballot = services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    assert selectors.published_receipts(ballot=ballot) == [receipt]
    assert selectors.published_ballot_for_receipt(user=cast.member_a, receipt=receipt) == ballot


def test_a_receipt_is_not_found_by_someone_who_may_not_see_the_ballot(cast, cell):
    ballot = open_ballot(cast, cell)
    receipt = services.ballot_cast(code=slip_codes(ballot)[0], choices={})
    services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    assert selectors.published_ballot_for_receipt(user=cast.outsider, receipt=receipt) is None


def test_the_tally_counts_every_cast_ballot_once(cast, cell):
    ballot = open_ballot(cast, cell)
    member = ballot.subjects.filter(person__isnull=False).first()
    for code, level in zip(slip_codes(ballot), ["HTXSNV", "HTTNV", "HTTNV"], strict=True):
        services.ballot_cast(code=code, choices={member.pk: level})
    services.ballot_cast_own(actor=cast.member_a, ballot=ballot, choices={member.pk: "HTNV"})
    services.ballot_cast_own(actor=cast.secretary_a, ballot=ballot, choices={})
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
        services.ballot_open(
            actor=cast.outsider, ballot=ballot, present=services.called_members(cell)
        )
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
    services.ballot_cast(code=slip_codes(ballot)[0], choices={})
    assert CastChoice.objects.filter(level="").count() == ballot.subjects.count()
