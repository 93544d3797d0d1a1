"""The organization API: scoped like the pages, paginated, token or session auth."""

from __future__ import annotations

import pytest
from django.test import Client

from kiemdiem.accounts.auth import token_issue

pytestmark = pytest.mark.django_db


def session(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_requests_are_refused_with_401(cast):
    assert Client().get("/api/v1/units").status_code == 401


def test_token_auth_works_for_scripts(cast):
    raw = token_issue(user=cast.officer, name="script")
    response = Client().get("/api/v1/units", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert [unit["code"] for unit in response.json()] == ["DB-01"]


def test_a_wrong_token_is_refused(cast):
    token_issue(user=cast.officer, name="script")
    assert (
        Client().get("/api/v1/units", headers={"Authorization": "Bearer wrong"}).status_code == 401
    )


def test_subtree_lists_the_unit_and_everything_under_it(cast):
    response = session(cast.officer).get(f"/api/v1/units/{cast.committee.pk}/subtree")
    assert [unit["code"] for unit in response.json()["items"]] == ["DB-01", "CB-A", "CB-B"]


def test_people_search_is_diacritic_insensitive_and_paginated(cast):
    response = session(cast.officer).get("/api/v1/people", {"q": "nguyen van an"})
    payload = response.json()
    assert payload["count"] == 1
    assert payload["items"][0]["full_name"] == "Nguyễn Văn An"


def test_person_detail_includes_membership_history(cast):
    response = session(cast.officer).get(f"/api/v1/people/{cast.person_a.pk}")
    assert response.json()["memberships"][0]["unit_name"] == "Chi bộ A"


def test_out_of_scope_person_answers_404(cast):
    client = session(cast.secretary_a)
    assert client.get(f"/api/v1/people/{cast.person_a.pk}").status_code == 200
    assert client.get(f"/api/v1/people/{cast.person_b.pk}").status_code == 404


def test_openapi_document_lists_the_endpoints(cast):
    schema = Client().get("/api/v1/openapi.json").json()
    assert "/api/v1/people" in schema["paths"]
    assert "/api/v1/units/{unit_id}/subtree" in schema["paths"]


def test_docs_page_uses_no_cdn(cast):
    page = Client().get("/api/v1/docs").content.decode()
    assert "cdn." not in page


def test_create_api_token_command_prints_a_working_token(cast):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_api_token", "vanphong", "bao-cao", stdout=out)
    response = Client().get(
        "/api/v1/units", headers={"Authorization": f"Bearer {out.getvalue().strip()}"}
    )
    assert response.status_code == 200
