"""Collective report API: draft, circulation, comments, revise, diff, adoption, reopen."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import exports, selectors, services
from kiemdiem.reviews.api._router import _user, router
from kiemdiem.reviews.schemas import (
    AdoptIn,
    CirculateIn,
    CommentIn,
    CommentOut,
    ConsolidatedCommentOut,
    DiffLineOut,
    ReasonIn,
    ReportDraftIn,
    ReportOut,
    ResolveIn,
)


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
