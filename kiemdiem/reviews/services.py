"""Writes of the review cycle: campaigns and their transitions, deadlines, opening the reviews,
hints, self-reviews and collective reports.

Each service checks the actor, validates, writes in one transaction and records an audit row.
Opening a campaign's reviews is set-based (a handful of queries and batched inserts, whatever the
size of the tree) and resumable: each batch commits on its own and a rerun only adds what is
missing.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.classification import rules
from kiemdiem.core import bulk
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.core.levels import Level
from kiemdiem.core.models import Job
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    BodyMembership,
    LeadershipBody,
    Person,
    PersonStatus,
    Unit,
)
from kiemdiem.reviews import forms_catalog, selectors
from kiemdiem.reviews.models import (
    CAMPAIGN_TRANSITIONS,
    DEADLINE_FIELDS,
    REOPENABLE_STATES,
    REPORT_TRANSITIONS,
    Campaign,
    CampaignState,
    CollectiveReport,
    CommentResolution,
    DraftComment,
    Period,
    ReportState,
    ReportVersion,
    ReviewHint,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
    UnitDeadline,
)

OPEN_JOB_KIND = selectors.OPEN_JOB_KIND
EXCLUDED_STATUSES = (PersonStatus.EXEMPT, PersonStatus.SUSPENDED)
BATCH_SIZE = 5000
CAMPAIGN_PLAN_FIELDS = ["title", "review_date", "plan_number", *DEADLINE_FIELDS]
ProgressCallback = Callable[[int, int], None]


# --- Helpers -------------------------------------------------------------------------------------


def _require_issuer(actor: User | None, campaign: Campaign) -> None:
    if actor is None:
        return
    if not selectors.user_is_issuer(user=actor, campaign=campaign):
        raise PermissionDenied(
            _("Chỉ văn phòng cấp ủy cấp trên hoặc quản trị mới thực hiện được thao tác này.")
        )


def _state_error(campaign: Campaign) -> ValidationError:
    return ValidationError(
        _("Đợt kiểm điểm đang ở trạng thái «%(state)s», không thực hiện được thao tác này."),
        code="wrong_state",
        params={"field": "state", "state": campaign.get_state_display()},
    )


def _verbose(model: type[Campaign] | type[UnitDeadline], name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


def _lock(campaign: Campaign) -> Campaign:
    """The campaign's current row, locked until the transaction ends."""
    return (
        Campaign.objects.select_for_update(of=("self",))
        .select_related("root_unit")
        .get(pk=campaign.pk)
    )


def _move(
    *,
    actor: User | None,
    campaign: Campaign,
    to: str,
    verb: str,
    extra: dict[str, Any] | None = None,
) -> Campaign:
    """Lock the campaign, check the transition table, change the state and audit it."""
    campaign = _lock(campaign)
    if to not in CAMPAIGN_TRANSITIONS[campaign.state]:
        raise _state_error(campaign)
    before = campaign.state
    campaign.state = to
    fields = ["state", "updated_at"]
    for name, value in (extra or {}).items():
        setattr(campaign, name, value)
        fields.append(name)
    campaign.save(update_fields=fields)
    audit_record(
        actor=actor,
        verb=verb,
        instance=campaign,
        changes={"state": [before, to], **(extra or {})},
    )
    return campaign


def _deadline_order_errors(
    dates: dict[str, datetime.date | None], model: type[Campaign] | type[UnitDeadline] = Campaign
) -> list[ValidationError]:
    """Lower levels first (domain §1.3, §4.2): the cell conferences, then the grassroots
    decisions, then the upper decisions, then the report. Each set deadline may not be earlier
    than a set deadline of a lower level."""
    errors = []
    seen: list[tuple[str, datetime.date]] = []
    for name in DEADLINE_FIELDS:
        value = dates.get(name)
        if value is None:
            continue
        for earlier_name, earlier in seen:
            if value < earlier:
                errors.append(
                    ValidationError(
                        _("%(name)s (%(value)s) không được sớm hơn %(earlier)s (%(limit)s)."),
                        code="deadline_order",
                        params={
                            "field": name,
                            "name": _verbose(model, name).capitalize(),
                            "value": value.strftime("%d/%m/%Y"),
                            "earlier": _verbose(model, earlier_name),
                            "limit": earlier.strftime("%d/%m/%Y"),
                        },
                    )
                )
                break
        seen.append((name, value))
    return errors


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier; a missing day becomes the month's last."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_review_date(year: int, period: str = Period.YEAR, index: int = 0) -> datetime.date:
    """Classification is made in December (state track before 15/12, domain §2.3); a quarterly
    review on the quarter's last day."""
    if period == Period.QUARTER and 1 <= index <= 4:
        month = index * 3
        return datetime.date(year, month, calendar.monthrange(year, month)[1])
    return datetime.date(year, 12, 15)


def _check_period_index(period: str, index: int) -> None:
    """A quarter names its quarter (1–4) and an ad hoc campaign its round (1, 2, …); a year or a
    term has none, so only one of them is open per root and year."""
    if period == Period.QUARTER:
        ok = 1 <= index <= 4
    elif period == Period.AD_HOC:
        ok = index >= 1
    else:
        ok = index == 0
    if not ok:
        raise ValidationError(
            _("Quý (1–4) hoặc số đợt không hợp lệ cho kỳ «%(period)s»."),
            code="invalid",
            params={"field": "period_index", "period": Period(period).label},
        )


