"""Login, logout and rate limiting."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password_opens_the_work_to_do(cast):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("home")
    assert "Việc cần làm" in response.content.decode()


def test_wrong_password_shows_an_error_in_vietnamese(cast):
    response = Client().post(reverse("accounts:login"), {"username": "vanphong", "password": "sai"})
    assert "không đúng" in response.content.decode()


def test_repeated_failures_lock_the_account_even_for_the_right_password(cast, settings):
    client = Client()
    client.post(reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD})
    client.post(reverse("accounts:logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "vanphong", "password": "sai"})
    response = client.post(
        reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD}
    )
    assert response.status_code in {403, 429}
