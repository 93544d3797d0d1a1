"""Writes of the collective report (Mẫu 01): versions, circulation, comments, adoption (domain.md §5.3)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.core.levels import Level
from kiemdiem.orgs.models import (
    Person,
)
from kiemdiem.reviews import forms_catalog, selectors
from kiemdiem.reviews.models import (
    REPORT_TRANSITIONS,
    CollectiveReport,
    CommentResolution,
    DraftComment,
    ReportState,
    ReportVersion,
    ReviewHint,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.services.self_reviews import _clean_answers


def _require_drafter(actor: User | None, review: SubjectReview) -> None:
    """The collective's own office or secretary (anyone with scope over its unit) drafts."""
    if actor is None:
        return
    if not selectors.user_is_cell_secretary_of(user=actor, review=review):
        raise PermissionDenied(_("Bạn không có quyền soạn báo cáo của tập thể này."))


def _no_version() -> ValidationError:
    return ValidationError(
        _("Báo cáo chưa có bản dự thảo."), code="no_draft", params={"field": "version"}
    )


def _report_state(report: CollectiveReport, *allowed: str) -> None:
    if report.state not in allowed:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái «%(state)s», không thực hiện được thao tác này."),
            code="wrong_state",
            params={"field": "state", "state": report.get_state_display()},
        )


@transaction.atomic
def report_save_draft(
    *, actor: User | None, review: SubjectReview, sections: dict[str, Any]
) -> ReportVersion:
    """Save the working draft of the collective report; after a frozen round a new numbered
    version starts from the given text."""
    _require_drafter(actor, review)
    if review.kind == SubjectKind.MEMBER:
        raise ValidationError(
            _("Chỉ tập thể mới có báo cáo kiểm điểm tập thể."),
            code="invalid",
            params={"field": "review"},
        )
    report, _created = CollectiveReport.objects.select_for_update().get_or_create(review=review)
    _report_state(report, ReportState.DRAFT, ReportState.REVISED)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    clean = _clean_answers(forms_catalog.REPORT_FORM, sections, hint_ids)
    current = report.versions.order_by("-number").first()
    if current is None or current.frozen:
        number = (current.number + 1) if current else 1
        current = ReportVersion.objects.create(
            report=report,
            number=number,
            sections=clean,
            created_by=actor if actor and actor.pk else None,
        )
    else:
        current.sections = clean
        current.save(update_fields=["sections"])
    audit_record(
        actor=actor, verb="report_save_draft", instance=current, changes={"number": current.number}
    )
    return current


@transaction.atomic
def report_circulate(
    *,
    actor: User | None,
    report: CollectiveReport,
    delegates: list[Person],
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
) -> CollectiveReport:
    """draft/revised → circulated: freeze the working version and open a comment window for the
    named delegates."""
    _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    if ReportState.CIRCULATED not in REPORT_TRANSITIONS[report.state]:
        _report_state(report)
    version = report.versions.order_by("-number").first()
    if version is None or version.frozen:
        raise ValidationError(
            _("Chưa có bản dự thảo mới để xin ý kiến."),
            code="no_draft",
            params={"field": "version"},
        )
    if not delegates:
        raise ValidationError(
            _("Chọn ít nhất một người được xin ý kiến."),
            code="required",
            params={"field": "delegates"},
        )
    if closes_at <= opens_at:
        raise ValidationError(
            _("Thời hạn góp ý phải kết thúc sau khi bắt đầu."),
            code="invalid",
            params={"field": "closes_at"},
        )
    version.frozen = True
    version.save(update_fields=["frozen"])
    answers = version.sections.get("IV") or {}
    answered = [
        h.pk for h in selectors.hints_for_review(review=report.review) if answers.get(str(h.pk))
    ]
    ReviewHint.objects.filter(pk__in=answered, answered_at__isnull=True).update(
        answered_at=timezone.now()
    )
    before = report.state
    report.state = ReportState.CIRCULATED
    report.comments_open_at = opens_at
    report.comments_close_at = closes_at
    report.save(update_fields=["state", "comments_open_at", "comments_close_at"])
    report.delegates.set(delegates)
    audit_record(
        actor=actor,
        verb="report_circulate",
        instance=report,
        changes={
            "state": [before, report.state],
            "version": version.number,
            "delegates": [p.pk for p in delegates],
        },
    )
    return report


