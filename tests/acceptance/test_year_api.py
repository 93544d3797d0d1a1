"""One whole 2021 year of a grassroots committee and its cell, run through the API by scripts with
Bearer tokens only (each request a fresh client that enforces CSRF), from the roster file to
"Đã kết thúc". Every person acts with their own login:

- the administrator (created at installation) imports the roster, creates every member's login
  and gives the three roles: the Military Region's office, the grassroots committee's office and
  the cell's secretary;
- the Military Region's office plans and steps the campaign;
- each member changes the one-time password, writes and submits a self-review, and votes;
- the secretary drafts the cell's report, circulates it, revises it; a member comments on it;
- the chair (the secretary) and the minutes secretary run the cell's conference;
- the grassroots committee's office runs its own conference and decides for the cell;
- the Military Region's office decides the grassroots committee and closes the year.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kiemdiem.reviews.tests.helpers import full_answers
from tests.acceptance.roster import ADMIN, ADMIN_PASSWORD, OFFICE_PEOPLE, roster_file

# Background jobs start when their transaction commits, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


class Script:
    """A script holding one Bearer token: every call is a new client enforcing CSRF."""

    def __init__(self, token: str) -> None:
        self.token = token

    def call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        client = Client(enforce_csrf_checks=True)
        headers = {"Authorization": f"Bearer {self.token}"}
        url = f"/api/v1{path}"
        if method == "get":
            return client.get(url, body or {}, headers=headers)
        if extra.get("files"):
            return client.post(url, extra["files"], headers=headers)
        return getattr(client, method)(
            url, body if body is not None else {}, content_type="application/json", headers=headers
        )

    def ok(self, method: str, path: str, body: Any = None, status: int = 200, **extra: Any) -> Any:
        response = self.call(method, path, body, **extra)
        assert response.status_code == status, (path, response.status_code, response.content[:600])
        return response.json() if response.content and "json" in response["Content-Type"] else None


def sign_in_for_token(username: str, password: str, *, new_password: str = "") -> Script:
    """What a person does once in the browser: sign in (changing a one-time password) and create
    a token on their account page. Every form carries its CSRF token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    assert response.status_code == 302, response.content[:300]
    if new_password:
        page = client.get("/accounts/me/")
        assert page.status_code == 302
        assert "/accounts/password/" in page["Location"]
        changed = client.post(
            "/accounts/password/",
            {
                "old_password": password,
                "new_password": new_password,
                "new_password_again": new_password,
                "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            },
        )
        assert changed.status_code == 302, changed.content[:600]
    client.get("/accounts/me/")
    created = client.post(
        "/api/v1/me/tokens",
        {"name": "script"},
        content_type="application/json",
        headers={"X-CSRFToken": client.cookies["csrftoken"].value},
    )
    assert created.status_code == 201, created.content[:300]
    return Script(created.json()["token"])


def pdf_text(data: bytes, tmp_path) -> str:  # type: ignore[no-untyped-def]
    path = tmp_path / "slips.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def run_conference(
    runner: Script,
    *,
    conference: dict[str, Any],
    present: list[int],
    criticism_by: int | None,
    on_paper: list[int],
    voters: dict[int, Script],
    slip_voter: Script | None,
    tellers: list[int],
    tmp_path,  # type: ignore[no-untyped-def]
) -> int:
    """Roll call, the run-sheet step by step (the report adopted at the discussion), the secret
    ballot at its step, the tellers' confirmation, the proposals, closing; returns the ballot."""
    cid = conference["id"]
    for person_id in present:
        runner.ok(
            "post", f"/conferences/{cid}/attendance", {"person_id": person_id, "status": "present"}
        )
    runner.ok("post", f"/conferences/{cid}/transitions", {"action": "start"})
    ballot_id = 0
    while True:
        step = next(
            (s for s in runner.ok("get", f"/conferences/{cid}/agenda") if not s["done"]), None
        )
        if step is None:
            return ballot_id
        if step["kind"] == "discussion":
            report = runner.ok("get", f"/conferences/{cid}/report")
            if report["adoptable"]:
                runner.ok("post", f"/conferences/{cid}/report/adopt")
        if step["kind"] == "conclusions":
            runner.ok(
                "post",
                f"/conferences/{cid}/conclusions",
                {"results": "Hoàn thành tốt nhiệm vụ", "directions": "Tiếp tục phát huy"},
            )
        if step["kind"] == "self_criticism" and criticism_by and step["person_id"] != criticism_by:
            runner.ok(
                "post",
                f"/conferences/{cid}/criticisms",
                {"item_id": step["id"], "speaker_id": criticism_by, "text": "Cần sâu sát hơn."},
                status=201,
            )
        if step["kind"] == "votes":
            ballot_id = runner.ok(
                "post", f"/conferences/{cid}/ballot", {"on_paper": on_paper}, status=201
            )["ballot_id"]
            detail = runner.ok("get", f"/voting/{ballot_id}")
            assert "roll" not in detail
            assert detail["roll_size"] == len(present)
            choices = {str(s["id"]): "HTTNV" for s in detail["subjects"]}
            for voter in voters.values():
                voter.ok("post", f"/voting/{ballot_id}/vote", {"choices": choices})
            if slip_voter is not None:
                pdf = runner.call("get", f"/voting/{ballot_id}/slips.pdf")
                assert pdf.status_code == 200
                codes = re.findall(r"\b[A-Z2-9]{8}\b", pdf_text(pdf.content, tmp_path))
                assert len(codes) == len(on_paper)
                for code in codes:
                    slip_voter.ok("post", "/voting/cast", {"code": code, "choices": choices})
            closed = runner.ok("post", f"/voting/{ballot_id}/close")
            assert closed["voted"] == len(present)
            runner.ok("post", f"/voting/{ballot_id}/confirm", {"tellers": tellers})
            runner.ok("post", f"/classification/ballots/{ballot_id}/proposals", status=201)
        runner.ok("post", f"/conferences/{cid}/agenda", {"item_id": step["id"], "notes": "Đã xong"})


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
def test_a_whole_year_through_the_api_with_tokens_only(tmp_path):
    # Installation: the one administrator, created by the installer.
    call_command("createsuperuser", "--noinput", username=ADMIN, email="", verbosity=0)
    from kiemdiem.accounts.models import User  # the installer's own step, as `changepassword`

    installer = User.objects.get(username=ADMIN)
    installer.set_password(ADMIN_PASSWORD)
    installer.save()
    admin = sign_in_for_token(ADMIN, ADMIN_PASSWORD)

    # The roster file, imported in the background.
    job = admin.ok("post", "/imports/", files={"files": roster_file()}, status=202)
    imported = admin.ok("get", f"/imports/{job['id']}")
    assert imported["state"] == "succeeded", str(imported)[:1500]
    units = {u["code"]: u for u in admin.ok("get", "/units")}
    root = units["QK9X"]["id"]
    tree = {u["code"]: u["id"] for u in admin.ok("get", f"/units/{root}/subtree")["items"]}
    committee, cell = tree["DBCS1"], tree["DBCS1-C1"]

    # Logins for everyone, handed out on paper; the three roles.
    issued = {
        row["full_name"]: row for row in admin.ok("post", f"/units/{root}/logins", status=201)
    }
    assert len(issued) == 6
    for name, role, unit in (
        (OFFICE_PEOPLE["mr_office"], "committee_office", root),
        (OFFICE_PEOPLE["committee_office"], "committee_office", committee),
        (OFFICE_PEOPLE["secretary"], "cell_secretary", cell),
    ):
        admin.ok(
            "post",
            f"/units/{unit}/grants",
            {"username": issued[name]["username"], "role": role},
            status=201,
        )
    scripts = {
        name: sign_in_for_token(
            row["username"], row["password"], new_password="Rung-tram-2021!"
        )
        for name, row in issued.items()
    }
    office = scripts[OFFICE_PEOPLE["mr_office"]]
    committee_office = scripts[OFFICE_PEOPLE["committee_office"]]
    secretary = scripts[OFFICE_PEOPLE["secretary"]]
    members = {
        name: script for name, script in scripts.items() if name != OFFICE_PEOPLE["mr_office"]
    }
    person_ids = {
        p["full_name"]: p["id"] for p in admin.ok("get", "/people", {"unit_id": cell})["items"]
    }

    # The plan: the rule pack in force for 2021; a wrong pack is refused.
    refused = office.call(
        "post",
        "/reviews/campaigns",
        {
            "title": "Kiểm điểm 2021",
            "year": 2021,
            "root_unit_id": committee,
            "rule_pack": "r366_hd43",
        },
    )
    assert refused.status_code == 422
    campaign = office.ok(
        "post",
        "/reviews/campaigns",
        {
            "title": "Kiểm điểm, xếp loại năm 2021",
            "year": 2021,
            "root_unit_id": committee,
            "cell_conference_due": "2021-12-01",
            "grassroots_decision_due": "2021-12-10",
            "upper_decision_due": "2021-12-20",
            "report_due": "2021-12-31",
        },
        status=201,
    )
    assert campaign["rule_pack"] == "r132_hd21"
    cid = campaign["id"]
    office.ok("patch", f"/reviews/campaigns/{cid}/plan", {"plan_number": "12-KH/ĐU"})
    office.ok("post", f"/reviews/campaigns/{cid}/transitions", {"action": "publish"})
    office.ok(
        "post",
        f"/reviews/campaigns/{cid}/transitions",
        {"action": "issue_hints", "none_confirmed": True},
    )
    office.ok("post", f"/reviews/campaigns/{cid}/open", status=202)
    assert office.ok("get", f"/reviews/campaigns/{cid}")["state"] == "preparing"

    # Each member writes and submits their self-review.
    for script in members.values():
        (review,) = [r for r in script.ok("get", "/reviews/mine") if r["campaign_id"] == cid]
        script.ok(
            "put",
            f"/reviews/reviews/{review['id']}/draft",
            {"answers": full_answers(review["form_code"]), "self_level": "HTTNV"},
        )
        script.ok("post", f"/reviews/reviews/{review['id']}/submit")

    # The cell's report: drafted, circulated, one comment, revised.
    cell_review = next(
        r
        for r in secretary.ok("get", f"/reviews/campaigns/{cid}/reviews", {"unit_id": cell})[
            "items"
        ]
        if r["kind"] == "unit" and r["unit_id"] == cell
    )
    report = secretary.ok(
        "put",
        f"/reviews/reviews/{cell_review['id']}/report",
        {"sections": {**full_answers("01"), "VII": {"level": "HTTNV"}}},
    )
    from django.utils import timezone

    now = timezone.now()
    secretary.ok(
        "post",
        f"/reviews/reports/{report['id']}/circulate",
        {
            "delegate_ids": list(person_ids.values()),
            "opens_at": (now - timezone.timedelta(minutes=1)).isoformat(),
            "closes_at": (now + timezone.timedelta(seconds=3)).isoformat(),
        },
    )
    an = scripts["Nguyễn Văn An"]
    comment = an.ok(
        "post",
        f"/reviews/reports/{report['id']}/comments",
        {"text": "Đề nghị bổ sung nguyên nhân chủ quan.", "section": "II"},
        status=201,
    )
    secretary.ok(
        "post",
        f"/reviews/comments/{comment['id']}/resolve",
        {"resolution": "accepted", "note": "Đã bổ sung."},
    )
    time.sleep(3.2)
    secretary.ok("post", f"/reviews/reports/{report['id']}/revise")

    office.ok(
        "post",
        f"/reviews/campaigns/{cid}/transitions",
        {"action": "start_conferences", "state_track_done": True},
    )

    # The cell's conference: chaired by its secretary, minutes by An; Em votes on a slip.
    bình, an_id, em = (
        person_ids[OFFICE_PEOPLE["secretary"]],
        person_ids["Nguyễn Văn An"],
        person_ids["Hoàng Văn Em"],
    )
    conference = secretary.ok(
        "post",
        "/conferences/",
        {
            "unit_id": cell,
            "year": 2021,
            "place": "Phòng họp chi bộ",
            "starts_at": "2021-11-25T07:30:00+07:00",
            "chair_id": bình,
            "secretary_id": an_id,
        },
        status=201,
    )
    early = an.call("post", f"/conferences/{conference['id']}/ballot", {})
    assert early.status_code == 422  # no ballot before its step of the run-sheet
    ballot = run_conference(
        an,
        conference=conference,
        present=list(person_ids.values()),
        criticism_by=bình,
        on_paper=[em],
        voters={pid: members[name] for name, pid in person_ids.items() if pid != em},
        slip_voter=an,
        tellers=[an_id, em],
        tmp_path=tmp_path,
    )
    assert ballot
    for script in (secretary, an):
        script.ok("post", f"/conferences/{conference['id']}/minutes")
    assert secretary.ok("get", f"/conferences/{conference['id']}/minutes")["locked"] is True
    statuses = {
        r["label"]: r["status"]
        for r in secretary.ok("get", f"/reviews/campaigns/{cid}/reviews", {"unit_id": cell})[
            "items"
        ]
    }
    assert set(statuses.values()) == {"voted"}, statuses

    # The grassroots committee's conference: every member of its cells is called; they were
    # heard at the cell, so only the collective is reviewed and voted on.
    dũng = person_ids[OFFICE_PEOPLE["committee_office"]]
    cúc = person_ids["Lê Thị Cúc"]
    conference2 = committee_office.ok(
        "post",
        "/conferences/",
        {
            "unit_id": committee,
            "year": 2021,
            "place": "Hội trường",
            "starts_at": "2021-12-05T07:30:00+07:00",
            "chair_id": dũng,
            "secretary_id": cúc,
        },
        status=201,
    )
    run_conference(
        committee_office,
        conference=conference2,
        present=list(person_ids.values()),
        criticism_by=None,
        on_paper=[],
        voters={pid: members[name] for name, pid in person_ids.items()},
        slip_voter=None,
        tellers=[cúc],
        tmp_path=tmp_path,
    )

    office.ok("post", f"/reviews/campaigns/{cid}/transitions", {"action": "start_classification"})

    # The grassroots committee decides its cell's members, then the cell; the Military Region
    # decides the grassroots committee.
    confirmed = committee_office.ok(
        "post", f"/classification/units/{committee}/quota", {"action": "confirm", "year": 2021}
    )
    assert confirmed["decided"] == 5
    proposals = committee_office.ok(
        "get", "/classification/proposals", {"unit_id": committee, "year": 2021}
    )
    cell_proposal = next(p for p in proposals if p["unit_id"] == cell)
    committee_office.ok(
        "post",
        f"/classification/proposals/{cell_proposal['id']}/decisions",
        {"level": "HTTNV"},
        status=201,
    )
    refused = office.call("post", f"/reviews/campaigns/{cid}/transitions", {"action": "decide"})
    assert refused.status_code == 422
    assert "Đảng bộ Cơ sở 1" in refused.json()["detail"][0]["msg"]  # named, not counted
    top = next(
        p
        for p in office.ok("get", "/classification/proposals", {"unit_id": committee, "year": 2021})
        if p["unit_id"] == committee
    )
    office.ok(
        "post", f"/classification/proposals/{top['id']}/decisions", {"level": "HTTNV"}, status=201
    )
    committee_office.ok(
        "post", f"/classification/units/{committee}/quota", {"action": "notify", "year": 2021}
    )
    office.ok("post", f"/classification/units/{root}/quota", {"action": "notify", "year": 2021})

    for body in (
        {"action": "decide"},
        {"action": "start_commendation", "results_notified": True},
        {"action": "report", "awards_done": True, "report_number": "30-BC/ĐU"},
        {"action": "close", "report_sent": True},
    ):
        office.ok("post", f"/reviews/campaigns/{cid}/transitions", body)
    final = office.ok("get", f"/reviews/campaigns/{cid}")
    assert final["state"] == "closed"
    mine = an.ok("get", "/reviews/mine")
    assert [r["status"] for r in mine if r["campaign_id"] == cid] == ["decided"]
