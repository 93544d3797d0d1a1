"""The conference API runs the same run-sheet as the pages, for the chair and the secretary."""

from __future__ import annotations

import pytest
from django.test import Client

from conftest import make_user
from kiemdiem.conferences.models import Conference
from kiemdiem.conferences.tests.test_conferences import committee, make_conference  # noqa: F401

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_a_conference_is_created_and_run_to_signed_minutes_over_the_api(cast, committee):  # noqa: F811
    body, people = committee
    chair, secretary = make_user("chutri", person=people[0]), make_user("thuky", person=people[2])
    office = client_for(cast.officer)
    created = office.post(
        "/api/v1/conferences/",
        {
            "unit_id": cast.committee.pk,
            "body_id": body.pk,
            "year": 2020,
            "place": "Hội trường",
            "starts_at": "2020-11-20T07:30:00+07:00",
            "chair_id": people[0].pk,
            "secretary_id": people[2].pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    runner = client_for(secretary)
    for person in people[:6]:
        runner.post(
            f"/api/v1/conferences/{pk}/attendance",
            {"person_id": person.pk, "status": "present"},
            content_type="application/json",
        )
    absent = runner.post(
        f"/api/v1/conferences/{pk}/attendance",
        {"person_id": people[6].pk, "status": "absent"},
        content_type="application/json",
    )
    assert absent.status_code == 422
    assert absent.json()["detail"][0]["loc"] == ["reason"]
    started = runner.post(
        f"/api/v1/conferences/{pk}/transitions",
        {"action": "start"},
        content_type="application/json",
    )
    assert started.json()["state"] == "in_progress"
    assert started.json()["quorum"] == {
        "denominator": 7,
        "present": 6,
        "needed": 5,
        "reached": True,
    }
    agenda = runner.get(f"/api/v1/conferences/{pk}/agenda").json()
    head_step = next(step for step in agenda if step["person_id"] == people[0].pk)
    for step in agenda:
        if step["id"] == head_step["id"]:
            criticism = runner.post(
                f"/api/v1/conferences/{pk}/criticisms",
                {"item_id": step["id"], "speaker_id": people[1].pk, "text": "Cần sâu sát hơn."},
                content_type="application/json",
            )
            assert criticism.status_code == 201
        done = runner.post(
            f"/api/v1/conferences/{pk}/agenda",
            {"item_id": step["id"], "notes": f"Bước {step['order']}", "reply": "Tiếp thu."},
            content_type="application/json",
        )
        assert done.status_code == 200, done.json()
    minutes = runner.get(f"/api/v1/conferences/{pk}/minutes").json()
    assert "Cần sâu sát hơn." in minutes["text"]
    assert client_for(chair).post(f"/api/v1/conferences/{pk}/minutes").status_code == 200
    signed = runner.post(f"/api/v1/conferences/{pk}/minutes").json()
    assert signed["locked"] is True
    assert Conference.objects.get(pk=pk).state == Conference.State.SIGNED
    edit = runner.put(
        f"/api/v1/conferences/{pk}/minutes", {"text": "sửa"}, content_type="application/json"
    )
    assert edit.status_code == 422


def test_a_member_who_is_neither_chair_nor_secretary_cannot_run_the_conference(cast, committee):  # noqa: F811
    _body, people = committee
    conference = make_conference(cast, committee)
    chair = client_for(make_user("chutri", person=people[0]))
    member = client_for(cast.member_a)
    body = {"person_id": people[3].pk, "status": "present"}
    url = f"/api/v1/conferences/{conference.pk}/attendance"
    assert chair.post(url, body, content_type="application/json").status_code == 200
    assert member.post(url, body, content_type="application/json").status_code in {403, 404}


def test_outsiders_get_404_from_the_conference_api(cast, committee):  # noqa: F811
    conference = make_conference(cast, committee)
    assert client_for(cast.outsider).get(f"/api/v1/conferences/{conference.pk}").status_code == 404


def test_the_conference_and_classification_endpoints_are_in_the_openapi_document(cast):
    paths = client_for(cast.officer).get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/conferences/",
        "/api/v1/conferences/{conference_id}/attendance",
        "/api/v1/conferences/{conference_id}/agenda",
        "/api/v1/conferences/{conference_id}/criticisms",
        "/api/v1/conferences/{conference_id}/conclusions",
        "/api/v1/conferences/{conference_id}/ballot",
        "/api/v1/conferences/{conference_id}/minutes",
        "/api/v1/classification/proposals",
        "/api/v1/classification/proposals/{proposal_id}/decisions",
        "/api/v1/classification/decisions/{decision_id}/annulment",
        "/api/v1/classification/units/{unit_id}/quota",
        "/api/v1/classification/ballots/{ballot_id}/proposals",
    ):
        assert path in paths, path
