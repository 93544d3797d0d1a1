"""The demo's finished 2019 year: the whole demo tree's review, run through the same services as
the pages, each step by the person who does it, from the plan to "Đã kết thúc".

- Every member gets a login (the demo password, one shared hash) and writes and submits their
  own self-review.
- The Military Region's office plans the campaign and steps it through every state.
- Each cell's secretary chairs its conference, a chi ủy member keeps the minutes; then each
  leadership body and each committee meets, bottom-up, the Military Region last.
- The votes are by show of hands, counted and confirmed by the tellers; each member's level is
  the one the demo's history gives for 2019, so the yearly results stay as they were.
- The competent levels decide (members in bulk, then organizations bottom-up, with a written
  reason where the rules object); the results are notified; the year is reported and closed.

Sits above the apps, like `kiemdiem/demo.py`. Idempotent: a second run finds the campaign.
"""

from __future__ import annotations

import datetime
import functools
import random
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Exists, OuterRef

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.accounts.services import username_base
from kiemdiem.awards.demo import excellent_cells, excellent_members
from kiemdiem.classification import decisions as decision_reads
from kiemdiem.classification import services as classification
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.conferences import selectors as conference_selectors
from kiemdiem.conferences import services as conferences
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference
from kiemdiem.orgs.demo import DEMO_PASSWORD, ROOT_CODE
from kiemdiem.orgs.models import (
    ClassificationRecord,
    LeadershipBody,
    Person,
    PersonStatus,
    Unit,
)
from kiemdiem.reviews import services as reviews
from kiemdiem.reviews.demo import demo_answers
from kiemdiem.reviews.models import Campaign, ReviewStatus, SubjectKind, SubjectReview
from kiemdiem.voting import services as voting
from kiemdiem.voting.models import Ballot

YEAR = 2019
TITLE = "Kiểm điểm, đánh giá, xếp loại chất lượng năm 2019"
TZ = datetime.timezone(datetime.timedelta(hours=7))
OVERRIDE = "Cấp ủy xem xét thành tích đột xuất trong năm; giữ mức đã biểu quyết."


@dataclass
class YearDemoSummary:
    created: bool
    campaign_id: int | None = None
    conferences: int = 0
    decisions: int = 0


def _shared_hash() -> str:
    from django.contrib.auth.hashers import make_password

    return make_password(DEMO_PASSWORD)


def _logins_for_everyone(root: Unit) -> dict[int, User]:
    """Person id → their login: the demo's own five, and one for every other member, all with the
    demo password (one hash for all: hashing is what would make the demo slow)."""
    people = Person.objects.filter(
        unit__path__gte=root.path, unit__path__lt=root.path_upper_bound
    ).exclude(status__in=[PersonStatus.TRANSFERRED_OUT, PersonStatus.DECEASED, PersonStatus.LEFT])
    have: dict[int, User] = {
        user.person_id: user for user in User.objects.filter(person__in=people) if user.person_id
    }
    taken = set(User.objects.values_list("username", flat=True))
    password = _shared_hash()
    new: list[User] = []
    for person in people.exclude(pk__in=list(have)).order_by("pk"):
        base, number = username_base(person), 1
        name = base
        while name in taken:
            number += 1
            name = f"{base}{number}"
        taken.add(name)
        new.append(User(username=name, password=password, person=person))
    created = User.objects.bulk_create(new, batch_size=1000)
    RoleGrant.objects.bulk_create([RoleGrant(user=u, role=Role.MEMBER) for u in created])
    have.update({user.person_id: user for user in created if user.person_id})
    return have


def _office(root: Unit) -> User:
    return User.objects.get(
        grants__role=Role.COMMITTEE_OFFICE, grants__unit=root, username="vanphong"
    )


def _submit_self_reviews(campaign: Campaign, logins: dict[int, User], rng: random.Random) -> None:
    for review in SubjectReview.objects.filter(
        campaign=campaign, kind=SubjectKind.MEMBER, status=ReviewStatus.NOT_STARTED
    ).order_by("pk"):
        user = logins[review.person_id]  # type: ignore[index]
        review = reviews.self_review_save(
            actor=user,
            review=review,
            answers=demo_answers(review.form_code, rng, complete=True),
            self_level="HTTNV",
        )
        reviews.self_review_submit(actor=user, review=review)


