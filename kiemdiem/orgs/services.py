"""Writes to the organization: units, moves, decision authority, people, transfers, bodies.

Every function here validates, writes in one transaction and records an audit row.

The derived columns that make subtree member lists fast (Person.ancestor<d>, Unit.member_total;
see orgs.models) are kept here too, in the same transaction as the write they follow:
person_create and person_transfer set a person's ancestors and count them along their cell's
lineage, unit_move shifts the moved subtree's people and moves its count, and the roster import
does the same in bulk (`member_totals_apply`). Names live on the Person row, so a name change
reorders every ancestor index by itself.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core import text
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.orgs import selectors
from kiemdiem.orgs.models import (
    ANCESTOR_DEPTHS,
    ANCESTOR_FIELDS,
    PATH_SEGMENT,
    POSITION_ORDER,
    BodyKind,
    BodyMembership,
    CellMembership,
    DecidesFor,
    DecisionScope,
    LeadershipBody,
    Person,
    PersonStatus,
    Position,
    Unit,
    UnitKind,
    ancestor_values,
    path_lineage,
)
from kiemdiem.orgs.naming import name_columns

PERSON_AUDIT_FIELDS = [
    "full_name",
    "date_of_birth",
    "gender",
    "card_number",
    "admitted_on",
    "official_on",
    "status",
    "rank",
    "position",
    "unit",
]


def _require_manage(actor: User | None, unit: Unit | None) -> None:
    """System work (actor None) is allowed; a user needs write access over the unit."""
    if actor is None:
        return
    if not selectors.user_can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("Bạn không có quyền thay đổi đơn vị này."))


def segment(pk: int) -> str:
    return str(pk).zfill(PATH_SEGMENT)


def _fresh_path(unit: Unit) -> str:
    """The unit's path as stored now (a caller's instance may predate a move)."""
    return Unit.objects.filter(pk=unit.pk).values_list("path", flat=True).get()


def member_totals_apply(deltas: dict[int, int]) -> None:
    """Add `deltas[unit_id]` to each unit's stored member total: one UPDATE per distinct delta.

    Callers pass the lineage of every cell that gained or lost people, so a total always equals
    the people under the unit. Only call inside the write's transaction.
    """
    by_delta: dict[int, list[int]] = {}
    for unit_id, delta in deltas.items():
        if delta:
            by_delta.setdefault(delta, []).append(unit_id)
    for delta, unit_ids in by_delta.items():
        for start in range(0, len(unit_ids), 900):
            Unit.objects.filter(pk__in=unit_ids[start : start + 900]).update(
                member_total=F("member_total") + delta
            )


def lineage_deltas(moves: list[tuple[str | None, str | None]]) -> dict[int, int]:
    """Member-total changes for people leaving the cell at the first path and joining the cell
    at the second (None = nobody leaves / joins)."""
    deltas: dict[int, int] = {}
    for old_path, new_path in moves:
        for path, step in ((old_path, -1), (new_path, 1)):
            if path:
                for unit_id in path_lineage(path):
                    deltas[unit_id] = deltas.get(unit_id, 0) + step
    return deltas


def person_ancestors_refresh(*, unit_ids: list[int] | None = None) -> None:
    """Recompute the ancestor columns of the people in the given cells (all cells if None) from
    the stored paths: the repair path for data written around the services (admin, migration)."""
    units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(pk__in=unit_ids)
    for pk, path in units.values_list("pk", "path").iterator():
        Person.objects.filter(unit_id=pk).update(**ancestor_values(path))


def member_totals_refresh() -> None:
    """Recompute every unit's stored member total from the people (a GROUP BY and a roll-up)."""
    paths = dict(Unit.objects.values_list("pk", "path"))
    direct = Person.objects.order_by().values_list("unit_id").annotate(n=Count("pk"))
    totals = dict.fromkeys(paths, 0)
    for unit_id, count in direct:
        for ancestor in path_lineage(paths[unit_id]):
            totals[ancestor] += count
    stored = dict(Unit.objects.values_list("pk", "member_total"))
    stale = [Unit(pk=pk, member_total=n) for pk, n in totals.items() if stored.get(pk) != n]
    Unit.objects.bulk_update(stale, ["member_total"], batch_size=2000)


