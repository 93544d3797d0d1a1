"""Writes of the news bulletin. Every write checks the unit scope and leaves an audit row.

Posts belong to a unit; only an administrator or the committee office of that unit (or of a
unit above it) may write them. Each save sanitizes the body and refreshes the folded search
columns (`title_folded`, `search_text`), which the database search index follows (FTS5
triggers on SQLite, a generated tsvector on PostgreSQL).
"""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from kiemdiem.accounts.models import User
from kiemdiem.bulletin import richtext
from kiemdiem.bulletin.models import (
    POST_TRANSITIONS,
    Category,
    Photo,
    PhotoKind,
    Post,
    PostStatus,
)
from kiemdiem.conferences import selectors as conference_selectors
from kiemdiem.conferences.models import Conference
from kiemdiem.core.audit import audit_record, diff, snapshot
from kiemdiem.core.text import fold
from kiemdiem.orgs import selectors as org_selectors
from kiemdiem.orgs.models import Unit

AUDITED_FIELDS = [
    "title",
    "slug",
    "lead",
    "body",
    "author",
    "photographer",
    "category",
    "unit",
    "conference",
    "status",
    "published_at",
]
EDITABLE_FIELDS = {
    "title",
    "lead",
    "body",
    "author",
    "photographer",
    "category",
    "conference",
    "published_at",
}
DEFAULT_PHOTO_MAX_PIXELS = 40_000_000
DEFAULT_PHOTO_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_PHOTO_SIZE = (1200, 1200)
DEFAULT_THUMBNAIL_SIZE = (480, 360)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def _require_manage(actor: User | None, unit: Unit) -> None:
    """System work (actor None: demo, imports) is allowed; a user needs write access."""
    if actor is None:
        return
    if not org_selectors.user_can_manage_unit(user=actor, unit=unit):
        raise PermissionDenied(_("Bạn không có quyền đăng tin cho đơn vị này."))


# --- categories -------------------------------------------------------------------------------


def category_create(
    *,
    actor: User | None,
    name: str,
    slug: str = "",
    parent: Category | None = None,
    description: str = "",
    position: int = 0,
) -> Category:
    """Add a category. Only administrators; a category under a sub-category is refused."""
    if actor is not None and not org_selectors.user_scope(actor).everything:
        raise PermissionDenied(_("Chỉ quản trị hệ thống mới thêm được chuyên mục."))
    name = name.strip()
    if not name:
        raise ValidationError(
            _("Chuyên mục cần có tên."), code="required", params={"field": "name"}
        )
    if parent is not None and parent.parent_id is not None:
        raise ValidationError(
            _("Chuyên mục chỉ có hai cấp: «%(parent)s» đã là chuyên mục con."),
            code="too_deep",
            params={"field": "parent", "parent": parent.name},
        )
    slug = slug or slugify(fold(name))[:80]
    if Category.objects.filter(slug=slug).exists():
        raise ValidationError(
            _("Đường dẫn «%(slug)s» đã được dùng."),
            code="duplicate",
            params={"field": "slug", "slug": slug},
        )
    with transaction.atomic():
        category = Category.objects.create(
            name=name, slug=slug, parent=parent, description=description, position=position
        )
        audit_record(
            actor=actor,
            verb="category_create",
            instance=category,
            changes=snapshot(category, ["name", "slug", "parent"]),
        )
    return category


# --- posts ------------------------------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(fold(title))[:100].strip("-") or "tin"
    slug = base
    taken = Post.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    counter = 2
    while slug in existing:
        slug = f"{base}-{counter}"
        counter += 1
    return slug


def search_columns(
    *, title: str, lead: str, body_html: str, byline: str, captions: list[str]
) -> tuple[str, str]:
    """The folded title and the folded rest of a post, as the search index stores them.

    The benchmark fills its rows with this same function.
    """
    rest = " ".join([lead, richtext.plain_text(body_html), byline, *captions])
    return fold(title)[:255], fold(rest)


def _refresh_search(post: Post) -> None:
    captions = list(post.photos.values_list("caption", flat=True)) if post.pk else []
    post.title_folded, post.search_text = search_columns(
        title=post.title,
        lead=post.lead,
        body_html=post.body,
        byline=f"{post.author} {post.photographer}",
        captions=captions,
    )


