"""Rich text of news posts: the HTML whitelist, plain text, body blocks, search terms, highlights.

Pure Python (nh3 and core.text, no Django). `sanitize` is the only way HTML enters a post; the
highlighter escapes every piece of text before it adds its own `<mark>` tags, so a snippet is
safe to render whatever the post or the query contain.
"""

from __future__ import annotations

import html
import re

import nh3

from kiemdiem.core.text import fold, normalize_text

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "a",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags whose content is dropped with them, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript"}
MAX_QUERY_TERMS = 12

_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)[^>]*?(/?)>")
_WORD = re.compile(r"\w+")
_VOID = {"br"}


def sanitize(value: str) -> str:
    """The body as whitelisted HTML: unknown tags are stripped, scripts dropped with content."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    ).strip()


def plain_text(sanitized_html: str) -> str:
    """The visible text of sanitized HTML, one space between blocks."""
    return normalize_text(html.unescape(_TAG.sub(" ", sanitized_html)))


def top_level_blocks(sanitized_html: str) -> list[str]:
    """Split sanitized HTML into its top-level elements (paragraphs, lists, headings...).

    The input comes from `sanitize`, so tags are balanced; text outside any block is kept as a
    block of its own.
    """
    blocks: list[str] = []
    depth = 0
    start = 0
    for match in _TAG.finditer(sanitized_html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or self_closing:
            continue
        if closing:
            depth = max(depth - 1, 0)
            if depth == 0:
                block = sanitized_html[start : match.end()].strip()
                if block:
                    blocks.append(block)
                start = match.end()
        else:
            if depth == 0:
                loose = sanitized_html[start : match.start()].strip()
                if loose:
                    blocks.append(loose)
                start = match.start()
            depth += 1
    rest = sanitized_html[start:].strip()
    if rest:
        blocks.append(rest)
    return blocks


def search_terms(query: str) -> list[str]:
    """The folded words of a query (diacritics dropped, đ → d), without repeats, at most 12."""
    terms: list[str] = []
    for word in _WORD.findall(fold(query)):
        word = word.strip("_")
        if word and word not in terms:
            terms.append(word)
    return terms[:MAX_QUERY_TERMS]


def _matches(word: str, terms: set[str]) -> bool:
    return fold(word) in terms


def contains_term(text: str, terms: list[str]) -> bool:
    """Whether a word of `text` folds to one of the terms."""
    wanted = set(terms)
    return any(_matches(word, wanted) for word in _WORD.findall(text))


def highlight(text: str, terms: list[str]) -> str:
    """`text` as HTML with every word whose folded form is a term wrapped in <mark>.

    Every piece of `text` is escaped first, so the result is safe HTML.
    """
    wanted = set(terms)
    out: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        if wanted and _matches(match.group(0), wanted):
            out.append(html.escape(text[position : match.start()]))
            out.append(f"<mark>{html.escape(match.group(0))}</mark>")
            position = match.end()
    out.append(html.escape(text[position:]))
    return "".join(out)


def snippet(text: str, terms: list[str], *, words: int = 40) -> str:
    """A window of about `words` words of `text` around the first matched word, highlighted."""
    tokens = text.split(" ")
    wanted = set(terms)
    first = next(
        (
            index
            for index, token in enumerate(tokens)
            if any(fold(word) in wanted for word in _WORD.findall(token))
        ),
        0,
    )
    start = max(first - words // 4, 0)
    end = min(start + words, len(tokens))
    window = " ".join(tokens[start:end])
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(tokens) else ""
    return html.escape(prefix) + highlight(window, terms) + html.escape(suffix)
