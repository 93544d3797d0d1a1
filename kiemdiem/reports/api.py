"""Reports API: a unit's statistics rolled up through its subtree, with the previous year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reports import selectors
from kiemdiem.reports.selectors import LEVEL_ORDER, LevelCounts, StatisticsRow

router = Router(tags=["reports"])


class CountsOut(Schema):
    total: int
    classified: int
    not_classified: int
    counts: dict[str, int]
    percents: dict[str, Decimal]
    htxsnv_of_httnv: Decimal


class RowOut(Schema):
    unit_id: int | None
    name: str
    current: CountsOut
    previous: CountsOut


class StatisticsOut(Schema):
    unit_id: int
    year: int
    total: RowOut
    children: list[RowOut]
    source: str  # "live" (counted now) or "rollup" (the per-unit cache as of `as_of`)
    as_of: datetime.datetime | None


def _counts(c: LevelCounts) -> dict[str, object]:
    return {
        "total": c.total,
        "classified": c.classified,
        "not_classified": c.not_classified,
        "counts": dict(zip(LEVEL_ORDER, c.counts, strict=True)),
        "percents": dict(zip(LEVEL_ORDER, c.percents, strict=True)),
        "htxsnv_of_httnv": c.htxsnv_of_httnv,
    }


def _row(r: StatisticsRow) -> dict[str, object]:
    return {
        "unit_id": r.unit_id,
        "name": r.name,
        "current": _counts(r.current),
        "previous": _counts(r.previous),
    }


@router.get(
    "/units/{unit_id}/statistics",
    response=StatisticsOut,
    summary="Thống kê xếp loại đảng viên của đơn vị và toàn bộ cấp dưới, so với năm trước",
)
def unit_statistics(
    request: HttpRequest, unit_id: int, year: int | None = None
) -> dict[str, object]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    year = year or timezone.localdate().year - 1
    stats = selectors.member_statistics(unit=unit, year=year)
    return {
        "unit_id": unit.pk,
        "year": year,
        "total": _row(stats.total),
        "children": [_row(r) for r in stats.children],
        "source": stats.source,
        "as_of": stats.as_of,
    }
