"""Shared helpers of the review-cycle services: the issuer check, state errors, the campaign lock and move."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs.models import (
    PersonStatus,
)
from kiemdiem.reviews import selectors
from kiemdiem.reviews.models import (
    CAMPAIGN_TRANSITIONS,
    DEADLINE_FIELDS,
    Campaign,
    Period,
    UnitDeadline,
)

OPEN_JOB_KIND = selectors.OPEN_JOB_KIND
EXCLUDED_STATUSES = (PersonStatus.EXEMPT, PersonStatus.SUSPENDED)
BATCH_SIZE = 5000
CAMPAIGN_PLAN_FIELDS = ["title", "review_date", "plan_number", *DEADLINE_FIELDS]
ProgressCallback = Callable[[int, int], None]


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
