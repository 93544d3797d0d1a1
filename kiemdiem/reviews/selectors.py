"""Reads of the review cycle, always scoped to the user.

A campaign is visible to whoever sees its root unit, to anyone whose scope lies inside its subtree
(a cell secretary, a division office) and to its own members. A review is visible to its own member
and to whoever sees its unit. Out of scope and missing are both Http404.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connections
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kiemdiem.accounts.models import User
from kiemdiem.classification import rules
from kiemdiem.core.models import Job
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import PATH_SEGMENT, BodyMembership, LeadershipBody, Unit
from kiemdiem.reviews import forms_catalog
from kiemdiem.reviews.models import (
    DEADLINE_FIELDS,
    Campaign,
    CampaignState,
    CollectiveReport,
    DraftComment,
    Period,
    ReportVersion,
    ReviewHint,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
    UnitDeadline,
)
from kiemdiem.reviews.subjects import Subject, subjects_q

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


# --- Deadlines --------------------------------------------------------------------------------


@dataclass
class EffectiveDeadlines:
    dates: dict[str, datetime.date | None]
    own: dict[str, datetime.date | None] = field(default_factory=dict)

    def late(self, name: str, today: datetime.date) -> bool:
        due = self.dates.get(name)
        return due is not None and today > due


def _overrides(campaign: Campaign) -> dict[int, UnitDeadline]:
    return {row.unit_id: row for row in UnitDeadline.objects.filter(campaign=campaign)}


def _effective(
    campaign: Campaign, path: str, overrides: dict[int, UnitDeadline], ids_by_path: dict[str, int]
) -> dict[str, datetime.date | None]:
    """Per deadline: the earliest of the campaign's and every override on the chain to the unit
    (a unit may only set an earlier date, so the earliest is the nearest override)."""
    dates: dict[str, datetime.date | None] = {
        name: getattr(campaign, name) for name in DEADLINE_FIELDS
    }
    if not overrides:
        return dates
    for prefix in _prefixes(path):
        unit_id = ids_by_path.get(prefix) or int(prefix[-PATH_SEGMENT:])
        row = overrides.get(unit_id)
        if row is None:
            continue
        for name in DEADLINE_FIELDS:
            value = getattr(row, name)
            current = dates[name]
            if value is not None and (current is None or value < current):
                dates[name] = value
    return dates


def effective_deadlines(
    *, campaign: Campaign, units: Sequence[Unit | DashboardUnit]
) -> dict[int, EffectiveDeadlines]:
    """Each unit's effective deadlines (inherited down the tree) and its own overrides."""
    overrides = _overrides(campaign)
    result: dict[int, EffectiveDeadlines] = {}
    for unit in units:
        own_row = overrides.get(unit.pk)
        own = {name: getattr(own_row, name) for name in DEADLINE_FIELDS} if own_row else {}
        result[unit.pk] = EffectiveDeadlines(_effective(campaign, unit.path, overrides, {}), own)
    return result


def parent_deadlines(*, campaign: Campaign, unit: Unit) -> dict[str, datetime.date | None]:
    """The deadlines the unit inherits (from its parent, or the campaign at the root)."""
    if unit.parent_id is None or unit.path == campaign.root_unit.path:
        return {name: getattr(campaign, name) for name in DEADLINE_FIELDS}
    return _effective(campaign, unit.path[:-PATH_SEGMENT], _overrides(campaign), {})


# --- Dashboard --------------------------------------------------------------------------------

COUNT_KEYS = ("not_started", "drafting", "submitted", "locked", "not_required", "total")
# Past the meeting: counted as locked whether or not the secretary locked them first.
_PAST_SUBMISSION = frozenset(
    {
        ReviewStatus.COMMENTED.value,
        ReviewStatus.SELF_ASSESSED.value,
        ReviewStatus.VOTED.value,
        ReviewStatus.DECIDED.value,
    }
)


