"""Running a review conference: create it with its run-sheet, check members in, advance the
steps, record criticism and conclusions, generate and sign the minutes.

A committee office over the unit (or the cell's secretary) plans the conference; only the chair
and the secretary (the users linked to those people) run it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.conferences import minutes as minutes_text
from kiemdiem.conferences import selectors
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference, Criticism, Minutes
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs.models import LeadershipBody, Person, PersonStatus, Unit
from kiemdiem.reviews import selectors as reviews_selectors
from kiemdiem.reviews import services as reviews_services
from kiemdiem.reviews.models import CollectiveReport, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.voting import services as voting_services
from kiemdiem.voting.models import Ballot

CONCLUSION_FIELDS = (
    "results",
    "limitations",
    "causes_subjective",
    "causes_objective",
    "responsibility_collective",
    "responsibility_individuals",
    "remedies",
    "directions",
)


def _require_runner(actor: User, conference: Conference) -> None:
    if not selectors.user_runs_conference(user=actor, conference=conference):
        raise PermissionDenied(_("Chỉ chủ trì và thư ký hội nghị được điều hành hội nghị."))


def _require_state(conference: Conference, *states: str) -> None:
    if conference.state not in states:
        raise ValidationError(
            _("Hội nghị đang ở trạng thái «%(state)s»."),
            code="wrong_state",
            params={"field": "state", "state": conference.get_state_display()},
        )


# The report is adopted after it was read, its comments consolidated and discussed, and before
# the members' self-criticism (the collective before its members, domain §1.3).
ADOPTION_STEPS = (AgendaItem.Kind.DISCUSSION, AgendaItem.Kind.CONCLUSIONS)


def _require_step(conference: Conference, *kinds: str) -> None:
    current = selectors.current_step(conference=conference)
    if current is None or current.kind not in kinds:
        wanted = ", ".join(f"«{AgendaItem.Kind(kind).label}»" for kind in kinds)
        raise ValidationError(
            _("Việc này chỉ làm ở bước %(steps)s của chương trình hội nghị; bước hiện tại: %(now)s."),
            code="out_of_order",
            params={
                "field": "step",
                "steps": wanted,
                "now": f"«{current.title}»" if current else _("đã hết chương trình"),
            },
        )


def run_sheet(members_in_order: list[Person]) -> list[tuple[str, str, Person | None]]:
    """The seed conference's procedure (domain.md §1.4): the collective before its members, the
    head first, then deputies, then the others."""
    steps: list[tuple[str, str, Person | None]] = [
        (AgendaItem.Kind.OPENING, str(AgendaItem.Kind.OPENING.label), None),
        (AgendaItem.Kind.READ_REPORT, str(AgendaItem.Kind.READ_REPORT.label), None),
        (AgendaItem.Kind.COMMENTS, str(AgendaItem.Kind.COMMENTS.label), None),
        (AgendaItem.Kind.DISCUSSION, str(AgendaItem.Kind.DISCUSSION.label), None),
        (AgendaItem.Kind.CONCLUSIONS, str(AgendaItem.Kind.CONCLUSIONS.label), None),
    ]
    for person in members_in_order:
        steps.append(
            (
                AgendaItem.Kind.SELF_CRITICISM,
                _("Kiểm điểm đồng chí %(name)s") % {"name": person.full_name},
                person,
            )
        )
    steps += [
        (AgendaItem.Kind.VOTES, str(AgendaItem.Kind.VOTES.label), None),
        (AgendaItem.Kind.CLOSING, str(AgendaItem.Kind.CLOSING.label), None),
    ]
    return steps


@transaction.atomic
def conference_create(
    *,
    actor: User,
    unit: Unit,
    year: int,
    place: str,
    starts_at: datetime.datetime,
    chair: Person,
    secretary: Person,
    body: LeadershipBody | None = None,
    title: str = "",
    guests: str = "",
) -> Conference:
    """Create the conference, call its members and lay out the run-sheet."""
    if not selectors.user_can_plan(user=actor, unit=unit):
        raise PermissionDenied(_("Bạn không có quyền tổ chức hội nghị của đơn vị này."))
    members = selectors.collective_members(unit=unit, body=body)
    member_ids = {p.pk for p in members}
    errors = []
    if chair.pk not in member_ids:
        errors.append(
            ValidationError(
                _("Chủ trì phải là thành viên của tập thể."),
                code="invalid",
                params={"field": "chair"},
            )
        )
    if secretary.pk not in member_ids:
        errors.append(
            ValidationError(
                _("Thư ký phải là thành viên của tập thể."),
                code="invalid",
                params={"field": "secretary"},
            )
        )
    if errors:
        raise ValidationError(errors)
    conference = Conference.objects.create(
        unit=unit,
        body=body,
        year=year,
        campaign=reviews_selectors.campaign_covering(unit=unit, year=year),
        # The collective in the title: a member's list and the ballot say whose meeting it is.
        title=title
        or _("Hội nghị kiểm điểm tự phê bình và phê bình năm %(year)s · %(who)s")
        % {"year": year, "who": str(body) if body is not None else unit.name},
        place=place,
        starts_at=starts_at,
        chair=chair,
        secretary=secretary,
        guests=guests,
        created_by=actor,
    )
    Attendance.objects.bulk_create(
        [
            Attendance(
                conference=conference,
                person=person,
                official=person.official_on is not None,
                status=Attendance.Status.EXEMPT
                if person.status == PersonStatus.EXEMPT
                else Attendance.Status.EXPECTED,
            )
            for person in members
        ]
    )
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(
                conference=conference, order=index + 1, kind=kind, title=title_, person=person
            )
            for index, (kind, title_, person) in enumerate(
                run_sheet(selectors.members_head_first(unit=unit, body=body, members=members))
            )
        ]
    )
    audit_record(
        actor=actor,
        verb="conference_create",
        instance=conference,
        changes={"members": len(members)},
    )
    return conference


@transaction.atomic
def attendance_mark(
    *, actor: User, conference: Conference, person: Person, status: str, reason: str = ""
) -> Attendance:
    """Check a member in, or record them absent with the reason."""
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.PLANNED, Conference.State.IN_PROGRESS)
    entry = (
        Attendance.objects.select_for_update().filter(conference=conference, person=person).first()
    )
    if entry is None:
        raise ValidationError(
            _("Đồng chí này không có trong danh sách triệu tập."),
            code="invalid",
            params={"field": "person"},
        )
    if status not in Attendance.Status.values:
        raise ValidationError(
            _("Trạng thái điểm danh không hợp lệ."), code="invalid", params={"field": "status"}
        )
    if status == Attendance.Status.ABSENT and not reason.strip():
        raise ValidationError(
            _("Cần ghi lý do vắng mặt."), code="required", params={"field": "reason"}
        )
    before = entry.status
    entry.status, entry.reason = status, reason.strip()
    entry.save(update_fields=["status", "reason"])
    audit_record(
        actor=actor, verb="attendance_mark", instance=entry, changes={"status": [before, status]}
    )
    return entry


@transaction.atomic
def conference_start(*, actor: User, conference: Conference) -> Conference:
    """Open the conference (needs a quorum of the members called)."""
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.PLANNED)
    quorum = selectors.quorum(conference=conference)
    if not quorum.reached:
        raise ValidationError(
            _("Chưa đủ số lượng: có mặt %(present)s/%(called)s, cần ít nhất %(needed)s."),
            code="no_quorum",
            params={
                "field": "attendance",
                "present": quorum.present,
                "called": quorum.denominator,
                "needed": quorum.needed,
            },
        )
    conference.state = Conference.State.IN_PROGRESS
    conference.save(update_fields=["state"])
    dropped = _prune_self_criticism(conference)
    audit_record(
        actor=actor, verb="conference_start", instance=conference, changes={"not_heard": dropped}
    )
    return conference


def _prune_self_criticism(conference: Conference) -> list[int]:
    """When the meeting opens, only the members present whose self-review is submitted keep their
    step (and so their ballot line): an absent member is reviewed later or not classified, never
    classified without a review (domain §4.2). Returns the people dropped."""
    items = list(conference.agenda.order_by("order"))
    present = set(
        conference.attendance.filter(status=Attendance.Status.PRESENT).values_list(
            "person_id", flat=True
        )
    )
    ready: set[int] | None = None
    if conference.campaign_id is not None:
        ready = set(
            SubjectReview.objects.filter(
                campaign_id=conference.campaign_id,
                kind=SubjectKind.MEMBER,
                status=ReviewStatus.SUBMITTED,
            ).values_list("person_id", flat=True)
        )
    dropped = [
        item
        for item in items
        if item.kind == AgendaItem.Kind.SELF_CRITICISM
        and item.person_id is not None
        and (item.person_id not in present or (ready is not None and item.person_id not in ready))
    ]
    if not dropped:
        return []
    AgendaItem.objects.filter(pk__in=[item.pk for item in dropped]).delete()
    kept = [item for item in items if item not in dropped]
    # Renumber in two passes: the (conference, order) pair is unique at every statement.
    for item in kept:
        item.order += 10_000
    AgendaItem.objects.bulk_update(kept, ["order"])
    for number, item in enumerate(kept, start=1):
        item.order = number
    AgendaItem.objects.bulk_update(kept, ["order"])
    return [item.person_id for item in dropped if item.person_id is not None]


@transaction.atomic
def step_complete(
    *,
    actor: User,
    item: AgendaItem,
    notes: str = "",
    reply: str = "",
    conclusion: str = "",
    ended_at: datetime.datetime | None = None,
) -> AgendaItem:
    """Record the notes of the current step and move on. Steps go in order. Closing records when
    the conference ended (`ended_at`, for minutes written up after the meeting; else now)."""
    conference = Conference.objects.select_for_update().get(pk=item.conference_id)
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.IN_PROGRESS)
    current = selectors.current_step(conference=conference)
    if current is None or current.pk != item.pk:
        raise ValidationError(
            _("Chỉ ghi được bước đang diễn ra."), code="out_of_order", params={"field": "step"}
        )
    item.notes, item.reply, item.conclusion, item.done = (
        notes.strip(),
        reply.strip(),
        conclusion.strip(),
        True,
    )
    item.save(update_fields=["notes", "reply", "conclusion", "done"])
    if conference.campaign_id is not None:
        _review_follows_step(actor, conference, item)
    if item.kind == AgendaItem.Kind.CLOSING:
        if ended_at is not None and ended_at < conference.starts_at:
            raise ValidationError(
                _("Giờ bế mạc phải sau giờ khai mạc (%(start)s)."),
                code="invalid",
                params={
                    "field": "ended_at",
                    "start": timezone.localtime(conference.starts_at).strftime("%H:%M %d/%m/%Y"),
                },
            )
        conference.state = Conference.State.CLOSED
        conference.ended_at = ended_at or timezone.now()
        conference.save(update_fields=["state", "ended_at"])
        minutes_generate(actor=actor, conference=conference)
    audit_record(actor=actor, verb="step_complete", instance=item, changes={"order": item.order})
    return item


def _review_follows_step(actor: User, conference: Conference, item: AgendaItem) -> None:
    """A member's review is commented once their self-criticism step is done; the collective's,
    once the conference has concluded on it."""
    campaign = conference.campaign
    assert campaign is not None  # noqa: S101 - checked by the caller
    if item.kind == AgendaItem.Kind.SELF_CRITICISM and item.person_id is not None:
        reviews_services.reviews_commented(actor=actor, campaign=campaign, people=[item.person_id])
    elif item.kind == AgendaItem.Kind.CONCLUSIONS:
        reviews_services.collective_commented(
            actor=actor,
            campaign=campaign,
            subject=reviews_services.Subject.of(
                person_id=None, unit_id=conference.unit_id, body_id=conference.body_id
            ),
        )


@transaction.atomic
def conference_report_adopt(*, actor: User, conference: Conference) -> CollectiveReport:
    """The conference adopts the collective's report as amended (domain §1.4 step 6, §5.3
    revised → adopted), citing this conference's minutes. Only the runners, while it sits."""
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.IN_PROGRESS)
    _require_step(conference, *ADOPTION_STEPS)
    report = selectors.report_at_conference(conference=conference).report
    if report is None:
        raise ValidationError(
            _("Tập thể này chưa có báo cáo kiểm điểm trong đợt kiểm điểm năm %(year)s."),
            code="no_report",
            params={"field": "report", "year": conference.year},
        )
    adopted = reviews_services.report_adopt(
        actor=actor,
        report=report,
        minutes_reference=_("Biên bản %(title)s") % {"title": conference.title},
        runs_the_conference=True,
    )
    review = report.review
    if conference.campaign is not None and review.campaign_id == conference.campaign_id:
        reviews_services.collective_commented(
            actor=actor,
            campaign=conference.campaign,
            subject=reviews_services.Subject.of(
                person_id=None, unit_id=review.unit_id, body_id=review.body_id
            ),
        )
    audit_record(
        actor=actor,
        verb="conference_report_adopt",
        instance=conference,
        changes={"report": adopted.pk},
    )
    return adopted


