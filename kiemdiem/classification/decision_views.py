"""Proposal and decision pages: the competent level sees each proposal with the rules' findings,
decides (an override of an error needs a reason), annuls, notifies; the quota per scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kiemdiem.classification import board, decisions, services
from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.core.levels import Level
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors as review_selectors
from kiemdiem.voting import selectors as voting_selectors


def _int(value: str | None, default: int = 0) -> int:
    try:
        return int(value or default)
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_GET
def decision_board(request: AuthedHttpRequest) -> HttpResponse:
    """The board of a unit and year, grouped by unit. `cell` opens one group; an htmx request
    with `cell` answers that group alone (`closed=1`: folded again)."""
    units = org_selectors.units_in_scope(request.user).order_by("path")
    unit_id = _int(request.GET.get("unit")) or (units.values_list("pk", flat=True).first() or 0)
    unit = org_selectors.unit_get_for_user(user=request.user, pk=unit_id)
    year = _int(request.GET.get("year"), review_selectors.year_in_progress(user=request.user))
    cell_id = _int(request.GET.get("cell")) or None
    context: dict[str, object] = {"unit": unit, "year": year, "levels": Level.choices}
    if request.htmx and cell_id is not None:
        cell = org_selectors.unit_get_for_user(user=request.user, pk=cell_id)
        if not unit.path <= cell.path < unit.path_upper_bound:
            raise Http404
        opened = None if request.GET.get("closed") else cell.pk
        found = board.board_get(
            user=request.user, unit=unit, year=year, open_unit=opened, only=cell
        ).groups
        context["group"] = found[0] if found else board.BoardGroup(unit=cell)
        return render(request, "classification/decision_board.html#board-group", context)
    context.update(
        units=units[:2000],
        board=board.board_get(user=request.user, unit=unit, year=year, open_unit=cell_id),
        quota=decisions.quota_dashboard(user=request.user, unit=unit, year=year),
    )
    return render(request, "classification/decision_board.html", context)


def _back(request: AuthedHttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("decisions:decision_board")
    return redirect(target)


@login_required
@require_POST
def decision_make(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    proposal = decisions.proposal_get_for_user(user=request.user, pk=pk)
    try:
        services.decision_make(
            actor=request.user,
            proposal=proposal,
            level=request.POST.get("level", ""),
            override_reason=request.POST.get("override_reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request)


@login_required
@require_POST
def decision_annul(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    decision = decisions.decision_get_for_user(user=request.user, pk=pk)
    try:
        services.decision_annul(
            actor=request.user, decision=decision, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request)


@login_required
@require_POST
def decisions_notify(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    year = _int(request.POST.get("year"))
    count = services.decisions_notify(actor=request.user, unit=unit, year=year)
    if count:
        messages.success(
            request,
            _(
                "Đã thông báo kết quả xếp loại năm %(year)s của %(count)s đối tượng thuộc "
                "%(unit)s."
            )
            % {"year": year, "count": count, "unit": unit.name},
        )
    else:
        messages.info(
            request,
            _("Không còn kết quả xếp loại năm %(year)s nào của %(unit)s chưa thông báo.")
            % {"year": year, "unit": unit.name},
        )
    return _back(request)


@login_required
@require_POST
def decisions_confirm(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(user=request.user, pk=pk)
    made, left = services.decisions_confirm(
        actor=request.user, unit=unit, year=_int(request.POST.get("year"))
    )
    messages.success(
        request,
        _(
            "Đã quyết định %(made)s đảng viên theo mức đề xuất; còn %(left)s đề xuất cần quyết "
            "định riêng (có vi phạm, chưa có mức, hoặc không thuộc thẩm quyền)."
        )
        % {"made": len(made), "left": len(left)},
    )
    return _back(request)


@login_required
@require_POST
def proposals_from_ballot(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    ballot = voting_selectors.ballot_get_for_user(user=request.user, pk=pk)
    try:
        proposals = services.proposals_from_ballot(actor=request.user, ballot=ballot)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã lập %(count)s đề xuất xếp loại, chờ cấp có thẩm quyền quyết định.")
            % {"count": len(proposals)},
        )
    return redirect("voting:ballot_detail", pk=ballot.pk)
