"""The sign-in backend: Django's, refusing members whose record has ended."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from kiemdiem.accounts.auth import login_allowed
from kiemdiem.accounts.models import User


class MemberBackend(ModelBackend):
    """A login of a member who transferred out, died or left the Party neither signs in nor keeps
    an open session (Django asks this again for every request's session user)."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and login_allowed(user)

    def get_user(self, user_id: Any) -> Any:
        # The member's record comes in the same query: every request asks for its status.
        user = User.objects.select_related("person").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
