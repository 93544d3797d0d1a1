"""Self-reviews API: forms, lists, draft, submit, return, lock, not required, rules check."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja.pagination import PageNumberPagination, paginate

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import forms_catalog, selectors, services
from kiemdiem.reviews.api._router import _user, router
from kiemdiem.reviews.models import SubjectReview
from kiemdiem.reviews.schemas import (
    CheckOut,
    DraftIn,
    FormOut,
    ReasonIn,
    ReviewDetailOut,
    ReviewOut,
)


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