# --- Campaign ------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    actor: User | None,
    title: str,
    year: int,
    root_unit: Unit,
    period: str = Period.YEAR,
    period_index: int = 0,
    rule_pack: str | None = None,
    review_date: datetime.date | None = None,
    **deadlines: datetime.date | None,
) -> Campaign:
    """Plan a campaign over `root_unit`'s subtree. The rule pack follows the year unless given, and
    is pinned: no service changes it afterwards."""
    if actor is not None and not org_selectors.user_can_manage_unit(user=actor, unit=root_unit):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm điểm cho đơn vị này."))
    if period not in Period.values:
        raise ValidationError(
            _("Kỳ kiểm điểm không hợp lệ."), code="invalid", params={"field": "period"}
        )
    _check_period_index(period, period_index)
    if rule_pack is None:
        try:
            rule_pack = rules.pack_id_for_year(year)
        except ValueError as exc:
            raise ValidationError(
                _("Không có bộ quy định cho năm %(year)s (các năm đến 2018 chỉ là lịch sử)."),
                code="no_pack",
                params={"field": "year", "year": year},
            ) from exc
    elif rule_pack not in rules.PACK_IDS:
        raise ValidationError(
            _("Bộ quy định «%(pack)s» không tồn tại."),
            code="invalid",
            params={"field": "rule_pack", "pack": rule_pack},
        )
    unknown = set(deadlines) - set(DEADLINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown deadlines: {sorted(unknown)}")
    order_errors = _deadline_order_errors(dict(deadlines))
    if order_errors:
        raise ValidationError(order_errors)
    title = " ".join(title.split())
    if not title:
        raise ValidationError(
            _("Thiếu tên đợt kiểm điểm."), code="required", params={"field": "title"}
        )
    if (
        Campaign.objects.filter(
            root_unit=root_unit, year=year, period=period, period_index=period_index
        )
        .exclude(state=CampaignState.CLOSED)
        .exists()
    ):
        raise ValidationError(
            _("Đơn vị này đã có một đợt kiểm điểm đang mở cho cùng năm và kỳ."),
            code="unique",
            params={"field": "year"},
        )
    campaign = Campaign.objects.create(
        title=title,
        year=year,
        period=period,
        period_index=period_index,
        rule_pack=rule_pack,
        root_unit=root_unit,
        review_date=review_date or default_review_date(year, period, period_index),
        score_groups=forms_catalog.default_score_groups() if rule_pack == "r366_hd43" else {},
        created_by=actor if actor is not None and actor.pk else None,
        **deadlines,
    )
    audit_record(
        actor=actor,
        verb="campaign_create",
        instance=campaign,
        changes={**snapshot(campaign, CAMPAIGN_PLAN_FIELDS), "rule_pack": rule_pack, "year": year},
    )
    return campaign


@transaction.atomic
def campaign_update_plan(*, actor: User | None, campaign: Campaign, **fields: Any) -> Campaign:
    """Change the plan while the campaign is a draft: title, review date, plan number, deadlines,
    score groups (366). The rule pack, year and root unit are never changed."""
    _require_issuer(actor, campaign)
    allowed = {*CAMPAIGN_PLAN_FIELDS, "score_groups"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError(
            _("Không được thay đổi: %(fields)s."),
            code="readonly",
            params={"field": sorted(unknown)[0], "fields": ", ".join(sorted(unknown))},
        )
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != CampaignState.DRAFT:
        raise _state_error(campaign)
    if "score_groups" in fields:
        _validate_score_groups(fields["score_groups"])
    order_errors = _deadline_order_errors(
        {name: fields.get(name, getattr(campaign, name)) for name in DEADLINE_FIELDS}
    )
    if order_errors:
        raise ValidationError(order_errors)
    before = snapshot(campaign, [*CAMPAIGN_PLAN_FIELDS, "score_groups"])
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save(update_fields=[*fields, "updated_at"])
    audit_record(
        actor=actor,
        verb="campaign_update_plan",
        instance=campaign,
        changes=diff(before, snapshot(campaign, [*CAMPAIGN_PLAN_FIELDS, "score_groups"])),
    )
    return campaign


def _validate_score_groups(groups: Any) -> None:
    try:
        general = {str(k): int(v) for k, v in groups["general"].items()}
        tasks = int(groups["tasks"])
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValidationError(
            _("Nhóm điểm không hợp lệ."), code="invalid", params={"field": "score_groups"}
        ) from exc
    if set(general) != {item.key for item in forms_catalog.SCORE_ITEMS_366}:
        raise ValidationError(
            _("Nhóm điểm phải gồm đúng các tiêu chí: %(keys)s."),
            code="invalid",
            params={
                "field": "score_groups",
                "keys": ", ".join(item.key for item in forms_catalog.SCORE_ITEMS_366),
            },
        )
    if sum(general.values()) + tasks != 100 or min([tasks, *general.values()]) < 0:
        raise ValidationError(
            _("Tổng điểm các nhóm phải bằng 100."), code="invalid", params={"field": "score_groups"}
        )


@transaction.atomic
def campaign_publish(*, actor: User | None, campaign: Campaign) -> Campaign:
    """draft → published: the plan is complete (deadlines, plan number, score groups for 366)."""
    _require_issuer(actor, campaign)
    campaign = _lock(campaign)
    missing = [name for name in DEADLINE_FIELDS if getattr(campaign, name) is None]
    errors = [
        ValidationError(
            _("Thiếu hạn: %(name)s."),
            code="required",
            params={"field": name, "name": _verbose(Campaign, name)},
        )
        for name in missing
    ]
    errors += _deadline_order_errors(campaign.deadlines())  # type: ignore[arg-type]
    if not campaign.plan_number.strip():
        errors.append(
            ValidationError(
                _("Kế hoạch chưa có số."), code="required", params={"field": "plan_number"}
            )
        )
    if campaign.rule_pack == "r366_hd43" and not campaign.score_groups:
        errors.append(
            ValidationError(
                _("Chưa đặt nhóm điểm."), code="required", params={"field": "score_groups"}
            )
        )
    if errors:
        raise ValidationError(errors)
    return _move(
        actor=actor, campaign=campaign, to=CampaignState.PUBLISHED, verb="campaign_publish"
    )


@transaction.atomic
def campaign_issue_hints(
    *, actor: User | None, campaign: Campaign, none_confirmed: bool = False
) -> Campaign:
    """published → hints_issued: hints were written, or the issuer confirms there are none."""
    _require_issuer(actor, campaign)
    if not none_confirmed and not ReviewHint.objects.filter(campaign=campaign).exists():
        raise ValidationError(
            _("Chưa có gợi ý kiểm điểm nào; hãy xác nhận «không có gợi ý»."),
            code="no_hints",
            params={"field": "none_confirmed"},
        )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.HINTS_ISSUED,
        verb="campaign_issue_hints",
        extra={"no_hints_confirmed": none_confirmed},
    )


@transaction.atomic
def campaign_start_conferences(
    *, actor: User | None, campaign: Campaign, state_track_done: bool
) -> Campaign:
    """preparing → conferencing: state-track results are in, or marked not applicable."""
    _require_issuer(actor, campaign)
    if not state_track_done:
        raise ValidationError(
            _("Cần xác nhận đã có kết quả xếp loại cán bộ, công chức (hoặc không áp dụng)."),
            code="state_track",
            params={"field": "state_track_done"},
        )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.CONFERENCING,
        verb="campaign_start_conferences",
        extra={"state_track_done": True},
    )


