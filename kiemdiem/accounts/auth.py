"""API authentication: the browser's session, or a bearer token for scripts."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from kiemdiem.accounts.models import ApiToken, User


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_issue(*, user: User, name: str) -> str:
    """Create a token for `user` and return the raw value (shown once, stored only as a digest)."""
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, digest=token_digest(raw))
    return raw


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = ApiToken.objects.select_related("user").filter(digest=token_digest(token)).first()
        if found is None or not found.user.is_active:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user
