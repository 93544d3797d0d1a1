"""Helpers that run a secret ballot through the voting services, for tests of what follows it."""

from __future__ import annotations

from collections.abc import Callable

from kiemdiem.accounts.models import User
from kiemdiem.orgs.models import Person
from kiemdiem.voting import services
from kiemdiem.voting.models import Ballot, BallotSlip, BallotSubject


def open_on_paper(
    *, actor: User, ballot: Ballot, present: list[Person] | None = None, **kwargs: object
) -> Ballot:
    """Open with every member present voting on a printed slip."""
    people = present if present is not None else services.called_members(ballot.unit)
    return services.ballot_open(
        actor=actor,
        ballot=ballot,
        present=people,
        on_paper=people,
        **kwargs,  # type: ignore[arg-type]
    )


def cast_every_slip(ballot: Ballot, choose: Callable[[BallotSubject], str]) -> int:
    """Cast one ballot per slip, ticking `choose(subject)` for every subject."""
    subjects = list(ballot.subjects.all())
    codes = list(
        BallotSlip.objects.filter(ballot=ballot, used=False).values_list("code", flat=True)
    )
    for code in codes:
        services.ballot_cast(code=code, choices={s.pk: choose(s) for s in subjects})
    return len(codes)
