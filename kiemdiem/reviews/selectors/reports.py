"""Reads of the collective report: versions, comments, the consolidated comments for the conference."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews.models import (
    CollectiveReport,
    DraftComment,
    ReportVersion,
    SubjectReview,
)
from kiemdiem.reviews.selectors.reviews import reviews_in_scope


def report_for_review(*, review: SubjectReview) -> CollectiveReport | None:
    return CollectiveReport.objects.filter(review=review).first()


def report_versions(*, report: CollectiveReport) -> QuerySet[ReportVersion]:
    return report.versions.order_by("number")


def report_get_for_user(*, user: User, pk: int) -> CollectiveReport:
    """A report whose review the user may see, or whose delegates include the user."""
    scope = org_selectors.user_scope(user)
    q = Q(review__in=reviews_in_scope(user).values("pk"))
    if scope.own_person_id is not None:
        q |= Q(delegates=scope.own_person_id)
    report = (
        CollectiveReport.objects.filter(q)
        .filter(pk=pk)
        .select_related("review", "review__campaign", "review__unit")
        .first()
    )
    if report is None:
        raise Http404
    return report


def report_comments(*, version: ReportVersion) -> list[DraftComment]:
    """Top-level comments with their replies prefetched, in order."""
    return list(
        version.comments.filter(parent__isnull=True)
        .select_related("author", "author__person")
        .prefetch_related("replies__author__person")
        .order_by("created_at", "id")
    )


def report_all_comments(*, report: CollectiveReport) -> QuerySet[DraftComment]:
    """The consolidated list: every top-level comment of every round, with its resolution."""
    return (
        DraftComment.objects.filter(version__report=report, parent__isnull=True)
        .select_related("author", "author__person", "version")
        .order_by("version__number", "created_at", "id")
    )


def comment_get_for_user(*, user: User, pk: int) -> DraftComment:
    """A comment on a report the user may see (as its drafter's scope or as a delegate)."""
    comment = (
        DraftComment.objects.filter(pk=pk).select_related("version", "version__report").first()
    )
    if comment is None:
        raise Http404
    report_get_for_user(user=user, pk=comment.version.report_id)
    return comment


@dataclass(frozen=True)
class ConsolidatedComment:
    """One delegate's comment as the conference agenda lists it (plain values)."""

    version: int
    author: str
    section: str
    quote: str
    text: str
    resolution: str
    resolution_label: str
    note: str
    replies: tuple[str, ...]


def report_consolidated_comments(*, review: SubjectReview) -> list[ConsolidatedComment]:
    """The consolidated comments on a collective's report, every round, for the conference's
    agenda item (domain §1.4 step 3): who said what on which passage, and how the drafter
    resolved it. Empty when the collective has no report. Two queries."""
    report = report_for_review(review=review)
    if report is None:
        return []
    result = []
    for comment in report_all_comments(report=report).prefetch_related("replies__author__person"):
        author = comment.author
        result.append(
            ConsolidatedComment(
                version=comment.version.number,
                author=_author_name(author),
                section=comment.section,
                quote=comment.quote,
                text=comment.text,
                resolution=comment.resolution,
                resolution_label=str(comment.get_resolution_display()),
                note=comment.resolution_note,
                replies=tuple(
                    f"{_author_name(reply.author)}: {reply.text}" for reply in comment.replies.all()
                ),
            )
        )
    return result


def _author_name(user: User | None) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None)
    return person.full_name if person is not None else user.get_username()
