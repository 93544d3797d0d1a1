"""Ballots API: list, create, open (who is present, who votes on paper), vote from one's own login
or with a slip's code, close, counts and corrections, tellers' confirmation, detail with the tally
once closed, the slips PDF, receipt lookup (inclusion only)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Router

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.voting import selectors, services, slips
from kiemdiem.voting.models import Ballot
from kiemdiem.voting.schemas import (
    BallotCreateIn,
    BallotDetailOut,
    BallotOut,
    CastIn,
    CastOut,
    ConfirmIn,
    CountsIn,
    OpenIn,
    OwnCastIn,
    ReceiptOut,
)

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
        "slips": progress["slips"],
        "slips_used": progress["slips_used"],
        "slips_printed": ballot.slips_printed,
        "corrections": list(selectors.ballot_corrections(ballot=ballot)),
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
    "/{ballot_id}/open",
    response=BallotDetailOut,
    summary="Mở biểu quyết: chốt danh sách người có mặt; phiếu in có mã cho người chọn",
)
def ballot_open(request: AuthedHttpRequest, ballot_id: int, payload: OpenIn) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)
    called = services.called_members(ballot.unit)
    present, paper = set(payload.present), set(payload.on_paper)
    return _detail(
        services.ballot_open(
            actor=request.user,
            ballot=ballot,
            present=[p for p in called if p.pk in present],
            on_paper=[p for p in called if p.pk in paper],
        )
    )


@router.post(
    "/{ballot_id}/vote",
    response=CastOut,
    summary="Bỏ phiếu kín từ tài khoản của mình (người có tên trong danh sách)",
)
def ballot_vote(request: AuthedHttpRequest, ballot_id: int, payload: OwnCastIn) -> dict[str, str]:
    entry = selectors.roll_entry_for_user(user=request.user, ballot_pk=ballot_id)
    return {
        "receipt": services.ballot_cast_own(
            actor=request.user, ballot=entry.ballot, choices=payload.choices
        )
    }


@router.get(
    "/{ballot_id}/slips.pdf",
    summary="Phiếu in có mã (PDF, thứ tự ngẫu nhiên) cho người điều hành",
    response={200: None},
)
def ballot_slips(request: AuthedHttpRequest, ballot_id: int, reason: str = "") -> HttpResponse:
    """Printed once; `?reason=` for a reprint (audited, shown on the ballot)."""
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)
    if not selectors.user_can_run_ballots(user=request.user, unit=ballot.unit, ballot=ballot):
        raise Http404
    codes = services.ballot_slips_print(actor=request.user, ballot=ballot, reason=reason)
    pdf = slips.slips_pdf(
        title=ballot.title,
        unit_name=ballot.unit.name,
        codes=codes,
        vote_url=request.build_absolute_uri(reverse("voting:vote")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Cache-Control"] = "no-store"
    return response


@router.post(
    "/{ballot_id}/counts",
    response=BallotDetailOut,
    summary="Nhập (hoặc đính chính, có lý do) số phiếu giơ tay hay kiểm phiếu giấy",
)
def counts_enter(request: AuthedHttpRequest, ballot_id: int, payload: CountsIn) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)
    return _detail(
        services.counts_enter(
            actor=request.user,
            ballot=ballot,
            counts=payload.counts,
            ballots_valid=payload.ballots_valid,
            ballots_blank=payload.ballots_blank,
            ballots_invalid=payload.ballots_invalid,
            reason=payload.reason,
        )
    )


@router.post(
    "/{ballot_id}/confirm", response=BallotDetailOut, summary="Ban kiểm phiếu xác nhận kết quả"
)
def ballot_confirm(
    request: AuthedHttpRequest, ballot_id: int, payload: ConfirmIn
) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)
    tellers = selectors.teller_candidates(ballot=ballot).filter(
        pk__in=selectors.database_ids(payload.tellers)
    )
    return _detail(services.ballot_confirm(actor=request.user, ballot=ballot, tellers=tellers))


@router.get(
    "/receipts/{receipt}",
    response=ReceiptOut,
    summary="Tra cứu mã biên nhận: phiếu đã được đếm (không cho biết lựa chọn)",
)
def receipt_check(request: AuthedHttpRequest, receipt: str) -> dict[str, object]:
    ballot = selectors.published_ballot_for_receipt(user=request.user, receipt=receipt)
    if ballot is None:
        raise Http404
    return {"receipt": receipt.strip().upper(), "ballot_id": ballot.pk, "counted": True}


@router.post(
    "/{ballot_id}/close", response=BallotDetailOut, summary="Kết thúc biểu quyết, công bố kết quả"
)
def ballot_close(request: HttpRequest, ballot_id: int) -> dict[str, object]:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=ballot_id)  # type: ignore[arg-type]
    return _detail(services.ballot_close(actor=request.user, ballot=ballot))  # type: ignore[arg-type]
