"""Writes: sanitizing, search columns, scope, transitions, photos and their audit rows."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from kiemdiem.bulletin import services
from kiemdiem.bulletin.models import Photo, PhotoKind, Post, PostStatus
from kiemdiem.bulletin.tests.conftest import image_upload, write_post
from kiemdiem.core.models import AuditEvent
from kiemdiem.orgs.models import UnitKind
from kiemdiem.orgs.tests.factories import UnitFactory


def test_a_committee_office_writes_a_draft_with_a_sanitized_body_and_an_audit_row(cast, categories):
    post = services.post_create(
        actor=cast.officer,
        unit=cast.committee,
        category=categories.reviews,
        title="Hội nghị kiểm điểm",
        body="<p>Nội dung</p><script>x()</script>",
    )
    assert post.status == PostStatus.DRAFT
    assert post.body == "<p>Nội dung</p>"
    assert post.slug == "hoi-nghi-kiem-diem"
    assert AuditEvent.objects.filter(verb="post_create", object_id=str(post.pk)).count() == 1


def test_the_search_columns_are_folded(cast, categories):
    post = write_post(cast.committee, categories.reviews, author="Giang Nam", publish=False)
    assert post.title_folded == "hoi nghi kiem diem tu phe binh va phe binh nam 2020"
    assert "nghiem tuc, dan chu" in post.search_text
    assert "giang nam" in post.search_text


def test_a_second_post_with_the_same_title_gets_another_slug(cast, categories):
    first = write_post(cast.committee, categories.reviews, publish=False)
    second = write_post(cast.committee, categories.reviews, publish=False)
    assert second.slug == f"{first.slug}-2"


def test_a_committee_office_may_not_write_for_a_unit_outside_its_subtree(cast, categories):
    services.post_create(actor=cast.officer, unit=cast.cell_a, category=categories.party, title="A")
    other = UnitFactory(code="DB-02", name="Đảng bộ khác", kind=UnitKind.GRASSROOTS_COMMITTEE)
    with pytest.raises(PermissionDenied):
        services.post_create(actor=cast.officer, unit=other, category=categories.party, title="B")
    assert not Post.objects.filter(unit=other).exists()


def test_a_cell_secretary_may_not_write_news(cast, categories):
    with pytest.raises(PermissionDenied):
        services.post_create(
            actor=cast.secretary_a, unit=cast.cell_a, category=categories.party, title="Tin"
        )
    assert Post.objects.count() == 0


def test_an_update_sanitizes_again_and_audits_only_the_changes(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    services.post_update(actor=cast.officer, post=post, body="<p>Mới<iframe></iframe></p>")
    post.refresh_from_db()
    assert post.body == "<p>Mới</p>"
    event = AuditEvent.objects.get(verb="post_update")
    assert set(event.changes) == {"body"}


def test_publish_sets_the_date_and_a_second_publish_is_refused(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    published = services.post_publish(actor=cast.officer, post=post)
    assert published.status == PostStatus.PUBLISHED
    assert published.published_at is not None
    with pytest.raises(ValidationError):
        services.post_publish(actor=cast.officer, post=published)
    assert AuditEvent.objects.filter(verb="post_publish").count() == 1


def test_a_category_under_a_sub_category_is_refused(categories):
    with pytest.raises(ValidationError) as info:
        services.category_create(actor=None, name="Cấp ba", parent=categories.reviews)
    assert info.value.error_list[0].params["field"] == "parent"


def test_a_photo_is_resized_to_the_display_size_with_a_thumbnail(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    photo = services.photo_add(
        actor=cast.officer, post=post, upload=image_upload(), caption="Quang cảnh hội nghị"
    )
    assert (photo.width, photo.height) == (1200, 800)
    assert photo.image.name.endswith(".jpg")
    assert photo.thumbnail.name.endswith("-thumb.jpg")
    post.refresh_from_db()
    assert "quang canh hoi nghi" in post.search_text


def test_a_file_that_is_not_an_image_is_refused_naming_the_field(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    services.photo_add(actor=cast.officer, post=post, upload=image_upload())
    fake = SimpleUploadedFile("anh.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as info:
        services.photo_add(actor=cast.officer, post=post, upload=fake)
    error = info.value.error_list[0]
    assert error.code == "not_an_image"
    assert error.params["field"] == "image"
    assert "không phải là ảnh" in error.message % error.params
    assert Photo.objects.filter(post=post).count() == 1


@override_settings(BULLETIN_PHOTO_MAX_BYTES=1024)
def test_a_photo_over_the_size_limit_is_refused(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    with pytest.raises(ValidationError) as info:
        services.photo_add(actor=cast.officer, post=post, upload=image_upload(size=(400, 400)))
    assert info.value.error_list[0].code == "too_large"
    assert "quá lớn" in str(info.value.error_list[0].message)
    assert not Photo.objects.exists()


def test_a_new_cover_turns_the_old_cover_into_an_inline_photo(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    old = services.photo_add(actor=None, post=post, upload=image_upload(), kind=PhotoKind.COVER)
    new = services.photo_add(actor=None, post=post, upload=image_upload(), kind=PhotoKind.COVER)
    old.refresh_from_db()
    assert old.kind == PhotoKind.INLINE
    assert list(post.photos.filter(kind=PhotoKind.COVER)) == [new]


def test_a_small_file_of_too_many_pixels_is_refused_before_it_is_decoded(cast, categories):
    post = write_post(cast.committee, categories.reviews, publish=False)
    buffer = io.BytesIO()
    Image.new("1", (13_000, 13_000)).save(buffer, format="PNG")
    assert buffer.tell() < 1_000_000  # a small upload that unpacks to 169 Mpx
    bomb = SimpleUploadedFile("anh.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as info:
        services.photo_add(actor=cast.officer, post=post, upload=bomb)
    error = info.value.error_list[0]
    assert error.code == "too_many_pixels"
    assert "13000 × 13000" in error.message % error.params
    assert not Photo.objects.exists()
