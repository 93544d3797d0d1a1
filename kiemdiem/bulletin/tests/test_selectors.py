"""Public and editing reads: body blocks with inline photos, related posts, scope."""

from __future__ import annotations

import pytest
from django.http import Http404

from kiemdiem.bulletin import selectors, services
from kiemdiem.bulletin.tests.conftest import image_upload, write_post


def test_an_inline_photo_comes_after_its_paragraph(cast, categories):
    post = write_post(cast.committee, categories.reviews, body="<p>Một</p><p>Hai</p><p>Ba</p>")
    after_one = services.photo_add(actor=None, post=post, upload=image_upload(), after_paragraph=1)
    at_end = services.photo_add(actor=None, post=post, upload=image_upload(), after_paragraph=0)
    blocks = selectors.post_body_blocks(post=selectors.post_get_published(slug=post.slug))
    shape = [block.html or block.photo for block in blocks]
    assert shape == ["<p>Một</p>", after_one, "<p>Hai</p>", "<p>Ba</p>", at_end]


def test_the_cover_is_not_repeated_in_the_body(cast, categories):
    post = write_post(cast.committee, categories.reviews)
    cover = services.photo_add(actor=None, post=post, upload=image_upload(), kind="cover")
    post = selectors.post_get_published(slug=post.slug)
    assert selectors.post_cover(post=post) == cover
    assert all(block.photo is None for block in selectors.post_body_blocks(post=post))


def test_other_news_are_the_latest_of_the_same_category_without_this_one(cast, categories):
    post = write_post(cast.committee, categories.reviews, title="Bài này")
    older = write_post(cast.committee, categories.reviews, title="Tin cũ hơn")
    newer = write_post(cast.committee, categories.reviews, title="Tin mới hơn")
    write_post(cast.committee, categories.military, title="Chuyên mục khác")
    write_post(cast.committee, categories.reviews, title="Bản nháp", publish=False)
    assert list(selectors.post_related(post=post, count=5)) == [newer, older]


def test_a_committee_office_edits_posts_of_its_subtree_only(cast, categories):
    own = write_post(cast.cell_a, categories.reviews, publish=False)
    assert selectors.post_get_for_user(user=cast.officer, pk=own.pk) == own
    with pytest.raises(Http404):
        selectors.post_get_for_user(user=cast.outsider, pk=own.pk)
    assert list(selectors.post_list_for_editor(user=cast.member_a)) == []


def test_the_units_for_an_editor_are_its_granted_subtrees(cast):
    units = set(selectors.units_for_editor(user=cast.officer))
    assert units == {cast.committee, cast.cell_a, cast.cell_b}
    assert list(selectors.units_for_editor(user=cast.secretary_a)) == []
