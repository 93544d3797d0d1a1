"""Background tasks of the documents app: load the job, build, store, report progress."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kiemdiem.core.models import Job
from kiemdiem.documents import selectors, services
from kiemdiem.orgs.models import Unit

PROGRESS_EVERY = 25


@task()
def self_review_batch_task(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)
    params = job.params
    try:
        unit = Unit.objects.get(pk=params["unit_id"])
        inputs = selectors.self_review_inputs(
            unit=unit,
            year=params["year"],
            forms=params["forms"],
            place=params["place"],
            date=datetime.date.fromisoformat(params["date"]),
        )
        Job.objects.filter(pk=job_id).update(total=len(inputs))

        def progress(done: int, total: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == total:
                Job.objects.filter(pk=job_id).update(done=done)

        data = services.self_review_zip(inputs=inputs, progress=progress)
        name = services.batch_store(job=job, data=data)
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, message=str(exc)[:255], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED,
        done=F("total"),
        result={"file": name, "count": len(inputs)},
        finished_at=timezone.now(),
    )
