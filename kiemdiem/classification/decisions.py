"""Reads for proposals and decisions, scoped to the user: who decides, what the rules say about
a proposed or decided level (built from the whole quota scope), quota use per scope."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.classification.rules import UnknownPackError, check, pack_for_year
from kiemdiem.classification.rules.common import new_member_cutoff, quota_allowed
from kiemdiem.classification.selectors import COLLECTIVE_KIND, review_date_for
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs import services as org_services
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    GRASSROOTS_KINDS,
    DecidesFor,
    DecisionScope,
    Person,
    PersonStatus,
    Unit,
)


def decider_for(proposal: Proposal) -> Unit | None:
    """The competent level: the DecidesFor edge, or the default of domain.md §4.2."""
    if proposal.person_id is not None:
        unit, scope = proposal.person.unit, DecisionScope.MEMBERS  # type: ignore[union-attr]
    elif proposal.body_id is not None:
        # A leadership collective is decided by the body that manages its organization.
        unit, scope = proposal.body.unit, DecisionScope.ORGANIZATION  # type: ignore[union-attr]
    else:
        unit, scope = proposal.unit, DecisionScope.ORGANIZATION
    edge = DecidesFor.objects.select_related("decider").filter(subject=unit, scope=scope).first()
    if edge is not None:
        return edge.decider
    # The top of the tree answers to a level outside the system: it records its own decision.
    return org_services.default_decider(unit, scope) or unit


def _decider_key(proposal: Proposal) -> tuple[Unit, str]:
    """The unit whose competent level decides the proposal, and the scope of the decision."""
    if proposal.person_id is not None:
        return proposal.person.unit, DecisionScope.MEMBERS  # type: ignore[union-attr]
    if proposal.body_id is not None:
        return proposal.body.unit, DecisionScope.ORGANIZATION  # type: ignore[union-attr]
    return proposal.unit, DecisionScope.ORGANIZATION  # type: ignore[return-value]


def deciders_for(proposals: list[Proposal]) -> dict[int, Unit | None]:
    """Proposal id → its competent level (as `decider_for`), in a number of queries that does
    not grow with the rows: one for the DecidesFor edges of every unit, and one default lookup
    per (parent, kind, scope), because the default depends on nothing else (domain.md §4.2)."""
    keys = {proposal.pk: _decider_key(proposal) for proposal in proposals}
    units = {unit.pk: unit for unit, _scope in keys.values()}
    edges: dict[tuple[int, str], Unit] = {}
    if units:
        edges = {
            (edge.subject_id, edge.scope): edge.decider
            for edge in DecidesFor.objects.select_related("decider").filter(subject__in=units)
        }
    defaults: dict[tuple[int | None, str, str], Unit | None] = {}
    result: dict[int, Unit | None] = {}
    for pk, (unit, scope) in keys.items():
        edge = edges.get((unit.pk, scope))
        if edge is not None:
            result[pk] = edge
            continue
        signature = (unit.parent_id, unit.kind, scope)
        if signature not in defaults:
            found = org_services.default_decider(unit, scope)
            # A unit that decides for itself (a grassroots cell's members) stands for "itself".
            defaults[signature] = None if found is None or found.pk == unit.pk else found
        # The top of the tree answers to a level outside the system: it records its own decision.
        result[pk] = defaults[signature] or unit
    return result


def user_can_decide(*, user: User, decider: Unit) -> bool:
    """The committee office of the deciding unit (or above it) decides."""
    return org_selectors.user_can_manage_unit(user=user, unit=decider)


def user_can_propose(*, user: User, unit: Unit) -> bool:
    scope = org_selectors.user_scope(user)
    return scope.everything or any(low <= unit.path < high for low, high in scope.ranges)


def proposal_list(*, user: User, unit: Unit, year: int) -> QuerySet[Proposal]:
    """Proposals for the members and organizations of a unit's subtree that the user may see."""
    units = org_selectors.units_in_scope(user).filter(
        path__gte=unit.path, path__lt=unit.path_upper_bound
    )
    return (
        Proposal.objects.filter(year=year)
        .filter(Q(person__unit__in=units) | Q(unit__in=units) | Q(body__unit__in=units))
        .select_related("person__unit", "unit", "body__unit", "proposed_by")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.select_related("decider"))
        )
        .order_by("unit__path", "person__unit__path", "person__sort_key")
    )


