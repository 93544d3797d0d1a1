"""Campaign pages: the list and creation, the plan, the steps, deadlines, opening the reviews."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.forms import (
    CampaignCreateForm,
    PlanForm,
    UnitDeadlineForm,
)
from kiemdiem.reviews.models import (
    Campaign,
)
from kiemdiem.reviews.views._common import _error_text


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
        "plan_form": plan_form or PlanForm(initial={**plan, "review_date": campaign.review_date}),
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