def _member_counts(reviews: QuerySet[SubjectReview]) -> dict[int, dict[str, int]]:
    """Per unit: not started, drafting, submitted (not locked), locked (or past the meeting), not
    required, total. One GROUP BY (unit, status) with the locked count; the index
    `reviews_review_dashboard_idx` covers it and delivers the groups in order (faster than one
    conditional count per column at 100,000 reviews)."""
    counts: dict[int, dict[str, int]] = {}
    grouped = (
        reviews.values_list("unit_id", "status")
        .order_by()
        .annotate(n=Count("id"), locked=Count("id", filter=Q(locked_at__isnull=False)))
    )
    # The ORM writes the SQL; the rows are read straight from the cursor, because Django's
    # per-value converters cost more than the query's own work at 10,000 groups.
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    for unit_id, status, n, locked in rows:
        row = counts.get(unit_id)
        if row is None:
            row = counts[unit_id] = dict.fromkeys(COUNT_KEYS, 0)
        row["total"] += n
        if status in _PAST_SUBMISSION:
            row["locked"] += n
            continue
        row["locked"] += locked
        if status == ReviewStatus.SUBMITTED:
            row["submitted"] += n - locked
        elif status in row:
            row[status] += n
    return counts


@dataclass(frozen=True)
class DashboardUnit:
    """The few fields of a unit a dashboard row shows (plain values: a row per cell of a large
    tree would otherwise cost a model instance each)."""

    pk: int
    code: str
    name: str
    path: str
    depth: int


@dataclass
class DashboardRow:
    unit: DashboardUnit
    depth: int
    counts: dict[str, int]
    deadline: datetime.date | None
    late: bool

    @property
    def unfinished(self) -> int:
        return self.counts["not_started"] + self.counts["drafting"]


# Up to this many units the GROUP BY names them (an index range per unit); above it, one scan of
# the campaign's covering index is cheaper than a long IN list or a join on the unit paths, and
# reviews of units the user does not see are dropped while rolling up.
DASHBOARD_IN_LIST_LIMIT = 500


def dashboard_unit_for_user(*, user: User, campaign: Campaign, unit_id: int | None) -> Unit:
    """The unit a dashboard starts from: the one asked for (inside the campaign's tree and the
    user's scope), else the campaign's root, else, for a cell secretary who does not see the root,
    their own unit. Http404 otherwise."""
    root = campaign.root_unit
    if unit_id:
        unit = org_selectors.unit_get_for_user(user=user, pk=unit_id)
        if not (root.path <= unit.path < root.path_upper_bound):
            raise Http404
        return unit
    if org_selectors.units_in_scope(user).filter(pk=root.pk).exists():
        return root
    own = (
        org_selectors.unit_roots_for_user(user=user)
        .filter(path__gte=root.path, path__lt=root.path_upper_bound)
        .first()
    )
    if own is None:
        raise Http404
    return own


def dashboard_rows(
    *,
    user: User,
    campaign: Campaign,
    unit: Unit,
    levels: int = 2,
    today: datetime.date | None = None,
) -> list[DashboardRow]:
    """Self-review counts per unit, rolled up through the subtree, for `unit` and `levels` levels
    below it.

    A fixed number of queries whatever the size of the tree or the number of levels shown: the
    subtree's units (plain values), one GROUP BY over the campaign's member reviews per unit (on
    the covering index `reviews_review_dashboard_idx`), and the unit deadline overrides. The roll-up adds each unit's counts to its displayed ancestors along the
    materialized path in Python, never querying per unit or per level."""
    today = today or timezone.localdate()
    max_depth = unit.depth + levels
    units = [
        DashboardUnit(*values)
        for values in org_selectors.unit_subtree(user=user, unit=unit).values_list(
            "pk", "code", "name", "path", "depth"
        )
    ]
    path_of = {u.pk: u.path for u in units}
    shown = [u for u in units if u.depth <= max_depth]
    reviews = SubjectReview.objects.filter(campaign=campaign, kind=SubjectKind.MEMBER)
    if len(path_of) <= DASHBOARD_IN_LIST_LIMIT:
        reviews = reviews.filter(unit_id__in=list(path_of))
    counts: dict[str, dict[str, int]] = {u.path: dict.fromkeys(COUNT_KEYS, 0) for u in shown}
    ends = [(depth + 1) * PATH_SEGMENT for depth in range(unit.depth, max_depth + 1)]
    for unit_id, row in _member_counts(reviews).items():
        path = path_of.get(unit_id)
        if path is None:
            continue
        for end in ends:
            if end > len(path):
                # A leaf above the deepest level shown: counted once, at its own row.
                break
            target = counts.get(path[:end])
            if target is not None:
                for key in COUNT_KEYS:
                    target[key] += row[key]
    deadlines = effective_deadlines(campaign=campaign, units=shown)
    result = []
    for u in shown:
        c = counts[u.path]
        due = deadlines[u.pk].dates["cell_conference_due"]
        late = due is not None and today > due and (c["not_started"] + c["drafting"]) > 0
        result.append(DashboardRow(u, u.depth - unit.depth, c, due, late))
    return result


