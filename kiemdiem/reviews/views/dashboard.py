"""The dashboard page and its XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.reviews import exports, selectors
from kiemdiem.reviews.models import (
    Campaign,
)
from kiemdiem.reviews.views._common import XLSX, _int_param


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
