"""Documents API: start a self-review batch for a unit, follow the job."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from kiemdiem.core.models import Job
from kiemdiem.documents import selectors, services
from kiemdiem.orgs import selectors as org_selectors

router = Router(tags=["documents"])


class SelfReviewBatchIn(Schema):
    unit_id: int
    year: int
    forms: str = "02A/02B"
    place: str = "Hà Nội"
    date: datetime.date | None = None

    model_config = {
        "json_schema_extra": {
            "example": {"unit_id": 1, "year": 2024, "forms": "02A/02B", "place": "Hà Nội"}
        }
    }


class DocumentJobOut(Schema):
    id: int
    state: str
    done: int
    total: int
    percent: int
    result: dict[str, object]
    message: str


@router.post(
    "/self-reviews",
    response={202: DocumentJobOut},
    summary="Tạo bản kiểm điểm cá nhân (DOCX, nén ZIP) cho mọi đảng viên của đơn vị",
)
def self_review_batch(request: HttpRequest, payload: SelfReviewBatchIn) -> tuple[int, Job]:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=payload.unit_id)  # type: ignore[arg-type]
    job = services.self_review_batch_start(
        actor=request.user,  # type: ignore[arg-type]
        unit=unit,
        year=payload.year,
        forms=payload.forms,
        place=payload.place,
        date=payload.date or timezone.localdate(),
    )
    return 202, job


@router.get("/jobs/{job_id}", response=DocumentJobOut, summary="Tiến độ tạo văn bản")
def job_status(request: HttpRequest, job_id: int) -> Job:
    return selectors.document_job_get_for_user(user=request.user, pk=job_id)  # type: ignore[arg-type]
