"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """Whether to show the office-only links (the pages check again themselves)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_manage": False}
    from kiemdiem.orgs.selectors import user_scope

    return {"can_manage": user_scope(user).can_manage}
