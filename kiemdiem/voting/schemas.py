"""API schemas for ballots."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


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


class CorrectionOut(Schema):
    field: str
    old_value: int
    new_value: int
    reason: str
    created_at: datetime.datetime


class BallotDetailOut(BallotOut):
    subjects: list[SubjectOut]
    voted: int
    roll_size: int
    slips: int = 0
    slips_used: int = 0
    slips_printed: int = 0
    corrections: list[CorrectionOut] = []
    sealed: bool
    tally: list[TallyRowOut] | None = None
    warnings: list[str] = []
    receipts: list[str] = []


class CastIn(Schema):
    code: str = Field(..., max_length=64)
    choices: dict[int, str]


class OwnCastIn(Schema):
    choices: dict[int, str] = Field({}, description="Subject id → level (blank: no tick)")


class OpenIn(Schema):
    present: list[int] = Field([], description="People present: only they are on the roll")
    on_paper: list[int] = Field([], description="Of those, who vote on a printed slip")


class CountsIn(Schema):
    counts: dict[int, dict[str, int]] = Field({}, description="Subject id → level → count")
    ballots_valid: int = Field(0, ge=0, le=1_000_000)
    ballots_blank: int = Field(0, ge=0, le=1_000_000)
    ballots_invalid: int = Field(0, ge=0, le=1_000_000)
    reason: str = Field("", max_length=255)


class ConfirmIn(Schema):
    tellers: list[int] = Field([], description="The tellers (ban kiểm phiếu), people ids")


class ReceiptOut(Schema):
    receipt: str
    ballot_id: int
    counted: bool


class CastOut(Schema):
    receipt: str


class BallotCreateIn(Schema):
    unit_id: int
    title: str
    year: int
    kind: str = "secret_ballot"
