"""API schemas of review conferences."""

from __future__ import annotations

import datetime

from ninja import Field, Schema


class ConferenceOut(Schema):
    id: int
    unit_id: int
    body_id: int | None
    year: int
    title: str
    place: str
    starts_at: datetime.datetime
    chair_id: int
    secretary_id: int
    guests: str
    state: str
    ended_at: datetime.datetime | None
    ballot_id: int | None


class QuorumOut(Schema):
    denominator: int
    present: int
    needed: int
    reached: bool


class AttendanceOut(Schema):
    person_id: int
    name: str
    official: bool
    status: str
    reason: str


class CriticismOut(Schema):
    id: int
    item_id: int
    speaker_id: int
    speaker: str
    text: str


class StepOut(Schema):
    id: int
    order: int
    kind: str
    title: str
    person_id: int | None
    notes: str
    reply: str
    conclusion: str
    done: bool
    criticisms: list[CriticismOut]


class ConferenceDetailOut(ConferenceOut):
    quorum: QuorumOut
    attendance: list[AttendanceOut]
    agenda: list[StepOut]
    conclusions: dict[str, str]


class ConferenceCreateIn(Schema):
    unit_id: int
    body_id: int | None = None
    year: int
    place: str
    starts_at: datetime.datetime
    chair_id: int
    secretary_id: int
    title: str = ""
    guests: str = ""


class AttendanceIn(Schema):
    person_id: int
    status: str
    reason: str = ""


class TransitionOut(Schema):
    state: str
    actions: list[str]
    quorum: QuorumOut


class TransitionIn(Schema):
    action: str


class StepIn(Schema):
    item_id: int
    notes: str = ""
    reply: str = ""
    conclusion: str = ""
    ended_at: datetime.datetime | None = Field(
        None, description="At the closing step: when the conference ended (default: now)"
    )


class CriticismIn(Schema):
    item_id: int
    speaker_id: int
    text: str


class ConclusionsIn(Schema):
    results: str | None = None
    limitations: str | None = None
    causes_subjective: str | None = None
    causes_objective: str | None = None
    responsibility_collective: str | None = None
    responsibility_individuals: str | None = None
    remedies: str | None = None
    directions: str | None = None


class BallotRefOut(Schema):
    ballot_id: int | None
    state: str | None


class BallotOpenIn(Schema):
    kind: str = "secret_ballot"
    on_paper: list[int] = Field(
        [], description="People present who vote on a printed slip (those without a login do)"
    )


class MinutesOut(Schema):
    text: str
    signed_by_chair: datetime.datetime | None
    signed_by_secretary: datetime.datetime | None
    locked: bool


class MinutesIn(Schema):
    text: str


class ReportCommentOut(Schema):
    author: str
    section: str
    quote: str
    text: str
    resolution: str
    note: str


class ConferenceReportOut(Schema):
    """The collective report as the conference sees it (domain §1.4 steps 2, 3 and 6)."""

    report_id: int | None
    state: str | None
    adoptable: bool
    minutes_reference: str
    comments: list[ReportCommentOut]
