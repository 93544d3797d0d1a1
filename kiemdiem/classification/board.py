"""The decision board of a unit and year, grouped by unit (a cell and its members, an
organization and its leadership bodies), for the competent level.

A board of a grassroots organization holds thousands of member proposals, and most of them are
decided in one step (`services.decisions_confirm`). So a unit's group shows its own proposals,
the member proposals that need a decision one by one (a finding of the rules, or no level), and
counts for the rest; the clerk opens a group to see all its rows. A small board is shown open.
The number of queries does not depend on the number of members or cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiemdiem.accounts.models import User
from kiemdiem.classification import decisions
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.orgs.models import Person, Unit

OPEN_UP_TO = 60
"""A board with at most this many member proposals opens every group."""

# What the board reads of each row's person and units; the rest of their columns (dates,
# ancestors, timestamps) would cost more to convert than the whole page does to render.
_PERSON_READ = {"id", "full_name", "sort_key", "status", "unit_id"}
_UNIT_READ = {"id", "code", "name", "kind", "parent_id", "path", "depth"}
_DEFERRED = [
    "created_at",
    *(f"person__{f.name}" for f in Person._meta.concrete_fields if f.attname not in _PERSON_READ),
    *(
        f"{prefix}__{f.name}"
        for prefix in ("person__unit", "proposed_by", "unit", "body__unit")
        for f in Unit._meta.concrete_fields
        if f.attname not in _UNIT_READ
    ),
]


@dataclass
class BoardRow:
    proposal: Proposal
    decision: Decision | None
    history: list[Decision]
    decider: Unit | None
    can_decide: bool
    findings: list[dict[str, Any]]

    @property
    def needs_attention(self) -> bool:
        """Pending and not for the bulk confirmation: a finding, or no level proposed."""
        return self.decision is None and (bool(self.findings) or not self.proposal.level)


@dataclass
class BoardGroup:
    unit: Unit
    own: list[BoardRow] = field(default_factory=list)
    """The unit's own proposal and its leadership bodies': always shown."""
    members: list[BoardRow] = field(default_factory=list)
    """Every member proposal of the unit; `shown` is what the page lists."""
    open: bool = False
    foldable: bool = True
    """False when the whole board is shown open (a small board): no open / fold links."""

    @property
    def shown(self) -> list[BoardRow]:
        return self.members if self.open else [r for r in self.members if r.needs_attention]

    @property
    def decided(self) -> int:
        return sum(1 for r in self.members if r.decision is not None)

    @property
    def pending(self) -> int:
        return len(self.members) - self.decided

    @property
    def attention(self) -> int:
        return sum(1 for r in self.members if r.needs_attention)

    @property
    def hidden(self) -> int:
        return len(self.members) - len(self.shown)


@dataclass
class Board:
    groups: list[BoardGroup]

    @property
    def members(self) -> int:
        return sum(len(g.members) for g in self.groups)

    @property
    def decided(self) -> int:
        return sum(g.decided for g in self.groups)

    @property
    def attention(self) -> int:
        return sum(g.attention for g in self.groups)

    @property
    def confirmable(self) -> int:
        """Pending member proposals the bulk confirmation may decide (it checks again)."""
        return sum(
            1
            for g in self.groups
            for r in g.members
            if r.decision is None and r.can_decide and not r.needs_attention
        )


def group_unit(proposal: Proposal) -> Unit:
    """The unit a proposal is listed under: the member's cell, the organization itself, or the
    organization of a leadership body."""
    if proposal.person_id is not None:
        return proposal.person.unit  # type: ignore[union-attr]
    if proposal.body_id is not None:
        return proposal.body.unit  # type: ignore[union-attr]
    return proposal.unit  # type: ignore[return-value]


def board_get(
    *, user: User, unit: Unit, year: int, open_unit: int | None = None, only: Unit | None = None
) -> Board:
    """The board of `unit`'s subtree for `year`, as `user` sees it. `open_unit` opens one group;
    `only` keeps one group (the rows an htmx request loads on demand)."""
    listed = decisions.proposal_list(user=user, unit=only or unit, year=year)
    proposals = list(listed.prefetch_related(None).defer(*_DEFERRED))
    if only is not None:
        proposals = [p for p in proposals if group_unit(p).pk == only.pk]
    taken = decisions.decisions_by_proposal(listed)
    in_force = {
        p.pk: next((d for d in taken.get(p.pk, []) if d.annulled_at is None), None)
        for p in proposals
    }
    findings = decisions.findings_at_proposal(
        proposals=[p for p in proposals if in_force[p.pk] is None]
    )
    deciders = decisions.deciders_for(proposals)
    may_decide = {
        decider.pk: decisions.user_can_decide(user=user, decider=decider)
        for decider in {d for d in deciders.values() if d is not None}
    }
    groups: dict[int, BoardGroup] = {}
    for proposal in proposals:
        decider = deciders[proposal.pk]
        row = BoardRow(
            proposal=proposal,
            decision=in_force[proposal.pk],
            history=[d for d in taken.get(proposal.pk, []) if d.annulled_at is not None],
            decider=decider,
            can_decide=decider is not None and may_decide.get(decider.pk, False),
            findings=findings.get(proposal.pk, []),
        )
        home = group_unit(proposal)
        group = groups.setdefault(home.pk, BoardGroup(unit=home))
        (group.members if proposal.person_id is not None else group.own).append(row)
    ordered = sorted(groups.values(), key=lambda g: g.unit.path)
    open_all = only is None and sum(len(g.members) for g in ordered) <= OPEN_UP_TO
    for group in ordered:
        group.open = open_all or group.unit.pk == open_unit
        group.foldable = not open_all
        # The organization's own proposal first, then its bodies'.
        group.own.sort(key=lambda r: r.proposal.body_id is not None)
        group.members.sort(key=lambda r: r.proposal.person.sort_key)  # type: ignore[union-attr]
    return Board(groups=ordered)
