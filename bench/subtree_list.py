"""Subtree member list benchmark: the page of members under a unit, as the UI asks for it.

Builds a fictional tree of about 60,000 units and 1,000,000 members with raw bulk inserts
(paths, depths, name columns and ancestor columns computed as the services compute them, stored
subtree totals by `orgs.services.member_totals_refresh`), then times
`orgs.selectors.person_list_paged(user=superuser, unit=U)` through Django's Paginator, for a
mid-level unit (~50,000 members) and for the root, page sizes 50 and 200, pages first / middle /
last. Prints p50 / p95 over the runs, the queries per page, and two raw SQL baselines for the
same page: the statements of today's path (stored total + deferred join on the ancestor index)
by hand, and the path-range join the list used before (`--no-path-baseline` skips it: its deep
pages of the root take minutes).

    .venv/bin/python bench/subtree_list.py                     # full size, temporary SQLite file
    .venv/bin/python bench/subtree_list.py --members 100000 --units 6000 --runs 10
    .venv/bin/python bench/subtree_list.py --db /tmp/sub.sqlite3   # keep the file, reuse it next run
    DATABASE_URL=postgres://... .venv/bin/python bench/subtree_list.py

Target: p95 ≤ 100 ms per page; the query count does not depend on the page size.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi"]
FAMILY += ["Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thanh", "Xuân", "Công", "Đình"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khánh", "Lâm", "Long", "Nam"]
GIVEN += ["Phong", "Quân", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Hà", "Lan", "Mai"]
GIVEN += ["Hương", "Linh", "Ánh", "Yến", "Huy", "Kiên", "Nghĩa", "Phúc", "Thành", "Vinh"]
RANKS = ["Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá", "Đại tá"]
UPPER = 20  # depth 1: upper committees, ~50,000 members each at full size
GRASSROOTS = 30  # depth 2: grassroots committees under each upper committee
BATCH = 20_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--units", type=int, default=60_000)
    parser.add_argument("--runs", type=int, default=30, help="timed runs per case")
    parser.add_argument("--db", help="SQLite file to keep (reused if it already holds data)")
    parser.add_argument("--budget", type=float, default=20, help="seconds per case at most")
    parser.add_argument("--explain", action="store_true", help="print every query")
    parser.add_argument(
        "--no-path-baseline",
        dest="path_baseline",
        action="store_false",
        help="skip the old path-range join baseline",
    )
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> Path | None:
    """Point Django at the bench database and migrate it. Returns a directory to delete."""
    scratch = None
    if "DATABASE_URL" not in os.environ:
        if args.db:
            path = Path(args.db)
        else:
            scratch = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-"))
            path = scratch / "subtree.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return scratch


def columns(model: Any) -> tuple[str, list[str]]:
    fields = [field.column for field in model._meta.concrete_fields]
    return model._meta.db_table, fields


def insert(table: str, fields: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    from django.db import connection

    sql = f"INSERT INTO {table} ({', '.join(fields)}) VALUES ({', '.join(['%s'] * len(fields))})"
    count = 0
    batch: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def generate(members: int, units: int) -> None:
    """Raw inserts of the unit tree and the members; one transaction."""
    from django.db import connection, transaction

    from kiemdiem.core import text
    from kiemdiem.orgs import services
    from kiemdiem.orgs.models import PATH_SEGMENT, Person, Unit, ancestor_values
    from kiemdiem.orgs.naming import name_columns

    rng = random.Random(1_000_000)
    now = datetime.datetime.now(datetime.UTC)
    grassroots_count = UPPER * GRASSROOTS
    cells_per_grassroots = max(1, (units - 1 - UPPER - grassroots_count) // grassroots_count)

    # (id, code, name, kind, parent_id, depth); ids given here so the paths are known up front.
    tree: list[tuple[int, str, str, str, int | None, int]] = [
        (1, "BENCH", "Đảng bộ Bench", "dang_bo", None, 0)
    ]
    paths = {1: str(1).zfill(PATH_SEGMENT)}
    cells: list[int] = []
    next_id = 2
    for u in range(UPPER):
        upper_id = next_id
        next_id += 1
        tree.append((upper_id, f"U{u:02d}", f"Đảng bộ Sư đoàn {u + 1}", "dang_bo", 1, 1))
        for g in range(GRASSROOTS):
            grassroots_id = next_id
            next_id += 1
            tree.append(
                (
                    grassroots_id,
                    f"U{u:02d}G{g:02d}",
                    f"Đảng bộ Trung đoàn {u + 1}.{g + 1}",
                    "dang_bo_co_so",
                    upper_id,
                    2,
                )
            )
            for c in range(cells_per_grassroots):
                cells.append(next_id)
                tree.append(
                    (
                        next_id,
                        f"U{u:02d}G{g:02d}C{c:03d}",
                        f"Chi bộ Đại đội {c + 1} (Trung đoàn {u + 1}.{g + 1})",
                        "chi_bo",
                        grassroots_id,
                        3,
                    )
                )
                next_id += 1
    for unit_id, _code, _name, _kind, parent_id, _depth in tree:
        if parent_id is not None:
            paths[unit_id] = paths[parent_id] + str(unit_id).zfill(PATH_SEGMENT)

    unit_table, unit_fields = columns(Unit)
    person_table, person_fields = columns(Person)

    def unit_rows() -> Iterator[tuple[Any, ...]]:
        for unit_id, code, name, kind, parent_id, depth in tree:
            values = {
                "id": unit_id,
                "code": code,
                "name": name,
                "kind": kind,
                "parent_id": parent_id,
                "path": paths[unit_id],
                "depth": depth,
                "name_folded": text.fold(name),
                "member_total": 0,
                "created_at": now,
                "updated_at": now,
            }
            yield tuple(values[field] for field in unit_fields)

    # Name columns per (family, middle, given), computed once; the birth date ends the sort key.
    names = {}
    for family in FAMILY:
        for middle in MIDDLE:
            for given in GIVEN:
                cols = name_columns(
                    family_name=family, middle_name=middle, given_name=given, date_of_birth=None
                )
                cols["sort_key"] = cols["sort_key"][:-8]
                names[family, middle, given] = cols
    name_list = list(names.values())
    birth_days = [datetime.date(1965, 1, 1) + datetime.timedelta(days=d) for d in range(13_000)]

    ancestors = {cell: ancestor_values(paths[cell]) for cell in cells}

    def person_rows() -> Iterator[tuple[Any, ...]]:
        for index in range(members):
            cols = rng.choice(name_list)
            cell = rng.choice(cells)
            born = rng.choice(birth_days)
            admitted = born + datetime.timedelta(days=rng.randint(18 * 366, 30 * 366))
            official = index % 20 != 0
            values = {
                **cols,
                "id": index + 1,
                "sort_key": cols["sort_key"] + born.strftime("%Y%m%d"),
                "date_of_birth": born,
                "gender": "nu" if index % 9 == 0 else "nam",
                "card_number": f"{10_000_000 + index:08d}" if official else None,
                "admitted_on": admitted,
                "official_on": admitted + datetime.timedelta(days=365) if official else None,
                "status": "official" if official else "probationary",
                "rank": rng.choice(RANKS),
                "position": "",
                "unit_id": cell,
                "created_at": now,
                "updated_at": now,
                **ancestors[cell],
            }
            yield tuple(values[field] for field in person_fields)

    with transaction.atomic():
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size=-200000")
        started = time.perf_counter()
        insert(unit_table, unit_fields, unit_rows())
        inserted = insert(person_table, person_fields, person_rows())
        services.member_totals_refresh()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{unit_table}', 'id'), %s)", [len(tree)]
            )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{person_table}', 'id'), %s)", [members]
            )
    vacuum()
    print(
        f"generated {len(tree):,} units ({len(cells):,} cells) and {inserted:,} members "
        f"in {time.perf_counter() - started:.1f} s"
    )


def timed(function: Callable[[], Any], runs: int, budget: float) -> tuple[float, float, int, Any]:
    """p50, p95 (ms) and the number of runs: `runs` calls, fewer once `budget` seconds are spent."""
    samples: list[float] = []
    result = None
    spent = 0.0
    while len(samples) < runs and (not samples or spent < budget):
        started = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - started) * 1000)
        spent += samples[-1] / 1000
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, len(samples), result


def explain(sql: str, params: Any) -> str:
    from django.db import connection

    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    return "\n".join("      " + " | ".join(str(value) for value in row) for row in rows)


def main() -> None:
    args = parse_args()
    scratch = setup_django(args)
    try:
        run(args)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kiemdiem.accounts.models import User
    from kiemdiem.orgs import selectors
    from kiemdiem.orgs.models import Person, Unit

    if not Unit.objects.filter(code="BENCH").exists():
        generate(args.members, args.units)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    user = User.objects.filter(username="bench").first() or User.objects.create_superuser(
        "bench", password="bench-only"
    )
    root = Unit.objects.get(code="BENCH")
    middle = Unit.objects.get(code="U00")
    print(
        f"{Unit.objects.count():,} units, {Person.objects.count():,} members; "
        f"{middle.code} (depth {middle.depth}) holds {selectors.unit_member_count(unit=middle):,}"
    )

    print(
        "\ntimes in ms; 'now' = person_list_paged + Paginator (the UI), 'raw' = the same SQL by"
        "\nhand, 'path raw' = the path-range join the list used before (by hand);"
        "\npage 'N>' = page N reached through the previous page's 'next' link (index seek)"
    )
    header = f"{'unit':<6} {'size':>4} {'page':>6} {'runs':>4} {'now p50':>8} {'now p95':>8}"
    header += f" {'queries':>7} {'raw p50':>8} {'raw p95':>8}"
    if args.path_baseline:
        header += f" {'path p50':>9} {'path p95':>9}"
    print(header)
    slow: list[tuple[Unit, int, int]] = []
    for unit in (middle, root):
        for size in (50, 200):
            total = unit.member_total
            last = max(1, -(-total // size))
            for number in (1, max(1, last // 2), last):

                def page(size: int = size, number: int = number, unit: Unit = unit) -> list[Any]:
                    paginator = Paginator(selectors.person_list_paged(user=user, unit=unit), size)
                    return list(paginator.page(number).object_list)

                with CaptureQueriesContext(connection) as queries:
                    rows = page()
                expected = [person.pk for person in rows]
                p50, p95, runs, _ = timed(page, args.runs, args.budget)
                raw50, raw95, _, raw_rows = timed(
                    lambda unit=unit, size=size, number=number: raw_page(unit, size, number),
                    args.runs,
                    args.budget,
                )
                assert expected == [row[0] for row in raw_rows], "raw differs"
                line = (
                    f"{unit.code:<6} {size:>4} {number:>6} {runs:>4} {p50:>8.1f} {p95:>8.1f}"
                    f" {len(queries):>7} {raw50:>8.1f} {raw95:>8.1f}"
                )
                if args.path_baseline:
                    old50, old95, _, old_rows = timed(
                        lambda unit=unit, size=size, number=number: path_page(unit, size, number),
                        args.runs,
                        args.budget,
                    )
                    assert expected == [row[0] for row in old_rows], "path query differs"
                    line += f" {old50:>9.1f} {old95:>9.1f}"
                if p95 > 100:
                    slow.append((unit, size, number))
                print(line, flush=True)
                if args.explain:
                    for query in queries.captured_queries:
                        print("    " + query["sql"][:160])
                if number == max(1, last // 2) and number < last:
                    seek_case(user, unit, size, number, rows, args, slow)

    if not slow:
        print("\nevery case within the 100 ms target")
    else:
        print(f"\n{len(slow)} of 16 cases over the 100 ms target.")
    unit, size, number = slow[-1] if slow else (root, 50, max(1, root.member_total // 100))
    total = unit.member_total
    sql, params = page_sql(unit, size, number, total)
    print(f"  plan of the page query ({unit.code}, {size} per page, page {number}): {sql[:150]}...")
    print(explain(sql, params))


def seek_case(
    user: Any, unit: Any, size: int, number: int, rows: list[Any], args: Any, slow: list[Any]
) -> None:
    """The page after `number` reached through its "next" link (a bookmark of the last row),
    as the unit page's pager does: an index seek instead of an OFFSET."""
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kiemdiem.orgs import selectors

    seek = selectors.Seek(number * size - 1, rows[-1].sort_key, rows[-1].pk, True)

    def page() -> list[Any]:
        listed = selectors.person_list_paged(user=user, unit=unit, seek=seek)
        return list(Paginator(listed, size).page(number + 1).object_list)

    with CaptureQueriesContext(connection) as queries:
        got = [person.pk for person in page()]
    expected = [row[0] for row in raw_page(unit, size, number + 1)]
    assert got == expected, "seek differs"
    p50, p95, runs, _ = timed(page, args.runs, args.budget)
    label = f"{number + 1}>"
    print(
        f"{unit.code:<6} {size:>4} {label:>6} {runs:>4} {p50:>8.1f} {p95:>8.1f}"
        f" {len(queries):>7} {'-':>8} {'-':>8}",
        flush=True,
    )
    if p95 > 100:
        slow.append((unit, size, number + 1))


