"""The clerk of an upper committee opens a board too large to list every member: each cell shows
the members who need a decision one by one; opening a cell loads its other rows in place; a
member decided there shows the decision when the page comes back."""

from __future__ import annotations

from conftest import PASSWORD
from kiemdiem.classification.models import Proposal
from kiemdiem.classification.tests.trees import build_tree
from tests.e2e.conftest import login, screenshot


def test_the_clerk_opens_a_cell_of_a_large_board_and_decides_there(page, live_server, db):
    tree = build_tree(cells=6, members=8)
    cell, good = tree.cells[0], tree.people[3]
    proposal = Proposal.objects.get(person=good, year=2020)
    login(page, live_server, tree.officer.username, PASSWORD)
    page.goto(f"{live_server.url}/classification/?unit={tree.top.pk}&year=2020")
    group = f"#cell-{cell.pk}"
    assert "cần quyết định riêng" in page.inner_text(group)
    assert good.full_name not in page.inner_text(group)
    screenshot(page, "decision-board-large")

    page.click(f"{group} a.group-toggle")  # htmx loads the cell's rows in place
    page.wait_for_selector(f"#proposal-{proposal.pk}")
    assert "cell=" not in page.url  # swapped in place, not a new page
    assert page.locator(f"{group} tr[id^=proposal-]").count() == 8 + 1
    page.locator(f"#proposal-{proposal.pk} button:has-text('Quyết định')").click()
    page.wait_for_selector(f"#proposal-{proposal.pk} >> text=Hủy quyết định")
    screenshot(page, "decision-board-cell-open")
    assert proposal.decisions.get().level == "HTTNV"