def _pending_reviews(campaign: Campaign, done: Sequence[str]) -> int:
    return SubjectReview.objects.filter(campaign=campaign).exclude(status__in=done).count()


@transaction.atomic
def campaign_start_classification(*, actor: User | None, campaign: Campaign) -> Campaign:
    """conferencing → classifying: every report adopted; every review voted, decided or not
    required."""
    _require_issuer(actor, campaign)
    done = [ReviewStatus.VOTED, ReviewStatus.DECIDED, ReviewStatus.NOT_REQUIRED]
    pending = _pending_reviews(campaign, done)
    reports = (
        CollectiveReport.objects.filter(review__campaign=campaign)
        .exclude(state=ReportState.ADOPTED)
        .count()
    )
    if pending or reports:
        raise ValidationError(
            _(
                "Còn %(reviews)s bản kiểm điểm chưa biểu quyết và %(reports)s báo cáo chưa thông qua."
            ),
            code="pending",
            params={"field": "state", "reviews": pending, "reports": reports},
        )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.CLASSIFYING,
        verb="campaign_start_classification",
    )


@transaction.atomic
def campaign_decide(*, actor: User | None, campaign: Campaign) -> Campaign:
    """classifying → decided: every subject decided or not classified."""
    _require_issuer(actor, campaign)
    pending = _pending_reviews(campaign, [ReviewStatus.DECIDED, ReviewStatus.NOT_REQUIRED])
    if pending:
        raise ValidationError(
            _("Còn %(count)s đối tượng chưa có quyết định xếp loại."),
            code="pending",
            params={"field": "state", "count": pending},
        )
    return _move(actor=actor, campaign=campaign, to=CampaignState.DECIDED, verb="campaign_decide")


def _confirmed(value: bool, field: str, message: str) -> None:
    if not value:
        raise ValidationError(message, code="not_confirmed", params={"field": field})


@transaction.atomic
def campaign_start_commendation(
    *, actor: User | None, campaign: Campaign, results_notified: bool
) -> Campaign:
    """decided → commendation: the results have been notified to the subjects and their
    managers (the notices are the classification app's; the issuer confirms them here)."""
    _require_issuer(actor, campaign)
    _confirmed(
        results_notified,
        "results_notified",
        _("Cần xác nhận đã thông báo kết quả xếp loại."),
    )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.COMMENDATION,
        verb="campaign_start_commendation",
    )


@transaction.atomic
def campaign_report(
    *, actor: User | None, campaign: Campaign, report_number: str, awards_done: bool
) -> Campaign:
    """commendation → reported: awards decided (or none), and the results report numbered."""
    _require_issuer(actor, campaign)
    _confirmed(
        awards_done,
        "awards_done",
        _("Cần xác nhận đã quyết định khen thưởng (hoặc không có)."),
    )
    report_number = report_number.strip()
    if not report_number:
        raise ValidationError(
            _("Báo cáo kết quả chưa có số."), code="required", params={"field": "report_number"}
        )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.REPORTED,
        verb="campaign_report",
        extra={"report_number": report_number},
    )


@transaction.atomic
def campaign_close(*, actor: User | None, campaign: Campaign, report_sent: bool) -> Campaign:
    """reported → closed: the report has been sent upward; read-only afterwards."""
    _require_issuer(actor, campaign)
    _confirmed(report_sent, "report_sent", _("Cần xác nhận đã gửi báo cáo lên cấp trên."))
    return _move(actor=actor, campaign=campaign, to=CampaignState.CLOSED, verb="campaign_close")


@transaction.atomic
def campaign_reopen(*, actor: User | None, campaign: Campaign, reason: str) -> Campaign:
    """decided…closed → classifying, with a reason (the issuer or its superior)."""
    _require_issuer(actor, campaign)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Cần nêu lý do mở lại."), code="required", params={"field": "reason"}
        )
    campaign = _lock(campaign)
    if campaign.state not in REOPENABLE_STATES:
        raise _state_error(campaign)
    if (
        campaign.state == CampaignState.CLOSED
        and Campaign.objects.filter(
            root_unit_id=campaign.root_unit_id,
            year=campaign.year,
            period=campaign.period,
            period_index=campaign.period_index,
        )
        .exclude(state=CampaignState.CLOSED)
        .exists()
    ):
        raise ValidationError(
            _("Đơn vị này đã có một đợt kiểm điểm đang mở cho cùng năm và kỳ."),
            code="unique",
            params={"field": "state"},
        )
    return _move(
        actor=actor,
        campaign=campaign,
        to=CampaignState.CLASSIFYING,
        verb="campaign_reopen",
        extra={"reopen_reason": reason},
    )


# --- Deadlines -----------------------------------------------------------------------------------


