"""Login, logout and rate limiting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
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


def _fail(username: str, address: str) -> None:
    Client(REMOTE_ADDR=address).post(
        reverse("accounts:login"), {"username": username, "password": "sai"}
    )


def test_guesses_from_many_addresses_still_lock_the_username(cast, settings):
    for index in range(settings.AXES_FAILURE_LIMIT):
        _fail("vanphong", f"10.0.0.{index + 1}")
    response = Client(REMOTE_ADDR="10.9.9.9").post(
        reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD}
    )
    assert response.status_code in {403, 429}


def test_guesses_at_many_usernames_from_one_address_lock_that_address(cast, settings):
    for username in ["a", "b", "c", "d", "e", "f"][: settings.AXES_FAILURE_LIMIT]:
        _fail(username, "10.1.1.1")
    blocked = Client(REMOTE_ADDR="10.1.1.1").post(
        reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD}
    )
    assert blocked.status_code in {403, 429}
    elsewhere = Client(REMOTE_ADDR="10.2.2.2").post(
        reverse("accounts:login"), {"username": "vanphong", "password": PASSWORD}
    )
    assert elsewhere.status_code == 302


def test_a_numeric_or_username_like_password_is_refused(cast):
    from kiemdiem.accounts import services

    for weak in ("vanphong", "12345678901"):
        with pytest.raises(ValidationError):
            services.password_change(actor=cast.officer, old_password=PASSWORD, new_password=weak)
