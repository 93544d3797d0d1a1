"""Review pages: campaigns (plan, transitions, deadlines, opening with a progress bar), hints,
the dashboard and its XLSX export, the self-review with autosave and a live rules check, and the
collective report with versions, diff and comments."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import exports, forms_catalog, selectors, services
from kiemdiem.reviews.forms import (
    CampaignCreateForm,
    HintForm,
    PlanForm,
    UnitDeadlineForm,
    answers_from_post,
)
from kiemdiem.reviews.models import (
    Campaign,
    CommentResolution,
    ReviewStatus,
    SubjectReview,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)


def _int_param(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


# --- Campaigns -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def campaign_list(request: AuthedHttpRequest) -> HttpResponse:
    # Any unit the office manages can be a campaign's root (a grassroots committee's year), not
    # only the top of its tree.
    units = org_selectors.units_in_scope(request.user).order_by("path")
    form = CampaignCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            return redirect("reviews:campaign_detail", pk=campaign.pk)
    context = {
        "campaigns": selectors.campaign_list(user=request.user),
        "mine": selectors.my_reviews(user=request.user),
        "form": form,
    }
    return render(request, "reviews/campaign_list.html", context)


@login_required
@require_GET
def campaign_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    return _campaign_page(request, campaign)


def _campaign_page(
    request: AuthedHttpRequest, campaign: Campaign, plan_form: PlanForm | None = None
) -> HttpResponse:
    """The campaign's page; a refused plan form comes back with what was typed and its errors."""
    issuer = selectors.user_is_issuer(user=request.user, campaign=campaign)
    root = campaign.root_unit
    subtree = org_selectors.unit_subtree(user=request.user, unit=root)
    units = list(subtree)
    deadlines = selectors.effective_deadlines(campaign=campaign, units=units)
    plan = {**campaign.deadlines(), "title": campaign.title, "plan_number": campaign.plan_number}
    context: dict[str, Any] = {
        "campaign": campaign,
        "issuer": issuer,
        "plan_form": plan_form
        or PlanForm(initial={**plan, "review_date": campaign.review_date}),
        "deadline_form": UnitDeadlineForm(units=subtree, auto_id="id_deadline_%s"),
        "overrides": [(u, deadlines[u.pk]) for u in units if deadlines[u.pk].own],
        "my_review": selectors.my_reviews(user=request.user).filter(campaign=campaign).first(),
    }
    return render(
        request,
        "reviews/campaign_detail.html",
        context,
        status=422 if plan_form is not None else 200,
    )


