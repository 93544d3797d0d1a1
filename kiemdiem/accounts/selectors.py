"""Reads of accounts, scoped like the units they belong to."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from kiemdiem.accounts.models import ApiToken, RoleGrant, User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Person, Unit


@dataclass(frozen=True)
class MemberLogin:
    """One member of a unit and their login: none yet, never used, or last used when."""

    person: Person
    username: str
    last_login: datetime.datetime | None
    must_change_password: bool


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def token_get_own(*, user: User, pk: int) -> ApiToken:
    token = tokens_of(user=user).filter(pk=pk).first()
    if token is None:
        raise Http404
    return token


def member_logins(*, unit: Unit) -> list[MemberLogin]:
    """Every member of `unit`'s subtree with their login, in cell and name order (the caller has
    checked that the user sees `unit`)."""
    people = (
        Person.objects.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        .select_related("unit", "user")
        .order_by("unit__path", "sort_key", "pk")
    )
    rows = []
    for person in people:
        login = getattr(person, "user", None)
        rows.append(
            MemberLogin(
                person=person,
                username=login.username if login else "",
                last_login=login.last_login if login else None,
                must_change_password=bool(login and login.must_change_password),
            )
        )
    return rows


def unit_grants(*, unit: Unit) -> QuerySet[RoleGrant]:
    """The roles held over exactly this unit (the caller has checked that the user sees it)."""
    return (
        RoleGrant.objects.filter(unit=unit)
        .select_related("user", "user__person")
        .order_by("role", "user__username")
    )


def grant_get_for_user(*, user: User, pk: int) -> RoleGrant:
    """A role grant over a unit the user sees; 404 otherwise."""
    grant = (
        RoleGrant.objects.filter(pk=pk, unit__in=org_selectors.units_in_scope(user))
        .select_related("user", "unit")
        .first()
    )
    if grant is None:
        raise Http404
    return grant


def login_for_username(*, user: User, username: str) -> User:
    """A login the user may see by its name: one whose member they see; 404 otherwise."""
    scope = org_selectors.user_scope(user)
    found = User.objects.filter(username=username.strip()[:150]).first()
    if found is None:
        raise Http404
    if scope.everything:
        return found
    if found.person_id and org_selectors.people_in_scope(user).filter(pk=found.person_id).exists():
        return found
    raise Http404
