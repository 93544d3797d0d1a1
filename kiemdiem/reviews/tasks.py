"""Background tasks of the review cycle: thin wrappers that load a Job and call a service."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from kiemdiem.core.models import Job
from kiemdiem.reviews import services
from kiemdiem.reviews.models import Campaign


@task()
def campaign_open_task(job_id: int) -> None:
    job = Job.objects.select_related("created_by").get(pk=job_id)
    Job.objects.filter(pk=job_id).update(state=Job.State.RUNNING)

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job_id).update(done=done, total=total)

    try:
        campaign = Campaign.objects.select_related("root_unit").get(pk=job.params["campaign"])
        created = services.campaign_open_reviews(
            actor=job.created_by, campaign=campaign, progress=progress
        )
    except Exception as exc:
        Job.objects.filter(pk=job_id).update(
            state=Job.State.FAILED, message=str(exc)[:255], finished_at=timezone.now()
        )
        raise
    Job.objects.filter(pk=job_id).update(
        state=Job.State.SUCCEEDED,
        result={"created": created, "campaign": campaign.pk},
        done=F("total"),
        finished_at=timezone.now(),
    )
