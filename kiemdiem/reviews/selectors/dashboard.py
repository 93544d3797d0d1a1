"""The review dashboard: self-review counts per unit, rolled up through the subtree in a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kiemdiem.accounts.models import User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import PATH_SEGMENT, Unit
from kiemdiem.reviews.models import (
    Campaign,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.selectors.deadlines import effective_deadlines

COUNT_KEYS = ("not_started", "drafting", "submitted", "locked", "not_required", "total")


_PAST_SUBMISSION = frozenset(
    {
        ReviewStatus.COMMENTED.value,
        ReviewStatus.SELF_ASSESSED.value,
        ReviewStatus.VOTED.value,
        ReviewStatus.DECIDED.value,
    }
)


def _member_counts(reviews: QuerySet[SubjectReview]) -> dict[int, dict[str, int]]:
    """Per unit: not started, drafting, submitted (not locked), locked (or past the meeting), not
    required, total. One GROUP BY (unit, status) with the locked count; the index
    `reviews_review_dashboard_idx` covers it and delivers the groups in order (faster than one
    conditional count per column at 100,000 reviews)."""
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        reviews.values_list("unit_id", "status")
        .order_by()
        .annotate(n=Count("id"), locked=Count("id", filter=Q(locked_at__isnull=False)))
    )
    # The ORM writes the SQL; the rows are read straight from the cursor, because Django's
    # per-value converters cost more than the query's own work at 10,000 groups.
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for unit_id, status, n, locked in rows:
        row = counts.get(unit_id)
        if row is None:
            row = counts[unit_id] = dict.fromkeys(COUNT_KEYS, 0)
        row["total"] += n
        if status in _PAST_SUBMISSION:
            row["locked"] += n
            continue
        row["locked"] += locked
        if status == ReviewStatus.SUBMITTED:
            row["submitted"] += n - locked
        elif status in row:
            row[status] += n
    return counts


@dataclass(frozen=True)
class DashboardUnit:
    """The few fields of a unit a dashboard row shows (plain values: a row per cell of a large
    tree would otherwise cost a model instance each)."""

    pk: int
    code: str
    name: str
    path: str
    depth: int


@dataclass
class DashboardRow:
    unit: DashboardUnit
    depth: int
    counts: dict[str, int]
    deadline: datetime.date | None
    late: bool

    @property
    def unfinished(self) -> int:
        return self.counts["not_started"] + self.counts["drafting"]


DASHBOARD_IN_LIST_LIMIT = 500


def dashboard_unit_for_user(*, user: User, campaign: Campaign, unit_id: int | None) -> Unit:
    """The unit a dashboard starts from: the one asked for (inside the campaign's tree and the
    user's scope), else the campaign's root, else, for a cell secretary who does not see the root,
    their own unit. Http404 otherwise."""
    root = campaign.root_unit
    if unit_id:
        unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
        if not (root.path <= unit.path < root.path_upper_bound):
            raise Http404
        return unit
    if org_selectors.units_in_scope(user).filter(pk=root.pk).exists():
        return root
    own = (
        org_selectors.unit_roots_for_user(user=user)
        .filter(path__gte=root.path, path__lt=root.path_upper_bound)
        .first()
    )
    if own is None:
        raise Http404
    return own


def dashboard_rows(
    *,
    user: User,
    campaign: Campaign,
    unit: Unit,
    levels: int = 2,
    today: datetime.date | None = None,
) -> list[DashboardRow]:
    """Self-review counts per unit, rolled up through the subtree, for `unit` and `levels` levels
    below it.

    A fixed number of queries whatever the size of the tree or the number of levels shown: the
    subtree's units (plain values), one GROUP BY over the campaign's member reviews per unit (on
    the covering index `reviews_review_dashboard_idx`), and the unit deadline overrides. The roll-up adds each unit's counts to its displayed ancestors along the
    materialized path in Python, never querying per unit or per level."""
    today = today or timezone.localdate()
    max_depth = unit.depth + levels
    units = [
        DashboardUnit(*values)
        for values in org_selectors.unit_subtree(user=user, unit=unit).values_list(
            "pk", "code", "name", "path", "depth"
        )
    ]
    path_of = {u.pk: u.path for u in units}
    shown = [u for u in units if u.depth <= max_depth]
    reviews = SubjectReview.objects.filter(campaign=campaign, kind=SubjectKind.MEMBER)
    if len(path_of) <= DASHBOARD_IN_LIST_LIMIT:
        reviews = reviews.filter(unit_id__in=list(path_of))
    counts: dict[str, dict[str, int]] = {u.path: dict.fromkeys(COUNT_KEYS, 0) for u in shown}
    ends = [(depth + 1) * PATH_SEGMENT for depth in range(unit.depth, max_depth + 1)]
    for unit_id, row in _member_counts(reviews).items():
        path = path_of.get(unit_id)
        if path is None:
            continue
        for end in ends:
            if end > len(path):
                # A leaf above the deepest level shown: counted once, at its own row.
                break
            target = counts.get(path[:end])
            if target is not None:
                for key in COUNT_KEYS:
                    target[key] += row[key]
    deadlines = effective_deadlines(campaign=campaign, units=shown)
    result = []
    for u in shown:
        c = counts[u.path]
        due = deadlines[u.pk].dates["cell_conference_due"]
        late = due is not None and today > due and (c["not_started"] + c["drafting"]) > 0
        result.append(DashboardRow(u, u.depth - unit.depth, c, due, late))
    return result
