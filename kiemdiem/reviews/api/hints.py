"""Hints API: targets, list, create."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from kiemdiem.reviews import selectors, services
from kiemdiem.reviews.api._router import _user, router
from kiemdiem.reviews.schemas import (
    HintIn,
    HintOut,
    HintTargetOut,
)


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
