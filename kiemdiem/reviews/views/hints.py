"""Hints and the review lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.forms import (
    HintForm,
)
from kiemdiem.reviews.models import (
    ReviewStatus,
)
from kiemdiem.reviews.views._common import _error_text, _int_param


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
