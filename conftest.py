"""The shared cast: a small tree (a đảng bộ with two chi bộ), cell A's secretary, a member of
cell A, a member of cell B (the outsider), and an upper-level officer (the committee office)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import settings as hypothesis_settings

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.orgs.models import Person, Unit, UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory

PASSWORD = "mat-khau-thu-nghiem-1"

# Two cores shared with a database server: time limits per example would only make tests flaky.
hypothesis_settings.register_profile("kiemdiem", deadline=None)
hypothesis_settings.load_profile("kiemdiem")


@dataclass
class Cast:
    committee: Unit
    cell_a: Unit
    cell_b: Unit
    secretary_a: User
    member_a: User
    outsider: User
    officer: User
    admin: User
    person_a: Person
    person_b: Person


def make_user(
    username: str,
    *,
    role: str | None = None,
    unit: Unit | None = None,
    person: Person | None = None,
) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, person=person)
    if role is not None:
        RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def cast(db) -> Cast:  # type: ignore[no-untyped-def]
    committee = UnitFactory(
        code="DB-01", name="Đảng bộ Sư đoàn 1", kind=UnitKind.GRASSROOTS_COMMITTEE
    )
    cell_a = UnitFactory(code="CB-A", name="Chi bộ A", kind=UnitKind.CELL, parent=committee)
    cell_b = UnitFactory(code="CB-B", name="Chi bộ B", kind=UnitKind.CELL, parent=committee)
    secretary_person = PersonFactory(
        unit=cell_a, family_name="Trần", middle_name="Văn", given_name="Bình"
    )
    person_a = PersonFactory(unit=cell_a, family_name="Nguyễn", middle_name="Văn", given_name="An")
    person_b = PersonFactory(unit=cell_b, family_name="Lê", middle_name="Thị", given_name="Đào")
    return Cast(
        committee=committee,
        cell_a=cell_a,
        cell_b=cell_b,
        secretary_a=make_user(
            "bithu_a", role=Role.CELL_SECRETARY, unit=cell_a, person=secretary_person
        ),
        member_a=make_user("dangvien_a", role=Role.MEMBER, person=person_a),
        outsider=make_user("dangvien_b", role=Role.MEMBER, person=person_b),
        officer=make_user("vanphong", role=Role.COMMITTEE_OFFICE, unit=committee),
        admin=make_user("quantri", role=Role.ADMINISTRATOR),
        person_a=person_a,
        person_b=person_b,
    )
