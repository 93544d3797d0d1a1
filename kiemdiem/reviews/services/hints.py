"""Writes of review hints (gợi ý kiểm điểm) to collectives and named leaders."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import (
    BodyMembership,
    LeadershipBody,
    Person,
    Unit,
)
from kiemdiem.reviews import selectors
from kiemdiem.reviews.models import (
    Campaign,
    CampaignState,
    ReviewHint,
    SubjectKind,
)
from kiemdiem.reviews.services._common import _state_error


@transaction.atomic
def hint_create(
    *,
    actor: User | None,
    campaign: Campaign,
    text: str,
    unit: Unit | None = None,
    body: LeadershipBody | None = None,
    person: Person | None = None,
) -> ReviewHint:
    """Write a review hint from the higher level to a unit, a leadership body or a named leader.
    The author must manage the level above the target (the issuer for the root)."""
    text = text.strip()
    if not text:
        raise ValidationError(_("Thiếu nội dung gợi ý."), code="required", params={"field": "text"})
    if sum(x is not None for x in (unit, body, person)) != 1:
        raise ValidationError(
            _("Chọn đúng một đối tượng được gợi ý."), code="target", params={"field": "target"}
        )
    if campaign.state not in (
        CampaignState.DRAFT,
        CampaignState.PUBLISHED,
        CampaignState.HINTS_ISSUED,
        CampaignState.PREPARING,
    ):
        raise _state_error(campaign)
    if person is not None:
        target_unit = person.unit
        kind, label = SubjectKind.MEMBER, person.full_name
        if not BodyMembership.objects.filter(person=person, end__isnull=True).exists():
            raise ValidationError(
                _("Chỉ gợi ý kiểm điểm cho cá nhân giữ chức vụ lãnh đạo, quản lý."),
                code="not_leader",
                params={"field": "target"},
            )
    elif body is not None:
        target_unit = body.unit
        kind, label = SubjectKind.BODY, f"{body.get_kind_display()} {body.unit.name}"
    elif unit is not None:
        target_unit = unit
        kind, label = SubjectKind.UNIT, unit.name
    root = campaign.root_unit
    if not (root.path <= target_unit.path < root.path_upper_bound):
        raise ValidationError(
            _("Đối tượng không thuộc phạm vi đợt kiểm điểm."),
            code="out_of_tree",
            params={"field": "target"},
        )
    higher = target_unit.parent or target_unit
    if actor is not None and not (
        selectors.user_is_issuer(user=actor, campaign=campaign)
        or org_selectors.user_can_manage_unit(user=actor, unit=higher)
    ):
        raise PermissionDenied(_("Bạn không có quyền gợi ý kiểm điểm cho đối tượng này."))
    hint = ReviewHint.objects.create(
        campaign=campaign,
        kind=kind,
        unit=target_unit,
        body=body,
        person=person,
        label=label,
        text=text,
        author=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor, verb="hint_create", instance=hint, changes={"to": label, "text": text}
    )
    return hint