@transaction.atomic
def criticism_add(*, actor: User, item: AgendaItem, speaker: Person, text: str) -> Criticism:
    """A named criticism at a member's self-criticism step."""
    conference = item.conference
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.IN_PROGRESS)
    current = selectors.current_step(conference=conference)
    if item.kind != AgendaItem.Kind.SELF_CRITICISM or current is None or current.pk != item.pk:
        raise ValidationError(
            _("Chỉ ghi phê bình trong phần kiểm điểm đang diễn ra."),
            code="invalid",
            params={"field": "item"},
        )
    if not text.strip():
        raise ValidationError(
            _("Nội dung phê bình trống."), code="required", params={"field": "text"}
        )
    if not conference.attendance.filter(person=speaker, status=Attendance.Status.PRESENT).exists():
        raise ValidationError(
            _("Người phát biểu phải có mặt tại hội nghị."),
            code="invalid",
            params={"field": "speaker"},
        )
    criticism = Criticism.objects.create(item=item, speaker=speaker, text=text.strip())
    audit_record(
        actor=actor,
        verb="criticism_add",
        instance=criticism,
        changes={"subject": item.person_id, "speaker": speaker.pk},
    )
    return criticism


@transaction.atomic
def conclusions_set(*, actor: User, conference: Conference, **values: str) -> Conference:
    """The collective's conclusions: results, limitations, causes, responsibilities, remedies,
    directions for next year."""
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.IN_PROGRESS, Conference.State.CLOSED)
    unknown = set(values) - set(CONCLUSION_FIELDS)
    if unknown:
        raise ValidationError(
            _("Mục kết luận không hợp lệ."), code="invalid", params={"field": sorted(unknown)[0]}
        )
    for name, value in values.items():
        setattr(conference, name, value.strip())
    conference.save(update_fields=list(values))
    audit_record(
        actor=actor, verb="conclusions_set", instance=conference, changes={"fields": sorted(values)}
    )
    return conference


