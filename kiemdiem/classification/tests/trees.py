"""A tree big enough to show an N+1 on the decision board: two grassroots committees under an
upper committee, with proposals for every member, cell and organization."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from conftest import make_user
from kiemdiem.accounts.models import Role, User
from kiemdiem.classification import services
from kiemdiem.orgs.models import Person, Unit, UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory

ADMITTED = datetime.date(2010, 1, 1)


@dataclass
class Tree:
    top: Unit
    officer: User
    organizations: list[Unit]
    cells: list[Unit]
    people: list[Person]


def build_tree(*, cells: int, members: int) -> Tree:
    """Two grassroots committees under an upper committee, `cells` cells each with `members`
    members. In every cell three members are proposed HTXSNV and the rest HTTNV, which breaks
    each organization's quota, so every cell has members who need a decision one by one."""
    top = UnitFactory(code="DB-T", name="Đảng bộ Quân khu", kind=UnitKind.PARTY_COMMITTEE)
    officer = make_user("vanphong_qk", role=Role.COMMITTEE_OFFICE, unit=top)
    tree = Tree(top=top, officer=officer, organizations=[], cells=[], people=[])
    for g in range(2):
        org = UnitFactory(
            code=f"DB-{g}",
            name=f"Đảng bộ Trung đoàn {g + 1}",
            kind=UnitKind.GRASSROOTS_COMMITTEE,
            parent=top,
        )
        tree.organizations.append(org)
        for c in range(cells):
            cell = UnitFactory(code=f"CB-{g}-{c:02d}", name=f"Chi bộ {g + 1}.{c + 1}", parent=org)
            tree.cells.append(cell)
            for m in range(members):
                person = PersonFactory(
                    unit=cell, admitted_on=ADMITTED, official_on=ADMITTED.replace(2011)
                )
                tree.people.append(person)
                services.proposal_set(
                    actor=officer,
                    year=2020,
                    level="HTXSNV" if m < 3 else "HTTNV",
                    proposed_by=cell,
                    person=person,
                )
            services.proposal_set(
                actor=officer, year=2020, level="HTTNV", proposed_by=cell, unit=cell
            )
        services.proposal_set(actor=officer, year=2020, level="HTTNV", proposed_by=org, unit=org)
    return tree
