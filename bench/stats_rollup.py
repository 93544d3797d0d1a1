"""Statistics from the pre-aggregated per-unit counts, on the national tree of bench/national.py.

Times, in one run on the database `bench_national` (build it first with bench/national.py):

- `reports.services.rollup_refresh` for the two years (the set-based rebuild),
- the whole-tree roll-up selector (`member_statistics_rollup` on the root) and its XLSX export,
- a hand-written SQL GROUP BY over the same summary table (the baseline),

and checks that the roll-up gives exactly the live selector's numbers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/stats_rollup.py

Targets (issue 7): ≤ 1 s and ≤ 2× raw.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from national import BENCH_DB, YEAR, bench_url, best_of  # noqa: E402

RAW_SQL = """
SELECT substr(r.path, 1, %(width)s) AS prefix, r.year,
       sum(r.total), sum(r.htxsnv), sum(r.httnv), sum(r.htnv), sum(r.khtnv)
FROM reports_unitresultcount r
WHERE r.year IN (%(year)s, %(prev)s) AND r.path >= %(low)s AND r.path < %(high)s
GROUP BY 1, 2
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--skip-refresh", action="store_true")
    parser.add_argument("--no-live-check", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    os.environ["DATABASE_URL"] = bench_url(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kiemdiem.orgs.models import PATH_SEGMENT, Person, Unit
    from kiemdiem.reports import exports, selectors, services

    call_command("migrate", verbosity=0)
    members = Person.objects.count()
    print(f"database {BENCH_DB}: {Unit.objects.count():,} units, {members:,} members")
    if not args.skip_refresh:
        for year in (YEAR - 1, YEAR):
            started = time.perf_counter()
            rows = services.rollup_refresh(year=year)
            print(
                f"rollup_refresh({year}): {rows:,} unit rows in {time.perf_counter() - started:.1f} s"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_unitresultcount")
    root = Unit.objects.get(parent__isnull=True)
    t_sel, stats = best_of(
        lambda: selectors.member_statistics_rollup(unit=root, year=YEAR), args.repeat
    )
    t_xlsx, data = best_of(lambda: exports.statistics_xlsx(stats), args.repeat)  # type: ignore[arg-type]

    def raw() -> list[tuple]:  # type: ignore[type-arg]
        with connection.cursor() as cursor:
            cursor.execute(
                RAW_SQL,
                {
                    "width": len(root.path) + PATH_SEGMENT,
                    "low": root.path,
                    "high": root.path_upper_bound,
                    "year": YEAR,
                    "prev": YEAR - 1,
                },
            )
            return cursor.fetchall()

    t_raw, rows = best_of(raw, args.repeat)
    raw_cur = tuple(sum(r[i] for r in rows if r[1] == YEAR) for i in (3, 4, 5, 6))  # type: ignore[union-attr]
    assert raw_cur == stats.total.current.counts  # type: ignore[union-attr]
    if not args.no_live_check:
        started = time.perf_counter()
        live = selectors.member_statistics_live(unit=root, year=YEAR)
        t_live = time.perf_counter() - started
        assert live == stats, "roll-up differs from the live selector"
        print(f"live selector (per member rows, for comparison): {t_live:.3f} s; same figures")
    total = stats.total.current  # type: ignore[union-attr]
    print(f"members counted {total.total:,}; per level {total.counts}")
    print(f"roll-up selector (whole tree, 2 queries): {t_sel:.3f} s")
    print(f"XLSX export of the same table:            {t_xlsx:.3f} s ({len(data):,} bytes)")  # type: ignore[arg-type]
    print(f"raw SQL GROUP BY on the summary table:    {t_raw:.3f} s")
    print(f"selector / raw = {t_sel / t_raw:.2f}×; selector + XLSX = {t_sel + t_xlsx:.3f} s")
    print(f"(best of {args.repeat})")


if __name__ == "__main__":
    main()