@transaction.atomic
def unit_deadline_set(
    *, actor: User | None, campaign: Campaign, unit: Unit, **dates: datetime.date | None
) -> UnitDeadline:
    """Set a unit's own deadlines. Each may only be earlier than (or equal to) the one it inherits
    from its parent; None clears the override."""
    if actor is not None and not org_selectors.user_can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("Bạn không có quyền đặt hạn cho đơn vị này."))
    root = campaign.root_unit
    if not (root.path <= unit.path < root.path_upper_bound):
        raise ValidationError(
            _("Đơn vị không thuộc phạm vi đợt kiểm điểm."),
            code="out_of_tree",
            params={"field": "unit"},
        )
    unknown = set(dates) - set(DEADLINE_FIELDS)
    if unknown:
        raise TypeError(f"unknown deadlines: {sorted(unknown)}")
    if campaign.state in {CampaignState.CLOSED, CampaignState.REPORTED}:
        raise _state_error(campaign)
    inherited = selectors.parent_deadlines(campaign=campaign, unit=unit)
    errors = []
    for name, value in dates.items():
        limit = inherited[name]
        if value is not None and limit is not None and value > limit:
            errors.append(
                ValidationError(
                    _(
                        "%(name)s của đơn vị (%(value)s) không được muộn hơn hạn của cấp trên "
                        "(%(limit)s)."
                    ),
                    code="later_than_parent",
                    params={
                        "field": name,
                        "name": _verbose(UnitDeadline, name).capitalize(),
                        "value": value.strftime("%d/%m/%Y"),
                        "limit": limit.strftime("%d/%m/%Y"),
                    },
                )
            )
    current = UnitDeadline.objects.filter(campaign=campaign, unit=unit).first()
    own = {name: getattr(current, name) if current else None for name in DEADLINE_FIELDS} | dates
    effective = {
        name: min((d for d in (inherited[name], own[name]) if d is not None), default=None)
        for name in DEADLINE_FIELDS
    }
    errors += _deadline_order_errors(effective, UnitDeadline)
    if errors:
        raise ValidationError(errors)
    row, _created = UnitDeadline.objects.select_for_update().get_or_create(
        campaign=campaign, unit=unit
    )
    before = snapshot(row, list(DEADLINE_FIELDS))
    for name, value in dates.items():
        setattr(row, name, value)
    row.save(update_fields=list(dates) or None)
    audit_record(
        actor=actor,
        verb="unit_deadline_set",
        instance=row,
        changes=diff(before, snapshot(row, list(DEADLINE_FIELDS))),
    )
    return row


# --- Opening the reviews -------------------------------------------------------------------------


ROW_FIELDS = (
    "campaign",
    "kind",
    "person",
    "unit",
    "body",
    "label",
    "form_code",
    "leader",
    "status",
    "not_classified",
    "exclusion",
    "answers",
    "self_level",
    "civil_servant_level",
    "history",
)
SubjectRow = tuple[Any, ...]


def _subject_rows(campaign: Campaign) -> list[SubjectRow]:
    """Every subject of the campaign's subtree as a plain row in ROW_FIELDS order (a fixed number
    of queries; plain tuples, because model instances cost more than the insert at 100,000)."""
    root = campaign.root_unit
    in_tree = {"path__gte": root.path, "path__lt": root.path_upper_bound}
    review_date = campaign.review_date
    answers = SubjectReview._meta.get_field("answers").get_db_prep_save({}, connection)
    history = SubjectReview._meta.get_field("history").get_db_prep_save([], connection)
    pk = campaign.pk
    not_started, not_required = ReviewStatus.NOT_STARTED.value, ReviewStatus.NOT_REQUIRED.value

    def row(kind: str, person: int | None, unit: int, body: int | None, label: str) -> SubjectRow:
        return (
            pk,
            kind,
            person,
            unit,
            body,
            label[:255],
            "01",
            False,
            not_started,
            False,
            "",
            answers,
            "",
            "",
            history,
        )

    rows = [
        row(SubjectKind.UNIT.value, None, unit_id, None, name)
        for unit_id, name in Unit.objects.filter(**in_tree)
        .order_by("path")
        .values_list("pk", "name")
    ]
    bodies = (
        LeadershipBody.objects.filter(
            unit__path__gte=root.path,
            unit__path__lt=root.path_upper_bound,
            term_start__lte=review_date,
        )
        .exclude(term_end__lt=review_date)
        .select_related("unit")
        .order_by("unit__path", "kind")
    )
    rows += [
        row(SubjectKind.BODY.value, None, b.unit_id, b.pk, f"{b.get_kind_display()} {b.unit.name}")
        for b in bodies
    ]
    leaders = set(
        BodyMembership.objects.filter(
            end__isnull=True,
            person__unit__path__gte=root.path,
            person__unit__path__lt=root.path_upper_bound,
        ).values_list("person_id", flat=True)
    )
    pack = rules.get_pack(campaign.rule_pack)
    cutoff = months_before(review_date, pack.settings.new_member_months)
    forms = {
        leader: forms_catalog.individual_form_code(campaign.rule_pack, leader=leader)
        for leader in (True, False)
    }
    people = (
        Person.objects.filter(
            unit__path__gte=root.path,
            unit__path__lt=root.path_upper_bound,
            status__in=ACTIVE_STATUSES,
        )
        .values_list("pk", "unit_id", "full_name", "status", "admitted_on")
        .order_by("unit__path", "sort_key")
    )
    member = SubjectKind.MEMBER.value
    excluded_statuses = {PersonStatus.EXEMPT.value, PersonStatus.SUSPENDED.value}
    for person_id, unit_id, full_name, status, admitted_on in people.iterator(chunk_size=5000):
        leader = person_id in leaders
        excluded = status in excluded_statuses
        new_member = admitted_on > cutoff
        rows.append(
            (
                pk,
                member,
                person_id,
                unit_id,
                None,
                full_name[:255],
                forms[leader],
                leader,
                not_required if excluded else not_started,
                excluded or new_member,
                status if excluded else ("new_member" if new_member else ""),
                answers,
                "",
                "",
                history,
            )
        )
    return rows


def _existing_keys(campaign: Campaign) -> set[tuple[str, int]]:
    keys: set[tuple[str, int]] = set()
    for kind, person_id, unit_id, body_id in SubjectReview.objects.filter(
        campaign=campaign
    ).values_list("kind", "person_id", "unit_id", "body_id"):
        keys.add((kind, {"member": person_id, "unit": unit_id, "body": body_id}[kind]))
    return keys


def _key(row: SubjectRow) -> tuple[str, int]:
    kind, person_id, unit_id, body_id = row[1], row[2], row[3], row[4]
    target = {"member": person_id, "unit": unit_id, "body": body_id}[kind]
    return (kind, int(target or 0))


