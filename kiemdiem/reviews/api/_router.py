"""The review cycle API's router, shared by its modules (each adds its own endpoints)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

router = Router(tags=["reviews"])


def _user(request: HttpRequest) -> Any:
    return request.user