@transaction.atomic
def conference_ballot_open(
    *,
    actor: User,
    conference: Conference,
    kind: str = Ballot.Kind.SECRET_BALLOT,
    on_paper: Iterable[Person] = (),
) -> Ballot:
    """At the votes step: a ballot on the collective and each member reviewed, with the roll call
    of the conference (the members called, those present vote; `on_paper` and those without a
    login vote on printed slips)."""
    _require_runner(actor, conference)
    _require_state(conference, Conference.State.IN_PROGRESS)
    _require_step(conference, AgendaItem.Kind.VOTES)
    if conference.ballot_id is not None:
        raise ValidationError(
            _("Hội nghị đã có cuộc biểu quyết."), code="exists", params={"field": "ballot"}
        )
    rows = list(selectors.attendance(conference=conference))
    reviewed = [
        item.person for item in selectors.agenda(conference=conference) if item.person is not None
    ]
    system = conference.created_by or actor
    ballot = voting_services.ballot_create(
        actor=system,
        unit=conference.unit,
        title=conference.title,
        year=conference.year,
        kind=kind,
        people=reviewed,
        body=conference.body,
        campaign=conference.campaign,
    )
    ballot = voting_services.ballot_open(
        actor=system,
        ballot=ballot,
        called=[row.person for row in rows if row.status != Attendance.Status.EXEMPT],
        present=[row.person for row in rows if row.status == Attendance.Status.PRESENT],
        on_paper=on_paper,
    )
    ballot.runners.set([conference.chair, conference.secretary])
    conference.ballot = ballot
    conference.save(update_fields=["ballot"])
    audit_record(
        actor=actor,
        verb="conference_ballot_open",
        instance=conference,
        changes={"ballot": ballot.pk},
    )
    return ballot


