"""Writes of self-reviews: save, submit, return, lock, not required (domain.md §5.2)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.core.levels import Level
from kiemdiem.reviews import forms_catalog, selectors
from kiemdiem.reviews.models import (
    CampaignState,
    ReviewHint,
    ReviewStatus,
    SubjectKind,
    SubjectReview,
)
from kiemdiem.reviews.services._common import EXCLUDED_STATUSES


def _require_own(actor: User | None, review: SubjectReview) -> None:
    if actor is None:
        return
    if review.person_id is None or actor.person_id != review.person_id:
        raise PermissionDenied(_("Chỉ đảng viên viết bản kiểm điểm của chính mình."))


def _clean_answers(
    form: forms_catalog.FormSpec, answers: dict[str, Any], hint_ids: list[int]
) -> dict[str, Any]:
    """Keep only what the form defines; trim texts; drop unknown grades."""
    clean: dict[str, Any] = {}
    for section in form.sections:
        data = answers.get(section.key) or {}
        if not isinstance(data, dict):
            continue
        if section.kind == "graded":
            items = {}
            for item in section.items:
                entry = data.get(item.key) or {}
                if not isinstance(entry, dict):
                    continue
                text = str(entry.get("text", "")).strip()
                grade = entry.get("grade") if item.graded else None
                items[item.key] = {
                    "text": text,
                    "grade": grade if grade in forms_catalog.GRADE_CODES else "",
                }
            clean[section.key] = items
        elif section.kind == "text":
            clean[section.key] = {"text": str(data.get("text", "")).strip()}
        elif section.kind == "hints":
            clean[section.key] = {
                str(hint_id): str(data.get(str(hint_id), "")).strip() for hint_id in hint_ids
            }
        elif section.kind == "level":
            level = data.get("level")
            clean[section.key] = {"level": level if level in Level.values else ""}
    if form.header:
        header = answers.get("header") or {}
        if isinstance(header, dict):
            clean["header"] = {
                key: " ".join(str(header.get(key, "")).split())[:255]
                for key, _label in forms_catalog.HEADER_FIELDS
            }
    if form.scored:
        block = answers.get("score") or {}
        if not isinstance(block, dict):
            block = {}
        general = block.get("general") or {}
        notes = block.get("notes") or {}
        clean["score"] = {
            "general": {item.key: general.get(item.key) is True for item in form.score_items},
            "tasks": str(block.get("tasks", "")).strip(),
            "notes": {
                item.key: str(notes.get(item.key, "")).strip()
                for item in form.score_items
                if isinstance(notes, dict) and str(notes.get(item.key, "")).strip()
            },
        }
    return clean


def _check_level(value: str, field: str) -> str:
    if value and value not in Level.values:
        raise ValidationError(
            _("Mức xếp loại «%(value)s» không hợp lệ"),
            code="invalid",
            params={"field": field, "value": value},
        )
    return value


@transaction.atomic
def self_review_save(
    *,
    actor: User | None,
    review: SubjectReview,
    answers: dict[str, Any],
    self_level: str = "",
    civil_servant_level: str = "",
) -> SubjectReview:
    """Save the member's draft (autosave). The first save starts the draft (not_started →
    drafting); a submitted or locked review is not editable."""
    _require_own(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("campaign", "person")
        .get(pk=review.pk)
    )
    if not review.is_editable:
        raise ValidationError(
            _("Bản kiểm điểm đã nộp hoặc đã khóa, không sửa được."),
            code="not_editable",
            params={"field": "status"},
        )
    if (
        review.campaign.state != CampaignState.PREPARING
        and review.campaign.state != CampaignState.CONFERENCING
    ):
        raise ValidationError(
            _("Đợt kiểm điểm chưa mở hoặc đã kết thúc việc viết bản kiểm điểm."),
            code="wrong_state",
            params={"field": "state"},
        )
    if (
        review.status == ReviewStatus.NOT_STARTED
        and review.person is not None
        and review.person.status in EXCLUDED_STATUSES
    ):
        raise ValidationError(
            _("Đảng viên đang miễn hoặc bị đình chỉ sinh hoạt đảng, không viết bản kiểm điểm."),
            code="excluded",
            params={"field": "status"},
        )
    form = forms_catalog.get_form(review.form_code)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    before_status = review.status
    review.answers = _clean_answers(form, answers, hint_ids)
    review.self_level = _check_level(self_level, "self_level")
    review.civil_servant_level = (
        _check_level(civil_servant_level, "civil_servant_level") if form.civil_servant_level else ""
    )
    review.score = forms_catalog.compute_score(form, review.answers, review.campaign.score_groups)
    review.status = ReviewStatus.DRAFTING
    review.saved_at = timezone.now()
    review.save(
        update_fields=[
            "answers",
            "self_level",
            "civil_servant_level",
            "score",
            "status",
            "saved_at",
        ]
    )
    audit_record(
        actor=actor,
        verb="self_review_save",
        instance=review,
        changes={"status": [before_status, review.status]}
        if before_status != review.status
        else {},
    )
    return review


def self_review_missing(*, review: SubjectReview) -> list[str]:
    """What a submission still lacks, as section/item references and field names."""
    form = forms_catalog.get_form(review.form_code)
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    missing = forms_catalog.missing_parts(form, review.answers or {}, hint_ids)
    if not review.self_level:
        missing.append("self_level")
    if form.scored and review.score is None:
        missing.append("score")
    return missing


def missing_label(part: str, form: forms_catalog.FormSpec | None = None) -> str:
    """A part `self_review_missing` names, in words as the member reads it: «I. Phẩm chất chính
    trị — 2. Ý thức tổ chức kỷ luật», «IV. … — trả lời gợi ý số 2», «VII. mức tự xếp loại»."""
    labels = {
        "self_level": _("VII. mức tự xếp loại"),
        "score": _("điểm tự chấm"),
    }
    if part in labels:
        return str(labels[part])
    key, _sep, item_key = part.partition(".")
    section = next((s for s in form.sections if s.key == key), None) if form else None
    if section is None:
        return part
    if not item_key:
        return f"«{section.title}»"
    if section.kind == "hints":
        return _("«%(section)s» (trả lời gợi ý số %(hint)s)") % {
            "section": section.title,
            "hint": item_key,
        }
    item = next((i for i in section.items if i.key == item_key), None)
    return f"«{section.title} — {item.title if item else item_key}»"


@transaction.atomic
def self_review_submit(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """drafting → submitted: every section filled, every hint answered, a self-level (and a score
    under 366). The hints answered in section IV are marked answered."""
    _require_own(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("campaign", "person")
        .get(pk=review.pk)
    )
    if review.status != ReviewStatus.DRAFTING or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ nộp được bản kiểm điểm đang viết."),
            code="wrong_state",
            params={"field": "status"},
        )
    missing = self_review_missing(review=review)
    if missing:
        raise ValidationError(
            _("Bản kiểm điểm chưa đủ nội dung: %(parts)s."),
            code="incomplete",
            params={
                "field": missing[0],
                "parts": ", ".join(
                    missing_label(part, selectors.review_form(review=review)) for part in missing
                ),
                "missing": missing,
            },
        )
    now = timezone.now()
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = now
    review.save(update_fields=["status", "submitted_at"])
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    ReviewHint.objects.filter(pk__in=hint_ids, answered_at__isnull=True).update(answered_at=now)
    audit_record(
        actor=actor,
        verb="self_review_submit",
        instance=review,
        changes={
            "status": [ReviewStatus.DRAFTING, ReviewStatus.SUBMITTED],
            "self_level": review.self_level,
        },
    )
    return review


def _require_secretary(actor: User | None, review: SubjectReview) -> None:
    if actor is None:
        return
    if not selectors.user_is_cell_secretary_of(user=actor, review=review):
        raise PermissionDenied(
            _("Chỉ bí thư chi bộ hoặc cấp ủy cấp trên thực hiện được thao tác này.")
        )


@transaction.atomic
def self_review_return(*, actor: User | None, review: SubjectReview, reason: str) -> SubjectReview:
    """submitted → drafting, by the cell secretary, with a reason kept in the review's history."""
    _require_secretary(actor, review)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            _("Cần nêu lý do trả lại."), code="required", params={"field": "reason"}
        )
    review = SubjectReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.SUBMITTED or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ trả lại được bản kiểm điểm đã nộp và chưa khóa."),
            code="wrong_state",
            params={"field": "status"},
        )
    review.status = ReviewStatus.DRAFTING
    review.submitted_at = None
    review.history = [
        *review.history,
        {
            "action": "returned",
            "at": timezone.now().isoformat(),
            "by": actor.get_username() if actor is not None else "",
            "reason": reason,
        },
    ]
    review.save(update_fields=["status", "submitted_at", "history"])
    hint_ids = [h.pk for h in selectors.hints_for_review(review=review)]
    ReviewHint.objects.filter(pk__in=hint_ids).update(answered_at=None)
    audit_record(
        actor=actor,
        verb="self_review_return",
        instance=review,
        changes={"status": [ReviewStatus.SUBMITTED, ReviewStatus.DRAFTING], "reason": reason},
    )
    return review


