"""Writes for votes: create, open (freeze the roll, make the slip codes), cast (from one's own
login or with a printed slip's code), close, enter counts, correct counts, confirm.

Casting a secret ballot is one transaction that marks the voter (their roll entry, or the slip)
and stores the anonymous ballot together: if the server dies half-way, both are rolled back and
the voter can vote again, so no vote is lost or counted twice.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import LeadershipBody, Person, PersonStatus, Unit
from kiemdiem.reviews import selectors as reviews_selectors
from kiemdiem.reviews import services as reviews_services
from kiemdiem.reviews.models import Campaign, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.voting import selectors
from kiemdiem.voting.models import (
    Ballot,
    BallotSlip,
    BallotSubject,
    CastBallot,
    CastChoice,
    CountCorrection,
    CountEntry,
    VoterRollEntry,
)

HEARD_STATUSES = (ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED, ReviewStatus.SELF_ASSESSED)
MAX_COUNT = 1_000_000
TITLE_MAX = 255
YEAR_RANGE = (2000, 2100)
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
VOTING_STATUSES = {PersonStatus.OFFICIAL, PersonStatus.TEMPORARY}
_FAILPOINT = "KIEMDIEM_VOTE_FAILPOINT_SECONDS"
_FAILPOINT_MARK = "KIEMDIEM_VOTE_FAILPOINT_MARK"


def _code(length: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def _require_runner(actor: User, unit: Unit, ballot: Ballot | None = None) -> None:
    if not selectors.user_can_run_ballots(user=actor, unit=unit, ballot=ballot):
        raise PermissionDenied(
            _("Chỉ bí thư hoặc văn phòng cấp ủy mới điều hành được cuộc biểu quyết này.")
        )


def _require_state(ballot: Ballot, *allowed: str) -> None:
    if ballot.state not in allowed:
        raise ValidationError(
            _("Cuộc biểu quyết đang ở trạng thái «%(state)s», không thực hiện được thao tác này."),
            code="wrong_state",
            params={"field": "state", "state": ballot.get_state_display()},
        )


def called_members(unit: Unit) -> list[Person]:
    """Official members of the unit who are called to the meeting (the exempt are not): a
    committee's are those of its whole tree, so its collective ballot has the right denominator."""
    return list(
        Person.objects.filter(org_selectors.members_q(unit), official_on__isnull=False)
        .exclude(
            status__in=[
                PersonStatus.EXEMPT,
                PersonStatus.TRANSFERRED_OUT,
                PersonStatus.DECEASED,
                PersonStatus.LEFT,
            ]
        )
        .order_by("sort_key")
    )


@transaction.atomic
def ballot_create(
    *,
    actor: User,
    unit: Unit,
    title: str,
    year: int,
    kind: str = Ballot.Kind.SECRET_BALLOT,
    people: Iterable[Person] | None = None,
    include_unit: bool = True,
    body: LeadershipBody | None = None,
    campaign: Campaign | None = None,
) -> Ballot:
    """Create a ballot on the collective's level and its members' levels (head first is the
    caller's order; by default the unit, then its members in name order). With `body` the
    collective voted on is that leadership body (a Ban Thường vụ at its own conference), not the
    whole organization."""
    _require_runner(actor, unit)
    if kind not in Ballot.Kind.values:
        raise ValidationError(
            _("Hình thức biểu quyết không hợp lệ."), code="invalid", params={"field": "kind"}
        )
    title = " ".join(title.split())
    if not title:
        raise ValidationError(
            _("Thiếu tiêu đề cuộc biểu quyết."), code="required", params={"field": "title"}
        )
    if len(title) > TITLE_MAX:
        raise ValidationError(
            _("Tiêu đề dài quá %(limit)s ký tự."),
            code="max_length",
            params={"field": "title", "limit": TITLE_MAX},
        )
    if not isinstance(year, int) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ValidationError(
            _("Năm phải từ %(low)s đến %(high)s."),
            code="invalid",
            params={"field": "year", "low": YEAR_RANGE[0], "high": YEAR_RANGE[1]},
        )
    campaign = campaign or reviews_selectors.campaign_covering(unit=unit, year=year)
    ballot = Ballot.objects.create(
        unit=unit, title=title, year=year, kind=kind, created_by=actor, campaign=campaign
    )
    subjects: list[BallotSubject] = []
    if include_unit and body is not None:
        subjects.append(BallotSubject(ballot=ballot, body=body, label=str(body), order=0))
    elif include_unit:
        subjects.append(BallotSubject(ballot=ballot, unit=unit, label=unit.name, order=0))
    chosen = (
        list(people)
        if people is not None
        else list(
            Person.objects.filter(unit=unit)
            .exclude(
                status__in=[
                    PersonStatus.EXEMPT,
                    PersonStatus.SUSPENDED,
                    PersonStatus.TRANSFERRED_OUT,
                    PersonStatus.DECEASED,
                    PersonStatus.LEFT,
                ]
            )
            .order_by("sort_key")
        )
    )
    if campaign is not None and people is None:
        # In a campaign, only members whose self-review was submitted get a ballot line.
        heard = set(
            SubjectReview.objects.filter(
                campaign=campaign,
                kind=SubjectKind.MEMBER,
                person__in=chosen,
                status__in=HEARD_STATUSES,
            ).values_list("person_id", flat=True)
        )
        chosen = [person for person in chosen if person.pk in heard]
    subjects += [
        BallotSubject(
            ballot=ballot,
            person=person,
            label=person.full_name,
            position=person.position,
            order=index + 1,
        )
        for index, person in enumerate(chosen)
    ]
    BallotSubject.objects.bulk_create(subjects)
    audit_record(
        actor=actor,
        verb="ballot_create",
        instance=ballot,
        changes={"kind": kind, "subjects": len(subjects)},
    )
    return ballot


