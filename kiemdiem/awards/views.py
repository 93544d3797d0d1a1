"""Commendation pages: eligible members of a year, proposals, decisions (with the DOCX), badges."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.awards import selectors, services
from kiemdiem.awards.forms import DecisionForm, ProposeForm
from kiemdiem.awards.models import CommendationProposal
from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.documents import builders
from kiemdiem.documents.docx import render_docx
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors as review_selectors

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _year(request: AuthedHttpRequest) -> int:
    try:
        return int(request.GET.get("year") or review_selectors.year_in_progress(user=request.user))
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_GET
def eligible_list(request: AuthedHttpRequest) -> HttpResponse:
    year = _year(request)
    context = {
        "year": year,
        "rows": selectors.eligible_members(user=request.user, year=year),
        "organizations": selectors.eligible_organizations(user=request.user, year=year),
        "proposals": selectors.proposal_list(user=request.user, year=year),
        "can_manage": org_selectors.user_scope(request.user).can_manage,
    }
    return render(request, "awards/eligible_list.html", context)


@login_required
@require_POST
def proposal_create(request: AuthedHttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST)
    if not form.is_valid():
        raise Http404
    data = form.cleaned_data
    person = organization = None
    if data["person_id"] is not None:
        person = org_selectors.person_get_for_user(user=request.user, pk=data["person_id"])
    else:
        organization = org_selectors.unit_get_for_user(
            user=request.user, pk=data["organization_id"]
        )
    try:
        services.commendation_propose(
            actor=request.user,
            person=person,
            organization=organization,
            year=data["year"],
            kind=data["kind"],
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        name = person.full_name if person else organization.name  # type: ignore[union-attr]
        messages.success(request, _("Đã đề nghị khen thưởng %(name)s.") % {"name": name})
    return redirect(f"{reverse('awards:eligible_list')}?year={form.cleaned_data['year']}")


@login_required
@require_GET
def unit_history(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """An organization's levels and commendations, year by year."""
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    rows = selectors.organization_history_rows(unit=unit)
    return render(request, "awards/unit_history.html", {"unit": unit, "rows": rows})


@login_required
@require_GET
def badge_list(request: AuthedHttpRequest) -> HttpResponse:
    year = _year(request)
    rows = selectors.badge_list(user=request.user, year=year)
    return render(request, "awards/badge_list.html", {"year": year, "rows": rows})


@login_required
@require_GET
def decision_list(request: AuthedHttpRequest) -> HttpResponse:
    decisions = selectors.decision_list(user=request.user)
    return render(request, "awards/decision_list.html", {"decisions": decisions})


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: AuthedHttpRequest) -> HttpResponse:
    if not org_selectors.user_scope(request.user).can_manage:
        raise Http404
    year = _year(request)
    proposals = selectors.proposal_list(user=request.user, year=year).filter(
        status=CommendationProposal.Status.PROPOSED
    )
    form = DecisionForm(
        request.POST or None,
        units=org_selectors.units_in_scope(request.user).exclude(kind__in=["chi_bo"]),
        proposals=proposals,
        initial={"decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.commendation_decide(
                actor=request.user,
                deciding_unit=data["deciding_unit"],
                proposals=list(data["proposals"]),
                number=data["number"],
                decided_on=data["decided_on"],
                form_of_award=data["form_of_award"],
                signer_name=data["signer_name"],
                place=data["place"],
            )
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, getattr(exc, "messages", [str(exc)]))
        else:
            return redirect("awards:decision_detail", pk=decision.pk)
    return render(request, "awards/decision_form.html", {"form": form, "year": year})


@login_required
@require_GET
def decision_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    proposals = selectors.decision_proposals(decision=decision)
    return render(
        request, "awards/decision_detail.html", {"decision": decision, "proposals": proposals}
    )


@login_required
@require_GET
def decision_docx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision_get_for_user(user=request.user, pk=pk)
    doc = builders.commendation_decision(selectors.decision_document(decision=decision))
    response = HttpResponse(render_docx(doc), content_type=DOCX)
    response["Content-Disposition"] = (
        f'attachment; filename="{doc.filename}-{decision.number:02d}.docx"'
    )
    return response
