"""Statistics of classification results, rolled up through any subtree (domain.md §6.6 summary).

One set-based GROUP BY over the subtree: people joined to their unit by path range, their
results of the year and of the year before joined as filtered relations (at most one row each,
by the unique (person, year)), grouped by the path prefix of the child unit they sit under.
The whole subtree is the sum of the groups. Never a loop over units.

Member results come from `orgs.ClassificationRecord` today; organization results can feed the
same dataclasses once the classification app stores them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, FilteredRelation, Q, QuerySet, Sum
from django.db.models.functions import Substr

from kiemdiem.accounts.models import User
from kiemdiem.classification.models import Proposal
from kiemdiem.classification.rules import registry
from kiemdiem.classification.rules.base import PackSettings
from kiemdiem.classification.rules.common import quota_allowed
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    GRASSROOTS_KINDS,
    PATH_SEGMENT,
    ClassificationRecord,
    Person,
    Unit,
)
from kiemdiem.reports.models import RollupState, UnitResultCount
from kiemdiem.reviews import selectors as review_selectors

LEVEL_ORDER = ("HTXSNV", "HTTNV", "HTNV", "KHTNV")
REPLICA = "replica"


def reports_database() -> str:
    """The alias the big report reads go to: the read replica when one is configured
    (DATABASE_REPLICA_URL, see docs/scale.md), else the primary. Reports tolerate the
    replica's lag of a few seconds; nothing here writes."""
    return REPLICA if REPLICA in connections.databases else DEFAULT_DB_ALIAS


_CENT = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal:
    """part / whole as a percentage with two decimals (0 when whole is 0)."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LevelCounts:
    """Counts for one year: members counted, per level, not classified."""

    total: int
    counts: tuple[int, int, int, int]  # in LEVEL_ORDER
    not_classified: int

    @property
    def classified(self) -> int:
        return sum(self.counts)

    def count(self, level: str) -> int:
        return self.counts[LEVEL_ORDER.index(level)]

    @property
    def percents(self) -> tuple[Decimal, ...]:
        """Each level as % of the classified members."""
        return tuple(percent(c, self.classified) for c in self.counts)

    @property
    def htxsnv_of_httnv(self) -> Decimal:
        """HTXSNV as % of HTTNV (the quota check's ratio)."""
        return percent(self.counts[0], self.counts[1])

    def __add__(self, other: LevelCounts) -> LevelCounts:
        return LevelCounts(
            self.total + other.total,
            tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),  # type: ignore[arg-type]
            self.not_classified + other.not_classified,
        )


EMPTY = LevelCounts(0, (0, 0, 0, 0), 0)


@dataclass(frozen=True)
class StatisticsRow:
    unit_id: int | None
    name: str
    current: LevelCounts
    previous: LevelCounts

    def change(self, level: str) -> int:
        return self.current.count(level) - self.previous.count(level)

    @property
    def levels(self) -> list[tuple[str, int, Decimal, int]]:
        """(level, count, %, change since the previous year) for templates."""
        return [
            (level, self.current.count(level), pct, self.change(level))
            for level, pct in zip(LEVEL_ORDER, self.current.percents, strict=True)
        ]


LIVE, ROLLUP = "live", "rollup"


@dataclass(frozen=True)
class Statistics:
    unit: Unit
    year: int
    total: StatisticsRow
    children: tuple[StatisticsRow, ...]
    # Where the figures come from: counted now (LIVE) or the cache as of `as_of` (ROLLUP).
    source: str = field(default=LIVE, compare=False)
    as_of: datetime.datetime | None = field(default=None, compare=False)


def _aggregates(unit: Unit, year: int) -> QuerySet[Person, dict[str, Any]]:
    """The single GROUP BY: one row per child prefix with conditional counts for both years."""
    child_width = len(unit.path) + PATH_SEGMENT
    counted = Q(status__in=ACTIVE_STATUSES) | Q(cur__id__isnull=False)
    prev_counted = Q(status__in=ACTIVE_STATUSES) | Q(prev__id__isnull=False)
    aggregates = {
        "total": Count("id", filter=counted),
        "prev_total": Count("id", filter=prev_counted),
    }
    for level in LEVEL_ORDER:
        aggregates[f"cur_{level}"] = Count("id", filter=Q(cur__level=level))
        aggregates[f"prev_{level}"] = Count("id", filter=Q(prev__level=level))
    return (
        Person.objects.using(reports_database())
        .filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        .annotate(
            cur=FilteredRelation("results", condition=Q(results__year=year)),
            prev=FilteredRelation("results", condition=Q(results__year=year - 1)),
        )
        .filter(counted | prev_counted)
        .annotate(prefix=Substr("unit__path", 1, child_width))
        .values("prefix")
        .annotate(**aggregates)
        .order_by()
    )


