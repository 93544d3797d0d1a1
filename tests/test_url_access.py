"""Walks every URL pattern of the project: anonymous users are sent to login (401 on the API),
and a signed-in user without scope gets 404 on every object URL. New URLs are covered without
editing this test. Public pages say so with Django's `@login_not_required` and are left out."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from conftest import make_user
from kiemdiem.core.models import Job

PUBLIC_PREFIXES = ("admin/", "i18n/", "accounts/login/", "accounts/logout/", "static/", "media/")
PUBLIC_API = (
    "api/v1/",
    "api/v1/openapi.json",
    "api/v1/docs",
    # Public reading of published news (auth=None in kiemdiem/bulletin/api.py). A ninja route
    # carries no marker the walk can read, so each public API route is listed here by name.
    "api/v1/news/categories",
    "api/v1/news/posts",
    "api/v1/news/posts/<slug>",
    "api/v1/news/search",
)


def walk(patterns, prefix=""):  # type: ignore[no-untyped-def]
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            if getattr(entry.callback, "login_required", True) is False:
                continue
            yield prefix + str(entry.pattern)


def concrete(route: str, object_id: int) -> str:
    """A path for the route with every parameter set to `object_id`."""
    path = re.sub(
        r"<(?:(\w+):)?(\w+)>",
        lambda m: str(object_id) if m.group(1) in {"int", None} else "x",
        route,
    )
    return "/" + path


def fetch(client: Client, url: str):  # type: ignore[no-untyped-def]
    """GET the URL; a POST-only view (405) is tried with an empty POST, a DELETE-only one with
    DELETE."""
    response = client.get(url)
    if response.status_code == 405:
        # An API write reads a JSON body before it reaches the object: send an empty one.
        response = (
            client.post(url, {}, content_type="application/json")
            if url.startswith("/api/")
            else client.post(url)
        )
    if response.status_code == 405:
        response = client.delete(url)
    return response


def project_routes() -> list[str]:
    routes = []
    for route in walk(get_resolver().url_patterns):
        if route.startswith(PUBLIC_PREFIXES) or route.startswith("^") or route in {"", *PUBLIC_API}:
            continue
        routes.append(route)
    return sorted(set(routes))


def test_the_walk_finds_the_project_urls():
    routes = project_routes()
    assert "orgs/units/<int:pk>/" in routes
    assert any(route.startswith("api/v1/") for route in routes)


@pytest.mark.django_db
@pytest.mark.parametrize("route", project_routes())
def test_anonymous_users_are_sent_to_login(route, cast):
    url = concrete(route, cast.cell_a.pk)
    response = fetch(Client(), url)
    if route.startswith("api/"):
        assert response.status_code == 401, url
    else:
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in project_routes() if "<" in r])
def test_user_without_scope_gets_404_on_object_urls(route, cast):
    Job.objects.create(kind="roster_import", created_by=cast.officer)
    stranger = make_user("nguoi_ngoai")
    client = Client()
    client.force_login(stranger)
    url = concrete(route, 1)
    # Id 1 exists for every kind of object in the cast (a unit, a person, a job, a user).
    assert fetch(client, url).status_code == 404, url
