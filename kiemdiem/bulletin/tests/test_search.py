"""post_search: diacritic-insensitive, scoped, ranked, highlighted, on the database's index."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from kiemdiem.bulletin import selectors, services
from kiemdiem.bulletin.tests.conftest import write_post


def test_a_search_without_diacritics_finds_the_post(cast, categories):
    post = write_post(cast.committee, categories.reviews, title="Hội nghị kiểm điểm năm 2020")
    hits = selectors.post_search("hoi nghi kiem diem")
    assert [hit.post for hit in hits] == [post]


def test_a_search_needs_every_word(cast, categories):
    write_post(cast.committee, categories.reviews, title="Hội nghị kiểm điểm")
    assert selectors.post_search("hoi nghi kiem diem") != []
    assert selectors.post_search("hoi nghi huan luyen") == []


def test_a_search_in_a_category_leaves_out_other_categories(cast, categories):
    post = write_post(cast.committee, categories.reviews)
    assert [h.post for h in selectors.post_search("kiem diem", categories.reviews)] == [post]
    assert selectors.post_search("kiem diem", categories.military) == []


def test_a_search_in_a_parent_category_includes_its_sub_categories(cast, categories):
    post = write_post(cast.committee, categories.reviews)
    assert [h.post for h in selectors.post_search("kiem diem", categories.party)] == [post]


def test_drafts_and_scheduled_posts_are_not_found(cast, categories):
    write_post(cast.committee, categories.reviews, title="Kiểm điểm bản nháp", publish=False)
    write_post(
        cast.committee,
        categories.reviews,
        title="Kiểm điểm hẹn giờ",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert selectors.post_search("kiem diem") == []


def test_a_title_match_ranks_before_a_body_match(cast, categories):
    in_body = write_post(
        cast.committee, categories.reviews, title="Tin chung", body="<p>Có nói về kiểm điểm.</p>"
    )
    in_title = write_post(cast.committee, categories.reviews, title="Kiểm điểm năm 2020")
    assert [h.post for h in selectors.post_search("kiem diem")] == [in_title, in_body]


def test_equal_matches_come_newest_first(cast, categories):
    older = write_post(
        cast.committee,
        categories.reviews,
        title="Kiểm điểm",
        published_at=timezone.now() - datetime.timedelta(days=2),
    )
    newer = write_post(
        cast.committee,
        categories.reviews,
        title="Kiểm điểm",
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert [h.post for h in selectors.post_search("kiem diem")] == [newer, older]


def test_the_snippet_marks_the_matched_words_and_escapes_the_rest(cast, categories):
    write_post(
        cast.committee,
        categories.reviews,
        lead="Hội nghị <kiểm điểm> & rút kinh nghiệm",
    )
    hit = selectors.post_search("kiem diem")[0]
    assert "&lt;<mark>kiểm</mark> <mark>điểm</mark>&gt; &amp;" in hit.snippet_html


def test_an_update_reaches_the_search_index(cast, categories):
    post = write_post(cast.committee, categories.reviews, title="Tin cũ")
    assert selectors.post_search("huan luyen") == []
    services.post_update(actor=None, post=post, title="Tổng kết huấn luyện")
    assert [h.post for h in selectors.post_search("huan luyen")] == [post]
    assert selectors.post_search("tin cu") == []


def test_a_query_with_search_syntax_is_read_as_plain_words(cast, categories):
    write_post(cast.committee, categories.reviews, title="Kiểm điểm")
    assert [h.post.title for h in selectors.post_search('kiem" OR NEAR(* "diem')] == []
    assert selectors.post_search('"kiem"') != []


def test_an_empty_query_finds_nothing(cast, categories):
    write_post(cast.committee, categories.reviews)
    assert selectors.post_search("  ,, ") == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 triggers exist on SQLite")
@pytest.mark.django_db
def test_the_fts5_triggers_exist():
    """A migration that rebuilds bulletin_post on SQLite drops them; it must recreate them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'bulletin_post'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"bulletin_post_fts_ai", "bulletin_post_fts_ad", "bulletin_post_fts_au"}


@pytest.mark.django_db
def test_only_the_newest_candidates_are_ranked(cast, categories, settings):
    old = write_post(cast.committee, categories.reviews, title="Kiểm điểm kiểm điểm kiểm điểm")
    new = write_post(cast.committee, categories.reviews, title="Tin có kiểm điểm")
    assert {h.post for h in selectors.post_search("kiem diem")} == {old, new}
    settings.BULLETIN_SEARCH_CANDIDATES = 1
    assert [h.post for h in selectors.post_search("kiem diem")] == [new]
