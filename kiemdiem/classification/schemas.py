"""API schemas of the rules check (the body is validated by the engine's own parser)."""

from __future__ import annotations

import datetime

from ninja import Schema

EXAMPLE_CASE = {
    "rule_pack": "r132_hd21",
    "stage": "decision",
    "review_date": "2020-12-15",
    "collective": {
        "id": "CB-01",
        "kind": "cell",
        "level": "HTTNV",
        "score": None,
        "disciplined": False,
        "subunits": [],
    },
    "members": [
        {
            "id": "DV-001",
            "official": True,
            "head": True,
            "level": "HTXSNV",
            "score": None,
            "admitted_on": "2009-05-19",
            "exempt": False,
            "suspended": False,
            "sick_leave_days": 0,
            "discipline": None,
            "civil_servant_level": None,
        }
    ],
}


class FindingOut(Schema):
    code: str
    subject: str
    severity: str
    message: str


class CheckOut(Schema):
    not_classified: list[str]
    ceilings: dict[str, str]
    findings: list[FindingOut]


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str


class ErrorOut(Schema):
    detail: list[ErrorItem]


class DecisionOut(Schema):
    id: int
    level: str
    decider_id: int
    decided_at: datetime.datetime
    override_reason: str
    findings: list[FindingOut]
    annulled_at: datetime.datetime | None
    annulled_reason: str
    notified_at: datetime.datetime | None


class ProposalOut(Schema):
    id: int
    year: int
    rule_pack: str
    person_id: int | None
    unit_id: int | None
    body_id: int | None
    subject: str
    level: str
    proposed_by_id: int
    decider_id: int | None
    findings: list[FindingOut]
    decisions: list[DecisionOut]


class DecideIn(Schema):
    level: str
    override_reason: str = ""


class AnnulIn(Schema):
    reason: str


class UnitActionIn(Schema):
    action: str
    year: int


class UnitActionOut(Schema):
    decided: int
    left: list[int] = []


class QuotaOut(Schema):
    scope_id: int
    scope: str
    excellent: int
    good: int
    allowed: int
    over: bool
