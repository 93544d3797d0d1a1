"""The subtree member list: ancestor columns and stored totals stay right after every write, and
its pages match the plain path query (same people, same order) at a fixed query cost."""

from __future__ import annotations

import datetime

import pytest
from django.core.paginator import Paginator

from kiemdiem.orgs import selectors, services
from kiemdiem.orgs.models import ANCESTOR_DEPTHS, ANCESTOR_FIELDS, Person, Unit, UnitKind
from kiemdiem.orgs.roster.importer import roster_import
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory
from kiemdiem.orgs.tests.roster_files import MEMBERS, UNITS, good_roster, xlsx

pytestmark = pytest.mark.django_db


def assert_derived_columns_match_the_paths() -> None:
    """Every person's ancestors follow their cell's path; every total counts its subtree."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    for person in Person.objects.all():
        path = paths[person.unit_id]
        lineage = [int(path[i : i + 10]) for i in range(0, len(path), 10)]
        expected = [lineage[d] if d < len(lineage) else None for d in range(ANCESTOR_DEPTHS)]
        assert [getattr(person, name) for name in ANCESTOR_FIELDS] == expected, person
    for unit in Unit.objects.all():
        under = Person.objects.filter(
            unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound
        ).count()
        assert unit.member_total == under, unit.code


def reference_ids(unit: Unit) -> list[int]:
    """The list as it was read before the ancestor index: the path range, in name order."""
    return list(
        Person.objects.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        .order_by("sort_key", "id")
        .values_list("pk", flat=True)
    )


def paged_ids(user, unit: Unit, size: int) -> list[int]:  # type: ignore[no-untyped-def]
    unit = selectors.unit_get_for_user(user=user, pk=unit.pk)
    paginator = Paginator(selectors.person_list_paged(user=user, unit=unit), size)
    return [person.pk for n in paginator.page_range for person in paginator.page(n).object_list]


@pytest.fixture
def tree(cast):  # type: ignore[no-untyped-def]
    """Below the cast's committee: a partial committee with two cells, each with members."""
    partial = UnitFactory(code="BP-1", kind=UnitKind.PARTIAL_COMMITTEE, parent=cast.committee)
    cells = [UnitFactory(code=f"BP-1-C{i}", parent=partial) for i in range(2)]
    for cell in cells:
        for _ in range(4):
            PersonFactory(unit=cell)
    return partial, cells


def test_a_created_member_is_counted_on_every_ancestor_and_indexed_under_them(cast, tree):
    partial, cells = tree
    assert_derived_columns_match_the_paths()
    cast.committee.refresh_from_db()
    assert cast.committee.member_total == 3 + 8
    person = Person.objects.filter(unit=cells[0]).first()
    assert (person.ancestor0, person.ancestor1, person.ancestor2, person.ancestor3) == (
        cast.committee.pk,
        partial.pk,
        cells[0].pk,
        None,
    )


def test_a_transfer_moves_the_member_out_of_one_subtree_and_into_another(cast, tree):
    partial, cells = tree
    person = Person.objects.filter(unit=cells[0]).first()
    services.person_transfer(
        actor=None, person=person, to_unit=cast.cell_b, on=datetime.date(2024, 3, 1)
    )
    assert_derived_columns_match_the_paths()
    partial.refresh_from_db()
    assert partial.member_total == 7
    assert person.pk in paged_ids(cast.admin, cast.cell_b, 50)
    assert person.pk not in paged_ids(cast.admin, partial, 50)


def test_moving_a_unit_rewrites_its_members_ancestors_and_both_sides_totals(cast, tree):
    partial, _cells = tree
    other = UnitFactory(code="DB-02", kind=UnitKind.GRASSROOTS_COMMITTEE)
    services.unit_move(actor=None, unit=partial, new_parent=other)
    assert_derived_columns_match_the_paths()
    cast.committee.refresh_from_db()
    other.refresh_from_db()
    assert (cast.committee.member_total, other.member_total) == (3, 8)
    assert paged_ids(cast.admin, other, 3) == reference_ids(other)


def test_moving_a_cell_up_a_level_shifts_its_members_ancestors(cast, tree):
    _partial, cells = tree
    services.unit_move(actor=None, unit=cells[1], new_parent=cast.committee)
    cells[1].refresh_from_db()
    assert_derived_columns_match_the_paths()
    assert paged_ids(cast.admin, cells[1], 3) == reference_ids(cells[1])