@transaction.atomic
def ballot_open(
    *,
    actor: User,
    ballot: Ballot,
    present: Iterable[Person],
    called: Iterable[Person] | None = None,
    on_paper: Iterable[Person] = (),
) -> Ballot:
    """Freeze the roll (official members marked present; probationary members do not vote) and
    the denominator (official members called, less the exempt; absent ones count).

    For a secret ballot each voter votes one way: from their own login, or on a printed slip. The
    members in `on_paper`, and every voter who has no login, are marked at once as holding a slip
    and the same number of anonymous slip codes is made, to be printed in random order and handed
    out in the room; nobody can vote both ways. `called` defaults to the unit's official members;
    a conference passes its own roll call."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require_runner(actor, ballot.unit, ballot)
    _require_state(ballot, Ballot.State.DRAFT)
    called = (
        [p for p in called if p.official_on is not None and p.status != PersonStatus.EXEMPT]
        if called is not None
        else called_members(ballot.unit)
    )
    called_ids = {person.pk for person in called}
    voters = [p for p in present if p.pk in called_ids and p.status in VOTING_STATUSES]
    if not voters:
        raise ValidationError(
            _("Chưa có đảng viên chính thức nào được điểm danh có mặt để bỏ phiếu."),
            code="no_voters",
            params={"field": "present"},
        )
    ballot.denominator = len(called)
    ballot.state = Ballot.State.OPEN
    ballot.opened_at = timezone.now()
    ballot.save(update_fields=["denominator", "state", "opened_at"])
    slips = 0
    if ballot.kind == Ballot.Kind.SECRET_BALLOT:
        paper_ids = {person.pk for person in on_paper}
        with_login = set(
            User.objects.filter(person__in=voters, is_active=True).values_list(
                "person_id", flat=True
            )
        )
        entries = []
        for person in voters:
            on_slip = person.pk in paper_ids or person.pk not in with_login
            entries.append(
                VoterRollEntry(
                    ballot=ballot,
                    person=person,
                    via=VoterRollEntry.Via.SLIP if on_slip else VoterRollEntry.Via.LOGIN,
                    used=on_slip,
                )
            )
        VoterRollEntry.objects.bulk_create(entries)
        slips = sum(1 for entry in entries if entry.via == VoterRollEntry.Via.SLIP)
        BallotSlip.objects.bulk_create([BallotSlip(ballot=ballot, code=_code()) for _ in range(slips)])
    audit_record(
        actor=actor,
        verb="ballot_open",
        instance=ballot,
        changes={"denominator": ballot.denominator, "voters": len(voters), "slips": slips},
    )
    return ballot


def _validated_choices(ballot: Ballot, choices: Mapping[int, str]) -> dict[int, str]:
    subject_ids = set(ballot.subjects.values_list("pk", flat=True))
    unknown = set(choices) - subject_ids
    if unknown:
        raise ValidationError(
            _("Phiếu có đối tượng không thuộc cuộc biểu quyết."),
            code="invalid",
            params={"field": "choices"},
        )
    for level in choices.values():
        if level and level not in Level.values:
            raise ValidationError(
                _("Mức xếp loại «%(value)s» không hợp lệ"),
                code="invalid",
                params={"field": "choices", "value": level},
            )
    return {subject_id: choices.get(subject_id, "") for subject_id in subject_ids}


def _store(
    ballot: Ballot, choices: Mapping[int, str], mark: Callable[[], None]
) -> str:
    """Store one anonymous ballot together with the voter's mark (`mark` locks, checks and sets
    it): a crash leaves both or neither. The rows are built before the write transaction, which
    holds the database's write lock for four statements only (bench/ballot_load.py); on SQLite
    the casts of one server process also queue on a process lock (`_writer_queue`)."""
    clean = _validated_choices(ballot, choices)
    cast = CastBallot(ballot_id=ballot.pk, receipt=_code(10))
    rows = [
        CastChoice(cast=cast, subject_id=subject_id, level=level)
        for subject_id, level in clean.items()
    ]
    with _writer_queue(), transaction.atomic():
        mark()
        if os.environ.get(_FAILPOINT):
            # Test hook: the crash test kills the process here, between the two writes.
            Path(os.environ.get(_FAILPOINT_MARK, os.devnull)).touch()
            time.sleep(float(os.environ[_FAILPOINT]))
        cast.save(force_insert=True)
        CastChoice.objects.bulk_create(rows)
    return cast.receipt


def _mark_once(
    model: type[BallotSlip] | type[VoterRollEntry], pk: int, used: Callable[[], ValidationError]
) -> None:
    """Inside the cast's transaction: lock the slip or the roll entry (and, on PostgreSQL, the
    ballot row, so ballot_close waits for us), look again, and mark it used."""
    locked = (
        model.objects.select_for_update()
        .select_related("ballot")
        .only("used", "ballot__state")
        .get(pk=pk)
    )
    if locked.ballot.state != Ballot.State.OPEN:
        raise _invalid_code()
    if locked.used:
        raise used()
    model.objects.filter(pk=pk).update(used=True)


def ballot_cast(*, code: str, choices: Mapping[int, str]) -> str:
    """Cast one secret ballot with a printed slip's single-use code; returns the receipt code.
    The slip names nobody: whoever holds it in the room votes once with it, on any device."""
    code = code.strip().upper()
    slip = BallotSlip.objects.select_related("ballot").filter(code=code).first()
    if slip is None or slip.ballot.state != Ballot.State.OPEN:
        raise _invalid_code()
    if slip.used:
        raise _used_code()

    return _store(slip.ballot, choices, lambda: _mark_once(BallotSlip, slip.pk, _used_code))


def ballot_cast_own(*, actor: User, ballot: Ballot, choices: Mapping[int, str]) -> str:
    """Cast one secret ballot from the voter's own login, on their own roll entry; returns the
    receipt code. Only a member on the roll who votes by login, once."""
    entry = (
        VoterRollEntry.objects.filter(ballot_id=ballot.pk, person_id=actor.person_id or 0)
        .select_related("ballot")
        .first()
    )
    if entry is None or actor.person_id is None:
        raise ValidationError(
            _("Đồng chí không có tên trong danh sách bỏ phiếu của cuộc biểu quyết này."),
            code="not_on_roll",
            params={"field": "ballot"},
        )
    if entry.ballot.state != Ballot.State.OPEN:
        raise _invalid_code()
    if entry.via == VoterRollEntry.Via.SLIP:
        raise ValidationError(
            _("Đồng chí bỏ phiếu bằng phiếu in có mã đã nhận tại hội nghị."),
            code="on_slip",
            params={"field": "ballot"},
        )
    if entry.used:
        raise _already_voted()

    return _store(
        entry.ballot, choices, lambda: _mark_once(VoterRollEntry, entry.pk, _already_voted)
    )


def _invalid_code() -> ValidationError:
    return ValidationError(
        _("Mã bỏ phiếu không đúng hoặc cuộc biểu quyết đã đóng."),
        code="invalid_code",
        params={"field": "code"},
    )


def _used_code() -> ValidationError:
    return ValidationError(
        _("Mã bỏ phiếu này đã được dùng."), code="used_code", params={"field": "code"}
    )


def _already_voted() -> ValidationError:
    return ValidationError(
        _("Đồng chí đã bỏ phiếu trong cuộc biểu quyết này."),
        code="already_voted",
        params={"field": "ballot"},
    )


@transaction.atomic
def ballot_slips_print(*, actor: User, ballot: Ballot, reason: str = "") -> list[str]:
    """The codes still to hand out, shuffled, for the slips PDF (runners only, while open). The
    first print needs nothing; a reprint needs a reason. Every print is audited with its count."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require_runner(actor, ballot.unit, ballot)
    _require_state(ballot, Ballot.State.OPEN)
    reason = " ".join(reason.split())[:255]
    if ballot.slips_printed and not reason:
        raise ValidationError(
            _("Phiếu đã in %(times)s lần; in lại cần ghi lý do (ví dụ: máy in hỏng)."),
            code="reprint_reason",
            params={"field": "reason", "times": ballot.slips_printed},
        )
    codes = selectors.unused_slip_codes(ballot=ballot)
    ballot.slips_printed += 1
    ballot.save(update_fields=["slips_printed"])
    audit_record(
        actor=actor,
        verb="ballot_slips_print",
        instance=ballot,
        changes={"time": ballot.slips_printed, "slips": len(codes), "reason": reason},
    )
    return codes


