"""Ballot pages and API: a secretary runs the vote, members vote with codes, results unseal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kiemdiem.orgs.tests.factories import PersonFactory
from kiemdiem.voting import services
from kiemdiem.voting.models import Ballot, CastBallot

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
    return services.ballot_open(actor=cast.secretary_a, ballot=created)


def test_secretary_sees_the_codes_to_hand_out_and_a_sealed_result(cast, ballot):
    page = (
        client_for(cast.secretary_a)
        .get(reverse("voting:ballot_detail", args=[ballot.pk]))
        .content.decode()
    )
    assert ballot.roll.first().code in page
    assert 'id="tally-sealed"' in page


def test_member_votes_with_a_code_and_gets_a_receipt(cast, ballot):
    client = client_for(cast.member_a)
    code = ballot.roll.first().code
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
    code = ballot.roll.first().code
    client.post(reverse("voting:vote"), {"code": code, "cast": "1"})
    again = client.post(reverse("voting:vote"), {"code": code}).content.decode()
    assert "Mã bỏ phiếu không đúng" in again
    assert CastBallot.objects.count() == 1


def test_closing_unseals_the_tally_and_publishes_receipts(cast, ballot):
    receipt = services.ballot_cast(code=ballot.roll.first().code, choices={})
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
    code = ballot.roll.first().code
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
    code = ballot.roll.first().code
    ticks = {f"subject-{s.pk}": "HTTNV" for s in ballot.subjects.all()}
    # Session, user, code, subjects, then the write transaction (lock the code, mark it, the
    # ballot, its choices) and the page's menu: the busiest request of a vote reads nothing twice.
    with django_assert_max_num_queries(11):
        done = client.post(reverse("voting:vote"), {"code": code, "cast": "1", **ticks})
    assert CastBallot.objects.get().receipt in done.content.decode()
    assert set(CastBallot.objects.get().choices.values_list("level", flat=True)) == {"HTTNV"}


def test_a_cast_with_a_subject_of_another_ballot_is_refused_and_stores_nothing(cast, ballot):
    client = client_for(cast.member_a)
    code = ballot.roll.first().code
    subject = ballot.subjects.first()
    client.post(reverse("voting:vote"), {"code": code, "cast": "1", "subject-999999": "HTTNV"})
    assert not CastBallot.objects.exists()
    assert not ballot.roll.filter(used=True).exists()
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
