"""Reads for one self-review: its rules check, its form header, its form."""

from __future__ import annotations

from typing import Any

from kiemdiem.classification import rules
from kiemdiem.orgs.models import BodyMembership
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import (
    SubjectReview,
)


def self_review_rules_case(*, review: SubjectReview) -> dict[str, Any]:
    """A contract case (rules-contract.md) with just this member and their self-proposed level."""
    person = review.person
    if person is None:
        raise ValueError("only a member's review has a one-member rules case")
    return {
        "rule_pack": review.campaign.rule_pack,
        "stage": "proposal",
        "review_date": review.campaign.review_date.isoformat(),
        "collective": {
            "id": f"U{review.unit_id}",
            "kind": "cell",
            "level": None,
            "score": None,
            "disciplined": False,
            "subunits": [],
        },
        "members": [
            {
                "id": f"P{person.pk}",
                "official": person.official_on is not None,
                "head": review.leader,
                "level": review.self_level or None,
                "score": float(review.score) if review.score is not None else None,
                "admitted_on": person.admitted_on.isoformat(),
                "exempt": person.status == "exempt",
                "suspended": person.status == "suspended",
                "sick_leave_days": 0,
                "discipline": None,
                "civil_servant_level": review.civil_servant_level or None,
            }
        ],
    }


def self_review_rules_check(*, review: SubjectReview) -> dict[str, Any]:
    """The rules engine's verdict on the member's self-proposed level (findings, ceiling)."""
    if review.person is None:
        raise ValueError("only a member's review has a one-member rules case")
    member_id = f"P{review.person.pk}"
    result = rules.check(
        self_review_rules_case(review=review), names={member_id: review.person.full_name}
    )
    findings = [f for f in result["findings"] if f["subject"] == member_id]  # type: ignore[attr-defined]
    return {
        "findings": findings,
        "ceiling": result["ceilings"].get(member_id),  # type: ignore[attr-defined]
        "not_classified": member_id in result["not_classified"],  # type: ignore[operator]
    }


def self_review_header(*, review: SubjectReview) -> list[tuple[str, str, str]]:
    """The header fields of a member's form (domain §6.1 item 3) as (key, label, value): what the
    member saved, else what the roster says (open seats, the post, the unit above the cell)."""
    saved = (review.answers or {}).get("header") or {}
    person = review.person
    seats = (
        BodyMembership.objects.filter(person=person, end__isnull=True)
        .select_related("body__unit")
        .order_by("position_rank", "id")
    )
    unit = review.unit
    parent = unit.parent
    defaults = {
        "party_position": ", ".join(
            f"{seat.get_position_display()} ({seat.body.unit.name})" for seat in seats
        ),
        "government_position": person.position if person is not None else "",
        "mass_org_position": "",
        "workplace": parent.name if parent is not None else unit.name,
    }
    return [
        (key, label, saved[key] if key in saved else defaults[key])
        for key, label in forms_catalog.HEADER_FIELDS
    ]


def review_form(*, review: SubjectReview) -> forms_catalog.FormSpec:
    return forms_catalog.get_form(review.form_code)
