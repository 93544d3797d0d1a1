"""A chair runs a short conference of a seven-member standing committee end to end; five members
vote by secret ballot, four from their own logins on phone-sized windows and one with a printed
slip's code; the tellers confirm; the tally and the proposals appear; the higher level decides."""

from __future__ import annotations

import datetime
import re
import subprocess

from django.utils import timezone

from conftest import PASSWORD, make_user
from kiemdiem.conferences import services as conference_services
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.tests.factories import PersonFactory
from tests.e2e.conftest import login, screenshot

NAMES = ["Sơn", "Tùng", "Bảo", "Cúc", "Dũng", "Em", "Giang"]


def test_standing_committee_conference_vote_and_decision(browser, page, live_server, cast, tmp_path):
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
    # The two absent members have no step: they are reviewed later, never classified unheard.
    for _ in range(4):
        page.click("#step-complete")
    screenshot(page, "conference-runsheet")
    page.check(f"#on-paper input[value='{people[4].pk}']")
    page.click("#ballot-open")
    page.wait_for_selector("#ballot-progress")
    assert "Đã nhận 0 phiếu / 5" in page.inner_text("#ballot-progress")
    assert people[1].full_name not in page.inner_text("main")  # no roll of names, no codes
    ballot_url = page.url
    pdf = page.request.get(f"{ballot_url}slips.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "slips.pdf").write_bytes(pdf.body())
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "slips.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    codes = re.findall(r"\b[A-Z2-9]{8}\b", text)
    assert len(codes) == 1  # one member votes on paper

    # Four members vote from their own logins, found on their "Việc cần làm"; the fifth enters
    # the code of the slip handed to them in the room.
    for index in range(5):
        context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 800})
        voter = context.new_page()
        voter.set_default_timeout(10_000)
        login(voter, live_server, f"btv{index}", PASSWORD)
        if index < 4:
            voter.click("#todo-member a:has-text('Bỏ phiếu')")
        else:
            assert "Bỏ phiếu" not in voter.inner_text("main")
            voter.goto(f"{live_server.url}/voting/vote/?code={codes[0]}")
        for row in voter.locator("#ballot-form .ballot-row").all():
            row.locator("input[value=HTTNV]").check()
        if index in (0, 4):
            screenshot(voter, f"secret-ballot-{'login' if index == 0 else 'slip'}-375")
        voter.click("#cast")
        assert len(voter.inner_text("#receipt")) == 10
        context.close()

    page.reload()
    assert "Đã nhận 5 phiếu / 5" in page.inner_text("#ballot-progress")
    page.click("#ballot-close")
    page.wait_for_selector("#tally")
    tally = page.inner_text("#tally")
    assert tally.count("HTTNV") >= 7
    screenshot(page, "tally")
    page.select_option("select[name=tellers]", [str(p.pk) for p in people[2:5]])
    page.click("#ballot-confirm")
    page.wait_for_selector("text=Ban kiểm phiếu đã xác nhận")
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
