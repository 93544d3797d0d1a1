"""Roster import benchmark: N generated fictional members (default 100,000) on a fresh SQLite
database. Prints rows per second, peak memory, and the ratio to two raw sqlite3 baselines, each
reading the same file with calamine and inserting the same rows with executemany in one
transaction:

- one table: the rows as read, into one ad-hoc table with one index (the card number);
- same schema: into the tables the import fills (orgs_unit, orgs_person with all its indexes,
  orgs_cellmembership) of a fresh copy of the migrated database, computing only what the
  columns need (ids, paths, name parts, sort and search keys, ISO dates, member totals) and
  checking nothing. This one is the issue's "raw executemany of the same rows".

    .venv/bin/python bench/roster_import.py [--members 100000]

Targets (issue 3): ≤ 30 s, ≤ 3× raw, ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Quang", "Hữu", "Ngọc", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Sơn",
    "Tâm",
    "Ánh",
    "Yến",
]


def generate(members: int) -> bytes:
    from openpyxl import Workbook

    rng = random.Random(7)
    cells = max(1, members // 1700)
    workbook = Workbook(write_only=True)
    units = workbook.create_sheet("Đơn vị")
    units.append(["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"])
    units.append(["ROOT", "Đảng bộ Bench", "Đảng bộ", ""])
    for index in range(cells):
        units.append([f"C{index:05d}", f"Chi bộ {index}", "Chi bộ", "ROOT"])
    people = workbook.create_sheet("Đảng viên")
    people.append(
        [
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số thẻ đảng viên",
            "Ngày vào Đảng",
            "Ngày chính thức",
            "Mã đơn vị",
            "Chức vụ",
            "Cấp bậc",
        ]
    )
    for index in range(members):
        born = datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        admitted = born.replace(year=born.year + 22)
        people.append(
            [
                f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                born.strftime("%d/%m/%Y"),
                rng.choice(["Nam", "Nữ"]),
                f"{30_000_000 + index:08d}",
                admitted.strftime("%d/%m/%Y"),
                admitted.replace(year=admitted.year + 1).strftime("%d/%m/%Y"),
                f"C{index % cells:05d}",
                "",
                "Đại úy",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def raw_baseline(data: bytes, path: Path) -> tuple[float, float]:
    """Read with calamine and insert the rows as read into one table with sqlite3 executemany."""
    from python_calamine import CalamineWorkbook

    started = time.perf_counter()
    cpu_started = time.process_time()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    unit_rows = workbook.get_sheet_by_name("Đơn vị").to_python()[1:]
    person_rows = workbook.get_sheet_by_name("Đảng viên").to_python()[1:]
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(
        "CREATE TABLE unit (id INTEGER PRIMARY KEY, code TEXT UNIQUE, name TEXT, kind TEXT, parent TEXT)"
    )
    connection.execute(
        "CREATE TABLE person (id INTEGER PRIMARY KEY, full_name TEXT, born TEXT, gender TEXT, card TEXT UNIQUE,"
        " admitted TEXT, official TEXT, unit TEXT, position TEXT, rank TEXT)"
    )
    with connection:
        connection.executemany(
            "INSERT INTO unit (code, name, kind, parent) VALUES (?, ?, ?, ?)", unit_rows
        )
        connection.executemany(
            "INSERT INTO person (full_name, born, gender, card, admitted, official, unit, position, rank)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            person_rows,
        )
    connection.close()
    return time.perf_counter() - started, time.process_time() - cpu_started


def raw_schema_baseline(data: bytes, path: Path) -> tuple[float, float, str]:
    """Read with calamine and insert the same rows with sqlite3 executemany into the import's own
    tables (a fresh copy of the migrated schema at `path`), computing only the column values.

    The connection is set up as the application's (WAL, synchronous=NORMAL, foreign keys on)
    with the import's page cache; the name helpers' caches are emptied first, so none of the
    import's work is reused. Rows go in in file order (the import orders new people by cell and
    name first, which makes its index inserts cheaper)."""
    from python_calamine import CalamineWorkbook

    from kiemdiem.core import text
    from kiemdiem.orgs.models import ANCESTOR_DEPTHS, ANCESTOR_FIELDS, PATH_SEGMENT
    from kiemdiem.orgs.roster.importer import IMPORT_CACHE_KIB
    from kiemdiem.orgs.roster.validate import GENDERS, UNIT_KINDS

    text.fold.cache_clear()
    text.name_part_key.cache_clear()
    started = time.perf_counter()
    cpu_started = time.process_time()
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    unit_rows = workbook.get_sheet_by_name("Đơn vị").to_python()[1:]
    person_rows = workbook.get_sheet_by_name("Đảng viên").to_python()[1:]
    read = time.process_time() - cpu_started
    now = datetime.datetime.now(datetime.UTC).replace(tzinfo=None).isoformat(" ")

    # Units: ids parents first, paths of zero-padded ids, member totals rolled up the tree.
    parent_of = {str(row[0]): str(row[3]) for row in unit_rows}
    ids: dict[str, int] = {}
    paths: dict[str, str] = {}

    def place(code: str) -> None:
        parent = parent_of[code]
        if parent and parent not in ids:
            place(parent)
        ids[code] = len(ids) + 1
        paths[code] = (paths[parent] if parent else "") + str(ids[code]).zfill(PATH_SEGMENT)

    for code in parent_of:
        if code not in ids:
            place(code)
    lineage = {
        code: [int(p[i : i + PATH_SEGMENT]) for i in range(0, len(p), PATH_SEGMENT)]
        for code, p in paths.items()
    }
    ancestors = {
        code: (*chain[:ANCESTOR_DEPTHS], *[None] * (ANCESTOR_DEPTHS - len(chain)))
        for code, chain in lineage.items()
    }
    totals: dict[int, int] = {}

    def iso(day: str) -> str:
        d, m, y = day.split("/")
        return f"{y}-{m:0>2}-{d:0>2}"

    people = []
    memberships = []
    for pk, row in enumerate(person_rows, start=1):
        name, born, gender, card, admitted, official, unit_code, position, rank = row
        parts, _single = text.split_full_name(str(name))
        full = parts.full_name
        born_iso = iso(str(born))
        birth = datetime.date.fromisoformat(born_iso)
        admitted_iso = iso(str(admitted))
        official_iso = iso(str(official)) if official else None
        unit_id = ids[str(unit_code)]
        for ancestor in lineage[str(unit_code)]:
            totals[ancestor] = totals.get(ancestor, 0) + 1
        people.append(
            (
                pk,
                parts.family_name,
                parts.middle_name,
                parts.given_name,
                full,
                text.person_sort_key(parts.family_name, parts.middle_name, parts.given_name, birth),
                text.fold(full),
                born_iso,
                GENDERS[str(gender).casefold()],
                str(card) or None,
                admitted_iso,
                official_iso,
                "official" if official_iso else "probationary",
                str(rank),
                str(position),
                unit_id,
                now,
                now,
                *ancestors[str(unit_code)],
            )
        )
        memberships.append((pk, pk, unit_id, admitted_iso, "admitted"))

    computed = time.process_time() - cpu_started
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("PRAGMA foreign_keys=ON")  # as Django's SQLite connections
    connection.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(
        "INSERT INTO orgs_unit (id, code, name, kind, parent_id, path, depth, name_folded,"
        " member_total, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                ids[str(code)],
                str(code),
                str(name),
                UNIT_KINDS[str(kind).casefold()],
                ids[str(parent)] if parent else None,
                paths[str(code)],
                len(lineage[str(code)]) - 1,
                text.fold(str(name)),
                totals.get(ids[str(code)], 0),
                now,
                now,
            )
            for code, name, kind, parent in unit_rows
        ],
    )
    ancestor_columns = ", ".join(ANCESTOR_FIELDS)
    connection.executemany(
        "INSERT INTO orgs_person (id, family_name, middle_name, given_name, full_name, sort_key,"
        " name_folded, date_of_birth, gender, card_number, admitted_on, official_on, status, rank,"
        f" position, unit_id, created_at, updated_at, {ancestor_columns})"
        f" VALUES ({', '.join(['?'] * (18 + ANCESTOR_DEPTHS))})",
        people,
    )
    connection.executemany(
        "INSERT INTO orgs_cellmembership (id, person_id, unit_id, start, reason)"
        " VALUES (?, ?, ?, ?, ?)",
        memberships,
    )
    connection.execute("COMMIT")
    connection.close()
    cpu = time.process_time() - cpu_started
    parts = (
        f"CPU: read {read:.2f} s, columns {computed - read:.2f} s, inserts {cpu - computed:.2f} s"
    )
    return time.perf_counter() - started, cpu, parts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--generate-only", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate_only:
        Path(args.generate_only).write_bytes(generate(args.members))
        return
    workdir = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace, workdir: Path) -> None:

    # Generate in a child process, so the peak memory below is the import's, not openpyxl's.
    started = time.perf_counter()
    source = workdir / "roster.xlsx"
    subprocess.run(
        [sys.executable, __file__, "--generate-only", str(source), "--members", str(args.members)],
        check=True,
    )
    data = source.read_bytes()
    print(
        f"generated {args.members:,} members in {time.perf_counter() - started:.1f} s ({len(data) / 1e6:.1f} MB)"
    )

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    # A fresh copy of the migrated schema for the same-schema baseline.
    schema_copy = workdir / "raw-schema.sqlite3"
    with sqlite3.connect(workdir / "bench.sqlite3") as live, sqlite3.connect(schema_copy) as copy:
        live.backup(copy)
    from kiemdiem.orgs.models import Person
    from kiemdiem.orgs.roster.importer import roster_import

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    cpu_started = time.process_time()
    report = roster_import(actor=None, files=[("bench.xlsx", data)])
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    raw, raw_cpu = raw_baseline(data, workdir / "raw.sqlite3")
    schema, schema_cpu, schema_parts = raw_schema_baseline(data, schema_copy)
    assert report.ok, report.errors[:5]
    assert Person.objects.count() == args.members

    started = time.perf_counter()
    again = roster_import(actor=None, files=[("bench.xlsx", data)])
    reimport = time.perf_counter() - started
    assert not again.changed

    print(f"import:        {elapsed:.2f} s  ({args.members / elapsed:,.0f} rows/s)")
    print(
        f"raw baseline, one table:   {raw:.2f} s  (calamine read + executemany into one table,"
        f" one index)  ratio {elapsed / raw:.1f}x"
    )
    print(
        f"raw baseline, same schema: {schema:.2f} s  (calamine read + executemany into the"
        f" import's tables and indexes)  ratio {elapsed / schema:.1f}x"
    )
    print(f"                           {schema_parts}")
    print(
        f"CPU time:      import {cpu:.2f} s, raw one table {raw_cpu:.2f} s"
        f" (ratio {cpu / raw_cpu:.1f}x), raw same schema {schema_cpu:.2f} s"
        f" (ratio {cpu / schema_cpu:.1f}x); steadier than wall time on a shared machine"
    )
    print(f"re-import (all unchanged): {reimport:.2f} s")
    print(f"peak RSS:      {rss_after:.0f} MB (before import {rss_before:.0f} MB)")


if __name__ == "__main__":
    main()
