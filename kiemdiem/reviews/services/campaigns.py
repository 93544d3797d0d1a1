"""Writes of campaigns: the plan and every transition of domain.md §5.1."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.classification import rules
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    Unit,
)
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import (
    DEADLINE_FIELDS,
    REOPENABLE_STATES,
    Campaign,
    CampaignState,
    CollectiveReport,
    Period,
    ReportState,
    ReviewHint,
    ReviewStatus,
    SubjectReview,
)
from kiemdiem.reviews.services._common import (
    CAMPAIGN_PLAN_FIELDS,
    _check_period_index,
    _deadline_order_errors,
    _lock,
    _move,
    _require_issuer,
    _state_error,
    _verbose,
    default_review_date,
)


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
    """Plan a campaign over `root_unit`'s subtree. The rule pack is the one in force for the year
    (domain §2.1; a different one is refused) and is pinned: no service changes it afterwards."""
    if actor is not None and not org_selectors.user_can_manage_unit(user=actor, unit=root_unit):
        raise PermissionDenied(_("Bạn không có quyền lập kế hoạch kiểm điểm cho đơn vị này."))
    if period not in Period.values:
        raise ValidationError(
            _("Kỳ kiểm điểm không hợp lệ."), code="invalid", params={"field": "period"}
        )
    _check_period_index(period, period_index)
    try:
        in_force = rules.pack_id_for_year(year)
    except ValueError as exc:
        raise ValidationError(
            _("Không có bộ quy định cho năm %(year)s (các năm đến 2018 chỉ là lịch sử)."),
            code="no_pack",
            params={"field": "year", "year": year},
        ) from exc
    if rule_pack not in (None, "", in_force):
        raise ValidationError(
            _("Năm %(year)s áp dụng bộ quy định «%(in_force)s», không phải «%(pack)s»."),
            code="invalid",
            params={"field": "rule_pack", "pack": rule_pack, "year": year, "in_force": in_force},
        )
    rule_pack = in_force
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


# How many units, and members per unit, a refusal names before it says "and N more".
NAMED_UNITS = 8
NAMED_PER_UNIT = 5


def _pending_by_unit(campaign: Campaign, done: Sequence[str], what: str) -> list[str]:
    """One line per unit with reviews not yet in `done`: the unit, then the members (or the
    collective) still missing, by name."""
    rows = (
        SubjectReview.objects.filter(campaign=campaign)
        .exclude(status__in=done)
        .select_related("unit", "person")
        .order_by("unit__path", "kind", "person__sort_key", "pk")
    )
    by_unit: dict[int, tuple[str, list[str]]] = {}
    for review in rows:
        name = review.person.full_name if review.person is not None else review.label
        by_unit.setdefault(review.unit_id, (review.unit.name, []))[1].append(name)
    lines = []
    for unit_name, names in list(by_unit.values())[:NAMED_UNITS]:
        shown = ", ".join(names[:NAMED_PER_UNIT])
        if len(names) > NAMED_PER_UNIT:
            shown += _(" và %(more)s người khác") % {"more": len(names) - NAMED_PER_UNIT}
        lines.append(
            _("%(unit)s: %(count)s %(what)s (%(names)s)")
            % {"unit": unit_name, "count": len(names), "what": what, "names": shown}
        )
    if len(by_unit) > NAMED_UNITS:
        lines.append(_("và %(more)s đơn vị khác") % {"more": len(by_unit) - NAMED_UNITS})
    return lines


def _refuse(intro: str, lines: list[str]) -> ValidationError:
    # The names go in as a parameter: a "%" in a unit's name is never read as a placeholder.
    return ValidationError(
        "%(intro)s %(lines)s",
        code="pending",
        params={"field": "state", "intro": intro, "lines": "; ".join(lines) + "."},
    )


@transaction.atomic
def campaign_start_classification(*, actor: User | None, campaign: Campaign) -> Campaign:
    """conferencing → classifying: every report adopted; every review voted, decided or not
    required. A refusal names what is missing, unit by unit."""
    _require_issuer(actor, campaign)
    done = [ReviewStatus.VOTED, ReviewStatus.DECIDED, ReviewStatus.NOT_REQUIRED]
    lines = _pending_by_unit(campaign, done, _("chưa kiểm điểm và biểu quyết"))
    reports = (
        CollectiveReport.objects.filter(review__campaign=campaign)
        .exclude(state=ReportState.ADOPTED)
        .select_related("review")
        .order_by("review__unit__path")
    )
    lines += [
        _("%(subject)s: báo cáo kiểm điểm chưa được hội nghị thông qua")
        % {"subject": report.review.label}
        for report in reports[:NAMED_UNITS]
    ]
    if lines:
        raise _refuse(_("Chưa chuyển sang xếp loại được."), lines)
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
    lines = _pending_by_unit(
        campaign,
        [ReviewStatus.DECIDED, ReviewStatus.NOT_REQUIRED],
        _("chưa có quyết định xếp loại"),
    )
    if lines:
        raise _refuse(_("Chưa kết thúc xếp loại được."), lines)
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
