"""Reads of ballots, scoped: the unit's secretary or committee office runs a ballot; a voter reaches
the ballot screen through their own roll entry (their login) or a printed slip's code. Whoever
runs a ballot sees counts, never who voted or which code is whose."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Person, Unit
from kiemdiem.voting import tally as tally_logic
from kiemdiem.voting.models import (
    Ballot,
    BallotSlip,
    BallotSubject,
    CastBallot,
    CastChoice,
    CountCorrection,
    CountEntry,
    VoterRollEntry,
)


def user_can_run_ballots(*, user: User, unit: Unit, ballot: Ballot | None = None) -> bool:
    """Committee offices over the unit, the cell's secretary, administrators; and the chair and
    secretary of the conference that opened the ballot."""
    scope = org_selectors.user_scope(user)
    if scope.everything:
        return True
    if ballot is not None and user.person_id and ballot.runners.filter(pk=user.person_id).exists():
        return True
    return any(low <= unit.path < high for low, high in scope.ranges)


def ballot_list(*, user: User) -> QuerySet[Ballot]:
    units = org_selectors.units_in_scope(user)
    visible = Q(unit__in=units)
    if user.person_id:
        visible |= Q(runners=user.person_id)
    return (
        Ballot.objects.filter(visible)
        .distinct()
        .select_related("unit")
        .annotate(subject_count=Count("subjects", distinct=True))
        .order_by("-created_at", "-id")
    )


def ballot_get_for_user(*, user: User, pk: int) -> Ballot:
    ballot = ballot_list(user=user).filter(pk=pk).first()
    if ballot is None:
        raise Http404
    return ballot


def ballot_subjects(*, ballot: Ballot) -> QuerySet[BallotSubject]:
    return ballot.subjects.order_by("order", "id")


def database_ids(values: Iterable[object]) -> list[int]:
    """The values that can be row ids (positive, within a 64-bit integer); the rest are dropped
    before they reach the database."""
    ids = []
    for value in values:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            number = int(value)
            if 0 < number < 2**63:
                ids.append(number)
    return ids


def teller_candidates(*, ballot: Ballot) -> QuerySet[Person]:
    """Who may sit on the ballot's tellers: its voters present and the members voted on."""
    roll = ballot.roll.values("person_id")
    subjects = ballot.subjects.filter(person__isnull=False).values("person_id")
    return Person.objects.filter(Q(pk__in=roll) | Q(pk__in=subjects)).order_by("sort_key")


def ballot_corrections(*, ballot: Ballot) -> QuerySet[CountCorrection]:
    """The correction log of a show of hands or paper tally, oldest first, with who and why."""
    return ballot.corrections.select_related("actor").order_by("created_at", "id")


def slip_for_code(*, code: str) -> BallotSlip:
    """The unused slip of a code on an open ballot; anything else is 404."""
    slip = (
        BallotSlip.objects.select_related("ballot")
        .filter(code=code.strip().upper()[:16], used=False, ballot__state=Ballot.State.OPEN)
        .first()
    )
    if slip is None:
        raise Http404
    return slip


def roll_entry_for_user(*, user: User, ballot_pk: int) -> VoterRollEntry:
    """The user's own entry on a ballot's roll (any state): 404 for anyone not on it."""
    if not 0 < ballot_pk < 2**63:
        raise Http404
    entry = (
        VoterRollEntry.objects.select_related("ballot", "ballot__unit")
        .filter(ballot_id=ballot_pk, person_id=user.person_id or 0)
        .first()
    )
    if entry is None or user.person_id is None:
        raise Http404
    return entry


def ballot_progress(*, ballot: Ballot) -> dict[str, int]:
    """How many voters are on the roll, how many ballots are in, how many vote on a printed
    slip: counts only, never who."""
    slips = BallotSlip.objects.filter(ballot=ballot).aggregate(
        slips=Count("id"), slips_used=Count("id", filter=Q(used=True))
    )
    return {
        "total": ballot.roll.count(),
        "voted": CastBallot.objects.filter(ballot=ballot).count(),
        "slips": slips["slips"],
        "slips_used": slips["slips_used"],
    }


def unused_slip_codes(*, ballot: Ballot) -> list[str]:
    """The codes still to be handed out, shuffled so that the printed order tells nothing."""
    codes = list(
        BallotSlip.objects.filter(ballot=ballot, used=False).values_list("code", flat=True)
    )
    secrets.SystemRandom().shuffle(codes)
    return codes


def ballot_vote_counts(*, ballot: Ballot) -> dict[int, dict[str, int]]:
    """Votes per subject and level: from the cast ballots (secret) or the entered counts."""
    per_subject: dict[int, dict[str, int]] = defaultdict(dict)
    rows: Iterable[Mapping[str, Any]]
    if ballot.kind == Ballot.Kind.SECRET_BALLOT:
        rows = (
            CastChoice.objects.filter(cast__ballot=ballot)
            .exclude(level="")
            .values("subject_id", "level")
            .annotate(n=Count("id"))
        )
    else:
        rows = CountEntry.objects.filter(ballot=ballot).values("subject_id", "level", n=F("count"))
    for row in rows:
        per_subject[row["subject_id"]][row["level"]] = row["n"]
    return per_subject


def ballot_tally(*, ballot: Ballot) -> tally_logic.TallyResult:
    """The tally of a ballot. Callers show it only once the ballot is closed (results are sealed)."""
    subjects = list(ballot_subjects(ballot=ballot))
    votes = ballot_vote_counts(ballot=ballot)
    if ballot.kind == Ballot.Kind.SECRET_BALLOT:
        valid = CastBallot.objects.filter(ballot=ballot).count()
        voters = ballot.roll.count()
    else:
        valid = ballot.ballots_valid
        voters = None
    return tally_logic.tally(
        denominator=ballot.denominator,
        per_subject_votes={str(s.pk): votes.get(s.pk, {}) for s in subjects},
        subjects=[str(s.pk) for s in subjects],
        ballots_valid=valid,
        ballots_invalid=ballot.ballots_invalid,
        ballots_blank=ballot.ballots_blank,
        voters=voters,
    )


def published_receipts(*, ballot: Ballot) -> list[str]:
    """The receipt codes of every cast ballot, published once the ballot is closed."""
    if ballot.state in {Ballot.State.DRAFT, Ballot.State.OPEN}:
        return []
    return list(
        CastBallot.objects.filter(ballot=ballot)
        .order_by("receipt")
        .values_list("receipt", flat=True)
    )


def published_ballot_for_receipt(*, user: User, receipt: str) -> Ballot | None:
    """The closed ballot that counted a receipt, if the user may see that ballot (they run it,
    oversee it, or were on its roll). Proves inclusion only: the ticks are never shown."""
    cast = (
        CastBallot.objects.select_related("ballot")
        .filter(receipt=receipt.strip().upper()[:16])
        .exclude(ballot__state__in=[Ballot.State.DRAFT, Ballot.State.OPEN])
        .first()
    )
    if cast is None:
        return None
    ballot = cast.ballot
    visible = ballot_list(user=user).filter(pk=ballot.pk).exists() or (
        user.person_id is not None
        and VoterRollEntry.objects.filter(ballot=ballot, person_id=user.person_id).exists()
    )
    return ballot if visible else None
