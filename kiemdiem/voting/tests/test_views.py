"""Ballot pages and API: a secretary runs the vote and sees counts only; members vote from their
own login or with a printed slip's code; results unseal; receipts prove inclusion only."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.test import Client
from django.urls import reverse

from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.voting import services
from kiemdiem.voting.models import Ballot, BallotSlip, CastBallot

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def ballot(cast) -> Ballot:  # type: ignore[no-untyped-def]
    for _ in range(4):
        PersonFactory(unit=cast.cell_a)
    created = services.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Xếp loại năm 2020", year=2020
    )
    return services.ballot_open(
        actor=cast.secretary_a,
        ballot=created,
        present=services.called_members(cast.cell_a),
    )


def a_code(ballot: Ballot) -> str:
    return BallotSlip.objects.filter(ballot=ballot, used=False).values_list("code", flat=True)[0]


def test_the_runner_sees_a_count_never_a_code_or_a_name_of_who_voted(cast, ballot):
    services.ballot_cast_own(actor=cast.member_a, ballot=ballot, choices={})
    page = (
        client_for(cast.secretary_a)
        .get(reverse("voting:ballot_detail", args=[ballot.pk]))
        .content.decode()
    )
    assert 'id="tally-sealed"' in page
    assert "Đã nhận 1 phiếu / 6" in page
    assert not any(code in page for code in BallotSlip.objects.values_list("code", flat=True))
    assert cast.person_a.full_name not in page


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils)")
def test_the_slips_pdf_holds_every_unused_code(cast, ballot, tmp_path):
    response = client_for(cast.secretary_a).get(reverse("voting:ballot_slips", args=[ballot.pk]))
    assert response["Content-Type"] == "application/pdf"
    (tmp_path / "slips.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "slips.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    codes = list(BallotSlip.objects.values_list("code", flat=True))
    assert len(codes) == 4
    assert all(code in text for code in codes)


def test_a_member_of_the_cell_cannot_print_the_slips(cast, ballot):
    response = client_for(cast.member_a).get(reverse("voting:ballot_slips", args=[ballot.pk]))
    assert response.status_code == 404


def test_a_member_votes_from_their_own_login_on_the_ballot_page(cast, ballot):
    client = client_for(cast.member_a)
    url = reverse("voting:ballot_vote", args=[ballot.pk])
    subject = ballot.subjects.filter(person__isnull=False).first()
    assert f'name="subject-{subject.pk}"' in client.get(url).content.decode()
    done = client.post(url, {f"subject-{subject.pk}": "HTTNV"})
    assert CastBallot.objects.get().receipt in done.content.decode()
    again = client.get(url).content.decode()
    assert "đã bỏ phiếu" in again


def test_a_member_of_another_cell_gets_404_on_the_ballot_page(cast, ballot):
    url = reverse("voting:ballot_vote", args=[ballot.pk])
    assert client_for(cast.outsider).post(url, {}).status_code == 404
    assert not CastBallot.objects.exists()


def test_a_slip_code_votes_once_on_any_device_and_gets_a_receipt(cast, ballot):
    client = client_for(cast.member_a)
    code = a_code(ballot)
    form = client.post(reverse("voting:vote"), {"code": code}).content.decode()
    subject = ballot.subjects.filter(person__isnull=False).first()
    assert f'name="subject-{subject.pk}"' in form
    done = client.post(
        reverse("voting:vote"), {"code": code, "cast": "1", f"subject-{subject.pk}": "HTTNV"}
    )
    receipt = CastBallot.objects.get().receipt
    assert receipt in done.content.decode()


def test_a_used_code_is_refused_with_a_message(cast, ballot):
    client = client_for(cast.member_a)
    code = a_code(ballot)
    client.post(reverse("voting:vote"), {"code": code, "cast": "1"})
    again = client.post(reverse("voting:vote"), {"code": code}).content.decode()
    assert "Mã bỏ phiếu không đúng" in again
    assert CastBallot.objects.count() == 1


def test_closing_unseals_the_tally_and_publishes_receipts(cast, ballot):
    receipt = services.ballot_cast(code=a_code(ballot), choices={})
    client = client_for(cast.secretary_a)
    client.post(reverse("voting:ballot_close", args=[ballot.pk]))
    page = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert 'id="tally"' in page
    assert receipt in page
    check = (
        client_for(cast.member_a)
        .get(reverse("voting:receipt_check"), {"receipt": receipt})
        .content.decode()
    )
    assert ballot.title in check
    assert "HTTNV" not in check


def test_the_other_cells_member_cannot_see_the_ballot(cast, ballot):
    assert (
        client_for(cast.outsider).get(reverse("voting:ballot_detail", args=[ballot.pk])).status_code
        == 404
    )


def test_api_keeps_the_tally_sealed_until_close(cast, ballot):
    client = client_for(cast.secretary_a)
    detail = client.get(f"/api/v1/voting/{ballot.pk}").json()
    assert detail["sealed"] is True
    assert detail["tally"] is None
    code = a_code(ballot)
    subject = detail["subjects"][1]["id"]
    cast_response = client_for(cast.member_a).post(
        "/api/v1/voting/cast",
        {"code": code, "choices": {str(subject): "HTNV"}},
        content_type="application/json",
    )
    assert cast_response.status_code == 200
    closed = client.post(f"/api/v1/voting/{ballot.pk}/close").json()
    row = next(r for r in closed["tally"] if r["subject_id"] == subject)
    assert row["votes"]["HTNV"] == 1


def test_api_cast_with_a_bad_code_names_the_field(cast, ballot):
    response = client_for(cast.member_a).post(
        "/api/v1/voting/cast", {"code": "NOPE", "choices": {}}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["code"]


def test_casting_from_the_page_stays_within_its_query_budget(
    cast, ballot, django_assert_max_num_queries
):
    client = client_for(cast.member_a)
    code = a_code(ballot)
    ticks = {f"subject-{s.pk}": "HTTNV" for s in ballot.subjects.all()}
    # Session, user, code, subjects, then the write transaction (lock the code, mark it, the
    # ballot, its choices) and the page's menu: the busiest request of a vote reads nothing twice.
    with django_assert_max_num_queries(11):
        done = client.post(reverse("voting:vote"), {"code": code, "cast": "1", **ticks})
    assert CastBallot.objects.get().receipt in done.content.decode()
    assert set(CastBallot.objects.get().choices.values_list("level", flat=True)) == {"HTTNV"}


def test_a_cast_with_a_subject_of_another_ballot_is_refused_and_stores_nothing(cast, ballot):
    client = client_for(cast.member_a)
    code = a_code(ballot)
    subject = ballot.subjects.first()
    client.post(reverse("voting:vote"), {"code": code, "cast": "1", "subject-999999": "HTTNV"})
    assert not CastBallot.objects.exists()
    assert not BallotSlip.objects.filter(used=True).exists()
    client.post(
        reverse("voting:vote"), {"code": code, "cast": "1", f"subject-{subject.pk}": "HTNV"}
    )
    assert CastBallot.objects.count() == 1


def test_a_voter_of_the_cell_sees_neither_the_codes_nor_the_roll(cast, ballot):
    assert (
        client_for(cast.secretary_a)
        .get(reverse("voting:ballot_detail", args=[ballot.pk]))
        .status_code
        == 200
    )
    response = client_for(cast.member_a).get(reverse("voting:ballot_detail", args=[ballot.pk]))
    assert response.status_code == 404
    api = client_for(cast.member_a).get(f"/api/v1/voting/{ballot.pk}")
    assert api.status_code == 404


def test_the_slips_print_once_and_a_reprint_needs_a_reason_and_is_audited(cast, ballot):
    from kiemdiem.core.models import AuditEvent

    client = client_for(cast.secretary_a)
    url = reverse("voting:ballot_slips", args=[ballot.pk])
    assert client.get(url)["Content-Type"] == "application/pdf"
    again = client.get(url)
    assert again.status_code == 302  # back to the ballot, with the message
    assert client.get(url, {"reason": "Máy in kẹt giấy"})["Content-Type"] == "application/pdf"
    prints = AuditEvent.objects.filter(verb="ballot_slips_print").order_by("id")
    assert [event.changes["reason"] for event in prints] == ["", "Máy in kẹt giấy"]
    page = client.get(reverse("voting:ballot_detail", args=[ballot.pk])).content.decode()
    assert 'id="slips-printed"' in page


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/voting/", {"unit_id": 0, "title": "x", "year": -1}),
        ("/api/v1/voting/", {"unit_id": 0, "title": "x", "year": 10**20}),
    ],
)
def test_out_of_range_numbers_answer_422_not_500(cast, ballot, path, body):
    body = {**body, "unit_id": cast.cell_a.pk}
    response = client_for(cast.secretary_a).post(path, body, content_type="application/json")
    assert response.status_code == 422


def test_a_huge_teller_id_or_ballot_id_is_not_a_server_error(cast, ballot):
    client = client_for(cast.secretary_a)
    services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    response = client.post(
        f"/api/v1/voting/{ballot.pk}/confirm",
        {"tellers": [10**20, 2**63]},
        content_type="application/json",
    )
    assert response.status_code == 422  # no teller named
    assert client.get(f"/voting/{10**23}/vote/").status_code == 404


def test_the_counts_form_refuses_a_count_past_the_limit(cast):
    created = services.ballot_create(
        actor=cast.secretary_a, unit=cast.cell_a, title="Giơ tay", year=2020, kind="show_of_hands"
    )
    ballot = services.ballot_open(
        actor=cast.secretary_a, ballot=created, present=services.called_members(cast.cell_a)
    )
    client_for(cast.secretary_a).post(
        reverse("voting:counts_enter", args=[ballot.pk]),
        {"ballots_valid": str(2**40), "ballots_blank": "1" + "0" * 20},
    )
    ballot.refresh_from_db()
    assert ballot.ballots_valid == 0
    assert ballot.ballots_blank == 0


def test_a_few_ballots_out_of_a_large_roll_still_warn_of_a_small_group(cast, ballot):
    from kiemdiem.voting import selectors

    code = a_code(ballot)
    services.ballot_cast(code=code, choices={})
    ballot = services.ballot_close(actor=cast.secretary_a, ballot=ballot)
    assert [w.code for w in selectors.ballot_tally(ballot=ballot).warnings] == ["small_group"]