def campaign_open_reviews(
    *, actor: User | None, campaign: Campaign, progress: ProgressCallback | None = None
) -> int:
    """hints_issued → preparing: create the review of every subject of the subtree (members not
    started, or not required when exempt or suspended, new members flagged "reviewed, not
    classified"; each unit and each current leadership body). In preparing, a rerun adds only the
    subjects that have none yet (new members). Returns the number created."""
    _require_issuer(actor, campaign)
    campaign = Campaign.objects.select_related("root_unit").get(pk=campaign.pk)
    if campaign.state not in (CampaignState.HINTS_ISSUED, CampaignState.PREPARING):
        raise _state_error(campaign)
    existing = _existing_keys(campaign)
    rows = [row for row in _subject_rows(campaign) if _key(row) not in existing]
    total = len(rows)
    if progress:
        progress(0, total)
    for start in range(0, total, BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with transaction.atomic():
            bulk.insert_rows(SubjectReview, ROW_FIELDS, batch)
        if progress:
            progress(start + len(batch), total)
    with transaction.atomic():
        if campaign.state == CampaignState.HINTS_ISSUED:
            _move(
                actor=actor,
                campaign=campaign,
                to=CampaignState.PREPARING,
                verb="campaign_open_reviews",
                extra={},
            )
        audit_record(
            actor=actor,
            verb="campaign_reviews_created",
            instance=campaign,
            changes={"created": total},
        )
    return total


@transaction.atomic
def campaign_open_start(*, actor: User, campaign: Campaign) -> Job:
    """Queue `campaign_open_reviews` as a background task; the page polls the Job."""
    _require_issuer(actor, campaign)
    if campaign.state not in (CampaignState.HINTS_ISSUED, CampaignState.PREPARING):
        raise _state_error(campaign)
    job = Job.objects.create(kind=OPEN_JOB_KIND, created_by=actor, params={"campaign": campaign.pk})
    audit_record(
        actor=actor, verb="campaign_open_start", instance=job, changes={"campaign": campaign.pk}
    )

    def enqueue() -> None:
        from kiemdiem.reviews.tasks import campaign_open_task

        campaign_open_task.enqueue(job.pk)

    transaction.on_commit(enqueue)
    return job


# --- Hints ---------------------------------------------------------------------------------------


@transaction.atomic
def hint_create(
    *,
    actor: User | None,
    campaign: Campaign,
    text: str,
    unit: Unit | None = None,
    body: LeadershipBody | None = None,
    person: Person | None = None,
) -> ReviewHint:
    """Write a review hint from the higher level to a unit, a leadership body or a named leader.
    The author must manage the level above the target (the issuer for the root)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Thiếu nội dung gợi ý."), code="required", params={"field": "text"})
    if sum(x is not None for x in (unit, body, person)) != 1:
        raise ValidationError(
            _("Chọn đúng một đối tượng được gợi ý."), code="target", params={"field": "target"}
        )
    if campaign.state not in (
        CampaignState.DRAFT,
        CampaignState.PUBLISHED,
        CampaignState.HINTS_ISSUED,
        CampaignState.PREPARING,
    ):
        raise _state_error(campaign)
    if person is not None:
        target_unit = person.unit
        kind, label = SubjectKind.MEMBER, person.full_name
        if not BodyMembership.objects.filter(person=person, end__isnull=True).exists():
            raise ValidationError(
                _("Chỉ gợi ý kiểm điểm cho cá nhân giữ chức vụ lãnh đạo, quản lý."),
                code="not_leader",
                params={"field": "target"},
            )
    elif body is not None:
        target_unit = body.unit
        kind, label = SubjectKind.BODY, f"{body.get_kind_display()} {body.unit.name}"
    elif unit is not None:
        target_unit = unit
        kind, label = SubjectKind.UNIT, unit.name
    root = campaign.root_unit
    if not (root.path <= target_unit.path < root.path_upper_bound):
        raise ValidationError(
            _("Đối tượng không thuộc phạm vi đợt kiểm điểm."),
            code="out_of_tree",
            params={"field": "target"},
        )
    higher = target_unit.parent or target_unit
    if actor is not None and not (
        selectors.user_is_issuer(user=actor, campaign=campaign)
        or org_selectors.user_can_manage_unit(user=actor, unit=higher)
    ):
        raise PermissionDenied(_("Bạn không có quyền gợi ý kiểm điểm cho đối tượng này."))
    hint = ReviewHint.objects.create(
        campaign=campaign,
        kind=kind,
        unit=target_unit,
        body=body,
        person=person,
        label=label,
        text=text,
        author=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor, verb="hint_create", instance=hint, changes={"to": label, "text": text}
    )
    return hint


# --- Self-review ---------------------------------------------------------------------------------


def _require_own(actor: User | None, review: SubjectReview) -> None:
    if actor is None:
        return
    if review.person_id is None or actor.person_id != review.person_id:
        raise PermissionDenied(_("Chỉ đảng viên viết bản kiểm điểm của chính mình."))


def _clean_answers(
    form: forms_catalog.FormSpec, answers: dict[str, Any], hint_ids: list[int]
) -> dict[str, Any]:
    """Keep only what the form defines; trim texts; drop unknown grades."""
    clean: dict[str, Any] = {}
    for section in form.sections:
        data = answers.get(section.key) or {}
        if not isinstance(data, dict):
            continue
        if section.kind == "graded":
            items = {}
            for item in section.items:
                entry = data.get(item.key) or {}
                if not isinstance(entry, dict):
                    continue
                text = str(entry.get("text", "")).strip()
                grade = entry.get("grade") if item.graded else None
                items[item.key] = {
                    "text": text,
                    "grade": grade if grade in forms_catalog.GRADE_CODES else "",
                }
            clean[section.key] = items
        elif section.kind == "text":
            clean[section.key] = {"text": str(data.get("text", "")).strip()}
        elif section.kind == "hints":
            clean[section.key] = {
                str(hint_id): str(data.get(str(hint_id), "")).strip() for hint_id in hint_ids
            }
        elif section.kind == "level":
            level = data.get("level")
            clean[section.key] = {"level": level if level in Level.values else ""}
    if form.header:
        header = answers.get("header") or {}
        if isinstance(header, dict):
            clean["header"] = {
                key: " ".join(str(header.get(key, "")).split())[:255]
                for key, _label in forms_catalog.HEADER_FIELDS
            }
    if form.scored:
        block = answers.get("score") or {}
        if not isinstance(block, dict):
            block = {}
        general = block.get("general") or {}
        notes = block.get("notes") or {}
        clean["score"] = {
            "general": {item.key: general.get(item.key) is True for item in form.score_items},
            "tasks": str(block.get("tasks", "")).strip(),
            "notes": {
                item.key: str(notes.get(item.key, "")).strip()
                for item in form.score_items
                if isinstance(notes, dict) and str(notes.get(item.key, "")).strip()
            },
        }
    return clean


def _check_level(value: str, field: str) -> str:
    if value and value not in Level.values:
        raise ValidationError(
            _("Mức xếp loại «%(value)s» không hợp lệ"),
            code="invalid",
            params={"field": field, "value": value},
        )
    return value


@transaction.atomic
def self_review_save(
    *,
    actor: User | None,
    review: SubjectReview,
    answers: dict[str, Any],
    self_level: str = "",
    civil_servant_level: str = "",
) -> SubjectReview:
    """Save the member's draft (autosave). The first save starts the draft (not_started →
    drafting); a submitted or locked review is not editable."""
    _require_own(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("campaign", "person")
        .get(pk=review.pk)
    )
    if not review.is_editable:
        raise ValidationError(
            _("Bản kiểm điểm đã nộp hoặc đã khóa, không sửa được."),
            code="not_editable",
            params={"field": "status"},
        )
    if (
        review.campaign.state != CampaignState.PREPARING
        and review.campaign.state != CampaignState.CONFERENCING
    ):
        raise ValidationError(
            _("Đợt kiểm điểm chưa mở hoặc đã kết thúc việc viết bản kiểm điểm."),
            code="wrong_state",
            params={"field": "state"},
        )
    if (
        review.status == ReviewStatus.NOT_STARTED
        and review.person is not None
        and review.person.status in EXCLUDED_STATUSES
    ):
        raise ValidationError(
            _("Đảng viên đang miễn hoặc bị đình chỉ sinh hoạt đảng, không viết bản kiểm điểm."),
            code="excluded",
            params={"field": "status"},
        )
    form = forms_catalog.get_form(review.form_code)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    before_status = review.status
    review.answers = _clean_answers(form, answers, hint_ids)
    review.self_level = _check_level(self_level, "self_level")
    review.civil_servant_level = (
        _check_level(civil_servant_level, "civil_servant_level") if form.civil_servant_level else ""
    )
    review.score = forms_catalog.compute_score(form, review.answers, review.campaign.score_groups)
    review.status = ReviewStatus.DRAFTING
    review.saved_at = timezone.now()
    review.save(
        update_fields=[
            "answers",
            "self_level",
            "civil_servant_level",
            "score",
            "status",
            "saved_at",
        ]
    )
    audit_record(
        actor=actor,
        verb="self_review_save",
        instance=review,
        changes={"status": [before_status, review.status]}
        if before_status != review.status
        else {},
    )
    return review


def self_review_missing(*, review: SubjectReview) -> list[str]:
    """What a submission still lacks, as section/item references and field names."""
    form = forms_catalog.get_form(review.form_code)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    missing = forms_catalog.missing_parts(form, review.answers or {}, hint_ids)
    if not review.self_level:
        missing.append("self_level")
    if form.scored and review.score is None:
        missing.append("score")
    return missing


def missing_label(part: str) -> str:
    """A part `self_review_missing` names, as the member reads it ("I.2", "mức tự xếp loại")."""
    labels = {
        "self_level": _("VII. mức tự xếp loại"),
        "score": _("điểm tự chấm"),
    }
    return str(labels.get(part, part))


@transaction.atomic
def self_review_submit(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """drafting → submitted: every section filled, every hint answered, a self-level (and a score
    under 366). The hints answered in section IV are marked answered."""
    _require_own(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("campaign", "person")
        .get(pk=review.pk)
    )
    if review.status != ReviewStatus.DRAFTING or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ nộp được bản kiểm điểm đang viết."),
            code="wrong_state",
            params={"field": "status"},
        )
    missing = self_review_missing(review=review)
    if missing:
        raise ValidationError(
            _("Bản kiểm điểm chưa đủ nội dung: %(parts)s."),
            code="incomplete",
            params={
                "field": missing[0],
                "parts": ", ".join(missing_label(part) for part in missing),
                "missing": missing,
            },
        )
    now = timezone.now()
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = now
    review.save(update_fields=["status", "submitted_at"])
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    ReviewHint.objects.filter(pk__in=hint_ids, answered_at__isnull=True).update(answered_at=now)
    audit_record(
        actor=actor,
        verb="self_review_submit",
        instance=review,
        changes={
            "status": [ReviewStatus.DRAFTING, ReviewStatus.SUBMITTED],
            "self_level": review.self_level,
        },
    )
    return review


def _require_secretary(actor: User | None, review: SubjectReview) -> None:
    if actor is None:
        return
    if not selectors.user_is_cell_secretary_of(user=actor, review=review):
        raise PermissionDenied(
            _("Chỉ bí thư chi bộ hoặc cấp ủy cấp trên thực hiện được thao tác này.")
        )


@transaction.atomic
def self_review_return(*, actor: User | None, review: SubjectReview, reason: str) -> SubjectReview:
    """submitted → drafting, by the cell secretary, with a reason kept in the review's history."""
    _require_secretary(actor, review)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Cần nêu lý do trả lại."), code="required", params={"field": "reason"}
        )
    review = SubjectReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.SUBMITTED or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ trả lại được bản kiểm điểm đã nộp và chưa khóa."),
            code="wrong_state",
            params={"field": "status"},
        )
    review.status = ReviewStatus.DRAFTING
    review.submitted_at = None
    review.history = [
        *review.history,
        {
            "action": "returned",
            "at": timezone.now().isoformat(),
            "by": actor.get_username() if actor is not None else "",
            "reason": reason,
        },
    ]
    review.save(update_fields=["status", "submitted_at", "history"])
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    ReviewHint.objects.filter(pk__in=hint_ids).update(answered_at=None)
    audit_record(
        actor=actor,
        verb="self_review_return",
        instance=review,
        changes={"status": [ReviewStatus.SUBMITTED, ReviewStatus.DRAFTING], "reason": reason},
    )
    return review


