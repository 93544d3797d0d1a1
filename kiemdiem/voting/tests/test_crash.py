"""A server killed in the middle of casting a vote loses no vote and counts none twice.

Runs against its own SQLite file (the test database of pytest lives in memory, out of reach of
another process): one process starts casting and is killed with SIGKILL between marking the code
used and storing the ballot (a printed slip's code); then the same code casts again, once. The second test does the same
to a real web server answering the voting page over HTTP.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SETUP = """
from kiemdiem.accounts.models import User, RoleGrant
from kiemdiem.orgs.tests.factories import UnitFactory, PersonFactory
from kiemdiem.voting import services
cell = UnitFactory(code="CB-CRASH")
people = [PersonFactory(unit=cell) for _ in range(3)]
admin = User.objects.create_user("admin", password="x")
RoleGrant.objects.create(user=admin, role="administrator")
ballot = services.ballot_create(actor=admin, unit=cell, title="T", year=2020)
ballot = services.ballot_open(actor=admin, ballot=ballot, present=people)
print(ballot.slips.first().code)
"""

CAST = """
import sys
from kiemdiem.voting import services
from kiemdiem.voting.models import Ballot
subject = Ballot.objects.get().subjects.first()
print("RECEIPT", services.ballot_cast(code=sys.argv[-1], choices={subject.pk: "HTTNV"}), flush=True)
"""

STATE = """
from kiemdiem.voting.models import BallotSlip, CastBallot
print(CastBallot.objects.count(), BallotSlip.objects.filter(used=True).count())
"""


def run_python(env: dict[str, str], code: str, *args: str) -> subprocess.CompletedProcess[str]:
    script = "import django; django.setup()\n" + code
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def migrated_ballot(tmp_path):  # type: ignore[no-untyped-def]
    """A fresh SQLite file, migrated, with an open ballot: its environment and one voter code."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'crash.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return env, run_python(env, SETUP).stdout.strip().splitlines()[-1]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killing_the_process_mid_vote_loses_nothing_and_counts_nothing_twice(tmp_path):
    env, code = migrated_ballot(tmp_path)

    mark = tmp_path / "inside-transaction"
    slow = {
        **env,
        "KIEMDIEM_VOTE_FAILPOINT_SECONDS": "60",
        "KIEMDIEM_VOTE_FAILPOINT_MARK": str(mark),
    }
    script = "import django; django.setup()\n" + CAST
    victim = subprocess.Popen([sys.executable, "-c", script, code], cwd=ROOT, env=slow)
    deadline = time.monotonic() + 60
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mark.exists(), "the vote never reached the point between its two writes"
    victim.send_signal(signal.SIGKILL)
    victim.wait(timeout=30)

    assert run_python(env, STATE).stdout.split() == ["0", "0"]

    receipt = run_python(env, CAST, code).stdout
    assert "RECEIPT" in receipt
    assert run_python(env, STATE).stdout.split() == ["1", "1"]


SERVER = """
import socket, sys
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
server = ThreadedWSGIServer(("127.0.0.1", int(sys.argv[-1])), WSGIRequestHandler)
server.set_app(WSGIHandler())
print("ready", flush=True)
server.serve_forever()
"""

SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from kiemdiem.accounts.models import User
from kiemdiem.voting.models import Ballot
user = User.objects.create_user("voter", password=None)
store = SessionStore()
store[SESSION_KEY] = str(user.pk)
store[BACKEND_SESSION_KEY] = "kiemdiem.accounts.backends.MemberBackend"
store[HASH_SESSION_KEY] = user.get_session_auth_hash()
store.create()
print(store.session_key, Ballot.objects.get().subjects.first().pk)
"""


def _serve(env: dict[str, str]) -> tuple[subprocess.Popen[str], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    script = "import django; django.setup()\n" + SERVER
    server = subprocess.Popen(
        [sys.executable, "-c", script, str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdout is not None
    assert server.stdout.readline().strip() == "ready"
    return server, port


def _post_vote(port: int, session: str, code: str, subject: str) -> str:
    body = f"csrfmiddlewaretoken={'a' * 32}&code={code}&cast=1&subject-{subject}=HTTNV"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=90)
    conn.request(
        "POST",
        "/voting/vote/",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"sessionid={session}; csrftoken={'a' * 32}",
        },
    )
    text = conn.getresponse().read().decode()
    match = re.search(r'id="receipt">([A-Z0-9]+)<', text)
    return match.group(1) if match else ""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killing_the_web_server_mid_vote_loses_nothing_and_counts_nothing_twice(tmp_path):
    env, code = migrated_ballot(tmp_path)
    session, subject = run_python(env, SESSION).stdout.split()
    mark = tmp_path / "inside-transaction"
    slow = {
        **env,
        "KIEMDIEM_VOTE_FAILPOINT_SECONDS": "60",
        "KIEMDIEM_VOTE_FAILPOINT_MARK": str(mark),
    }
    server, port = _serve(slow)
    outcome: list[object] = []

    def cast_and_get_cut_off() -> None:
        try:
            outcome.append(_post_vote(port, session, code, subject))
        except (OSError, http.client.HTTPException) as exc:
            outcome.append(exc)

    voter = threading.Thread(target=cast_and_get_cut_off, daemon=True)
    voter.start()
    deadline = time.monotonic() + 60
    while not mark.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert mark.exists(), "the vote never reached the point between its two writes"
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=30)
    voter.join(timeout=30)
    # The voter got no answer, so no receipt: they vote again below.
    assert len(outcome) == 1
    assert isinstance(outcome[0], Exception)
    assert run_python(env, STATE).stdout.split() == ["0", "0"]

    server, port = _serve(env)
    try:
        receipt = _post_vote(port, session, code, subject)
        again = _post_vote(port, session, code, subject)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert len(receipt) == 10
    assert again == ""
    assert run_python(env, STATE).stdout.split() == ["1", "1"]
