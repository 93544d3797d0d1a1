"""Secret-ballot load benchmark: N voters cast at once over HTTP on loopback.

Builds a fresh SQLite database (migrated programmatically) with a cell of N official members,
a review conference with everyone checked in, and the conference's electronic secret ballot
opened (the roll frozen, one printed slip's single-use code per voter). A threaded WSGI server on 127.0.0.1
serves the real project (production settings, DEBUG off) from a child process. N client
threads, each with its own signed-in session, wait at a barrier and then cast their ballot
through the voting page (`POST /voting/vote/` with the code and a level for every subject),
each on its own connection.

Prints: all-counted check (used slips = cast ballots = N, N choices per subject, every receipt
distinct), p50/p95/max per ballot (the casting request), the wall time of the burst, and the
tally (close + count, in the service, and the ballot page with the results over HTTP), plus a
raw-SQL baseline of the same inserts.

    .venv/bin/python bench/ballot_load.py [--voters 200] [--subjects 12] [--spread 0]

`--subjects` is how many members are reviewed on the ballot (the collective comes on top);
`--spread S` spreads the voters' start evenly over S seconds instead of one burst.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SERVER = """
import socket
import sys
sys.path.insert(0, {root!r})
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

class Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass

class Server(ThreadedWSGIServer):
    request_queue_size = 1024  # the voters connect at once: no SYN left waiting in the kernel

    def get_request(self):
        # As gunicorn does: without TCP_NODELAY, wsgiref's separate writes of the headers and the
        # body meet the client's delayed ACK and every response waits about 40 ms.
        sock, address = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, address

server = Server(("127.0.0.1", {port}), Quiet)
server.set_app(WSGIHandler())
print("ready", flush=True)
server.serve_forever()
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(voters: int, subjects: int) -> dict[str, object]:
    """Migrate, create the cell, its members and users, the conference, open the ballot."""
    import datetime

    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from kiemdiem.accounts.models import Role, RoleGrant, User
    from kiemdiem.conferences import services as conferences
    from kiemdiem.conferences.models import Attendance
    from kiemdiem.orgs import services as orgs
    from kiemdiem.orgs.models import Gender, UnitKind
    from kiemdiem.voting.models import BallotSlip

    call_command("migrate", verbosity=0)
    admin = User.objects.create_user(username="bench_admin", password=None)
    RoleGrant.objects.create(user=admin, role=Role.ADMINISTRATOR, unit=None)
    root = orgs.unit_create(
        actor=None,
        code="BENCH",
        name="Đảng bộ Bench",
        kind=UnitKind.GRASSROOTS_COMMITTEE,
        parent=None,
    )
    cell = orgs.unit_create(
        actor=None, code="BENCH-CB", name="Chi bộ Bench", kind=UnitKind.CELL, parent=root
    )
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Phong"]
    people = [
        orgs.person_create(
            actor=None,
            unit=cell,
            family_name="Nguyễn",
            middle_name="Văn",
            given_name=f"{given[i % len(given)]} {i:03d}",
            date_of_birth=datetime.date(1980, 1, 1),
            gender=Gender.MALE,
            admitted_on=datetime.date(2005, 1, 1),
            official_on=datetime.date(2006, 1, 1),
            card_number=f"{90_000_000 + i}",
        )
        for i in range(voters)
    ]
    conference = conferences.conference_create(
        actor=admin,
        unit=cell,
        year=2020,
        place="Hội trường",
        starts_at=timezone.now(),
        chair=people[0],
        secretary=people[1],
    )
    # No password (the sessions are made here): hashing 200 passwords would dominate the build.
    users = [
        User.objects.create_user(username=f"voter{index:04d}", password=None, person=person)
        for index, person in enumerate(people)
    ]
    chair = users[0]  # the chair runs the conference and opens the vote
    Attendance.objects.filter(conference=conference).update(status=Attendance.Status.PRESENT)
    conference = conferences.conference_start(actor=chair, conference=conference)
    # Only the first `subjects` members are reviewed on this ballot (a cell reviews everyone;
    # a standing committee a dozen): trim the run-sheet before the ballot takes its subjects.
    conference.agenda.filter(person__isnull=False).exclude(person__in=people[:subjects]).delete()
    # The run-sheet up to its votes step, where the ballot opens.
    while (step := conference.agenda.filter(done=False).order_by("order").first()).kind != "votes":
        conferences.step_complete(actor=chair, item=step, notes="")
    # Every voter on a printed slip: the busiest path is the code page any device can use.
    ballot = conferences.conference_ballot_open(actor=chair, conference=conference, on_paper=people)
    subject_ids = list(ballot.subjects.values_list("pk", flat=True))
    codes = list(
        BallotSlip.objects.filter(ballot=ballot).order_by("id").values_list("code", flat=True)
    )

    sessions = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "kiemdiem.accounts.backends.MemberBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions.append(store.session_key)
    admin_session = SessionStore()
    admin_session[SESSION_KEY] = str(admin.pk)
    admin_session[BACKEND_SESSION_KEY] = "kiemdiem.accounts.backends.MemberBackend"
    admin_session[HASH_SESSION_KEY] = admin.get_session_auth_hash()
    admin_session.create()
    from django.db import connection

    connection.close()
    return {
        "ballot": ballot.pk,
        "subjects": subject_ids,
        "codes": codes,
        "sessions": sessions,
        "admin_session": admin_session.session_key,
        "admin": admin.pk,
    }