def _counts(row: dict[str, int], prefix: str) -> LevelCounts:
    counts = tuple(row[f"{prefix}_{level}"] for level in LEVEL_ORDER)
    total = row["total" if prefix == "cur" else "prev_total"]
    return LevelCounts(total, counts, total - sum(counts))  # type: ignore[arg-type]


def _assemble(
    unit: Unit,
    year: int,
    by_prefix: dict[str, tuple[LevelCounts, LevelCounts]],
    *,
    source: str = LIVE,
    as_of: datetime.datetime | None = None,
    own_label: str = "%s (trực thuộc)",
) -> Statistics:
    children = list(unit.children.order_by("code"))
    rows = []
    own = by_prefix.get(unit.path)
    if own is not None:
        rows.append(StatisticsRow(unit.pk, own_label % unit.name, *own))
    for child in children:
        current, previous = by_prefix.get(child.path, (EMPTY, EMPTY))
        rows.append(StatisticsRow(child.pk, child.name, current, previous))
    current_total = sum((r.current for r in rows), EMPTY)
    previous_total = sum((r.previous for r in rows), EMPTY)
    return Statistics(
        unit=unit,
        year=year,
        total=StatisticsRow(unit.pk, unit.name, current_total, previous_total),
        children=tuple(rows),
        source=source,
        as_of=as_of,
    )


def rollup_mode() -> str:
    """The setting KIEMDIEM_REPORTS_ROLLUP as "on", "off" or "auto" (booleans accepted)."""
    value = getattr(settings, "KIEMDIEM_REPORTS_ROLLUP", "auto")
    if value is True:
        return "on"
    if value is False:
        return "off"
    return str(value).lower()


def rollup_as_of(year: int) -> datetime.datetime | None:
    """When the cache of `year` was last rebuilt, or None when it holds no such year."""
    return (
        RollupState.objects.using(reports_database())
        .filter(year=year)
        .values_list("refreshed_at", flat=True)
        .first()
    )


def _large_subtree(unit: Unit) -> bool:
    """At least KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS units under `unit` (an index-only range scan
    that stops at the threshold, so it costs the same for a province and for the country)."""
    threshold = int(getattr(settings, "KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS", 5000))
    subtree = Unit.objects.using(reports_database()).filter(
        path__gte=unit.path, path__lt=unit.path_upper_bound
    )
    return subtree.values("pk")[:threshold].count() >= threshold


def statistics_source(*, unit: Unit, year: int) -> tuple[str, datetime.datetime | None]:
    """Which path answers this unit's statistics (LIVE or ROLLUP) and the cache's time.

    With KIEMDIEM_REPORTS_ROLLUP "auto" (the default) a subtree of at least
    KIEMDIEM_REPORTS_ROLLUP_MIN_UNITS units reads the cache once the year has been rolled up
    (counted live there it costs seconds: ≈1–3 µs per member); "on" always reads the cache,
    "off" never (docs/scale.md)."""
    mode = rollup_mode()
    if mode == "on" or (mode == "auto" and _large_subtree(unit)):
        as_of = rollup_as_of(year)
        if as_of is not None or mode == "on":
            return ROLLUP, as_of
    return LIVE, None


def member_statistics(*, unit: Unit, year: int) -> Statistics:
    """Counts and % per level, not classified, HTXSNV/HTTNV, for the unit's whole subtree and
    per direct child (plus the unit's own members, if any), with the previous year.

    The caller has checked scope on `unit`. Live (two queries: the children and one GROUP BY
    over the subtree's members, exact) or from the roll-up cache (one GROUP BY over one row
    per unit), as `statistics_source` decides; `Statistics.source` and `as_of` say which.
    """
    source, as_of = statistics_source(unit=unit, year=year)
    if source == ROLLUP:
        return member_statistics_rollup(unit=unit, year=year, as_of=as_of)
    return member_statistics_live(unit=unit, year=year)


def member_statistics_live(*, unit: Unit, year: int) -> Statistics:
    """The figures counted now from the members: the children and one GROUP BY."""
    by_prefix: dict[str, tuple[LevelCounts, LevelCounts]] = {}
    for row in _aggregates(unit, year):
        by_prefix[row["prefix"]] = (_counts(row, "cur"), _counts(row, "prev"))
    return _assemble(unit, year, by_prefix)


