"""Reads of the news bulletin.

Public reads (`post_list_published`, `post_get_published`, `post_search`...) see only published
posts whose date has come; editing reads (`post_get_for_user`, `post_list_for_editor`) see the
posts of units the user may write for, and answer 404 for anything else.

`post_search` is the one search entry point. It folds the query like the stored columns
(diacritics dropped, đ → d) and asks the database's full-text index: FTS5 with bm25 on SQLite,
a stored 'simple' tsvector with a GIN index and ts_rank on PostgreSQL. Results come by
relevance, then date, with the matched words highlighted in an escaped snippet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from kiemdiem.accounts.models import Role, User
from kiemdiem.bulletin import richtext
from kiemdiem.bulletin.models import Category, Photo, PhotoKind, Post, PostStatus
from kiemdiem.conferences import selectors as conference_selectors
from kiemdiem.conferences.models import Conference
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit

RELATED_COUNT = 8


# --- categories -------------------------------------------------------------------------------


def category_list() -> list[Category]:
    """The top-level categories, each with its children prefetched, in display order."""
    return list(
        Category.objects.filter(parent__isnull=True).prefetch_related(
            Prefetch("children", queryset=Category.objects.order_by("position", "name"))
        )
    )


def category_choices() -> list[tuple[int, str]]:
    """Every category as (id, label), children indented under their parent."""
    choices: list[tuple[int, str]] = []
    for parent in category_list():
        choices.append((parent.pk, parent.name))
        choices.extend((child.pk, f"— {child.name}") for child in parent.children.all())
    return choices


def category_get(*, slug: str) -> Category:
    category = Category.objects.select_related("parent").filter(slug=slug).first()
    if category is None:
        raise Http404
    return category


def category_get_by_pk(*, pk: int) -> Category:
    category = Category.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


def _category_ids(category: Category) -> list[int]:
    """The category and its children: "this category" includes its sub-categories."""
    return [category.pk, *Category.objects.filter(parent=category).values_list("pk", flat=True)]


# --- public posts -----------------------------------------------------------------------------


def _with_cover(qs: QuerySet[Post]) -> QuerySet[Post]:
    return qs.select_related("category", "unit").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.filter(kind=PhotoKind.COVER), to_attr="covers")
    )


def _published() -> QuerySet[Post]:
    return Post.objects.filter(status=PostStatus.PUBLISHED, published_at__lte=timezone.now())


def post_list_published(*, category: Category | None = None) -> QuerySet[Post]:
    """Published posts, newest first, optionally of one category (with its sub-categories)."""
    qs = _published()
    if category is not None:
        qs = qs.filter(category_id__in=_category_ids(category))
    return _with_cover(qs).order_by("-published_at", "-id")


def post_get_published(*, slug: str) -> Post:
    """A published post by its slug, with its photos; 404 for drafts and scheduled posts."""
    post = (
        _published()
        .select_related("category", "category__parent", "unit", "conference")
        .prefetch_related("photos")
        .filter(slug=slug)
        .first()
    )
    if post is None:
        raise Http404
    return post


def post_related(*, post: Post, count: int = RELATED_COUNT) -> QuerySet[Post]:
    """ "Các tin khác": the latest published posts of the same category, without this one."""
    return (
        _published()
        .filter(category_id=post.category_id)
        .exclude(pk=post.pk)
        .order_by("-published_at", "-id")[:count]
    )


def conference_news(*, conference: Conference) -> QuerySet[Post]:
    """Published news about a conference, newest first (for the conference page)."""
    return _published().filter(conference=conference).order_by("-published_at", "-id")


@dataclass(frozen=True)
class BodyBlock:
    """A piece of a post's body: sanitized HTML, or an inline photo placed after a paragraph."""

    html: SafeString | None = None
    photo: Photo | None = None


def post_body_blocks(*, post: Post) -> list[BodyBlock]:
    """The body's top-level blocks with each inline photo after its paragraph (0: at the end)."""
    blocks = richtext.top_level_blocks(post.body)
    inline = [photo for photo in post.photos.all() if photo.kind == PhotoKind.INLINE]
    out: list[BodyBlock] = []
    for index, block in enumerate(blocks, start=1):
        # The body was sanitized by the service on save.
        out.append(BodyBlock(html=mark_safe(block)))  # noqa: S308
        out.extend(BodyBlock(photo=photo) for photo in inline if photo.after_paragraph == index)
    out.extend(
        BodyBlock(photo=photo)
        for photo in inline
        if photo.after_paragraph == 0 or photo.after_paragraph > len(blocks)
    )
    return out


def post_cover(*, post: Post) -> Photo | None:
    return next((photo for photo in post.photos.all() if photo.kind == PhotoKind.COVER), None)


# --- search -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    """One search result: the post, its highlighted title and snippet, and its rank."""

    post: Post
    title_html: SafeString
    snippet_html: SafeString
    rank: float


# A query made of very common words can match most posts; ranking every match would grow with
# the archive. Both backends rank the newest CANDIDATES matches only (settings
# BULLETIN_SEARCH_CANDIDATES), which keeps a search bounded at any size (docs/bulletin.md).
DEFAULT_CANDIDATES = 1_000

_SQLITE_SEARCH = """
SELECT p.id, c.rank
FROM (
    SELECT rowid, bm25(bulletin_post_fts, 10.0, 1.0) AS rank
    FROM bulletin_post_fts WHERE bulletin_post_fts MATCH %s
    ORDER BY rowid DESC LIMIT %s
) AS c JOIN bulletin_post p ON p.id = c.rowid
WHERE p.status = %s AND p.published_at <= %s {category}
ORDER BY c.rank ASC, p.published_at DESC, p.id DESC
LIMIT %s OFFSET %s
"""

