"""Reads of campaigns, always scoped: the list a user sees, the issuer, the campaign a unit and year belong to, the year every selector opens on."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kiemdiem.accounts.models import User
from kiemdiem.core.models import Job
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import PATH_SEGMENT, Unit
from kiemdiem.reviews.models import (
    Campaign,
    CampaignState,
    Period,
)

_NOTHING = Q(pk__in=[])


OPEN_JOB_KIND = "campaign_open"


def _prefixes(path: str) -> list[str]:
    return [path[:end] for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT)]


def _unit_range_q(prefix: str, user: User) -> Q:
    scope = org_selectors.user_scope(user)
    if scope.everything:
        return Q()
    q = _NOTHING
    for low, high in scope.ranges:
        q |= Q(**{f"{prefix}path__gte": low, f"{prefix}path__lt": high})
    return q


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    """Campaigns the user takes part in or oversees, newest first."""
    scope = org_selectors.user_scope(user)
    if scope.everything:
        return Campaign.objects.select_related("root_unit").order_by("-year", "-id")
    q = _NOTHING
    for low, high in scope.ranges:
        q |= Q(root_unit__path__gte=low, root_unit__path__lt=high)
        q |= Q(root_unit__path__in=_prefixes(low))
    if scope.own_person_id is not None:
        q |= Q(reviews__person_id=scope.own_person_id)
    ids = Campaign.objects.filter(q).values("pk")
    return Campaign.objects.filter(pk__in=ids).select_related("root_unit").order_by("-year", "-id")


def campaign_get_for_user(*, user: User, pk: int) -> Campaign:
    campaign = campaign_list(user=user).filter(pk=pk).first()
    if campaign is None:
        raise Http404
    return campaign


def user_is_issuer(*, user: User, campaign: Campaign) -> bool:
    """The issuer: an administrator, or the committee office over the campaign's root unit."""
    return org_selectors.user_can_manage_unit(user=user, unit=campaign.root_unit)


def open_job_get_for_user(*, user: User, pk: int) -> Job:
    """A campaign-opening job started by this user; anything else is not found."""
    job = (
        Job.objects.filter(pk=pk, kind=OPEN_JOB_KIND, created_by=user).first()
        if user.is_authenticated
        else None
    )
    if job is None:
        raise Http404
    return job


def campaign_covering(*, unit: Unit, year: int) -> Campaign | None:
    """The open campaign of `year` whose tree holds `unit`: the year's campaign before a quarterly
    or ad hoc one, the nearest root first. None outside every campaign."""
    return campaigns_covering(units=[unit], year=year)[unit.pk]


def campaigns_covering(*, units: Iterable[Unit], year: int) -> dict[int, Campaign | None]:
    """`campaign_covering` for many units, in one query."""
    units = list(units)
    chains = {unit.pk: [unit.pk, *unit.ancestor_ids] for unit in units}
    candidates = list(
        Campaign.objects.filter(
            root_unit_id__in={pk for chain in chains.values() for pk in chain}, year=year
        )
        .exclude(state=CampaignState.CLOSED)
        .select_related("root_unit")
    )
    found: dict[int, Campaign | None] = {}
    for unit in units:
        chain = set(chains[unit.pk])
        mine = [c for c in candidates if c.root_unit_id in chain]
        mine.sort(key=lambda c: (c.period != Period.YEAR, -c.root_unit.depth, -c.pk))
        found[unit.pk] = mine[0] if mine else None
    return found


def year_in_progress(*, user: User) -> int:
    """The year every year selector opens on: the newest campaign in progress that the user takes
    part in (a year's campaign before a quarter's), else the newest campaign they see, else last
    year (the yearly review is held at the end of the year it is about)."""
    campaigns = campaign_list(user=user)
    open_year = (
        campaigns.exclude(state=CampaignState.CLOSED)
        .order_by("-year", "period", "-id")
        .values_list("year", flat=True)
        .first()
    )
    if open_year is not None:
        return int(open_year)
    newest = campaigns.order_by("-year").values_list("year", flat=True).first()
    return int(newest) if newest is not None else timezone.localdate().year - 1
