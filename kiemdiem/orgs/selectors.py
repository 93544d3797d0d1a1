"""Reads of the organization, always scoped to what the user may see.

`units_in_scope` is the one answer to "which units may this user see"; every other selector
filters by it. Out of scope and missing both raise Http404, so nobody can probe for objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import overload

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.core import text
from kiemdiem.orgs.models import (
    BodyMembership,
    CellMembership,
    ClassificationRecord,
    LeadershipBody,
    Person,
    Unit,
    UnitKind,
)

_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """What a user may see: everything, a set of subtrees (by path range), and/or one person."""

    everything: bool
    ranges: tuple[tuple[str, str], ...]
    own_person_id: int | None
    can_manage: bool


def user_scope(user: User) -> Scope:
    """The user's scope, computed once per user object (one query)."""
    cached: Scope | None = getattr(user, "_kiemdiem_scope", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        scope = Scope(False, (), None, False)
    elif user.is_superuser:
        scope = Scope(True, (), None, True)
    else:
        grants = list(RoleGrant.objects.filter(user=user).select_related("unit"))
        everything = any(grant.role == Role.ADMINISTRATOR for grant in grants)
        ranges = tuple(
            (grant.unit.path, grant.unit.path_upper_bound)
            for grant in grants
            if grant.unit is not None and grant.role in {Role.COMMITTEE_OFFICE, Role.CELL_SECRETARY}
        )
        can_manage = everything or any(grant.role == Role.COMMITTEE_OFFICE for grant in grants)
        scope = Scope(everything, ranges, user.person_id, can_manage)
    user._kiemdiem_scope = scope  # type: ignore[attr-defined]
    return scope


def _path_q(prefix: str, scope: Scope) -> Q:
    if scope.everything:
        return Q()
    q = _NOTHING
    for low, high in scope.ranges:
        q |= Q(**{f"{prefix}path__gte": low, f"{prefix}path__lt": high})
    return q


def units_in_scope(user: User) -> QuerySet[Unit]:
    """Every unit the user may see."""
    return Unit.objects.filter(_path_q("", user_scope(user)))


def people_in_scope(user: User) -> QuerySet[Person]:
    """Every person the user may see: members of units in scope, plus their own record."""
    scope = user_scope(user)
    q = _path_q("unit__", scope)
    if scope.own_person_id is not None:
        q |= Q(pk=scope.own_person_id)
    return Person.objects.filter(q)


def user_can_manage_unit(*, user: User, unit: Unit | None) -> bool:
    """Write access: administrators everywhere; committee offices inside their subtree."""
    scope = user_scope(user)
    if scope.everything:
        return True
    if unit is None or not scope.can_manage:
        return False
    grants = RoleGrant.objects.filter(user=user, role=Role.COMMITTEE_OFFICE).select_related("unit")
    return any(
        grant.unit is not None and grant.unit.path <= unit.path < grant.unit.path_upper_bound
        for grant in grants
    )


def unit_roots_for_user(*, user: User) -> QuerySet[Unit]:
    """The top units of the user's view: roots for an administrator, granted units otherwise."""
    scope = user_scope(user)
    if scope.everything:
        qs = Unit.objects.filter(parent__isnull=True)
    else:
        qs = units_in_scope(user).filter(path__in=[low for low, _ in scope.ranges])
    return qs.annotate(child_count=Count("children")).order_by("code")


def unit_get_for_user(*, user: User, pk: int) -> Unit:
    unit = units_in_scope(user).select_related("parent").filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def unit_children(*, user: User, unit: Unit) -> QuerySet[Unit]:
    return (
        units_in_scope(user)
        .filter(parent=unit)
        .annotate(child_count=Count("children"))
        .order_by("code")
    )


def unit_subtree(*, user: User, unit: Unit) -> QuerySet[Unit]:
    """The unit and everything under it that the user may see, parents first."""
    return (
        units_in_scope(user)
        .filter(path__gte=unit.path, path__lt=unit.path_upper_bound)
        .order_by("path")
    )


def unit_ancestors(*, user: User, unit: Unit) -> QuerySet[Unit]:
    return units_in_scope(user).filter(pk__in=unit.ancestor_ids).order_by("depth")


COMMITTEE_KINDS = (
    UnitKind.PARTY_COMMITTEE,
    UnitKind.GRASSROOTS_COMMITTEE,
    UnitKind.PARTIAL_COMMITTEE,
)


def members_q(unit: Unit) -> Q:
    """The people a unit calls to its meetings: a cell's own members; a committee's (đảng bộ)
    every member of its cells, who meet at its conference and vote on its level."""
    if unit.kind in COMMITTEE_KINDS:
        return Q(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
    return Q(unit=unit)


def unit_member_count(*, unit: Unit) -> int:
    """The people under the unit (its whole subtree): the stored total as read with the unit."""
    return unit.member_total


def _unit_in_scope(user: User, unit: Unit) -> bool:
    """Whether `unit` lies in one of the user's subtrees, from the cached scope (no query)."""
    scope = user_scope(user)
    return scope.everything or any(low <= unit.path < high for low, high in scope.ranges)


def person_list(
    *, user: User, unit: Unit | None = None, query: str = "", subtree: bool = True
) -> QuerySet[Person]:
    """People the user may see, in Vietnamese name order, optionally under a unit and matching a
    diacritic-insensitive query.

    With a unit in scope the whole subtree is visible, so the scope's ranges are not OR-ed into
    the query (their join would force a sort of the whole subtree); the subtree is read through
    the person's ancestor column and its (ancestor, sort_key, id) index when the unit has one.
    """
    if unit is None:
        qs = people_in_scope(user)
    elif not _unit_in_scope(user, unit):
        # Outside the user's subtrees only their own record can show (as it always did).
        qs = people_in_scope(user).filter(
            Q(unit=unit)
            if not subtree
            else Q(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        )
    elif not subtree:
        qs = Person.objects.filter(unit=unit)
    elif unit.ancestor_field is not None:
        qs = Person.objects.filter(**{unit.ancestor_field: unit.pk})
    else:
        qs = Person.objects.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
    folded = text.fold(query)
    if folded:
        for word in folded.split(" "):
            qs = qs.filter(name_folded__contains=word)
    return qs.select_related("unit").order_by("sort_key", "id")


_SEEK_TEXT = re.compile(r"^(\d{1,400})-(\d{1,18})$")


@dataclass(frozen=True)
class Seek:
    """A page link's bookmark: the person with this (sort_key, pk) sits at `position` (0-based)
    of the list. The page right after it (or right before it) is then read by seeking in the
    index from the bookmark instead of skipping `position` entries: a next/previous click costs
    what the first page costs, however deep it is."""

    position: int
    sort_key: str
    pk: int
    forward: bool

    @classmethod
    def from_link(cls, value: str | None, *, position: int, forward: bool) -> Seek | None:
        """Parse `<sort_key>-<pk>` from a link; anything else means no bookmark."""
        match = _SEEK_TEXT.match(value or "")
        if match is None or position < 0:
            return None
        return cls(position, match.group(1), int(match.group(2)), forward)

    @staticmethod
    def link(person: Person) -> str:
        return f"{person.sort_key}-{person.pk}"


class SubtreeMembers:
    """Everyone under a unit in Vietnamese name order, as a lazy sequence that Django's
    Paginator and ninja's pagination slice like a queryset.

    `count()` is the unit's stored member total, read once (a primary-key row: the caller's
    instance may predate the latest writes, and the back-half arithmetic needs the exact
    figure). A slice is one query, a deferred join: the page's ids are read from the
    (ancestor, sort_key, id) index alone, then only those rows are loaded with their unit. A
    slice in the back half reads the index from the end, so no page skips more than half of the
    subtree and the last page costs what the first does.
    """

    ordered = True

    def __init__(self, unit: Unit, seek: Seek | None = None) -> None:
        assert unit.ancestor_field is not None  # noqa: S101 - callers check the depth
        self.unit = unit
        self.field = unit.ancestor_field
        self.seek = seek
        self._total: int | None = None

    def count(self) -> int:
        if self._total is None:
            self._total = (
                Unit.objects.filter(pk=self.unit.pk).values_list("member_total", flat=True).get()
            )
        return self._total

    def all(self) -> SubtreeMembers:
        return self

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Person]:
        return iter(self[:])

    @overload
    def __getitem__(self, key: int) -> Person: ...

    @overload
    def __getitem__(self, key: slice) -> list[Person]: ...

    def __getitem__(self, key: int | slice) -> Person | list[Person]:
        if isinstance(key, int):
            index = key + self.count() if key < 0 else key
            found = self[index : index + 1] if index >= 0 else []
            if not found:
                raise IndexError(key)
            return found[0]
        if key.step not in (None, 1):
            raise TypeError("SubtreeMembers supports plain slices only")
        total = self.count()
        start, stop, _step = key.indices(total)
        if stop <= start:
            return []
        under = Person.objects.filter(**{self.field: self.unit.pk})
        order: tuple[str, ...] = ("sort_key", "id")
        seek = self.seek
        if seek is not None and seek.forward and start == seek.position + 1:
            # The range on sort_key alone lets the index seek; the OR only sorts out equal keys.
            after = Q(sort_key__gt=seek.sort_key) | Q(pk__gt=seek.pk)
            under = under.filter(after, sort_key__gte=seek.sort_key)
            start, stop = 0, stop - start
        elif seek is not None and not seek.forward and stop == seek.position:
            before = Q(sort_key__lt=seek.sort_key) | Q(pk__lt=seek.pk)
            under = under.filter(before, sort_key__lte=seek.sort_key)
            start, stop = 0, stop - start
            order = ("-sort_key", "-id")
        elif start * 2 > total:
            order = ("-sort_key", "-id")
            start, stop = total - stop, total - start
        ids = under.order_by(*order).values("pk")[start:stop]
        return list(
            Person.objects.filter(pk__in=ids).select_related("unit").order_by("sort_key", "id")
        )


def person_list_paged(
    *,
    user: User,
    unit: Unit | None = None,
    query: str = "",
    subtree: bool = True,
    seek: Seek | None = None,
) -> QuerySet[Person] | SubtreeMembers:
    """`person_list` for a paginator: the same people in the same order. A plain subtree list
    (no search) of a unit in scope becomes `SubtreeMembers`, whose pages cost the same however
    deep they are and however big the subtree; `seek` (from a next/previous link) makes the
    neighbouring page as cheap as the first."""
    if (
        unit is not None
        and subtree
        and not text.fold(query)
        and unit.ancestor_field is not None
        and _unit_in_scope(user, unit)
    ):
        return SubtreeMembers(unit, seek)
    return person_list(user=user, unit=unit, query=query, subtree=subtree)


def person_get_for_user(*, user: User, pk: int) -> Person:
    person = people_in_scope(user).select_related("unit").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def person_memberships(*, person: Person) -> QuerySet[CellMembership]:
    return person.memberships.select_related("unit").order_by("start", "id")


def person_results(*, person: Person) -> QuerySet[ClassificationRecord]:
    return person.results.order_by("-year")


def person_seats(*, person: Person) -> QuerySet[BodyMembership]:
    return person.seats.select_related("body", "body__unit").order_by("-start")


def unit_bodies(*, unit: Unit) -> list[tuple[LeadershipBody, list[BodyMembership]]]:
    """The unit's leadership bodies with their current seats, head first then name order."""
    bodies = list(unit.bodies.order_by("kind", "-term_start"))
    seats = (
        BodyMembership.objects.filter(body__in=bodies, end__isnull=True)
        .select_related("person")
        .order_by("position_rank", "person__sort_key")
    )
    by_body: dict[int, list[BodyMembership]] = {body.pk: [] for body in bodies}
    for seat in seats:
        by_body[seat.body_id].append(seat)
    return [(body, by_body[body.pk]) for body in bodies]
