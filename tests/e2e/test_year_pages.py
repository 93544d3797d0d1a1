"""One whole 2021 year of a grassroots committee and its cell, run through the pages only, in
Chromium, from the roster file to "Đã kết thúc" (the same story and roster as
tests/acceptance/test_year_api.py). Every person acts in their own browser with their own login:

- the administrator (created at installation) imports the roster on the import page, creates
  every member's login on the unit's logins page (the printed sheet gives the one-time
  passwords) and gives the three roles;
- each person signs in with the one-time password and is sent to the password page first;
- the Military Region's office plans, publishes, opens and steps the campaign;
- the cell's secretary drafts the cell's report and circulates it; a member comments on it from
  a phone; the secretary resolves the comment and revises the report;
- each member writes and submits the self-review in a phone-sized window;
- the cell's conference, run by its minutes secretary: roll call, the run-sheet, the report
  adopted at the discussion, a criticism at each member's review, the secret ballot at its step
  (four members vote from their logins, one on a printed slip's code), the tellers, the
  proposals, the minutes signed by the chair and the secretary;
- the grassroots committee's conference, run by its chair (the committee's office);
- the grassroots committee's office decides the cell's members (bulk confirm), then the cell;
  the Military Region's office decides the grassroots committee; both notify; the campaign is
  decided, commended, reported and closed.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from kiemdiem.orgs.tests.roster_files import xlsx
from tests.acceptance.roster import ADMIN, ADMIN_PASSWORD, MEMBERS, OFFICE_PEOPLE, UNITS
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext")

PHONE = {"width": 375, "height": 800}
DESKTOP = {"width": 1280, "height": 900}
CELL = "Chi bộ Đại đội 1"
COMMITTEE = "Đảng bộ Cơ sở 1"
ROOT = "Đảng bộ Quân khu 9X"
OFFICE = OFFICE_PEOPLE["mr_office"]  # Đỗ Văn Phòng
COMMITTEE_OFFICE = OFFICE_PEOPLE["committee_office"]  # Phạm Văn Dũng
SECRETARY = OFFICE_PEOPLE["secretary"]  # Trần Văn Bình
AN, CUC, EM = "Nguyễn Văn An", "Lê Thị Cúc", "Hoàng Văn Em"
CELL_MEMBERS = [SECRETARY, COMMITTEE_OFFICE, AN, CUC, EM]


@dataclass
class Login:
    name: str
    username: str
    one_time: str
    password: str = ""


@dataclass
class Year:
    """The browser windows of the year, one per person and size, kept open between steps."""

    browser: Any
    url: str
    logins: dict[str, Login] = field(default_factory=dict)
    windows: dict[tuple[str, str], Any] = field(default_factory=dict)
    contexts: list[Any] = field(default_factory=list)

    def window(self, who: str, size: str = "desktop") -> Any:
        """The person's window of that size; a new browser context, signed in, the first time
        (the very first sign-in of a login goes through the forced password change)."""
        key = (who, size)
        if key not in self.windows:
            context = self.browser.new_context(
                locale="vi-VN", viewport=PHONE if size == "phone" else DESKTOP
            )
            self.contexts.append(context)
            page = context.new_page()
            page.set_default_timeout(15_000)
            if who == ADMIN:
                sign_in(page, self.url, ADMIN, ADMIN_PASSWORD)
            else:
                login = self.logins[who]
                if login.password:
                    sign_in(page, self.url, login.username, login.password)
                else:
                    login.password = first_sign_in(page, self.url, login, shot=size == "phone")
            self.windows[key] = page
        return self.windows[key]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def sign_in(page, url: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("#login-submit")
    assert page.url == f"{url}/", (username, page.url)


def first_sign_in(page, url: str, login: Login, *, shot: bool) -> str:  # type: ignore[no-untyped-def]
    """Sign in with the one-time password: the password page comes first, whatever is asked."""
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", login.username)
    page.fill("#id_password", login.one_time)
    with page.expect_navigation():
        page.click("#login-submit")
    assert page.url == f"{url}/accounts/password/", (login.username, page.url)
    page.goto(f"{url}/reviews/")
    assert page.url == f"{url}/accounts/password/"
    assert "Mật khẩu bạn được cấp chỉ dùng một lần" in page.inner_text("main")
    new_password = f"Sen-hong-{len(login.name)}-{login.one_time[:3]}-2021!"
    page.fill("#id_old_password", login.one_time)
    page.fill("#id_new_password", new_password)
    page.fill("#id_new_password_again", new_password)
    if shot:
        screenshot(page, "year-04-password-change-375")
    with page.expect_navigation():
        page.click("#password-submit")
    assert page.url == f"{url}/", page.url
    assert "Đã đổi mật khẩu." in page.inner_text(".messages")
    return new_password


def submit(page, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Click a button that posts a form and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def no_errors(page) -> None:  # type: ignore[no-untyped-def]
    errors = page.locator(".messages .error, p.error, ul.errorlist")
    assert errors.count() == 0, errors.all_inner_texts()


def open_unit(page, url: str, *path: str) -> None:  # type: ignore[no-untyped-def]
    """From the organisation tree, open the unit by following the path of names."""
    page.goto(f"{url}/orgs/")
    with page.expect_navigation():
        page.click(f"#unit-tree a:text-is('{path[0]}')")
    for name in path[1:]:
        with page.expect_navigation():
            page.click(f".tree a:text-is('{name}')")
    assert page.inner_text("h1") == path[-1]


def board_row(page, subject: str):  # type: ignore[no-untyped-def]
    """The decision board's row of one subject (its first cell starts with the subject's name)."""
    first = page.locator(
        "td:first-child", has_text=re.compile("^" + re.escape(subject) + "$", re.M)
    )
    return page.locator("tr[id^=proposal-]").filter(has=first)


def pdf_codes(data: bytes, tmp_path) -> list[str]:  # type: ignore[no-untyped-def]
    path = tmp_path / "slips.pdf"
    path.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"\b[A-Z2-9]{8}\b", text)


def write_self_review(page, url: str, name: str, *, shot: bool) -> None:  # type: ignore[no-untyped-def]
    """A member, on a phone, opens the self-review from "Việc cần làm" and fills Mẫu 02."""
    page.goto(f"{url}/")
    with page.expect_navigation():
        page.click("#todo-member a:has-text('Viết bản kiểm điểm')")
    assert "Mẫu 02" in page.inner_text(".rv-form-code")
    assert name in page.inner_text("#form-header")
    for area in page.locator("#self-review-form fieldset textarea.rv-text").all():
        area.fill(f"{name}: nội dung do đồng chí tự viết cho mục này.")
    for group in page.locator("#self-review-form .rv-grades").all():
        group.locator("input[value=T]").check()
    page.select_option("#f-level", "HTTNV")
    page.wait_for_selector("#rules-panel >> text=Mức tự nhận không vi phạm quy định.")
    if shot:
        screenshot(page, "year-09-self-review-375")
    submit(page, "#review-submit")
    no_errors(page)
    assert page.inner_text("#review-status") == "Đã nộp"
    if shot:
        screenshot(page, "year-10-self-review-submitted-375")


def vote_from_login(page, url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{url}/")
    with page.expect_navigation():
        page.click("#todo-member a:has-text('Bỏ phiếu')")
    fill_ballot(page)


def fill_ballot(page) -> None:  # type: ignore[no-untyped-def]
    rows = page.locator("#ballot-form .ballot-row").all()
    assert rows
    for row in rows:
        row.locator("input[value=HTTNV]").check()


def cast(page) -> str:  # type: ignore[no-untyped-def]
    submit(page, "#cast")
    receipt = page.inner_text("#receipt")
    assert len(receipt) == 10, receipt
    return receipt


def run_conference(page, *, criticism_by: str | None, on_votes) -> None:  # type: ignore[no-untyped-def]
    """The runner goes down the run-sheet: the report adopted at the discussion, the
    conclusions, a criticism at each member's review, the ballot at the votes step."""
    conference_url = page.url
    page.wait_for_selector("#attendance")
    rows = [row.get_attribute("id") for row in page.locator("#attendance tbody tr").all()]
    for row in rows:
        page.click(f"#{row} button[value=present]")
        page.wait_for_selector(f"#{row} td.att-status:has-text('Có mặt')")
    submit(page, "#conference-start")
    no_errors(page)
    for _ in range(40):
        if page.locator("#step-complete").count() == 0:
            break
        step = page.inner_text("#runsheet li.current > strong")
        if step == "Thảo luận" and page.locator("#report-adopt").count():
            submit(page, "#report-adopt")
            no_errors(page)
            assert page.inner_text("#collective-report #report-state") == "Đã thông qua"
        if step == "Kết luận về tập thể":
            page.fill("#id_results", "Hoàn thành tốt nhiệm vụ")
            page.fill("#id_directions", "Tiếp tục phát huy")
        if step.startswith("Kiểm điểm đồng chí") and criticism_by and criticism_by not in step:
            page.select_option("#id_speaker", label=criticism_by)
            page.fill("#id_criticism", "Cần sâu sát hơn.")
            submit(page, "#criticism-add")
            no_errors(page)
        if step == "Biểu quyết xếp loại":
            on_votes(page)
            page.goto(conference_url)
        page.fill("#id_notes", "Đã xong")
        submit(page, "#step-complete")
        no_errors(page)
    assert page.inner_text("#conference-state") == "Đã bế mạc", page.inner_text("#conference-state")


