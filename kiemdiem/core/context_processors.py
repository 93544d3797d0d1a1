"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which links the navigation shows (the pages check the rights again themselves)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can_manage": False, "sees_units": False}
    from kiemdiem.orgs.selectors import user_scope

    scope = user_scope(user)
    # A plain member sees their own record only: the office and secretary pages would be empty.
    return {"can_manage": scope.can_manage, "sees_units": scope.everything or bool(scope.ranges)}
