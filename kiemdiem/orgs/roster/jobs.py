"""Starting a roster import as a background job, and reading jobs back (scoped to their owner)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.core.models import Job
from kiemdiem.orgs import selectors

KIND = "roster_import"
ALLOWED_SUFFIXES = (".xlsx", ".csv")


def roster_import_start(
    *, actor: User, uploads: Iterable[tuple[str, bytes]], dry_run: bool = False
) -> Job:
    """Save the uploaded files and queue the import; the page polls the job for progress."""
    if not selectors.user_scope(actor).can_manage:
        raise PermissionDenied(_("Bạn không có quyền nhập danh sách đảng viên."))
    uploads = list(uploads)
    if not uploads:
        raise ValidationError(_("Chưa chọn tệp nào."), code="required", params={"field": "files"})
    for name, _data in uploads:
        if not name.lower().endswith(ALLOWED_SUFFIXES):
            raise ValidationError(
                _("Tệp «%(name)s» không phải .xlsx hoặc .csv."),
                code="invalid",
                params={"field": "files", "name": name},
            )
    folder = f"imports/{uuid.uuid4().hex}"
    stored: dict[str, str] = {}
    for name, data in uploads:
        stored[default_storage.save(f"{folder}/{name}", ContentFile(data))] = name
    with transaction.atomic():
        job = Job.objects.create(
            kind=KIND,
            created_by=actor,
            total=0,
            params={"files": list(stored), "names": stored, "dry_run": dry_run},
        )
        audit_record(
            actor=actor,
            verb="roster_import_start",
            instance=job,
            changes={"files": list(stored.values())},
        )

        def enqueue() -> None:
            from kiemdiem.orgs.tasks import roster_import_task

            roster_import_task.enqueue(job.pk)

        transaction.on_commit(enqueue)
    return job


def job_get_for_user(*, user: User, pk: int) -> Job:
    """A user's own import job; anyone else's is not found."""
    job = (
        Job.objects.filter(pk=pk, kind=KIND, created_by=user).first()
        if user.is_authenticated
        else None
    )
    if job is None:
        raise Http404
    return job