@transaction.atomic
def self_review_lock(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """Lock a submitted review for the meeting (no more returns or edits)."""
    _require_secretary(actor, review)
    review = SubjectReview.objects.select_for_update().get(pk=review.pk)
    if review.status != ReviewStatus.SUBMITTED or review.locked_at is not None:
        raise ValidationError(
            _("Chỉ khóa được bản kiểm điểm đã nộp."), code="wrong_state", params={"field": "status"}
        )
    review.locked_at = timezone.now()
    review.save(update_fields=["locked_at"])
    audit_record(actor=actor, verb="self_review_lock", instance=review, changes={"locked": True})
    return review


@transaction.atomic
def self_review_mark_not_required(*, actor: User | None, review: SubjectReview) -> SubjectReview:
    """not_started → not_required, by the cell committee (its secretary or an office above), for a
    member who is exempt or suspended now (domain §5.2); reviewed, not classified."""
    _require_secretary(actor, review)
    review = (
        SubjectReview.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=review.pk)
    )
    person = review.person
    if (
        review.kind != SubjectKind.MEMBER
        or person is None
        or review.status != ReviewStatus.NOT_STARTED
    ):
        raise ValidationError(
            _("Chỉ miễn được bản kiểm điểm chưa viết của đảng viên."),
            code="wrong_state",
            params={"field": "status"},
        )
    if person.status not in EXCLUDED_STATUSES:
        raise ValidationError(
            _("Chỉ đảng viên miễn hoặc bị đình chỉ sinh hoạt đảng mới không phải kiểm điểm."),
            code="not_excluded",
            params={"field": "status"},
        )
    review.status = ReviewStatus.NOT_REQUIRED
    review.not_classified = True
    review.exclusion = person.status
    review.save(update_fields=["status", "not_classified", "exclusion"])
    audit_record(
        actor=actor,
        verb="self_review_mark_not_required",
        instance=review,
        changes={
            "status": [ReviewStatus.NOT_STARTED, ReviewStatus.NOT_REQUIRED],
            "exclusion": review.exclusion,
        },
    )
    return review
