"""The statistics as documents: the XLSX table, the report (DOCX/PDF) and the page charts.

Converts `selectors.Statistics` into the plain dataclasses the renderers take.
"""

from __future__ import annotations

import datetime

from kiemdiem.documents import builders
from kiemdiem.documents.charts import chart_svg
from kiemdiem.documents.model import Chart, ChartSeries, Letterhead
from kiemdiem.documents.xlsx import XlsxSheet, render_xlsx
from kiemdiem.reports.selectors import LEVEL_ORDER, LevelCounts, Statistics, StatisticsRow

XLSX_HEADERS = (
    "TT",
    "Đơn vị",
    "Tổng số",
    *(h for level in LEVEL_ORDER for h in (level, f"% {level}")),
    "Không xếp loại",
    "HTXSNV/HTTNV (%)",
    "Tổng số năm trước",
    *(f"{level} năm trước" for level in LEVEL_ORDER),
)


def _xlsx_row(number: str, row: StatisticsRow) -> tuple[str | int | float, ...]:
    cur, prev = row.current, row.previous
    cells: list[str | int | float] = [number, row.name, cur.total]
    for count, pct in zip(cur.counts, cur.percents, strict=True):
        cells += [count, float(pct)]
    cells += [cur.not_classified, float(cur.htxsnv_of_httnv), prev.total, *prev.counts]
    return tuple(cells)


def statistics_xlsx(stats: Statistics) -> bytes:
    """One sheet: a row per child unit and the total row, the previous year alongside."""
    rows = [_xlsx_row(str(i), r) for i, r in enumerate(stats.children, start=1)]
    rows.append(
        _xlsx_row(
            "", StatisticsRow(stats.unit.pk, "Tổng cộng", stats.total.current, stats.total.previous)
        )
    )
    sheet = XlsxSheet(
        title=f"Xếp loại {stats.year}",
        heading=(
            f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM {stats.year}",
            stats.unit.name,
        ),
        headers=XLSX_HEADERS,
        rows=tuple(rows),
    )
    return render_xlsx([sheet])


def _doc_row(row: StatisticsRow, counts: LevelCounts) -> builders.StatisticsRow:
    return builders.StatisticsRow(row.name, counts.total, counts.counts, counts.not_classified)


def statistics_document(
    stats: Statistics, *, letterhead: Letterhead, number: int | None, date: datetime.date
) -> builders.StatisticsReportData:
    return builders.StatisticsReportData(
        letterhead=letterhead,
        number=number,
        date=date,
        year=stats.year,
        scope_name=stats.unit.name,
        total=_doc_row(stats.total, stats.total.current),
        previous=_doc_row(stats.total, stats.total.previous),
        children=tuple(_doc_row(r, r.current) for r in stats.children),
        recipients=("Cấp ủy cấp trên", "Các tổ chức đảng trực thuộc"),
    )


def level_chart_svg(stats: Statistics) -> str:
    """Bars per level, this year beside the previous one."""
    return chart_svg(
        Chart(
            title=f"{stats.unit.name}: {stats.year - 1} – {stats.year}",
            labels=LEVEL_ORDER,
            series=(
                ChartSeries(
                    str(stats.year - 1), tuple(float(c) for c in stats.total.previous.counts)
                ),
                ChartSeries(str(stats.year), tuple(float(c) for c in stats.total.current.counts)),
            ),
        )
    )


def children_chart_svg(stats: Statistics) -> str:
    """Per child unit: % HTXSNV and % HTTNV of the classified members."""
    return chart_svg(
        Chart(
            title=f"Tỷ lệ HTXSNV, HTTNV theo đơn vị năm {stats.year} (%)",
            labels=tuple(r.name for r in stats.children),
            series=tuple(
                ChartSeries(level, tuple(float(r.current.percents[i]) for r in stats.children))
                for i, level in enumerate(LEVEL_ORDER[:2])
            ),
        ),
        width=max(720, 90 * len(stats.children)),
    )
