"""Reads for commendation: eligible members of the user's scope, badge lists, decisions.

Each list is a fixed number of queries whatever the size of the scope; the rules themselves
are the pure functions of `eligibility`.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.awards import eligibility
from kiemdiem.awards.models import (
    AwardKind,
    BadgeCondition,
    CommendationDecision,
    CommendationProposal,
    MembershipGap,
)
from kiemdiem.classification.models import Decision
from kiemdiem.documents import selectors as document_selectors
from kiemdiem.documents.builders import AwardRow, CommendationDecisionData
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    ClassificationRecord,
    Person,
    PersonStatus,
    Unit,
    UnitKind,
)


@dataclass(frozen=True)
class EligibleMember:
    person: Person
    candidacy: eligibility.Candidacy
    proposed_kinds: frozenset[str]

    @property
    def unit_name(self) -> str:
        return self.person.unit.name


def _histories(person_ids: list[int], first: int, last: int) -> dict[int, dict[int, str]]:
    rows = ClassificationRecord.objects.filter(
        person_id__in=person_ids, year__gte=first, year__lte=last
    ).values_list("person_id", "year", "level")
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for person_id, year, level in rows:
        out[person_id][year] = level
    return out


def person_history(*, person: Person) -> dict[int, str]:
    """Year → level of one member."""
    return dict(person.results.values_list("year", "level"))


def run_award_years(*, person_ids: list[int]) -> dict[int, list[int]]:
    """Years of the decided 5-year run awards, per member."""
    out: dict[int, list[int]] = defaultdict(list)
    rows = CommendationProposal.objects.filter(
        person_id__in=person_ids, kind=AwardKind.RUN, status=CommendationProposal.Status.APPROVED
    ).values_list("person_id", "year")
    for person_id, year in rows:
        out[person_id].append(year)
    return out


def eligible_members(
    *,
    user: User,
    year: int,
    unit: Unit | None = None,
    settings: eligibility.EligibilitySettings = eligibility.DEFAULT_SETTINGS,
) -> list[EligibleMember]:
    """Members in scope decided HTXSNV in `year`, with their 5-year run (if any), name order.

    Four queries: the year's HTXSNV members, their histories, earlier run awards, proposals.
    """
    people_qs = org_selectors.people_in_scope(user)
    if unit is not None:
        people_qs = people_qs.filter(
            unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound
        )
    people = list(
        people_qs.filter(results__year=year, results__level=eligibility.EXCELLENT)
        .select_related("unit")
        .order_by("sort_key", "id")
    )
    ids = [p.pk for p in people]
    # Twice the run length back is enough to see an earlier award's window end.
    histories = _histories(ids, year - 2 * settings.run_length, year)
    awards = run_award_years(person_ids=ids)
    proposed: dict[int, set[str]] = defaultdict(set)
    for person_id, kind in CommendationProposal.objects.filter(
        person_id__in=ids, year=year
    ).values_list("person_id", "kind"):
        proposed[person_id].add(kind)
    return [
        EligibleMember(
            person=p,
            candidacy=eligibility.candidacy(
                histories[p.pk], year, run_awards=awards[p.pk], settings=settings
            ),
            proposed_kinds=frozenset(proposed[p.pk]),
        )
        for p in people
    ]


@dataclass(frozen=True)
class EligibleOrganization:
    unit: Unit
    candidacy: eligibility.Candidacy
    proposed_kinds: frozenset[str]


def organization_histories(
    *, unit_ids: list[int], first: int, last: int
) -> dict[int, dict[int, str]]:
    """Year → level decided (the decision in force) per organization, first..last."""
    rows = Decision.objects.filter(
        proposal__unit_id__in=unit_ids,
        proposal__year__gte=first,
        proposal__year__lte=last,
        annulled_at__isnull=True,
    ).values_list("proposal__unit_id", "proposal__year", "level")
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for unit_id, year, level in rows:
        out[unit_id][year] = level
    return out


def eligible_organizations(
    *,
    user: User,
    year: int,
    unit: Unit | None = None,
    settings: eligibility.EligibilitySettings = eligibility.DEFAULT_SETTINGS,
) -> list[EligibleOrganization]:
    """Organizations in scope decided HTXSNV in `year`: candidates for "Trong sạch, vững
    mạnh tiêu biểu" of the year, and of 5 years running when each of Y-4…Y was decided
    HTXSNV (domain.md §8.1), by tree order. Four queries whatever the scope."""
    units_qs = org_selectors.units_in_scope(user)
    if unit is not None:
        units_qs = units_qs.filter(path__gte=unit.path, path__lt=unit.path_upper_bound)
    excellent = Decision.objects.filter(
        proposal__year=year, annulled_at__isnull=True, level=eligibility.EXCELLENT
    ).values("proposal__unit_id")
    units = list(units_qs.filter(pk__in=excellent).order_by("path"))
    ids = [u.pk for u in units]
    histories = organization_histories(
        unit_ids=ids, first=year - 2 * settings.run_length, last=year
    )
    run_awards: dict[int, list[int]] = defaultdict(list)
    proposed: dict[int, set[str]] = defaultdict(set)
    for unit_id, kind, proposal_year, status in CommendationProposal.objects.filter(
        organization_id__in=ids
    ).values_list("organization_id", "kind", "year", "status"):
        if kind == AwardKind.RUN and status == CommendationProposal.Status.APPROVED:
            run_awards[unit_id].append(proposal_year)
        if proposal_year == year:
            proposed[unit_id].add(kind)
    return [
        EligibleOrganization(
            unit=u,
            candidacy=eligibility.candidacy(
                histories[u.pk], year, run_awards=run_awards[u.pk], settings=settings
            ),
            proposed_kinds=frozenset(proposed[u.pk]),
        )
        for u in units
    ]


def organization_history(*, unit: Unit) -> dict[int, str]:
    """Year → level decided for one organization."""
    return organization_histories(unit_ids=[unit.pk], first=1900, last=2200)[unit.pk]


def organization_run_award_years(*, unit: Unit) -> list[int]:
    return list(
        CommendationProposal.objects.filter(
            organization=unit, kind=AwardKind.RUN, status=CommendationProposal.Status.APPROVED
        ).values_list("year", flat=True)
    )


@dataclass(frozen=True)
class BadgeRow:
    person: Person
    badge: eligibility.Badge


def badge_list(*, user: User, year: int) -> list[BadgeRow]:
    """Members in scope whose badge is presented in `year`, by date then name order.

    Active members admitted in the years that can reach a milestone in `year`, members with
    time out of the Party or a recorded condition (illness moves a badge up to 24 months
    early; a member who died within 12 months of a milestone receives it posthumously; a
    badge due during discipline is listed as blocked). Three queries: the members, their
    gaps, their conditions.
    """
    admission_years = {y for n in eligibility.BADGE_MILESTONES for y in (year - n - 1, year - n)}
    gap_people = MembershipGap.objects.values("person_id")
    condition_people = BadgeCondition.objects.values("person_id")
    posthumous = BadgeCondition.objects.filter(kind=BadgeCondition.Kind.POSTHUMOUS).values(
        "person_id"
    )
    people = list(
        org_selectors.people_in_scope(user)
        .filter(Q(status__in=ACTIVE_STATUSES) | Q(status=PersonStatus.DECEASED, pk__in=posthumous))
        .filter(
            Q(admitted_on__year__in=admission_years)
            | Q(pk__in=gap_people)
            | Q(pk__in=condition_people)
        )
        .select_related("unit")
        .order_by("sort_key", "id")
    )
    gaps: dict[int, list[tuple[datetime.date, datetime.date]]] = defaultdict(list)
    for gap in MembershipGap.objects.filter(person__in=people):
        gaps[gap.person_id].append((gap.left_on, gap.readmitted_on))
    discipline: dict[int, list[tuple[datetime.date, datetime.date | None]]] = defaultdict(list)
    early: dict[int, tuple[str, datetime.date]] = {}
    for condition in BadgeCondition.objects.filter(person__in=people).order_by("start"):
        if condition.kind == BadgeCondition.Kind.DISCIPLINE:
            discipline[condition.person_id].append((condition.start, condition.end))
        elif condition.kind == BadgeCondition.Kind.POSTHUMOUS or condition.person_id not in early:
            early[condition.person_id] = (str(condition.kind), condition.start)
    rows = [
        BadgeRow(person, badge)
        for person in people
        for badge in eligibility.badges_presented_in(
            person.admitted_on,
            year,
            gaps=gaps[person.pk],
            discipline=discipline[person.pk],
            early=early.get(person.pk),
        )
    ]
    return sorted(rows, key=lambda r: (r.badge.presented_on, r.person.sort_key, r.person.pk))


def proposal_list(*, user: User, year: int) -> QuerySet[CommendationProposal]:
    """Proposals of the year in scope: members, then organizations."""
    people = org_selectors.people_in_scope(user)
    units = org_selectors.units_in_scope(user)
    return (
        CommendationProposal.objects.filter(year=year)
        .filter(Q(person__in=people) | Q(organization__in=units))
        .select_related("person", "person__unit", "organization", "decision")
        .order_by("status", "organization__path", "person__sort_key", "id")
    )


def decision_list(*, user: User) -> QuerySet[CommendationDecision]:
    return CommendationDecision.objects.filter(
        deciding_unit__in=org_selectors.units_in_scope(user)
    ).select_related("deciding_unit")


def decision_get_for_user(*, user: User, pk: int) -> CommendationDecision:
    decision = decision_list(user=user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision


def decision_proposals(*, decision: CommendationDecision) -> QuerySet[CommendationProposal]:
    return decision.proposals.select_related("person", "person__unit", "organization").order_by(
        "person__sort_key", "id"
    )


def award_subject(proposal: CommendationProposal) -> str:
    """The §8.2 table's subject: a member, a cell, or a grassroots organization."""
    if proposal.person_id:
        return eligibility.MEMBER
    kind = proposal.organization.kind  # type: ignore[union-attr]
    return eligibility.CELL if kind == UnitKind.CELL else eligibility.GRASSROOTS


