"""A task on a real Redis-backed queue (django-tasks-rq), run by an RQ worker in burst mode.

Redis at 127.0.0.1:6379 (database 15). Outside CI the test is skipped when Redis is not
reachable; under CI (CI=true) it fails instead, so the queue is really exercised there.
The worker runs in this process so it shares the test database.
"""

import os

import pytest
import redis

REDIS_URL = "redis://127.0.0.1:6379/15"


def redis_reachable() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.exceptions.RedisError:
        return False


pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("CI") and not redis_reachable(),
        reason="Redis is not reachable at 127.0.0.1:6379",
    ),
    pytest.mark.django_db(transaction=True),
]


def test_rollup_task_runs_on_a_redis_worker(cast, settings):
    import django_rq
    from django_tasks import TaskResultStatus
    from django_tasks_rq.backend import Job as RQTaskJob
    from rq import SimpleWorker

    from kiemdiem.orgs.models import ClassificationRecord
    from kiemdiem.reports.models import UnitResultCount
    from kiemdiem.reports.tasks import rollup_refresh_task

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    ClassificationRecord.objects.create(person=cast.person_a, year=2020, level="HTXSNV")
    queue = django_rq.get_queue("default", job_class=RQTaskJob)
    queue.empty()

    result = rollup_refresh_task.enqueue(2020)
    assert result.status == TaskResultStatus.READY
    assert queue.count == 1
    assert not UnitResultCount.objects.exists()  # nothing ran yet: it waits in Redis

    worker = SimpleWorker([queue], connection=queue.connection, job_class=RQTaskJob)
    assert worker.work(burst=True)

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 2  # the two cells with members
    assert UnitResultCount.objects.get(unit=cast.cell_a, year=2020).htxsnv == 1


def test_document_batch_runs_on_a_redis_worker_with_progress(cast, settings, tmp_path):
    """The page's service enqueues on commit; the job waits in Redis until a worker runs it."""
    import datetime
    import zipfile

    import django_rq
    from django_tasks_rq.backend import Job as RQTaskJob
    from rq import SimpleWorker

    from kiemdiem.core.models import Job
    from kiemdiem.documents import services as document_services

    settings.MEDIA_ROOT = tmp_path
    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    queue = django_rq.get_queue("default", job_class=RQTaskJob)
    queue.empty()

    job = document_services.self_review_batch_start(
        actor=cast.officer,
        unit=cast.committee,
        year=2020,
        forms="02",
        place="Hà Nội",
        date=datetime.date(2021, 2, 5),
    )
    assert queue.count == 1
    job.refresh_from_db()
    assert job.state == Job.State.QUEUED

    worker = SimpleWorker([queue], connection=queue.connection, job_class=RQTaskJob)
    assert worker.work(burst=True)

    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED
    assert job.done == job.total == 3
    archive = zipfile.ZipFile(tmp_path / job.result["file"])
    assert len(archive.namelist()) == 3
