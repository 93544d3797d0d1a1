"""Conferences API: create, roll call and quorum, the run-sheet step by step, criticism,
conclusions, the ballot of the votes step, the minutes (edit, sign). The same selectors and
services as the pages; out of scope is 404, a refused action 403 or 422 naming the field."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from kiemdiem.accounts.models import User
from kiemdiem.conferences import selectors, services
from kiemdiem.conferences.models import Conference, Minutes
from kiemdiem.conferences.schemas import (
    AttendanceIn,
    AttendanceOut,
    BallotOpenIn,
    BallotRefOut,
    ConclusionsIn,
    ConferenceCreateIn,
    ConferenceDetailOut,
    ConferenceOut,
    ConferenceReportOut,
    CriticismIn,
    CriticismOut,
    MinutesIn,
    MinutesOut,
    StepIn,
    StepOut,
    TransitionIn,
    TransitionOut,
)
from kiemdiem.orgs import selectors as org_selectors

router = Router(tags=["conferences"])


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _get(request: HttpRequest, conference_id: int) -> Conference:
    return selectors.conference_get_for_user(user=_user(request), pk=conference_id)


def _quorum(conference: Conference) -> dict[str, Any]:
    q = selectors.quorum(conference=conference)
    return {
        "denominator": q.denominator,
        "present": q.present,
        "needed": q.needed,
        "reached": q.reached,
    }


def _attendance(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            "person_id": a.person_id,
            "name": a.person.full_name,
            "official": a.official,
            "status": a.status,
            "reason": a.reason,
        }
        for a in selectors.attendance(conference=conference)
    ]


def _criticism(c: Any) -> dict[str, Any]:
    return {
        "id": c.pk,
        "item_id": c.item_id,
        "speaker_id": c.speaker_id,
        "speaker": c.speaker.full_name,
        "text": c.text,
    }


def _agenda(conference: Conference) -> list[dict[str, Any]]:
    return [
        {
            **{f: getattr(item, f) for f in ("id", "order", "kind", "title", "person_id")},
            **{f: getattr(item, f) for f in ("notes", "reply", "conclusion", "done")},
            "criticisms": [_criticism(c) for c in item.criticisms.all()],
        }
        for item in selectors.agenda(conference=conference)
    ]


def _detail(conference: Conference) -> dict[str, Any]:
    return {
        **ConferenceOut.from_orm(conference).dict(),
        "quorum": _quorum(conference),
        "attendance": _attendance(conference),
        "agenda": _agenda(conference),
        "conclusions": {f: getattr(conference, f) for f in services.CONCLUSION_FIELDS},
    }


def _member(conference: Conference, person_id: int) -> Any:
    entry = selectors.attendance(conference=conference).filter(person_id=person_id).first()
    if entry is None:
        raise ValidationError(
            _("Đồng chí này không có trong danh sách triệu tập."),
            code="invalid",
            params={"field": "person_id"},
        )
    return entry.person


@router.get("/", response=list[ConferenceOut], summary="Các hội nghị kiểm điểm trong phạm vi")
def conference_list(request: HttpRequest) -> list[Conference]:
    return list(selectors.conference_list(user=_user(request)))


@router.post(
    "/",
    response={201: ConferenceDetailOut},
    summary="Tổ chức hội nghị: triệu tập, lập chương trình theo quy trình",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {
                    "example": {
                        "unit_id": 1,
                        "body_id": 2,
                        "year": 2020,
                        "place": "Hội trường Bộ Tư lệnh",
                        "starts_at": "2020-11-20T07:30:00+07:00",
                        "chair_id": 10,
                        "secretary_id": 12,
                        "guests": "Đại diện cấp trên",
                    }
                }
            }
        }
    },
)
def conference_create(request: HttpRequest, payload: ConferenceCreateIn) -> tuple[int, Any]:
    user = _user(request)
    unit = org_selectors.unit_get_for_user(user=user, pk=payload.unit_id)
    body = None
    if payload.body_id is not None:
        body = unit.bodies.filter(pk=payload.body_id).first()
        if body is None:
            raise Http404
    members = {p.pk: p for p in selectors.collective_members(unit=unit, body=body)}
    missing = [
        ValidationError(
            _("Chủ trì và thư ký phải là thành viên của tập thể."),
            code="invalid",
            params={"field": field},
        )
        for field, pk in (("chair_id", payload.chair_id), ("secretary_id", payload.secretary_id))
        if pk not in members
    ]
    if missing:
        raise ValidationError(missing)
    conference = services.conference_create(
        actor=user,
        unit=unit,
        body=body,
        year=payload.year,
        place=payload.place,
        starts_at=payload.starts_at,
        chair=members[payload.chair_id],
        secretary=members[payload.secretary_id],
        title=payload.title,
        guests=payload.guests,
    )
    return 201, _detail(conference)


@router.get(
    "/{conference_id}", response=ConferenceDetailOut, summary="Hội nghị, điểm danh, chương trình"
)
def conference_detail(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    return _detail(_get(request, conference_id))


@router.get(
    "/{conference_id}/attendance", response=list[AttendanceOut], summary="Danh sách điểm danh"
)
def attendance_list(request: HttpRequest, conference_id: int) -> list[dict[str, Any]]:
    return _attendance(_get(request, conference_id))


@router.post(
    "/{conference_id}/attendance",
    response=TransitionOut,
    summary="Điểm danh một đồng chí (vắng mặt cần lý do); trả về số lượng có mặt",
)
def attendance_mark(request: HttpRequest, conference_id: int, payload: AttendanceIn) -> Any:
    conference = _get(request, conference_id)
    services.attendance_mark(
        actor=_user(request),
        conference=conference,
        person=_member(conference, payload.person_id),
        status=payload.status,
        reason=payload.reason,
    )
    return _transitions(conference)


def _transitions(conference: Conference) -> dict[str, Any]:
    actions = {Conference.State.PLANNED: ["start"]}.get(conference.state, [])  # type: ignore[call-overload]
    return {"state": conference.state, "actions": actions, "quorum": _quorum(conference)}


@router.get(
    "/{conference_id}/transitions", response=TransitionOut, summary="Trạng thái và số lượng"
)
def conference_transitions(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    return _transitions(_get(request, conference_id))


@router.post(
    "/{conference_id}/transitions",
    response=TransitionOut,
    summary="Khai mạc hội nghị (action=start, cần đủ số lượng)",
)
def conference_transition(request: HttpRequest, conference_id: int, payload: TransitionIn) -> Any:
    conference = _get(request, conference_id)
    if payload.action != "start":
        raise ValidationError(
            _("Thao tác không hợp lệ."), code="invalid", params={"field": "action"}
        )
    return _transitions(services.conference_start(actor=_user(request), conference=conference))


@router.get("/{conference_id}/agenda", response=list[StepOut], summary="Chương trình hội nghị")
def agenda_list(request: HttpRequest, conference_id: int) -> list[dict[str, Any]]:
    return _agenda(_get(request, conference_id))


@router.post(
    "/{conference_id}/agenda",
    response=list[StepOut],
    summary="Ghi bước đang diễn ra và chuyển bước sau (chỉ chủ trì, thư ký)",
)
def step_complete(request: HttpRequest, conference_id: int, payload: StepIn) -> Any:
    conference = _get(request, conference_id)
    item = selectors.agenda(conference=conference).filter(pk=payload.item_id).first()
    if item is None:
        raise Http404
    services.step_complete(
        actor=_user(request),
        item=item,
        notes=payload.notes,
        reply=payload.reply,
        conclusion=payload.conclusion,
        ended_at=payload.ended_at,
    )
    return _agenda(conference)


@router.get("/{conference_id}/criticisms", response=list[CriticismOut], summary="Ý kiến phê bình")
def criticism_list(request: HttpRequest, conference_id: int) -> list[dict[str, Any]]:
    return [c for step in _agenda(_get(request, conference_id)) for c in step["criticisms"]]


@router.post(
    "/{conference_id}/criticisms",
    response={201: CriticismOut},
    summary="Ghi ý kiến phê bình đích danh trong phần kiểm điểm đang diễn ra",
)
def criticism_add(request: HttpRequest, conference_id: int, payload: CriticismIn) -> Any:
    conference = _get(request, conference_id)
    item = selectors.agenda(conference=conference).filter(pk=payload.item_id).first()
    if item is None:
        raise Http404
    criticism = services.criticism_add(
        actor=_user(request),
        item=item,
        speaker=_member(conference, payload.speaker_id),
        text=payload.text,
    )
    return 201, _criticism(criticism)


@router.get("/{conference_id}/conclusions", response=dict[str, str], summary="Kết luận về tập thể")
def conclusions_get(request: HttpRequest, conference_id: int) -> dict[str, str]:
    conference = _get(request, conference_id)
    return {f: getattr(conference, f) for f in services.CONCLUSION_FIELDS}


@router.post(
    "/{conference_id}/conclusions",
    response=dict[str, str],
    summary="Kết luận về tập thể: kết quả, hạn chế, nguyên nhân, trách nhiệm, biện pháp, "
    "phương hướng",
)
def conclusions_set(request: HttpRequest, conference_id: int, payload: ConclusionsIn) -> Any:
    conference = _get(request, conference_id)
    values = {k: v for k, v in payload.dict().items() if v is not None}
    conference = services.conclusions_set(actor=_user(request), conference=conference, **values)
    return {f: getattr(conference, f) for f in services.CONCLUSION_FIELDS}


@router.get(
    "/{conference_id}/ballot", response=BallotRefOut, summary="Cuộc biểu quyết của hội nghị"
)
def ballot_get(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    conference = _get(request, conference_id)
    ballot = conference.ballot
    return {"ballot_id": getattr(ballot, "pk", None), "state": getattr(ballot, "state", None)}


@router.post(
    "/{conference_id}/ballot",
    response={201: BallotRefOut},
    summary="Mở biểu quyết xếp loại (chốt danh sách người có mặt; phiếu in cho người chọn)",
)
def ballot_open(request: HttpRequest, conference_id: int, payload: BallotOpenIn) -> Any:
    conference = _get(request, conference_id)
    ballot = services.conference_ballot_open(
        actor=_user(request),
        conference=conference,
        kind=payload.kind,
        on_paper=[
            row.person
            for row in selectors.attendance(conference=conference)
            if row.person_id in set(payload.on_paper)
        ],
    )
    return 201, {"ballot_id": ballot.pk, "state": ballot.state}


def _report(conference: Conference) -> dict[str, Any]:
    seen = selectors.report_at_conference(conference=conference)
    return {
        "report_id": getattr(seen.report, "pk", None),
        "state": getattr(seen.report, "state", None),
        "adoptable": seen.adoptable,
        "minutes_reference": getattr(seen.report, "minutes_reference", ""),
        "comments": [
            {
                "author": c.author,
                "section": c.section,
                "quote": c.quote,
                "text": c.text,
                "resolution": c.resolution,
                "note": c.note,
            }
            for c in seen.comments
        ],
    }


@router.get(
    "/{conference_id}/report",
    response=ConferenceReportOut,
    summary="Báo cáo kiểm điểm tập thể tại hội nghị: trạng thái và ý kiến góp ý tổng hợp",
)
def report_get(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    return _report(_get(request, conference_id))


@router.post(
    "/{conference_id}/report/adopt",
    response=ConferenceReportOut,
    summary="Hội nghị thông qua báo cáo kiểm điểm tập thể (chủ trì, thư ký)",
)
def report_adopt(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    conference = _get(request, conference_id)
    services.conference_report_adopt(actor=_user(request), conference=conference)
    return _report(conference)


def _minutes(conference: Conference) -> Minutes:
    record: Minutes | None = getattr(conference, "minutes", None)
    if record is None:
        raise Http404
    return record


def _minutes_out(minutes: Minutes) -> dict[str, Any]:
    return {
        "text": minutes.text,
        "signed_by_chair": minutes.signed_by_chair,
        "signed_by_secretary": minutes.signed_by_secretary,
        "locked": minutes.locked,
    }


@router.get("/{conference_id}/minutes", response=MinutesOut, summary="Biên bản hội nghị")
def minutes_get(request: HttpRequest, conference_id: int) -> dict[str, Any]:
    return _minutes_out(_minutes(_get(request, conference_id)))


@router.put("/{conference_id}/minutes", response=MinutesOut, summary="Sửa biên bản (trước khi ký)")
def minutes_edit(request: HttpRequest, conference_id: int, payload: MinutesIn) -> Any:
    minutes = _minutes(_get(request, conference_id))
    return _minutes_out(
        services.minutes_edit(actor=_user(request), minutes=minutes, text=payload.text)
    )


@router.post(
    "/{conference_id}/minutes",
    response=MinutesOut,
    summary="Ký biên bản (chủ trì hoặc thư ký); ký đủ hai người thì khóa",
)
def minutes_sign(request: HttpRequest, conference_id: int) -> Any:
    minutes = _minutes(_get(request, conference_id))
    return _minutes_out(services.minutes_sign(actor=_user(request), minutes=minutes))
