"""Reports API: a unit's statistics rolled up through its subtree, with the previous year."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reports import selectors
from kiemdiem.reports.selectors import LEVEL_ORDER, LevelCounts, StatisticsRow
from kiemdiem.reviews import selectors as review_selectors

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
    year = year or review_selectors.year_in_progress(user=request.user)  # type: ignore[arg-type]
    stats = selectors.member_statistics(unit=unit, year=year)
    return {
        "unit_id": unit.pk,
        "year": year,
        "total": _row(stats.total),
        "children": [_row(r) for r in stats.children],
        "source": stats.source,
        "as_of": stats.as_of,
    }


class OrganizationStatisticsOut(Schema):
    unit_id: int
    year: int
    rule_pack: str
    total: RowOut
    children: list[RowOut]


@router.get(
    "/units/{unit_id}/organizations",
    response=OrganizationStatisticsOut,
    summary="Thống kê xếp loại tổ chức đảng (theo quyết định có hiệu lực), so với năm trước",
)
def unit_organizations(
    request: HttpRequest, unit_id: int, year: int | None = None, rule_pack: str = ""
) -> dict[str, object]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    year = year or review_selectors.year_in_progress(user=request.user)  # type: ignore[arg-type]
    stats = selectors.organization_statistics(unit=unit, year=year, rule_pack=rule_pack)
    return {
        "unit_id": unit.pk,
        "year": year,
        "rule_pack": rule_pack or selectors.rule_pack_for_year(year),
        "total": _row(stats.total),
        "children": [_row(r) for r in stats.children],
    }


class QuotaRowOut(Schema):
    scope_id: int
    name: str
    htxsnv: int
    httnv: int
    allowed: int
    over: bool


class QuotaOut(Schema):
    unit_id: int
    year: int
    rule_pack: str
    scopes: int
    over: int
    rows: list[QuotaRowOut]


@router.get(
    "/units/{unit_id}/quota",
    response=QuotaOut,
    summary="Sử dụng chỉ tiêu HTXSNV theo tổ chức cơ sở đảng (vượt chỉ tiêu trước)",
)
def unit_quota(
    request: HttpRequest, unit_id: int, year: int | None = None, limit: int = 50
) -> dict[str, object]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    year = year or review_selectors.year_in_progress(user=request.user)  # type: ignore[arg-type]
    report = selectors.quota_use(unit=unit, year=year, limit=max(1, min(limit, 1000)))
    return {
        "unit_id": unit.pk,
        "year": year,
        "rule_pack": report.rule_pack,
        "scopes": report.scopes,
        "over": report.over,
        "rows": [
            {
                "scope_id": r.scope_id,
                "name": r.name,
                "htxsnv": r.excellent,
                "httnv": r.good,
                "allowed": r.allowed,
                "over": r.over,
            }
            for r in report.rows
        ],
    }


class LateUnitOut(Schema):
    unit_id: int
    name: str
    deadline: datetime.date | None
    unfinished: int


class LateCampaignOut(Schema):
    campaign_id: int
    campaign: str
    units: list[LateUnitOut]


@router.get(
    "/units/{unit_id}/late",
    response=list[LateCampaignOut],
    summary="Đơn vị quá hạn hội nghị chi bộ mà còn bản kiểm điểm chưa xong",
)
def unit_late(request: HttpRequest, unit_id: int, year: int | None = None) -> list[object]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)  # type: ignore[arg-type]
    year = year or review_selectors.year_in_progress(user=request.user)  # type: ignore[arg-type]
    return [
        {
            "campaign_id": group.campaign_id,
            "campaign": group.campaign_name,
            "units": [
                {
                    "unit_id": row.unit.pk,
                    "name": row.unit.name,
                    "deadline": row.deadline,
                    "unfinished": row.unfinished,
                }
                for row in group.rows
            ],
        }
        for group in selectors.late_units(user=request.user, unit=unit, year=year)  # type: ignore[arg-type]
    ]