@transaction.atomic
def self_review_lock(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """Lock a submitted review for the meeting (no more returns or edits)."""
    _require_secretary(actor, review)
    review = SubjectReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.SUBMITTED or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ khóa được bản kiểm điểm đã nộp."), code="wrong_state", params={"field": "status"}
        )
    review.locked_at = timezone.now()
    review.save(update_fields=["locked_at"])
    audit_record(actor=actor, verb="self_review_lock", instance=review, changes={"locked": True})
    return review


@transaction.atomic
def self_review_mark_not_required(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """not_started → not_required, by the cell committee (its secretary or an office above), for a
    member who is exempt or suspended now (domain §5.2); reviewed, not classified."""
    _require_secretary(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=review.pk)
    )
    person = review.person
    if (
        review.kind != SubjectKind.MEMBER
        or person is None
        or review.status != ReviewStatus.NOT_STARTED
    ):
        raise ValidationError(
            _("Chỉ miễn được bản kiểm điểm chưa viết của đảng viên."),
            code="wrong_state",
            params={"field": "status"},
        )
    if person.status not in EXCLUDED_STATUSES:
        raise ValidationError(
            _("Chỉ đảng viên miễn hoặc bị đình chỉ sinh hoạt đảng mới không phải kiểm điểm."),
            code="not_excluded",
            params={"field": "status"},
        )
    review.status = ReviewStatus.NOT_REQUIRED
    review.not_classified = True
    review.exclusion = person.status
    review.save(update_fields=["status", "not_classified", "exclusion"])
    audit_record(
        actor=actor,
        verb="self_review_mark_not_required",
        instance=review,
        changes={
            "status": [ReviewStatus.NOT_STARTED, ReviewStatus.NOT_REQUIRED],
            "exclusion": review.exclusion,
        },
    )
    return review


