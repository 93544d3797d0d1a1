"""The decision board of a large organization: grouped by unit, the members who need a decision
one by one listed, the rest opened on demand; query budgets that do not grow with the tree;
subjects named by their names, not by database ids."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from kiemdiem.classification import services
from kiemdiem.classification.models import Proposal
from kiemdiem.classification.tests.trees import ADMITTED, build_tree
from kiemdiem.orgs.models import Person, Unit
from kiemdiem.orgs.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BOARD_BUDGET = 45
CONFIRM_BUDGET = 30


def board(client: Client, unit: Unit, **params: object) -> str:
    response = client.get("/classification/", {"unit": unit.pk, "year": 2020, **params})
    assert response.status_code == 200
    return response.content.decode()


def proposal_of(person: Person) -> Proposal:
    return Proposal.objects.get(person=person, year=2020)


@pytest.mark.parametrize(("cells", "members"), [(6, 8), (10, 12)])
def test_the_board_stays_within_one_query_budget_whatever_the_size_of_the_tree(
    cells, members, django_assert_max_num_queries
):
    tree = build_tree(cells=cells, members=members)
    # Decided rows too (the HTTNV members): their decider is shown in the opened cell.
    services.decisions_confirm(actor=tree.officer, unit=tree.top, year=2020)
    client = Client()
    client.force_login(tree.officer)
    with django_assert_max_num_queries(BOARD_BUDGET):
        page = board(client, tree.top, cell=tree.cells[0].pk)
    assert page.count('class="decide-form"') == 2 * cells * (3 + 1) + 2


@pytest.mark.parametrize(("cells", "members"), [(6, 8), (10, 12)])
def test_confirming_stays_within_one_query_budget_whatever_the_size_of_the_tree(
    cells, members, django_assert_max_num_queries
):
    tree = build_tree(cells=cells, members=members)
    with django_assert_max_num_queries(CONFIRM_BUDGET):
        made, left = services.decisions_confirm(actor=tree.officer, unit=tree.top, year=2020)
    assert (len(made), len(left)) == (2 * cells * (members - 3), 2 * cells * 3)


def test_a_large_board_lists_only_the_members_who_need_a_decision_one_by_one():
    tree = build_tree(cells=6, members=8)
    client = Client()
    client.force_login(tree.officer)
    page = board(client, tree.top)
    cell = tree.cells[0]
    excellent, good = tree.people[0], tree.people[3]
    assert f'id="proposal-{proposal_of(excellent).pk}"' in page
    assert f'id="proposal-{proposal_of(good).pk}"' not in page
    assert f'id="proposal-{Proposal.objects.get(unit=cell).pk}"' in page
    assert f"cell={cell.pk}#cell-{cell.pk}" in page  # the link that opens the cell


def test_opening_a_cell_lists_every_member_of_that_cell_only():
    tree = build_tree(cells=6, members=8)
    client = Client()
    client.force_login(tree.officer)
    page = board(client, tree.top, cell=tree.cells[0].pk)
    in_first_cell, in_second_cell = tree.people[3], tree.people[8 + 3]
    assert f'id="proposal-{proposal_of(in_first_cell).pk}"' in page
    assert f'id="proposal-{proposal_of(in_second_cell).pk}"' not in page


def test_an_htmx_request_for_a_cell_answers_that_cells_rows_alone():
    tree = build_tree(cells=6, members=8)
    client = Client()
    client.force_login(tree.officer)
    cell = tree.cells[1]
    response = client.get(
        "/classification/",
        {"unit": tree.top.pk, "year": 2020, "cell": cell.pk},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<tbody id="cell-{cell.pk}"')
    assert 'id="quota"' not in fragment
    assert fragment.count('id="proposal-') == 8 + 1


def test_folding_a_cell_again_answers_only_the_rows_that_need_a_decision_one_by_one():
    tree = build_tree(cells=6, members=8)
    client = Client()
    client.force_login(tree.officer)
    cell = tree.cells[1]
    params = {"unit": tree.top.pk, "year": 2020, "cell": cell.pk}
    opened = client.get("/classification/", params, headers={"HX-Request": "true"})
    assert opened.content.decode().count('id="proposal-') == 8 + 1
    params["closed"] = 1
    folded = client.get("/classification/", params, headers={"HX-Request": "true"})
    assert folded.content.decode().count('id="proposal-') == 3 + 1


def test_an_htmx_request_for_a_cell_outside_the_board_unit_is_not_found():
    tree = build_tree(cells=2, members=2)
    client = Client()
    client.force_login(tree.officer)
    params = {"unit": tree.organizations[0].pk, "year": 2020, "cell": tree.cells[0].pk}
    assert client.get("/classification/", params, headers={"HX-Request": "true"}).status_code == 200
    params["cell"] = tree.cells[-1].pk  # a cell of the other organization
    response = client.get("/classification/", params, headers={"HX-Request": "true"})
    assert response.status_code == 404


def test_the_board_names_a_member_in_the_findings_without_the_database_id(cast):
    newcomer = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 16), official_on=None
    )
    services.proposal_set(
        actor=cast.officer, year=2020, level="HTXSNV", proposed_by=cast.cell_a, person=newcomer
    )
    client = Client()
    client.force_login(cast.officer)
    page = board(client, cast.committee)
    assert f"Đồng chí {newcomer.full_name} " in page
    assert f"(P{newcomer.pk})" not in page


def test_a_refused_decision_names_the_member_without_the_database_id(cast):
    newcomer = PersonFactory(
        unit=cast.cell_a, admitted_on=datetime.date(2020, 6, 16), official_on=None
    )
    proposal = services.proposal_set(
        actor=cast.officer, year=2020, level="HTXSNV", proposed_by=cast.cell_a, person=newcomer
    )
    with pytest.raises(ValidationError) as refused:
        services.decision_make(actor=cast.officer, proposal=proposal, level="HTXSNV")
    assert any(m.startswith(f"Đồng chí {newcomer.full_name} ") for m in refused.value.messages)
    assert not any(f"P{newcomer.pk}" in m for m in refused.value.messages)


def test_a_decision_goes_back_to_the_board_rather_than_to_another_site(cast):
    person = PersonFactory(unit=cast.cell_a, admitted_on=ADMITTED)
    proposal = services.proposal_set(
        actor=cast.officer, year=2020, level="HTTNV", proposed_by=cast.cell_a, person=person
    )
    client = Client()
    client.force_login(cast.officer)
    response = client.post(
        f"/classification/proposals/{proposal.pk}/decide/",
        {"level": "HTTNV", "next": "https://example.com/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/classification/"
    assert proposal.decisions.get().level == "HTTNV"


@pytest.mark.parametrize(("cells", "members"), [(6, 8), (10, 12)])
def test_the_proposals_api_stays_within_one_query_budget_whatever_the_size_of_the_tree(
    cells, members, django_assert_max_num_queries
):
    tree = build_tree(cells=cells, members=members)
    services.decisions_confirm(actor=tree.officer, unit=tree.top, year=2020)
    client = Client()
    client.force_login(tree.officer)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(
            "/api/v1/classification/proposals", {"unit_id": tree.top.pk, "year": 2020}
        )
    rows = response.json()
    assert len(rows) == 2 * cells * (members + 1) + 2
    assert sum(len(r["decisions"]) for r in rows) == 2 * cells * (members - 3)
