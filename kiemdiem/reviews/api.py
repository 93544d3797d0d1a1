"""Review cycle API: campaigns and transitions, opening as a job, deadlines, the dashboard, hints,
self-reviews (draft, submit, return, lock, rules check) and collective reports. Same selectors and
services as the pages."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import exports, forms_catalog, selectors, services
from kiemdiem.reviews.models import CAMPAIGN_TRANSITIONS, DEADLINE_FIELDS, Campaign, SubjectReview
from kiemdiem.reviews.schemas import (
    AdoptIn,
    CampaignCreateIn,
    CampaignOut,
    CheckOut,
    CirculateIn,
    CommentIn,
    CommentOut,
    ConsolidatedCommentOut,
    DashboardRowOut,
    DeadlinesIn,
    DeadlinesOut,
    DiffLineOut,
    DraftIn,
    FormOut,
    HintIn,
    HintOut,
    HintTargetOut,
    JobOut,
    PlanIn,
    ReasonIn,
    ReportDraftIn,
    ReportOut,
    ResolveIn,
    ReviewDetailOut,
    ReviewOut,
    TransitionIn,
    UnitDeadlineOut,
)

router = Router(tags=["reviews"])


def _user(request: HttpRequest) -> Any:
    return request.user


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
    "/campaigns/{campaign_id}/hint-targets",
    response=list[HintTargetOut],
    summary="Đối tượng có thể gợi ý kiểm điểm",
)
def hint_targets(request: HttpRequest, campaign_id: int) -> list[dict[str, str]]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    targets = selectors.hint_targets(user=_user(request), campaign=campaign)
    return [
        {"value": value, "label": label, "kind": kind}
        for kind, choices in targets.items()
        for value, label in choices
    ]


@router.get("/forms/{code}", response=FormOut, summary="Mẫu biểu: các mục theo thứ tự")
def form_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    if code not in forms_catalog.FORMS:
        raise Http404
    form = forms_catalog.get_form(code)
    return {
        "code": form.code,
        "label": forms_catalog.form_label(form.code),
        "title": form.title,
        "subtitle": form.subtitle,
        "leader": form.leader,
        "civil_servant_level": form.civil_servant_level,
        "scored": form.scored,
        "header": [list(pair) for pair in forms_catalog.HEADER_FIELDS] if form.header else [],
        "sections": [
            {
                "key": section.key,
                "title": section.title,
                "kind": section.kind,
                "items": [vars(item) for item in section.items],
            }
            for section in form.sections
        ],
        "score_items": [vars(item) for item in form.score_items],
        "tasks_points": form.tasks_points,
    }


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


@router.get("/campaigns/{campaign_id}/hints", response=list[HintOut], summary="Gợi ý kiểm điểm")
def hint_list(request: HttpRequest, campaign_id: int) -> list[Any]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    return list(selectors.hint_list(user=_user(request), campaign=campaign))


@router.post(
    "/campaigns/{campaign_id}/hints", response={201: HintOut}, summary="Viết gợi ý kiểm điểm"
)
def hint_create(request: HttpRequest, campaign_id: int, payload: HintIn) -> tuple[int, Any]:
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    user = _user(request)
    target: dict[str, Any] = {}
    if payload.unit_id is not None:
        target = selectors.hint_target_get_for_user(user=user, kind="unit", pk=payload.unit_id)
    elif payload.body_id is not None:
        target = selectors.hint_target_get_for_user(user=user, kind="body", pk=payload.body_id)
    elif payload.person_id is not None:
        target = selectors.hint_target_get_for_user(user=user, kind="member", pk=payload.person_id)
    return 201, services.hint_create(actor=user, campaign=campaign, text=payload.text, **target)


@router.get(
    "/campaigns/{campaign_id}/reviews",
    response=list[ReviewOut],
    summary="Bản kiểm điểm trong phạm vi",
)
@paginate(PageNumberPagination, page_size=100)
def review_list(  # type: ignore[no-untyped-def]
    request: HttpRequest, campaign_id: int, unit_id: int | None = None, status: str = ""
):
    campaign = selectors.campaign_get_for_user(user=_user(request), pk=campaign_id)
    unit = org_selectors.unit_get_for_user(user=_user(request), pk=unit_id) if unit_id else None
    return selectors.review_list(user=_user(request), campaign=campaign, unit=unit, status=status)


@router.get("/mine", response=list[ReviewOut], summary="Bản kiểm điểm của tôi")
def my_reviews(request: HttpRequest) -> list[SubjectReview]:
    return list(selectors.my_reviews(user=_user(request)))


@router.get("/reviews/{review_id}", response=ReviewDetailOut, summary="Một bản kiểm điểm")
def review_detail(request: HttpRequest, review_id: int) -> SubjectReview:
    return selectors.review_get_for_user(user=_user(request), pk=review_id)


@router.get("/reviews/{review_id}/draft", response=ReviewDetailOut, summary="Bản nháp")
def review_draft_get(request: HttpRequest, review_id: int) -> SubjectReview:
    return selectors.review_get_for_user(user=_user(request), pk=review_id)


@router.put(
    "/reviews/{review_id}/draft",
    response=ReviewDetailOut,
    summary="Lưu nháp bản kiểm điểm của chính mình",
)
def review_draft(request: HttpRequest, review_id: int, payload: DraftIn) -> SubjectReview:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return services.self_review_save(
        actor=_user(request),
        review=review,
        answers=payload.answers,
        self_level=payload.self_level,
        civil_servant_level=payload.civil_servant_level,
    )


@router.post("/reviews/{review_id}/submit", response=ReviewDetailOut, summary="Nộp bản kiểm điểm")
def review_submit(request: HttpRequest, review_id: int) -> SubjectReview:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return services.self_review_submit(actor=_user(request), review=review)


@router.get(
    "/reviews/{review_id}/return",
    response=list[dict[str, Any]],
    summary="Các lần trả lại và lý do",
)
def review_returns(request: HttpRequest, review_id: int) -> list[dict[str, Any]]:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return [event for event in review.history if event.get("action") == "returned"]


@router.post(
    "/reviews/{review_id}/return", response=ReviewDetailOut, summary="Trả lại (bí thư chi bộ)"
)
def review_return(request: HttpRequest, review_id: int, payload: ReasonIn) -> SubjectReview:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return services.self_review_return(actor=_user(request), review=review, reason=payload.reason)


@router.post(
    "/reviews/{review_id}/lock", response=ReviewDetailOut, summary="Khóa để đưa ra hội nghị"
)
def review_lock(request: HttpRequest, review_id: int) -> SubjectReview:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return services.self_review_lock(actor=_user(request), review=review)


@router.post(
    "/reviews/{review_id}/not-required",
    response=ReviewDetailOut,
    summary="Ghi nhận không phải kiểm điểm (miễn, đình chỉ sinh hoạt)",
)
def review_not_required(request: HttpRequest, review_id: int) -> SubjectReview:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return services.self_review_mark_not_required(actor=_user(request), review=review)


@router.get(
    "/reviews/{review_id}/check",
    response=CheckOut,
    summary="Đối chiếu mức tự xếp loại với bộ quy định",
)
def review_check(request: HttpRequest, review_id: int) -> dict[str, Any]:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    if review.person_id is None:
        raise Http404
    return {
        **selectors.self_review_rules_check(review=review),
        "missing": services.self_review_missing(review=review),
        "suggested": forms_catalog.suggested_level(
            forms_catalog.get_form(review.form_code), review.answers or {}
        ),
    }


def _report_out(report: Any) -> dict[str, Any]:
    return {
        "id": report.pk,
        "review_id": report.review_id,
        "state": report.state,
        "comments_open_at": report.comments_open_at,
        "comments_close_at": report.comments_close_at,
        "minutes_reference": report.minutes_reference,
        "adopted_at": report.adopted_at,
        "reopen_reason": report.reopen_reason,
        "versions": [
            {"number": v.number, "frozen": v.frozen, "sections": v.sections}
            for v in selectors.report_versions(report=report)
        ],
    }


@router.get("/reviews/{review_id}/report", response=ReportOut, summary="Báo cáo của tập thể này")
def report_for_review(request: HttpRequest, review_id: int) -> dict[str, Any]:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    report = selectors.report_for_review(review=review)
    if report is None:
        raise Http404
    return _report_out(report)


@router.put(
    "/reviews/{review_id}/report",
    response=ReportOut,
    summary="Lưu dự thảo báo cáo kiểm điểm tập thể",
)
def report_draft(request: HttpRequest, review_id: int, payload: ReportDraftIn) -> dict[str, Any]:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    version = services.report_save_draft(
        actor=_user(request), review=review, sections=payload.sections
    )
    return _report_out(version.report)


@router.get("/reports/{report_id}", response=ReportOut, summary="Báo cáo kiểm điểm tập thể")
def report_detail(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(selectors.report_get_for_user(user=_user(request), pk=report_id))


@router.get("/reports/{report_id}/circulate", response=ReportOut, summary="Vòng xin ý kiến")
def report_circulation(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(selectors.report_get_for_user(user=_user(request), pk=report_id))


@router.post("/reports/{report_id}/circulate", response=ReportOut, summary="Gửi xin ý kiến")
def report_circulate(request: HttpRequest, report_id: int, payload: CirculateIn) -> dict[str, Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    people = list(org_selectors.people_in_scope(_user(request)).filter(pk__in=payload.delegate_ids))
    opens_at = payload.opens_at or timezone.now()
    report = services.report_circulate(
        actor=_user(request),
        report=report,
        delegates=people,
        opens_at=opens_at,
        closes_at=payload.closes_at or opens_at + datetime.timedelta(days=3),
    )
    return _report_out(report)


@router.get(
    "/reports/{report_id}/comments", response=list[CommentOut], summary="Tổng hợp ý kiến góp ý"
)
def report_comments(request: HttpRequest, report_id: int) -> list[Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    return list(selectors.report_all_comments(report=report))


@router.post(
    "/reports/{report_id}/comments", response={201: CommentOut}, summary="Góp ý, trả lời góp ý"
)
def report_comment(request: HttpRequest, report_id: int, payload: CommentIn) -> tuple[int, Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    parent = (
        selectors.comment_get_for_user(user=_user(request), pk=payload.parent_id)
        if payload.parent_id
        else None
    )
    comment = services.report_comment(
        actor=_user(request),
        report=report,
        text=payload.text,
        section=payload.section,
        quote=payload.quote,
        parent=parent,
    )
    return 201, comment


@router.get("/comments/{comment_id}/resolve", response=CommentOut, summary="Một ý kiến")
def comment_detail(request: HttpRequest, comment_id: int) -> Any:
    return selectors.comment_get_for_user(user=_user(request), pk=comment_id)


@router.post(
    "/comments/{comment_id}/resolve",
    response=CommentOut,
    summary="Tiếp thu, giải trình, không tiếp thu",
)
def comment_resolve(request: HttpRequest, comment_id: int, payload: ResolveIn) -> Any:
    comment = selectors.comment_get_for_user(user=_user(request), pk=comment_id)
    return services.report_resolve_comment(
        actor=_user(request), comment=comment, resolution=payload.resolution, note=payload.note
    )


@router.post("/reports/{report_id}/revise", response=ReportOut, summary="Kết thúc vòng góp ý")
def report_revise(request: HttpRequest, report_id: int, end_window: bool = False) -> dict[str, Any]:
    """`?end_window=true` closes the comment window now (every delegate has answered)."""
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    return _report_out(
        services.report_revise(actor=_user(request), report=report, end_window=end_window)
    )


@router.get(
    "/reports/{report_id}/diff", response=list[DiffLineOut], summary="So sánh hai phiên bản"
)
def report_diff(
    request: HttpRequest, report_id: int, a: int | None = None, b: int | None = None
) -> list[Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    versions = {v.number: v for v in selectors.report_versions(report=report)}
    numbers = sorted(versions)
    a = a if a is not None else (numbers[-2] if len(numbers) > 1 else None)
    b = b if b is not None else (numbers[-1] if numbers else None)
    if a not in versions or b not in versions:
        raise Http404
    return exports.version_diff(versions[a], versions[b])


@router.get(
    "/reports/{report_id}/adopt", response=ReportOut, summary="Báo cáo và biên bản thông qua"
)
def report_adoption(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(selectors.report_get_for_user(user=_user(request), pk=report_id))


@router.get("/reports/{report_id}/reopen", response=ReportOut, summary="Báo cáo và lý do mở lại")
def report_reopening(request: HttpRequest, report_id: int) -> dict[str, Any]:
    return _report_out(selectors.report_get_for_user(user=_user(request), pk=report_id))


@router.post("/reports/{report_id}/adopt", response=ReportOut, summary="Thông qua tại hội nghị")
def report_adopt(request: HttpRequest, report_id: int, payload: AdoptIn) -> dict[str, Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    return _report_out(
        services.report_adopt(
            actor=_user(request), report=report, minutes_reference=payload.minutes_reference
        )
    )


@router.post("/reports/{report_id}/reopen", response=ReportOut, summary="Mở lại báo cáo")
def report_reopen(request: HttpRequest, report_id: int, payload: ReasonIn) -> dict[str, Any]:
    report = selectors.report_get_for_user(user=_user(request), pk=report_id)
    return _report_out(
        services.report_reopen(actor=_user(request), report=report, reason=payload.reason)
    )


@router.get(
    "/reviews/{review_id}/report/comments",
    response=list[ConsolidatedCommentOut],
    summary="Tổng hợp ý kiến góp ý (mục của chương trình hội nghị)",
)
def report_consolidated(request: HttpRequest, review_id: int) -> list[Any]:
    review = selectors.review_get_for_user(user=_user(request), pk=review_id)
    return selectors.report_consolidated_comments(review=review)