def cast_one(
    port: int, session: str, code: str, subjects: list[int], level: str
) -> tuple[float, int, str]:
    """One voter: the casting POST on a fresh connection; returns (seconds, status, receipt)."""
    csrf = secrets.token_hex(16)
    body = urlencode(
        {"csrfmiddlewaretoken": csrf, "code": code, "cast": "1"}
        | {f"subject-{pk}": level for pk in subjects}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"sessionid={session}; csrftoken={csrf}",
        "Host": "127.0.0.1",
    }
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("POST", "/voting/vote/", body=body, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    elapsed = time.perf_counter() - started
    conn.close()
    match = re.search(r'id="receipt">([A-Z0-9]+)<', text)
    return elapsed, response.status, match.group(1) if match else ""


def raw_baseline(db: str, voters: int, subjects: int) -> float:
    """The same writes per ballot (mark, ballot row, choices) in plain sqlite3, one after another."""
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("CREATE TEMP TABLE r (id INTEGER PRIMARY KEY, used INT)")
    conn.execute("CREATE TEMP TABLE c (id TEXT PRIMARY KEY, receipt TEXT UNIQUE)")
    conn.execute("CREATE TEMP TABLE ch (id INTEGER PRIMARY KEY, cast TEXT, s INT, level TEXT)")
    conn.executemany("INSERT INTO r (id, used) VALUES (?, 0)", [(i,) for i in range(voters)])
    started = time.perf_counter()
    for i in range(voters):
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE r SET used = 1 WHERE id = ? AND used = 0", (i,))
        cast = secrets.token_hex(16)
        conn.execute("INSERT INTO c VALUES (?, ?)", (cast, secrets.token_hex(5)))
        conn.executemany(
            "INSERT INTO ch (cast, s, level) VALUES (?, ?, 'HTTNV')",
            [(cast, s) for s in range(subjects)],
        )
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--voters", type=int, default=200)
    parser.add_argument("--subjects", type=int, default=12)
    parser.add_argument("--spread", type=float, default=0.0)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-ballot-"))
    db = workdir / "bench.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-" + secrets.token_hex(16),
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    os.environ.update(env)
    built = time.perf_counter()
    data = build(args.voters, args.subjects)
    print(
        f"built: {args.voters} voters, {len(data['subjects'])} subjects on the ballot "  # type: ignore[arg-type]
        f"in {time.perf_counter() - built:.1f} s ({db})"
    )

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", SERVER.format(root=str(ROOT), port=port)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        assert server.stdout.readline().strip() == "ready"
        run_burst(args, data, port, db)
    finally:
        server.terminate()
        server.wait(timeout=10)
        for path in workdir.iterdir():
            path.unlink()
        workdir.rmdir()


def run_burst(args: argparse.Namespace, data: dict[str, object], port: int, db: Path) -> None:
    codes: list[str] = data["codes"]  # type: ignore[assignment]
    sessions: list[str] = data["sessions"]  # type: ignore[assignment]
    subjects: list[int] = data["subjects"]  # type: ignore[assignment]
    # Warm the server (imports, URL resolver, templates) with one page view.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/voting/vote/", headers={"Cookie": f"sessionid={sessions[0]}"})
    warm = conn.getresponse()
    warm.read()
    assert warm.status == 200
    conn.close()

    results: list[tuple[float, int, str]] = [(0.0, 0, "")] * len(codes)
    barrier = threading.Barrier(len(codes) + 1)
    levels = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]

    def voter(index: int) -> None:
        barrier.wait()
        if args.spread:
            time.sleep(args.spread * index / len(codes))
        results[index] = cast_one(
            port, sessions[index], codes[index], subjects, levels[index % len(levels)]
        )

    threads = [threading.Thread(target=voter, args=(i,)) for i in range(len(codes))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started

    times = sorted(r[0] * 1000 for r in results)
    statuses = {r[1] for r in results}
    receipts = [r[2] for r in results]
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"cast: {len(times)} ballots, HTTP {sorted(statuses)}, burst wall {wall:.2f} s, "
        f"p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms "
        f"(target p95 ≤ 200 ms){f', starts spread over {args.spread:.1f} s' if args.spread else ''}"
    )

    import django.db

    django.db.connections.close_all()
    from django.db.models import Count

    from kiemdiem.accounts.models import User
    from kiemdiem.voting import selectors, services
    from kiemdiem.voting.models import Ballot, BallotSlip, CastBallot, CastChoice

    ballot = Ballot.objects.get(pk=data["ballot"])
    marked = BallotSlip.objects.filter(ballot=ballot, used=True).count()
    cast = CastBallot.objects.filter(ballot=ballot).count()
    per_subject = set(
        CastChoice.objects.filter(cast__ballot=ballot)
        .values("subject_id")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    all_counted = (
        marked == cast == len(codes)
        and per_subject == {len(codes)}
        and len(set(receipts)) == len(codes)
        and "" not in receipts
    )
    print(
        f"all counted: {'yes' if all_counted else 'NO'} (marked {marked}, ballots {cast}, "
        f"choices per subject {sorted(per_subject)}, distinct receipts {len(set(receipts))})"
    )

    admin = User.objects.get(pk=data["admin"])
    started = time.perf_counter()
    ballot = services.ballot_close(actor=admin, ballot=ballot)
    result = selectors.ballot_tally(ballot=ballot)
    tally = time.perf_counter() - started
    passed = {r.result for r in result.subjects}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request(
        "GET", f"/voting/{ballot.pk}/", headers={"Cookie": f"sessionid={data['admin_session']}"}
    )
    response = conn.getresponse()
    response.read()
    page = time.perf_counter() - started
    conn.close()
    print(
        f"tally: close + count {tally * 1000:.0f} ms (target ≤ 1 s), results page over HTTP "
        f"{page * 1000:.0f} ms (HTTP {response.status}); results {sorted(map(str, passed))}"
    )
    django.db.connections.close_all()
    baseline = raw_baseline(str(db), len(codes), len(subjects))
    print(
        f"raw sqlite3 baseline: the same writes one after another {baseline * 1000:.0f} ms "
        f"({baseline * 1000 / len(codes):.2f} ms per ballot)"
    )


if __name__ == "__main__":
    main()