@transaction.atomic
def unit_create(
    *, actor: User | None, code: str, name: str, kind: str, parent: Unit | None
) -> Unit:
    """Create a unit under `parent` (None = a root) with its materialized path."""
    _require_manage(actor, parent)
    code = text.normalize_text(code)
    name = text.normalize_text(name)
    if not code:
        raise ValidationError(_("Thiếu mã đơn vị."), code="required", params={"field": "code"})
    if kind not in UnitKind.values:
        raise ValidationError(
            _("Loại đơn vị «%(value)s» không hợp lệ"),
            code="invalid",
            params={"field": "kind", "value": kind},
        )
    if Unit.objects.filter(code=code).exists():
        raise ValidationError(
            _("Mã đơn vị «%(value)s» đã tồn tại"),
            code="unique",
            params={"field": "code", "value": code},
        )
    unit = Unit.objects.create(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        path="",
        depth=(parent.depth + 1) if parent else 0,
        name_folded=text.fold(name),
    )
    unit.path = (parent.path if parent else "") + segment(unit.pk)
    unit.save(update_fields=["path"])
    audit_record(
        actor=actor,
        verb="unit_create",
        instance=unit,
        changes={"code": code, "name": name, "kind": kind},
    )
    return unit


@transaction.atomic
def unit_move(*, actor: User | None, unit: Unit, new_parent: Unit | None) -> Unit:
    """Move a unit (and its whole subtree) under `new_parent`, rewriting every path in one UPDATE."""
    _require_manage(actor, unit)
    _require_manage(actor, new_parent)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if new_parent is not None and new_parent.path.startswith(unit.path):
        raise ValidationError(
            _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."),
            code="cycle",
            params={"field": "parent"},
        )
    old_path = unit.path
    old_parent_id = unit.parent_id
    new_parent_path = _fresh_path(new_parent) if new_parent else ""
    new_path = new_parent_path + segment(unit.pk)
    depth_change = (len(new_path) - len(old_path)) // PATH_SEGMENT
    subtree = Unit.objects.filter(path__gte=old_path, path__lt=unit.path_upper_bound)
    deepest = subtree.order_by("-depth").values_list("depth", flat=True).first() or unit.depth
    subtree.update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    Unit.objects.filter(pk=unit.pk).update(parent=new_parent)
    # The subtree's people leave the old ancestors' totals and join the new ones'.
    moved = unit.member_total
    deltas = dict.fromkeys(path_lineage(old_path)[:-1], -moved)
    for ancestor in path_lineage(new_parent_path):
        deltas[ancestor] = deltas.get(ancestor, 0) + moved
    member_totals_apply(deltas)
    unit.refresh_from_db()
    _shift_ancestors(unit, old_depth=len(old_path) // PATH_SEGMENT - 1, deepest=deepest)
    audit_record(
        actor=actor,
        verb="unit_move",
        instance=unit,
        changes={"parent": [old_parent_id, new_parent.pk if new_parent else None]},
    )
    return unit


def _shift_ancestors(unit: Unit, *, old_depth: int, deepest: int) -> None:
    """Rewrite the ancestor columns of everyone under a unit that just moved (paths final).

    Above the unit they are its new lineage; from the unit down they are the old columns
    shifted by the change in depth, in one UPDATE (SQL reads every right-hand side from the row
    before the update). If the move lifts people whose old ancestors lay deeper than the columns
    reach, those values were never stored: recompute those cells from their paths instead.
    """
    shift = unit.depth - old_depth
    if shift < 0 and deepest >= ANCESTOR_DEPTHS:
        subtree = Unit.objects.filter(path__gte=unit.path, path__lt=unit.path_upper_bound)
        person_ancestors_refresh(unit_ids=list(subtree.values_list("pk", flat=True)))
        return
    if old_depth < ANCESTOR_DEPTHS:
        people = Person.objects.filter(**{ANCESTOR_FIELDS[old_depth]: unit.pk})
    else:
        people = Person.objects.filter(
            unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound
        )
    lineage = unit.lineage_ids
    values: dict[str, Any] = {}
    for depth, name in enumerate(ANCESTOR_FIELDS):
        source = depth - shift
        if depth < unit.depth:
            values[name] = lineage[depth]
        elif source == depth:
            continue  # same depth as before: the column keeps its value
        elif source < ANCESTOR_DEPTHS:
            values[name] = F(ANCESTOR_FIELDS[source])
        else:
            values[name] = None  # below every old cell: the lifted people have nothing there
    people.update(**values)


@transaction.atomic
def decides_for_set(*, actor: User | None, decider: Unit, subject: Unit, scope: str) -> DecidesFor:
    """Record that `decider` decides the classification of `subject` (or of its members)."""
    _require_manage(actor, decider)
    edge, created = DecidesFor.objects.update_or_create(
        subject=subject, scope=scope, defaults={"decider": decider}
    )
    audit_record(
        actor=actor,
        verb="decides_for_set",
        instance=edge,
        changes={"decider": decider.pk, "subject": subject.pk, "scope": scope, "created": created},
    )
    return edge


def default_decider(unit: Unit, scope: str) -> Unit | None:
    """The default competent level (domain.md §4.2) from the unit's ancestors.

    Members of a cell under a grassroots committee and the organizations under it are decided by
    that grassroots committee; members of a grassroots cell by the cell itself; a grassroots
    organization or an upper committee by its direct parent.
    """
    ancestors = list(Unit.objects.filter(pk__in=unit.ancestor_ids).order_by("-depth"))
    if scope == DecisionScope.MEMBERS and unit.kind == UnitKind.GRASSROOTS_CELL:
        return unit
    if unit.kind in {UnitKind.CELL, UnitKind.PARTIAL_COMMITTEE} or scope == DecisionScope.MEMBERS:
        for ancestor in ancestors:
            if ancestor.kind in {UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL}:
                return ancestor
    return ancestors[0] if ancestors else None


def _person_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields = dict(data)
    if "full_name" in fields and not {"family_name", "given_name"} & set(fields):
        parts, _single = text.split_full_name(fields.pop("full_name"))
        fields.update(
            family_name=parts.family_name,
            middle_name=parts.middle_name,
            given_name=parts.given_name,
        )
    else:
        fields.pop("full_name", None)
    fields.update(
        name_columns(
            family_name=fields.get("family_name", ""),
            middle_name=fields.get("middle_name", ""),
            given_name=fields.get("given_name", ""),
            date_of_birth=fields.get("date_of_birth"),
        )
    )
    if fields.get("card_number") == "":
        fields["card_number"] = None
    return fields


@transaction.atomic
def person_create(
    *, actor: User | None, unit: Unit, joined_on: datetime.date | None = None, **data: Any
) -> Person:
    """Create a member in `unit` and open their first cell membership.

    `data` holds the Person fields; a `full_name` alone is split by Vietnamese name order.
    """
    _require_manage(actor, unit)
    fields = _person_fields(data)
    if fields.get("status") is None:
        fields["status"] = (
            PersonStatus.OFFICIAL if fields.get("official_on") else PersonStatus.PROBATIONARY
        )
    path = _fresh_path(unit)
    person = Person(unit=unit, **fields, **ancestor_values(path))
    person.full_clean(exclude=["sort_key", "name_folded", *ANCESTOR_FIELDS])
    person.save()
    member_totals_apply(lineage_deltas([(None, path)]))
    CellMembership.objects.create(
        person=person,
        unit=unit,
        start=joined_on or person.admitted_on,
        reason=CellMembership.Reason.ADMITTED,
    )
    audit_record(
        actor=actor,
        verb="person_create",
        instance=person,
        changes=snapshot(person, PERSON_AUDIT_FIELDS),
    )
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, **data: Any) -> Person:
    """Change a member's record fields (not the cell: use person_transfer)."""
    _require_manage(actor, person.unit)
    before = snapshot(person, PERSON_AUDIT_FIELDS)
    merged = {
        "family_name": person.family_name,
        "middle_name": person.middle_name,
        "given_name": person.given_name,
        "date_of_birth": person.date_of_birth,
        **data,
    }
    fields = _person_fields(merged)
    for name, value in fields.items():
        setattr(person, name, value)
    person.full_clean(exclude=["sort_key", "name_folded", "unit"])
    person.save(update_fields=[*fields.keys(), "updated_at"])
    audit_record(
        actor=actor,
        verb="person_update",
        instance=person,
        changes=diff(before, snapshot(person, PERSON_AUDIT_FIELDS)),
    )
    return person


