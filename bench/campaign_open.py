"""Campaign opening and dashboard benchmark on a fresh SQLite database.

Builds a tree (a root, 10 grassroots committees, cells of about 30 members each, a cell committee
per cell) with N fictional members (default 100,000) by raw inserts, then times
`campaign_open_reviews` (wall time, peak RSS growth, queries) and the dashboard page for the whole
tree (root + committees + cells: p95 over 20 runs, queries), with a raw-SQL GROUP BY baseline.
The tree is built in a child process, so the peak RSS of the measuring process is the opening's
own (Django loaded, then `campaign_open_reviews`), not the builder's.

    .venv/bin/python bench/campaign_open.py [--members 100000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SEG = 10


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_tree(members: int) -> int:
    """Raw inserts of units, people and cell committees; returns the root unit's id."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().isoformat()
    cells_per_committee = max(1, members // 30 // 10)
    units: list[tuple[object, ...]] = []
    next_id = 1

    def add(code: str, name: str, kind: str, parent: int | None, path: str, depth: int) -> int:
        nonlocal next_id
        pk = next_id
        next_id += 1
        full = path + str(pk).zfill(SEG)
        units.append((pk, code, name, kind, parent, full, depth, name.lower(), now, now))
        return pk

    root = add("ROOT", "Đảng bộ Bench", "dang_bo", None, "", 0)
    root_path = str(root).zfill(SEG)
    cells: list[int] = []
    for c in range(10):
        committee = add(f"DB{c}", f"Đảng bộ {c}", "dang_bo_co_so", root, root_path, 1)
        committee_path = root_path + str(committee).zfill(SEG)
        for k in range(cells_per_committee):
            cells.append(
                add(f"C{c}-{k}", f"Chi bộ {c}-{k}", "chi_bo", committee, committee_path, 2)
            )
    rng = random.Random(7)
    people = []
    for index in range(members):
        born = datetime.date(rng.randint(1965, 2000), rng.randint(1, 12), rng.randint(1, 28))
        admitted = born.replace(year=born.year + 22)
        if index % 97 == 0:
            admitted = datetime.date(2020, 9, 1)
        status = "exempt" if index % 211 == 0 else "official"
        people.append(
            (
                index + 1,
                "Nguyễn",
                "Văn",
                f"An{index}",
                f"Nguyễn Văn An{index}",
                f"an{index}",
                f"nguyen van an{index}",
                born.isoformat(),
                "nam",
                f"{30_000_000 + index:08d}",
                admitted.isoformat(),
                admitted.replace(year=admitted.year + 1).isoformat(),
                status,
                "",
                "",
                cells[index % len(cells)],
                now,
                now,
            )
        )
    bodies = [(i + 1, cell, "chi_uy", "2020-01-01", None) for i, cell in enumerate(cells)]
    seats = [
        (i + 1, i + 1, cell_index + 1, "bi_thu", 0, "", "2020-01-01", None)
        for i, cell_index in enumerate(range(len(cells)))
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO orgs_unit (id, code, name, kind, parent_id, path, depth, name_folded,"
            " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            units,
        )
        cursor.executemany(
            "INSERT INTO orgs_person (id, family_name, middle_name, given_name, full_name, sort_key,"
            " name_folded, date_of_birth, gender, card_number, admitted_on, official_on, status,"
            " rank, position, unit_id, created_at, updated_at)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            people,
        )
        cursor.executemany(
            "INSERT INTO orgs_leadershipbody (id, unit_id, kind, term_start, term_end)"
            " VALUES (?,?,?,?,?)",
            bodies,
        )
        # The first member of each cell (person id = cell index + 1) is its secretary.
        cursor.executemany(
            "INSERT INTO orgs_bodymembership (id, body_id, person_id, position, position_rank,"
            " command_title, start, end) VALUES (?,?,?,?,?,?,?,?)",
            [(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]) for s in seats],
        )
    return root


def setup(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build_only(db: Path, members: int) -> None:
    """Child process: migrate a fresh database and fill it."""
    setup(db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    root_id = build_tree(members)
    print(f"built {members:,} members in {time.perf_counter() - started:.1f} s (root {root_id})")


def p95(timings: list[float]) -> float:
    return statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        build_only(args.build, args.members)
        return
    workdir = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-campaign-"))
    db = workdir / "bench.sqlite3"
    subprocess.run(
        [sys.executable, __file__, "--build", str(db), "--members", str(args.members)], check=True
    )
    setup(db)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kiemdiem.accounts.models import Role, RoleGrant, User
    from kiemdiem.orgs.models import Unit
    from kiemdiem.reviews import services
    from kiemdiem.reviews.models import SubjectReview

    root = Unit.objects.get(code="ROOT")
    campaign = services.campaign_create(
        actor=None,
        title="Bench",
        year=2020,
        root_unit=root,
        cell_conference_due=datetime.date(2020, 12, 1),
        grassroots_decision_due=datetime.date(2020, 12, 5),
        upper_decision_due=datetime.date(2020, 12, 20),
        report_due=datetime.date(2020, 12, 31),
    )
    campaign = services.campaign_update_plan(actor=None, campaign=campaign, plan_number="1-KH")
    campaign = services.campaign_publish(actor=None, campaign=campaign)
    campaign = services.campaign_issue_hints(actor=None, campaign=campaign, none_confirmed=True)

    rss_before = rss_mb()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        if os.environ.get("BENCH_PROFILE"):
            import cProfile

            cProfile.runctx(
                "services.campaign_open_reviews(actor=None, campaign=campaign)",
                globals(),
                locals(),
                sort="cumtime",
            )
            return
        created = services.campaign_open_reviews(actor=None, campaign=campaign)
        elapsed = time.perf_counter() - started
    rss_after = rss_mb()
    print(
        f"open reviews:  {elapsed:.2f} s for {created:,} reviews "
        f"({created / elapsed:,.0f}/s), {len(queries)} queries, "
        f"peak RSS {rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB over {rss_before:.0f} MB)"
    )

    # The same opening again (a quarterly campaign) under tracemalloc, for the Python heap peak.
    import tracemalloc

    quarter = services.campaign_create(
        actor=None,
        title="Bench Q4",
        year=2020,
        period="quarter",
        period_index=4,
        root_unit=root,
        cell_conference_due=datetime.date(2020, 12, 1),
        grassroots_decision_due=datetime.date(2020, 12, 5),
        upper_decision_due=datetime.date(2020, 12, 20),
        report_due=datetime.date(2020, 12, 31),
    )
    quarter = services.campaign_update_plan(actor=None, campaign=quarter, plan_number="2-KH")
    quarter = services.campaign_publish(actor=None, campaign=quarter)
    quarter = services.campaign_issue_hints(actor=None, campaign=quarter, none_confirmed=True)
    tracemalloc.start()
    services.campaign_open_reviews(actor=None, campaign=quarter)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"open reviews:  Python heap peak {peak / 1e6:.0f} MB (tracemalloc, second campaign)")

    # A realistic mix for the dashboard.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE reviews_subjectreview SET status = 'drafting' WHERE kind = 'member' AND id % 3 = 0"
        )
        cursor.execute(
            "UPDATE reviews_subjectreview SET status = 'submitted' WHERE kind = 'member' AND id % 5 = 0"
        )
    admin = User.objects.create_user("bench-admin", password="x")
    RoleGrant.objects.create(user=admin, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(admin)
    url = f"/reviews/campaigns/{campaign.pk}/dashboard/"
    client.get(url)
    from kiemdiem.reviews import selectors

    def page(levels: int) -> None:
        response = client.get(f"{url}?levels={levels}", HTTP_HX_REQUEST="true")
        assert response.status_code == 200

    def raw() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT substr(u.path, 1, 30), r.status, count(*) FROM reviews_subjectreview r"
                " JOIN orgs_unit u ON u.id = r.unit_id"
                " WHERE r.campaign_id = %s AND r.kind = 'member' GROUP BY 1, 2",
                [campaign.pk],
            )
            cursor.fetchall()

    whole = selectors.dashboard_rows(user=admin, campaign=campaign, unit=root, levels=2)
    print(f"dashboard over {len(whole):,} units (root, 10 committees, cells), {args.runs} runs")
    print("  (interleaved: each run calls every case once, so machine load hits them alike)")
    cases = {
        "  page, root + committees (default)": lambda: page(1),
        "  roll-up of the whole tree (selector)": lambda: selectors.dashboard_rows(
            user=admin, campaign=campaign, unit=root, levels=2
        ),
        "  page, whole tree (every cell row)": lambda: page(2),
        "  raw baseline: one GROUP BY over the cell level (SQL only)": raw,
    }
    timings: dict[str, list[float]] = {label: [] for label in cases}
    cpu: dict[str, list[float]] = {label: [] for label in cases}
    counts: dict[str, int] = {}
    for _ in range(args.runs):
        for label, call in cases.items():
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                call()
                timings[label].append(time.perf_counter() - started)
                cpu[label].append(time.process_time() - started_cpu)
            counts[label] = len(queries)
    # SQLite runs in this process, so CPU time is the work itself; wall time adds whatever else
    # the machine is doing.
    for label, values in timings.items():
        print(
            f"{label}: median {statistics.median(values) * 1000:.0f} ms,"
            f" p95 {p95(values) * 1000:.0f} ms (CPU p95 {p95(cpu[label]) * 1000:.0f} ms),"
            f" {counts[label]} queries"
        )
    assert SubjectReview.objects.filter(campaign=campaign).count() == created


if __name__ == "__main__":
    main()
