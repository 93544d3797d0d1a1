"""Reads of the organization, always scoped to what the user may see.

`units_in_scope` is the one answer to "which units may this user see"; every other selector
filters by it. Out of scope and missing both raise Http404, so nobody can probe for objects.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def unit_member_count(*, unit: Unit) -> int:
    return Person.objects.filter(
        unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound
    ).count()


def person_list(
    *, user: User, unit: Unit | None = None, query: str = "", subtree: bool = True
) -> QuerySet[Person]:
    """People the user may see, in Vietnamese name order, optionally under a unit and matching a
    diacritic-insensitive query."""
    qs = people_in_scope(user)
    if unit is not None:
        if subtree:
            qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        else:
            qs = qs.filter(unit=unit)
    folded = text.fold(query)
    if folded:
        for word in folded.split(" "):
            qs = qs.filter(name_folded__contains=word)
    return qs.select_related("unit").order_by("sort_key", "id")


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
