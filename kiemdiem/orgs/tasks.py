"""Background tasks of the organization app: thin wrappers that load a Job and call a service."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kiemdiem.core.models import Job
from kiemdiem.orgs.roster.importer import roster_import


@task()
def roster_import_task(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    last_reported = [0]

    def progress(done: int, total: int) -> None:
        if done - last_reported[0] >= 1000 or done >= total:
            last_reported[0] = done
            Job.objects.filter(pk=job_id).update(done=done, total=total)

    files = []
    for name in job.params.get("files", []):
        with default_storage.open(name, "rb") as handle:
            files.append((job.params.get("names", {}).get(name, name), handle.read()))
    try:
        report = roster_import(
            actor=job.created_by,
            files=files,
            dry_run=job.params.get("dry_run", False),
            progress=progress,
        )
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, message=str(exc)[:255], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED if report.ok else Job.State.FAILED,
        errors=[e.as_dict() for e in report.errors],
        result=report.as_dict(),
        done=F("total"),
        finished_at=timezone.now(),
    )
