"""Roster import benchmark: N generated fictional members (default 100,000) on a fresh SQLite
database. Prints rows per second, peak memory, and the ratio to a raw sqlite3 baseline that
reads the same file with calamine and inserts the same rows with executemany in one transaction.

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
    """Read with calamine and insert the same rows with sqlite3 executemany."""
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
    assert report.ok, report.errors[:5]
    assert Person.objects.count() == args.members

    started = time.perf_counter()
    again = roster_import(actor=None, files=[("bench.xlsx", data)])
    reimport = time.perf_counter() - started
    assert not again.changed

    print(f"import:        {elapsed:.2f} s  ({args.members / elapsed:,.0f} rows/s)")
    print(
        f"raw baseline:  {raw:.2f} s  (calamine read + sqlite3 executemany)  ratio {elapsed / raw:.1f}x"
    )
    print(
        f"CPU time:      import {cpu:.2f} s, raw {raw_cpu:.2f} s, ratio {cpu / raw_cpu:.1f}x"
        " (steadier than wall time on a shared machine)"
    )
    print(f"re-import (all unchanged): {reimport:.2f} s")
    print(f"peak RSS:      {rss_after:.0f} MB (before import {rss_before:.0f} MB)")


if __name__ == "__main__":
    main()
