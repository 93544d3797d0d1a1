"""An office clerk browses the tree and finds a member by typing without diacritics."""

from __future__ import annotations

from conftest import PASSWORD
from tests.e2e.conftest import login, screenshot


def test_clerk_opens_the_tree_and_finds_a_member_without_diacritics(page, live_server, cast):
    login(page, live_server, "vanphong", PASSWORD)
    page.click("nav.mainnav >> text=Tổ chức")
    page.click(f"#unit-node-{cast.committee.pk} button.toggle")
    page.wait_for_selector(f"#unit-children-{cast.committee.pk} >> text=Chi bộ A")
    screenshot(page, "tree")

    page.click("text=Đảng bộ Sư đoàn 1")
    page.fill("#member-search", "le thi dao")
    page.wait_for_function(
        "!document.querySelector('#member-list').innerText.includes('Nguyễn Văn An')"
    )
    assert "Lê Thị Đào" in page.inner_text("#member-list")
    screenshot(page, "unit-search")


def test_cell_secretary_sees_only_their_cell(page, live_server, cast):
    login(page, live_server, "bithu_a", PASSWORD)
    page.click("nav.mainnav >> text=Tổ chức")
    tree = page.inner_text("#unit-tree")
    assert "Chi bộ A" in tree
    assert "Chi bộ B" not in tree
    assert "Đảng bộ Sư đoàn 1" not in tree
