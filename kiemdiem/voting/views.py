"""Ballot pages: the secretary runs a ballot; a voter casts with a code; anyone signed in checks a
receipt in the published list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.voting import selectors, services
from kiemdiem.voting.forms import BallotCreateForm, CodeForm
from kiemdiem.voting.models import Ballot


def _runnable_units(request: AuthedHttpRequest):  # type: ignore[no-untyped-def]
    return org_selectors.units_in_scope(request.user).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def ballot_list(request: AuthedHttpRequest) -> HttpResponse:
    form = BallotCreateForm(request.POST or None, units=_runnable_units(request))
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.ballot_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("voting:ballot_detail", pk=ballot.pk)
    ballots = selectors.ballot_list(user=request.user)
    return render(request, "voting/ballot_list.html", {"ballots": ballots, "form": form})


def _detail_context(ballot: Ballot) -> dict[str, object]:
    context: dict[str, object] = {
        "ballot": ballot,
        "subjects": list(selectors.ballot_subjects(ballot=ballot)),
        "progress": selectors.ballot_progress(ballot=ballot),
        "levels": Level.choices,
        "sealed": ballot.state in {Ballot.State.DRAFT, Ballot.State.OPEN},
    }
    if ballot.state == Ballot.State.OPEN and ballot.kind == Ballot.Kind.SECRET_BALLOT:
        context["roll"] = selectors.ballot_roll(ballot=ballot)
    if not context["sealed"]:
        result = selectors.ballot_tally(ballot=ballot)
        labels = {str(s.pk): s.label for s in context["subjects"]}  # type: ignore[attr-defined]
        context["tally"] = result
        context["rows"] = [(labels[row.subject], row) for row in result.subjects]
        context["receipts"] = selectors.published_receipts(ballot=ballot)
    if ballot.kind != Ballot.Kind.SECRET_BALLOT:
        context["counts"] = selectors.ballot_vote_counts(ballot=ballot)
    return context


@login_required
@require_GET
def ballot_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    context = _detail_context(ballot)
    if request.htmx:
        return render(request, "voting/ballot_detail.html#ballot-progress", context)
    return render(request, "voting/ballot_detail.html", context)


def _transition(request: AuthedHttpRequest, pk: int, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    try:
        action(ballot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("voting:ballot_detail", pk=ballot.pk)


@login_required
@require_POST
def ballot_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, lambda b: services.ballot_open(actor=request.user, ballot=b))


@login_required
@require_POST
def ballot_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, lambda b: services.ballot_close(actor=request.user, ballot=b))


@login_required
@require_POST
def ballot_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    teller_ids = [int(v) for v in request.POST.getlist("tellers") if v.isdigit()]
    tellers = org_selectors.person_list(user=request.user, unit=ballot.unit).filter(
        pk__in=teller_ids
    )
    return _transition(
        request,
        pk,
        lambda b: services.ballot_confirm(actor=request.user, ballot=b, tellers=tellers),
    )


def _int(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


@login_required
@require_POST
def counts_enter(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    counts = {
        subject.pk: {
            level: _int(request.POST.get(f"count-{subject.pk}-{level}")) for level in Level.values
        }
        for subject in selectors.ballot_subjects(ballot=ballot)
    }

    def enter(b: Ballot) -> None:
        services.counts_enter(
            actor=request.user,
            ballot=b,
            counts=counts,
            ballots_valid=_int(request.POST.get("ballots_valid")),
            ballots_blank=_int(request.POST.get("ballots_blank")),
            ballots_invalid=_int(request.POST.get("ballots_invalid")),
            reason=request.POST.get("reason", ""),
        )
        messages.success(request, _("Đã lưu số phiếu."))

    return _transition(request, pk, enter)


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: AuthedHttpRequest) -> HttpResponse:
    """Enter the code from the room, tick one level per subject, get a receipt."""
    form = CodeForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "voting/vote.html", {"form": form})
    code = form.cleaned_data["code"]
    if "cast" in request.POST:
        # The service checks the code and the choices itself: no reads here on the busiest path.
        try:
            receipt = services.ballot_cast(code=code, choices=_ticked(request))
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
            return render(request, "voting/vote.html", {"form": form})
        return render(request, "voting/vote_done.html", {"receipt": receipt})
    try:
        entry = selectors.roll_entry_for_code(code=code)
    except Http404:
        form.add_error("code", _("Mã bỏ phiếu không đúng, đã dùng, hoặc cuộc biểu quyết đã đóng."))
        return render(request, "voting/vote.html", {"form": form})
    return render(
        request,
        "voting/vote.html",
        {
            "form": form,
            "ballot": entry.ballot,
            "subjects": list(selectors.ballot_subjects(ballot=entry.ballot)),
            "levels": Level.choices,
            "code": code,
        },
    )


def _ticked(request: AuthedHttpRequest) -> dict[int, str]:
    """The ticks of the ballot form: `subject-<id>` → level (the service checks both)."""
    ticked: dict[int, str] = {}
    for key in request.POST:
        name, _sep, number = key.partition("-")
        if name == "subject" and number.isdigit():
            ticked[int(number)] = request.POST[key]
    return ticked


@login_required
@require_GET
def receipt_check(request: AuthedHttpRequest) -> HttpResponse:
    """Anyone signed in can look up a receipt in the published (anonymous) list of ballots."""
    receipt = request.GET.get("receipt", "").strip().upper()
    found = selectors.published_ballot_for_receipt(receipt=receipt) if receipt else None
    return render(request, "voting/receipt_check.html", {"receipt": receipt, "found": found})