# --- Collective report ---------------------------------------------------------------------------


def _require_drafter(actor: User | None, review: SubjectReview) -> None:
    """The collective's own office or secretary (anyone with scope over its unit) drafts."""
    if actor is None:
        return
    if not selectors.user_is_cell_secretary_of(user=actor, review=review):
        raise PermissionDenied(_("Bạn không có quyền soạn báo cáo của tập thể này."))


def _no_version() -> ValidationError:
    return ValidationError(
        _("Báo cáo chưa có bản dự thảo."), code="no_draft", params={"field": "version"}
    )


def _report_state(report: CollectiveReport, *allowed: str) -> None:
    if report.state not in allowed:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái «%(state)s», không thực hiện được thao tác này."),
            code="wrong_state",
            params={"field": "state", "state": report.get_state_display()},
        )


@transaction.atomic
def report_save_draft(
    *, actor: User | None, review: SubjectReview, sections: dict[str, Any]
) -> ReportVersion:
    """Save the working draft of the collective report; after a frozen round a new numbered
    version starts from the given text."""
    _require_drafter(actor, review)
    if review.kind == SubjectKind.MEMBER:
        raise ValidationError(
            _("Chỉ tập thể mới có báo cáo kiểm điểm tập thể."),
            code="invalid",
            params={"field": "review"},
        )
    report, _created = CollectiveReport.objects.select_for_update().get_or_create(review=review)
    _report_state(report, ReportState.DRAFT, ReportState.REVISED)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    clean = _clean_answers(forms_catalog.REPORT_FORM, sections, hint_ids)
    current = report.versions.order_by("-number").first()
    if current is None or current.frozen:
        number = (current.number + 1) if current else 1
        current = ReportVersion.objects.create(
            report=report,
            number=number,
            sections=clean,
            created_by=actor if actor and actor.pk else None,
        )
    else:
        current.sections = clean
        current.save(update_fields=["sections"])
    audit_record(
        actor=actor, verb="report_save_draft", instance=current, changes={"number": current.number}
    )
    return current


@transaction.atomic
def report_circulate(
    *,
    actor: User | None,
    report: CollectiveReport,
    delegates: list[Person],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
) -> CollectiveReport:
    """draft/revised → circulated: freeze the working version and open a comment window for the
    named delegates."""
    _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    if ReportState.CIRCULATED not in REPORT_TRANSITIONS[report.state]:
        _report_state(report)
    version = report.versions.order_by("-number").first()
    if version is None or version.frozen:
        raise ValidationError(
            _("Chưa có bản dự thảo mới để xin ý kiến."),
            code="no_draft",
            params={"field": "version"},
        )
    if not delegates:
        raise ValidationError(
            _("Chọn ít nhất một người được xin ý kiến."),
            code="required",
            params={"field": "delegates"},
        )
    if closes_at <= opens_at:
        raise ValidationError(
            _("Thời hạn góp ý phải kết thúc sau khi bắt đầu."),
            code="invalid",
            params={"field": "closes_at"},
        )
    version.frozen = True
    version.save(update_fields=["frozen"])
    answers = version.sections.get("IV") or {}
    answered = [
        h.pk for h in selectors.hints_for_review(review=report.review) if answers.get(str(h.pk))
    ]
    ReviewHint.objects.filter(pk__in=answered, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )
    before = report.state
    report.state = ReportState.CIRCULATED
    report.comments_open_at = opens_at
    report.comments_close_at = closes_at
    report.save(update_fields=["state", "comments_open_at", "comments_close_at"])
    report.delegates.set(delegates)
    audit_record(
        actor=actor,
        verb="report_circulate",
        instance=report,
        changes={
            "state": [before, report.state],
            "version": version.number,
            "delegates": [p.pk for p in delegates],
        },
    )
    return report


def _passages(version: ReportVersion, section: str) -> list[str]:
    """The texts a delegate may quote: each item's, section's or hint answer's text, in one
    section or (no section) in the whole report."""
    texts: list[str] = []
    for spec in forms_catalog.REPORT_FORM.sections:
        if section and spec.key != section:
            continue
        data = version.sections.get(spec.key) or {}
        if spec.kind == "graded":
            texts += [str((data.get(item.key) or {}).get("text") or "") for item in spec.items]
        elif spec.kind == "text":
            texts.append(str(data.get("text") or ""))
        elif spec.kind == "hints":
            texts += [str(answer) for answer in data.values()]
    return texts