@transaction.atomic
def person_transfer(
    *, actor: User | None, person: Person, to_unit: Unit, on: datetime.date, temporary: bool = False
) -> Person:
    """Move a member to another cell: the open membership ends, a new one starts; history stays."""
    # Checked on the locked row, not on the caller's copy, which may be out of date.
    person = Person.objects.select_for_update().select_related("unit").get(pk=person.pk)
    _require_manage(actor, person.unit)
    _require_manage(actor, to_unit)
    if to_unit.pk == person.unit_id:
        raise ValidationError(
            _("Đảng viên đã sinh hoạt ở đơn vị này."), code="same_unit", params={"field": "unit"}
        )
    current_start = (
        CellMembership.objects.filter(person=person, end__isnull=True)
        .values_list("start", flat=True)
        .first()
    )
    if current_start is not None and on < current_start:
        # A transfer dated before the open membership began would leave a history whose
        # periods overlap and whose "current" cell is not the last one.
        raise ValidationError(
            _(
                "Ngày chuyển sinh hoạt %(on)s trước ngày bắt đầu sinh hoạt ở đơn vị hiện tại "
                "(%(start)s)."
            ),
            code="transfer_before_start",
            params={
                "field": "on",
                "on": on.strftime("%d/%m/%Y"),
                "start": current_start.strftime("%d/%m/%Y"),
            },
        )
    old_unit_id = person.unit_id
    old_path = _fresh_path(person.unit)
    new_path = _fresh_path(to_unit)
    CellMembership.objects.filter(person=person, end__isnull=True).update(end=on)
    CellMembership.objects.create(
        person=person,
        unit=to_unit,
        start=on,
        reason=CellMembership.Reason.TEMPORARY if temporary else CellMembership.Reason.TRANSFER,
    )
    person.unit = to_unit
    for name, value in ancestor_values(new_path).items():
        setattr(person, name, value)
    person.save(update_fields=["unit", *ANCESTOR_FIELDS, "updated_at"])
    member_totals_apply(lineage_deltas([(old_path, new_path)]))
    audit_record(
        actor=actor,
        verb="person_transfer",
        instance=person,
        changes={"unit": [old_unit_id, to_unit.pk], "on": on.isoformat()},
    )
    return person


