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
        found = (
            ApiToken.objects.select_related("user", "user__person")
            .filter(digest=token_digest(token))
            .first()
        )
        if found is None or not login_allowed(found.user) or found.user.must_change_password:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        # A token makes no tokens: a leaked one cannot outlive its revocation (see accounts.api).
        request.by_token = True  # type: ignore[attr-defined]
        return found.user


SYSTEM_USERNAME = "kiemdiem-system"


def system_actor() -> User:
    """The explicit actor of work started from the command line: a superuser that cannot sign
    in (no usable password, no token), so the audit names it instead of nobody."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_superuser": True, "is_staff": False, "first_name": "Hệ thống"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


# PersonStatus.TRANSFERRED_OUT, DECEASED, LEFT: spelt out because orgs' models import accounts'.
ENDED_PERSON_STATUSES = ("transferred_out", "deceased", "left")


def login_allowed(user: User) -> bool:
    """Whether the login may open: active, and not a member whose record has ended (transferred
    out, died, expelled or left the Party: the record stays, access to the old cell does not)."""
    if not user.is_active:
        return False
    person = user.person if user.person_id else None
    return person is None or person.status not in ENDED_PERSON_STATUSES
