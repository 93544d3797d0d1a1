"""A review's status follows the events of the cycle (domain.md §5.2): commented when its step of
the conference is done (or, for a collective, when the conference adopts its report), voted when
its ballot is confirmed by the tellers, decided when a decision is in force, back to voted when
that decision is annulled.

These are called by the conference, voting and classification services inside their own
transaction, after they have checked their actor; the actor is recorded on the audit row.
"""

from __future__ import annotations

from collections.abc import Iterable

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.reviews.models import Campaign, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.reviews.subjects import Subject, subjects_q

# From which statuses each event moves a review. A collective's review has no self-review to
# submit: the adoption of its report at the conference is its "commented" step.
_FROM: dict[str, tuple[str, ...]] = {
    ReviewStatus.COMMENTED: (ReviewStatus.SUBMITTED,),
    ReviewStatus.VOTED: (ReviewStatus.COMMENTED, ReviewStatus.SELF_ASSESSED),
    ReviewStatus.DECIDED: (ReviewStatus.VOTED,),
}
_COLLECTIVE_COMMENTED_FROM = (
    ReviewStatus.NOT_STARTED,
    ReviewStatus.DRAFTING,
    ReviewStatus.SUBMITTED,
)


def _move(
    *,
    actor: User,
    campaign: Campaign,
    subjects: Iterable[Subject],
    to: str,
    allowed: Iterable[str],
    verb: str,
    kinds: Iterable[str] | None = None,
) -> int:
    reviews = SubjectReview.objects.filter(
        subjects_q(subjects), campaign=campaign, status__in=list(allowed)
    )
    if kinds is not None:
        reviews = reviews.filter(kind__in=list(kinds))
    ids = list(reviews.values_list("pk", flat=True))
    if not ids:
        return 0
    SubjectReview.objects.filter(pk__in=ids).update(status=to)
    audit_record(
        actor=actor, verb=verb, instance=campaign, changes={"status": to, "reviews": ids}
    )
    return len(ids)


def reviews_commented(*, actor: User, campaign: Campaign, people: Iterable[int]) -> int:
    """Members whose self-criticism step of the conference is done."""
    return _move(
        actor=actor,
        campaign=campaign,
        subjects=[Subject(SubjectKind.MEMBER, pk) for pk in people],
        to=ReviewStatus.COMMENTED,
        allowed=_FROM[ReviewStatus.COMMENTED],
        verb="reviews_commented",
    )


def collective_commented(*, actor: User, campaign: Campaign, subject: Subject) -> int:
    """The collective whose report the conference adopted."""
    return _move(
        actor=actor,
        campaign=campaign,
        subjects=[subject],
        to=ReviewStatus.COMMENTED,
        allowed=_COLLECTIVE_COMMENTED_FROM,
        verb="reviews_commented",
        kinds=[SubjectKind.UNIT, SubjectKind.BODY],
    )


def reviews_voted(*, actor: User, campaign: Campaign, subjects: Iterable[Subject]) -> int:
    """Subjects of a ballot the tellers confirmed. A review marked "reviewed, not classified"
    (a new member) is decided at once, with no level (domain §5.2)."""
    subjects = list(subjects)
    unclassified = SubjectReview.objects.filter(
        subjects_q(subjects),
        campaign=campaign,
        not_classified=True,
        status__in=_FROM[ReviewStatus.VOTED],
    ).values_list("pk", flat=True)
    decided = list(unclassified)
    if decided:
        SubjectReview.objects.filter(pk__in=decided).update(status=ReviewStatus.DECIDED)
        audit_record(
            actor=actor,
            verb="reviews_decided_not_classified",
            instance=campaign,
            changes={"status": ReviewStatus.DECIDED, "reviews": decided},
        )
    return len(decided) + _move(
        actor=actor,
        campaign=campaign,
        subjects=subjects,
        to=ReviewStatus.VOTED,
        allowed=_FROM[ReviewStatus.VOTED],
        verb="reviews_voted",
    )


def reviews_decided(*, actor: User, campaign: Campaign, subjects: Iterable[Subject]) -> int:
    """A decision on each subject is in force."""
    return _move(
        actor=actor,
        campaign=campaign,
        subjects=subjects,
        to=ReviewStatus.DECIDED,
        allowed=_FROM[ReviewStatus.DECIDED],
        verb="review_decided",
    )


def reviews_decision_annulled(
    *, actor: User, campaign: Campaign, subjects: Iterable[Subject]
) -> int:
    """The decision in force was annulled: the review waits for the new decision."""
    return _move(
        actor=actor,
        campaign=campaign,
        subjects=subjects,
        to=ReviewStatus.VOTED,
        allowed=(ReviewStatus.DECIDED,),
        verb="review_decision_annulled",
    )
