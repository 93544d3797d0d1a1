"""Roster import jobs API (start, status with errors) and the export download."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from kiemdiem.core.models import Job
from kiemdiem.orgs import selectors
from kiemdiem.orgs.roster import jobs
from kiemdiem.orgs.roster.exporter import roster_export
from kiemdiem.orgs.roster.views import XLSX

router = Router(tags=["imports"])


class JobOut(Schema):
    id: int
    state: str
    done: int
    total: int
    percent: int
    errors: list[dict[str, object]]
    result: dict[str, object]
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


@router.get("/export", summary="Tải danh sách (XLSX, cùng định dạng nhập)")
def export(request: HttpRequest, unit_id: int | None = None) -> HttpResponse:
    if not selectors.user_scope(request.user).can_manage:  # type: ignore[arg-type]
        return HttpResponse(status=404)
    root = selectors.unit_get_for_user(user=request.user, pk=unit_id) if unit_id else None  # type: ignore[arg-type]
    response = HttpResponse(roster_export(for_user=request.user, root=root), content_type=XLSX)  # type: ignore[arg-type]
    response["Content-Disposition"] = 'attachment; filename="danh-sach-dang-vien.xlsx"'
    return response


@router.post(
    "/", response={202: JobOut}, summary="Nhập danh sách: tải tệp lên, trả về công việc nền"
)
def start(
    request: HttpRequest, files: File[list[UploadedFile]], dry_run: Form[bool] = False
) -> tuple[int, Job]:
    uploads = [(upload.name or "roster.xlsx", upload.read()) for upload in files]
    return 202, jobs.roster_import_start(actor=request.user, uploads=uploads, dry_run=dry_run)  # type: ignore[arg-type]


@router.get(
    "/{job_id}", response=JobOut, summary="Tiến độ và kết quả (lỗi theo trang tính, dòng, cột)"
)
def status(request: HttpRequest, job_id: int) -> Job:
    return jobs.job_get_for_user(user=request.user, pk=job_id)  # type: ignore[arg-type]
