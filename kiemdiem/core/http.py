"""A typed request for views: Django's HttpRequest with django-htmx's details and our User."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from kiemdiem.accounts.models import User


class AuthedHttpRequest(HttpRequest):
    htmx: HtmxDetails
    user: User
