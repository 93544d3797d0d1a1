"""Public pages without login, editing pages in scope only, and the conference page's news."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_user
from kiemdiem.bulletin import services
from kiemdiem.bulletin.models import Photo, Post, PostStatus
from kiemdiem.bulletin.tests.conftest import image_upload, write_post
from kiemdiem.conferences import services as conference_services
from kiemdiem.orgs.models import UnitKind
from kiemdiem.orgs.tests.factories import UnitFactory


@pytest.fixture
def office(cast) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(cast.officer)
    return client


def test_the_front_page_shows_published_posts_to_anonymous_visitors(cast, categories):
    write_post(cast.committee, categories.reviews, title="Tin đã đăng")
    write_post(cast.committee, categories.reviews, title="Tin nháp", publish=False)
    response = Client().get(reverse("bulletin:front"))
    assert response.status_code == 200
    assert "Tin đã đăng" in response.content.decode()
    assert "Tin nháp" not in response.content.decode()


def test_the_post_page_is_laid_out_like_the_seed_page(cast, categories):
    post = write_post(
        cast.committee, categories.reviews, author="Giang Nam", photographer="Giang Nam"
    )
    other = write_post(cast.committee, categories.reviews, title="Tin khác cùng chuyên mục")
    write_post(cast.committee, categories.military, title="Tin chuyên mục khác")
    page = Client().get(reverse("bulletin:post_detail", args=[post.slug])).content.decode()
    assert "Tin và ảnh: Giang Nam" in page
    assert "Các tin khác:" in page
    assert other.title in page
    assert "Tin chuyên mục khác" not in page
    assert "Chuyên mục này" in page
    assert "Tất cả các chuyên mục" in page


def test_the_post_page_carries_open_graph_tags(cast, categories):
    post = write_post(cast.committee, categories.reviews, lead="Sapo của bài")
    cover = services.photo_add(actor=None, post=post, upload=image_upload(), kind="cover")
    page = Client().get(reverse("bulletin:post_detail", args=[post.slug])).content.decode()
    assert f'<meta property="og:title" content="{post.title}">' in page
    assert '<meta property="og:description" content="Sapo của bài">' in page
    assert f"http://testserver/news/photos/{cover.pk}/" in page


def test_a_draft_is_not_public(cast, categories):
    post = write_post(cast.committee, categories.reviews)
    assert Client().get(reverse("bulletin:post_detail", args=[post.slug])).status_code == 200
    services.post_unpublish(actor=None, post=post)
    assert Client().get(reverse("bulletin:post_detail", args=[post.slug])).status_code == 404


def test_the_category_page_is_paginated(cast, categories):
    for number in range(12):
        write_post(cast.committee, categories.reviews, title=f"Tin số {number}")
    url = reverse("bulletin:category", args=[categories.reviews.slug])
    first = Client().get(url).content.decode()
    second = Client().get(url, {"page": 2}).content.decode()
    assert "Tin số 11" in first
    assert "Tin số 0" not in first
    assert "Tin số 0" in second


def test_the_search_page_highlights_matches_in_this_category(cast, categories):
    write_post(cast.committee, categories.reviews, lead="Hội nghị kiểm điểm năm 2020")
    url = reverse("bulletin:search")
    found = Client().get(url, {"q": "kiem diem", "category": "kiem-diem", "scope": "category"})
    assert "<mark>kiểm</mark>" in found.content.decode()
    elsewhere = Client().get(url, {"q": "kiem diem", "category": "quan-su", "scope": "category"})
    assert "Không tìm thấy tin nào." in elsewhere.content.decode()
    everywhere = Client().get(url, {"q": "kiem diem", "category": "quan-su", "scope": "all"})
    assert "<mark>kiểm</mark>" in everywhere.content.decode()


def test_the_rss_and_atom_feeds_list_the_category_posts(cast, categories):
    write_post(cast.committee, categories.reviews, title="Tin trong luồng")
    rss = Client().get(reverse("bulletin:category_rss", args=["kiem-diem"]))
    atom = Client().get(reverse("bulletin:category_atom", args=["kiem-diem"]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Tin trong luồng" in rss.content.decode()
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Tin trong luồng" in atom.content.decode()


def test_a_draft_photo_is_served_to_its_editor_only(cast, categories, office):
    post = write_post(cast.committee, categories.reviews, publish=False)
    photo = services.photo_add(actor=None, post=post, upload=image_upload())
    url = reverse("bulletin:photo", args=[photo.pk])
    assert office.get(url).status_code == 200
    assert Client().get(url).status_code == 404


def test_a_draft_photo_is_not_offered_to_shared_caches(cast, categories, office):
    post = write_post(cast.committee, categories.reviews, publish=False)
    photo = services.photo_add(actor=None, post=post, upload=image_upload())
    response = office.get(reverse("bulletin:photo", args=[photo.pk]))
    assert response["Cache-Control"] == "private, no-store"


def test_the_office_writes_a_post_with_a_cover_and_publishes_it(cast, categories, office):
    response = office.post(
        reverse("bulletin:post_new"),
        {
            "unit": cast.committee.pk,
            "category": categories.reviews.pk,
            "title": "Hội nghị kiểm điểm Chi bộ A",
            "lead": "Sapo",
            "body": "<p>Nội dung</p>",
            "author": "Giang Nam",
            "photographer": "Giang Nam",
            "cover": image_upload(),
            "cover_caption": "Quang cảnh",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert post.photos.get().caption == "Quang cảnh"
    office.post(reverse("bulletin:post_publish", args=[post.pk]))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED


def test_a_non_image_upload_shows_the_message_on_the_photo_field(cast, categories, office):
    post = write_post(cast.committee, categories.reviews, publish=False)
    url = reverse("bulletin:photo_add", args=[post.pk])
    assert office.post(url, {"image": image_upload(), "kind": "inline"}).status_code == 302
    fake = SimpleUploadedFile("anh.jpg", b"not an image at all", content_type="image/jpeg")
    response = office.post(url, {"image": fake, "kind": "inline"})
    assert response.status_code == 200
    assert "không phải là ảnh" in response.content.decode()
    assert Photo.objects.filter(post=post).count() == 1


def test_the_preview_shows_a_draft_to_its_editor(cast, categories, office):
    post = write_post(cast.committee, categories.reviews, title="Bản nháp xem trước", publish=False)
    response = office.get(reverse("bulletin:post_preview", args=[post.pk]))
    assert response.status_code == 200
    assert "Bản nháp xem trước" in response.content.decode()
    assert 'id="bt-preview"' in response.content.decode()


def test_an_office_of_another_committee_gets_404_on_the_edit_page(cast, categories, office):
    post = write_post(cast.committee, categories.reviews, publish=False)
    assert office.get(reverse("bulletin:post_edit", args=[post.pk])).status_code == 200
    other = UnitFactory(code="DB-09", name="Đảng bộ khác", kind=UnitKind.GRASSROOTS_COMMITTEE)
    stranger = Client()
    stranger.force_login(make_user("vanphong_khac", role="committee_office", unit=other))
    assert stranger.get(reverse("bulletin:post_edit", args=[post.pk])).status_code == 404
    assert stranger.post(reverse("bulletin:post_publish", args=[post.pk])).status_code == 404
    post.refresh_from_db()
    assert post.status == PostStatus.DRAFT


def test_a_cell_secretary_gets_404_on_the_edit_page(cast, categories):
    post = write_post(cast.cell_a, categories.reviews, publish=False)
    client = Client()
    client.force_login(cast.secretary_a)
    assert client.get(reverse("bulletin:post_edit", args=[post.pk])).status_code == 404


def test_the_editing_list_has_a_query_budget(
    cast, categories, office, django_assert_max_num_queries
):
    for number in range(15):
        post = write_post(cast.committee, categories.reviews, title=f"Tin {number}")
        services.photo_add(actor=None, post=post, upload=image_upload(size=(50, 50)), kind="cover")
    with django_assert_max_num_queries(12):
        assert office.get(reverse("bulletin:post_manage")).status_code == 200


def test_the_front_page_has_a_query_budget(cast, categories, django_assert_max_num_queries):
    for number in range(15):
        post = write_post(cast.committee, categories.reviews, title=f"Tin {number}")
        services.photo_add(actor=None, post=post, upload=image_upload(size=(50, 50)), kind="cover")
    with django_assert_max_num_queries(6):
        assert Client().get(reverse("bulletin:front")).status_code == 200


def test_the_conference_page_lists_the_published_news_about_it(cast, categories, office):
    conference = conference_services.conference_create(
        actor=cast.officer,
        unit=cast.cell_a,
        body=None,
        year=2020,
        place="Hội trường",
        starts_at=timezone.make_aware(datetime.datetime(2020, 11, 20, 7, 30)),
        chair=cast.secretary_a.person,
        secretary=cast.person_a,
    )
    post = services.post_create(
        actor=cast.officer,
        unit=cast.committee,
        category=categories.reviews,
        title="Chi bộ A kiểm điểm năm 2020",
        conference=conference,
    )
    url = reverse("conferences:conference_detail", args=[conference.pk])
    assert post.title not in office.get(url).content.decode()
    services.post_publish(actor=cast.officer, post=post)
    page = office.get(url).content.decode()
    assert post.title in page
    assert reverse("bulletin:post_detail", args=[post.slug]) in page


def test_a_post_may_not_link_a_conference_outside_the_writers_scope(cast, categories, office):
    conference = conference_services.conference_create(
        actor=cast.officer,
        unit=cast.cell_b,
        body=None,
        year=2020,
        place="Hội trường",
        starts_at=timezone.make_aware(datetime.datetime(2020, 11, 20, 7, 30)),
        chair=cast.person_b,
        secretary=cast.person_b,
    )
    services.post_create(
        actor=cast.officer,
        unit=cast.committee,
        category=categories.reviews,
        title="Tin",
        conference=conference,
    )
    other = UnitFactory(code="DB-08", name="Đảng bộ khác", kind=UnitKind.GRASSROOTS_COMMITTEE)
    writer = make_user("vanphong_khac", role="committee_office", unit=other)
    with pytest.raises(ValidationError):
        services.post_create(
            actor=writer,
            unit=other,
            category=categories.reviews,
            title="Tin",
            conference=conference,
        )
    assert not Post.objects.filter(unit=other).exists()


def test_the_post_page_has_a_query_budget(cast, categories, django_assert_max_num_queries):
    post = write_post(cast.committee, categories.reviews, body="<p>A</p><p>B</p>")
    for kind in ("cover", "inline", "inline"):
        services.photo_add(actor=None, post=post, upload=image_upload(size=(50, 50)), kind=kind)
    for number in range(10):
        write_post(cast.committee, categories.reviews, title=f"Tin khác {number}")
    with django_assert_max_num_queries(6):
        assert Client().get(reverse("bulletin:post_detail", args=[post.slug])).status_code == 200
