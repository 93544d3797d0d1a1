"""API schemas for units and people."""

from __future__ import annotations

import datetime

from ninja import Schema


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    depth: int

    @staticmethod
    def resolve_kind_label(obj: object) -> str:
        return str(obj.get_kind_display())  # type: ignore[attr-defined]


class UnitNodeOut(UnitOut):
    child_count: int


class PersonOut(Schema):
    id: int
    full_name: str
    family_name: str
    middle_name: str
    given_name: str
    date_of_birth: datetime.date
    gender: str
    card_number: str | None
    admitted_on: datetime.date
    official_on: datetime.date | None
    status: str
    rank: str
    position: str
    unit_id: int
    unit_name: str

    @staticmethod
    def resolve_unit_name(obj: object) -> str:
        return str(obj.unit.name)  # type: ignore[attr-defined]


class MembershipOut(Schema):
    unit_id: int
    unit_name: str
    start: datetime.date
    end: datetime.date | None
    reason: str

    @staticmethod
    def resolve_unit_name(obj: object) -> str:
        return str(obj.unit.name)  # type: ignore[attr-defined]


class PersonDetailOut(PersonOut):
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: object) -> list[object]:
        return list(obj.memberships_list)  # type: ignore[attr-defined]
