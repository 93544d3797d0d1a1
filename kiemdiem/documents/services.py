"""Writes of the documents app: the clerk's register (numbers of party documents) and the
self-review batch (every member's self-review of a unit as DOCX in one ZIP, built by a task)."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kiemdiem.accounts.models import User
from kiemdiem.core.audit import audit_record
from kiemdiem.core.models import Job
from kiemdiem.documents import builders, selectors
from kiemdiem.documents.builders import SelfReviewData
from kiemdiem.documents.docx import render_docx
from kiemdiem.documents.models import RegisterEntry
from kiemdiem.documents.selectors import FORM_CHOICES, SELF_REVIEW_BATCH
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit


def register_number_take(
    *,
    actor: User | None,
    issuer: Unit,
    type_code: str,
    issuer_code: str,
    issued_on: datetime.date,
    title: str,
    number: int | None = None,
) -> RegisterEntry:
    """Give out the next number of the clerk's register for (issuer, type, committee term),
    from 01 (domain.md §7), or record `number` when the clerk already holds it (refused if it
    was given out). The issuer's row is locked so two clerks never get the same number.
    `actor` None is system work (the demo)."""
    if actor is not None and not org_selectors.user_can_manage_unit(user=actor, unit=issuer):
        raise PermissionDenied(_("Bạn không có quyền cấp số văn bản của đơn vị này."))
    term_start = selectors.register_term_start(issuer=issuer, on=issued_on)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=issuer.pk).first()
        taken = RegisterEntry.objects.filter(
            issuer=issuer, type_code=type_code, term_start=term_start
        )
        if number is None:
            number = (taken.aggregate(top=Max("n"))["top"] or 0) + 1
        elif number < 1 or taken.filter(n=number).exists():
            raise ValidationError(
                _("Số %(number)s-%(type)s đã được cấp trong nhiệm kỳ này."),
                code="duplicate",
                params={"field": "number", "number": f"{number:02d}", "type": type_code},
            )
        entry = RegisterEntry.objects.create(
            issuer=issuer,
            type_code=type_code,
            issuer_code=issuer_code,
            term_start=term_start,
            n=number,
            issued_on=issued_on,
            title=title[:255],
            created_by=actor,
        )
        audit_record(
            actor=actor,
            verb="document_number_take",
            instance=entry,
            changes={"number": str(entry), "term_start": term_start.isoformat()},
        )
    return entry


def self_review_zip(
    *, inputs: list[SelfReviewData], progress: Callable[[int, int], None] | None = None
) -> bytes:
    """Every input rendered to DOCX, zipped; `progress(done, total)` after each document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for done, data in enumerate(inputs, start=1):
            archive.writestr(f"{data.filename}.docx", render_docx(builders.self_review(data)))
            if progress is not None:
                progress(done, len(inputs))
    return out.getvalue()


def self_review_batch_start(
    *, actor: User, unit: Unit, year: int, forms: str, place: str, date: datetime.date
) -> Job:
    """Queue the batch for a unit the actor can see (the caller fetched it through scope)."""
    if forms not in FORM_CHOICES:
        raise ValidationError(
            _("Mẫu «%(forms)s» không hợp lệ."),
            code="invalid",
            params={"field": "forms", "forms": forms},
        )
    if not 1900 < year < 2200:
        raise ValidationError(
            _("Năm «%(year)s» không hợp lệ."),
            code="invalid",
            params={"field": "year", "year": year},
        )
    with transaction.atomic():
        job = Job.objects.create(
            kind=SELF_REVIEW_BATCH,
            created_by=actor,
            params={
                "unit_id": unit.pk,
                "year": year,
                "forms": forms,
                "place": place,
                "date": date.isoformat(),
            },
        )
        audit_record(actor=actor, verb="self_review_batch_start", instance=job, changes=job.params)

        def enqueue() -> None:
            from kiemdiem.documents.tasks import self_review_batch_task

            self_review_batch_task.enqueue(job.pk)

        transaction.on_commit(enqueue)
    return job


def batch_store(*, job: Job, data: bytes) -> str:
    """Save the ZIP for the job and return its storage name."""
    return default_storage.save(f"documents/batches/job-{job.pk}.zip", ContentFile(data))
