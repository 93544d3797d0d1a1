"""Reads that turn database rows into builder input dataclasses (never querysets downstream)."""

from __future__ import annotations

import datetime

from django.http import Http404

from kiemdiem.accounts.models import User
from kiemdiem.core.models import Job
from kiemdiem.documents.builders import SelfReviewAnswers, SelfReviewData
from kiemdiem.documents.model import Letterhead
from kiemdiem.orgs.models import (
    CELL_KINDS,
    BodyKind,
    BodyMembership,
    LeadershipBody,
    Person,
    Unit,
)

SELF_REVIEW_BATCH = "self_review_batch"


def letterhead_for(
    *, unit: Unit, place: str, on: datetime.date, signer_name: str = "", issuer_code: str = ""
) -> Letterhead:
    """The issuing unit's letterhead (domain.md §7): its parent as the superior body, the issuer
    code (ĐU for a committee, CB for a cell unless given) and the T/M line of the body that
    signs: "T/M BAN THƯỜNG VỤ" when the unit has a standing committee on `on`, else
    "T/M CHI ỦY" / "T/M CHI BỘ" for a cell (with or without a cell committee), else
    "T/M ĐẢNG ỦY". One query for the bodies."""
    kinds = set(
        LeadershipBody.objects.filter(unit=unit, term_start__lte=on)
        .exclude(term_end__lt=on)
        .values_list("kind", flat=True)
    )
    cell = unit.kind in CELL_KINDS
    if BodyKind.STANDING_COMMITTEE in kinds:
        on_behalf = "T/M BAN THƯỜNG VỤ"
    elif cell:
        on_behalf = "T/M CHI ỦY" if BodyKind.CELL_COMMITTEE in kinds else "T/M CHI BỘ"
    else:
        on_behalf = "T/M ĐẢNG ỦY"
    parent = unit.parent
    return Letterhead(
        superior_body=parent.name if parent else "",
        issuing_body=unit.name,
        place=place[:64] or "Hà Nội",
        issuer_code=issuer_code or ("CB" if cell else "ĐU"),
        on_behalf=on_behalf,
        signer_name=signer_name,
    )


def register_term_start(*, issuer: Unit, on: datetime.date) -> datetime.date:
    """The first day of the issuer's committee term in force on `on` (its latest leadership
    body term that has begun and not ended); 1 January of that year when it has none, so an
    issuer without recorded terms numbers per year (domain.md §7; UNCONFIRMED fallback)."""
    start = (
        LeadershipBody.objects.filter(unit=issuer, term_start__lte=on)
        .exclude(term_end__lt=on)
        .order_by("-term_start")
        .values_list("term_start", flat=True)
        .first()
    )
    return start or datetime.date(on.year, 1, 1)


# Form pairs per rule pack (domain.md §6, §12.24): (non-leader, leader).
FORM_CHOICES = {
    "02": ("02", "02"),
    "02A/02B": ("02A", "02B"),
    "2A/2B": ("2A", "2B"),
    "2C": ("2C", "2C"),
}


def self_review_inputs(
    *,
    unit: Unit,
    year: int,
    forms: str,
    place: str,
    date: datetime.date,
    answers: dict[int, SelfReviewAnswers] | None = None,
) -> list[SelfReviewData]:
    """One input per member of the unit's subtree, in name order; the leader form for members
    holding a current seat. `answers` (person id → answers) comes from the review app; members
    without answers get a blank form. Two queries whatever the size."""
    plain, leader = FORM_CHOICES[forms]
    people = list(
        Person.objects.filter(unit__path__gte=unit.path, unit__path__lt=unit.path_upper_bound)
        .select_related("unit", "unit__parent")
        .order_by("sort_key", "id")
    )
    leaders = set(
        BodyMembership.objects.filter(person__in=people, end__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    answers = answers or {}
    out = []
    for person in people:
        cell = person.unit
        out.append(
            SelfReviewData(
                superior_body=cell.parent.name if cell.parent else "",
                issuing_body=cell.name,
                place=place,
                date=date,
                year=year,
                form=leader if person.pk in leaders else plain,
                full_name=person.full_name,
                date_of_birth=person.date_of_birth,
                party_position=person.position,
                workplace=cell.name,
                cell=cell.name,
                answers=answers.get(person.pk, SelfReviewAnswers()),
                filename=f"{person.pk:06d}-ban-kiem-diem-{year}",
            )
        )
    return out


def document_job_get_for_user(*, user: User, pk: int) -> Job:
    """A user's own document job; anyone else's is not found."""
    job = (
        Job.objects.filter(pk=pk, kind=SELF_REVIEW_BATCH, created_by=user).first()
        if user.is_authenticated
        else None
    )
    if job is None:
        raise Http404
    return job
