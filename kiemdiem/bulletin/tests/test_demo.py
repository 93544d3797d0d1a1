"""The demo news: a dozen posts in three categories, loaded once."""

from __future__ import annotations

import pytest

from kiemdiem.bulletin import selectors
from kiemdiem.bulletin.demo import CONFERENCE_TITLE, bulletin_demo_load
from kiemdiem.bulletin.models import Category, Post, PostStatus
from kiemdiem.orgs.demo import demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_needs_the_demo_organization():
    assert bulletin_demo_load().created is False
    assert not Post.objects.exists()


def test_the_demo_loads_a_dozen_published_posts_once():
    demo_load(size=0.05)
    summary = bulletin_demo_load()
    assert summary.created is True
    assert Category.objects.count() == 3
    assert Post.objects.filter(status=PostStatus.PUBLISHED).count() == 12
    assert all(post.photos.count() == 1 for post in Post.objects.all())
    assert bulletin_demo_load().created is False
    assert Post.objects.count() == 12


def test_the_demo_report_of_the_standing_committee_conference_is_found_without_diacritics():
    demo_load(size=0.05)
    bulletin_demo_load()
    titles = [hit.post.title for hit in selectors.post_search("hoi nghi kiem diem ban thuong vu")]
    assert titles[0] == CONFERENCE_TITLE