@functools.cache
def _excellent() -> tuple[frozenset[int], frozenset[int]]:
    """The commendation demo's members and cells excellent five years running (looked up once)."""
    root = Unit.objects.get(code=ROOT_CODE)
    return (
        frozenset(person.pk for person in excellent_members(root)),
        frozenset(cell.pk for cell in excellent_cells(root)),
    )


def _levels_2019(people: list[Person]) -> dict[int, str]:
    """Each member's 2019 level as the demo's history has it (HTTNV when it has none); the
    commendation demo's members excellent five years running are HTXSNV."""
    recorded = dict(
        ClassificationRecord.objects.filter(person__in=people, year=YEAR).values_list(
            "person_id", "level"
        )
    )
    excellent = _excellent()[0]
    return {
        person.pk: "HTXSNV" if person.pk in excellent else recorded.get(person.pk) or "HTTNV"
        for person in people
    }


def _unit_level(unit_id: int | None) -> str:
    """The commendation demo's cells are excellent five years running; the others HTTNV."""
    return "HTXSNV" if unit_id in _excellent()[1] else "HTTNV"


def _run_conference(
    *,
    office: User,
    logins: dict[int, User],
    unit: Unit,
    body: LeadershipBody | None,
    day: datetime.date,
) -> Conference | None:
    """One meeting from the roll call to the signed minutes, by its chair and secretary."""
    members = conference_selectors.collective_members(unit=unit, body=body)
    if len(members) < 2:
        return None
    ordered = conference_selectors.members_head_first(unit=unit, body=body, members=members)
    chair, secretary = ordered[0], ordered[1]
    starts = datetime.datetime.combine(day, datetime.time(7, 30), tzinfo=TZ)
    conference = conferences.conference_create(
        actor=office,
        unit=unit,
        body=body,
        year=YEAR,
        place=f"Hội trường {unit.name}",
        starts_at=starts,
        chair=chair,
        secretary=secretary,
    )
    runner = logins[secretary.pk]
    for person in members:
        conferences.attendance_mark(
            actor=runner, conference=conference, person=person, status=Attendance.Status.PRESENT
        )
    conferences.conference_start(actor=logins[chair.pk], conference=conference)
    while (step := conference_selectors.current_step(conference=conference)) is not None:
        if step.kind == AgendaItem.Kind.CONCLUSIONS:
            conferences.conclusions_set(
                actor=runner,
                conference=conference,
                results="Hoàn thành tốt các nhiệm vụ được giao trong năm 2019.",
                directions="Tiếp tục nâng cao chất lượng sinh hoạt và tự phê bình, phê bình.",
            )
        if step.kind == AgendaItem.Kind.VOTES:
            _show_of_hands(conference, runner)
        conferences.step_complete(
            actor=runner,
            item=step,
            notes="Đã thực hiện theo chương trình.",
            ended_at=starts + datetime.timedelta(hours=4)
            if step.kind == AgendaItem.Kind.CLOSING
            else None,
        )
    minutes = conference.minutes
    conferences.minutes_sign(actor=runner, minutes=minutes)
    conferences.minutes_sign(actor=logins[chair.pk], minutes=minutes)
    return conference


def _show_of_hands(conference: Conference, runner: User) -> None:
    """Everyone present raises a hand for the subject's 2019 level; the tellers confirm."""
    ballot = conferences.conference_ballot_open(
        actor=runner, conference=conference, kind=Ballot.Kind.SHOW_OF_HANDS
    )
    present = list(
        Person.objects.filter(
            pk__in=conference.attendance.filter(status=Attendance.Status.PRESENT).values(
                "person_id"
            ),
            official_on__isnull=False,
        )
    )
    subjects = list(ballot.subjects.select_related("person"))
    levels = _levels_2019([s.person for s in subjects if s.person is not None])
    counts = {
        subject.pk: {
            levels.get(subject.person_id, "HTTNV")
            if subject.person_id is not None
            else _unit_level(subject.unit_id): len(present)
        }
        for subject in subjects
    }
    voting.counts_enter(actor=runner, ballot=ballot, counts=counts, ballots_valid=len(present))
    ballot = voting.ballot_close(actor=runner, ballot=ballot)
    ballot = voting.ballot_confirm(actor=runner, ballot=ballot, tellers=present[-3:])
    classification.proposals_from_ballot(actor=runner, ballot=ballot)


