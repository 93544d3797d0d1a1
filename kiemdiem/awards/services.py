"""Commendation writes: propose an eligible member, decide proposals, record the award in the
member's history. Each is atomic and audited."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.awards import eligibility, selectors
from kiemdiem.awards.models import (
    AwardKind,
    BadgeCondition,
    CommendationDecision,
    CommendationProposal,
)
from kiemdiem.core.audit import audit_record
from kiemdiem.documents import services as document_services
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import ClassificationRecord, Person, Unit


def commendation_propose(
    *,
    actor: User,
    year: int,
    kind: str,
    person: Person | None = None,
    organization: Unit | None = None,
    settings: eligibility.EligibilitySettings = eligibility.DEFAULT_SETTINGS,
) -> CommendationProposal:
    """Propose an eligible member ("Hoàn thành xuất sắc nhiệm vụ") or organization ("Trong
    sạch, vững mạnh tiêu biểu"); refused when not decided HTXSNV in the year, or for the
    5-year award without the run (domain.md §8.1)."""
    if (person is None) == (organization is None):
        raise ValueError("propose exactly one of person and organization")
    subject_unit = person.unit if person is not None else organization
    field = "person_id" if person is not None else "organization_id"
    if not org_selectors.user_can_manage_unit(user=actor, unit=subject_unit):
        raise PermissionDenied(_("Bạn không có quyền đề nghị khen thưởng cho đối tượng này."))
    if kind not in AwardKind.values:
        raise ValidationError(
            _("Danh hiệu «%(kind)s» không hợp lệ."),
            code="invalid",
            params={"field": "kind", "kind": kind},
        )
    if person is not None:
        history = selectors.person_history(person=person)
        awards = selectors.run_award_years(person_ids=[person.pk])[person.pk]
        name = person.full_name
        existing = CommendationProposal.objects.filter(person=person, year=year, kind=kind)
    else:
        unit = cast(Unit, organization)
        history = selectors.organization_history(unit=unit)
        awards = selectors.organization_run_award_years(unit=unit)
        name = unit.name
        existing = CommendationProposal.objects.filter(organization=unit, year=year, kind=kind)
    result = eligibility.candidacy(history, year, run_awards=awards, settings=settings)
    if not result.eligible or (kind == AwardKind.RUN and not result.five_years_running):
        raise ValidationError(
            _("%(name)s không đủ điều kiện khen thưởng năm %(year)s."),
            code="not_eligible",
            params={"field": field, "name": name, "year": year},
        )
    if existing.exists():
        raise ValidationError(
            _("Đã đề nghị danh hiệu này trong năm."),
            code="duplicate",
            params={"field": field},
        )
    with transaction.atomic():
        proposal = CommendationProposal.objects.create(
            person=person,
            organization=organization,
            year=year,
            kind=kind,
            qualifying_years=list(result.run_years) if kind == AwardKind.RUN else [year],
            proposed_by=actor,
        )
        audit_record(
            actor=actor,
            verb="commendation_propose",
            instance=proposal,
            changes={
                "person": person.pk if person else None,
                "organization": organization.pk if organization else None,
                "year": year,
                "kind": kind,
            },
        )
    return proposal


def classification_record_award_set(
    *, actor: User | None, person: Person, year: int, award: str
) -> ClassificationRecord:
    """Add the award text to the member's result of the year (created when missing)."""
    record, _created = ClassificationRecord.objects.select_for_update().get_or_create(
        person=person, year=year
    )
    before = record.award
    if award not in [part.strip() for part in before.split(";")]:
        record.award = f"{before}; {award}" if before else award
        record.award = record.award[:255]
        record.save(update_fields=["award"])
        audit_record(
            actor=actor,
            verb="classification_award_set",
            instance=record,
            changes={"award": [before, record.award]},
        )
    return record


def commendation_decide(
    *,
    actor: User,
    deciding_unit: Unit,
    proposals: Sequence[CommendationProposal],
    number: int | None = None,
    decided_on: datetime.date,
    form_of_award: str,
    signer_name: str = "",
    issuer_code: str = "ĐU",
    place: str = "Hà Nội",
) -> CommendationDecision:
    """Approve proposals by a numbered decision and write each award into the history.

    The number comes from the clerk's register ("Số {n}-QĐ/{issuer}", from 01 per committee
    term, domain.md §7): the next one when `number` is None, else `number` is recorded there
    (refused when already given out)."""
    if not org_selectors.user_can_manage_unit(user=actor, unit=deciding_unit):
        raise PermissionDenied(_("Bạn không có quyền ra quyết định khen thưởng."))
    if not proposals:
        raise ValidationError(
            _("Chưa chọn đề nghị nào."), code="required", params={"field": "proposal_ids"}
        )
    errors = []
    for proposal in proposals:
        subject_unit = proposal.person.unit if proposal.person else proposal.organization
        inside = subject_unit is not None and (
            deciding_unit.path <= subject_unit.path < deciding_unit.path_upper_bound
        )
        if not inside or proposal.status != CommendationProposal.Status.PROPOSED:
            errors.append(
                ValidationError(
                    _("Đề nghị «%(proposal)s» không thể quyết định tại cấp này."),
                    code="invalid",
                    params={"field": "proposal_ids", "proposal": str(proposal)},
                )
            )
    years = {p.year for p in proposals}
    if len(years) > 1:
        errors.append(
            ValidationError(
                _("Các đề nghị phải cùng một năm."),
                code="invalid",
                params={"field": "proposal_ids"},
            )
        )
    if (
        number is not None
        and CommendationDecision.objects.filter(
            deciding_unit=deciding_unit, year=min(years), number=number
        ).exists()
    ):
        errors.append(
            ValidationError(
                _("Số quyết định đã được dùng."), code="duplicate", params={"field": "number"}
            )
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = document_services.register_number_take(
            actor=actor,
            issuer=deciding_unit,
            type_code="QĐ",
            issuer_code=issuer_code,
            issued_on=decided_on,
            title=f"Quyết định khen thưởng năm {min(years)}",
            number=number,
        )
        number = entry.n
        decision = CommendationDecision.objects.create(
            deciding_unit=deciding_unit,
            year=min(years),
            number=number,
            issuer_code=issuer_code,
            decided_on=decided_on,
            place=place,
            form_of_award=form_of_award,
            signer_name=signer_name,
            decided_by=actor,
        )
        locked = list(
            CommendationProposal.objects.select_for_update(of=("self",))
            .filter(pk__in=[p.pk for p in proposals], status=CommendationProposal.Status.PROPOSED)
            .select_related("person")
        )
        if len(locked) != len(proposals):
            raise ValidationError(
                _("Một đề nghị vừa được người khác quyết định."),
                code="conflict",
                params={"field": "proposal_ids"},
            )
        for proposal in locked:
            proposal.status = CommendationProposal.Status.APPROVED
            proposal.decision = decision
            proposal.save(update_fields=["status", "decision"])
            if proposal.person is not None:
                classification_record_award_set(
                    actor=actor,
                    person=proposal.person,
                    year=proposal.year,
                    award=f"{form_of_award}: {proposal.title} ({decision})",
                )
        audit_record(
            actor=actor,
            verb="commendation_decide",
            instance=decision,
            changes={"proposals": [p.pk for p in locked], "number": number},
        )
    return decision


def badge_condition_add(
    *,
    actor: User,
    person: Person,
    kind: str,
    start: datetime.date,
    end: datetime.date | None = None,
    note: str = "",
) -> BadgeCondition:
    """Record a serious illness, a death or a period of discipline that moves or holds the
    member's Party badge (domain.md §8.3). Only the member's committee office records it."""
    if not org_selectors.user_can_manage_unit(user=actor, unit=person.unit):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận trường hợp này."))
    if kind not in BadgeCondition.Kind.values:
        raise ValidationError(
            _("Trường hợp «%(kind)s» không hợp lệ."),
            code="invalid",
            params={"field": "kind", "kind": kind},
        )
    if end is not None and (kind != BadgeCondition.Kind.DISCIPLINE or end < start):
        raise ValidationError(
            _("Chỉ thời gian kỷ luật có ngày kết thúc, sau ngày bắt đầu."),
            code="invalid",
            params={"field": "end"},
        )
    with transaction.atomic():
        condition = BadgeCondition.objects.create(
            person=person, kind=kind, start=start, end=end, note=note[:255], created_by=actor
        )
        audit_record(
            actor=actor,
            verb="badge_condition_add",
            instance=condition,
            changes={"kind": kind, "start": start.isoformat(), "end": end and end.isoformat()},
        )
    return condition
