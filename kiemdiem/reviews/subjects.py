"""What a review is of: a member, an organization or a leadership body (the "subject")."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from kiemdiem.reviews.models import SubjectKind


@dataclass(frozen=True)
class Subject:
    """What is reviewed: a member, an organization or a leadership body."""

    kind: str
    pk: int

    @classmethod
    def of(cls, *, person_id: int | None, unit_id: int | None, body_id: int | None) -> Subject:
        if person_id is not None:
            return cls(SubjectKind.MEMBER, person_id)
        if body_id is not None:
            return cls(SubjectKind.BODY, body_id)
        assert unit_id is not None  # noqa: S101 - a subject is one of the three
        return cls(SubjectKind.UNIT, unit_id)


def subjects_q(subjects: Iterable[Subject]) -> Q:
    """The reviews of these subjects (any campaign): one condition per kind."""
    by_kind: dict[str, list[int]] = {}
    for subject in subjects:
        by_kind.setdefault(subject.kind, []).append(subject.pk)
    q = Q(pk__in=[])
    field: dict[str, str] = {
        SubjectKind.MEMBER: "person_id",
        SubjectKind.UNIT: "unit_id",
        SubjectKind.BODY: "body_id",
    }
    for kind, ids in by_kind.items():
        q |= Q(kind=kind, **{f"{field[kind]}__in": ids})
    return q