@login_required
@require_POST
def campaign_plan(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    form = PlanForm(request.POST)
    if not form.is_valid():
        return _campaign_page(request, campaign, plan_form=form)
    try:
        services.campaign_update_plan(actor=request.user, campaign=campaign, **form.cleaned_data)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        for error in exc.error_list:
            field = (error.params or {}).get("field")
            text = error.message % error.params if error.params else error.message
            form.add_error(field if field in form.fields else None, text)
        return _campaign_page(request, campaign, plan_form=form)
    else:
        messages.success(request, _("Đã lưu kế hoạch."))
    return redirect("reviews:campaign_detail", pk=campaign.pk)


def _transition_action(request: AuthedHttpRequest, campaign: Campaign) -> Callable[[], Any]:
    actor, post = request.user, request.POST
    actions: dict[str, Callable[[], Any]] = {
        "publish": lambda: services.campaign_publish(actor=actor, campaign=campaign),
        "issue_hints": lambda: services.campaign_issue_hints(
            actor=actor, campaign=campaign, none_confirmed=post.get("none_confirmed") == "1"
        ),
        "start_conferences": lambda: services.campaign_start_conferences(
            actor=actor, campaign=campaign, state_track_done=post.get("state_track_done") == "1"
        ),
        "start_classification": lambda: services.campaign_start_classification(
            actor=actor, campaign=campaign
        ),
        "decide": lambda: services.campaign_decide(actor=actor, campaign=campaign),
        "start_commendation": lambda: services.campaign_start_commendation(
            actor=actor, campaign=campaign, results_notified=post.get("results_notified") == "1"
        ),
        "report": lambda: services.campaign_report(
            actor=actor,
            campaign=campaign,
            report_number=post.get("report_number", ""),
            awards_done=post.get("awards_done") == "1",
        ),
        "close": lambda: services.campaign_close(
            actor=actor, campaign=campaign, report_sent=post.get("report_sent") == "1"
        ),
        "reopen": lambda: services.campaign_reopen(
            actor=actor, campaign=campaign, reason=post.get("reason", "")
        ),
    }
    action = actions.get(post.get("action", ""))
    if action is None:
        raise Http404
    return action


@login_required
@require_POST
def campaign_transition(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    action = _transition_action(request, campaign)
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    return redirect("reviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def unit_deadline_set(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    units = org_selectors.units_in_scope(request.user)
    form = UnitDeadlineForm(request.POST, units=units)
    if form.is_valid():
        try:
            services.unit_deadline_set(
                actor=request.user,
                campaign=campaign,
                unit=form.cleaned_data["unit"],
                **form.dates(),
            )
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Đã lưu hạn của đơn vị."))
    else:
        messages.error(request, _("Hạn chưa hợp lệ."))
    return redirect("reviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    try:
        job = services.campaign_open_start(actor=request.user, campaign=campaign)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
        return redirect("reviews:campaign_detail", pk=campaign.pk)
    return redirect("reviews:open_job", pk=job.pk)


@login_required
@require_GET
def open_job(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.open_job_get_for_user(user=request.user, pk=pk)
    context = {"job": job, "campaign_id": job.params.get("campaign")}
    if request.htmx:
        return render(request, "reviews/open_job.html#job-status", context)
    return render(request, "reviews/open_job.html", context)


# --- Dashboard -----------------------------------------------------------------------------------


def _dashboard_context(request: AuthedHttpRequest, campaign: Campaign) -> dict[str, Any]:
    unit = selectors.dashboard_unit_for_user(
        user=request.user, campaign=campaign, unit_id=_int_param(request.GET.get("unit"))
    )
    levels = min(_int_param(request.GET.get("levels")) or 1, 6)
    rows = selectors.dashboard_rows(user=request.user, campaign=campaign, unit=unit, levels=levels)
    return {
        "campaign": campaign,
        "unit": unit,
        "levels": levels,
        "rows": rows,
        "updated_at": timezone.localtime(),
    }


@login_required
@require_GET
def dashboard(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    context = _dashboard_context(request, campaign)
    if request.htmx:
        return render(request, "reviews/dashboard.html#dashboard-table", context)
    return render(request, "reviews/dashboard.html", context)


@login_required
@require_GET
def dashboard_export(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    context = _dashboard_context(request, campaign)
    data = exports.dashboard_xlsx(campaign=campaign, rows=context["rows"])
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="tien-do-kiem-diem-{campaign.pk}.xlsx"'
    return response


# --- Hints and review lists ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hint_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    targets = selectors.hint_targets(user=request.user, campaign=campaign)
    form = HintForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        kind, _sep, raw_id = form.cleaned_data["target"].partition(":")
        try:
            target = selectors.hint_target_get_for_user(
                user=request.user, kind=kind, pk=int(raw_id)
            )
            services.hint_create(
                actor=request.user, campaign=campaign, text=form.cleaned_data["text"], **target
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, _error_text(exc))
        else:
            messages.success(request, _("Đã gửi gợi ý kiểm điểm."))
            return redirect("reviews:hint_list", pk=campaign.pk)
    hints = list(selectors.hint_list(user=request.user, campaign=campaign))
    answers = selectors.hint_answers(campaign=campaign, hints=hints)
    context = {
        "campaign": campaign,
        "hints": [(hint, answers.get(hint.pk, "")) for hint in hints],
        "form": form,
        "can_write": org_selectors.user_scope(request.user).can_manage,
    }
    return render(request, "reviews/hint_list.html", context)


@login_required
@require_GET
def review_list(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, pk=pk)
    unit_id = _int_param(request.GET.get("unit"))
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None
    status = request.GET.get("status", "")
    reviews = selectors.review_list(user=request.user, campaign=campaign, unit=unit, status=status)
    context = {
        "campaign": campaign,
        "unit": unit,
        "status": status,
        "statuses": ReviewStatus.choices,
        "reviews": reviews[:500],
    }
    return render(request, "reviews/review_list.html", context)


# --- Self-review ---------------------------------------------------------------------------------


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


def _sections_view(
    form: forms_catalog.FormSpec, answers: dict[str, Any], hints: list[Any]
) -> list[dict[str, Any]]:
    """Each section with its items and the stored answers, ready for the template."""
    view = []
    for section in form.sections:
        data = answers.get(section.key) or {}
        entry: dict[str, Any] = {
            "section": section,
            "text": data.get("text", ""),
            "level": data.get("level", ""),
        }
        if section.kind == "graded":
            entry["items"] = [
                {"item": item, **(data.get(item.key) or {"text": "", "grade": ""})}
                for item in section.items
            ]
        elif section.kind == "hints":
            entry["hints"] = [{"hint": h, "answer": data.get(str(h.pk), "")} for h in hints]
        view.append(entry)
    return view


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


# --- Collective report ---------------------------------------------------------------------------


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
