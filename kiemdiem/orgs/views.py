"""Organization pages: the unit tree, a unit, a person, and the member search."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kiemdiem.core.http import AuthedHttpRequest
from kiemdiem.orgs import selectors

PAGE_SIZE = 50


@login_required
@require_GET
def unit_tree(request: AuthedHttpRequest) -> HttpResponse:
    roots = selectors.unit_roots_for_user(user=request.user)
    own_person = None
    if request.user.person_id:
        own_person = selectors.person_get_for_user(user=request.user, pk=request.user.person_id)
    return render(request, "orgs/unit_tree.html", {"units": roots, "own_person": own_person})


@login_required
@require_GET
def unit_children(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk)
    children = selectors.unit_children(user=request.user, unit=unit)
    return render(request, "orgs/_unit_nodes.html", {"units": children})


def _page_link_seek(request: AuthedHttpRequest) -> selectors.Seek | None:
    """The bookmark a next (`after`) or previous (`before`) link carries, placed by its page."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return None
    if "after" in request.GET:
        position = (number - 1) * PAGE_SIZE - 1
        return selectors.Seek.from_link(request.GET["after"], position=position, forward=True)
    if "before" in request.GET:
        position = number * PAGE_SIZE
        return selectors.Seek.from_link(request.GET["before"], position=position, forward=False)
    return None


@login_required
@require_GET
def unit_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_get_for_user(user=request.user, pk=pk)
    query = request.GET.get("q", "")
    whole_subtree = request.GET.get("subtree", "1") != "0"
    people = selectors.person_list_paged(
        user=request.user,
        unit=unit,
        query=query,
        subtree=whole_subtree,
        seek=_page_link_seek(request),
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"unit": unit, "page": page, "query": query, "subtree": whole_subtree}
    if isinstance(people, selectors.SubtreeMembers) and page.object_list:
        context["seek_after"] = selectors.Seek.link(page[-1])
        context["seek_before"] = selectors.Seek.link(page[0])
    if request.htmx:
        return render(request, "orgs/unit_detail.html#member-list", context)
    context.update(
        ancestors=selectors.unit_ancestors(user=request.user, unit=unit),
        children=selectors.unit_children(user=request.user, unit=unit),
        bodies=selectors.unit_bodies(unit=unit),
        member_total=selectors.unit_member_count(unit=unit),
    )
    return render(request, "orgs/unit_detail.html", context)


@login_required
@require_GET
def person_detail(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get_for_user(user=request.user, pk=pk)
    context = {
        "person": person,
        "memberships": selectors.person_memberships(person=person),
        "seats": selectors.person_seats(person=person),
        "results": selectors.person_results(person=person),
    }
    return render(request, "orgs/person_detail.html", context)


@login_required
@require_GET
def person_search(request: AuthedHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    people = selectors.person_list(user=request.user, query=query)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page")) if query else None
    context = {"page": page, "query": query}
    if request.htmx:
        return render(request, "orgs/person_search.html#search-results", context)
    return render(request, "orgs/person_search.html", context)
