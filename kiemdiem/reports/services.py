"""Refreshing the pre-aggregated counts (`UnitResultCount`) of a year, set-based."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from kiemdiem.core.audit import audit_record
from kiemdiem.reports import selectors
from kiemdiem.reports.models import RollupState, UnitResultCount

COLUMNS = ("unit_id", "path", "total", "htxsnv", "httnv", "htnv", "khtnv")


def rollup_refresh(*, year: int, actor: object | None = None) -> int:
    """Rebuild the year's per-unit counts in one DELETE and one INSERT … SELECT … GROUP BY;
    returns the number of unit rows. Readers see the old or the new year, never half.
    Records the time in `RollupState`, which is what lets the selector use the year's cache."""
    counts = selectors.member_counts_per_unit(year=year)
    sql, params = counts.query.sql_with_params()
    table = UnitResultCount._meta.db_table
    with transaction.atomic():
        UnitResultCount.objects.filter(year=year).delete()
        with connection.cursor() as cursor:
            # The SELECT comes from the ORM (its columns are COLUMNS, in order); only the
            # INSERT around it is written here, so the database does the whole GROUP BY.
            cursor.execute(
                f"INSERT INTO {table} (year, {', '.join(COLUMNS)}) "  # noqa: S608
                f"SELECT %s, sub.* FROM ({sql}) sub",
                (year, *params),
            )
            written = int(cursor.rowcount)
        RollupState.objects.update_or_create(
            year=year, defaults={"refreshed_at": timezone.now(), "rows": written}
        )
        audit_record(
            actor=actor,
            verb="reports_rollup_refresh",
            object_type="reports.unitresultcount",
            object_id=str(year),
            changes={"rows": written},
        )
    return written
