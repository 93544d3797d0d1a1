"""News API: public reading and search without login; editing with login and scope."""

from __future__ import annotations

import json

from django.test import Client

from kiemdiem.bulletin.models import Post, PostStatus
from kiemdiem.bulletin.tests.conftest import write_post

API = "/api/v1/news"


def test_anonymous_clients_list_published_posts_only(cast, categories):
    write_post(cast.committee, categories.reviews, title="Đã đăng")
    write_post(cast.committee, categories.reviews, title="Nháp", publish=False)
    response = Client().get(f"{API}/posts")
    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["Đã đăng"]


def test_anonymous_clients_read_a_published_post_but_not_a_draft(cast, categories):
    post = write_post(cast.committee, categories.reviews)
    assert Client().get(f"{API}/posts/{post.slug}").json()["body"] == post.body
    draft = write_post(cast.committee, categories.reviews, publish=False)
    assert Client().get(f"{API}/posts/{draft.slug}").status_code == 404


def test_the_search_endpoint_is_scoped_by_category(cast, categories):
    write_post(cast.committee, categories.reviews, title="Hội nghị kiểm điểm")
    found = Client().get(f"{API}/search", {"q": "hoi nghi", "category": "kiem-diem"}).json()
    assert found[0]["title_html"] == "<mark>Hội</mark> <mark>nghị</mark> kiểm điểm"
    assert Client().get(f"{API}/search", {"q": "hoi nghi", "category": "quan-su"}).json() == []
    assert len(Client().get(f"{API}/search", {"q": "hoi nghi"}).json()) == 1


def test_editing_needs_a_login(cast, categories):
    payload = {"unit_id": cast.committee.pk, "category_id": categories.reviews.pk, "title": "Tin"}
    response = Client().post(f"{API}/drafts", json.dumps(payload), content_type="application/json")
    assert response.status_code == 401
    assert not Post.objects.exists()


def test_the_office_writes_and_publishes_through_the_api(cast, categories):
    client = Client()
    client.force_login(cast.officer)
    payload = {
        "unit_id": cast.committee.pk,
        "category_id": categories.reviews.pk,
        "title": "Tin qua API",
        "body": "<p>A</p><script>x</script>",
    }
    created = client.post(f"{API}/drafts", json.dumps(payload), content_type="application/json")
    assert created.status_code == 201
    assert created.json()["body"] == "<p>A</p>"
    post_id = created.json()["id"]
    assert client.post(f"{API}/drafts/{post_id}/publish").json()["status"] == "published"
    assert Post.objects.get().status == PostStatus.PUBLISHED


def test_a_member_gets_404_for_a_unit_it_does_not_manage(cast, categories):
    client = Client()
    client.force_login(cast.outsider)
    payload = {"unit_id": cast.cell_b.pk, "category_id": categories.reviews.pk, "title": "Tin"}
    response = client.post(f"{API}/drafts", json.dumps(payload), content_type="application/json")
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_a_missing_title_is_an_error_naming_the_field(cast, categories):
    client = Client()
    client.force_login(cast.officer)
    payload = {"unit_id": cast.committee.pk, "category_id": categories.reviews.pk, "title": " "}
    response = client.post(f"{API}/drafts", json.dumps(payload), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["title"]


def test_a_null_title_in_a_patch_is_refused_naming_the_field_and_changes_nothing(cast, categories):
    post = write_post(cast.committee, categories.reviews, title="Tiêu đề cũ", publish=False)
    client = Client()
    client.force_login(cast.officer)
    renamed = client.patch(
        f"{API}/drafts/{post.pk}", json.dumps({"title": "Tiêu đề mới"}), "application/json"
    )
    assert renamed.status_code == 200

    refused = client.patch(
        f"{API}/drafts/{post.pk}", json.dumps({"title": None}), "application/json"
    )

    assert refused.status_code == 422
    assert "title" in json.dumps(refused.json()["detail"])
    post.refresh_from_db()
    assert post.title == "Tiêu đề mới"
