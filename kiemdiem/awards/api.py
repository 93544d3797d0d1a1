"""Awards API: eligible members of a year, badge lists, proposals and decisions."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from kiemdiem.awards import selectors, services
from kiemdiem.awards.models import CommendationDecision, CommendationProposal
from kiemdiem.orgs import selectors as org_selectors

router = Router(tags=["awards"])


class EligibleOut(Schema):
    person_id: int
    full_name: str
    unit_name: str
    year: int
    five_years_running: bool
    qualifying_years: list[int]


class EligibleOrganizationOut(Schema):
    unit_id: int
    name: str
    year: int
    five_years_running: bool
    qualifying_years: list[int]


class BadgeOut(Schema):
    person_id: int
    full_name: str
    unit_name: str
    admitted_on: datetime.date
    years: int
    milestone: datetime.date
    presented_on: datetime.date
    amount: str | None
    blocked: bool  # under discipline on the presentation day: not yet presented
    early: str  # "illness" (presented early), "posthumous", or ""


class BadgeConditionIn(Schema):
    person_id: int
    kind: str  # "illness", "posthumous" or "discipline"
    start: datetime.date
    end: datetime.date | None = None
    note: str = ""

    model_config = {
        "json_schema_extra": {
            "example": {"person_id": 1, "kind": "illness", "start": "2020-03-01", "note": ""}
        }
    }


class BadgeConditionOut(Schema):
    id: int
    person_id: int
    kind: str
    start: datetime.date
    end: datetime.date | None


class ProposalIn(Schema):
    person_id: int | None = None  # exactly one of person_id and organization_id
    organization_id: int | None = None
    year: int
    kind: str = "year"

    model_config = {"json_schema_extra": {"example": {"person_id": 1, "year": 2024, "kind": "run"}}}


class ProposalOut(Schema):
    id: int
    person_id: int | None
    organization_id: int | None
    year: int
    kind: str
    qualifying_years: list[int]
    status: str
    title: str


class DecisionIn(Schema):
    deciding_unit_id: int
    number: int | None = None  # None: the next number of the clerk's register
    decided_on: datetime.date
    form_of_award: str = "Giấy khen"
    signer_name: str = ""
    place: str = "Hà Nội"
    proposal_ids: list[int]

    model_config = {
        "json_schema_extra": {
            "example": {
                "deciding_unit_id": 1,
                "number": 21,
                "decided_on": "2024-12-20",
                "form_of_award": "Giấy khen",
                "proposal_ids": [1, 2],
            }
        }
    }


class DecisionOut(Schema):
    id: int
    deciding_unit_id: int
    year: int
    number: int
    decided_on: datetime.date
    form_of_award: str
    proposals: list[ProposalOut]


def _decision_out(decision: CommendationDecision) -> dict[str, object]:
    return {
        "id": decision.pk,
        "deciding_unit_id": decision.deciding_unit_id,
        "year": decision.year,
        "number": decision.number,
        "decided_on": decision.decided_on,
        "form_of_award": decision.form_of_award,
        "proposals": list(selectors.decision_proposals(decision=decision)),
    }


@router.get(
    "/eligible-organizations",
    response=list[EligibleOrganizationOut],
    summary="Tổ chức đảng đủ điều kiện «Trong sạch, vững mạnh tiêu biểu»",
)
def eligible_organizations(
    request: HttpRequest, year: int, unit_id: int | None = None
) -> list[dict[str, object]]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None  # type: ignore[arg-type]
    rows = selectors.eligible_organizations(user=request.user, year=year, unit=unit)  # type: ignore[arg-type]
    return [
        {
            "unit_id": r.unit.pk,
            "name": r.unit.name,
            "year": year,
            "five_years_running": r.candidacy.five_years_running,
            "qualifying_years": list(r.candidacy.run_years) or [year],
        }
        for r in rows
    ]


@router.get("/eligible", response=list[EligibleOut], summary="Đảng viên đủ điều kiện khen thưởng")
def eligible(
    request: HttpRequest, year: int, unit_id: int | None = None
) -> list[dict[str, object]]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None  # type: ignore[arg-type]
    rows = selectors.eligible_members(user=request.user, year=year, unit=unit)  # type: ignore[arg-type]
    return [
        {
            "person_id": r.person.pk,
            "full_name": r.person.full_name,
            "unit_name": r.unit_name,
            "year": year,
            "five_years_running": r.candidacy.five_years_running,
            "qualifying_years": list(r.candidacy.run_years) or [year],
        }
        for r in rows
    ]


@router.get(
    "/badges", response=list[BadgeOut], summary="Đảng viên được trao Huy hiệu Đảng trong năm"
)
def badges(request: HttpRequest, year: int) -> list[dict[str, object]]:
    return [
        {
            "person_id": r.person.pk,
            "full_name": r.person.full_name,
            "unit_name": r.person.unit.name,
            "admitted_on": r.person.admitted_on,
            "years": r.badge.years,
            "milestone": r.badge.milestone,
            "presented_on": r.badge.presented_on,
            "amount": str(r.badge.amount) if r.badge.amount is not None else None,
            "blocked": r.badge.blocked,
            "early": r.badge.early,
        }
        for r in selectors.badge_list(user=request.user, year=year)  # type: ignore[arg-type]
    ]


@router.post(
    "/badge-conditions",
    response={201: BadgeConditionOut},
    summary="Ghi nhận ốm đau hiểm nghèo, từ trần hoặc kỷ luật (ảnh hưởng ngày trao Huy hiệu)",
)
def badge_condition_create(request: HttpRequest, payload: BadgeConditionIn) -> tuple[int, object]:
    person = org_selectors.person_get_for_user(user=request.user, pk=payload.person_id)  # type: ignore[arg-type]
    condition = services.badge_condition_add(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        kind=payload.kind,
        start=payload.start,
        end=payload.end,
        note=payload.note,
    )
    return 201, condition


@router.post("/proposals", response={201: ProposalOut}, summary="Đề nghị khen thưởng một đảng viên")
def proposal_create(request: HttpRequest, payload: ProposalIn) -> tuple[int, CommendationProposal]:
    if (payload.person_id is None) == (payload.organization_id is None):
        raise ValidationError(
            _("Chọn đúng một đảng viên hoặc một tổ chức."),
            code="required",
            params={"field": "person_id"},
        )
    person = organization = None
    if payload.person_id is not None:
        person = org_selectors.person_get_for_user(user=request.user, pk=payload.person_id)  # type: ignore[arg-type]
    else:
        organization = org_selectors.unit_get_for_user(
            user=request.user,  # type: ignore[arg-type]
            pk=payload.organization_id,  # type: ignore[arg-type]
        )
    proposal = services.commendation_propose(
        actor=request.user,  # type: ignore[arg-type]
        person=person,
        organization=organization,
        year=payload.year,
        kind=payload.kind,
    )
    return 201, proposal


@router.post("/decisions", response={201: DecisionOut}, summary="Ra quyết định khen thưởng")
def decision_create(request: HttpRequest, payload: DecisionIn) -> tuple[int, dict[str, object]]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=payload.deciding_unit_id)  # type: ignore[arg-type]
    proposals = list(
        selectors.proposal_list_by_ids(user=request.user, ids=payload.proposal_ids)  # type: ignore[arg-type]
    )
    if len(proposals) != len(set(payload.proposal_ids)):
        raise Http404
    decision = services.commendation_decide(
        actor=request.user,  # type: ignore[arg-type]
        deciding_unit=unit,
        proposals=proposals,
        number=payload.number,
        decided_on=payload.decided_on,
        form_of_award=payload.form_of_award,
        signer_name=payload.signer_name,
        place=payload.place,
    )
    return 201, _decision_out(decision)


@router.get("/decisions/{decision_id}", response=DecisionOut, summary="Một quyết định khen thưởng")
def decision_detail(request: HttpRequest, decision_id: int) -> dict[str, object]:
    decision = selectors.decision_get_for_user(user=request.user, pk=decision_id)  # type: ignore[arg-type]
    return _decision_out(decision)
