"""Reads of review hints, and the answers their targets gave."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import BodyMembership, LeadershipBody
from kiemdiem.reviews.models import (
    Campaign,
    ReportVersion,
    ReviewHint,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.selectors.campaigns import _unit_range_q
from kiemdiem.reviews.selectors.reviews import reviews_of_subjects
from kiemdiem.reviews.subjects import Subject


def hint_list(*, user: User, campaign: Campaign) -> QuerySet[ReviewHint]:
    """Hints the user may see in a campaign: to units in scope, or to themselves."""
    scope = org_selectors.user_scope(user)
    q = _unit_range_q("unit__", user)
    if scope.own_person_id is not None:
        q |= Q(person_id=scope.own_person_id)
    return (
        ReviewHint.objects.filter(q, campaign=campaign)
        .select_related("unit", "person")
        .order_by("created_at", "id")
    )


def hint_target_get_for_user(*, user: User, kind: str, pk: int) -> dict[str, Any]:
    """The hint target chosen in the form, fetched within the user's scope, as the keyword
    argument `services.hint_create` takes (unit=, body= or person=)."""
    if kind == "unit":
        return {"unit": org_selectors.unit_get_for_user(user=user, pk=pk)}
    if kind == "member":
        return {"person": org_selectors.person_get_for_user(user=user, pk=pk)}
    if kind == "body":
        body = (
            LeadershipBody.objects.filter(unit__in=org_selectors.units_in_scope(user), pk=pk)
            .select_related("unit")
            .first()
        )
        if body is not None:
            return {"body": body}
    raise Http404


def hints_for_review(*, review: SubjectReview) -> list[ReviewHint]:
    """The hints addressed to the review's subject, oldest first."""
    qs = ReviewHint.objects.filter(campaign_id=review.campaign_id, kind=review.kind)
    if review.kind == SubjectKind.MEMBER:
        qs = qs.filter(person=review.person)
    elif review.kind == SubjectKind.BODY:
        qs = qs.filter(body_id=review.body_id)
    else:
        qs = qs.filter(unit_id=review.unit_id)
    return list(qs.order_by("created_at", "id"))


def hint_targets(*, user: User, campaign: Campaign) -> dict[str, list[tuple[str, str]]]:
    """Choices for a new hint: units and leadership bodies in the campaign's subtree that the user
    sees, and the leaders (members holding a seat) among them, as ("kind:id", label)."""
    root = campaign.root_unit
    units = list(
        org_selectors.unit_subtree(user=user, unit=root).only("pk", "name", "path", "depth")
    )
    seats = (
        BodyMembership.objects.filter(
            end__isnull=True,
            person__unit__path__gte=root.path,
            person__unit__path__lt=root.path_upper_bound,
        )
        .filter(_unit_range_q("person__unit__", user))
        .select_related("person", "body", "body__unit")
        .order_by("body__unit__path", "position_rank", "person__sort_key")
    )
    leaders: dict[int, str] = {}
    bodies: dict[int, str] = {}
    for seat in seats:
        leaders.setdefault(
            seat.person_id, f"{seat.person.full_name} — {seat.get_position_display()}"
        )
        bodies.setdefault(seat.body_id, f"{seat.body.get_kind_display()} {seat.body.unit.name}")
    return {
        "unit": [(f"unit:{u.pk}", u.name) for u in units],
        "body": [(f"body:{pk}", label) for pk, label in bodies.items()],
        "member": [(f"member:{pk}", label) for pk, label in leaders.items()],
    }


def hint_answers(*, campaign: Campaign, hints: Iterable[ReviewHint]) -> dict[int, str]:
    """Hint id → the answer its target gave in section IV: a member's submitted self-review, or
    the collective report's latest version (two queries whatever the number of hints)."""
    hints = [hint for hint in hints if hint.answered_at is not None]
    if not hints:
        return {}
    subjects = [
        Subject.of(person_id=hint.person_id, unit_id=hint.unit_id, body_id=hint.body_id)
        for hint in hints
    ]
    answers: dict[int, str] = {}
    reviews = list(reviews_of_subjects(campaign=campaign, subjects=subjects))
    versions = {
        version.report.review_id: version
        for version in ReportVersion.objects.filter(report__review__in=reviews)
        .select_related("report")
        .order_by("report_id", "number")
    }
    for review in reviews:
        version = versions.get(review.pk)
        section = (version.sections if version else review.answers).get("IV") or {}
        for hint in hints:
            text = section.get(str(hint.pk))
            if text:
                answers[hint.pk] = str(text)
    return answers
