"""API schemas of the news bulletin."""

from __future__ import annotations

import datetime

from django.urls import reverse
from ninja import Field, Schema


class CategoryOut(Schema):
    id: int
    name: str
    slug: str
    parent_id: int | None


class PostOut(Schema):
    id: int
    title: str
    slug: str
    lead: str
    category: CategoryOut
    unit_name: str
    byline: str
    published_at: datetime.datetime | None
    status: str

    @staticmethod
    def resolve_unit_name(obj: object) -> str:
        return str(obj.unit.name)  # type: ignore[attr-defined]


class PhotoOut(Schema):
    id: int
    kind: str
    caption: str
    width: int
    height: int
    url: str


class PostDetailOut(PostOut):
    body: str = Field(..., description="HTML đã làm sạch (danh sách thẻ cho phép)")
    author: str
    photographer: str
    conference_id: int | None
    photos: list[PhotoOut]

    @staticmethod
    def resolve_photos(obj: object) -> list[dict[str, object]]:
        return [
            {
                "id": photo.pk,
                "kind": photo.kind,
                "caption": photo.caption,
                "width": photo.width,
                "height": photo.height,
                "url": reverse("bulletin:photo", args=[photo.pk]),
            }
            for photo in obj.photos.all()  # type: ignore[attr-defined]
        ]


class SearchHitOut(Schema):
    post: PostOut
    title_html: str = Field(..., description="Tiêu đề, từ khớp nằm trong <mark>")
    snippet_html: str = Field(..., description="Đoạn trích đã thoát HTML, từ khớp trong <mark>")
    rank: float


class PostIn(Schema):
    unit_id: int = Field(..., examples=[1])
    category_id: int = Field(..., examples=[1])
    title: str = Field(..., examples=["Hội nghị kiểm điểm tự phê bình và phê bình năm 2020"])
    lead: str = Field("", examples=["Sáng 20-11, Ban Thường vụ Đảng ủy tổ chức hội nghị…"])
    body: str = Field("", examples=["<p>Dự hội nghị có các đồng chí trong Ban Thường vụ.</p>"])
    author: str = Field("", examples=["Hoàng Minh"])
    photographer: str = Field("", examples=["Hoàng Minh"])
    conference_id: int | None = Field(None, examples=[None])
    published_at: datetime.datetime | None = None


class PostPatch(Schema):
    category_id: int | None = Field(None, examples=[2])
    title: str | None = Field(None, examples=["Tiêu đề mới"])
    lead: str | None = None
    body: str | None = None
    author: str | None = None
    photographer: str | None = None
    published_at: datetime.datetime | None = None