@transaction.atomic
def body_create(
    *,
    actor: User | None,
    unit: Unit,
    kind: str,
    term_start: datetime.date,
    term_end: datetime.date | None = None,
) -> LeadershipBody:
    """Create a leadership body (BCH, BTV, chi ủy) of a unit for one term."""
    _require_manage(actor, unit)
    if kind not in BodyKind.values:
        raise ValidationError(
            _("Loại cơ quan lãnh đạo không hợp lệ"), code="invalid", params={"field": "kind"}
        )
    body = LeadershipBody.objects.create(
        unit=unit, kind=kind, term_start=term_start, term_end=term_end
    )
    audit_record(
        actor=actor,
        verb="body_create",
        instance=body,
        changes={"kind": kind, "term_start": term_start.isoformat()},
    )
    return body


@transaction.atomic
def seat_add(
    *,
    actor: User | None,
    body: LeadershipBody,
    person: Person,
    position: str,
    start: datetime.date,
    command_title: str = "",
) -> BodyMembership:
    """Seat a person in a leadership body with a party position (and optional command post)."""
    _require_manage(actor, body.unit)
    if position not in Position.values:
        raise ValidationError(
            _("Chức vụ không hợp lệ"), code="invalid", params={"field": "position"}
        )
    seat = BodyMembership.objects.create(
        body=body,
        person=person,
        position=position,
        position_rank=POSITION_ORDER[Position(position)],
        command_title=text.normalize_text(command_title),
        start=start,
    )
    audit_record(
        actor=actor,
        verb="seat_add",
        instance=seat,
        changes={"position": position, "person": person.pk},
    )
    return seat
