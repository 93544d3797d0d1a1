"""The classification API: proposals with their findings, decisions, annulment, quota, confirm."""

from __future__ import annotations

import pytest
from django.test import Client

from kiemdiem.classification.models import Decision
from kiemdiem.classification.tests.test_decisions import voted  # noqa: F401

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_proposals_come_with_their_findings_and_competent_level(cast, voted):  # noqa: F811
    rows = (
        client_for(cast.officer)
        .get("/api/v1/classification/proposals", {"unit_id": cast.committee.pk, "year": 2020})
        .json()
    )
    excellent = [r for r in rows if r["level"] == "HTXSNV"]
    assert len(excellent) == 2
    assert all(r["findings"][0]["code"] == "QUOTA_HTXSNV" for r in excellent)
    assert {r["decider_id"] for r in rows if r["person_id"]} == {cast.committee.pk}


def test_an_error_at_decision_needs_a_reason_over_the_api(cast, voted):  # noqa: F811
    client = client_for(cast.officer)
    assert (
        client.post(
            f"/api/v1/classification/units/{cast.committee.pk}/quota",
            {"action": "confirm", "year": 2020},
            content_type="application/json",
        ).json()["decided"]
        == 5
    )
    first, second = [p for p in voted if p.level == "HTXSNV"]
    url = f"/api/v1/classification/proposals/{first.pk}/decisions"
    assert client.post(url, {"level": "HTXSNV"}, content_type="application/json").status_code == 201
    url = f"/api/v1/classification/proposals/{second.pk}/decisions"
    refused = client.post(url, {"level": "HTXSNV"}, content_type="application/json")
    assert refused.status_code == 422
    assert ["override_reason"] in [e["loc"] for e in refused.json()["detail"]]
    assert not second.decisions.exists()
    body = {"level": "HTXSNV", "override_reason": "Thành tích đột xuất"}
    decided = client.post(url, body, content_type="application/json")
    assert decided.status_code == 201
    assert decided.json()["findings"][0]["code"] == "QUOTA_HTXSNV"
    quota = client.get(f"/api/v1/classification/units/{cast.committee.pk}/quota", {"year": 2020})
    assert quota.json()[0] | {"scope": ""} == {
        "scope_id": cast.committee.pk,
        "scope": "",
        "excellent": 2,
        "good": 5,
        "allowed": 1,
        "over": True,
    }


def test_annulment_over_the_api_keeps_the_history(cast, voted):  # noqa: F811
    client = client_for(cast.officer)
    proposal = next(p for p in voted if p.level == "HTTNV")
    decision = client.post(
        f"/api/v1/classification/proposals/{proposal.pk}/decisions",
        {"level": "HTTNV"},
        content_type="application/json",
    ).json()
    url = f"/api/v1/classification/decisions/{decision['id']}/annulment"
    assert client.post(url, {"reason": ""}, content_type="application/json").status_code == 422
    annulled = client.post(url, {"reason": "Sai sót"}, content_type="application/json").json()
    assert annulled["annulled_reason"] == "Sai sót"
    history = client.get(f"/api/v1/classification/proposals/{proposal.pk}/decisions").json()
    assert [d["annulled_reason"] for d in history["decisions"]] == ["Sai sót"]


def test_a_cell_secretary_cannot_decide_over_the_api(cast, voted):  # noqa: F811
    proposal = next(p for p in voted if p.level == "HTTNV")
    response = client_for(cast.secretary_a).post(
        f"/api/v1/classification/proposals/{proposal.pk}/decisions",
        {"level": "HTTNV"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not Decision.objects.exists()


def test_outsiders_get_404_on_proposals(cast, voted):  # noqa: F811
    proposal = next(p for p in voted if p.person_id == cast.person_a.pk)
    url = f"/api/v1/classification/proposals/{proposal.pk}/decisions"
    assert client_for(cast.officer).get(url).status_code == 200
    assert client_for(cast.outsider).get(url).status_code == 404


def test_a_ballots_proposals_are_listed_without_a_query_per_proposal(
    cast,
    voted,  # noqa: F811
    django_assert_max_num_queries,
):
    client = client_for(cast.officer)
    url = f"/api/v1/classification/ballots/{voted[0].ballot_id}/proposals"
    with django_assert_max_num_queries(10):  # 17 with a decisions query per proposal
        rows = client.get(url).json()
    assert len(rows) == len(voted)