def _amount_text(proposal: CommendationProposal, decision: CommendationDecision) -> str:
    """'0,3 × lương cơ sở = 447.000 đ', or '' when the table has no amount."""
    multiple = eligibility.award_multiple(
        award_subject(proposal), proposal.kind, decision.form_of_award
    )
    amount = eligibility.award_amount(multiple, decision.decided_on)
    if multiple is None or amount is None:
        return ""
    factor = format(multiple.normalize(), "f").replace(".", ",")
    dong = f"{amount:,}".replace(",", ".")
    return f"{factor} × lương cơ sở = {dong} đ"


def decision_document(*, decision: CommendationDecision) -> CommendationDecisionData:
    """The builder input of the decision's document (Quyết định khen thưởng)."""
    unit = decision.deciding_unit
    return CommendationDecisionData(
        letterhead=document_selectors.letterhead_for(
            unit=unit,
            place=decision.place,
            on=decision.decided_on,
            signer_name=decision.signer_name,
            issuer_code=decision.issuer_code,
        ),
        number=decision.number,
        date=decision.decided_on,
        year=decision.year,
        form_of_award=decision.form_of_award,
        bases=(
            "Điều lệ Đảng Cộng sản Việt Nam",
            "Hướng dẫn số 56-HD/VPTW của Văn phòng Trung ương Đảng",
        ),
        rows=tuple(
            AwardRow(
                name=(p.person.full_name if p.person else p.organization.name),  # type: ignore[union-attr]
                unit=(p.person.unit.name if p.person else ""),
                title=p.title,
                amount=_amount_text(p, decision),
            )
            for p in decision_proposals(decision=decision)
        ),
        recipients=("Các tổ chức đảng trực thuộc", "Các đồng chí có tên tại Điều 1"),
    )