_POSTGRES_SEARCH = """
SELECT c.id, ts_rank(c.search_vector, c.query) AS rank
FROM (
    SELECT p.id, p.search_vector, p.published_at, q.query
    FROM bulletin_post p, plainto_tsquery('simple', %s) AS q(query)
    WHERE p.search_vector @@ q.query AND p.status = %s AND p.published_at <= %s {category}
    ORDER BY p.id DESC LIMIT %s
) AS c
ORDER BY rank DESC, c.published_at DESC, c.id DESC
LIMIT %s OFFSET %s
"""


def _search_ids(
    terms: list[str], category_ids: list[int] | None, limit: int, offset: int
) -> list[tuple[int, float]]:
    category_sql = ""
    category_params: list[Any] = []
    if category_ids is not None:
        placeholders = ", ".join(["%s"] * len(category_ids))
        category_sql = f"AND p.category_id IN ({placeholders})"
        category_params = list(category_ids)
    if connection.vendor == "sqlite":
        # Each term quoted: FTS5 reads them as plain words, implicitly ANDed.
        match: str = " ".join(f'"{term}"' for term in terms)
        sql = _SQLITE_SEARCH
    else:
        match = " ".join(terms)
        sql = _POSTGRES_SEARCH
    candidates = int(getattr(settings, "BULLETIN_SEARCH_CANDIDATES", DEFAULT_CANDIDATES))
    now = timezone.now()
    if connection.vendor == "sqlite":
        params = [match, candidates, PostStatus.PUBLISHED, now, *category_params, limit, offset]
    else:
        params = [match, PostStatus.PUBLISHED, now, *category_params, candidates, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql.format(category=category_sql), params)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]


def post_search(
    query: str, category: Category | None = None, *, limit: int = 20, offset: int = 0
) -> list[SearchHit]:
    """Published posts matching every word of `query`, whatever its diacritics.

    `category` limits the search to that category and its sub-categories; None searches all.
    Ordered by relevance, then publication date (newest first).
    """
    terms = richtext.search_terms(query)
    if not terms:
        return []
    category_ids = _category_ids(category) if category is not None else None
    ranked = _search_ids(terms, category_ids, limit, offset)
    posts = _with_cover(Post.objects.filter(pk__in=[pk for pk, _ in ranked])).in_bulk()
    hits = []
    for pk, rank in ranked:
        post = posts[pk]
        text = post.lead
        if not richtext.contains_term(post.lead, terms):
            text = f"{post.lead} {richtext.plain_text(post.body)}".strip()
        # highlight() and snippet() escape the text before marking it.
        hits.append(
            SearchHit(
                post=post,
                title_html=mark_safe(richtext.highlight(post.title, terms)),  # noqa: S308
                snippet_html=mark_safe(richtext.snippet(text, terms)),  # noqa: S308
                rank=rank,
            )
        )
    return hits


# --- editing ----------------------------------------------------------------------------------


def _managed_q(user: User, prefix: str) -> Q:
    """Units under the user's committee-office grants (everything for administrators)."""
    if org_selectors.user_scope(user).everything:
        return Q()
    q = Q(pk__in=[])
    for grant in user.grants.filter(role=Role.COMMITTEE_OFFICE).select_related("unit"):
        if grant.unit is not None:
            q |= Q(
                **{
                    f"{prefix}path__gte": grant.unit.path,
                    f"{prefix}path__lt": grant.unit.path_upper_bound,
                }
            )
    return q


def units_for_editor(*, user: User) -> QuerySet[Unit]:
    """The units the user may publish news for (committee office subtrees; all for admins)."""
    if not user.is_authenticated or not org_selectors.user_scope(user).can_manage:
        return Unit.objects.none()
    return Unit.objects.filter(_managed_q(user, "")).order_by("path")


def post_list_for_editor(*, user: User) -> QuerySet[Post]:
    """Every post (draft or published) of the units the user may write for, newest first."""
    if not user.is_authenticated or not org_selectors.user_scope(user).can_manage:
        return Post.objects.none()
    return _with_cover(Post.objects.filter(_managed_q(user, "unit__"))).order_by(
        "-updated_at", "-id"
    )


def post_get_for_user(*, user: User, pk: int) -> Post:
    """A post the user may edit, with its photos; 404 when missing or out of scope."""
    post = (
        post_list_for_editor(user=user)
        .select_related("conference", "category__parent")
        .prefetch_related("photos")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    return post


def photo_get_public(*, pk: int) -> Photo:
    """A photo of a published post (served without login); 404 otherwise."""
    photo = Photo.objects.filter(pk=pk, post__in=_published()).first()
    if photo is None:
        raise Http404
    return photo


def photo_get_for_user(*, user: User, pk: int) -> Photo:
    """A photo of a post the user may edit (drafts included); 404 otherwise."""
    photo = (
        Photo.objects.select_related("post", "post__unit")
        .filter(pk=pk, post__in=post_list_for_editor(user=user))
        .first()
    )
    if photo is None:
        raise Http404
    return photo


def unit_get_for_editor(*, user: User, pk: int) -> Unit:
    unit = units_for_editor(user=user).filter(pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def conference_get_for_editor(*, user: User, pk: int) -> Conference:
    return conference_selectors.conference_get_for_user(user=user, pk=pk)


def conferences_for_editor(*, user: User) -> QuerySet[Conference]:
    """Conferences a post of this user may link to (those the user may see)."""
    return conference_selectors.conference_list(user=user)[:200]