def _passages(version: ReportVersion, section: str) -> list[str]:
    """The texts a delegate may quote: each item's, section's or hint answer's text, in one
    section or (no section) in the whole report."""
    texts: list[str] = []
    for spec in forms_catalog.REPORT_FORM.sections:
        if section and spec.key != section:
            continue
        data = version.sections.get(spec.key) or {}
        if spec.kind == "graded":
            texts += [str((data.get(item.key) or {}).get("text") or "") for item in spec.items]
        elif spec.kind == "text":
            texts.append(str(data.get("text") or ""))
        elif spec.kind == "hints":
            texts += [str(answer) for answer in data.values()]
    return texts


@transaction.atomic
def report_comment(
    *,
    actor: User,
    report: CollectiveReport,
    text: str,
    section: str = "",
    quote: str = "",
    parent: DraftComment | None = None,
) -> DraftComment:
    """A delegate comments on the circulated version (a quoted passage of a section, or the whole)
    while the window is open; a reply may come from a delegate or the drafter."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Thiếu nội dung góp ý."), code="required", params={"field": "text"})
    is_delegate = (
        actor.person_id is not None and report.delegates.filter(pk=actor.person_id).exists()
    )
    if not is_delegate and not (
        parent is not None and selectors.user_is_cell_secretary_of(user=actor, review=report.review)
    ):
        raise PermissionDenied(_("Bạn không có trong danh sách được xin ý kiến."))
    _report_state(report, ReportState.CIRCULATED)
    now = timezone.now()
    if (report.comments_open_at and now < report.comments_open_at) or (
        report.comments_close_at and now > report.comments_close_at
    ):
        raise ValidationError(
            _("Ngoài thời hạn góp ý."), code="window_closed", params={"field": "text"}
        )
    version = report.versions.filter(frozen=True).order_by("-number").first()
    if version is None:
        raise _no_version()
    if parent is not None and parent.version_id != version.pk:
        raise ValidationError(
            _("Ý kiến được trả lời không thuộc bản này."),
            code="invalid",
            params={"field": "parent"},
        )
    if quote:
        if section and forms_catalog.REPORT_FORM.section(section) is None:
            raise ValidationError(
                _("Mục «%(section)s» không có trong báo cáo."),
                code="invalid",
                params={"field": "section", "section": section},
            )
        if not any(quote.strip() in text for text in _passages(version, section)):
            raise ValidationError(
                _("Đoạn trích không có trong bản dự thảo."),
                code="invalid",
                params={"field": "quote"},
            )
    comment = DraftComment.objects.create(
        version=version,
        parent=parent,
        author=actor,
        section=section,
        quote=quote.strip(),
        text=text,
    )
    audit_record(
        actor=actor,
        verb="report_comment",
        instance=comment,
        changes={"section": section, "reply_to": parent.pk if parent else None},
    )
    return comment


@transaction.atomic
def report_resolve_comment(
    *, actor: User | None, comment: DraftComment, resolution: str, note: str = ""
) -> DraftComment:
    """The drafter marks a comment accepted, answered or declined."""
    report = comment.version.report
    _require_drafter(actor, report.review)
    if resolution not in (
        CommentResolution.ACCEPTED,
        CommentResolution.ANSWERED,
        CommentResolution.DECLINED,
    ):
        raise ValidationError(
            _("Cách xử lý không hợp lệ."), code="invalid", params={"field": "resolution"}
        )
    if comment.parent_id is not None:
        raise ValidationError(
            _("Chỉ xử lý ý kiến gốc, không xử lý câu trả lời."),
            code="invalid",
            params={"field": "comment"},
        )
    before = comment.resolution
    comment.resolution = resolution
    comment.resolution_note = note.strip()
    comment.save(update_fields=["resolution", "resolution_note"])
    audit_record(
        actor=actor,
        verb="report_resolve_comment",
        instance=comment,
        changes={"resolution": [before, resolution]},
    )
    return comment


@transaction.atomic
def report_revise(
    *, actor: User | None, report: CollectiveReport, end_window: bool = False
) -> CollectiveReport:
    """circulated → revised: the window has closed and every comment is resolved; a new working
    version is opened from the circulated one. `end_window` lets the drafter close the window
    now, when every delegate has answered before its end (recorded on the audit row)."""
    _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.CIRCULATED)
    ended_early = None
    if end_window and report.comments_close_at and timezone.now() < report.comments_close_at:
        ended_early = report.comments_close_at.isoformat()
        report.comments_close_at = timezone.now()
        report.save(update_fields=["comments_close_at"])
    if report.comments_close_at and timezone.now() < report.comments_close_at:
        raise ValidationError(
            _("Thời hạn góp ý chưa kết thúc."), code="window_open", params={"field": "state"}
        )
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    open_count = version.comments.filter(parent__isnull=True, resolution="").count()
    if open_count:
        raise ValidationError(
            _("Còn %(count)s ý kiến chưa xử lý."),
            code="unresolved",
            params={"field": "state", "count": open_count},
        )
    report.state = ReportState.REVISED
    report.save(update_fields=["state"])
    ReportVersion.objects.create(
        report=report,
        number=version.number + 1,
        sections=version.sections,
        created_by=actor if actor and actor.pk else None,
    )
    audit_record(
        actor=actor,
        verb="report_revise",
        instance=report,
        changes={"window_was_to_close": ended_early, "state": [ReportState.CIRCULATED, ReportState.REVISED]},
    )
    return report


@transaction.atomic
def report_adopt(
    *,
    actor: User | None,
    report: CollectiveReport,
    minutes_reference: str,
    runs_the_conference: bool = False,
) -> CollectiveReport:
    """revised → adopted, at the conference (domain §5.3): the working version, with section VII
    (the proposed level) filled, is frozen as the adopted text, citing the minutes.

    The drafter may adopt it; so may the chair or secretary running the collective's conference
    (`conferences.services.conference_report_adopt` checks that and passes
    `runs_the_conference=True`), who need not have scope over the unit's drafts."""
    if not runs_the_conference:
        _require_drafter(actor, report.review)
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.REVISED)
    minutes_reference = minutes_reference.strip()
    if not minutes_reference:
        raise ValidationError(
            _("Cần dẫn biên bản hội nghị thông qua báo cáo."),
            code="required",
            params={"field": "minutes_reference"},
        )
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    if (version.sections.get("VII") or {}).get("level") not in Level.values:
        raise ValidationError(
            _("Mục VII (tự nhận mức xếp loại) chưa điền."),
            code="incomplete",
            params={"field": "VII"},
        )
    version.frozen = True
    version.save(update_fields=["frozen"])
    report.state = ReportState.ADOPTED
    report.minutes_reference = minutes_reference
    report.adopted_at = timezone.now()
    report.save(update_fields=["state", "minutes_reference", "adopted_at"])
    audit_record(
        actor=actor,
        verb="report_adopt",
        instance=report,
        changes={
            "state": [ReportState.REVISED, ReportState.ADOPTED],
            "version": version.number,
            "minutes_reference": minutes_reference,
        },
    )
    return report


@transaction.atomic
def report_reopen(*, actor: User | None, report: CollectiveReport, reason: str) -> CollectiveReport:
    """adopted → revised (`reopen`), with a reason: a new working version starts from the
    adopted text, which stays frozen in the history."""
    _require_drafter(actor, report.review)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Cần nêu lý do mở lại."), code="required", params={"field": "reason"}
        )
    report = CollectiveReport.objects.select_for_update().get(pk=report.pk)
    _report_state(report, ReportState.ADOPTED)
    version = report.versions.order_by("-number").first()
    if version is None:
        raise _no_version()
    report.state = ReportState.REVISED
    report.reopen_reason = reason
    report.save(update_fields=["state", "reopen_reason"])
    ReportVersion.objects.create(
        report=report,
        number=version.number + 1,
        sections=version.sections,
        created_by=actor if actor and actor.pk else None,
    )
    audit_record(
        actor=actor,
        verb="report_reopen",
        instance=report,
        changes={"state": [ReportState.ADOPTED, ReportState.REVISED], "reason": reason},
    )
    return report
