"""API schemas of the rules check (the body is validated by the engine's own parser)."""

from __future__ import annotations

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
