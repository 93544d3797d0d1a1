"""The self-review batch: one DOCX per member of the unit's subtree in a ZIP, through the page,
the API and the task, scoped to the user."""

import io
import zipfile

import docx
import pytest
from django.urls import reverse

from kiemdiem.core.models import Job
from kiemdiem.orgs.models import BodyKind, BodyMembership, LeadershipBody, Position

pytestmark = pytest.mark.django_db


def start(client, unit, django_capture_on_commit_callbacks, **extra):  # type: ignore[no-untyped-def]
    data = {"year": 2024, "forms": "02A/02B", "place": "Hà Nội", "date": "05/02/2025", **extra}
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("documents:self_review_batch", args=[unit.pk]), data)


def test_officer_gets_a_zip_with_every_members_self_review(
    client, cast, django_capture_on_commit_callbacks
):
    body = LeadershipBody.objects.create(
        unit=cast.cell_a, kind=BodyKind.CELL_COMMITTEE, term_start="2020-01-01"
    )
    BodyMembership.objects.create(
        body=body, person=cast.person_a, position=Position.SECRETARY, start="2020-01-01"
    )
    client.force_login(cast.officer)
    response = start(client, cast.committee, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="self_review_batch")
    assert response.status_code == 302
    assert job.state == Job.State.SUCCEEDED
    assert job.done == job.total == 3
    page = client.get(reverse("documents:job_detail", args=[job.pk]))
    assert b"job-download" in page.content
    download = client.get(reverse("documents:job_download", args=[job.pk]))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert len(archive.namelist()) == 3
    leader_doc = docx.Document(
        io.BytesIO(archive.read(f"{cast.person_a.pk:06d}-ban-kiem-diem-2024.docx"))
    )
    texts = [p.text for p in leader_doc.paragraphs]
    assert "Họ và tên: Nguyễn Văn An" in texts
    assert "Năm 2024 (cá nhân giữ chức vụ lãnh đạo, quản lý)" in texts
    header = leader_doc.tables[0].rows[0].cells
    assert header[0].paragraphs[1].text == "CHI BỘ A"
    assert header[1].paragraphs[-1].text == "Hà Nội, ngày 05 tháng 02 năm 2025"


def test_outsider_cannot_start_a_batch_for_another_cell(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.secretary_a)
    assert start(client, cast.cell_a, django_capture_on_commit_callbacks).status_code == 302
    client.force_login(cast.secretary_a)
    assert start(client, cast.cell_b, django_capture_on_commit_callbacks).status_code == 404
    assert Job.objects.filter(kind="self_review_batch").count() == 1


def test_someone_elses_job_is_not_found(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.officer)
    start(client, cast.cell_a, django_capture_on_commit_callbacks)
    job = Job.objects.get(kind="self_review_batch")
    client.force_login(cast.secretary_a)
    assert client.get(reverse("documents:job_detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("documents:job_download", args=[job.pk])).status_code == 404


def test_bad_form_choice_is_refused_and_nothing_is_queued(
    client, cast, django_capture_on_commit_callbacks
):
    client.force_login(cast.officer)
    response = start(client, cast.cell_a, django_capture_on_commit_callbacks, forms="99")
    assert response.status_code == 200
    assert not Job.objects.filter(kind="self_review_batch").exists()


def test_api_starts_the_batch_and_reports_the_job(client, cast, django_capture_on_commit_callbacks):
    client.force_login(cast.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/documents/self-reviews",
            {"unit_id": cast.cell_a.pk, "year": 2024, "forms": "2A/2B"},
            content_type="application/json",
        )
    assert response.status_code == 202, response.content
    job_id = response.json()["id"]
    status = client.get(f"/api/v1/documents/jobs/{job_id}").json()
    assert status["state"] == "succeeded"
    assert status["result"]["count"] == 2
    response = client.post(
        "/api/v1/documents/self-reviews",
        {"unit_id": cast.cell_a.pk, "year": 2024, "forms": "bad"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["forms"]
    response = client.post(
        "/api/v1/documents/self-reviews",
        {"unit_id": cast.cell_b.pk, "year": 2024},
        content_type="application/json",
    )
    assert response.status_code == 202
    client.force_login(cast.secretary_a)
    response = client.post(
        "/api/v1/documents/self-reviews",
        {"unit_id": cast.cell_b.pk, "year": 2024},
        content_type="application/json",
    )
    assert response.status_code == 404
