"""Writes to the organization: tree paths, moves, transfers, audit rows, refusals."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs import services
from kiemdiem.orgs.models import CellMembership, DecisionScope, Person, PersonStatus, Unit, UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def subtree_codes(unit: Unit) -> set[str]:
    unit.refresh_from_db()
    return set(
        Unit.objects.filter(path__gte=unit.path, path__lt=unit.path_upper_bound).values_list(
            "code", flat=True
        )
    )


def test_subtree_query_returns_the_unit_and_all_descendants_only():
    root = UnitFactory(code="R", kind=UnitKind.PARTY_COMMITTEE)
    left = UnitFactory(code="L", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=root)
    UnitFactory(code="L1", parent=left)
    right = UnitFactory(code="X", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=root)
    UnitFactory(code="X1", parent=right)
    assert subtree_codes(left) == {"L", "L1"}
    assert subtree_codes(root) == {"R", "L", "L1", "X", "X1"}


def test_moving_a_unit_moves_its_whole_subtree():
    root = UnitFactory(code="R", kind=UnitKind.PARTY_COMMITTEE)
    old_parent = UnitFactory(code="A", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=root)
    new_parent = UnitFactory(code="B", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=root)
    moving = UnitFactory(code="M", kind=UnitKind.PARTIAL_COMMITTEE, parent=old_parent)
    UnitFactory(code="M1", parent=moving)

    services.unit_move(actor=None, unit=moving, new_parent=new_parent)

    assert subtree_codes(old_parent) == {"A"}
    assert subtree_codes(new_parent) == {"B", "M", "M1"}
    moved_child = Unit.objects.get(code="M1")
    assert moved_child.depth == 3
    assert Unit.objects.get(code="M").parent == new_parent


def test_a_unit_cannot_move_under_its_own_descendant():
    root = UnitFactory(code="R", kind=UnitKind.PARTY_COMMITTEE)
    child = UnitFactory(code="C", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=root)
    with pytest.raises(ValidationError):
        services.unit_move(actor=None, unit=root, new_parent=child)
    assert subtree_codes(root) == {"R", "C"}


def test_unit_codes_are_unique():
    UnitFactory(code="CB-1")
    with pytest.raises(ValidationError):
        services.unit_create(
            actor=None, code="CB-1", name="Chi bộ khác", kind=UnitKind.CELL, parent=None
        )
    assert Unit.objects.filter(code="CB-1").count() == 1


def test_person_create_stores_normalized_name_parts_and_search_columns():
    cell = UnitFactory()
    person = services.person_create(
        actor=None,
        unit=cell,
        full_name="  Nguyễn\u00a0Thị  Ánh   Tuyết ",
        date_of_birth=datetime.date(1990, 2, 3),
        gender="nu",
        admitted_on=datetime.date(2015, 5, 19),
        official_on=None,
        card_number=None,
    )
    assert (person.family_name, person.middle_name, person.given_name) == (
        "Nguyễn",
        "Thị Ánh",
        "Tuyết",
    )
    assert person.full_name == "Nguyễn Thị Ánh Tuyết"
    assert person.name_folded == "nguyen thi anh tuyet"
    assert person.status == PersonStatus.PROBATIONARY
    assert person.memberships.get().unit == cell


def test_two_people_cannot_share_a_card_number():
    cell = UnitFactory()
    PersonFactory(unit=cell, card_number="01234567")
    with pytest.raises(ValidationError):
        PersonFactory(unit=cell, card_number="01234567")
    assert Person.objects.filter(card_number="01234567").count() == 1


def test_transfer_closes_the_old_membership_and_keeps_the_history():
    old_cell, new_cell = UnitFactory(), UnitFactory()
    person = PersonFactory(unit=old_cell, admitted_on=datetime.date(2010, 5, 19))

    services.person_transfer(
        actor=None, person=person, to_unit=new_cell, on=datetime.date(2020, 3, 1)
    )

    history = list(CellMembership.objects.filter(person=person).order_by("start"))
    assert [(m.unit, m.end) for m in history] == [
        (old_cell, datetime.date(2020, 3, 1)),
        (new_cell, None),
    ]
    person.refresh_from_db()
    assert person.unit == new_cell


def test_every_write_leaves_an_audit_row_with_the_changed_values(cast):
    services.person_update(actor=cast.officer, person=cast.person_a, rank="Đại úy")
    event = AuditEvent.objects.filter(verb="person_update").get()
    assert event.actor == cast.officer
    assert event.changes["rank"] == ["", "Đại úy"]


def test_a_cell_secretary_cannot_change_records(cast):
    services.person_update(actor=cast.officer, person=cast.person_a, rank="Trung úy")
    with pytest.raises(PermissionDenied):
        services.person_update(actor=cast.secretary_a, person=cast.person_a, rank="Thiếu tá")
    cast.person_a.refresh_from_db()
    assert cast.person_a.rank == "Trung úy"


def test_an_office_cannot_write_outside_its_subtree(cast):
    other_root = UnitFactory(code="KHAC", kind=UnitKind.PARTY_COMMITTEE)
    with pytest.raises(PermissionDenied):
        services.unit_create(
            actor=cast.officer, code="NEW", name="Chi bộ mới", kind=UnitKind.CELL, parent=other_root
        )
    assert not Unit.objects.filter(code="NEW").exists()


def test_default_decider_of_cell_members_is_the_grassroots_committee(cast):
    assert services.default_decider(cast.cell_a, DecisionScope.MEMBERS) == cast.committee
    edge = services.decides_for_set(
        actor=None, decider=cast.committee, subject=cast.cell_a, scope=DecisionScope.ORGANIZATION
    )
    assert edge.decider == cast.committee
    assert cast.cell_a.parent == cast.committee


def test_a_transfer_dated_before_the_current_membership_began_is_refused():
    old_cell, new_cell = UnitFactory(), UnitFactory()
    person = PersonFactory(unit=old_cell, admitted_on=datetime.date(2010, 5, 19))
    services.person_transfer(
        actor=None, person=person, to_unit=new_cell, on=datetime.date(2018, 1, 2)
    )

    with pytest.raises(ValidationError) as refused:
        services.person_transfer(
            actor=None, person=person, to_unit=old_cell, on=datetime.date(2017, 12, 31)
        )

    assert refused.value.error_list[0].code == "transfer_before_start"
    person.refresh_from_db()
    assert person.unit == new_cell
    assert CellMembership.objects.filter(person=person).count() == 2
