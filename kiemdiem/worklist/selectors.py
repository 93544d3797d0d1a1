""" "Việc cần làm": what each role has to do now, read from the records of the cycle.

A member: the self-review to write, reports to comment on, a ballot open for them, their results.
A cell secretary: each cell's progress, the conference to prepare or run, reviews to look at.
An office: each campaign's state and next step, late units, decisions waiting.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import Role, RoleGrant, User
from kiemdiem.classification.models import Decision, Proposal
from kiemdiem.conferences.models import Conference
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit
from kiemdiem.reviews import selectors as review_selectors
from kiemdiem.reviews.models import (
    CAMPAIGN_TRANSITIONS,
    Campaign,
    CampaignState,
    CollectiveReport,
    ReportState,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.voting.models import Ballot, VoterRollEntry

OPEN_STATES = [state for state in CampaignState.values if state != CampaignState.CLOSED]
WRITING = (ReviewStatus.NOT_STARTED, ReviewStatus.DRAFTING)


@dataclass(frozen=True)
class Todo:
    text: str
    url: str = ""
    action: str = ""
    urgent: bool = False


def _due(day: datetime.date | None) -> str:
    if day is None:
        return ""
    late = day < timezone.localdate()
    text = _("hạn %(day)s") % {"day": day.strftime("%d/%m/%Y")}
    return f" ({_('quá hạn') + ', ' if late else ''}{text})"


def member_todos(*, user: User) -> list[Todo]:
    """The member's own work, newest campaign first."""
    person_id = user.person_id
    if person_id is None:
        return []
    todos: list[Todo] = []
    for review in review_selectors.my_reviews(user=user).filter(campaign__state__in=OPEN_STATES):
        url = reverse("reviews:self_review", args=[review.pk])
        label = review.campaign.period_label
        unanswered = [
            hint
            for hint in review_selectors.hints_for_review(review=review)
            if not hint.answered_at
        ]
        if unanswered and review.status in WRITING:
            todos.append(
                Todo(
                    _("Có %(count)s gợi ý kiểm điểm cần giải trình ở mục IV của bản kiểm điểm.")
                    % {"count": len(unanswered)},
                    url,
                    _("Xem gợi ý"),
                    urgent=True,
                )
            )
        if review.status in WRITING and review.locked_at is None:
            deadlines = review_selectors.effective_deadlines(
                campaign=review.campaign, units=[review.unit]
            )
            due = deadlines[review.unit_id].dates.get("cell_conference_due")
            todos.append(
                Todo(
                    _("Viết và nộp bản kiểm điểm %(period)s") % {"period": label}
                    + _due(due if isinstance(due, datetime.date) else None),
                    url,
                    _("Viết bản kiểm điểm"),
                    urgent=True,
                )
            )
        elif review.status == ReviewStatus.SUBMITTED:
            todos.append(
                Todo(
                    _("Bản kiểm điểm %(period)s đã nộp; chờ hội nghị chi bộ.") % {"period": label},
                    url,
                    _("Xem"),
                )
            )
    reports = (
        CollectiveReport.objects.filter(state=ReportState.CIRCULATED, delegates=person_id)
        .select_related("review")
        .order_by("comments_close_at")
    )
    for report in reports:
        todos.append(
            Todo(
                _("Góp ý dự thảo báo cáo kiểm điểm của %(subject)s")
                % {"subject": report.review.label}
                + (
                    _due(timezone.localdate(report.comments_close_at))
                    if report.comments_close_at
                    else ""
                ),
                reverse("reviews:report_detail", args=[report.review_id]),
                _("Góp ý"),
                urgent=True,
            )
        )
    entries = VoterRollEntry.objects.filter(
        person_id=person_id, used=False, ballot__state=Ballot.State.OPEN
    ).select_related("ballot")
    for entry in entries:
        todos.append(
            Todo(
                _("Bỏ phiếu kín: %(title)s") % {"title": entry.ballot.title},
                reverse("voting:ballot_vote", args=[entry.ballot_id]),
                _("Bỏ phiếu"),
                urgent=True,
            )
        )
    results = (
        Decision.objects.filter(
            proposal__person_id=person_id, annulled_at__isnull=True, notified_at__isnull=False
        )
        .select_related("proposal")
        .order_by("-proposal__year")[:3]
    )
    for decision in results:
        level = Level(decision.level).label if decision.level else _("không xếp loại")
        todos.append(
            Todo(
                _("Kết quả xếp loại năm %(year)s: %(level)s")
                % {"year": decision.proposal.year, "level": level}
            )
        )
    return todos


def _granted_units(user: User, role: str) -> list[Unit]:
    return [
        grant.unit
        for grant in RoleGrant.objects.filter(user=user, role=role).select_related("unit")
        if grant.unit is not None
    ]


def _covering_campaigns(unit: Unit) -> list[Campaign]:
    """Open campaigns whose root is the unit or one of its ancestors."""
    roots = [*unit.ancestor_ids, unit.pk]
    return list(
        Campaign.objects.filter(root_unit_id__in=roots, state__in=OPEN_STATES).order_by("-year")
    )


