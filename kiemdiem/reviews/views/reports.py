"""The collective report pages: draft, circulate, comment, resolve, revise, adopt, diff."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import exports, forms_catalog, selectors, services
from kiemdiem.reviews.forms import (
    answers_from_post,
)
from kiemdiem.reviews.models import (
    CommentResolution,
    SubjectReview,
)
from kiemdiem.reviews.views._common import _error_text, _int_param, _sections_view


def _report_context(review: SubjectReview, user: Any) -> dict[str, Any]:
    report = selectors.report_for_review(review=review)
    versions = list(selectors.report_versions(report=report)) if report else []
    current = versions[-1] if versions else None
    circulated = next((v for v in reversed(versions) if v.frozen), None)
    hints = selectors.hints_for_review(review=review)
    return {
        "review": review,
        "report": report,
        "versions": versions,
        "current": current,
        "circulated": circulated,
        "form": forms_catalog.REPORT_FORM,
        "sections": _sections_view(
            forms_catalog.REPORT_FORM, current.sections if current else {}, hints
        ),
        "circulated_sections": _sections_view(
            forms_catalog.REPORT_FORM, circulated.sections if circulated else {}, hints
        ),
        "grades": forms_catalog.GRADES,
        "comments": selectors.report_comments(version=circulated) if circulated else [],
        "all_comments": selectors.report_all_comments(report=report) if report else [],
        "levels": Level.choices,
        "drafter": selectors.user_is_cell_secretary_of(user=user, review=review),
        "delegate": report is not None
        and user.person_id is not None
        and report.delegates.filter(pk=user.person_id).exists(),
        "resolutions": [c for c in CommentResolution.choices if c[0]],
        "people": org_selectors.person_list(user=user, unit=review.unit)[:300]
        if selectors.user_is_cell_secretary_of(user=user, review=review)
        else [],
    }


@login_required
@require_GET
def report_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if review.person_id is not None:
        return redirect("reviews:self_review", pk=review.pk)
    return render(request, "reviews/report_detail.html", _report_context(review, request.user))


@login_required
@require_POST
def report_save(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    try:
        services.report_save_draft(
            actor=request.user,
            review=review,
            sections=answers_from_post(forms_catalog.REPORT_FORM, request.POST),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã lưu dự thảo báo cáo."))
    return redirect("reviews:report_detail", pk=review.pk)


def _datetime(value: str) -> datetime.datetime | None:
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@login_required
@require_POST
def report_circulate(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    report = selectors.report_for_review(review=review)
    if report is None:
        raise Http404
    ids = [int(v) for v in request.POST.getlist("delegates") if v.isdigit()]
    delegates = list(org_selectors.people_in_scope(request.user).filter(pk__in=ids))
    opens = _datetime(request.POST.get("opens_at", "")) or timezone.now()
    closes = _datetime(request.POST.get("closes_at", "")) or opens + datetime.timedelta(days=3)
    try:
        services.report_circulate(
            actor=request.user, report=report, delegates=delegates, opens_at=opens, closes_at=closes
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã gửi xin ý kiến."))
    return redirect("reviews:report_detail", pk=review.pk)


@login_required
@require_POST
def report_comment(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    parent_id = _int_param(request.POST.get("parent"))
    parent = selectors.comment_get_for_user(user=request.user, pk=parent_id) if parent_id else None
    try:
        services.report_comment(
            actor=request.user,
            report=report,
            text=request.POST.get("text", ""),
            section=request.POST.get("section", ""),
            quote=request.POST.get("quote", ""),
            parent=parent,
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã gửi ý kiến."))
    return redirect("reviews:report_detail", pk=report.review_id)


@login_required
@require_POST
def comment_resolve(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_user(user=request.user, pk=pk)
    try:
        services.report_resolve_comment(
            actor=request.user,
            comment=comment,
            resolution=request.POST.get("resolution", ""),
            note=request.POST.get("note", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:report_detail", pk=comment.version.report.review_id)


@login_required
@require_POST
def report_revise(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    try:
        services.report_revise(
            actor=request.user, report=report, end_window=request.POST.get("end_window") == "1"
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:report_detail", pk=report.review_id)


@login_required
@require_GET
def report_diff(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    versions = {v.number: v for v in selectors.report_versions(report=report)}
    a = versions.get(_int_param(request.GET.get("a")) or 0)
    b = versions.get(_int_param(request.GET.get("b")) or 0)
    if a is None or b is None:
        numbers = sorted(versions)
        a = versions[numbers[-2]] if len(numbers) >= 2 else None
        b = versions[numbers[-1]] if numbers else None
    context = {
        "report": report,
        "versions": list(versions.values()),
        "a": a,
        "b": b,
        "diff": exports.version_diff(a, b) if a and b else [],
    }
    return render(request, "reviews/report_diff.html", context)


@login_required
@require_POST
def report_adopt(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    try:
        services.report_adopt(
            actor=request.user,
            report=report,
            minutes_reference=request.POST.get("minutes_reference", ""),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Báo cáo đã được thông qua."))
    return redirect("reviews:report_detail", pk=report.review_id)


@login_required
@require_POST
def report_reopen(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(user=request.user, pk=pk)
    try:
        services.report_reopen(
            actor=request.user, report=report, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:report_detail", pk=report.review_id)