@transaction.atomic
def minutes_generate(*, actor: User, conference: Conference) -> Minutes:
    """(Re)write the minutes from the run-sheet; refused once signed."""
    _require_runner(actor, conference)
    existing = Minutes.objects.select_for_update().filter(conference=conference).first()
    if existing is not None and existing.locked:
        raise ValidationError(
            _("Biên bản đã ký, không sửa được."), code="locked", params={"field": "minutes"}
        )
    content = minutes_text.render(selectors.minutes_data(conference=conference))
    minutes, _created = Minutes.objects.update_or_create(
        conference=conference, defaults={"text": content}
    )
    audit_record(actor=actor, verb="minutes_generate", instance=minutes)
    return minutes


@transaction.atomic
def minutes_edit(*, actor: User, minutes: Minutes, text: str) -> Minutes:
    _require_runner(actor, minutes.conference)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.locked:
        raise ValidationError(
            _("Biên bản đã ký, không sửa được."), code="locked", params={"field": "minutes"}
        )
    before = minutes.text
    minutes.text = text
    minutes.save(update_fields=["text"])
    audit_record(
        actor=actor,
        verb="minutes_edit",
        instance=minutes,
        changes={"length": [len(before), len(text)]},
    )
    return minutes


@transaction.atomic
def minutes_sign(*, actor: User, minutes: Minutes) -> Minutes:
    """The chair and the secretary each sign; once both have, the minutes are locked."""
    minutes = Minutes.objects.select_for_update().select_related("conference").get(pk=minutes.pk)
    conference = minutes.conference
    _require_state(conference, Conference.State.CLOSED)
    person_id = actor.person_id
    now = timezone.now()
    if person_id == conference.chair_id and minutes.signed_by_chair is None:
        minutes.signed_by_chair = now
    elif person_id == conference.secretary_id and minutes.signed_by_secretary is None:
        minutes.signed_by_secretary = now
    else:
        raise PermissionDenied(_("Chỉ chủ trì và thư ký ký biên bản, mỗi người một lần."))
    minutes.save(update_fields=["signed_by_chair", "signed_by_secretary"])
    if minutes.locked:
        Conference.objects.filter(pk=conference.pk).update(state=Conference.State.SIGNED)
    audit_record(actor=actor, verb="minutes_sign", instance=minutes)
    return minutes