def _validate(post: Post, actor: User | None) -> None:
    errors: list[ValidationError] = []
    if not post.title.strip():
        errors.append(
            ValidationError(
                _("Bài tin cần có tiêu đề."), code="required", params={"field": "title"}
            )
        )
    if post.conference_id is not None and actor is not None:
        visible = conference_selectors.conference_list(user=actor).filter(pk=post.conference_id)
        if not visible.exists():
            errors.append(
                ValidationError(
                    _("Không tìm thấy hội nghị này trong phạm vi của bạn."),
                    code="invalid",
                    params={"field": "conference"},
                )
            )
    if errors:
        raise ValidationError(errors)


def post_create(
    *,
    actor: User | None,
    unit: Unit,
    category: Category,
    title: str,
    lead: str = "",
    body: str = "",
    author: str = "",
    photographer: str = "",
    conference: Conference | None = None,
    published_at: datetime.datetime | None = None,
) -> Post:
    """Write a draft post for `unit`. The body is sanitized; the slug comes from the title."""
    _require_manage(actor, unit)
    post = Post(
        unit=unit,
        category=category,
        title=title.strip(),
        lead=lead.strip(),
        body=richtext.sanitize(body),
        author=author.strip(),
        photographer=photographer.strip(),
        conference=conference,
        published_at=published_at,
        status=PostStatus.DRAFT,
        created_by=actor if actor is not None and actor.pk else None,
    )
    _validate(post, actor)
    with transaction.atomic():
        post.slug = _unique_slug(post.title)
        _refresh_search(post)
        post.save()
        audit_record(
            actor=actor, verb="post_create", instance=post, changes=snapshot(post, AUDITED_FIELDS)
        )
    return post


def post_update(*, actor: User | None, post: Post, **data: Any) -> Post:
    """Change the editable fields of a post (draft or published); the slug stays."""
    _require_manage(actor, post.unit)
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        before = snapshot(locked, AUDITED_FIELDS)
        for name, value in data.items():
            if name == "body":
                value = richtext.sanitize(value)
            elif isinstance(value, str):
                value = value.strip()
            setattr(locked, name, value)
        _validate(locked, actor)
        if locked.status == PostStatus.PUBLISHED and locked.published_at is None:
            locked.published_at = timezone.now()
        _refresh_search(locked)
        locked.save()
        changes = diff(before, snapshot(locked, AUDITED_FIELDS))
        if changes:
            audit_record(actor=actor, verb="post_update", instance=locked, changes=changes)
    return locked


def _transition(*, actor: User | None, post: Post, action: str, to: str) -> Post:
    _require_manage(actor, post.unit)
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status not in POST_TRANSITIONS[action]:
            raise ValidationError(
                _("Không thể thực hiện thao tác này khi bài đang ở trạng thái «%(state)s»."),
                code="invalid_state",
                params={"field": "status", "state": locked.get_status_display()},
            )
        before = snapshot(locked, ["status", "published_at"])
        locked.status = to
        if to == PostStatus.PUBLISHED and locked.published_at is None:
            locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(
            actor=actor,
            verb=f"post_{action}",
            instance=locked,
            changes=diff(before, snapshot(locked, ["status", "published_at"])),
        )
    return locked


def post_publish(*, actor: User | None, post: Post) -> Post:
    """Publish a draft. Its date is kept when set (a future date schedules it), else now."""
    return _transition(actor=actor, post=post, action="publish", to=PostStatus.PUBLISHED)


def post_unpublish(*, actor: User | None, post: Post) -> Post:
    """Take a published post back to draft; it leaves the public pages at once."""
    return _transition(actor=actor, post=post, action="unpublish", to=PostStatus.DRAFT)


# --- photos -----------------------------------------------------------------------------------


def _photo_error(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params={"field": "image", **params})


def _resized_jpeg(image: Image.Image, size: tuple[int, int]) -> tuple[ContentFile[bytes], int, int]:
    """The image shrunk to fit `size` (never enlarged), as JPEG bytes, with its dimensions."""
    copy = image.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=85, optimize=True)
    return ContentFile(buffer.getvalue()), copy.width, copy.height


