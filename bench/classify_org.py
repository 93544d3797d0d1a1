"""Classification of a whole grassroots organization: proposals, rule checks and decisions.

Builds a fresh SQLite database (migrated programmatically) with one grassroots party committee,
C cells and N fictional members (default 2,000 in 60 cells) through the orgs services, then
times, with the number of SQL queries of each phase:

1. the proposals: `classification.services.proposal_set` for every member and every cell;
2. the rule checks beside every proposal, as the decision board makes them
   (`decisions.findings_at_proposal`: one engine run per quota scope), one proposal at a time
   (`findings_for`, 50 of them), and the board page itself over the Django test client (then
   one cell's rows as the board loads them on demand with htmx);
3. the decisions: `services.decisions_confirm` (every member without an error, one call), then
   `services.decision_make` one by one for the rest (an error decided with a written reason),
   then every cell, then the organization (lower levels first);
4. the quota dashboard.

A raw baseline runs the pure engine once over the whole organization's case.

    .venv/bin/python bench/classify_org.py [--members 2000] [--cells 60]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LEVELS = ["HTXSNV"] * 12 + ["HTTNV"] * 70 + ["HTNV"] * 16 + ["KHTNV"] * 2


class Phase:
    """Wall time and number of queries of a block (counted by an execute wrapper: no cap)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.queries = 0

    def _count(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.queries += 1
        return execute(sql, params, many, context)

    def __enter__(self) -> Phase:
        from django.db import connection

        self.wrapper = connection.execute_wrapper(self._count)
        self.wrapper.__enter__()
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.seconds = time.perf_counter() - self.started
        self.wrapper.__exit__(*exc)


def report(phase: Phase, count: int, unit: str) -> None:
    print(
        f"{phase.name:<44} {phase.seconds:8.2f} s  {phase.queries:>8} queries  "
        f"({phase.seconds * 1000 / max(count, 1):.1f} ms, "
        f"{phase.queries / max(count, 1):.1f} queries per {unit})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--cells", type=int, default=60)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="kiemdiem-bench-classify-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.management import call_command
    from django.test import Client

    from kiemdiem.accounts.models import Role, RoleGrant, User
    from kiemdiem.classification import decisions, services
    from kiemdiem.classification.models import Decision, Proposal
    from kiemdiem.classification.rules import check
    from kiemdiem.orgs import services as orgs
    from kiemdiem.orgs.models import Gender, UnitKind

    call_command("migrate", verbosity=0)
    rng = random.Random(2020)
    started = time.perf_counter()
    officer = User.objects.create_user(username="vanphong", password=None)
    org = orgs.unit_create(
        actor=None,
        code="DB-B",
        name="Đảng bộ Bench",
        kind=UnitKind.GRASSROOTS_COMMITTEE,
        parent=None,
    )
    RoleGrant.objects.create(user=officer, role=Role.COMMITTEE_OFFICE, unit=org)
    cells = [
        orgs.unit_create(
            actor=None, code=f"CB-{i:03d}", name=f"Chi bộ {i + 1}", kind=UnitKind.CELL, parent=org
        )
        for i in range(args.cells)
    ]
    given = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Lan", "Minh", "Nam", "Phong"]
    people = [
        orgs.person_create(
            actor=None,
            unit=cells[i % len(cells)],
            family_name=rng.choice(["Nguyễn", "Trần", "Lê", "Phạm"]),
            middle_name="Văn",
            given_name=f"{rng.choice(given)} {i:04d}",
            date_of_birth=datetime.date(1980, 1, 1),
            gender=Gender.MALE,
            # One in a hundred admitted within 6 months of the review: reviewed, not
            # classified, so a level proposed for them is an error decided one by one.
            admitted_on=datetime.date(2020, 9, 1) if i % 100 == 99 else datetime.date(2005, 1, 1),
            official_on=None if i % 100 == 99 else datetime.date(2006, 1, 1),
            card_number=f"{80_000_000 + i}",
        )
        for i in range(args.members)
    ]
    print(
        f"built: 1 grassroots committee, {len(cells)} cells, {len(people)} members in "
        f"{time.perf_counter() - started:.1f} s"
    )

    with Phase("proposals (proposal_set, members + cells)") as phase:
        member_proposals = [
            services.proposal_set(
                actor=officer, year=2020, level=rng.choice(LEVELS), proposed_by=p.unit, person=p
            )
            for p in people
        ]
        cell_proposals = [
            services.proposal_set(actor=officer, year=2020, level="HTTNV", proposed_by=c, unit=c)
            for c in cells
        ]
    report(phase, len(member_proposals) + len(cell_proposals), "proposal")
    org_proposal = services.proposal_set(
        actor=officer, year=2020, level="HTTNV", proposed_by=org, unit=org
    )

    everything = list(Proposal.objects.select_related("person__unit", "unit"))
    with Phase("rule checks beside every proposal (board)") as phase:
        findings = decisions.findings_at_proposal(proposals=everything)
    report(phase, len(everything), "proposal")
    print(f"  proposals with findings: {sum(1 for f in findings.values() if f)}")

    sample = everything[:50]
    with Phase("rule check of one proposal, one by one (50)") as phase:
        for proposal in sample:
            decisions.findings_for(
                proposal=proposal, level=proposal.level or None, stage="proposal"
            )
    report(phase, len(sample), "proposal")

    client = Client()
    client.force_login(officer)
    with Phase("decision board page (whole organization)") as phase:
        response = client.get("/classification/", {"unit": org.pk, "year": 2020})
    report(phase, 1, "page")
    print(f"  HTTP {response.status_code}, {len(response.content) // 1024} KiB")
    # The first request also loads the templates and the translation catalogs.
    with Phase("decision board page again (warm)") as phase:
        response = client.get("/classification/", {"unit": org.pk, "year": 2020})
    report(phase, 1, "page")
    with Phase("decision board: one cell's rows (htmx)") as phase:
        response = client.get(
            "/classification/",
            {"unit": org.pk, "year": 2020, "cell": cells[0].pk},
            headers={"HX-Request": "true"},
        )
    report(phase, 1, "fragment")
    print(f"  HTTP {response.status_code}, {len(response.content) // 1024} KiB")

    with Phase("decisions_confirm (every member, one call)") as phase:
        made, left = services.decisions_confirm(actor=officer, unit=org, year=2020)
    report(phase, len(made), "decision")
    print(f"  decided {len(made)}, left for one by one {len(left)}")

    overridden = 0
    with Phase("decision_make one by one (the rest)") as phase:
        for proposal in left:
            try:
                services.decision_make(actor=officer, proposal=proposal, level=proposal.level)
            except ValidationError:
                services.decision_make(
                    actor=officer,
                    proposal=proposal,
                    level=proposal.level,
                    override_reason="Bench: quyết định khác kết quả kiểm tra",
                )
                overridden += 1
    report(phase, len(left), "decision")
    print(f"  overridden with a reason: {overridden}")

    with Phase("decisions (cells, then the organization)") as phase:
        for proposal in [*cell_proposals, org_proposal]:
            try:
                services.decision_make(actor=officer, proposal=proposal, level="HTTNV")
            except ValidationError:
                services.decision_make(
                    actor=officer, proposal=proposal, level="HTTNV", override_reason="Bench"
                )
    report(phase, len(cell_proposals), "decision")
    decided = Decision.objects.filter(annulled_at__isnull=True).count()
    print(f"  decisions in force: {decided} of {len(member_proposals) + len(cell_proposals) + 1}")

    with Phase("quota dashboard") as phase:
        rows = decisions.quota_dashboard(user=officer, unit=org, year=2020)
    report(phase, 1, "dashboard")
    print(f"  {[(r.scope.code, r.excellent, r.good, r.allowed, r.over) for r in rows]}")

    case, _subject = decisions.case_for(
        proposal=member_proposals[0], level=member_proposals[0].level, stage="decision"
    )
    started = time.perf_counter()
    result = check(case)
    print(
        f"baseline: the pure engine over the whole organization's case ({len(case['members'])} "
        f"members) {(time.perf_counter() - started) * 1000:.1f} ms, "
        f"{len(result['findings'])} findings"  # type: ignore[arg-type]
    )


if __name__ == "__main__":
    main()