def test_a_tree_deeper_than_the_ancestor_columns_still_lists_and_moves_right(cast):
    parent = cast.committee
    chain = []
    for depth in range(ANCESTOR_DEPTHS + 1):
        parent = UnitFactory(code=f"D{depth}", kind=UnitKind.PARTIAL_COMMITTEE, parent=parent)
        chain.append(parent)
    deep_cell = UnitFactory(code="D-CELL", parent=parent)
    people = [PersonFactory(unit=deep_cell) for _ in range(3)]
    deep_cell.refresh_from_db()
    assert deep_cell.ancestor_field is None
    assert [p.pk for p in selectors.person_list(user=cast.admin, unit=deep_cell)] == (
        reference_ids(deep_cell)
    )
    # Lifting the chain's lower half brings people whose deep ancestors were never stored.
    services.unit_move(actor=None, unit=chain[4], new_parent=cast.committee)
    assert_derived_columns_match_the_paths()
    assert sorted(paged_ids(cast.admin, chain[4], 2)) == sorted(p.pk for p in people)


def test_a_name_change_moves_the_member_to_their_new_place_in_the_list(cast, tree):
    partial, cells = tree
    person = Person.objects.filter(unit=cells[0]).first()
    services.person_update(actor=None, person=person, given_name="Ă", family_name="A")
    assert paged_ids(cast.admin, partial, 3)[0] == person.pk
    services.person_update(actor=None, person=person, given_name="Ỹ", family_name="Ỹ")
    assert paged_ids(cast.admin, partial, 3)[-1] == person.pk
    assert paged_ids(cast.admin, partial, 3) == reference_ids(partial)


def test_an_import_sets_ancestors_and_totals_and_a_reimport_with_a_transfer_keeps_them():
    assert roster_import(actor=None, files=[("r.xlsx", good_roster())]).ok
    assert_derived_columns_match_the_paths()
    assert Unit.objects.get(code="F1").member_total == len(MEMBERS) - 1
    moved = [list(row) for row in MEMBERS]
    moved[1][6] = "F1-C2"
    units = [*UNITS, ["F2", "Đảng bộ Trung đoàn 2", "Đảng bộ cơ sở", ""]]
    units[3] = ["F1-C2", "Chi bộ Đại đội 2", "Chi bộ", "F2"]
    report = roster_import(
        actor=None, files=[("r.xlsx", xlsx({"Đơn vị": units, "Đảng viên": moved}))]
    )
    assert report.ok
    assert_derived_columns_match_the_paths()
    assert Unit.objects.get(code="F2").member_total == 3


def test_a_dry_run_import_leaves_the_totals_alone():
    report = roster_import(actor=None, files=[("r.xlsx", good_roster())], dry_run=True)
    assert report.ok
    assert not Unit.objects.exists()
    assert roster_import(actor=None, files=[("r.xlsx", good_roster())]).ok
    moved = [list(row) for row in MEMBERS]
    moved[1][6] = "F1-C2"
    files = [("r.xlsx", xlsx({"Đảng viên": moved}))]
    assert roster_import(actor=None, files=files, dry_run=True).ok
    assert Unit.objects.get(code="F1-C1").member_total == 2
    assert_derived_columns_match_the_paths()


@pytest.mark.parametrize("size", [1, 3, 4, 7, 50])
def test_every_page_matches_the_path_query_including_pages_read_from_the_end(cast, tree, size):
    partial, _cells = tree
    for unit in (cast.committee, partial):
        assert paged_ids(cast.officer, unit, size) == reference_ids(unit)


def test_the_paged_list_of_a_unit_above_a_cell_secretary_shows_only_their_cell(cast, tree):
    own = selectors.person_list_paged(user=cast.secretary_a, unit=cast.cell_a)
    assert [p.pk for p in Paginator(own, 50).page(1).object_list] == reference_ids(cast.cell_a)
    above = selectors.person_list_paged(user=cast.secretary_a, unit=cast.committee)
    assert [p.pk for p in Paginator(above, 50).page(1).object_list] == reference_ids(cast.cell_a)


def test_iterating_the_paged_list_gives_the_whole_subtree_in_order(cast, tree):
    listed = selectors.person_list_paged(user=cast.officer, unit=cast.committee)
    assert [p.pk for p in listed] == reference_ids(cast.committee)


def test_a_search_inside_a_unit_keeps_name_order_and_the_subtree(cast, tree):
    found = selectors.person_list_paged(user=cast.officer, unit=cast.committee, query="van")
    assert [p.full_name for p in found] == ["Nguyễn Văn An", "Trần Văn Bình"] + [
        p.full_name
        for p in Person.objects.filter(
            unit__parent__code="BP-1", name_folded__contains="van"
        ).order_by("sort_key", "id")
    ]


