"""Campaigns API: plan, transitions, opening as a job, deadlines, the dashboard."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja.pagination import PageNumberPagination, paginate

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import exports, selectors, services
from kiemdiem.reviews.api._router import _user, router
from kiemdiem.reviews.models import CAMPAIGN_TRANSITIONS, DEADLINE_FIELDS, Campaign
from kiemdiem.reviews.schemas import (
    CampaignCreateIn,
    CampaignOut,
    DashboardRowOut,
    DeadlinesIn,
    DeadlinesOut,
    JobOut,
    PlanIn,
    TransitionIn,
    UnitDeadlineOut,
)


@router.get("/campaigns", response=list[CampaignOut], summary="Các đợt kiểm điểm trong phạm vi")
@paginate(PageNumberPagination, page_size=50)
def campaign_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.campaign_list(user=_user(request))


@router.post("/campaigns", response={201: CampaignOut}, summary="Lập kế hoạch đợt kiểm điểm")
def campaign_create(request: HttpRequest, payload: CampaignCreateIn) -> tuple[int, Campaign]:
    data = payload.dict()
    root = org_selectors.unit_get_for_user(user=_user(request), pk=data.pop("root_unit_id"))
    return 201, services.campaign_create(actor=_user(request), root_unit=root, **data)


@router.get("/campaigns/{campaign_id}", response=CampaignOut, summary="Một đợt kiểm điểm")
def campaign_detail(request: HttpRequest, campaign_id: int) -> Campaign:
    return selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)


@router.get("/campaigns/{campaign_id}/plan", response=CampaignOut, summary="Kế hoạch")
def campaign_plan_get(request: HttpRequest, campaign_id: int) -> Campaign:
    return selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)


@router.patch(
    "/campaigns/{campaign_id}/plan", response=CampaignOut, summary="Sửa kế hoạch (dự thảo)"
)
def campaign_plan(request: HttpRequest, campaign_id: int, payload: PlanIn) -> Campaign:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    fields = payload.dict(exclude_unset=True)
    return services.campaign_update_plan(actor=_user(request), campaign=campaign, **fields)


@router.get(
    "/campaigns/{campaign_id}/transitions",
    response=list[str],
    summary="Các bước được phép từ trạng thái hiện tại",
)
def campaign_transitions(request: HttpRequest, campaign_id: int) -> list[str]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    return list(CAMPAIGN_TRANSITIONS[campaign.state])


@router.post(
    "/campaigns/{campaign_id}/transitions",
    response=CampaignOut,
    summary="Chuyển bước đợt kiểm điểm (domain §5.1)",
)
def campaign_transition(request: HttpRequest, campaign_id: int, payload: TransitionIn) -> Campaign:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    actor = _user(request)
    actions = {
        "publish": lambda: services.campaign_publish(actor=actor, campaign=campaign),
        "issue_hints": lambda: services.campaign_issue_hints(
            actor=actor, campaign=campaign, none_confirmed=payload.none_confirmed
        ),
        "start_conferences": lambda: services.campaign_start_conferences(
            actor=actor, campaign=campaign, state_track_done=payload.state_track_done
        ),
        "start_classification": lambda: services.campaign_start_classification(
            actor=actor, campaign=campaign
        ),
        "decide": lambda: services.campaign_decide(actor=actor, campaign=campaign),
        "start_commendation": lambda: services.campaign_start_commendation(
            actor=actor, campaign=campaign, results_notified=payload.results_notified
        ),
        "report": lambda: services.campaign_report(
            actor=actor,
            campaign=campaign,
            report_number=payload.report_number,
            awards_done=payload.awards_done,
        ),
        "close": lambda: services.campaign_close(
            actor=actor, campaign=campaign, report_sent=payload.report_sent
        ),
        "reopen": lambda: services.campaign_reopen(
            actor=actor, campaign=campaign, reason=payload.reason
        ),
    }
    action = actions.get(payload.action)
    if action is None:
        raise Http404
    return action()


@router.post(
    "/campaigns/{campaign_id}/open",
    response={202: JobOut},
    summary="Tạo bản kiểm điểm cho mọi đối tượng (chạy nền)",
)
def campaign_open(request: HttpRequest, campaign_id: int) -> tuple[int, Any]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    return 202, services.campaign_open_start(actor=_user(request), campaign=campaign)


@router.get("/jobs/{job_id}", response=JobOut, summary="Tiến độ công việc mở đợt kiểm điểm")
def open_job(request: HttpRequest, job_id: int) -> Any:
    return selectors.open_job_get_for_user(user=_user(request), pk=job_id)


@router.get(
    "/campaigns/{campaign_id}/deadlines",
    response=list[UnitDeadlineOut],
    summary="Các đơn vị đã đặt hạn riêng",
)
def deadlines_list(request: HttpRequest, campaign_id: int) -> list[dict[str, Any]]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    units = list(org_selectors.unit_subtree(user=_user(request), unit=campaign.root_unit))
    found = selectors.effective_deadlines(campaign=campaign, units=units)
    return [
        {
            "unit_id": u.pk,
            "unit_name": u.name,
            "own": found[u.pk].own,
            "effective": found[u.pk].dates,
        }
        for u in units
        if found[u.pk].own
    ]


@router.get(
    "/campaigns/{campaign_id}/deadlines/{unit_id}",
    response=DeadlinesOut,
    summary="Hạn hiệu lực của một đơn vị",
)
def deadlines_get(request: HttpRequest, campaign_id: int, unit_id: int) -> dict[str, Any]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id)
    found = selectors.effective_deadlines(campaign=campaign, units=[unit])[unit.pk]
    return {"unit_id": unit.pk, "effective": found.dates, "own": found.own}


@router.put(
    "/campaigns/{campaign_id}/deadlines/{unit_id}",
    response=DeadlinesOut,
    summary="Đặt hạn riêng (sớm hơn cấp trên) cho đơn vị",
)
def deadlines_set(
    request: HttpRequest, campaign_id: int, unit_id: int, payload: DeadlinesIn
) -> dict[str, Any]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id)
    dates = {name: getattr(payload, name) for name in DEADLINE_FIELDS}
    services.unit_deadline_set(actor=_user(request), campaign=campaign, unit=unit, **dates)
    found = selectors.effective_deadlines(campaign=campaign, units=[unit])[unit.pk]
    return {"unit_id": unit.pk, "effective": found.dates, "own": found.own}


@router.get(
    "/campaigns/{campaign_id}/dashboard",
    response=list[DashboardRowOut],
    summary="Tiến độ viết bản kiểm điểm theo đơn vị (cộng dồn cây)",
)
def dashboard(
    request: HttpRequest, campaign_id: int, unit_id: int | None = None, levels: int = 2
) -> list[dict[str, Any]]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    unit = selectors.dashboard_unit_for_user(
        user=_user(request), campaign=campaign, unit_id=unit_id
    )
    rows = selectors.dashboard_rows(
        user=_user(request), campaign=campaign, unit=unit, levels=max(0, min(levels, 6))
    )
    return [
        {
            "unit_id": r.unit.pk,
            "code": r.unit.code,
            "name": r.unit.name,
            "depth": r.depth,
            "counts": r.counts,
            "deadline": r.deadline,
            "late": r.late,
        }
        for r in rows
    ]


@router.get(
    "/campaigns/{campaign_id}/dashboard.xlsx",
    summary="Tiến độ viết bản kiểm điểm, tệp Excel",
    response={200: None},
)
def dashboard_xlsx(
    request: HttpRequest, campaign_id: int, unit_id: int | None = None, levels: int = 2
) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    unit = selectors.dashboard_unit_for_user(
        user=_user(request), campaign=campaign, unit_id=unit_id
    )
    rows = selectors.dashboard_rows(
        user=_user(request), campaign=campaign, unit=unit, levels=max(0, min(levels, 6))
    )
    response = HttpResponse(
        exports.dashboard_xlsx(campaign=campaign, rows=rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="tien-do-kiem-diem-{campaign.pk}.xlsx"'
    return response
