"""Builders for rule cases in the contract's JSON shape (tests only)."""

from __future__ import annotations

from typing import Any


def member(member_id: str, level: str | None = "HTTNV", **fields: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": member_id,
        "official": True,
        "head": False,
        "level": level,
        "score": None,
        "admitted_on": "2010-05-19",
        "exempt": False,
        "suspended": False,
        "sick_leave_days": 0,
        "discipline": None,
        "civil_servant_level": None,
    }
    data.update(fields)
    return data


def case(
    members: list[dict[str, Any]] | None = None,
    *,
    pack: str = "r132_hd21",
    stage: str = "decision",
    review_date: str = "2020-12-15",
    kind: str = "cell",
    level: str | None = None,
    score: float | None = None,
    disciplined: bool = False,
    subunits: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "rule_pack": pack,
        "stage": stage,
        "review_date": review_date,
        "collective": {
            "id": "CB-01",
            "kind": kind,
            "level": level,
            "score": score,
            "disciplined": disciplined,
            "subunits": subunits or [],
        },
        "members": members or [],
    }


def many(count: int, level: str, prefix: str) -> list[dict[str, Any]]:
    return [member(f"{prefix}{index:03d}", level) for index in range(count)]


def codes(result: dict[str, Any], subject: str | None = None) -> list[str]:
    return [f["code"] for f in result["findings"] if subject is None or f["subject"] == subject]


def discipline(form: str = "khien_trach", self_detected: bool = False) -> dict[str, Any]:
    return {"form": form, "self_detected_and_remedied": self_detected}