def proposal_list_by_ids(*, user: User, ids: list[int]) -> QuerySet[CommendationProposal]:
    """The given proposals that are in the user's scope (others silently left out)."""
    people = org_selectors.people_in_scope(user)
    units = org_selectors.units_in_scope(user)
    return (
        CommendationProposal.objects.filter(pk__in=ids)
        .filter(Q(person__in=people) | Q(organization__in=units))
        .select_related("person", "person__unit", "organization")
    )


@dataclass(frozen=True)
class HistoryYear:
    year: int
    level: str  # decided level ("" when not classified)
    awards: tuple[CommendationProposal, ...]  # decided commendations of that year


def organization_history_rows(*, unit: Unit) -> list[HistoryYear]:
    """The organization's history, newest first: the level decided each year and the
    commendations decided for it (the unit's side of "record in the history"). Two queries."""
    levels = organization_history(unit=unit)
    awards: dict[int, list[CommendationProposal]] = defaultdict(list)
    for proposal in CommendationProposal.objects.filter(
        organization=unit, status=CommendationProposal.Status.APPROVED
    ).select_related("decision", "organization"):
        awards[proposal.year].append(proposal)
    return [
        HistoryYear(year, levels.get(year, ""), tuple(awards.get(year, ())))
        for year in sorted(set(levels) | set(awards), reverse=True)
    ]
