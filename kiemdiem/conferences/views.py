"""Conference pages: plan, check in, run the steps, record criticism and conclusions, minutes."""

from __future__ import annotations

import datetime
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.bulletin import selectors as bulletin_selectors
from kiemdiem.conferences import selectors, services
from kiemdiem.conferences.models import AgendaItem, Attendance, Conference
from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.reviews import selectors as reviews_selectors


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError as exc:
        raise Http404 from exc


@login_required
@require_GET
def conference_list(request: AuthedHttpRequest) -> HttpResponse:
    units = org_selectors.units_in_scope(request.user).order_by("path")[:2000]
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": selectors.conference_list(user=request.user), "units": units},
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_new(request: AuthedHttpRequest) -> HttpResponse:
    unit = org_selectors.unit_get_for_user(
        user=request.user, pk=_int(request.GET.get("unit") or request.POST.get("unit"))
    )
    bodies = list(unit.bodies.order_by("kind"))
    body = next(
        (b for b in bodies if str(b.pk) == request.POST.get("body", request.GET.get("body"))), None
    )
    members = selectors.collective_members(unit=unit, body=body)
    error = ""
    if request.method == "POST":
        people = {p.pk: p for p in members}
        try:
            starts_at = timezone.make_aware(
                datetime.datetime.fromisoformat(request.POST.get("starts_at", ""))
            )
            conference = services.conference_create(
                actor=request.user,
                unit=unit,
                body=body,
                year=_int(request.POST.get("year")),
                place=request.POST.get("place", "").strip(),
                starts_at=starts_at,
                chair=people[_int(request.POST.get("chair"))],
                secretary=people[_int(request.POST.get("secretary"))],
                guests=request.POST.get("guests", ""),
            )
        except (ValidationError, KeyError, ValueError) as exc:
            error = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        else:
            return redirect("conferences:conference_detail", pk=conference.pk)
    context = {
        "unit": unit,
        "bodies": bodies,
        "body": body,
        "members": members,
        "error": error,
        "year": reviews_selectors.year_in_progress(user=request.user),
    }
    return render(request, "conferences/conference_new.html", context)


def _detail_context(request: AuthedHttpRequest, conference: Conference) -> dict[str, object]:
    agenda = list(selectors.agenda(conference=conference))
    reviews = selectors.self_reviews(conference=conference)
    for item in agenda:
        # Each member's self-review is presented at their own step.
        review = reviews.get(item.person_id) if item.person_id is not None else None
        item.self_review = review  # type: ignore[attr-defined]
    return {
        "conference": conference,
        "agenda": agenda,
        "current": selectors.current_step(conference=conference),
        "attendance": selectors.attendance(conference=conference),
        "quorum": selectors.quorum(conference=conference),
        "statuses": Attendance.Status.choices,
        "can_run": selectors.user_runs_conference(user=request.user, conference=conference),
        "kinds": AgendaItem.Kind,
        "conclusion_fields": [
            # The conclusion fields are the conference's own text fields, never relations.
            (
                name,
                cast(Field[Any, Any], Conference._meta.get_field(name)).verbose_name,
                getattr(conference, name),
            )
            for name in services.CONCLUSION_FIELDS
        ],
        "news": bulletin_selectors.conference_news(conference=conference),
        "report": selectors.report_at_conference(conference=conference),
        "adoption_now": (step := selectors.current_step(conference=conference)) is not None
        and step.kind in services.ADOPTION_STEPS,
    }


@login_required
@require_GET
def conference_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    context = _detail_context(request, conference)
    if request.htmx and request.GET.get("part") == "attendance":
        return render(request, "conferences/conference_detail.html#attendance", context)
    return render(request, "conferences/conference_detail.html", context)


def _act(request: AuthedHttpRequest, conference: Conference, action) -> HttpResponse:  # type: ignore[no-untyped-def]
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.htmx and request.POST.get("part") == "attendance":
        return render(
            request,
            "conferences/conference_detail.html#attendance",
            _detail_context(request, conference),
        )
    return redirect("conferences:conference_detail", pk=conference.pk)


@login_required
@require_POST
def conference_start(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    return _act(
        request,
        conference,
        lambda: services.conference_start(actor=request.user, conference=conference),
    )


@login_required
@require_POST
def attendance_mark(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    entry = (
        selectors.attendance(conference=conference)
        .filter(person_id=_int(request.POST.get("person")))
        .first()
    )
    if entry is None:
        raise Http404
    return _act(
        request,
        conference,
        lambda: services.attendance_mark(
            actor=request.user,
            conference=conference,
            person=entry.person,
            status=request.POST.get("status", ""),
            reason=request.POST.get("reason", ""),
        ),
    )


@login_required
@require_POST
def step_complete(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    item = selectors.agenda(conference=conference).filter(pk=_int(request.POST.get("item"))).first()
    if item is None:
        raise Http404

    def complete() -> None:
        if item.kind == AgendaItem.Kind.CONCLUSIONS:
            services.conclusions_set(
                actor=request.user,
                conference=conference,
                **{name: request.POST.get(name, "") for name in services.CONCLUSION_FIELDS},
            )
        services.step_complete(
            actor=request.user,
            item=item,
            notes=request.POST.get("notes", ""),
            reply=request.POST.get("reply", ""),
            conclusion=request.POST.get("conclusion", ""),
            ended_at=_local_datetime(request.POST.get("ended_at", "")),
        )

    return _act(request, conference, complete)


def _local_datetime(value: str) -> datetime.datetime | None:
    """A `datetime-local` input (yyyy-mm-ddThh:mm) in the site's time zone; None when empty or
    malformed (the closing time then defaults to now)."""
    try:
        parsed = datetime.datetime.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@login_required
@require_POST
def report_adopt(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    return _act(
        request,
        conference,
        lambda: services.conference_report_adopt(actor=request.user, conference=conference),
    )


@login_required
@require_POST
def ballot_open(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    try:
        paper = {int(v) for v in request.POST.getlist("paper") if v.isdigit()}
        ballot = services.conference_ballot_open(
            actor=request.user,
            conference=conference,
            kind=request.POST.get("kind", "secret_ballot"),
            on_paper=[
                row.person
                for row in selectors.attendance(conference=conference)
                if row.person_id in paper
            ],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("conferences:conference_detail", pk=conference.pk)
    return redirect("voting:ballot_detail", pk=ballot.pk)


@login_required
@require_POST
def criticism_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    item = selectors.agenda(conference=conference).filter(pk=_int(request.POST.get("item"))).first()
    speaker = (
        selectors.attendance(conference=conference)
        .filter(person_id=_int(request.POST.get("speaker")))
        .first()
    )
    if item is None or speaker is None:
        raise Http404
    return _act(
        request,
        conference,
        lambda: services.criticism_add(
            actor=request.user, item=item, speaker=speaker.person, text=request.POST.get("text", "")
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def minutes(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    conference = selectors.conference_get_for_user(user=request.user, pk=pk)
    record = getattr(conference, "minutes", None)
    if record is None:
        raise Http404
    if request.method == "POST":
        try:
            if "sign" in request.POST:
                services.minutes_sign(actor=request.user, minutes=record)
            else:
                services.minutes_edit(
                    actor=request.user, minutes=record, text=request.POST.get("text", "")
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("conferences:minutes", pk=conference.pk)
    return render(
        request,
        "conferences/minutes.html",
        {
            "conference": conference,
            "minutes": record,
            "can_run": selectors.user_runs_conference(user=request.user, conference=conference),
        },
    )
