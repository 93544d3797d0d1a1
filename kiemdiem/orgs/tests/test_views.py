"""Organization pages as a signed-in user sees them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kiemdiem.orgs import services
from kiemdiem.orgs.models import UnitKind
from kiemdiem.orgs.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_tree_shows_the_offices_root_unit(cast):
    response = client_for(cast.officer).get(reverse("orgs:unit_tree"))
    assert "Đảng bộ Sư đoàn 1" in response.content.decode()


def test_tree_children_load_as_an_htmx_fragment(cast):
    response = client_for(cast.officer).get(
        reverse("orgs:unit_children", args=[cast.committee.pk]), headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Chi bộ A" in body
    assert "Chi bộ B" in body
    assert "<html" not in body


def test_unit_page_lists_members_in_name_order(cast):
    body = (
        client_for(cast.officer)
        .get(reverse("orgs:unit_detail", args=[cast.committee.pk]))
        .content.decode()
    )
    assert body.index("Nguyễn Văn An") < body.index("Trần Văn Bình") < body.index("Lê Thị Đào")


def test_live_search_returns_only_the_member_list_partial(cast):
    response = client_for(cast.officer).get(
        reverse("orgs:unit_detail", args=[cast.committee.pk]),
        {"q": "le thi dao"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert 'id="member-list"' in body
    assert "Lê Thị Đào" in body
    assert "Nguyễn Văn An" not in body
    assert "<html" not in body


def test_unit_page_shows_leadership_body_head_first(cast):
    body = services.body_create(
        actor=None, unit=cast.committee, kind="ban_thuong_vu", term_start=cast.person_a.admitted_on
    )
    deputy = PersonFactory(unit=cast.cell_a, family_name="Âu", middle_name="", given_name="Anh")
    services.seat_add(
        actor=None,
        body=body,
        person=deputy,
        position="pho_bi_thu",
        start=body.term_start,
        command_title="Tư lệnh",
    )
    services.seat_add(
        actor=None,
        body=body,
        person=cast.person_b,
        position="bi_thu",
        start=body.term_start,
        command_title="Chính ủy",
    )
    page = (
        client_for(cast.officer)
        .get(reverse("orgs:unit_detail", args=[cast.committee.pk]))
        .content.decode()
    )
    assert page.index("Chính ủy") < page.index("Tư lệnh")


def test_person_page_shows_membership_history_after_a_transfer(cast):
    services.person_transfer(
        actor=None,
        person=cast.person_a,
        to_unit=cast.cell_b,
        on=cast.person_a.admitted_on.replace(year=2020),
    )
    page = (
        client_for(cast.officer)
        .get(reverse("orgs:person_detail", args=[cast.person_a.pk]))
        .content.decode()
    )
    history = page[page.index('id="membership-history"') :]
    assert history.index("Chi bộ A") < history.index("Chi bộ B")


def test_person_search_page_finds_by_name_without_diacritics(cast):
    page = (
        client_for(cast.officer)
        .get(reverse("orgs:person_search"), {"q": "tran van binh"})
        .content.decode()
    )
    assert "Trần Văn Bình" in page


def test_cell_secretary_cannot_open_the_other_cell(cast):
    client = client_for(cast.secretary_a)
    assert client.get(reverse("orgs:unit_detail", args=[cast.cell_a.pk])).status_code == 200
    assert client.get(reverse("orgs:unit_detail", args=[cast.cell_b.pk])).status_code == 404


def test_member_opens_their_own_record_but_not_a_colleagues(cast):
    client = client_for(cast.member_a)
    assert client.get(reverse("orgs:person_detail", args=[cast.person_a.pk])).status_code == 200
    colleague = PersonFactory(unit=cast.cell_a)
    assert client.get(reverse("orgs:person_detail", args=[colleague.pk])).status_code == 404


def test_dates_are_shown_as_dd_mm_yyyy(cast):
    page = (
        client_for(cast.officer)
        .get(reverse("orgs:person_detail", args=[cast.person_a.pk]))
        .content.decode()
    )
    assert cast.person_a.date_of_birth.strftime("%d/%m/%Y") in page


def test_english_switch_translates_the_interface(cast):
    client = client_for(cast.officer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("orgs:unit_tree")).content.decode()
    assert 'lang="en"' in page
    assert "Party organization tree" in page
    assert "Cây tổ chức đảng" not in page


def test_unit_tree_page_query_count_does_not_grow_with_children(
    cast, django_assert_max_num_queries
):
    for index in range(8):
        UnitFactory(code=f"EXTRA{index}", kind=UnitKind.CELL, parent=cast.committee)
    client = client_for(cast.officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("orgs:unit_detail", args=[cast.committee.pk]))
