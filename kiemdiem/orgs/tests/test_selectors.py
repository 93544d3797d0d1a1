"""Scoped reads: who sees which units and people; search; query budgets."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.http import Http404

from kiemdiem.orgs import selectors
from kiemdiem.orgs.models import UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_committee_office_sees_its_whole_subtree(cast):
    codes = set(selectors.units_in_scope(cast.officer).values_list("code", flat=True))
    assert codes == {"DB-01", "CB-A", "CB-B"}


def test_cell_secretary_sees_only_their_cell(cast):
    codes = set(selectors.units_in_scope(cast.secretary_a).values_list("code", flat=True))
    assert codes == {"CB-A"}
    people = set(selectors.people_in_scope(cast.secretary_a))
    assert cast.person_a in people
    assert cast.person_b not in people


def test_member_sees_only_their_own_record(cast):
    assert list(selectors.people_in_scope(cast.member_a)) == [cast.person_a]
    assert not selectors.units_in_scope(cast.member_a).exists()


def test_out_of_scope_object_is_not_found_like_a_missing_one(cast):
    selectors.person_get_for_user(user=cast.officer, pk=cast.person_b.pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=cast.secretary_a, pk=cast.person_b.pk)
    with pytest.raises(Http404):
        selectors.person_get_for_user(user=cast.secretary_a, pk=999_999)


def test_search_without_diacritics_finds_the_member(cast):
    found = selectors.person_list(user=cast.officer, query="nguyen van an")
    assert list(found) == [cast.person_a]


def test_search_with_diacritics_finds_the_same_member(cast):
    assert list(selectors.person_list(user=cast.officer, query="Nguyễn Văn An")) == [cast.person_a]


def test_search_matches_d_with_stroke_typed_as_d(cast):
    assert list(selectors.person_list(user=cast.officer, query="dao")) == [cast.person_b]


def test_search_never_leaves_the_scope(cast):
    assert list(selectors.person_list(user=cast.secretary_a, query="dao")) == []


def test_people_are_listed_in_vietnamese_name_order(cast):
    names = [p.full_name for p in selectors.person_list(user=cast.officer, unit=cast.committee)]
    assert names == ["Nguyễn Văn An", "Trần Văn Bình", "Lê Thị Đào"]


def test_unit_member_page_costs_the_same_queries_however_big_the_tree(
    cast, django_assert_max_num_queries
):
    for index in range(6):
        cell = UnitFactory(code=f"CB-X{index}", kind=UnitKind.CELL, parent=cast.committee)
        for _ in range(10):
            PersonFactory(unit=cell)
    with django_assert_max_num_queries(3):
        page = Paginator(
            selectors.person_list(user=cast.officer, unit=cast.committee), 50
        ).get_page(1)
        [person.unit.name for person in page.object_list]
