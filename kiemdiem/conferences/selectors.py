"""Reads of conferences, scoped to the unit tree; quorum; the data the minutes are made of."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    ACTIVE_STATUSES,
    BodyMembership,
    LeadershipBody,
    Person,
    PersonStatus,
    Unit,
)
from kiemdiem.reviews import selectors as reviews_selectors
from kiemdiem.reviews.models import CollectiveReport, ReportState, SubjectKind, SubjectReview
from kiemdiem.reviews.selectors import ConsolidatedComment
from kiemdiem.voting import selectors as voting_selectors
from kiemdiem.voting.models import Ballot

QUORUM_SHARE = (2, 3)  # domain.md §12.18: two thirds of the members called (UNCONFIRMED)


def user_can_plan(*, user: User, unit: Unit) -> bool:
    """Committee offices over the unit and the unit's own cell secretary plan its conference."""
    scope = org_selectors.user_scope(user)
    return scope.everything or any(low <= unit.path < high for low, high in scope.ranges)


def user_runs_conference(*, user: User, conference: Conference) -> bool:
    """Only the chair and the secretary run the run-sheet (roll call, steps, criticism, votes,
    minutes); the committee office plans the conference but does not run it."""
    return user.person_id is not None and user.person_id in {
        conference.chair_id,
        conference.secretary_id,
    }


def conference_list(*, user: User) -> QuerySet[Conference]:
    """Conferences of units the user may see, and those the user chairs or takes minutes of."""
    visible = Conference.objects.filter(unit__in=org_selectors.units_in_scope(user))
    if user.person_id:
        visible = (
            visible
            | Conference.objects.filter(chair_id=user.person_id)
            | Conference.objects.filter(secretary_id=user.person_id)
        )
    return (
        visible.select_related("unit", "chair", "secretary")
        .distinct()
        .order_by("-starts_at", "-id")
    )


def conference_get_for_user(*, user: User, pk: int) -> Conference:
    conference = conference_list(user=user).filter(pk=pk).first()
    if conference is None:
        raise Http404
    return conference


def collective_members(*, unit: Unit, body: LeadershipBody | None) -> list[Person]:
    """Who is called: the body's current seats, or the unit's members (not transferred out)."""
    if body is not None:
        return list(
            Person.objects.filter(seats__body=body, seats__end__isnull=True)
            .distinct()
            .order_by("sort_key")
        )
    return list(
        Person.objects.filter(
            org_selectors.members_q(unit), status__in=ACTIVE_STATUSES
        ).order_by("sort_key")
    )



def members_head_first(
    *, unit: Unit, body: LeadershipBody | None, members: list[Person]
) -> list[Person]:
    """Order of self-criticism (domain.md §1.3): the head first, then deputies, then the others
    in name order. Exempt and suspended members do not review."""
    seats = BodyMembership.objects.filter(person__in=members, end__isnull=True)
    seats = seats.filter(body=body) if body is not None else seats.filter(body__unit=unit)
    rank: dict[int, int] = {}
    for person_id, position_rank in seats.values_list("person_id", "position_rank"):
        rank[person_id] = min(position_rank, rank.get(person_id, 99))
    reviewing = [
        p for p in members if p.status not in {PersonStatus.EXEMPT, PersonStatus.SUSPENDED}
    ]
    return sorted(reviewing, key=lambda p: (rank.get(p.pk, 99), p.sort_key))


@dataclass(frozen=True)
class Quorum:
    denominator: int
    present: int
    needed: int

    @property
    def reached(self) -> bool:
        return self.denominator > 0 and self.present >= self.needed


def quorum(*, conference: Conference) -> Quorum:
    """Official members called less the exempt; present official members; 2/3 needed."""
    rows = list(conference.attendance.filter(official=True).values_list("status", flat=True))
    denominator = sum(1 for status in rows if status != Attendance.Status.EXEMPT)
    present = sum(1 for status in rows if status == Attendance.Status.PRESENT)
    numerator, divisor = QUORUM_SHARE
    needed = -(-denominator * numerator // divisor)
    return Quorum(denominator, present, needed)


def agenda(*, conference: Conference) -> QuerySet[AgendaItem]:
    return (
        conference.agenda.select_related("person")
        .prefetch_related("criticisms__speaker")
        .order_by("order")
    )


def current_step(*, conference: Conference) -> AgendaItem | None:
    return conference.agenda.filter(done=False).order_by("order").first()


def attendance(*, conference: Conference) -> QuerySet[Attendance]:
    return conference.attendance.select_related("person").order_by("person__sort_key")


def self_reviews(*, conference: Conference) -> dict[int, SubjectReview]:
    """Person id → the self-review each reviewed member presents at their step: their member
    review of the conference's year (the newest campaign's when there are several)."""
    people = conference.agenda.filter(person__isnull=False).values_list("person_id", flat=True)
    reviews = (
        SubjectReview.objects.filter(
            person_id__in=people, kind=SubjectKind.MEMBER, campaign__year=conference.year
        )
        .select_related("campaign")
        .order_by("campaign_id")
    )
    return {review.person_id: review for review in reviews}  # type: ignore[misc]


def collective_review(*, conference: Conference) -> SubjectReview | None:
    """The review of the collective the conference is held for (its leadership body, or the
    unit itself), in the newest campaign of the conference's year; None without a campaign."""
    reviews = SubjectReview.objects.filter(
        unit_id=conference.unit_id, campaign__year=conference.year
    )
    if conference.body_id is not None:
        reviews = reviews.filter(kind=SubjectKind.BODY, body_id=conference.body_id)
    else:
        reviews = reviews.filter(kind=SubjectKind.UNIT)
    return reviews.order_by("-campaign_id").first()


@dataclass(frozen=True)
class ReportAtConference:
    """The collective report as the conference sees it: its state, whether the runners may
    adopt it now, and the delegates' consolidated comments (the agenda's comments step)."""

    report: CollectiveReport | None
    comments: list[ConsolidatedComment]

    @property
    def adoptable(self) -> bool:
        return self.report is not None and self.report.state == ReportState.REVISED


def report_at_conference(*, conference: Conference) -> ReportAtConference:
    review = collective_review(conference=conference)
    if review is None:
        return ReportAtConference(report=None, comments=[])
    return ReportAtConference(
        report=reviews_selectors.report_for_review(review=review),
        comments=reviews_selectors.report_consolidated_comments(review=review),
    )


def vote_results(*, conference: Conference) -> list[tuple[str, dict[str, int], str | None]]:
    """(subject, votes per level, level passed) of the conference's ballot once it is closed;
    nothing while it is open (the results are sealed) or when there is none."""
    ballot = conference.ballot
    if ballot is None or ballot.state in {Ballot.State.DRAFT, Ballot.State.OPEN}:
        return []
    labels = {str(s.pk): s.label for s in voting_selectors.ballot_subjects(ballot=ballot)}
    return [
        (labels[row.subject], row.votes, row.result)
        for row in voting_selectors.ballot_tally(ballot=ballot).subjects
    ]


def minutes_data(*, conference: Conference) -> dict[str, object]:
    """Everything the minutes say, as plain values."""
    return {
        "conference": conference,
        "attendance": list(attendance(conference=conference)),
        "quorum": quorum(conference=conference),
        "agenda": list(agenda(conference=conference)),
        "votes": vote_results(conference=conference),
        "corrections": list(voting_selectors.ballot_corrections(ballot=conference.ballot))
        if conference.ballot is not None
        else [],
        "report": report_at_conference(conference=conference),
    }
