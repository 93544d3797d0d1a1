"""A chair runs a short conference of a seven-member standing committee end to end; five members
vote by secret ballot from their own browsers; the tally and the proposals appear; the higher
level decides."""

from __future__ import annotations

import datetime

from django.utils import timezone

from conftest import PASSWORD, make_user
from kiemdiem.conferences import services as conference_services
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.tests.factories import PersonFactory
from tests.e2e.conftest import login, screenshot

NAMES = ["Sơn", "Tùng", "Bảo", "Cúc", "Dũng", "Em", "Giang"]


def test_standing_committee_conference_vote_and_decision(browser, page, live_server, cast):
    body = org_services.body_create(
        actor=None, unit=cast.committee, kind="ban_thuong_vu", term_start=datetime.date(2020, 10, 1)
    )
    # Admitted long before the review: a random admission within 6 months of 15/12/2020 would
    # make the member not classified and the decision below need a written reason.
    people = [
        PersonFactory(
            unit=cast.cell_a,
            family_name="Lê",
            middle_name="Văn",
            given_name=name,
            admitted_on=datetime.date(2005, 3, 1),
            official_on=datetime.date(2006, 3, 1),
        )
        for name in NAMES
    ]
    positions = ["bi_thu", "pho_bi_thu"] + ["uy_vien_btv"] * 5
    for person, position in zip(people, positions, strict=True):
        org_services.seat_add(
            actor=None, body=body, person=person, position=position, start=body.term_start
        )
    users = [make_user(f"btv{index}", person=person) for index, person in enumerate(people)]
    conference = conference_services.conference_create(
        actor=cast.officer,
        unit=cast.committee,
        body=body,
        year=2020,
        place="Hội trường Bộ Tư lệnh",
        starts_at=timezone.make_aware(datetime.datetime(2020, 11, 20, 7, 30)),
        chair=people[0],
        secretary=people[2],
    )

    # The chair checks members in: five present, two absent with a reason.
    login(page, live_server, "btv0", PASSWORD)
    page.goto(f"{live_server.url}/conferences/{conference.pk}/")
    for person in people[:5]:
        page.click(f"#attendance-{person.pk} button[value=present]")
        page.wait_for_selector(f"#attendance-{person.pk} td.att-status:has-text('Có mặt')")
    for person in people[5:]:
        page.fill(f"#attendance-{person.pk} input[name=reason]", "Đi công tác")
        page.click(f"#attendance-{person.pk} button[value=absent]")
        page.wait_for_selector(f"#attendance-{person.pk} td.att-status:has-text('Đi công tác')")
    assert "Có mặt 5/7" in page.inner_text("#quorum")
    page.click("#conference-start")

    # Through the run-sheet to the votes, with one criticism at the head's review.
    for _ in range(5):
        page.click("#step-complete")
    page.fill("#id_criticism", "Đồng chí cần sâu sát cơ sở hơn.")
    page.click("#criticism-add")
    page.fill("#id_reply", "Tiếp thu.")
    page.click("#step-complete")
    for _ in range(6):
        page.click("#step-complete")
    screenshot(page, "conference-runsheet")
    page.click("#ballot-open")
    page.wait_for_selector("#voter-codes")
    codes = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(1).inner_text()
        for row in page.locator("#voter-codes tbody tr").all()
    }
    assert len(codes) == 5

    # Five members vote from their own browsers.
    for index, person in enumerate(people[:5]):
        context = browser.new_context(locale="vi-VN")
        voter = context.new_page()
        login(voter, live_server, f"btv{index}", PASSWORD)
        voter.goto(f"{live_server.url}/voting/vote/")
        voter.fill("#id_code", codes[person.full_name])
        voter.click("#code-submit")
        for row in voter.locator("#ballot-form tbody tr").all():
            row.locator("input[value=HTTNV]").check()
        if index == 0:
            screenshot(voter, "secret-ballot")
        voter.click("#cast")
        assert len(voter.inner_text("#receipt")) == 10
        context.close()

    page.reload()
    assert "5/5" in page.inner_text("#ballot-progress")
    page.click("#ballot-close")
    page.wait_for_selector("#tally")
    tally = page.inner_text("#tally")
    assert tally.count("HTTNV") >= 7
    screenshot(page, "tally")
    page.click("#to-proposals")
    page.wait_for_selector("text=đề xuất xếp loại")

    # The higher level decides.
    office = browser.new_context(locale="vi-VN")
    decider = office.new_page()
    login(decider, live_server, "vanphong", PASSWORD)
    decider.goto(f"{live_server.url}/classification/?unit={cast.committee.pk}&year=2020")
    board = decider.inner_text("#proposals")
    assert "Ban Thường vụ" in board  # the body's own proposal, beside its members'
    assert "Không vi phạm" in board  # the rule check beside each proposal
    row = decider.locator(f"#proposals tr:has-text('{people[1].full_name}')")
    row.locator("button:has-text('Quyết định')").click()
    decider.wait_for_selector(
        f"#proposals tr:has-text('{people[1].full_name}') >> text=Hoàn thành tốt nhiệm vụ"
    )
    screenshot(decider, "decision-board")
    office.close()
    assert users[1].person.results.get(year=2020).level == "HTTNV"
