"""The self-review page: autosave, submit, return, lock, not required."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.reviews import forms_catalog, selectors, services
from kiemdiem.reviews.forms import (
    answers_from_post,
)
from kiemdiem.reviews.models import (
    ReviewStatus,
    SubjectReview,
)
from kiemdiem.reviews.views._common import _error_text, _sections_view


def _review_context(review: SubjectReview, user: Any) -> dict[str, Any]:
    form = forms_catalog.get_form(review.form_code)
    hints = selectors.hints_for_review(review=review)
    answers = review.answers or {}
    score_rows = _score_rows(form, review)
    context: dict[str, Any] = {
        "review": review,
        "form": form,
        "form_label": forms_catalog.form_label(review.form_code),
        "sections": _sections_view(form, answers, hints),
        "score_block": answers.get("score") or {},
        "score_rows": score_rows,
        "general_points": sum(row["points"] for row in score_rows),
        "general_reached": sum(row["reached"] for row in score_rows),
        "tasks_points": (review.campaign.score_groups or {}).get("tasks", form.tasks_points),
        "levels": Level.choices,
        "grades": forms_catalog.GRADES,
        "own": user.person_id is not None and user.person_id == review.person_id,
        "secretary": selectors.user_is_cell_secretary_of(user=user, review=review),
        "suggested": forms_catalog.suggested_level(form, answers),
        "header": selectors.self_review_header(review=review) if review.person_id else [],
        "excluded_person": review.person is not None
        and review.person.status in services.EXCLUDED_STATUSES,
        "missing": [
            services.missing_label(part, selectors.review_form(review=review))
            for part in services.self_review_missing(review=review)
        ]
        if review.status == ReviewStatus.DRAFTING
        else [],
    }
    if review.person_id is not None:
        context["check"] = selectors.self_review_rules_check(review=review)
    return context


def _score_rows(form: forms_catalog.FormSpec, review: SubjectReview) -> list[dict[str, Any]]:
    """The 366 general items (domain §6.4) with the campaign's weights, the member's ticks
    (Đảm bảo / Không đảm bảo), the points reached and the notes."""
    weights = (review.campaign.score_groups or {}).get("general", {})
    block = (review.answers or {}).get("score") or {}
    ticks, notes = block.get("general", {}), block.get("notes", {})
    saved = review.saved_at is not None
    rows = []
    for number, item in enumerate(form.score_items, start=1):
        points = weights.get(item.key, item.points)
        ok = ticks.get(item.key)
        rows.append(
            {
                "number": number,
                "item": item,
                "points": points,
                "ok": ok,
                "answered": saved,
                "reached": points if ok else 0,
                "note": notes.get(item.key, ""),
            }
        )
    return rows


@login_required
@require_GET
def self_review(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    if review.person_id is None:
        return redirect("reviews:report_detail", pk=review.pk)
    return render(request, "reviews/self_review.html", _review_context(review, request.user))


def _save_from_post(request: AuthedHttpRequest, review: SubjectReview) -> SubjectReview:
    form = forms_catalog.get_form(review.form_code)
    return services.self_review_save(
        actor=request.user,
        review=review,
        answers=answers_from_post(form, request.POST),
        self_level=request.POST.get("self_level", ""),
        civil_servant_level=request.POST.get("civil_servant_level", ""),
    )


@login_required
@require_POST
def self_review_save(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Autosave: answers a small "Đã lưu lúc HH:MM" and refreshes the rules panel out of band."""
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    error = ""
    try:
        review = _save_from_post(request, review)
    except (ValidationError, PermissionDenied) as exc:
        error = _error_text(exc)
    context = _review_context(review, request.user)
    context["error"] = error
    if request.htmx:
        return render(request, "reviews/_save_status.html", context)
    if error:
        messages.error(request, error)
    return redirect("reviews:self_review", pk=review.pk)


@login_required
@require_POST
def self_review_submit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    try:
        if review.is_editable:
            review = _save_from_post(request, review)
        services.self_review_submit(actor=request.user, review=review)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã nộp bản kiểm điểm."))
    return redirect("reviews:self_review", pk=review.pk)


@login_required
@require_POST
def self_review_return(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    try:
        services.self_review_return(
            actor=request.user, review=review, reason=request.POST.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Đã trả lại bản kiểm điểm."))
    return redirect("reviews:self_review", pk=review.pk)


@login_required
@require_POST
def self_review_lock(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    try:
        services.self_review_lock(actor=request.user, review=review)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:self_review", pk=review.pk)


@login_required
@require_POST
def self_review_not_required(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(user=request.user, pk=pk)
    try:
        services.self_review_mark_not_required(actor=request.user, review=review)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:self_review", pk=review.pk)
