"""National-scale statistics benchmark on PostgreSQL.

Builds a national-sized tree (default ≈5.7 M members in ≈300,000 units, results for two years)
with COPY into its own database `bench_national` (on the server of DATABASE_URL; never `test`),
then times, in the same run:

- the live selector (`member_statistics_live`, one GROUP BY over the members) and a
  hand-written SQL GROUP BY of the same numbers over the same rows;
- `reports.services.rollup_refresh` of both years (the per-unit cache);
- the whole-tree statistics page (GET through the Django test client, as a committee office
  holding the root) and its XLSX export, the selector the page calls
  (`member_statistics`, which at this size reads the cache: KIEMDIEM_REPORTS_ROLLUP "auto"),
  and a hand-written SQL GROUP BY of the same numbers on the table that path reads.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/national.py [--scale 0.1]
    ... --skip-generate   # time again on the data already there
    ... --skip-generate --skip-refresh --skip-live   # only the page path

Targets (issue 7): selector ≤ 1 s and ≤ 2× raw. `--scale` shrinks every count; the figures
printed say which scale was reached.
"""

from __future__ import annotations

import argparse
import datetime
import os
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

    from kiemdiem.orgs.models import Person, Unit

    grassroots_n = max(1, round(FULL["grassroots"] * scale))
    cells_n = max(1, round(FULL["cells"] * scale))
    members_n = max(1, round(FULL["members"] * scale))
    now = datetime.datetime.now(datetime.UTC).isoformat()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE orgs_classificationrecord, orgs_person, orgs_unit, reports_rollupstate "
            "RESTART IDENTITY CASCADE"
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
        # People, spread over the cells; the derived columns of orgs (Person.ancestor<d>, the
        # cell's lineage, and Unit.member_total) are filled here too when the schema has them.
        started = time.perf_counter()
        ancestor_fields = [f.name for f in Person._meta.fields if f.name.startswith("ancestor")]
        lineage_of = {
            pk: "\t".join(
                [str(int(path[d : d + 10])) for d in range(0, len(path), 10)]
                + ["\\N"] * (len(ancestor_fields) - len(path) // 10)
            )
            for pk, _parent, path, _kind, _name in cells
        }
        extra_columns = "".join(f", {name}" for name in ancestor_fields)
        per_cell = [0] * cells_n
        with raw.copy(
            "COPY orgs_person (id, family_name, middle_name, given_name, full_name, sort_key, name_folded, date_of_birth, gender, card_number, admitted_on, official_on, status, rank, position, unit_id, created_at, updated_at"
            + extra_columns
            + ") FROM STDIN"
        ) as copy:
            buffer = []
            for i in range(1, members_n + 1):
                family, given = FAMILY[i % 10], GIVEN[i % 12]
                cell = cells[i % cells_n][0]
                per_cell[i % cells_n] += 1
                year = 1950 + i % 50
                status = "left" if i % 97 == 0 else "official"
                tail = f"\t{lineage_of[cell]}" if ancestor_fields else ""
                buffer.append(
                    f"{i}\t{family}\tVăn\t{given}\t{family} Văn {given}\t{given}|{family}|{i:08d}\t{given.lower()} van {family.lower()}\t{year}-01-15\tnam\t{i:08d}\t{year + 22}-03-01\t{year + 23}-03-01\t{status}\t\t\t{cell}\t{now}\t{now}{tail}\n"
                )
                if len(buffer) >= 50_000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
        cursor.execute("SELECT setval('orgs_person_id_seq', %s)", [members_n + 1])
        if any(f.name == "member_total" for f in Unit._meta.fields):
            totals: dict[int, int] = {}
            for (_pk, _parent, path, _kind, _name), count in zip(cells, per_cell, strict=True):
                for d in range(0, len(path), 10):
                    ancestor = int(path[d : d + 10])
                    totals[ancestor] = totals.get(ancestor, 0) + count
            cursor.execute("CREATE TEMP TABLE bench_totals (id bigint, n integer)")
            with raw.copy("COPY bench_totals (id, n) FROM STDIN") as copy:
                copy.write("".join(f"{pk}\t{n}\n" for pk, n in totals.items()))
            cursor.execute(
                "UPDATE orgs_unit u SET member_total = t.n FROM bench_totals t WHERE u.id = t.id"
            )
            cursor.execute("DROP TABLE bench_totals")
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


ROLLUP_RAW_SQL = """
SELECT substr(r.path, 1, %(width)s) AS prefix, r.year,
       sum(r.total), sum(r.htxsnv), sum(r.httnv), sum(r.htnv), sum(r.khtnv)
FROM reports_unitresultcount r
WHERE r.year IN (%(year)s, %(prev)s) AND r.path >= %(low)s AND r.path < %(high)s
GROUP BY 1, 2
"""


def best_of(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def _raw(sql: str, params: dict[str, object]) -> list[tuple]:  # type: ignore[type-arg]
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _office_client(root):  # type: ignore[no-untyped-def]
    """A test client logged in as a committee office holding the whole tree."""
    from django.conf import settings
    from django.test import Client

    from kiemdiem.accounts.models import Role, RoleGrant, User

    settings.ALLOWED_HOSTS = ["*"]
    user, _ = User.objects.get_or_create(username="bench-national-office")
    RoleGrant.objects.get_or_create(user=user, role=Role.COMMITTEE_OFFICE, unit=root)
    client = Client()
    client.force_login(user)
    return client


def measure(repeat: int, *, refresh: bool, live: bool) -> None:
    """Times, in this order: the live selector and its raw SQL twin (per member rows), the
    roll-up refresh, then what the page does at this scale: the page, its XLSX, the selector
    it calls (`member_statistics`, which chooses the path) and the raw SQL on that path's
    table."""
    from django.db import connection
    from django.urls import reverse

    from kiemdiem.orgs.models import ACTIVE_STATUSES, PATH_SEGMENT, Unit
    from kiemdiem.reports import exports, selectors, services

    root = Unit.objects.get(parent__isnull=True)
    params = {
        "width": len(root.path) + PATH_SEGMENT,
        "active": [str(s) for s in ACTIVE_STATUSES],
        "year": YEAR,
        "prev": YEAR - 1,
        "low": root.path,
        "high": root.path_upper_bound,
    }
    live_stats = None
    if live:
        t_live, live_stats = best_of(
            lambda: selectors.member_statistics_live(unit=root, year=YEAR), repeat
        )
        t_raw_live, rows = best_of(lambda: _raw(RAW_SQL, params), repeat)
        raw_counts = tuple(sum(r[i] for r in rows) for i in (3, 4, 5, 6))  # type: ignore[union-attr]
        assert raw_counts == live_stats.total.current.counts  # type: ignore[union-attr]
        total = live_stats.total.current  # type: ignore[union-attr]
        print(
            f"members counted {total.total:,}; per level {total.counts}; "
            f"not classified {total.not_classified:,}"
        )
        print(f"live selector (GROUP BY over the members):   {t_live:.3f} s")
        print(f"raw SQL GROUP BY over the members:           {t_raw_live:.3f} s")
        print(f"live / raw = {t_live / t_raw_live:.2f}×")
    if refresh:
        for year in (YEAR - 1, YEAR):
            started = time.perf_counter()
            written = services.rollup_refresh(year=year)
            print(
                f"rollup_refresh({year}): {written:,} unit rows in "
                f"{time.perf_counter() - started:.1f} s"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE reports_unitresultcount")

    client = _office_client(root)
    url = reverse("reports:unit_statistics", args=[root.pk])
    xlsx_url = reverse("reports:unit_statistics_xlsx", args=[root.pk])

    def page() -> bytes:
        response = client.get(url, {"year": YEAR})
        assert response.status_code == 200, response.status_code
        return response.content

    def xlsx() -> bytes:
        response = client.get(xlsx_url, {"year": YEAR})
        assert response.status_code == 200, response.status_code
        return response.content

    page()  # warm the template and translation caches
    t_page, body = best_of(page, repeat)
    t_xlsx, data = best_of(xlsx, repeat)
    t_sel, stats = best_of(lambda: selectors.member_statistics(unit=root, year=YEAR), repeat)
    t_xlsx_render, _ = best_of(lambda: exports.statistics_xlsx(stats), repeat)  # type: ignore[arg-type]
    source = stats.source  # type: ignore[union-attr]
    if source == selectors.ROLLUP:
        t_raw, rows = best_of(lambda: _raw(ROLLUP_RAW_SQL, params), repeat)
        raw_cur = tuple(sum(r[i] for r in rows if r[1] == YEAR) for i in (3, 4, 5, 6))  # type: ignore[union-attr]
    else:
        t_raw, rows = best_of(lambda: _raw(RAW_SQL, params), repeat)
        raw_cur = tuple(sum(r[i] for r in rows) for i in (3, 4, 5, 6))  # type: ignore[union-attr]
    assert raw_cur == stats.total.current.counts, (raw_cur, stats.total.current.counts)  # type: ignore[union-attr]
    if live_stats is not None:
        assert live_stats == stats, "the page's figures differ from the live count"
        print("page figures = live figures: checked")
    print(f"the page reads: {source} (as of {stats.as_of})")  # type: ignore[union-attr]
    print(
        f"statistics page, whole tree (GET, HTML + 2 SVG charts): {t_page:.3f} s ({len(body):,} bytes)"
    )  # type: ignore[arg-type]
    print(
        f"XLSX export, whole tree (GET):                        {t_xlsx:.3f} s ({len(data):,} bytes)"
    )  # type: ignore[arg-type]
    print(f"selector member_statistics:                           {t_sel:.3f} s")
    print(f"  of which XLSX rendering:                            {t_xlsx_render:.3f} s")
    print(f"raw SQL GROUP BY of the same numbers ({source} table): {t_raw:.3f} s")
    print(
        f"page / raw = {t_page / t_raw:.2f}×; XLSX / raw = {t_xlsx / t_raw:.2f}×; "
        f"selector / raw = {t_sel / t_raw:.2f}×  (targets: ≤ 1 s, ≤ 2×)"
    )
    for name in ("unit_organizations", "unit_quota", "unit_late"):
        part_url = reverse(f"reports:{name}", args=[root.pk])

        def part(part_url: str = part_url) -> bytes:
            response = client.get(part_url, {"year": YEAR})
            assert response.status_code == 200, response.status_code
            return response.content

        t_part, _ = best_of(part, repeat)
        print(f"  page section {name} (loaded by htmx after the page): {t_part:.3f} s")
    print(f"(best of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--skip-refresh", action="store_true", help="keep the roll-up cache")
    parser.add_argument("--skip-live", action="store_true", help="do not time the live count")
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
    measure(args.repeat, refresh=not args.skip_refresh, live=not args.skip_live)


if __name__ == "__main__":
    main()
