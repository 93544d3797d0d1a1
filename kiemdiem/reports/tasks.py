"""Background tasks of the reports app."""

from __future__ import annotations

from django_tasks import task

from kiemdiem.reports import services


@task()
def rollup_refresh_task(year: int) -> int:
    """Rebuild the pre-aggregated counts of a year (run after imports and decisions)."""
    return services.rollup_refresh(year=year)