def member_statistics_rollup(
    *, unit: Unit, year: int, as_of: datetime.datetime | None = None
) -> Statistics:
    """The same figures from `UnitResultCount` (one row per unit, not per member): one GROUP BY
    over the subtree's rows of both years, plus the children. As fresh as the last
    `services.rollup_refresh`."""
    child_width = len(unit.path) + PATH_SEGMENT
    rows = (
        UnitResultCount.objects.using(reports_database())
        .filter(
            year__in=[year, year - 1],
            path__gte=unit.path,
            path__lt=unit.path_upper_bound,
        )
        .annotate(prefix=Substr("path", 1, child_width))
        .values("prefix", "year")
        .annotate(
            n=Sum("total"),
            x=Sum("htxsnv"),
            t=Sum("httnv"),
            h=Sum("htnv"),
            k=Sum("khtnv"),
        )
        .order_by()
    )
    found: dict[tuple[str, int], LevelCounts] = {}
    for row in rows:
        counts = (row["x"], row["t"], row["h"], row["k"])
        found[(row["prefix"], row["year"])] = LevelCounts(row["n"], counts, row["n"] - sum(counts))
    prefixes = {prefix for prefix, _year in found}
    by_prefix = {
        prefix: (found.get((prefix, year), EMPTY), found.get((prefix, year - 1), EMPTY))
        for prefix in prefixes
    }
    return _assemble(unit, year, by_prefix, source=ROLLUP, as_of=as_of)


def member_counts_per_unit(*, year: int) -> QuerySet[Person, dict[str, Any]]:
    """Per unit of the whole tree, the year's counts of its own members (for the roll-up)."""
    counted = Q(status__in=ACTIVE_STATUSES) | Q(cur__id__isnull=False)
    return (
        Person.objects.annotate(cur=FilteredRelation("results", condition=Q(results__year=year)))
        .filter(counted)
        .values("unit_id", "unit__path")
        .annotate(
            total=Count("id"),
            **{level.lower(): Count("id", filter=Q(cur__level=level)) for level in LEVEL_ORDER},
        )
        .order_by()
    )


# --- Organizations, quota use, late units --------------------------------------------------


def rule_pack_for_year(year: int) -> str:
    """The id of the rule pack that judged `year` ("" for history years before 2019)."""
    try:
        return registry.pack_id_for_year(year)
    except registry.UnknownPackError:
        return ""


def organization_statistics(*, unit: Unit, year: int, rule_pack: str = "") -> Statistics:
    """Organizations of the subtree by the level decided (the decision in force), per direct
    child and in total, with the previous year; `total` counts the organizations proposed,
    `not_classified` those not decided yet. Only results judged under `rule_pack` when given.
    Two queries: the children and one GROUP BY over the proposals."""
    child_width = len(unit.path) + PATH_SEGMENT
    proposals = Proposal.objects.using(reports_database()).filter(
        unit__path__gte=unit.path,
        unit__path__lt=unit.path_upper_bound,
        year__in=[year, year - 1],
    )
    if rule_pack:
        proposals = proposals.filter(rule_pack=rule_pack)
    rows = (
        proposals.annotate(
            in_force=FilteredRelation(
                "decisions", condition=Q(decisions__annulled_at__isnull=True)
            ),
            prefix=Substr("unit__path", 1, child_width),
        )
        .values("prefix", "year")
        .annotate(
            n=Count("id"),
            **{level: Count("id", filter=Q(in_force__level=level)) for level in LEVEL_ORDER},
        )
        .order_by()
    )
    found: dict[tuple[str, int], LevelCounts] = {}
    for row in rows:
        counts = tuple(row[level] for level in LEVEL_ORDER)
        found[(row["prefix"], row["year"])] = LevelCounts(row["n"], counts, row["n"] - sum(counts))
    by_prefix = {
        prefix: (found.get((prefix, year), EMPTY), found.get((prefix, year - 1), EMPTY))
        for prefix, _year in found
    }
    return _assemble(unit, year, by_prefix, own_label="%s")


@dataclass(frozen=True)
class QuotaUse:
    """HTXSNV against the quota in one quota scope (the grassroots organization, §4.1.1)."""

    scope_id: int
    name: str
    excellent: int
    good: int
    allowed: int

    @property
    def over(self) -> bool:
        return self.excellent > self.allowed


@dataclass(frozen=True)
class QuotaReport:
    rule_pack: str
    scopes: int
    over: int
    rows: tuple[QuotaUse, ...]  # the scopes over the quota first, at most `limit`


