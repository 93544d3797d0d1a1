"""The HTML whitelist, plain text, body blocks and the highlighter (pure functions)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiemdiem.bulletin import richtext


def test_sanitize_drops_scripts_with_their_content():
    assert richtext.sanitize("<p>Tin</p><script>alert(1)</script>") == "<p>Tin</p>"


def test_sanitize_strips_event_handlers_and_unknown_tags():
    cleaned = richtext.sanitize('<p onclick="x()">A <img src=x onerror=y> <span>B</span></p>')
    assert cleaned == "<p>A  B</p>"


def test_sanitize_refuses_javascript_links_but_keeps_https_links():
    cleaned = richtext.sanitize('<a href="javascript:alert(1)">x</a><a href="https://a.vn">y</a>')
    assert "javascript" not in cleaned
    assert 'href="https://a.vn"' in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


def test_plain_text_separates_blocks_and_unescapes_entities():
    assert richtext.plain_text("<p>Một &amp; hai</p><p>ba</p>") == "Một & hai ba"


def test_top_level_blocks_keep_a_list_whole():
    blocks = richtext.top_level_blocks("<p>a</p><ul><li><p>b</p></li></ul>loose<p>c<br>d</p>")
    assert blocks == ["<p>a</p>", "<ul><li><p>b</p></li></ul>", "loose", "<p>c<br>d</p>"]


def test_search_terms_fold_diacritics_and_drop_repeats():
    assert richtext.search_terms("Hội nghị  KIỂM điểm hội") == ["hoi", "nghi", "kiem", "diem"]


def test_highlight_marks_words_whatever_their_diacritics():
    html = richtext.highlight("Hội nghị kiểm điểm", ["hoi", "diem"])
    assert html == "<mark>Hội</mark> nghị kiểm <mark>điểm</mark>"


def test_highlight_escapes_the_text_before_marking():
    html = richtext.highlight('<b>hội</b> & "nghị"', ["hoi"])
    assert html == "&lt;b&gt;<mark>hội</mark>&lt;/b&gt; &amp; &quot;nghị&quot;"


def test_snippet_starts_near_the_first_match():
    text = " ".join(["chữ"] * 100 + ["kiểm", "điểm"] + ["chữ"] * 100)
    snippet = richtext.snippet(text, ["kiem"], words=20)
    assert snippet.startswith("… ")
    assert "<mark>kiểm</mark>" in snippet
    assert snippet.endswith(" …")


@given(st.text(max_size=200), st.lists(st.text(min_size=1, max_size=5), max_size=3))
def test_highlight_never_lets_markup_through(text, terms):
    html = richtext.highlight(text, terms)
    assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
