"""Document pages: start a batch of self-review forms for a unit, follow it, download the ZIP."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.documents import selectors, services
from kiemdiem.documents.forms import SelfReviewBatchForm
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors as review_selectors


@login_required
@require_http_methods(["GET", "POST"])
def self_review_batch(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    form = SelfReviewBatchForm(
        request.POST or None,
        initial={"year": review_selectors.year_in_progress(user=request.user)},
    )
    if request.method == "POST" and form.is_valid():
        job = services.self_review_batch_start(actor=request.user, unit=unit, **form.cleaned_data)
        return redirect("documents:job_detail", pk=job.pk)
    return render(request, "documents/self_review_batch.html", {"unit": unit, "form": form})


@login_required
@require_GET
def job_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = selectors.document_job_get_for_user(user=request.user, pk=pk)
    context = {"job": job, "result": job.result or {}}
    if request.htmx:
        return render(request, "documents/job_detail.html#job-status", context)
    return render(request, "documents/job_detail.html", context)


@login_required
@require_GET
def job_download(request: AuthedHttpRequest, pk: int) -> FileResponse:
    job = selectors.document_job_get_for_user(user=request.user, pk=pk)
    name = (job.result or {}).get("file")
    if not name or not default_storage.exists(name):
        raise Http404
    return FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=f"ban-kiem-diem-{job.params.get('year', '')}.zip",
        content_type="application/zip",
    )
