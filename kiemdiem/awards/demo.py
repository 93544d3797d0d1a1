"""Demo data for commendation: five years of results (2016–2020) so that "5 years running"
appears, a decided commendation, and a Party badge case.

Builds on `orgs.demo.demo_load` (which writes random history for 2016–2019): a fixed handful of
fictional members of the demo tree get HTXSNV in each of 2016–2020, two cells are decided HTXSNV
in each of those years, and the office of the demo root proposes them and decides one
commendation numbered from the clerk's register. Idempotent: a second call writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction

from kiemdiem.accounts.models import User
from kiemdiem.awards import services
from kiemdiem.awards.models import AwardKind, BadgeCondition, CommendationProposal
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.classification.rules import registry
from kiemdiem.orgs.demo import ROOT_CODE
from kiemdiem.orgs.models import CELL_KINDS, ClassificationRecord, Person, PersonStatus, Unit

RUN_YEARS = range(2016, 2021)
DEMO_YEAR = 2020
MEMBERS = 8
CELLS = 2
OFFICE_LOGIN = "vanphong"


@dataclass
class AwardsDemoSummary:
    created: bool
    members: int = 0
    organizations: int = 0
    decision_id: int | None = None


def _pack(year: int) -> str:
    try:
        return registry.pack_id_for_year(year)
    except registry.UnknownPackError:
        return ""  # history years before 2019


def excellent_members(root: Unit) -> list[Person]:
    """The first official members of the demo tree in name order, leaders aside."""
    return list(
        Person.objects.filter(
            unit__path__gte=root.path,
            unit__path__lt=root.path_upper_bound,
            status=PersonStatus.OFFICIAL,
            admitted_on__lt=datetime.date(RUN_YEARS[0], 1, 1),
        ).order_by("sort_key", "id")[:MEMBERS]
    )


def excellent_cells(root: Unit) -> list[Unit]:
    return list(
        Unit.objects.filter(
            path__gte=root.path, path__lt=root.path_upper_bound, kind__in=CELL_KINDS
        ).order_by("path")[:CELLS]
    )


@transaction.atomic
def awards_demo_load() -> AwardsDemoSummary:
    """Add the commendation demo on the demo root. Nothing when the root or the office login is
    missing, or when the demo's 5-year proposals already exist."""
    root = Unit.objects.filter(code=ROOT_CODE).first()
    office = User.objects.filter(username=OFFICE_LOGIN).first()
    if root is None or office is None:
        return AwardsDemoSummary(created=False)
    people = excellent_members(root)
    if CommendationProposal.objects.filter(
        person__in=people, year=DEMO_YEAR, kind=AwardKind.RUN
    ).exists():
        return AwardsDemoSummary(created=False)
    for person in people:
        for year in RUN_YEARS:
            ClassificationRecord.objects.update_or_create(
                person=person, year=year, defaults={"level": "HTXSNV"}
            )
    cells = excellent_cells(root)
    for cell in cells:
        for year in RUN_YEARS:
            if Proposal.objects.filter(unit=cell, year=year).exists():
                continue  # the classification workflow already holds this year
            proposal = Proposal.objects.create(
                year=year,
                rule_pack=_pack(year),
                unit=cell,
                proposed_by=cell,
                level="HTXSNV",
                source=Proposal.Source.MANUAL,
                created_by=office,
            )
            Decision.objects.create(
                proposal=proposal, decider=cell.parent or cell, level="HTXSNV", decided_by=office
            )
    proposals = [
        services.commendation_propose(actor=office, person=p, year=DEMO_YEAR, kind=AwardKind.RUN)
        for p in people
    ]
    proposals += [
        services.commendation_propose(
            actor=office, organization=cell, year=DEMO_YEAR, kind=AwardKind.RUN
        )
        for cell in cells
    ]
    # Half of the members are decided; the rest wait on the decision page.
    decision = services.commendation_decide(
        actor=office,
        deciding_unit=root,
        proposals=proposals[: MEMBERS // 2],
        decided_on=datetime.date(2021, 1, 15),
        form_of_award="Giấy khen",
        signer_name="Trần Văn Minh",
    )
    if people:
        services.badge_condition_add(
            actor=office,
            person=people[-1],
            kind=BadgeCondition.Kind.ILLNESS,
            start=datetime.date(2020, 6, 1),
            note="Trường hợp minh họa (dữ liệu giả).",
        )
    return AwardsDemoSummary(
        created=True, members=len(people), organizations=len(cells), decision_id=decision.pk
    )
