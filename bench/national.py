"""National-scale statistics benchmark on PostgreSQL.

Builds a national-sized tree (default ≈5.7 M members in ≈300,000 units, results for two years)
with COPY into its own database `bench_national` (on the server of DATABASE_URL; never `test`),
then times, in the same run:

- the whole-tree statistics selector (`reports.selectors.member_statistics` on the root),
- its XLSX export,
- a hand-written SQL GROUP BY computing the same numbers (the baseline).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/national.py [--scale 0.1]
    ... --skip-generate   # time again on the data already there

Targets (issue 7): selector ≤ 1 s and ≤ 2× raw. `--scale` shrinks every count; the figures
printed say which scale was reached.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "bench_national"
FULL = {"members": 5_700_000, "grassroots": 55_000, "cells": 244_000}
PROVINCES, DISTRICTS_PER_PROVINCE = 70, 10
YEAR = 2024
LEVELS = ["HTXSNV"] * 15 + ["HTTNV"] * 70 + ["HTNV"] * 11 + ["KHTNV"] * 1 + [""] * 3
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Sơn", "Tâm", "Yến"]


def bench_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.path.strip("/") in {"test", "test_test"}:
        pass  # only the server is taken from it; the bench uses its own database
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def create_database(url: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def seg(pk: int) -> str:
    return str(pk).zfill(10)


def generate(scale: float, years: int) -> dict[str, int]:
    from django.db import connection

    grassroots_n = max(1, round(FULL["grassroots"] * scale))
    cells_n = max(1, round(FULL["cells"] * scale))
    members_n = max(1, round(FULL["members"] * scale))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE orgs_classificationrecord, orgs_person, orgs_unit RESTART IDENTITY CASCADE"
        )
        raw = cursor.cursor
        started = time.perf_counter()
        # Units: root → provinces → districts → grassroots → cells, ids assigned here.
        units: list[tuple[int, int | None, str, str, str]] = []  # id, parent, path, kind, name
        units.append((1, None, seg(1), "dang_bo", "Đảng bộ Toàn quốc"))
        next_id = 2
        provinces = []
        for p in range(PROVINCES):
            units.append((next_id, 1, seg(1) + seg(next_id), "dang_bo", f"Đảng bộ tỉnh {p}"))
            provinces.append(units[-1])
            next_id += 1
        districts = []
        for prov in provinces:
            for d in range(DISTRICTS_PER_PROVINCE):
                units.append(
                    (next_id, prov[0], prov[2] + seg(next_id), "dang_bo", f"Huyện ủy {prov[0]}-{d}")
                )
                districts.append(units[-1])
                next_id += 1
        grassroots = []
        for g in range(grassroots_n):
            parent = districts[g % len(districts)]
            units.append(
                (
                    next_id,
                    parent[0],
                    parent[2] + seg(next_id),
                    "dang_bo_co_so",
                    f"Đảng bộ cơ sở {g}",
                )
            )
            grassroots.append(units[-1])
            next_id += 1
        cells = []
        for c in range(cells_n):
            parent = grassroots[c % len(grassroots)]
            units.append((next_id, parent[0], parent[2] + seg(next_id), "chi_bo", f"Chi bộ {c}"))
            cells.append(units[-1])
            next_id += 1
        with raw.copy(
            "COPY orgs_unit (id, code, name, kind, parent_id, path, depth, name_folded, created_at, updated_at) FROM STDIN"
        ) as copy:
            for pk, parent, path, kind, name in units:
                copy.write(
                    f"{pk}\tU{pk}\t{name}\t{kind}\t{parent if parent else chr(92) + 'N'}\t{path}\t{len(path) // 10 - 1}\t{name.lower()}\t{now}\t{now}\n"
                )
        cursor.execute("SELECT setval('orgs_unit_id_seq', %s)", [next_id])
        t_units = time.perf_counter() - started
        # People, spread over the cells.
        started = time.perf_counter()
        with raw.copy(
            "COPY orgs_person (id, family_name, middle_name, given_name, full_name, sort_key, name_folded, date_of_birth, gender, card_number, admitted_on, official_on, status, rank, position, unit_id, created_at, updated_at) FROM STDIN"
        ) as copy:
            buffer = []
            for i in range(1, members_n + 1):
                family, given = FAMILY[i % 10], GIVEN[i % 12]
                cell = cells[i % cells_n][0]
                year = 1950 + i % 50
                status = "left" if i % 97 == 0 else "official"
                buffer.append(
                    f"{i}\t{family}\tVăn\t{given}\t{family} Văn {given}\t{given}|{family}|{i:08d}\t{given.lower()} van {family.lower()}\t{year}-01-15\tnam\t{i:08d}\t{year + 22}-03-01\t{year + 23}-03-01\t{status}\t\t\t{cell}\t{now}\t{now}\n"
                )
                if len(buffer) >= 50_000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
        cursor.execute("SELECT setval('orgs_person_id_seq', %s)", [members_n + 1])
        t_people = time.perf_counter() - started
        started = time.perf_counter()
        with raw.copy(
            "COPY orgs_classificationrecord (person_id, year, level, award) FROM STDIN"
        ) as copy:
            buffer = []
            for i in range(1, members_n + 1):
                for y in range(years):
                    level = LEVELS[(i * 2654435761 + y * 40503) % 100]
                    buffer.append(f"{i}\t{YEAR - y}\t{level}\t\n")
                if len(buffer) >= 100_000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
        t_records = time.perf_counter() - started
        started = time.perf_counter()
    connection.connection.autocommit = True  # VACUUM cannot run in a transaction
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE orgs_unit")
        cursor.execute("VACUUM ANALYZE orgs_person")
        cursor.execute("VACUUM ANALYZE orgs_classificationrecord")
    t_vacuum = time.perf_counter() - started
    print(
        f"generated {len(units):,} units in {t_units:.1f} s, {members_n:,} members in "
        f"{t_people:.1f} s, {members_n * years:,} results in {t_records:.1f} s, "
        f"vacuum analyze {t_vacuum:.1f} s"
    )
    return {"units": len(units), "members": members_n}


RAW_SQL = """
SELECT substr(u.path, 1, %(width)s) AS prefix,
       count(*) FILTER (WHERE p.status = ANY(%(active)s) OR c.id IS NOT NULL) AS total,
       count(*) FILTER (WHERE p.status = ANY(%(active)s) OR pr.id IS NOT NULL) AS prev_total,
       count(*) FILTER (WHERE c.level = 'HTXSNV') AS cur_x,
       count(*) FILTER (WHERE c.level = 'HTTNV') AS cur_t,
       count(*) FILTER (WHERE c.level = 'HTNV') AS cur_n,
       count(*) FILTER (WHERE c.level = 'KHTNV') AS cur_k,
       count(*) FILTER (WHERE pr.level = 'HTXSNV') AS prev_x,
       count(*) FILTER (WHERE pr.level = 'HTTNV') AS prev_t,
       count(*) FILTER (WHERE pr.level = 'HTNV') AS prev_n,
       count(*) FILTER (WHERE pr.level = 'KHTNV') AS prev_k
