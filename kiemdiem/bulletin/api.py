"""News API: public reading and search of published posts (auth=None), authenticated editing.

The public routes are listed in tests/test_url_access.py `PUBLIC_API`; everything under
/news/drafts needs a login (session or token) and the unit scope, like the pages.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import PageNumberPagination, paginate

from kiemdiem.bulletin import selectors, services
from kiemdiem.bulletin.models import Category, Post
from kiemdiem.bulletin.schemas import (
    CategoryOut,
    PostDetailOut,
    PostIn,
    PostOut,
    PostPatch,
    SearchHitOut,
)
from kiemdiem.bulletin.selectors import SearchHit

router = Router(tags=["bulletin"])


@router.get("/categories", response=list[CategoryOut], auth=None, summary="Các chuyên mục")
def categories(request: HttpRequest) -> list[Category]:
    return [
        category
        for parent in selectors.category_list()
        for category in (parent, *parent.children.all())
    ]


@router.get("/posts", response=list[PostOut], auth=None, summary="Tin đã đăng, mới nhất trước")
@paginate(PageNumberPagination, page_size=20)
def posts(request: HttpRequest, category: str = ""):  # type: ignore[no-untyped-def]
    scope = selectors.category_get(slug=category) if category else None
    return selectors.post_list_published(category=scope)


@router.get("/posts/{slug}", response=PostDetailOut, auth=None, summary="Một tin đã đăng")
def post_detail(request: HttpRequest, slug: str) -> Post:
    return selectors.post_get_published(slug=slug)


@router.get(
    "/search",
    response=list[SearchHitOut],
    auth=None,
    summary="Tìm tin không phân biệt dấu, trong một chuyên mục hoặc tất cả",
)
def search(request: HttpRequest, q: str, category: str = "", page: int = 1) -> list[SearchHit]:
    scope = selectors.category_get(slug=category) if category else None
    size = 20
    return selectors.post_search(q, scope, limit=size, offset=(max(page, 1) - 1) * size)


@router.get(
    "/drafts", response=list[PostOut], summary="Tin trong phạm vi biên tập (mọi trạng thái)"
)
@paginate(PageNumberPagination, page_size=50)
def drafts(request: HttpRequest):  # type: ignore[no-untyped-def]
    return selectors.post_list_for_editor(user=request.user)  # type: ignore[arg-type]


@router.post("/drafts", response={201: PostDetailOut}, summary="Viết một tin (bản nháp)")
def draft_create(request: HttpRequest, payload: PostIn) -> tuple[int, Post]:
    user = request.user
    unit = selectors.unit_get_for_editor(user=user, pk=payload.unit_id)  # type: ignore[arg-type]
    conference = (
        selectors.conference_get_for_editor(user=user, pk=payload.conference_id)  # type: ignore[arg-type]
        if payload.conference_id is not None
        else None
    )
    post = services.post_create(
        actor=user,  # type: ignore[arg-type]
        unit=unit,
        category=selectors.category_get_by_pk(pk=payload.category_id),
        title=payload.title,
        lead=payload.lead,
        body=payload.body,
        author=payload.author,
        photographer=payload.photographer,
        conference=conference,
        published_at=payload.published_at,
    )
    return 201, selectors.post_get_for_user(user=user, pk=post.pk)  # type: ignore[arg-type]


@router.get("/drafts/{post_id}", response=PostDetailOut, summary="Một tin trong phạm vi biên tập")
def draft_detail(request: HttpRequest, post_id: int) -> Post:
    return selectors.post_get_for_user(user=request.user, pk=post_id)  # type: ignore[arg-type]


TEXT_FIELDS = ("title", "lead", "body", "author", "photographer")


@router.patch("/drafts/{post_id}", response=PostDetailOut, summary="Sửa một tin")
def draft_update(request: HttpRequest, post_id: int, payload: PostPatch) -> Post:
    post = selectors.post_get_for_user(user=request.user, pk=post_id)  # type: ignore[arg-type]
    data = payload.dict(exclude_unset=True)
    # A JSON null in a text field means "empty": the service then names the field if it is
    # required, instead of failing on None.
    for name in TEXT_FIELDS:
        if name in data and data[name] is None:
            data[name] = ""
    category_id = data.pop("category_id", None)
    if category_id is not None:
        data["category"] = selectors.category_get_by_pk(pk=category_id)
    services.post_update(actor=request.user, post=post, **data)  # type: ignore[arg-type]
    return selectors.post_get_for_user(user=request.user, pk=post_id)  # type: ignore[arg-type]


@router.post("/drafts/{post_id}/publish", response=PostDetailOut, summary="Đăng một tin")
def draft_publish(request: HttpRequest, post_id: int) -> Post:
    post = selectors.post_get_for_user(user=request.user, pk=post_id)  # type: ignore[arg-type]
    services.post_publish(actor=request.user, post=post)  # type: ignore[arg-type]
    return selectors.post_get_for_user(user=request.user, pk=post_id)  # type: ignore[arg-type]