@pytest.mark.parametrize("size", [10, 50])
def test_a_member_page_costs_the_same_queries_for_any_page_size_and_depth(
    cast, size, django_assert_num_queries
):
    for index in range(4):
        cell = UnitFactory(code=f"CB-Y{index}", parent=cast.committee)
        for _ in range(30):
            PersonFactory(unit=cell)
    unit = selectors.unit_get_for_user(user=cast.officer, pk=cast.committee.pk)
    paginator = Paginator(selectors.person_list_paged(user=cast.officer, unit=unit), size)
    for number in (1, paginator.num_pages // 2 + 1, paginator.num_pages):
        with django_assert_num_queries(1):
            page = paginator.page(number)
            assert len([person.unit.code for person in page.object_list]) > 0


def test_the_unit_page_lists_the_whole_subtree_in_a_fixed_number_of_queries(
    client, cast, django_assert_max_num_queries
):
    for index in range(4):
        cell = UnitFactory(code=f"CB-Z{index}", parent=cast.committee)
        for _ in range(30):
            PersonFactory(unit=cell)
    client.force_login(cast.officer)
    with django_assert_max_num_queries(12):
        response = client.get(f"/orgs/units/{cast.committee.pk}/?page=3")
    assert response.status_code == 200
    expected = reference_ids(cast.committee)[100:150]
    assert [p.pk for p in response.context["page"].object_list] == expected


def test_the_people_api_pages_the_subtree_like_the_path_query(client, cast, tree):
    client.force_login(cast.officer)
    response = client.get(
        "/api/v1/people", {"unit_id": cast.committee.pk, "page": 2, "page_size": 4}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 11
    assert [item["id"] for item in body["items"]] == reference_ids(cast.committee)[4:8]


def walk(client, unit: Unit, *, start: int, step: int, key: str) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """Follow the unit page's next (step 1) or previous (step -1) links from page `start`."""
    pages = []
    url = f"/orgs/units/{unit.pk}/?page={start}"
    while url:
        response = client.get(url)
        context = response.context
        pages.append([p.pk for p in context["page"].object_list])
        page = context["page"]
        more = page.has_next() if step == 1 else page.has_previous()
        url = (
            f"/orgs/units/{unit.pk}/?page={page.number + step}&{key}={context['seek_' + key]}"
            if more
            else ""
        )
    return pages


@pytest.fixture
def big_committee(cast):  # type: ignore[no-untyped-def]
    for index in range(3):
        cell = UnitFactory(code=f"CB-W{index}", parent=cast.committee)
        for _ in range(45):
            PersonFactory(unit=cell)
    return cast.committee


def test_following_next_links_reads_every_page_in_order(client, cast, big_committee):
    client.force_login(cast.officer)
    pages = walk(client, big_committee, start=1, step=1, key="after")
    assert [pk for page in pages for pk in page] == reference_ids(big_committee)
    assert [len(page) for page in pages] == [50, 50, 38]


def test_following_previous_links_reads_every_page_back_to_the_first(client, cast, big_committee):
    client.force_login(cast.officer)
    pages = walk(client, big_committee, start=3, step=-1, key="before")
    assert [pk for page in reversed(pages) for pk in page] == reference_ids(big_committee)


def test_a_next_link_seeks_in_the_index_instead_of_skipping(
    client, cast, big_committee, django_assert_max_num_queries
):
    client.force_login(cast.officer)
    first = client.get(f"/orgs/units/{big_committee.pk}/")
    after = first.context["seek_after"]
    with django_assert_max_num_queries(12) as captured:
        second = client.get(f"/orgs/units/{big_committee.pk}/?page=2&after={after}")
    assert [p.pk for p in second.context["page"].object_list] == reference_ids(big_committee)[
        50:100
    ]
    page_query = next(q["sql"] for q in captured.captured_queries if "LIMIT" in q["sql"])
    assert "OFFSET" not in page_query


def test_a_bookmark_that_is_not_one_is_ignored(client, cast, big_committee):
    client.force_login(cast.officer)
    response = client.get(f"/orgs/units/{big_committee.pk}/?page=2&after=x';--")
    assert [p.pk for p in response.context["page"].object_list] == reference_ids(big_committee)[
        50:100
    ]


def test_the_paged_list_answers_single_positions_like_a_list(cast, tree):
    listed = selectors.person_list_paged(user=cast.officer, unit=cast.committee)
    expected = reference_ids(cast.committee)
    assert (listed[0].pk, listed[-1].pk, listed[5].pk) == (expected[0], expected[-1], expected[5])
    with pytest.raises(IndexError):
        listed[len(expected)]