# --- Hints ------------------------------------------------------------------------------------


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


# --- Rules check of one self-review --------------------------------------------------------------


def self_review_rules_case(*, review: SubjectReview) -> dict[str, Any]:
    """A contract case (rules-contract.md) with just this member and their self-proposed level."""
    person = review.person
    if person is None:
        raise ValueError("only a member's review has a one-member rules case")
    return {
        "rule_pack": review.campaign.rule_pack,
        "stage": "proposal",
        "review_date": review.campaign.review_date.isoformat(),
        "collective": {
            "id": f"U{review.unit_id}",
            "kind": "cell",
            "level": None,
            "score": None,
            "disciplined": False,
            "subunits": [],
        },
        "members": [
            {
                "id": f"P{person.pk}",
                "official": person.official_on is not None,
                "head": review.leader,
                "level": review.self_level or None,
                "score": float(review.score) if review.score is not None else None,
                "admitted_on": person.admitted_on.isoformat(),
                "exempt": person.status == "exempt",
                "suspended": person.status == "suspended",
                "sick_leave_days": 0,
                "discipline": None,
                "civil_servant_level": review.civil_servant_level or None,
            }
        ],
    }


def self_review_rules_check(*, review: SubjectReview) -> dict[str, Any]:
    """The rules engine's verdict on the member's self-proposed level (findings, ceiling)."""
    if review.person is None:
        raise ValueError("only a member's review has a one-member rules case")
    member_id = f"P{review.person.pk}"
    result = rules.check(
        self_review_rules_case(review=review), names={member_id: review.person.full_name}
    )
    findings = [f for f in result["findings"] if f["subject"] == member_id]  # type: ignore[attr-defined]
    return {
        "findings": findings,
        "ceiling": result["ceilings"].get(member_id),  # type: ignore[attr-defined]
        "not_classified": member_id in result["not_classified"],  # type: ignore[operator]
    }


def self_review_header(*, review: SubjectReview) -> list[tuple[str, str, str]]:
    """The header fields of a member's form (domain §6.1 item 3) as (key, label, value): what the
    member saved, else what the roster says (open seats, the post, the unit above the cell)."""
    saved = (review.answers or {}).get("header") or {}
    person = review.person
    seats = (
        BodyMembership.objects.filter(person=person, end__isnull=True)
        .select_related("body__unit")
        .order_by("position_rank", "id")
    )
    unit = review.unit
    parent = unit.parent
    defaults = {
        "party_position": ", ".join(
            f"{seat.get_position_display()} ({seat.body.unit.name})" for seat in seats
        ),
        "government_position": person.position if person is not None else "",
        "mass_org_position": "",
        "workplace": parent.name if parent is not None else unit.name,
    }
    return [
        (key, label, saved[key] if key in saved else defaults[key])
        for key, label in forms_catalog.HEADER_FIELDS
    ]


def review_form(*, review: SubjectReview) -> forms_catalog.FormSpec:
    return forms_catalog.get_form(review.form_code)


# --- Collective report ---------------------------------------------------------------------------


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


# --- Which campaign a meeting, a ballot or a decision belongs to --------------------------------


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


def reviews_of_subjects(*, campaign: Campaign, subjects: Iterable[Subject]) -> QuerySet[SubjectReview]:
    """The campaign's reviews of these subjects (`Subject` values: kind and id), in one query."""
    return SubjectReview.objects.filter(subjects_q(subjects), campaign=campaign)


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