def quota_use(*, unit: Unit, year: int, limit: int = 50) -> QuotaReport:
    """Quota use in every quota scope of the subtree (or the scope the unit belongs to), from
    the year's results: HTXSNV against floor(HTTNV × the pack's share). One GROUP BY per depth
    at which scopes sit (usually one), over the roll-up cache when the statistics read it, else
    over the results; never a query per scope. A scope nested in another scope counts in both
    (not expected in a party tree)."""
    pack = rule_pack_for_year(year)
    pack_settings = registry.get_pack(pack).settings if pack else PackSettings()
    # (pk, name, path, depth) of each scope; plain tuples: a country has ≈55,000 of them.
    scope_unit: Unit | None = unit if unit.kind in GRASSROOTS_KINDS else None
    if scope_unit is None:
        scope_unit = (
            Unit.objects.filter(pk__in=unit.ancestor_ids, kind__in=GRASSROOTS_KINDS)
            .order_by("-depth")
            .first()
        )
    if scope_unit is not None:
        scopes = [(scope_unit.pk, scope_unit.name, scope_unit.path, scope_unit.depth)]
        low, high = scope_unit.path, scope_unit.path_upper_bound
    else:
        scopes = list(
            Unit.objects.using(reports_database())
            .filter(path__gte=unit.path, path__lt=unit.path_upper_bound, kind__in=GRASSROOTS_KINDS)
            .order_by("path")
            .values_list("pk", "name", "path", "depth")
        )
        low, high = unit.path, unit.path_upper_bound
    if not scopes:
        return QuotaReport(pack, 0, 0, ())
    cached = statistics_source(unit=unit, year=year)[0] == ROLLUP
    counts: dict[str, tuple[int, int]] = {}
    for depth in sorted({scope[3] for scope in scopes}):
        width = (depth + 1) * PATH_SEGMENT
        grouped: QuerySet[Any, dict[str, Any]]
        if cached:
            grouped = (
                UnitResultCount.objects.using(reports_database())
                .filter(year=year, path__gte=low, path__lt=high)
                .annotate(prefix=Substr("path", 1, width))
                .values("prefix")
                .annotate(x=Sum("htxsnv"), t=Sum("httnv"))
                .order_by()
            )
        else:
            grouped = (
                ClassificationRecord.objects.using(reports_database())
                .filter(year=year, person__unit__path__gte=low, person__unit__path__lt=high)
                .annotate(prefix=Substr("person__unit__path", 1, width))
                .values("prefix")
                .annotate(
                    x=Count("id", filter=Q(level="HTXSNV")),
                    t=Count("id", filter=Q(level="HTTNV")),
                )
                .order_by()
            )
        for row in grouped:
            counts[row["prefix"]] = (row["x"] or 0, row["t"] or 0)
    rows = []
    for pk, name, path, _depth in scopes:
        excellent, good = counts.get(path, (0, 0))
        rows.append(QuotaUse(pk, name, excellent, good, quota_allowed(good, pack_settings)))
    over = [r for r in rows if r.over]
    shown = (over + [r for r in rows if not r.over])[:limit]
    return QuotaReport(pack, len(rows), len(over), tuple(shown))


@dataclass(frozen=True)
class LateUnits:
    campaign_id: int
    campaign_name: str
    rows: tuple[Any, ...]  # reviews.selectors.DashboardRow, late only


def late_units(
    *, user: User, unit: Unit, year: int, today: datetime.date | None = None
) -> list[LateUnits]:
    """Units of the subtree (two levels down) past their cell-conference deadline with
    self-reviews unfinished, per campaign of the year that covers the unit (its own or an
    ancestor's) or lies inside it. Set-based: the reviews dashboard's two queries per campaign."""
    prefixes = [unit.path[:i] for i in range(PATH_SEGMENT, len(unit.path) + 1, PATH_SEGMENT)]
    campaigns = review_selectors.campaign_list(user=user).filter(
        Q(root_unit__path__in=prefixes)
        | Q(root_unit__path__gte=unit.path, root_unit__path__lt=unit.path_upper_bound),
        year=year,
    )
    out = []
    for campaign in campaigns:
        top = unit if campaign.root_unit.path <= unit.path else campaign.root_unit
        rows = review_selectors.dashboard_rows(
            user=user, campaign=campaign, unit=top, levels=2, today=today
        )
        out.append(LateUnits(campaign.pk, str(campaign), tuple(r for r in rows if r.late)))
    return out
