"""Ballots API: list, create, open, close, detail with the tally once closed, cast with a code."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.voting import selectors, services
from kiemdiem.voting.models import Ballot
from kiemdiem.voting.schemas import BallotCreateIn, BallotDetailOut, BallotOut, CastIn, CastOut

router = Router(tags=["voting"])


def _detail(ballot: Ballot) -> dict[str, object]:
    subjects = list(selectors.ballot_subjects(ballot=ballot))
    progress = selectors.ballot_progress(ballot=ballot)
    sealed = ballot.state in {Ballot.State.DRAFT, Ballot.State.OPEN}
    data: dict[str, object] = {
        **{
            f: getattr(ballot, f)
            for f in ("id", "title", "year", "kind", "state", "unit_id", "denominator")
        },
        "subjects": subjects,
        "voted": progress["voted"],
        "roll_size": progress["total"],
        "sealed": sealed,
    }
    if not sealed:
        result = selectors.ballot_tally(ballot=ballot)
        labels = {str(s.pk): s.label for s in subjects}
        data["tally"] = [
            {
                "subject_id": int(r.subject),
                "label": labels[r.subject],
                "votes": r.votes,
                "cumulative": r.cumulative,
                "result": r.result,
            }
            for r in result.subjects
        ]
        data["warnings"] = [w.code for w in result.warnings]
        data["receipts"] = selectors.published_receipts(ballot=ballot)
    return data


@router.get("/", response=list[BallotOut], summary="Các cuộc biểu quyết trong phạm vi")
def ballot_list(request: HttpRequest) -> list[Ballot]:
    return list(selectors.ballot_list(user=request.user))  # type: ignore[arg-type]


@router.post(
    "/", response={201: BallotDetailOut}, summary="Tạo cuộc biểu quyết cho một tổ chức đảng"
)
def ballot_create(
    request: AuthedHttpRequest, payload: BallotCreateIn
) -> tuple[int, dict[str, object]]:
    # The router's auth (session or token) has set request.user to a User.
    unit = org_selectors.unit_get_for_user(user=request.user, pk=payload.unit_id)
    ballot = services.ballot_create(
        actor=request.user, unit=unit, title=payload.title, year=payload.year, kind=payload.kind
    )
    return 201, _detail(ballot)


@router.post(
    "/cast",
    response=CastOut,
    summary="Bỏ phiếu kín bằng mã một lần",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"example": {"code": "ABCD2345", "choices": {"12": "HTTNV"}}}
            }
        }
    },
)
def ballot_cast(request: HttpRequest, payload: CastIn) -> dict[str, str]:
    return {"receipt": services.ballot_cast(code=payload.code, choices=payload.choices)}


@router.get(
    "/{ballot_id}", response=BallotDetailOut, summary="Chi tiết; kết quả chỉ có sau khi đóng"
)
def ballot_detail(request: HttpRequest, ballot_id: int) -> dict[str, object]:
    return _detail(selectors.ballot_get_for_user(user=request.user, pk=ballot_id))  # type: ignore[arg-type]


@router.post(
    "/{ballot_id}/open", response=BallotDetailOut, summary="Mở biểu quyết (chốt danh sách, phát mã)"
)
def ballot_open(request: HttpRequest, ballot_id: int) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)  # type: ignore[arg-type]
    return _detail(services.ballot_open(actor=request.user, ballot=ballot))  # type: ignore[arg-type]


@router.post(
    "/{ballot_id}/close", response=BallotDetailOut, summary="Kết thúc biểu quyết, công bố kết quả"
)
def ballot_close(request: HttpRequest, ballot_id: int) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)  # type: ignore[arg-type]
    return _detail(services.ballot_close(actor=request.user, ballot=ballot))  # type: ignore[arg-type]
