"""The news bulletin: categories (a tree of two levels), posts with a safe rich body, photos.

A post is written by the committee office of a unit and published on the public pages. Its body
is sanitized HTML (a small whitelist, cleaned by `services` on every save), and the folded
columns (`title_folded`, `search_text`) hold the diacritic-free text that both search backends
index: FTS5 on SQLite, a stored tsvector with a GIN index on PostgreSQL (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.Model):
    """A news category ("chuyên mục"). At most two levels: a parent has no parent itself."""

    name = models.CharField(_("tên chuyên mục"), max_length=120)
    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("chuyên mục cha"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(_("mô tả"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="bulletin_category_not_own_parent",
                violation_error_message=_("Chuyên mục không thể là cha của chính nó."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã đăng")


# domain.md §5 style: the states each transition may start from.
POST_TRANSITIONS: dict[str, set[str]] = {
    "publish": {PostStatus.DRAFT},
    "unpublish": {PostStatus.PUBLISHED},
}


class Post(models.Model):
    """A news post of a unit, shown publicly once published (and its date has come)."""

    category = models.ForeignKey(
        Category, verbose_name=_("chuyên mục"), on_delete=models.PROTECT, related_name="posts"
    )
    unit = models.ForeignKey(
        "orgs.Unit",
        verbose_name=_("đơn vị đăng tin"),
        on_delete=models.PROTECT,
        related_name="news_posts",
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("hội nghị kiểm điểm"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    title = models.CharField(_("tiêu đề"), max_length=255)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    lead = models.TextField(_("sapo"), blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    author = models.CharField(_("tin"), max_length=120, blank=True)
    photographer = models.CharField(_("ảnh"), max_length=120, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    published_at = models.DateTimeField(_("ngày đăng"), null=True, blank=True)
    title_folded = models.CharField(max_length=255, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bài tin")
        verbose_name_plural = _("bài tin")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(
                fields=["status", "category", "-published_at"],
                name="bulletin_post_cat_pub_idx",
            ),
            models.Index(fields=["status", "-published_at"], name="bulletin_post_pub_idx"),
            models.Index(fields=["unit", "status"], name="bulletin_post_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="bulletin_post_published_has_date",
                violation_error_message=_("Bài đã đăng phải có ngày đăng."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def byline(self) -> str:
        """The seed page's byline: "Tin và ảnh: X" when one person did both."""
        if self.author and self.author == self.photographer:
            return str(_("Tin và ảnh: %(name)s") % {"name": self.author})
        parts = []
        if self.author:
            parts.append(str(_("Tin: %(name)s") % {"name": self.author}))
        if self.photographer:
            parts.append(str(_("Ảnh: %(name)s") % {"name": self.photographer}))
        return "; ".join(parts)


class PhotoKind(models.TextChoices):
    COVER = "cover", _("Ảnh đại diện")
    INLINE = "inline", _("Ảnh trong bài")


def _photo_path(instance: Photo, filename: str) -> str:
    return f"bulletin/{instance.post_id}/{filename}"


class Photo(models.Model):
    """A photo of a post, stored resized to its display size (JPEG) with a thumbnail.

    Inline photos are shown after paragraph `after_paragraph` of the body (0: after the body).
    """

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(
        _("loại ảnh"), max_length=8, choices=PhotoKind.choices, default=PhotoKind.INLINE
    )
    image = models.ImageField(_("ảnh"), upload_to=_photo_path)
    thumbnail = models.ImageField(upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    caption = models.CharField(_("chú thích"), max_length=500, blank=True)
    after_paragraph = models.PositiveSmallIntegerField(_("sau đoạn văn"), default=0)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ảnh")
        verbose_name_plural = _("ảnh")
        ordering = ["post", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(kind="cover"),
                name="bulletin_photo_one_cover_per_post",
                violation_error_message=_("Mỗi bài chỉ có một ảnh đại diện."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"
