"""Writes of a unit's own, earlier deadlines in a campaign."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    Unit,
)
from kiemdiem.reviews import selectors
from kiemdiem.reviews.models import (
    DEADLINE_FIELDS,
    Campaign,
    CampaignState,
    UnitDeadline,
)
from kiemdiem.reviews.services._common import _deadline_order_errors, _state_error, _verbose


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