def secretary_todos(*, user: User) -> list[Todo]:
    """For each cell the user is secretary of: its progress in each open campaign, the
    conference to prepare or run, and the submitted reviews to look at."""
    todos: list[Todo] = []
    for unit in _granted_units(user, Role.CELL_SECRETARY):
        for campaign in _covering_campaigns(unit):
            counts = dict(
                SubjectReview.objects.filter(campaign=campaign, unit=unit, kind=SubjectKind.MEMBER)
                .values_list("status")
                .annotate(n=Count("pk"))
                .values_list("status", "n")
            )
            total = sum(counts.values())
            written = total - sum(counts.get(status, 0) for status in WRITING)
            list_url = reverse("reviews:review_list", args=[campaign.pk]) + f"?unit={unit.pk}"
            todos.append(
                Todo(
                    _("%(unit)s · %(period)s: %(written)s/%(total)s bản kiểm điểm đã nộp")
                    % {
                        "unit": unit.name,
                        "period": campaign.period_label,
                        "written": written,
                        "total": total,
                    },
                    list_url,
                    _("Xem danh sách"),
                )
            )
            waiting = counts.get(ReviewStatus.SUBMITTED, 0)
            if waiting:
                todos.append(
                    Todo(
                        _(
                            "%(count)s bản kiểm điểm đã nộp cần xem (trả lại nếu chưa đạt, hoặc khóa)"
                        )
                        % {"count": waiting},
                        list_url + f"&status={ReviewStatus.SUBMITTED}",
                        _("Xem"),
                        urgent=True,
                    )
                )
            conference = (
                Conference.objects.filter(unit=unit, year=campaign.year, body__isnull=True)
                .order_by("-starts_at")
                .first()
            )
            if conference is None:
                if campaign.state in (CampaignState.PREPARING, CampaignState.CONFERENCING):
                    todos.append(
                        Todo(
                            _("Chuẩn bị hội nghị kiểm điểm của %(unit)s") % {"unit": unit.name},
                            reverse("conferences:conference_new") + f"?unit={unit.pk}",
                            _("Lập hội nghị"),
                            urgent=campaign.state == CampaignState.CONFERENCING,
                        )
                    )
            elif conference.state in (Conference.State.PLANNED, Conference.State.IN_PROGRESS):
                todos.append(
                    Todo(
                        _("Hội nghị «%(title)s»: %(state)s")
                        % {"title": conference.title, "state": conference.get_state_display()},
                        reverse("conferences:conference_detail", args=[conference.pk]),
                        _("Điều hành"),
                        urgent=True,
                    )
                )
    return todos


def office_todos(*, user: User) -> list[Todo]:
    """For each open campaign the user issues: its state, its next step, late units; and the
    proposals waiting for a decision in the user's scope."""
    todos: list[Todo] = []
    for campaign in review_selectors.campaign_list(user=user).filter(state__in=OPEN_STATES):
        if not review_selectors.user_is_issuer(user=user, campaign=campaign):
            continue
        steps = [
            s
            for s in CAMPAIGN_TRANSITIONS[campaign.state]
            if s != CampaignState.CLASSIFYING or campaign.state == CampaignState.CONFERENCING
        ]
        next_label = CampaignState(steps[0]).label if steps else ""
        todos.append(
            Todo(
                _("%(title)s: %(state)s; bước tiếp theo: %(next)s")
                % {
                    "title": campaign.title,
                    "state": campaign.get_state_display(),
                    "next": next_label,
                },
                reverse("reviews:campaign_detail", args=[campaign.pk]),
                _("Mở"),
                urgent=True,
            )
        )
        start = review_selectors.dashboard_unit_for_user(user=user, campaign=campaign, unit_id=None)
        rows = review_selectors.dashboard_rows(user=user, campaign=campaign, unit=start, levels=1)
        late = [row.unit for row in rows if row.late and row.depth == 1]
        if late:
            names = ", ".join(unit.name for unit in late[:5])
            more = len(late) - 5
            todos.append(
                Todo(
                    _("Đơn vị quá hạn hội nghị chi bộ: %(names)s") % {"names": names}
                    + (_(" và %(more)s đơn vị khác") % {"more": more} if more > 0 else ""),
                    reverse("reviews:dashboard", args=[campaign.pk]),
                    _("Xem tiến độ"),
                    urgent=True,
                )
            )
    units = org_selectors.units_in_scope(user)
    if org_selectors.user_scope(user).can_manage:
        in_force = Decision.objects.filter(proposal=OuterRef("pk"), annulled_at__isnull=True)
        waiting = (
            Proposal.objects.filter(
                Q(person__unit__in=units) | Q(unit__in=units) | Q(body__unit__in=units)
            )
            .exclude(Exists(in_force))
            .values_list("year")
            .annotate(n=Count("pk"))
            .order_by("-year")
        )
        for year, count in waiting:
            todos.append(
                Todo(
                    _("%(count)s đề xuất xếp loại năm %(year)s chờ quyết định")
                    % {"count": count, "year": year},
                    reverse("decisions:decision_board") + f"?year={year}",
                    _("Quyết định"),
                    urgent=True,
                )
            )
    return todos