_SQLITE_WRITERS = threading.Lock()


@contextlib.contextmanager
def _writer_queue() -> Iterator[None]:
    """On SQLite, one cast at a time per server process. A writer that finds the database locked
    sleeps in SQLite's busy handler (1, 2, 5 … 100 ms steps) and fails with "database is locked"
    after busy_timeout (5 s): under a burst of voters the queue here has no timeout, so no voter
    gets an error page, and a waiting thread wakes as soon as the previous cast commits."""
    if connection.vendor != "sqlite":
        yield
        return
    with _SQLITE_WRITERS:
        yield


@transaction.atomic
def ballot_close(*, actor: User, ballot: Ballot) -> Ballot:
    """Close voting; the results are unsealed and the receipts published."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require_runner(actor, ballot.unit, ballot)
    _require_state(ballot, Ballot.State.OPEN)
    ballot.state = Ballot.State.CLOSED
    ballot.closed_at = timezone.now()
    fields = ["state", "closed_at"]
    if ballot.kind == Ballot.Kind.SECRET_BALLOT:
        ballot.ballots_valid = CastBallot.objects.filter(ballot=ballot).count()
        fields.append("ballots_valid")
    ballot.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb="ballot_close",
        instance=ballot,
        changes={"ballots_valid": ballot.ballots_valid},
    )
    return ballot


@transaction.atomic
def counts_enter(
    *,
    actor: User,
    ballot: Ballot,
    counts: Mapping[int, Mapping[str, int]],
    ballots_valid: int,
    ballots_blank: int = 0,
    ballots_invalid: int = 0,
    reason: str = "",
) -> Ballot:
    """Enter (or correct) the counts of a show of hands or a paper tally.

    A change to a count already entered needs a reason and is kept in the correction log.
    """
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require_runner(actor, ballot.unit, ballot)
    if ballot.kind == Ballot.Kind.SECRET_BALLOT:
        raise ValidationError(
            _("Phiếu kín điện tử được đếm tự động."), code="wrong_kind", params={"field": "kind"}
        )
    _require_state(ballot, Ballot.State.OPEN, Ballot.State.CLOSED)
    subjects = {s.pk: s for s in ballot.subjects.all()}
    errors = [
        ValidationError(
            _("Số phiếu phải từ 0 đến %(limit)s."),
            code="invalid",
            params={"field": field, "limit": MAX_COUNT},
        )
        for field, value in (
            ("ballots_valid", ballots_valid),
            ("ballots_blank", ballots_blank),
            ("ballots_invalid", ballots_invalid),
        )
        if not 0 <= value <= MAX_COUNT
    ]
    for subject_id, per_level in counts.items():
        if subject_id not in subjects:
            errors.append(
                ValidationError(
                    _("Đối tượng không thuộc cuộc biểu quyết."),
                    code="invalid",
                    params={"field": "counts"},
                )
            )
            continue
        total = 0
        for level, value in per_level.items():
            if level not in Level.values or not 0 <= value <= MAX_COUNT:
                errors.append(
                    ValidationError(
                        _("Số phiếu không hợp lệ."), code="invalid", params={"field": "counts"}
                    )
                )
            total += max(value, 0)
        if total > ballots_valid:
            errors.append(
                ValidationError(
                    _(
                        "Tổng số phiếu của «%(subject)s» (%(total)s) lớn hơn số phiếu hợp lệ (%(valid)s)."
                    ),
                    code="too_many",
                    params={
                        "field": "counts",
                        "subject": subjects[subject_id].label,
                        "total": total,
                        "valid": ballots_valid,
                    },
                )
            )
    if errors:
        raise ValidationError(errors)
    existing = {(e.subject_id, e.level): e for e in CountEntry.objects.filter(ballot=ballot)}
    changes: list[CountCorrection] = []
    for field, old, new in (
        ("ballots_valid", ballot.ballots_valid, ballots_valid),
        ("ballots_blank", ballot.ballots_blank, ballots_blank),
        ("ballots_invalid", ballot.ballots_invalid, ballots_invalid),
    ):
        if existing and old != new:
            changes.append(
                CountCorrection(
                    ballot=ballot,
                    field=field,
                    old_value=old,
                    new_value=new,
                    reason=reason,
                    actor=actor,
                )
            )
    to_create, to_update = [], []
    for subject_id, per_level in counts.items():
        for level, value in per_level.items():
            entry = existing.get((subject_id, level))
            if entry is None:
                if existing and value:
                    # A level left empty at first entry counted 0: filling it is a correction.
                    changes.append(
                        CountCorrection(
                            ballot=ballot,
                            field=f"{subjects[subject_id].label} · {level}",
                            old_value=0,
                            new_value=value,
                            reason=reason,
                            actor=actor,
                        )
                    )
                to_create.append(
                    CountEntry(ballot=ballot, subject_id=subject_id, level=level, count=value)
                )
            elif entry.count != value:
                changes.append(
                    CountCorrection(
                        ballot=ballot,
                        field=f"{subjects[subject_id].label} · {level}",
                        old_value=entry.count,
                        new_value=value,
                        reason=reason,
                        actor=actor,
                    )
                )
                entry.count = value
                to_update.append(entry)
    if changes and not reason.strip():
        raise ValidationError(
            _("Sửa số phiếu đã nhập cần ghi lý do đính chính."),
            code="reason_required",
            params={"field": "reason"},
        )
    CountEntry.objects.bulk_create(to_create)
    CountEntry.objects.bulk_update(to_update, ["count"])
    CountCorrection.objects.bulk_create(changes)
    ballot.ballots_valid, ballot.ballots_blank, ballot.ballots_invalid = (
        ballots_valid,
        ballots_blank,
        ballots_invalid,
    )
    ballot.save(update_fields=["ballots_valid", "ballots_blank", "ballots_invalid"])
    audit_record(
        actor=actor, verb="counts_enter", instance=ballot, changes={"corrections": len(changes)}
    )
    return ballot


@transaction.atomic
def ballot_confirm(*, actor: User, ballot: Ballot, tellers: Iterable[Person]) -> Ballot:
    """The tellers (ban kiểm phiếu) confirm the tally of a closed ballot."""
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    _require_runner(actor, ballot.unit, ballot)
    _require_state(ballot, Ballot.State.CLOSED)
    tellers = list(tellers)
    if not tellers:
        raise ValidationError(
            _("Cần ghi tên ban kiểm phiếu."), code="required", params={"field": "tellers"}
        )
    ballot.tellers.set(tellers)
    ballot.state = Ballot.State.CONFIRMED
    ballot.confirmed_at = timezone.now()
    ballot.save(update_fields=["state", "confirmed_at"])
    if ballot.campaign is not None:
        reviews_services.reviews_voted(
            actor=actor,
            campaign=ballot.campaign,
            subjects=[
                reviews_services.Subject.of(
                    person_id=subject.person_id, unit_id=subject.unit_id, body_id=subject.body_id
                )
                for subject in ballot.subjects.all()
            ],
        )
    audit_record(
        actor=actor,
        verb="ballot_confirm",
        instance=ballot,
        changes={"tellers": [p.pk for p in tellers]},
    )
    return ballot
