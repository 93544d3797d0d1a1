"""Reads of reviews, scoped: a user sees their own and those of the units in their scope."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit
from kiemdiem.reviews.models import (
    Campaign,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.selectors.campaigns import _unit_range_q
from kiemdiem.reviews.subjects import Subject, subjects_q


def reviews_in_scope(user: User) -> QuerySet[SubjectReview]:
    """Reviews the user may read: their own, and every review of a unit in their scope."""
    scope = org_selectors.user_scope(user)
    q = _unit_range_q("unit__", user)
    if scope.own_person_id is not None:
        q |= Q(person_id=scope.own_person_id)
    return SubjectReview.objects.filter(q)


def review_get_for_user(*, user: User, pk: int) -> SubjectReview:
    """A review in the user's scope, or a collective review whose report names them a delegate."""
    related = ("campaign", "campaign__root_unit", "unit", "person", "body")
    review = reviews_in_scope(user).select_related(*related).filter(pk=pk).first()
    own = org_selectors.user_scope(user).own_person_id
    if review is None and own is not None:
        review = (
            SubjectReview.objects.select_related(*related)
            .filter(pk=pk, report__delegates=own)
            .first()
        )
    if review is None:
        raise Http404
    return review


def review_list(
    *, user: User, campaign: Campaign, unit: Unit | None = None, status: str = ""
) -> QuerySet[SubjectReview]:
    qs = reviews_in_scope(user).filter(campaign=campaign)
    if unit is not None:
        qs = qs.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("unit", "person").order_by(
        "unit__path", "kind", "person__sort_key", "id"
    )


def my_reviews(*, user: User) -> QuerySet[SubjectReview]:
    """The user's own self-reviews, newest campaign first."""
    if not user.person_id:
        return SubjectReview.objects.none()
    return (
        SubjectReview.objects.filter(person_id=user.person_id, kind=SubjectKind.MEMBER)
        .select_related("campaign", "unit")
        .order_by("-campaign__year", "-campaign_id")
    )


def user_is_cell_secretary_of(*, user: User, review: SubjectReview) -> bool:
    """Cell secretaries and offices over the review's unit may return and lock it."""
    scope = org_selectors.user_scope(user)
    if scope.everything:
        return True
    path = review.unit.path
    return any(low <= path < high for low, high in scope.ranges)


def reviews_of_subjects(
    *, campaign: Campaign, subjects: Iterable[Subject]
) -> QuerySet[SubjectReview]:
    """The campaign's reviews of these subjects (`Subject` values: kind and id), in one query."""
    return SubjectReview.objects.filter(subjects_q(subjects), campaign=campaign)
