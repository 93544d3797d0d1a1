"""Account pages: the password, the user's API tokens, and the logins of a unit's members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kiemdiem.accounts import selectors, services, sheets
from kiemdiem.accounts.forms import (
    GrantForm,
    LoginsCreateForm,
    PasswordChangeForm,
    TokenCreateForm,
)
from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors


def _field_error(form, exc: ValidationError) -> None:  # type: ignore[no-untyped-def]
    for error in exc.error_list:
        field = (error.params or {}).get("field")
        message = error.message % error.params if error.params else error.message
        form.add_error(field if field in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: AuthedHttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationError as exc:
            _field_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Đã đổi mật khẩu."))
            return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthedHttpRequest) -> HttpResponse:
    """The user's own page: who they are, their API tokens (a new one is shown once)."""
    form = TokenCreateForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            _field_error(form, exc)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "accounts/account.html",
        {"form": form, "tokens": selectors.tokens_of(user=request.user), "new_token": new_token},
    )


@login_required
@require_POST
def token_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    token = selectors.token_get_own(user=request.user, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi mã truy cập «%(name)s».") % {"name": token.name})
    return redirect("accounts:account")


@login_required
@require_http_methods(["GET", "POST"])
def unit_logins(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Who of a unit's members has a login and has signed in; the office creates the missing
    logins in one action and gets the sheet to hand out (shown once, never stored)."""
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    can_create = org_selectors.user_can_manage_unit(user=request.user, unit=unit)
    form = LoginsCreateForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            messages.error(request, _("Cách nhận danh sách không hợp lệ."))
            return redirect("accounts:unit_logins", pk=unit.pk)
        try:
            issued = services.logins_create(actor=request.user, unit=unit)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("accounts:unit_logins", pk=unit.pk)
        if not issued:
            messages.info(request, _("Mọi đảng viên của đơn vị đã có tài khoản."))
            return redirect("accounts:unit_logins", pk=unit.pk)
        stamp = timezone.localdate().strftime("%Y%m%d")
        if form.cleaned_data["output"] == "xlsx":
            response = HttpResponse(
                sheets.logins_xlsx(issued, unit_name=unit.name),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="tai-khoan-{unit.code.lower()}-{stamp}.xlsx"'
            )
            response["Cache-Control"] = "no-store"
            return response
        response = render(
            request,
            "accounts/logins_print.html",
            {"unit": unit, "cells": sheets.by_cell(issued), "count": len(issued)},
        )
        response["Cache-Control"] = "no-store"
        return response
    rows = selectors.member_logins(unit=unit)
    return render(
        request,
        "accounts/unit_logins.html",
        {
            "unit": unit,
            "rows": rows,
            "form": form,
            "can_create": can_create,
            "without_login": sum(1 for row in rows if not row.username),
            "signed_in": sum(1 for row in rows if row.last_login),
            "grants": selectors.unit_grants(unit=unit),
            "grant_form": GrantForm(),
        },
    )


@login_required
@require_POST
def unit_grant(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Give a login a role over this unit (a cell's secretary, a committee's office)."""
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    form = GrantForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi tên đăng nhập và chọn vai trò."))
        return redirect("accounts:unit_logins", pk=unit.pk)
    try:
        target = selectors.login_for_username(
            user=request.user, username=form.cleaned_data["username"]
        )
        services.grant_role(
            actor=request.user, user=target, role=form.cleaned_data["role"], unit=unit
        )
    except Http404:
        messages.error(
            request,
            _("Không tìm thấy tài khoản «%(name)s» trong phạm vi của bạn.")
            % {"name": form.cleaned_data["username"]},
        )
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã giao vai trò."))
    return redirect("accounts:unit_logins", pk=unit.pk)


@login_required
@require_POST
def grant_revoke(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    grant = selectors.grant_get_for_user(user=request.user, pk=pk)
    unit_id = grant.unit_id
    try:
        services.revoke_role(actor=request.user, grant=grant)
    except (PermissionDenied, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Đã thu hồi vai trò."))
    return redirect("accounts:unit_logins", pk=unit_id)