@transaction.atomic
def report_comment(
    *,
    actor: User,
    report: CollectiveReport,
    text: str,
    section: str = "",
    quote: str = "",
    parent: DraftComment | None = None,
) -> DraftComment:
    """A delegate comments on the circulated version (a quoted passage of a section, or the whole)
    while the window is open; a reply may come from a delegate or the drafter."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Thiếu nội dung góp ý."), code="required", params={"field": "text"})
    is_delegate = (
        actor.person_id is not None and report.delegates.filter(pk=actor.person_id).exists()
    )
    if not is_delegate and not (
        parent is not None and selectors.user_is_cell_secretary_of(user=actor, review=report.review)
    ):
        raise PermissionDenied(_("Bạn không có trong danh sách được xin ý kiến."))
    _report_state(report, ReportState.CIRCULATED)
    now = timezone.now()
    if (report.comments_open_at and now < report.comments_open_at) or (
        report.comments_close_at and now > report.comments_close_at
    ):
        raise ValidationError(
            _("Ngoài thời hạn góp ý."), code="window_closed", params={"field": "text"}
        )
    version = report.versions.filter(frozen=True).order_by("-number").first()
    if version is None:
        raise _no_version()
    if parent is not None and parent.version_id != version.pk:
        raise ValidationError(
            _("Ý kiến được trả lời không thuộc bản này."),
            code="invalid",
            params={"field": "parent"},
        )
    if quote:
        if section and forms_catalog.REPORT_FORM.section(section) is None:
            raise ValidationError(
                _("Mục «%(section)s» không có trong báo cáo."),
                code="invalid",
                params={"field": "section", "section": section},
            )
        if not any(quote.strip() in text for text in _passages(version, section)):
            raise ValidationError(
                _("Đoạn trích không có trong bản dự thảo."),
                code="invalid",
                params={"field": "quote"},
            )
    comment = DraftComment.objects.create(
        version=version,
        parent=parent,
        author=actor,
        section=section,
        quote=quote.strip(),
        text=text,
    )
    audit_record(
        actor=actor,
        verb="report_comment",
        instance=comment,
        changes={"section": section, "reply_to": parent.pk if parent else None},
    )
    return comment


@transaction.atomic
def report_resolve_comment(
    *, actor: User | None, comment: DraftComment, resolution: str, note: str = ""
) -> DraftComment:
    """The drafter marks a comment accepted, answered or declined."""
    report = comment.version.report
    _require_drafter(actor, report.review)
    if resolution not in (
        CommentResolution.ACCEPTED,
        CommentResolution.ANSWERED,
        CommentResolution.DECLINED,
    ):
        raise ValidationError(
            _("Cách xử lý không hợp lệ."), code="invalid", params={"field": "resolution"}
        )
    if comment.parent_id is not None:
        raise ValidationError(
            _("Chỉ xử lý ý kiến gốc, không xử lý câu trả lời."),
            code="invalid",
            params={"field": "comment"},
        )
    before = comment.resolution
    comment.resolution = resolution
    comment.resolution_note = note.strip()
    comment.save(update_fields=["resolution", "resolution_note"])
    audit_record(
        actor=actor,
        verb="report_resolve_comment",
        instance=comment,
        changes={"resolution": [before, resolution]},
    )
    return comment


@transaction.atomic
def report_revise(*, actor: User | None, report: CollectiveReport) -> CollectiveReport:
    """circulated → revised: the window has closed and every comment is resolved; a new working
    version is opened from the circulated one."""
    _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.CIRCULATED)
    if report.comments_close_at and timezone.now() < report.comments_close_at:
        raise ValidationError(
            _("Thời hạn góp ý chưa kết thúc."), code="window_open", params={"field": "state"}
        )
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    open_count = version.comments.filter(parent__isnull=True, resolution="").count()
    if open_count:
        raise ValidationError(
            _("Còn %(count)s ý kiến chưa xử lý."),
            code="unresolved",
            params={"field": "state", "count": open_count},
        )
    report.state = ReportState.REVISED
    report.save(update_fields=["state"])
    ReportVersion.objects.create(
        report=report,
        number=version.number + 1,
        sections=version.sections,
        created_by=actor if actor and actor.pk else None,
    )
    audit_record(
        actor=actor,
        verb="report_revise",
        instance=report,
        changes={"state": [ReportState.CIRCULATED, ReportState.REVISED]},
    )
    return report


@transaction.atomic
def report_adopt(
    *,
    actor: User | None,
    report: CollectiveReport,
    minutes_reference: str,
    runs_the_conference: bool = False,
) -> CollectiveReport:
    """revised → adopted, at the conference (domain §5.3): the working version, with section VII
    (the proposed level) filled, is frozen as the adopted text, citing the minutes.

    The drafter may adopt it; so may the chair or secretary running the collective's conference
    (`conferences.services.conference_report_adopt` checks that and passes
    `runs_the_conference=True`), who need not have scope over the unit's drafts."""
    if not runs_the_conference:
        _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.REVISED)
    minutes_reference = minutes_reference.strip()
    if not minutes_reference:
        raise ValidationError(
            _("Cần dẫn biên bản hội nghị thông qua báo cáo."),
            code="required",
            params={"field": "minutes_reference"},
        )
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    if (version.sections.get("VII") or {}).get("level") not in Level.values:
        raise ValidationError(
            _("Mục VII (tự nhận mức xếp loại) chưa điền."),
            code="incomplete",
            params={"field": "VII"},
        )
    version.frozen = True
    version.save(update_fields=["frozen"])
    report.state = ReportState.ADOPTED
    report.minutes_reference = minutes_reference
    report.adopted_at = timezone.now()
    report.save(update_fields=["state", "minutes_reference", "adopted_at"])
    audit_record(
        actor=actor,
        verb="report_adopt",
        instance=report,
        changes={
            "state": [ReportState.REVISED, ReportState.ADOPTED],
            "version": version.number,
            "minutes_reference": minutes_reference,
        },
    )
    return report


@transaction.atomic
def report_reopen(*, actor: User | None, report: CollectiveReport, reason: str) -> CollectiveReport:
    """adopted → revised (`reopen`), with a reason: a new working version starts from the
    adopted text, which stays frozen in the history."""
    _require_drafter(actor, report.review)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Cần nêu lý do mở lại."), code="required", params={"field": "reason"}
        )
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.ADOPTED)
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    report.state = ReportState.REVISED
    report.reopen_reason = reason
    report.save(update_fields=["state", "reopen_reason"])
    ReportVersion.objects.create(
        report=report,
        number=version.number + 1,
        sections=version.sections,
        created_by=actor if actor and actor.pk else None,
    )
    audit_record(
        actor=actor,
        verb="report_reopen",
        instance=report,
        changes={"state": [ReportState.ADOPTED, ReportState.REVISED], "reason": reason},
    )
    return report
