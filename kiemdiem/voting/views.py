"""Ballot pages: the secretary runs a ballot (counts only, never who voted); a member votes from
their own login on their own roll entry, or with a printed slip's code on any device; a receipt
proves that a ballot was counted, to those who may see the ballot."""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors as reviews_selectors
from kiemdiem.voting import selectors, services, slips
from kiemdiem.voting.forms import BallotCreateForm, CodeForm
from kiemdiem.voting.models import Ballot


def _runnable_units(request: AuthedHttpRequest):  # type: ignore[no-untyped-def]
    return org_selectors.units_in_scope(request.user).order_by("path")


@login_required
@require_http_methods(["GET", "POST"])
def ballot_list(request: AuthedHttpRequest) -> HttpResponse:
    form = BallotCreateForm(
        request.POST or None,
        units=_runnable_units(request),
        initial={"year": reviews_selectors.year_in_progress(user=request.user)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.ballot_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))
        else:
            return redirect("voting:ballot_detail", pk=ballot.pk)
    ballots = selectors.ballot_list(user=request.user)
    return render(request, "voting/ballot_list.html", {"ballots": ballots, "form": form})


def _conference_of(ballot: Ballot) -> models.Model | None:
    """The conference that opened the ballot, to link back to its run-sheet (by name: voting
    does not import conferences)."""
    conference = apps.get_model("conferences", "Conference")
    found: models.Model | None = (
        conference.objects.filter(ballot=ballot).only("pk", "title").first()
    )
    return found


def _detail_context(request: AuthedHttpRequest, ballot: Ballot) -> dict[str, object]:
    context: dict[str, object] = {
        "ballot": ballot,
        "subjects": list(selectors.ballot_subjects(ballot=ballot)),
        "progress": selectors.ballot_progress(ballot=ballot),
        "levels": Level.choices,
        "sealed": ballot.state in {Ballot.State.DRAFT, Ballot.State.OPEN},
        "corrections": selectors.ballot_corrections(ballot=ballot),
        "runs": selectors.user_can_run_ballots(user=request.user, unit=ballot.unit, ballot=ballot),
        "teller_choices": selectors.teller_candidates(ballot=ballot),
        "conference": _conference_of(ballot),
    }
    if ballot.state == Ballot.State.DRAFT:
        context["called"] = services.called_members(ballot.unit)
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
    context = _detail_context(request, ballot)
    if request.htmx:
        return render(request, "voting/ballot_detail.html#ballot-progress", context)
    return render(request, "voting/ballot_detail.html", context)


def _transition(request: AuthedHttpRequest, pk: int, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    try:
        action(ballot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    return redirect("voting:ballot_detail", pk=ballot.pk)


def _ids(request: AuthedHttpRequest, name: str) -> set[int]:
    return set(selectors.database_ids(request.POST.getlist(name)))


@login_required
@require_POST
def ballot_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Open a ballot that belongs to no conference: the runner ticks who is present, and who of
    them votes on a printed slip."""

    def open_(ballot: Ballot) -> None:
        called = services.called_members(ballot.unit)
        present_ids, paper_ids = _ids(request, "present"), _ids(request, "paper")
        services.ballot_open(
            actor=request.user,
            ballot=ballot,
            present=[p for p in called if p.pk in present_ids],
            on_paper=[p for p in called if p.pk in paper_ids],
        )

    return _transition(request, pk, open_)


@login_required
@require_POST
def ballot_close(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, lambda b: services.ballot_close(actor=request.user, ballot=b))


@login_required
@require_GET
def ballot_slips(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The PDF of the slips still to hand out, in random order (runners only)."""
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    if not selectors.user_can_run_ballots(user=request.user, unit=ballot.unit, ballot=ballot):
        raise Http404
    try:
        codes = services.ballot_slips_print(
            actor=request.user, ballot=ballot, reason=request.GET.get("reason", "")
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        return redirect("voting:ballot_detail", pk=ballot.pk)
    pdf = slips.slips_pdf(
        title=ballot.title,
        unit_name=ballot.unit.name,
        codes=codes,
        vote_url=request.build_absolute_uri(reverse("voting:vote")),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-bau-{ballot.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def ballot_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ballot = selectors.ballot_get_for_user(user=request.user, pk=pk)
    teller_ids = selectors.database_ids(request.POST.getlist("tellers"))
    tellers = selectors.teller_candidates(ballot=ballot).filter(pk__in=teller_ids)
    return _transition(
        request,
        pk,
        lambda b: services.ballot_confirm(actor=request.user, ballot=b, tellers=tellers),
    )


def _int(value: str | None) -> int:
    """A count typed in the form; out-of-range values go on to the service, which names them."""
    try:
        return int(value or 0)
    except ValueError:
        return -1


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


def _ballot_form(
    request: AuthedHttpRequest, ballot: Ballot, *, code: str = "", error: str = ""
) -> HttpResponse:
    return render(
        request,
        "voting/vote.html",
        {
            "form": CodeForm(initial={"code": code}),
            "ballot": ballot,
            "subjects": list(selectors.ballot_subjects(ballot=ballot)),
            "levels": Level.choices,
            "code": code,
            "error": error,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def vote(request: AuthedHttpRequest) -> HttpResponse:
    """Vote with a printed slip's code, on any device: enter (or scan) the code, tick one level
    per subject, get a receipt."""
    form = CodeForm(request.POST or request.GET or None)
    if not form.is_valid():
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
        slip = selectors.slip_for_code(code=code)
    except Http404:
        form.add_error("code", _("Mã bỏ phiếu không đúng, đã dùng, hoặc cuộc biểu quyết đã đóng."))
        return render(request, "voting/vote.html", {"form": form})
    return _ballot_form(request, slip.ballot, code=code)


@login_required
@require_http_methods(["GET", "POST"])
def ballot_vote(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """Vote from one's own login, on one's own roll entry (404 for anyone not on the roll)."""
    entry = selectors.roll_entry_for_user(user=request.user, ballot_pk=pk)
    ballot = entry.ballot
    if request.method == "POST":
        try:
            receipt = services.ballot_cast_own(
                actor=request.user, ballot=ballot, choices=_ticked(request)
            )
        except ValidationError as exc:
            return _ballot_form(request, ballot, error=" ".join(exc.messages))
        return render(request, "voting/vote_done.html", {"receipt": receipt})
    if ballot.state != Ballot.State.OPEN:
        return render(request, "voting/vote_status.html", {"ballot": ballot, "entry": entry})
    if entry.used or entry.via == entry.Via.SLIP:
        return render(request, "voting/vote_status.html", {"ballot": ballot, "entry": entry})
    return _ballot_form(request, ballot)


def _ticked(request: AuthedHttpRequest) -> dict[int, str]:
    """The ticks of the ballot form: `subject-<id>` → level (the service checks both)."""
    ticked: dict[int, str] = {}
    for key in request.POST:
        name, _sep, number = key.partition("-")
        if name == "subject" and number.isdigit() and len(number) < 12:
            ticked[int(number)] = request.POST[key]
    return ticked


@login_required
@require_GET
def receipt_check(request: AuthedHttpRequest) -> HttpResponse:
    """Whether a receipt was counted in a closed ballot the user may see (never the ticks)."""
    receipt = request.GET.get("receipt", "").strip().upper()[:16]
    found = (
        selectors.published_ballot_for_receipt(user=request.user, receipt=receipt)
        if receipt
        else None
    )
    return render(request, "voting/receipt_check.html", {"receipt": receipt, "found": found})
