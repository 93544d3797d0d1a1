"""Roster pages: upload, job progress (polled with htmx), errors or summary; export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors
from kiemdiem.orgs.roster import jobs
from kiemdiem.orgs.roster.exporter import roster_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_office(request: AuthedHttpRequest) -> None:
    if not selectors.user_scope(request.user).can_manage:
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: AuthedHttpRequest) -> HttpResponse:
    _require_office(request)
    error = ""
    if request.method == "POST":
        uploads = [
            (upload.name or "roster.xlsx", upload.read())
            for upload in request.FILES.getlist("files")
        ]
        try:
            job = jobs.roster_import_start(
                actor=request.user, uploads=uploads, dry_run=request.POST.get("dry_run") == "1"
            )
        except (ValidationError, PermissionDenied) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            return redirect("orgs:roster_job", pk=job.pk)
    return render(request, "orgs/roster_import.html", {"error": error})


@login_required
@require_GET
def roster_job(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    job = jobs.job_get_for_user(user=request.user, pk=pk)
    context = {"job": job, "result": job.result or {}}
    if request.htmx:
        return render(request, "orgs/roster_job.html#job-status", context)
    return render(request, "orgs/roster_job.html", context)


@login_required
@require_GET
def roster_export_download(request: AuthedHttpRequest) -> HttpResponse:
    _require_office(request)
    root = None
    if request.GET.get("unit"):
        try:
            root = selectors.unit_get_for_user(user=request.user, pk=int(request.GET["unit"]))
        except ValueError as exc:
            raise Http404 from exc
    data = roster_export(for_user=request.user, root=root)
    response = HttpResponse(data, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="danh-sach-dang-vien-{stamp}.xlsx"'
    return response
