"""POST /api/v1/rules/check: the rules engine over HTTP, the same JSON in and out as the command;
and /api/v1/classification/: proposals with their findings, decisions, annulment, the quota per
scope, confirming and notifying a unit's results (the same selectors and services as the board).

The body is read raw and validated by the engine's own parser, so the API, the command and the
page refuse the same inputs with the same field paths (422, `{"detail": [{"loc", "msg"}]}`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from kiemdiem.accounts.models import User
from kiemdiem.classification import decisions, services
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.classification.rules import CaseError, check, loads
from kiemdiem.classification.schemas import (
    EXAMPLE_CASE,
    AnnulIn,
    CheckOut,
    DecideIn,
    DecisionOut,
    ErrorOut,
    ProposalOut,
    QuotaOut,
    UnitActionIn,
    UnitActionOut,
)
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit
from kiemdiem.reviews import selectors as review_selectors
from kiemdiem.voting import selectors as voting_selectors

router = Router(tags=["rules"])

_REQUEST_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "Một trường hợp xếp loại theo rules-contract.md "
                    "(rule_pack, stage, review_date, collective, members).",
                    "required": ["rule_pack", "stage", "review_date", "collective"],
                },
                "example": EXAMPLE_CASE,
            }
        },
    }
}


@router.post(
    "/check",
    response={200: CheckOut, 422: ErrorOut},
    summary="Kiểm tra một trường hợp xếp loại theo quy định của năm",
    description="Trả về not_classified, ceilings và findings; 422 nêu rõ trường dữ liệu sai.",
    openapi_extra=_REQUEST_BODY,
)
def rules_check(request: HttpRequest) -> Any:
    try:
        data = loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        return 422, {"detail": [{"loc": [], "msg": f"not valid JSON: {exc}"}]}
    try:
        return 200, check(data)
    except CaseError as exc:
        return 422, {
            "detail": [{"loc": list(path), "msg": message} for path, message in exc.errors]
        }


# Proposals and decisions ------------------------------------------------------------------------

decisions_router = Router(tags=["classification"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _year(request: HttpRequest, year: int | None) -> int:
    return year if year is not None else review_selectors.year_in_progress(user=_user(request))


def _proposal_out(
    proposal: Proposal,
    *,
    decider: Unit | None,
    findings: list[dict[str, Any]],
    taken: list[Decision] | None = None,
) -> dict[str, Any]:
    """A proposal for the API; `taken` is its decisions when already read (a list of proposals
    reads them in one query), else they are read here."""
    history = (
        sorted(taken, key=lambda d: (d.decided_at, d.pk))
        if taken is not None
        else list(proposal.decisions.order_by("decided_at", "id"))
    )
    return {
        "id": proposal.pk,
        "year": proposal.year,
        "rule_pack": proposal.rule_pack,
        "person_id": proposal.person_id,
        "unit_id": proposal.unit_id,
        "body_id": proposal.body_id,
        "subject": proposal.subject_label,
        "level": proposal.level,
        "proposed_by_id": proposal.proposed_by_id,
        "decider_id": getattr(decider, "pk", None),
        "findings": findings,
        "decisions": history,
    }


@decisions_router.get(
    "/proposals",
    response=list[ProposalOut],
    summary="Đề xuất xếp loại của một đơn vị (cả cây) trong năm, kèm kết quả kiểm tra quy định",
)
def proposal_list(request: HttpRequest, unit_id: int, year: int | None = None) -> list[Any]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
    listed = decisions.proposal_list(user=user, unit=unit, year=_year(request, year))
    proposals = list(listed.prefetch_related(None))
    taken = decisions.decisions_by_proposal(listed)
    pending = [p for p in proposals if not any(d.annulled_at is None for d in taken.get(p.pk, []))]
    findings = decisions.findings_at_proposal(proposals=pending)
    deciders = decisions.deciders_for(proposals)
    return [
        _proposal_out(
            p, decider=deciders[p.pk], findings=findings.get(p.pk, []), taken=taken.get(p.pk, [])
        )
        for p in proposals
    ]


@decisions_router.get(
    "/proposals/{proposal_id}/decisions",
    response=ProposalOut,
    summary="Một đề xuất: kết quả kiểm tra ở bước quyết định và lịch sử quyết định",
)
def proposal_detail(request: HttpRequest, proposal_id: int) -> dict[str, Any]:
    proposal = decisions.proposal_get_for_user(user=_user(request), pk=proposal_id)
    findings = decisions.findings_for(
        proposal=proposal, level=proposal.level or None, stage="decision"
    )
    return _proposal_out(proposal, decider=decisions.decider_for(proposal), findings=findings)


@decisions_router.post(
    "/proposals/{proposal_id}/decisions",
    response={201: DecisionOut},
    summary="Quyết định xếp loại (cấp có thẩm quyền); khác kết quả kiểm tra cần ghi lý do",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "example": {"level": "HTXSNV", "override_reason": "Thành tích đột xuất"}
                }
            }
        }
    },
)
def decision_make(request: HttpRequest, proposal_id: int, payload: DecideIn) -> Any:
    proposal = decisions.proposal_get_for_user(user=_user(request), pk=proposal_id)
    decision = services.decision_make(
        actor=_user(request),
        proposal=proposal,
        level=payload.level,
        override_reason=payload.override_reason,
    )
    return 201, decision


@decisions_router.get(
    "/decisions/{decision_id}/annulment", response=DecisionOut, summary="Một quyết định"
)
def decision_detail(request: HttpRequest, decision_id: int) -> Decision:
    return decisions.decision_get_for_user(user=_user(request), pk=decision_id)


@decisions_router.post(
    "/decisions/{decision_id}/annulment",
    response=DecisionOut,
    summary="Hủy quyết định (có lý do); lịch sử được giữ, đối tượng được quyết định lại",
)
def decision_annul(request: HttpRequest, decision_id: int, payload: AnnulIn) -> Decision:
    decision = decisions.decision_get_for_user(user=_user(request), pk=decision_id)
    return services.decision_annul(actor=_user(request), decision=decision, reason=payload.reason)


@decisions_router.get(
    "/units/{unit_id}/quota",
    response=list[QuotaOut],
    summary="Tỷ lệ HTXSNV so với 20% số HTTNV theo từng tổ chức cơ sở đảng",
)
def quota(request: HttpRequest, unit_id: int, year: int | None = None) -> list[dict[str, Any]]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
    return [
        {
            "scope_id": row.scope.pk,
            "scope": row.scope.name,
            "excellent": row.excellent,
            "good": row.good,
            "allowed": row.allowed,
            "over": row.over,
        }
        for row in decisions.quota_dashboard(user=user, unit=unit, year=_year(request, year))
    ]


@decisions_router.post(
    "/units/{unit_id}/quota",
    response=UnitActionOut,
    summary="action=confirm: quyết định theo đề xuất mọi đảng viên không vi phạm; "
    "action=notify: thông báo kết quả",
)
def unit_action(request: HttpRequest, unit_id: int, payload: UnitActionIn) -> dict[str, Any]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
    if payload.action == "confirm":
        made, left = services.decisions_confirm(actor=user, unit=unit, year=payload.year)
        return {"decided": len(made), "left": [p.pk for p in left]}
    if payload.action == "notify":
        return {
            "decided": services.decisions_notify(actor=user, unit=unit, year=payload.year),
            "left": [],
        }
    raise ValidationError(_("Thao tác không hợp lệ."), code="invalid", params={"field": "action"})


@decisions_router.get(
    "/ballots/{ballot_id}/proposals",
    response=list[ProposalOut],
    summary="Các đề xuất lập từ một cuộc biểu quyết",
)
def ballot_proposals(request: HttpRequest, ballot_id: int) -> list[Any]:
    ballot = voting_selectors.ballot_get_for_user(user=_user(request), pk=ballot_id)
    proposals = list(
        Proposal.objects.filter(ballot=ballot)
        .select_related("person__unit", "unit")
        .prefetch_related("decisions")
    )
    deciders = decisions.deciders_for(proposals)
    return [
        _proposal_out(p, decider=deciders[p.pk], findings=[], taken=list(p.decisions.all()))
        for p in proposals
    ]


@decisions_router.post(
    "/ballots/{ballot_id}/proposals",
    response={201: list[ProposalOut]},
    summary="Lập đề xuất xếp loại từ kết quả biểu quyết đã kết thúc",
)
def proposals_from_ballot(request: HttpRequest, ballot_id: int) -> Any:
    ballot = voting_selectors.ballot_get_for_user(user=_user(request), pk=ballot_id)
    proposals = services.proposals_from_ballot(actor=_user(request), ballot=ballot)
    deciders = decisions.deciders_for(proposals)
    return 201, [_proposal_out(p, decider=deciders[p.pk], findings=[]) for p in proposals]
