"""Roster import: the derived columns of new people are those every other write gives them."""

from __future__ import annotations

import datetime

import pytest

from kiemdiem.core import text
from kiemdiem.orgs.models import CellMembership, Person, ancestor_values
from kiemdiem.orgs.naming import name_columns
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.roster_files import MEMBERS, UNITS, xlsx

pytestmark = pytest.mark.django_db

# Names that share parts, differ only by tone or case, have one word or extra spaces.
EXTRA_MEMBERS = [
    ["Nguyễn Văn Ân", "02/01/1981", "Nam", "01000011", "05/02/2005", "", "F1-C1", "", ""],
    ["nguyễn  văn an", "02/01/1982", "Nam", "01000012", "05/02/2005", "", "F1-C2", "", ""],
    ["Tôn Nữ Thị Bích", "15/08/1990", "Nữ", "01000013", "19/05/2015", "", "F1-C1", "", ""],
    ["Bích", "15/08/1991", "Nữ", "01000014", "19/05/2015", "", "F1-C2", "", ""],
]


def import_members() -> None:
    data = xlsx({"Đơn vị": UNITS, "Đảng viên": [*MEMBERS, *EXTRA_MEMBERS]})
    report = roster_import(actor=None, files=[("roster.xlsx", data)])
    assert report.ok, report.errors


def test_imported_people_get_the_name_columns_name_columns_computes():
    import_members()
    people = list(Person.objects.all())
    assert len(people) == len(MEMBERS) - 1 + len(EXTRA_MEMBERS)
    for person in people:
        parts, _single = text.split_full_name(person.full_name)
        expected = name_columns(
            family_name=parts.family_name,
            middle_name=parts.middle_name,
            given_name=parts.given_name,
            date_of_birth=person.date_of_birth,
        )
        stored = {name: getattr(person, name) for name in expected}
        assert stored == expected


def test_imported_people_carry_their_cells_lineage_and_open_a_membership_on_admission():
    import_members()
    for person in Person.objects.select_related("unit"):
        stored = {name: getattr(person, name) for name in ancestor_values(person.unit.path)}
        assert stored == ancestor_values(person.unit.path)
        membership = CellMembership.objects.get(person=person)
        assert (membership.unit_id, membership.start, membership.end) == (
            person.unit_id,
            person.admitted_on,
            None,
        )


def test_imported_dates_and_times_read_back_as_written():
    import_members()
    person = Person.objects.get(card_number="01000011")
    assert (person.date_of_birth, person.admitted_on, person.official_on) == (
        datetime.date(1981, 1, 2),
        datetime.date(2005, 2, 5),
        None,
    )
    assert person.created_at == person.updated_at
    assert person.created_at.tzinfo is not None


def test_people_are_sorted_by_given_name_then_family_name_after_an_import():
    import_members()
    names = list(Person.objects.order_by("sort_key", "id").values_list("full_name", flat=True))
    assert names.index("Nguyễn Văn An") < names.index("Nguyễn Văn Ân")
    assert names.index("Nguyễn Văn Ân") < names.index("Trần Thị Bích")
