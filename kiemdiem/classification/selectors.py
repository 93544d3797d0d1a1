"""Reads for the classification app: building a rules-engine case from the roster.

Everything is scoped to what the user may see (through `orgs.selectors`); a unit out of scope is
404 before it gets here.
"""

from __future__ import annotations

import datetime
from typing import Any

from kiemdiem.accounts.models import User
from kiemdiem.classification.rules import pack_id_for_year
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import ClassificationRecord, PersonStatus, Position, Unit, UnitKind

COLLECTIVE_KIND: dict[str, str] = {
    UnitKind.CELL: "cell",
    UnitKind.GRASSROOTS_CELL: "cell",
    UnitKind.PARTY_COMMITTEE: "party_committee",
    UnitKind.GRASSROOTS_COMMITTEE: "party_committee",
    UnitKind.PARTIAL_COMMITTEE: "party_committee",
}
# People who have left the unit's roster are not reviewed there.
NOT_REVIEWED = (PersonStatus.TRANSFERRED_OUT, PersonStatus.DECEASED, PersonStatus.LEFT)


def review_date_for(year: int) -> datetime.date:
    """The default classification date of a review year: 15 December."""
    return datetime.date(year, 12, 15)


def person_subject_id(person_pk: int) -> str:
    return f"P{person_pk}"


def case_from_unit(
    *,
    user: User,
    unit: Unit,
    year: int,
    rule_pack: str | None = None,
    stage: str = "proposal",
) -> dict[str, Any]:
    """The contract's case for a unit in a review year: the unit as the collective (a cell, or a
    party committee with its direct children as subunits), its own members (not the subtree's)
    with the levels recorded for that year (null where none), display names in `name`.

    The pack defaults to the year's (UnknownPackError for years up to 2018). What the roster does
    not hold (sick leave, discipline, civil-servant level, score, subunit levels) is left at the
    contract's "nothing special" value for the clerk to fill in."""
    pack = rule_pack or pack_id_for_year(year)
    people = list(
        org_selectors.person_list(user=user, unit=unit, subtree=False).exclude(
            status__in=NOT_REVIEWED
        )
    )
    levels = dict(
        ClassificationRecord.objects.filter(person__in=people, year=year).values_list(
            "person_id", "level"
        )
    )
    heads = {
        seat.person_id
        for _body, seats in org_selectors.unit_bodies(unit=unit)
        for seat in seats
        if seat.position == Position.SECRETARY
    }
    kind = COLLECTIVE_KIND.get(unit.kind, "party_committee")
    children = (
        list(org_selectors.unit_children(user=user, unit=unit)) if kind == "party_committee" else []
    )
    return {
        "rule_pack": pack,
        "stage": stage,
        "review_date": review_date_for(year).isoformat(),
        "collective": {
            "id": unit.code,
            "name": unit.name,
            "kind": kind,
            "level": None,
            "score": None,
            "disciplined": False,
            "subunits": [
                {"id": child.code, "name": child.name, "level": None, "disciplined": False}
                for child in children
            ],
        },
        "members": [
            {
                "id": person_subject_id(person.pk),
                "name": person.full_name,
                "official": person.is_official and person.status != PersonStatus.PROBATIONARY,
                "head": person.pk in heads,
                "level": levels.get(person.pk) or None,
                "score": None,
                "admitted_on": person.admitted_on.isoformat(),
                "exempt": person.status == PersonStatus.EXEMPT,
                "suspended": person.status == PersonStatus.SUSPENDED,
                "sick_leave_days": 0,
                "discipline": None,
                "civil_servant_level": None,
            }
            for person in people
        ],
    }
