"""Reads of deadlines: each unit's effective deadlines, inherited down the tree."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiemdiem.orgs.models import PATH_SEGMENT, Unit
from kiemdiem.reviews.models import (
    DEADLINE_FIELDS,
    Campaign,
    UnitDeadline,
)
from kiemdiem.reviews.selectors.campaigns import _prefixes

if TYPE_CHECKING:
    from kiemdiem.reviews.selectors.dashboard import DashboardUnit


@dataclass
class EffectiveDeadlines:
    dates: dict[str, datetime.date | None]
    own: dict[str, datetime.date | None] = field(default_factory=dict)

    def late(self, name: str, today: datetime.date) -> bool:
        due = self.dates.get(name)
        return due is not None and today > due


def _overrides(campaign: Campaign) -> dict[int, UnitDeadline]:
    return {row.unit_id: row for row in UnitDeadline.objects.filter(campaign=campaign)}


def _effective(
    campaign: Campaign, path: str, overrides: dict[int, UnitDeadline], ids_by_path: dict[str, int]
) -> dict[str, datetime.date | None]:
    """Per deadline: the earliest of the campaign's and every override on the chain to the unit
    (a unit may only set an earlier date, so the earliest is the nearest override)."""
    dates: dict[str, datetime.date | None] = {
        name: getattr(campaign, name) for name in DEADLINE_FIELDS
    }
    if not overrides:
        return dates
    for prefix in _prefixes(path):
        unit_id = ids_by_path.get(prefix) or int(prefix[-PATH_SEGMENT:])
        row = overrides.get(unit_id)
        if row is None:
            continue
        for name in DEADLINE_FIELDS:
            value = getattr(row, name)
            current = dates[name]
            if value is not None and (current is None or value < current):
                dates[name] = value
    return dates


def effective_deadlines(
    *, campaign: Campaign, units: Sequence[Unit | DashboardUnit]
) -> dict[int, EffectiveDeadlines]:
    """Each unit's effective deadlines (inherited down the tree) and its own overrides."""
    overrides = _overrides(campaign)
    result: dict[int, EffectiveDeadlines] = {}
    for unit in units:
        own_row = overrides.get(unit.pk)
        own = {name: getattr(own_row, name) for name in DEADLINE_FIELDS} if own_row else {}
        result[unit.pk] = EffectiveDeadlines(_effective(campaign, unit.path, overrides, {}), own)
    return result


def parent_deadlines(*, campaign: Campaign, unit: Unit) -> dict[str, datetime.date | None]:
    """The deadlines the unit inherits (from its parent, or the campaign at the root)."""
    if unit.parent_id is None or unit.path == campaign.root_unit.path:
        return {name: getattr(campaign, name) for name in DEADLINE_FIELDS}
    return _effective(campaign, unit.path[:-PATH_SEGMENT], _overrides(campaign), {})