FROM orgs_person p
JOIN orgs_unit u ON u.id = p.unit_id
LEFT JOIN orgs_classificationrecord c ON c.person_id = p.id AND c.year = %(year)s
LEFT JOIN orgs_classificationrecord pr ON pr.person_id = p.id AND pr.year = %(prev)s
WHERE u.path >= %(low)s AND u.path < %(high)s
  AND (p.status = ANY(%(active)s) OR c.id IS NOT NULL OR pr.id IS NOT NULL)
GROUP BY 1
"""


def best_of(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def measure(repeat: int) -> None:
    from django.db import connection

    from kiemdiem.orgs.models import ACTIVE_STATUSES, PATH_SEGMENT, Unit
    from kiemdiem.reports import exports, selectors

    root = Unit.objects.get(parent__isnull=True)
    t_selector, stats = best_of(lambda: selectors.member_statistics(unit=root, year=YEAR), repeat)
    t_xlsx, data = best_of(lambda: exports.statistics_xlsx(stats), repeat)  # type: ignore[arg-type]

    def raw() -> list[tuple]:  # type: ignore[type-arg]
        with connection.cursor() as cursor:
            cursor.execute(
                RAW_SQL,
                {
                    "width": len(root.path) + PATH_SEGMENT,
                    "active": [str(s) for s in ACTIVE_STATUSES],
                    "year": YEAR,
                    "prev": YEAR - 1,
                    "low": root.path,
                    "high": root.path_upper_bound,
                },
            )
            return cursor.fetchall()

    t_raw, rows = best_of(raw, repeat)
    raw_counts = tuple(sum(r[i] for r in rows) for i in (3, 4, 5, 6))  # type: ignore[union-attr]
    assert raw_counts == stats.total.current.counts, (raw_counts, stats.total.current.counts)  # type: ignore[union-attr]
    total = stats.total.current  # type: ignore[union-attr]
    print(
        f"members counted {total.total:,}; per level {total.counts}; not classified {total.not_classified:,}"
    )
    print(f"selector (whole tree, 2 queries): {t_selector:.3f} s")
    print(f"XLSX export of the same table:    {t_xlsx:.3f} s ({len(data):,} bytes)")  # type: ignore[arg-type]
    print(f"raw SQL GROUP BY baseline:        {t_raw:.3f} s")
    print(
        f"selector / raw = {t_selector / t_raw:.2f}×; selector + XLSX = {t_selector + t_xlsx:.3f} s"
    )
    print(f"(best of {repeat}; median selector {statistics.median([t_selector]):.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at a PostgreSQL server")
    url = bench_url(url)
    create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(f"database {BENCH_DB}, scale {args.scale}")
    if not args.skip_generate:
        generate(args.scale, args.years)
    measure(args.repeat)


if __name__ == "__main__":
    main()
