"""A login handed out with a one-time password opens on the password page, and nothing else,
until its holder chooses a new password."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (
                reverse("accounts:password_change"),
                reverse("accounts:logout"),
                reverse("set_language"),
                "/static/",
                "/api/v1/me/password",
            )
            if not request.path.startswith(allowed):
                message = _("Bạn cần đổi mật khẩu được cấp trước khi dùng hệ thống.")
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403)
                return redirect(reverse("accounts:password_change"))
        return self.get_response(request)
