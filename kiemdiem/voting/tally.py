"""Counting classification votes (pure Python, no Django).

Domain.md §4.2: the denominator is the official members called, less the exempt (absent members
count); votes count cumulatively downward (a vote for HTXSNV also supports HTTNV, HTNV, KHTNV);
a level passes with more than half of the denominator (a setting; the old 2/3 for HTXSNV is an
option); the highest passing level wins; none passes → no result (revote or the decider decides).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

LEVELS = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")


@dataclass(frozen=True)
class TallySettings:
    pass_share: Fraction = Fraction(1, 2)
    """A level passes when its cumulative votes are more than this share of the denominator."""
    excellent_share: Fraction | None = None
    """If set (e.g. 2/3), HTXSNV needs at least this share instead."""
    small_group: int = 5
    """Below this many voters a single ballot may be identifiable: warn."""


@dataclass(frozen=True)
class TallyWarning:
    """`code` is "small_group" (count = voters) or "too_many_ballots" (count = ballots)."""

    code: str
    count: int


@dataclass(frozen=True)
class SubjectTally:
    subject: str
    votes: dict[str, int]
    cumulative: dict[str, int]
    percent: dict[str, Fraction]
    result: str | None


@dataclass(frozen=True)
class TallyResult:
    denominator: int
    ballots_valid: int
    ballots_invalid: int
    ballots_blank: int
    subjects: list[SubjectTally] = field(default_factory=list)
    warnings: list[TallyWarning] = field(default_factory=list)


def _passes(level: str, cumulative: int, denominator: int, settings: TallySettings) -> bool:
    if denominator <= 0:
        return False
    if level == "HTXSNV" and settings.excellent_share is not None:
        return Fraction(cumulative, denominator) >= settings.excellent_share
    return Fraction(cumulative, denominator) > settings.pass_share


def tally_subject(
    subject: str, votes: Mapping[str, int], denominator: int, settings: TallySettings
) -> SubjectTally:
    """Cumulative counts, shares of the denominator and the highest passing level."""
    counts = {level: int(votes.get(level, 0)) for level in LEVELS}
    cumulative: dict[str, int] = {}
    running = 0
    for level in LEVELS:
        running += counts[level]
        cumulative[level] = running
    percent = {
        level: (Fraction(cumulative[level] * 100, denominator) if denominator else Fraction(0))
        for level in LEVELS
    }
    result = next(
        (level for level in LEVELS if _passes(level, cumulative[level], denominator, settings)),
        None,
    )
    return SubjectTally(subject, counts, cumulative, percent, result)


def tally(
    *,
    denominator: int,
    per_subject_votes: Mapping[str, Mapping[str, int]],
    subjects: Iterable[str],
    ballots_valid: int,
    ballots_invalid: int = 0,
    ballots_blank: int = 0,
    voters: int | None = None,
    settings: TallySettings | None = None,
) -> TallyResult:
    """Tally every subject in the given order; warn when the group is small enough to identify a
    ballot or when more ballots were cast than the denominator allows."""
    settings = settings or TallySettings()
    rows = [tally_subject(s, per_subject_votes.get(s, {}), denominator, settings) for s in subjects]
    warnings: list[TallyWarning] = []
    cast = ballots_valid + ballots_invalid + ballots_blank
    # The smaller of the roll and the ballots in: four ballots out of a roll of twenty-three can
    # be told apart as surely as a group of four.
    group = min(voters, cast) if voters is not None else cast
    if 0 < group < settings.small_group:
        warnings.append(TallyWarning("small_group", group))
    if cast > denominator > 0:
        warnings.append(TallyWarning("too_many_ballots", cast))
    return TallyResult(denominator, ballots_valid, ballots_invalid, ballots_blank, rows, warnings)