def _decide_everything(office: User, root: Unit) -> int:
    """Members in bulk per grassroots organization, then one by one what the rules object to,
    then leadership bodies, then organizations from the cells up to the Military Region."""
    made = 0
    for unit in Unit.objects.filter(path__gte=root.path, path__lt=root.path_upper_bound).order_by(
        "-depth", "path"
    ):
        decided, _left = classification.decisions_confirm(actor=office, unit=unit, year=YEAR)
        made += len(decided)
    in_force = Decision.objects.filter(proposal=OuterRef("pk"), annulled_at__isnull=True)
    pending = (
        Proposal.objects.filter(year=YEAR, campaign__root_unit=root)
        .exclude(Exists(in_force))
        .select_related("person__unit", "unit", "body__unit")
    )

    def depth(proposal: Proposal) -> int:
        unit = proposal.unit or (proposal.body.unit if proposal.body else None)
        return -(unit.depth if unit else 99)

    for proposal in sorted(pending, key=lambda p: (p.unit_id is not None, depth(p), p.pk)):
        findings = decision_reads.findings_for(
            proposal=proposal, level=proposal.level or None, stage="decision"
        )
        errors = any(f["severity"] == "error" for f in findings)
        classification.decision_make(
            actor=office,
            proposal=proposal,
            level=proposal.level,
            override_reason=OVERRIDE if errors else "",
        )
        made += 1
    return made


@transaction.atomic
def year_2019_demo_load(*, seed: int = 2019) -> YearDemoSummary:
    root = Unit.objects.filter(code=ROOT_CODE).first()
    if root is None:
        return YearDemoSummary(created=False)
    existing = Campaign.objects.filter(root_unit=root, year=YEAR, period="year").first()
    if existing is not None:
        return YearDemoSummary(created=False, campaign_id=existing.pk)
    rng = random.Random(seed)  # noqa: S311 - demo text, not secrets
    _excellent.cache_clear()
    office = _office(root)
    logins = _logins_for_everyone(root)

    campaign = reviews.campaign_create(
        actor=office,
        title=TITLE,
        year=YEAR,
        root_unit=root,
        cell_conference_due=datetime.date(2019, 11, 30),
        grassroots_decision_due=datetime.date(2019, 12, 5),
        upper_decision_due=datetime.date(2019, 12, 20),
        report_due=datetime.date(2019, 12, 31),
    )
    campaign = reviews.campaign_update_plan(actor=office, campaign=campaign, plan_number="07-KH/ĐU")
    campaign = reviews.campaign_publish(actor=office, campaign=campaign)
    campaign = reviews.campaign_issue_hints(actor=office, campaign=campaign, none_confirmed=True)
    reviews.campaign_open_reviews(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    _submit_self_reviews(campaign, logins, rng)
    campaign = reviews.campaign_start_conferences(
        actor=office, campaign=campaign, state_track_done=True
    )

    held = 0
    day = datetime.date(2019, 11, 15)
    units = list(
        Unit.objects.filter(path__gte=root.path, path__lt=root.path_upper_bound).order_by(
            "-depth", "path"
        )
    )
    for unit in units:
        # The organization meets first (its members heard in its cells), then its leadership
        # bodies review themselves.
        if _run_conference(office=office, logins=logins, unit=unit, body=None, day=day):
            held += 1
        for body in LeadershipBody.objects.filter(
            unit=unit, term_start__lte=campaign.review_date
        ).exclude(term_end__lt=campaign.review_date):
            if _run_conference(office=office, logins=logins, unit=unit, body=body, day=day):
                held += 1
    campaign = reviews.campaign_start_classification(actor=office, campaign=campaign)
    made = _decide_everything(office, root)
    classification.decisions_notify(actor=office, unit=root, year=YEAR)
    campaign = reviews.campaign_decide(actor=office, campaign=campaign)
    campaign = reviews.campaign_start_commendation(
        actor=office, campaign=campaign, results_notified=True
    )
    campaign = reviews.campaign_report(
        actor=office, campaign=campaign, report_number="31-BC/ĐU", awards_done=True
    )
    campaign = reviews.campaign_close(actor=office, campaign=campaign, report_sent=True)
    return YearDemoSummary(created=True, campaign_id=campaign.pk, conferences=held, decisions=made)