def page_sql(unit: Any, size: int, number: int, total: int) -> tuple[str, list[Any]]:
    """Today's page by hand: ids from the ancestor index, then their rows. Pages in the back
    half are read from the end, as `SubtreeMembers` does."""
    offset = (number - 1) * size
    stop = min(offset + size, total)
    order = ""
    if offset * 2 > total:
        order = "DESC"
        offset, stop = total - stop, total - offset
    return (
        "SELECT p.*, u.* FROM orgs_person p JOIN orgs_unit u ON u.id = p.unit_id"
        " WHERE p.id IN (SELECT id FROM orgs_person WHERE "
        f"{unit.ancestor_field} = %s ORDER BY sort_key {order}, id {order} LIMIT %s OFFSET %s)"
        " ORDER BY p.sort_key, p.id",
        [unit.pk, stop - offset, offset],
    )


def raw_page(unit: Any, size: int, number: int) -> list[tuple[Any, ...]]:
    """The same page in hand-written SQL: the stored subtree total, then the page."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT member_total FROM orgs_unit WHERE id = %s", [unit.pk])
        (total,) = cursor.fetchone()
        sql, params = page_sql(unit, size, number, total)
        cursor.execute(sql, params)
        return cursor.fetchall()


def path_page(unit: Any, size: int, number: int) -> list[tuple[Any, ...]]:
    """The page as the list read it before the ancestor index: a count, then the page, both
    joined to the unit path range (hand-written; the baseline the README first measured)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM orgs_person p JOIN orgs_unit u ON u.id = p.unit_id"
            " WHERE u.path >= %s AND u.path < %s",
            [unit.path, unit.path_upper_bound],
        )
        cursor.fetchone()
        cursor.execute(
            "SELECT p.*, u.* FROM orgs_person p JOIN orgs_unit u ON u.id = p.unit_id"
            " WHERE u.path >= %s AND u.path < %s ORDER BY p.sort_key, p.id LIMIT %s OFFSET %s",
            [unit.path, unit.path_upper_bound, size, (number - 1) * size],
        )
        return cursor.fetchall()


def vacuum() -> None:
    """PostgreSQL: statistics and a visibility map, as a database in service has them."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE orgs_person")
            cursor.execute("VACUUM ANALYZE orgs_unit")


if __name__ == "__main__":
    main()
