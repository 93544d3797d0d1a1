"""News pages: public reading (front page, category, post, search, photos) and editing.

Public views carry `@login_not_required` (the URL-walking test leaves exactly those out);
editing views need a login and a committee-office scope over the post's unit (404 otherwise).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kiemdiem.bulletin import selectors, services
from kiemdiem.bulletin.forms import PhotoForm, PostForm, add_service_errors
from kiemdiem.bulletin.models import Photo, PhotoKind, Post
from kiemdiem.core.http import AuthedHttpRequest

PAGE_SIZE = 10
SEARCH_PAGE_SIZE = 20


def _page_number(request: HttpRequest) -> int:
    try:
        return max(int(request.GET.get("page") or 1), 1)
    except ValueError as exc:
        raise Http404 from exc


def _public_context(**extra: object) -> dict[str, object]:
    return {"categories": selectors.category_list(), **extra}


# --- public -----------------------------------------------------------------------------------


@login_not_required
@require_GET
def front(request: HttpRequest) -> HttpResponse:
    posts = list(selectors.post_list_published()[: PAGE_SIZE + 1])
    return render(
        request,
        "bulletin/front.html",
        _public_context(lead_post=posts[0] if posts else None, posts=posts[1:]),
    )


@login_not_required
@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = selectors.category_get(slug=slug)
    paginator = Paginator(selectors.post_list_published(category=category), PAGE_SIZE)
    page = paginator.get_page(_page_number(request))
    return render(
        request,
        "bulletin/category_detail.html",
        _public_context(category=category, page=page),
    )


def _post_context(post: Post, **extra: object) -> dict[str, object]:
    return _public_context(
        post=post,
        category=post.category,
        cover=selectors.post_cover(post=post),
        blocks=selectors.post_body_blocks(post=post),
        related=selectors.post_related(post=post),
        **extra,
    )


@login_not_required
@require_GET
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = selectors.post_get_published(slug=slug)
    return render(request, "bulletin/post_detail.html", _post_context(post))


@login_not_required
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    slug = request.GET.get("category", "")
    category = selectors.category_get(slug=slug) if slug else None
    scope_all = request.GET.get("scope", "category") == "all" or category is None
    number = _page_number(request)
    hits = selectors.post_search(
        query,
        None if scope_all else category,
        limit=SEARCH_PAGE_SIZE + 1,
        offset=(number - 1) * SEARCH_PAGE_SIZE,
    )
    context = _public_context(
        query=query,
        category=category,
        scope_all=scope_all,
        hits=hits[:SEARCH_PAGE_SIZE],
        page_number=number,
        has_next=len(hits) > SEARCH_PAGE_SIZE,
    )
    return render(request, "bulletin/search.html", context)


@login_not_required
@require_GET
def photo_file(request: HttpRequest, pk: int, size: str = "display") -> FileResponse:
    """A photo's file: public for published posts, and for editors of the post while a draft."""
    cache = "public, max-age=3600"
    try:
        photo = selectors.photo_get_public(pk=pk)
    except Http404:
        if not request.user.is_authenticated:
            raise
        photo = selectors.photo_get_for_user(user=request.user, pk=pk)
        # A draft's photo must not be kept by a shared cache for other visitors.
        cache = "private, no-store"
    field = photo.thumbnail if size == "thumb" else photo.image
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = cache
    return response


# --- editing ----------------------------------------------------------------------------------


def _post_form(
    request: AuthedHttpRequest, *, editing: bool, bound: bool = True, **kwargs: object
) -> PostForm:
    user = request.user
    return PostForm(
        (request.POST or None) if bound else None,
        (request.FILES or None) if bound else None,
        units=[(unit.pk, unit.name) for unit in selectors.units_for_editor(user=user)],
        categories=selectors.category_choices(),
        conferences=[(c.pk, c.title) for c in selectors.conferences_for_editor(user=user)],
        editing=editing,
        **kwargs,
    )


def _post_data(form: PostForm, request: AuthedHttpRequest) -> dict[str, Any]:
    data = form.cleaned_data
    conference_id = data.get("conference")
    conferences = selectors.conferences_for_editor(user=request.user)
    return {
        "category": selectors.category_get_by_pk(pk=data["category"]),
        "title": data["title"],
        "lead": data["lead"],
        "body": data["body"],
        "author": data["author"],
        "photographer": data["photographer"],
        "conference": next((c for c in conferences if c.pk == conference_id), None),
        "published_at": data["published_at"],
    }


def _initial(post: Post) -> dict[str, object]:
    return {
        "category": post.category_id,
        "title": post.title,
        "lead": post.lead,
        "body": post.body,
        "author": post.author,
        "photographer": post.photographer,
        "conference": post.conference_id,
        "published_at": post.published_at,
    }


@login_required
@require_GET
def post_manage(request: AuthedHttpRequest) -> HttpResponse:
    posts = selectors.post_list_for_editor(user=request.user)
    paginator = Paginator(posts, 25)
    return render(
        request,
        "bulletin/post_manage.html",
        {"page": paginator.get_page(_page_number(request))},
    )


@login_required
@require_http_methods(["GET", "POST"])
def post_new(request: AuthedHttpRequest) -> HttpResponse:
    form = _post_form(request, editing=False)
    if request.method == "POST" and form.is_valid():
        units = {unit.pk: unit for unit in selectors.units_for_editor(user=request.user)}
        try:
            with transaction.atomic():
                post = services.post_create(
                    actor=request.user,
                    unit=units[form.cleaned_data["unit"]],
                    **_post_data(form, request),
                )
                if form.cleaned_data.get("cover"):
                    services.photo_add(
                        actor=request.user,
                        post=post,
                        upload=form.cleaned_data["cover"],
                        caption=form.cleaned_data["cover_caption"],
                        kind=PhotoKind.COVER,
                    )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("bulletin:post_edit", pk=post.pk)
    return render(request, "bulletin/post_form.html", {"form": form, "post": None})


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    form = _post_form(request, editing=True, initial=_initial(post))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(actor=request.user, post=post, **_post_data(form, request))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu bài tin."))
            return redirect("bulletin:post_edit", pk=post.pk)
    context = {"form": form, "post": post, "photo_form": PhotoForm()}
    return render(request, "bulletin/post_form.html", context)


@login_required
@require_GET
def post_preview(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    return render(request, "bulletin/post_detail.html", _post_context(post, preview=True))


def _transition(request: AuthedHttpRequest, pk: int, action, done: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    try:
        action(actor=request.user, post=post)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, done)
    return redirect("bulletin:post_edit", pk=post.pk)


@login_required
@require_POST
def post_publish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.post_publish, _("Bài tin đã được đăng."))


@login_required
@require_POST
def post_unpublish(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _transition(request, pk, services.post_unpublish, _("Bài tin đã được gỡ về bản nháp."))


@login_required
@require_POST
def photo_add(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_user(user=request.user, pk=pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.photo_add(
                actor=request.user,
                post=post,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
                kind=form.cleaned_data["kind"],
                after_paragraph=form.cleaned_data["after_paragraph"] or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ảnh."))
            return redirect("bulletin:post_edit", pk=post.pk)
    post_form = _post_form(request, editing=True, bound=False, initial=_initial(post))
    context = {"form": post_form, "post": post, "photo_form": form}
    return render(request, "bulletin/post_form.html", context)


@login_required
@require_POST
def photo_remove(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    photo: Photo = selectors.photo_get_for_user(user=request.user, pk=pk)
    services.photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("Đã xoá ảnh."))
    return redirect("bulletin:post_edit", pk=photo.post_id)