def _open_image(upload: UploadedFile) -> Image.Image:
    limit = int(getattr(settings, "BULLETIN_PHOTO_MAX_BYTES", DEFAULT_PHOTO_MAX_BYTES))
    if upload.size is not None and upload.size > limit:
        raise _photo_error(
            _("Ảnh «%(name)s» quá lớn (%(size)s MB); giới hạn là %(limit)s MB."),
            "too_large",
            name=upload.name or "",
            size=f"{upload.size / 1024 / 1024:.1f}",
            limit=f"{limit / 1024 / 1024:.0f}",
        )
    not_an_image = _photo_error(
        _("Tệp «%(name)s» không phải là ảnh (chỉ nhận JPEG, PNG, WebP, GIF)."),
        "not_an_image",
        name=upload.name or "",
    )
    max_pixels = int(getattr(settings, "BULLETIN_PHOTO_MAX_PIXELS", DEFAULT_PHOTO_MAX_PIXELS))
    try:
        upload.seek(0)
        probe = Image.open(upload)
        # The header says how big the picture is before a byte of it is decoded: a tiny file
        # that unpacks to 13,000 × 13,000 pixels is refused here, not after 1.3 GB of memory.
        width, height = probe.size
        if width * height > max_pixels:
            raise _photo_error(
                _(
                    "Ảnh «%(name)s» có kích thước %(width)s × %(height)s điểm ảnh, quá giới hạn "
                    "%(limit)s megapixel; hãy thu nhỏ ảnh rồi tải lên lại."
                ),
                "too_many_pixels",
                name=upload.name or "",
                width=width,
                height=height,
                limit=f"{max_pixels / 1_000_000:.0f}",
            )
        probe.verify()
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in ACCEPTED_FORMATS:
            raise not_an_image
        image.load()
    except Image.DecompressionBombError as exc:
        raise _photo_error(
            _("Ảnh «%(name)s» quá lớn để mở; hãy thu nhỏ ảnh rồi tải lên lại."),
            "too_many_pixels",
            name=upload.name or "",
        ) from exc
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise not_an_image from exc
    return ImageOps.exif_transpose(image).convert("RGB")


def photo_add(
    *,
    actor: User | None,
    post: Post,
    upload: UploadedFile,
    caption: str = "",
    kind: str = PhotoKind.INLINE,
    after_paragraph: int = 0,
) -> Photo:
    """Attach a photo: checked to be an image under the size limit, stored resized as JPEG.

    A new cover replaces the old one (which becomes an inline photo).
    """
    _require_manage(actor, post.unit)
    if kind not in PhotoKind.values:
        raise _photo_error(_("Loại ảnh không hợp lệ."), "invalid")
    image = _open_image(upload)
    size: tuple[int, int] = tuple(getattr(settings, "BULLETIN_PHOTO_SIZE", DEFAULT_PHOTO_SIZE))
    thumb: tuple[int, int] = tuple(
        getattr(settings, "BULLETIN_THUMBNAIL_SIZE", DEFAULT_THUMBNAIL_SIZE)
    )
    stem = uuid.uuid4().hex
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if kind == PhotoKind.COVER:
            locked.photos.filter(kind=PhotoKind.COVER).update(kind=PhotoKind.INLINE)
        photo = Photo(
            post=locked,
            kind=kind,
            caption=caption.strip(),
            after_paragraph=max(after_paragraph, 0),
            position=locked.photos.count(),
        )
        display, photo.width, photo.height = _resized_jpeg(image, size)
        photo.image.save(f"{stem}.jpg", display, save=False)
        small, _w, _h = _resized_jpeg(image, thumb)
        photo.thumbnail.save(f"{stem}-thumb.jpg", small, save=False)
        photo.save()
        _refresh_search(locked)
        locked.save(update_fields=["title_folded", "search_text", "updated_at"])
        audit_record(
            actor=actor,
            verb="photo_add",
            instance=locked,
            changes={"photo": photo.pk, "kind": kind, "caption": photo.caption},
        )
    return photo


def photo_remove(*, actor: User | None, photo: Photo) -> None:
    """Delete a photo of a post and its files."""
    post = photo.post
    _require_manage(actor, post.unit)
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="photo_remove",
            instance=post,
            changes={"photo": photo.pk, "caption": photo.caption},
        )
        files = [photo.image.name, photo.thumbnail.name]
        photo.delete()
        _refresh_search(post)
        post.save(update_fields=["title_folded", "search_text", "updated_at"])
        storage = photo.image.storage

        def delete_files() -> None:
            for name in files:
                if name:
                    storage.delete(name)

        transaction.on_commit(delete_files)