def decisions_by_proposal(proposals: QuerySet[Proposal]) -> dict[int, list[Decision]]:
    """Proposal id → its decisions (in force and annulled, newest first) with their decider, in
    one query. For thousands of rows this is much cheaper than `prefetch_related`, which builds
    a queryset per row."""
    result: dict[int, list[Decision]] = {}
    for decision in Decision.objects.filter(proposal__in=proposals.values("pk")).select_related(
        "decider"
    ):
        result.setdefault(decision.proposal_id, []).append(decision)
    return result


def proposal_get_for_user(*, user: User, pk: int) -> Proposal:
    units = org_selectors.units_in_scope(user)
    proposal = (
        Proposal.objects.filter(pk=pk)
        .filter(Q(person__unit__in=units) | Q(unit__in=units) | Q(body__unit__in=units))
        .select_related("person__unit", "unit", "body__unit")
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def decision_get_for_user(*, user: User, pk: int) -> Decision:
    decision = Decision.objects.filter(pk=pk).select_related("proposal", "decider").first()
    if decision is None:
        raise Http404
    proposal_get_for_user(user=user, pk=decision.proposal_id)
    return decision


def decisions_in_force(*, unit: Unit, year: int) -> QuerySet[Decision]:
    subtree = (
        Q(
            proposal__person__unit__path__gte=unit.path,
            proposal__person__unit__path__lt=unit.path_upper_bound,
        )
        | Q(proposal__unit__path__gte=unit.path, proposal__unit__path__lt=unit.path_upper_bound)
        | Q(
            proposal__body__unit__path__gte=unit.path,
            proposal__body__unit__path__lt=unit.path_upper_bound,
        )
    )
    return Decision.objects.filter(subtree, proposal__year=year, annulled_at__isnull=True)


def undecided_subunits(*, unit: Unit, year: int) -> list[Unit]:
    """Direct subunits without a decision in force for the year (lower levels decide first)."""
    children = list(unit.children.order_by("code"))
    decided = set(
        Decision.objects.filter(
            proposal__unit__in=children, proposal__year=year, annulled_at__isnull=True
        ).values_list("proposal__unit_id", flat=True)
    )
    return [child for child in children if child.pk not in decided]


def quota_scope(unit: Unit) -> Unit:
    """The grassroots organization whose members share one HTXSNV quota (domain.md §4.1.1)."""
    return quota_scopes([unit])[unit.pk]


def quota_scopes(units: Iterable[Unit]) -> dict[int, Unit]:
    """Unit id → its quota scope (as `quota_scope`), for many units in one query: the nearest
    grassroots ancestor, else the unit itself."""
    units = list(units)
    ancestor_ids = {
        pk for unit in units if unit.kind not in GRASSROOTS_KINDS for pk in unit.ancestor_ids
    }
    grassroots = (
        {u.pk: u for u in Unit.objects.filter(pk__in=ancestor_ids, kind__in=GRASSROOTS_KINDS)}
        if ancestor_ids
        else {}
    )
    result: dict[int, Unit] = {}
    for unit in units:
        if unit.kind in GRASSROOTS_KINDS:
            result[unit.pk] = unit
            continue
        nearest = (grassroots[pk] for pk in reversed(unit.ancestor_ids) if pk in grassroots)
        result[unit.pk] = next(nearest, unit)
    return result


def _levels(
    year: int,
    people: list[int] | None = None,
    units: list[int] | None = None,
    *,
    decided_only: bool = False,
) -> dict[str, str | None]:
    """Subject id → level: the decision in force, else (unless `decided_only`) the proposal.
    Two queries of plain values, whatever the number of subjects."""
    proposals = Proposal.objects.filter(year=year)
    if people is not None:
        proposals = proposals.filter(person_id__in=people)
    if units is not None:
        proposals = proposals.filter(unit_id__in=units)
    in_force = dict(
        Decision.objects.filter(proposal__in=proposals, annulled_at__isnull=True).values_list(
            "proposal_id", "level"
        )
    )
    result: dict[str, str | None] = {}
    for pk, person_id, unit_id, proposed in proposals.values_list(
        "pk", "person_id", "unit_id", "level"
    ):
        if pk not in in_force and decided_only:
            continue
        level = in_force.get(pk, proposed)
        result[f"P{person_id}" if person_id else f"U{unit_id}"] = level or None
    return result


def _member(person: dict[str, Any], level: str | None) -> dict[str, Any]:
    return {
        "id": f"P{person['pk']}",
        "name": person["full_name"],
        "official": person["official_on"] is not None,
        "head": False,
        "level": level,
        "score": None,
        "admitted_on": person["admitted_on"].isoformat(),
        "exempt": person["status"] == PersonStatus.EXEMPT,
        "suspended": person["status"] == PersonStatus.SUSPENDED,
        "sick_leave_days": 0,
        "discipline": None,
        "civil_servant_level": None,
    }


_PERSON_FIELDS = ("pk", "full_name", "official_on", "admitted_on", "status")


def scope_case(
    *, scope: Unit, year: int, rule_pack: str, stage: str, decided_only: bool
) -> dict[str, Any]:
    """The case of every member of a quota scope (domain.md §4.1.1) with their levels in force
    (decisions, else proposals unless `decided_only`). The collective is the scope, unrated."""
    people = list(
        Person.objects.filter(
            unit__path__gte=scope.path,
            unit__path__lt=scope.path_upper_bound,
            status__in=ACTIVE_STATUSES,
        ).values(*_PERSON_FIELDS)
    )
    levels = _levels(year, people=[p["pk"] for p in people], decided_only=decided_only)
    return {
        "rule_pack": rule_pack,
        "stage": stage,
        "review_date": review_date_for(year).isoformat(),
        "collective": {
            "id": f"U{scope.pk}",
            "name": scope.name,
            "kind": COLLECTIVE_KIND.get(scope.kind, "party_committee"),
            "level": None,
            "subunits": [],
        },
        "members": [_member(p, levels.get(f"P{p['pk']}")) for p in people],
    }


def with_level(case: dict[str, Any], subject: str, level: str | None) -> dict[str, Any]:
    """The case with one member's level replaced (the level being decided)."""
    members = [{**m, "level": level} if m["id"] == subject else m for m in case["members"]]
    return {**case, "members": members}


def case_for(*, proposal: Proposal, level: str | None, stage: str) -> tuple[dict[str, Any], str]:
    """The rules case for deciding a proposal, and the subject id in it."""
    if proposal.person_id is not None:
        # At decision, the others count with what has been decided; pending proposals do not.
        case = scope_case(
            scope=quota_scope(proposal.person.unit),  # type: ignore[union-attr]
            year=proposal.year,
            rule_pack=proposal.rule_pack,
            stage=stage,
            decided_only=stage == "decision",
        )
        subject = f"P{proposal.person_id}"
        return with_level(case, subject, level), subject
    if proposal.body_id is not None:
        return _body_case(proposal=proposal, level=level, stage=stage)
    return unit_cases([proposal], levels={proposal.pk: level}, stage=stage)[proposal.pk]


def unit_cases(
    proposals: list[Proposal], *, levels: dict[int, str | None], stage: str
) -> dict[int, tuple[dict[str, Any], str]]:
    """Proposal id → (case, subject) for proposals on organizations (`proposal.unit`): the unit as
    the collective at `levels[proposal id]`, its own members and its direct children as subunits
    at their levels in force. Six queries for any number of organizations of one year."""
    result: dict[int, tuple[dict[str, Any], str]] = {}
    years = {proposal.year for proposal in proposals}
    for year in years:
        batch = [p for p in proposals if p.year == year]
        unit_ids = [p.unit_id for p in batch]
        people: dict[int, list[dict[str, Any]]] = {}
        for person in Person.objects.filter(unit__in=unit_ids, status__in=ACTIVE_STATUSES).values(
            *_PERSON_FIELDS, "unit_id"
        ):
            people.setdefault(person["unit_id"], []).append(person)
        children: dict[int, list[int]] = {}
        for pk, parent_id in Unit.objects.filter(parent__in=unit_ids).values_list(
            "pk", "parent_id"
        ):
            children.setdefault(parent_id, []).append(pk)
        member_levels = _levels(year, people=[p["pk"] for group in people.values() for p in group])
        child_levels = _levels(year, units=[pk for group in children.values() for pk in group])
        for proposal in batch:
            unit = proposal.unit
            subject = f"U{unit.pk}"  # type: ignore[union-attr]
            case = {
                "rule_pack": proposal.rule_pack,
                "stage": stage,
                "review_date": review_date_for(year).isoformat(),
                "collective": {
                    "id": subject,
                    "name": unit.name,  # type: ignore[union-attr]
                    "kind": COLLECTIVE_KIND.get(unit.kind, "party_committee"),  # type: ignore[union-attr]
                    "level": levels.get(proposal.pk),
                    "subunits": [
                        {"id": f"U{pk}", "level": child_levels.get(f"U{pk}"), "disciplined": False}
                        for pk in children.get(unit.pk, [])  # type: ignore[union-attr]
                    ],
                },
                "members": [
                    _member(p, member_levels.get(f"P{p['pk']}"))
                    for p in people.get(unit.pk, [])  # type: ignore[union-attr]
                ],
            }
            result[proposal.pk] = case, subject
    return result


def _body_case(*, proposal: Proposal, level: str | None, stage: str) -> tuple[dict[str, Any], str]:
    """The case of a leadership collective: the body, its current members with their levels."""
    body = proposal.body
    people = list(
        Person.objects.filter(seats__body=body, seats__end__isnull=True)
        .distinct()
        .values(*_PERSON_FIELDS)
    )
    levels = _levels(proposal.year, people=[p["pk"] for p in people])
    subject = f"B{body.pk}"  # type: ignore[union-attr]
    case = {
        "rule_pack": proposal.rule_pack,
        "stage": stage,
        "review_date": review_date_for(proposal.year).isoformat(),
        "collective": {
            "id": subject,
            "name": str(body),
            "kind": "leadership_collective",
            "level": level,
            "subunits": [],
        },
        "members": [_member(p, levels.get(f"P{p['pk']}")) for p in people],
    }
    return case, subject


def findings_concerning(
    findings: list[dict[str, Any]], *, subject: str, level: str | None, member: bool
) -> list[dict[str, Any]]:
    """The findings about one subject; for a member at HTXSNV also the quota of their scope
    (the HTXSNV quota is on members only, domain.md §12.4)."""
    if not member:
        return [f for f in findings if f["subject"] == subject and f["code"] != "QUOTA_HTXSNV"]
    return [
        f
        for f in findings
        if f["subject"] == subject or (f["code"] == "QUOTA_HTXSNV" and level == "HTXSNV")
    ]


def rules_check(case: dict[str, Any]) -> dict[str, Any]:
    """The engine's answer as the application shows and records it: a subject is named by its
    display name alone, because the case's ids (P12, U3) are database keys that mean nothing to
    the user. The contract (`check_rules`, /api/v1/rules/check) keeps the caller's ids."""
    return check(case, label_ids=False)


def findings_for(*, proposal: Proposal, level: str | None, stage: str) -> list[dict[str, Any]]:
    """Findings of the rules engine that concern this subject (and the quota of its scope when
    the level is HTXSNV)."""
    case, subject = case_for(proposal=proposal, level=level, stage=stage)
    result = rules_check(case)
    return findings_concerning(
        result["findings"],
        subject=subject,
        level=level,
        member=proposal.person_id is not None,
    )


def findings_at_proposal(*, proposals: list[Proposal]) -> dict[int, list[dict[str, Any]]]:
    """Proposal id → the findings beside it on the board (stage `proposal`, every subject at its
    level in force). Members are checked one case per quota scope, not one case per row, so a
    board of 2,000 members runs the engine a handful of times."""
    result: dict[int, list[dict[str, Any]]] = {}
    organizations = [p for p in proposals if p.person_id is None and p.body_id is None]
    cases = unit_cases(
        organizations, levels={p.pk: p.level or None for p in organizations}, stage="proposal"
    )
    for pk, (case, subject) in cases.items():
        result[pk] = findings_concerning(
            rules_check(case)["findings"], subject=subject, level=None, member=False
        )
    for proposal in proposals:
        if proposal.body_id is not None and proposal.person_id is None:
            # Leadership bodies: a few per committee, not per cell or member.
            result[proposal.pk] = findings_for(
                proposal=proposal, level=proposal.level or None, stage="proposal"
            )
    members = [p for p in proposals if p.person_id is not None]
    scopes = quota_scopes(p.person.unit for p in members)  # type: ignore[union-attr]
    groups: dict[tuple[int, int, str], list[Proposal]] = {}
    for proposal in members:
        scope = scopes[proposal.person.unit_id]  # type: ignore[union-attr]
        groups.setdefault((scope.pk, proposal.year, proposal.rule_pack), []).append(proposal)
    by_pk = {scope.pk: scope for scope in scopes.values()}
    for (scope_pk, year, pack), group in groups.items():
        case = scope_case(
            scope=by_pk[scope_pk], year=year, rule_pack=pack, stage="proposal", decided_only=False
        )
        # The board shows the proposed level for rows not yet decided.
        proposed = {f"P{p.person_id}": p.level or None for p in group}
        case["members"] = [
            {**m, "level": proposed[m["id"]]} if m["id"] in proposed else m for m in case["members"]
        ]
        findings = rules_check(case)["findings"]
        for proposal in group:
            result[proposal.pk] = findings_concerning(
                findings,
                subject=f"P{proposal.person_id}",
                level=proposal.level or None,
                member=True,
            )
    return result


@dataclass(frozen=True)
class QuotaRow:
    scope: Unit
    excellent: int
    good: int
    allowed: int

    @property
    def over(self) -> bool:
        return self.excellent > self.allowed


def quota_dashboard(*, user: User, unit: Unit, year: int) -> list[QuotaRow]:
    """HTXSNV against the quota in each grassroots organization of the subtree, from the levels
    in force (decisions, else proposals) of its classified members. One query for the levels,
    one for the decisions, one for the scopes."""
    scopes = list(
        org_selectors.units_in_scope(user)
        .filter(path__gte=unit.path, path__lt=unit.path_upper_bound, kind__in=GRASSROOTS_KINDS)
        .order_by("path")
    )
    # The quota counts classified members only: the exempt, the suspended and members admitted
    # after the pack's new-member cutoff are left out, as the engine leaves them out.
    try:
        settings = pack_for_year(year).settings
    except UnknownPackError:
        return []  # years up to 2018 are history only: no quota to check
    cutoff = new_member_cutoff(review_date_for(year), settings)
    rows = (
        Proposal.objects.filter(
            year=year,
            person__unit__path__gte=unit.path,
            person__unit__path__lt=unit.path_upper_bound,
            person__admitted_on__lte=cutoff,
        )
        .exclude(person__status__in=[PersonStatus.EXEMPT, PersonStatus.SUSPENDED])
        .values_list("pk", "person__unit__path", "level")
    )
    in_force = dict(
        Decision.objects.filter(
            proposal__year=year, annulled_at__isnull=True, proposal__person__isnull=False
        ).values_list("proposal_id", "level")
    )
    counts: dict[int, list[int]] = {scope.pk: [0, 0] for scope in scopes}
    ordered = sorted(scopes, key=lambda s: -len(s.path))
    for pk, path, proposed in rows:
        level = in_force.get(pk, proposed)
        for scope in ordered:
            if scope.path <= path < scope.path_upper_bound:
                if level == "HTXSNV":
                    counts[scope.pk][0] += 1
                elif level == "HTTNV":
                    counts[scope.pk][1] += 1
                break
    return [
        QuotaRow(scope, excellent, good, quota_allowed(good, settings))
        for scope in scopes
        for excellent, good in [counts[scope.pk]]
    ]
