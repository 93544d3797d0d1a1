"""A server killed in the middle of casting a vote loses no vote and counts none twice.

Runs against its own SQLite file (the test database of pytest lives in memory, out of reach of
another process): one process starts casting and is killed with SIGKILL between marking the code
used and storing the ballot; then the same code casts again, once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
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
ballot = services.ballot_open(actor=admin, ballot=ballot)
print(ballot.roll.first().code)
"""

CAST = """
import sys
from kiemdiem.voting import services
from kiemdiem.voting.models import Ballot
subject = Ballot.objects.get().subjects.first()
print("RECEIPT", services.ballot_cast(code=sys.argv[-1], choices={subject.pk: "HTTNV"}), flush=True)
"""

STATE = """
from kiemdiem.voting.models import CastBallot, VoterRollEntry
print(CastBallot.objects.count(), VoterRollEntry.objects.filter(used=True).count())
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


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killing_the_process_mid_vote_loses_nothing_and_counts_nothing_twice(tmp_path):
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
    code = run_python(env, SETUP).stdout.strip().splitlines()[-1]

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
