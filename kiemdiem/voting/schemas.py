"""API schemas for ballots."""

from __future__ import annotations

from ninja import Schema


class BallotOut(Schema):
    id: int
    title: str
    year: int
    kind: str
    state: str
    unit_id: int
    denominator: int


class SubjectOut(Schema):
    id: int
    label: str
    position: str
    person_id: int | None
    unit_id: int | None


class TallyRowOut(Schema):
    subject_id: int
    label: str
    votes: dict[str, int]
    cumulative: dict[str, int]
    result: str | None


class BallotDetailOut(BallotOut):
    subjects: list[SubjectOut]
    voted: int
    roll_size: int
    sealed: bool
    tally: list[TallyRowOut] | None = None
    warnings: list[str] = []
    receipts: list[str] = []


class CastIn(Schema):
    code: str
    choices: dict[int, str]


class CastOut(Schema):
    receipt: str


class BallotCreateIn(Schema):
    unit_id: int
    title: str
    year: int
    kind: str = "secret_ballot"
