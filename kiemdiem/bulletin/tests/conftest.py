"""Bulletin fixtures: three categories (a parent, its child, another top level) and helpers to
write posts and photos through the services."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kiemdiem.bulletin import services
from kiemdiem.bulletin.models import Category, Post
from kiemdiem.orgs.models import Unit


@dataclass
class Categories:
    party: Category
    reviews: Category
    military: Category


@pytest.fixture
def categories(db) -> Categories:  # type: ignore[no-untyped-def]
    party = services.category_create(actor=None, name="Xây dựng Đảng", slug="xay-dung-dang")
    reviews = services.category_create(
        actor=None, name="Kiểm điểm, xếp loại", slug="kiem-diem", parent=party
    )
    military = services.category_create(actor=None, name="Quân sự", slug="quan-su")
    return Categories(party=party, reviews=reviews, military=military)


def image_upload(
    name: str = "anh.png", size: tuple[int, int] = (2400, 1600), fmt: str = "PNG"
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (160, 20, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def write_post(
    unit: Unit,
    category: Category,
    *,
    title: str = "Hội nghị kiểm điểm tự phê bình và phê bình năm 2020",
    lead: str = "Ban Thường vụ Đảng ủy tổ chức hội nghị.",
    body: str = "<p>Hội nghị diễn ra nghiêm túc, dân chủ.</p>",
    publish: bool = True,
    **extra: object,
) -> Post:
    post = services.post_create(
        actor=None, unit=unit, category=category, title=title, lead=lead, body=body, **extra
    )
    if publish:
        post = services.post_publish(actor=None, post=post)
    return post