@pytest.fixture
def roster_path(transactional_db, tmp_path):  # type: ignore[no-untyped-def]
    # Installation: the one administrator, created by the installer, and the roster file.
    call_command("createsuperuser", "--noinput", username=ADMIN, email="", verbosity=0)
    from kiemdiem.accounts.models import User  # the installer's own step, as `changepassword`

    installer = User.objects.get(username=ADMIN)
    installer.set_password(ADMIN_PASSWORD)
    installer.save()
    path = tmp_path / "danh-sach.xlsx"
    path.write_bytes(xlsx({"Đơn vị": UNITS, "Đảng viên": MEMBERS}))
    return path


def test_a_whole_year_through_the_pages(browser, live_server, roster_path, tmp_path):
    url = live_server.url
    year = Year(browser=browser, url=url)
    try:
        _the_year(year, url, roster_path, tmp_path)
    except Exception:
        for (who, size), page in year.windows.items():  # what each person saw last
            slug = year.logins[who].username if who in year.logins else who
            screenshot(page, f"year-failed-{slug}-{size}")
            print(who, size, page.url, page.inner_text("main")[:1500], sep="\n")
        raise
    finally:
        year.close()


def _the_year(year: Year, url: str, roster_path, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # --- The administrator: the roster, the logins, the roles. --------------------------------
    admin = year.window(ADMIN)
    with admin.expect_navigation():
        admin.click("nav.mainnav a:has-text('Nhập danh sách')")
    admin.set_input_files("#id_files", str(roster_path))
    submit(admin, "#roster-submit")
    admin.wait_for_selector("#import-summary", timeout=30_000)
    assert admin.inner_text("#job-state") == "Hoàn thành"
    assert "Đã nhập xong." in admin.inner_text("#import-summary")
    screenshot(admin, "year-01-import-summary")

    open_unit(admin, url, ROOT)
    with admin.expect_navigation():
        admin.click("#unit-logins")
    assert "6 chưa có tài khoản" in admin.inner_text("#login-summary")
    admin.select_option("#id_output", "print")
    submit(admin, "#logins-create")
    for row in admin.locator("section.print-page table tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        year.logins[cells[1]] = Login(name=cells[1], username=cells[3], one_time=cells[4])
    assert sorted(year.logins) == sorted(row[0] for row in MEMBERS[1:]), year.logins
    screenshot(admin, "year-02-logins-printed")
    with admin.expect_navigation():
        admin.click("a.btn:has-text('Xong')")

    for name, role, path in (
        (OFFICE, "committee_office", (ROOT,)),
        (COMMITTEE_OFFICE, "committee_office", (ROOT, COMMITTEE)),
        (SECRETARY, "cell_secretary", (ROOT, COMMITTEE, CELL)),
    ):
        open_unit(admin, url, *path)
        with admin.expect_navigation():
            admin.click("#unit-logins")
        admin.fill("#grant-form #id_username", year.logins[name].username)
        admin.select_option("#grant-form #id_role", role)
        submit(admin, "#grant-submit")
        no_errors(admin)
        assert "Đã giao vai trò." in admin.inner_text(".messages")
        assert name in admin.inner_text("#unit-grants")
    screenshot(admin, "year-03-grants")

    # --- The Military Region's office plans the year. ----------------------------------------
    office = year.window(OFFICE)
    with office.expect_navigation():
        office.click("nav.mainnav a:has-text('Kiểm điểm')")
    office.fill("#id_title", "Kiểm điểm, xếp loại năm 2021")
    office.fill("#id_year", "2021")
    office.select_option("#id_period", "year")
    roots = office.locator("#id_root_unit option").all_inner_texts()
    assert COMMITTEE in roots, (
        f"The new campaign's «Đơn vị gốc» offers only {roots}: the Military Region's office "
        f"cannot plan the year of {COMMITTEE}, a unit under it (the API can)."
    )
    office.select_option("#id_root_unit", label=COMMITTEE)
    submit(office, "#campaign-create")
    no_errors(office)
    campaign_url = office.url
    assert "r132_hd21" in office.inner_text("#campaign-state")
    plan = office.locator("form.rv-plan")
    plan.locator("[name=plan_number]").fill("12-KH/ĐU")
    plan.locator("[name=cell_conference_due]").fill("2021-12-01")
    plan.locator("[name=grassroots_decision_due]").fill("2021-12-10")
    plan.locator("[name=upper_decision_due]").fill("2021-12-20")
    plan.locator("[name=report_due]").fill("2021-12-31")
    submit(office, "#plan-save")
    no_errors(office)
    assert "12-KH/ĐU" in office.inner_text("main")
    screenshot(office, "year-05-campaign-plan")
    submit(office, "#do-publish")
    no_errors(office)
    office.check("input[name=none_confirmed]")
    submit(office, "#do-issue-hints")
    no_errors(office)
    submit(office, "#do-open")
    office.wait_for_selector("#job-result", timeout=30_000)
    assert "Đã tạo" in office.inner_text("#job-result")
    screenshot(office, "year-06-campaign-opened")
    office.goto(campaign_url)
    assert "Đang chuẩn bị" in office.inner_text("#campaign-state")

    # --- The cell's report: drafted and circulated by the secretary. --------------------------
    secretary = year.window(SECRETARY)
    with secretary.expect_navigation():
        secretary.click("#todo-secretary a:has-text('Xem danh sách')")
    with secretary.expect_navigation():
        secretary.click(f"#reviews a:text-is('{CELL}')")
    assert "/report/" in secretary.url
    report_url = secretary.url
    draft = secretary.locator("#report-draft")
    for area in draft.locator("textarea.rv-text").all():
        area.fill("Chi bộ duy trì nghiêm sinh hoạt định kỳ hằng tháng.")
    for group in draft.locator(".rv-grades").all():
        group.locator("input[value=T]").check()
    secretary.select_option("#r-VII", "HTTNV")
    submit(secretary, "#report-save")
    no_errors(secretary)
    secretary.select_option("#delegates", label=[*CELL_MEMBERS])
    # A comment window of two days; the secretary ends it early once everyone has answered.
    closes = (timezone.localtime() + datetime.timedelta(days=2)).replace(second=0, microsecond=0)
    secretary.fill("#closes-at", closes.strftime("%Y-%m-%dT%H:%M"))
    submit(secretary, "#report-circulate")
    no_errors(secretary)
    assert secretary.inner_text("#report-state") == "Đang xin ý kiến"
    screenshot(secretary, "year-07-report-circulated")

    # --- An comments on the report from a phone, then every member writes the self-review. ----
    an = year.window(AN, "phone")
    with an.expect_navigation():
        an.click("#todo-member a:has-text('Góp ý')")
    an.select_option("#c-section", "II")
    an.fill("#c-text", "Đề nghị bổ sung nguyên nhân chủ quan.")
    submit(an, "#comment-send")
    no_errors(an)
    assert "Đề nghị bổ sung nguyên nhân chủ quan." in an.inner_text("#comments")
    screenshot(an, "year-08-report-comment-375")
    for index, name in enumerate([AN, SECRETARY, COMMITTEE_OFFICE, CUC, EM]):
        write_self_review(year.window(name, "phone"), url, name, shot=index == 0)

    # The secretary resolves the comment and, every delegate having answered, ends the window
    # now and revises the report.
    secretary.goto(report_url)
    comment = secretary.locator("#comments .rv-comment").first
    comment.locator("select[name=resolution]").select_option("accepted")
    comment.locator("input[name=note]").fill("Đã bổ sung.")
    with secretary.expect_navigation():
        comment.locator("button:has-text('Lưu')").click()
    no_errors(secretary)
    secretary.check("#end-window")
    with secretary.expect_navigation():
        secretary.click("#report-revise")
    no_errors(secretary)
    assert secretary.inner_text("#report-state") == "Đã tiếp thu, chỉnh sửa"
    screenshot(secretary, "year-11-report-revised")

    office.goto(campaign_url)
    office.check("input[name=state_track_done]")
    submit(office, "button[value=start_conferences]")
    no_errors(office)
    assert "Đang hội nghị kiểm điểm" in office.inner_text("#campaign-state")

    # --- The cell's conference: chaired by the secretary, minutes by An; Em votes on a slip. ---
    secretary.goto(f"{url}/")
    with secretary.expect_navigation():
        secretary.click("#todo-secretary a:has-text('Lập hội nghị')")
    secretary.fill("#id_place", "Phòng họp chi bộ")
    secretary.fill("#id_starts_at", "2021-11-25T07:30")
    secretary.select_option("#id_chair", label=SECRETARY)
    secretary.select_option("#id_secretary", label=AN)
    submit(secretary, "#conference-create")
    no_errors(secretary)
    conference_url = secretary.url
    runner = year.window(AN)
    runner.goto(f"{url}/conferences/")
    with runner.expect_navigation():
        runner.click(f"#conference-list tr:has-text('{CELL}') a")
    assert runner.url == conference_url

    def cell_votes(page) -> None:  # type: ignore[no-untyped-def]
        page.check(f"#on-paper label:has-text('{EM}') input")
        screenshot(page, "year-12-cell-conference-runsheet")
        submit(page, "#ballot-open")
        no_errors(page)
        assert "Đã nhận 0 phiếu / 5" in page.inner_text("#ballot-progress")
        pdf = page.request.get(f"{page.url}slips.pdf")
        assert pdf.headers["content-type"] == "application/pdf"
        (code,) = pdf_codes(pdf.body(), tmp_path)
        for index, name in enumerate([SECRETARY, COMMITTEE_OFFICE, AN, CUC]):
            voter = year.window(name, "phone")
            vote_from_login(voter, url)
            if index == 0:
                screenshot(voter, "year-13-cell-ballot-login-375")
            cast(voter)
        em = year.window(EM, "phone")
        em.goto(f"{url}/")
        assert "Bỏ phiếu" not in em.inner_text("main")
        em.goto(f"{url}/voting/vote/?code={code}")
        fill_ballot(em)
        screenshot(em, "year-14-cell-ballot-slip-375")
        cast(em)
        page.reload()
        assert "Đã nhận 5 phiếu / 5" in page.inner_text("#ballot-progress")
        submit(page, "#ballot-close")
        page.wait_for_selector("#tally")
        screenshot(page, "year-15-cell-tally")
        page.select_option("select[name=tellers]", label=[AN, EM])
        submit(page, "#ballot-confirm")
        no_errors(page)
        page.wait_for_selector("text=Ban kiểm phiếu đã xác nhận")
        submit(page, "#to-proposals")
        no_errors(page)
        assert "đề xuất xếp loại" in page.inner_text(".messages")

    run_conference(runner, criticism_by=SECRETARY, on_votes=cell_votes)
    for page in (runner, secretary):
        page.goto(conference_url)
        with page.expect_navigation():
            page.click("#to-minutes")
        submit(page, "#minutes-sign")
        no_errors(page)
    assert secretary.locator("#minutes-locked").count() == 1
    screenshot(secretary, "year-16-cell-minutes-signed")
    secretary.goto(campaign_url)
    with secretary.expect_navigation():
        secretary.click("a.btn:has-text('Danh sách bản kiểm điểm')")
    statuses = {
        row.locator("td").nth(0).inner_text(): row.locator("td").nth(3).inner_text()
        for row in secretary.locator("#reviews tbody tr").all()
    }
    assert {statuses[name] for name in [*CELL_MEMBERS, CELL]} == {"Đã biểu quyết"}, statuses

    # --- The grassroots committee's conference: its office chairs, Cúc takes the minutes. -----
    dung = year.window(COMMITTEE_OFFICE)
    with dung.expect_navigation():
        dung.click("nav.mainnav a:has-text('Hội nghị')")
    dung.select_option("#id_unit", label=COMMITTEE)
    with dung.expect_navigation():
        dung.click("button:has-text('Tiếp tục')")
    dung.fill("#id_year", "2021")
    dung.fill("#id_place", "Hội trường")
    dung.fill("#id_starts_at", "2021-12-05T07:30")
    dung.select_option("#id_chair", label=COMMITTEE_OFFICE)
    dung.select_option("#id_secretary", label=CUC)
    submit(dung, "#conference-create")
    no_errors(dung)

    def committee_votes(page) -> None:  # type: ignore[no-untyped-def]
        submit(page, "#ballot-open")
        no_errors(page)
        assert "Đã nhận 0 phiếu / 5" in page.inner_text("#ballot-progress")
        for name in CELL_MEMBERS:
            cast_page = year.window(name, "phone")
            vote_from_login(cast_page, url)
            cast(cast_page)
        page.reload()
        assert "Đã nhận 5 phiếu / 5" in page.inner_text("#ballot-progress")
        submit(page, "#ballot-close")
        page.wait_for_selector("#tally")
        tellers = page.locator("select[name=tellers] option").all_inner_texts()
        screenshot(page, "year-17-committee-tally")
        assert CUC in tellers, (
            f"«Ban kiểm phiếu xác nhận» offers {tellers}: only the members voted on, and the "
            "committee's ballot votes on the collective alone, so no teller can be named."
        )
        page.select_option("select[name=tellers]", label=[CUC])
        submit(page, "#ballot-confirm")
        no_errors(page)
        page.wait_for_selector("text=Ban kiểm phiếu đã xác nhận")
        submit(page, "#to-proposals")
        no_errors(page)

    run_conference(dung, criticism_by=None, on_votes=committee_votes)

    office.goto(campaign_url)
    submit(office, "button[value=start_classification]")
    no_errors(office)
    assert "Đang xếp loại" in office.inner_text("#campaign-state")

    # --- Decisions: the committee's office for the cell's members and the cell; the Military
    # Region's office for the grassroots committee. --------------------------------------------
    dung.goto(f"{url}/")
    assert "đề xuất xếp loại năm 2021 chờ quyết định" in dung.inner_text("#todo-office")
    with dung.expect_navigation():
        dung.click("#todo-office a:has-text('Quyết định')")
    dung.select_option("#id_unit", label=COMMITTEE)
    dung.fill("#id_year", "2021")
    with dung.expect_navigation():
        dung.click("button:has-text('Xem')")
    board_url = dung.url
    submit(dung, "#confirm-form button")
    no_errors(dung)
    assert "Đã quyết định 5 đảng viên theo mức đề xuất" in dung.inner_text(".messages")
    with dung.expect_navigation():
        board_row(dung, CELL).locator("button:text-is('Quyết định')").click()
    no_errors(dung)
    assert "Hoàn thành tốt nhiệm vụ" in board_row(dung, CELL).locator("td").nth(3).inner_text()
    screenshot(dung, "year-18-decision-board-committee")

    office.goto(campaign_url)
    submit(office, "button[value=decide]")
    refused = office.inner_text(".messages")
    assert COMMITTEE in refused, refused  # named, not counted
    office.goto(board_url)
    with office.expect_navigation():
        board_row(office, COMMITTEE).locator("button:text-is('Quyết định')").click()
    no_errors(office)
    assert (
        "Hoàn thành tốt nhiệm vụ" in board_row(office, COMMITTEE).locator("td").nth(3).inner_text()
    )
    screenshot(office, "year-19-decision-board-region")

    dung.goto(board_url)
    submit(dung, "#board-summary button:has-text('Thông báo kết quả')")
    no_errors(dung)
    office.goto(f"{url}/classification/")
    office.select_option("#id_unit", label=ROOT)
    office.fill("#id_year", "2021")
    with office.expect_navigation():
        office.click("button:has-text('Xem')")
    submit(office, "#board-summary button:has-text('Thông báo kết quả')")
    no_errors(office)

    # --- The campaign's last steps. -----------------------------------------------------------
    office.goto(campaign_url)
    submit(office, "button[value=decide]")
    no_errors(office)
    office.check("input[name=results_notified]")
    submit(office, "button[value=start_commendation]")
    no_errors(office)
    office.check("input[name=awards_done]")
    office.fill("#report-number", "30-BC/ĐU")
    submit(office, "button[value=report]")
    no_errors(office)
    office.check("input[name=report_sent]")
    submit(office, "button[value=close]")
    no_errors(office)
    assert "Đã kết thúc" in office.inner_text("#campaign-state")
    screenshot(office, "year-20-campaign-closed")

    an.goto(f"{url}/")
    assert "Kết quả xếp loại năm 2021: Hoàn thành tốt nhiệm vụ" in an.inner_text("#todo-member")
    screenshot(an, "year-21-member-result-375")
