"""The generic parser's shortcuts give the same answers as the plain versions they replace.

Each test compares a fast path with the direct form it stands for (the whole-page XPath
queries, the full text of an element, ``urlsplit`` on every link, a copy of the tree for
trafilatura and htmldate) over generated pages, the hand-written fixtures and, when
``../shared/corpus`` is present, a spread of real pages read from there at test time.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from newscrawl import evaluate as ev
from newscrawl.sites import markup as g_markup
from newscrawl.sites.generic import Page
from newscrawl.sites.generic import authors as g_authors
from newscrawl.sites.generic import body as g_body
from newscrawl.sites.generic import dates as g_dates
from newscrawl.sites.generic import page as g_page
from newscrawl.sites.generic import text as g_text

FIXTURES = Path(__file__).parent / "fixtures"
URL = "https://example.com/news/2024/03/05/story"


# -- the plain versions -------------------------------------------------------------------------


def _lower(attr: str) -> str:
    return f"translate({attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"


_BYLINE_QUERY = (
    "//body//*[not(self::script) and not(self::style) and not(self::meta) and not(self::link) "
    "and not(self::img) and not(self::body) and not(self::article) and not(self::html) and ("
    "self::byline or "
    f"contains({_lower('@class')},'byline') or contains({_lower('@id')},'byline') "
    f"or contains({_lower('@class')},'author') or contains({_lower('@class')},'autor') "
    f"or contains({_lower('@class')},'auteur') or contains({_lower('@class')},'writer') "
    f"or contains({_lower('@class')},'reporter') or contains({_lower('@class')},'by-line') "
    f"or contains({_lower('@class')},'posted-by') or contains({_lower('@class')},'creator') "
    "or @rel='author')]"
)
_LINE_QUERY = (
    "//body//*[self::p or self::span or self::div or self::strong or self::em or self::i "
    "or self::address or self::li or self::small or self::b or self::dt or self::th "
    "or self::h4 or self::h5 or self::h6 or self::label]"
)
_TAIL_QUERY = "//body//*[not(self::script) and not(self::style)]"
_HCARD_QUERY = (
    "//body//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]"
    "[ancestor-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' vcard ') or "
    "contains(concat(' ', normalize-space(@class), ' '), ' author ')]]"
)
_BYPOSTAUTHOR_QUERY = (
    "//body//*[contains(concat(' ', normalize-space(@class), ' '), ' bypostauthor ')]"
)
# Page.marked(test) against the query each lookup used to run on its own.
_MARKED: list[tuple[Callable[[Any], bool], str]] = [
    (g_page.itemprop_in("headline"), '//*[@itemprop="headline"]'),
    (
        g_page.property_in("dc:title", "dcterms:title"),
        '//*[@property="dc:title" or @property="dcterms:title"]',
    ),
    (g_page.itemprop_in("author", "creator"), '//*[@itemprop="author" or @itemprop="creator"]'),
    (
        g_authors._is_rdfa_creator,
        '//*[@property="dc:creator" or @property="dcterms:creator" or @rel="dc:creator"]',
    ),
    (
        g_page.itemprop_in("datePublished", "dateCreated"),
        '//*[@itemprop="datePublished" or @itemprop="dateCreated"]',
    ),
    (
        g_dates._is_rdfa_date,
        '//*[@property="dc:date" or @property="dc:created" or @property="dcterms:created" '
        'or @property="dcterms:date" or contains(@property,"dc:date")]',
    ),
    (g_page.itemprop_in("dateModified"), '//*[@itemprop="dateModified"]'),
]


# Queries rewritten with explicit axes, next to the ones they replace.
_SAME_QUERIES = [
    ("/descendant::time[@pubdate or @datetime]", "//time[@pubdate] | //time[@datetime]"),
    ("/descendant::body/descendant::a[@href]", "//body//a[@href]"),
    ("/descendant::body/descendant::h1", "//body//h1"),
    ("/descendant::meta[@http-equiv]", "//meta[@http-equiv]"),
]


def _plain_byline_candidates(page: Page) -> list[Any]:
    named: list[Any] = []
    other: list[Any] = []
    for element in page.xpath(_BYLINE_QUERY):
        attrs = f"{element.get('class') or ''} {element.get('id') or ''}".casefold()
        if re.search(
            r"avatar|image|img|photo|bio|about|description|box|comment|social|share", attrs
        ):
            continue
        (named if "name" in attrs else other).append(element)
    return named + other


def _plain_short_text(element: Any, limit: int) -> str | None:
    text = g_text.spaced_text_of(element)
    return text if len(text) <= limit else None


def _plain_profile_href(href: str | None) -> bool:
    return bool(g_authors._PROFILE_HREF.search(g_text.url_path(href)))


# -- pages to compare on ------------------------------------------------------------------------

_CLASSES = [
    "byline", "ByLine", "BYLINE", "by-line", "post-Author", "AUTHOR", "author-name", "autor",
    "Auteur", "writer", "Reporter", "posted-by", "creator", "entry-author", "author-avatar",
    "author-bio", "social-share", "fn", "vcard", "author vcard", "fn n", "fn\tx", "fn\u00a0x",
    " fn ", "\nvcard\n", "bypostauthor", "comment bypostauthor", "name", "content", "story",
    "\u0130author", "author\u0130", "AUTHOr\u212a", "author-\u00c9", "", "sidebar", "hentry",
    "footer", "related-posts", "site-content sidebar",
]  # fmt: skip
_IDS = ["byline", "BYLINE-top", "main", "author", "x", "ByLine\u0130"]
_TAGS = [
    "div", "span", "p", "a", "strong", "em", "i", "b", "li", "ul", "small", "address", "dt",
    "dd", "th", "h1", "h4", "h5", "h6", "label", "article", "main", "footer", "nav", "section",
    "time", "script", "style", "img", "meta", "byline", "noscript", "cite",
]  # fmt: skip
_TEXTS = [
    "By Jane Doe", "Von Max Muster", "By", "Autor:", "Posted by jane on March 3, 2024",
    "Jane Doe", "&amp;", "A &amp; B", "Tom & Jerry", "\u200b", "\ufeff", "  ", "\n\t",
    "x" * 40, "word " * 12, "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 3,
    "2024-03-05", "March 5, 2024", "Share", "Follow", "von", "Text: Anna Beispiel", "",
    "\u00a0", "&lt;b&gt;",
]  # fmt: skip
_ATTRS = [
    ("itemprop", "author"), ("itemprop", "headline"), ("itemprop", "datePublished"),
    ("itemprop", "dateModified"), ("itemprop", "creator"), ("itemprop", "name"),
    ("itemprop", "dateCreated"), ("property", "dc:date"), ("property", "dc:date.issued"),
    ("property", "dcterms:created"), ("property", "dc:creator"), ("property", "dc:title"),
    ("property", "og:title"), ("rel", "author"), ("rel", "dc:creator"), ("rel", "nofollow"),
    ("href", "/author/jane-doe"), ("href", "https://example.com/autoren/max"),
    ("href", "/au\nthor/x"), ("href", "/a\tuthor/"), ("href", "/profile?x=1"),
    ("href", "http://[junk/author/"), ("href", "/news/2024/story"), ("href", "mailto:a@b.c"),
    ("datetime", "2024-03-05T10:00:00Z"), ("pubdate", "pubdate"), ("content", "Jane Doe"),
]  # fmt: skip


def _element(rng: random.Random, depth: int) -> str:
    tag = rng.choice(_TAGS)
    attrs = ""
    if rng.random() < 0.6:
        attrs += f' class="{rng.choice(_CLASSES)}"'
    if rng.random() < 0.15:
        attrs += f' id="{rng.choice(_IDS)}"'
    for name, value in rng.sample(_ATTRS, rng.randint(0, 2)):
        attrs += f' {name}="{value}"'
    inner = rng.choice(_TEXTS)
    if depth < 4:
        inner += "".join(
            _element(rng, depth + 1) + rng.choice(_TEXTS) for _ in range(rng.randint(0, 4))
        )
    return f"<{tag}{attrs}>{inner}</{tag}>"


def _generated_pages(count: int) -> Iterator[str]:
    rng = random.Random(17)
    for _ in range(count):
        head = "".join(_element(rng, 3) for _ in range(rng.randint(0, 2)))
        body = "".join(_element(rng, 0) for _ in range(rng.randint(1, 5)))
        yield f"<html><head><title>T</title>{head}</head><body>{body}</body></html>"


def _fixture_pages() -> list[str]:
    return [p.read_text(errors="replace") for p in sorted(FIXTURES.rglob("*.html"))]


def _corpus_pages(count: int) -> list[tuple[str, str]]:
    corpus = ev.default_corpus_dir()
    pages = ev.spread_sample(ev.load_index(corpus), count)
    return [(ev.read_page(corpus, page), page.url or "") for page in pages]


needs_corpus = pytest.mark.skipif(
    not ev.corpus_available(ev.default_corpus_dir()), reason="evaluation corpus not found"
)


# -- the comparisons ----------------------------------------------------------------------------


def _assert_same_lookups(html: str, url: str = URL, limits: tuple[int, ...] = (0, 12, 160)) -> None:
    page = Page.build(html, url)
    if page is None:
        return
    assert g_page.body_elements(page) == page.xpath("//body//*")
    assert list(g_authors._byline_candidates(page)) == _plain_byline_candidates(page)
    line_tags = [e for e in g_page.body_elements(page) if e.tag in g_authors._BYLINE_LINE_TAGS]
    assert line_tags == page.xpath(_LINE_QUERY)
    assert [e for e in g_page.body_elements(page) if e.tag not in ("script", "style")] == (
        page.xpath(_TAIL_QUERY)
    )
    hcards = [
        e
        for e in g_page.body_elements(page)
        if g_markup.has_class(e, "fn")
        and any(
            g_markup.has_class(n, "vcard") or g_markup.has_class(n, "author")
            for n in (e, *e.iterancestors())
        )
    ]
    assert hcards == page.xpath(_HCARD_QUERY)
    assert [e for e in g_page.body_elements(page) if g_markup.has_class(e, "bypostauthor")] == (
        page.xpath(_BYPOSTAUTHOR_QUERY)
    )
    for test, query in _MARKED:
        assert page.marked(test) == page.xpath(query), query
    for fast, plain in _SAME_QUERIES:
        assert page.xpath(fast) == page.xpath(plain), plain
    for element in page.tree.iter(etree.Element):
        for limit in limits:
            assert g_text.short_spaced_text_of(element, limit) == _plain_short_text(element, limit)
    for link in page.xpath("//a"):
        assert g_authors.profile_href(link.get("href")) == _plain_profile_href(link.get("href"))


def test_lookups_match_the_plain_queries_on_generated_pages() -> None:
    for html in _generated_pages(250):
        _assert_same_lookups(html)


def test_lookups_match_the_plain_queries_on_fixtures() -> None:
    pages = _fixture_pages()
    assert pages
    for html in pages:
        _assert_same_lookups(html)


def test_a_tree_with_two_bodies_takes_the_xpath() -> None:
    page = Page.build("<html><body><p class='byline'>By A</p></body></html>", URL)
    assert page is not None
    page.tree.append(etree.fromstring("<body><p class='Author'>By B</p></body>"))
    assert g_page.body_elements(page) == page.xpath("//body//*")
    assert list(g_authors._byline_candidates(page)) == _plain_byline_candidates(page)


class _CountingElement:
    """An element whose text pieces are counted as they are read."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces
        self.read = 0

    def itertext(self) -> Iterator[str]:
        for piece in self.pieces:
            self.read += 1
            yield piece


def test_short_text_reads_only_what_it_needs() -> None:
    page = Page.build("<html><body><div>" + "<p>word word</p>" * 500 + "</div></body></html>", URL)
    assert page is not None
    div = page.tree.find(".//div")
    assert g_text.short_spaced_text_of(div, 160) is None
    assert g_text.short_spaced_text_of(div, 10**6) == g_text.spaced_text_of(div)
    # 8 characters a piece that survive clean(): past 160 of them at the 21st piece of 500
    long = _CountingElement(["word word"] * 500)
    assert g_text.short_spaced_text_of(long, 160) is None
    assert long.read == 21


def test_profile_href_matches_urlsplit_on_odd_links() -> None:
    rng = random.Random(3)
    pieces = ["/", "author", "Autor", "/author/", "\t", "\n", "\r", " ", "x", "?", "#", "=",
              "-", ".", "http://", "[", "]", "www.a.de", "%20", "profile", "people", ":"]  # fmt: skip
    for _ in range(20000):
        href = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        assert g_authors.profile_href(href) == _plain_profile_href(href), repr(href)
    assert not g_authors.profile_href(None)
    assert not g_authors.profile_href("")


def test_htmldate_is_skipped_only_when_it_cannot_change_the_day() -> None:
    start = datetime(2024, 3, 5, tzinfo=UTC)
    skipped = 0
    for minutes in range(0, 24 * 60, 7):
        stamp = start + timedelta(minutes=minutes)
        days = [stamp.date() + timedelta(days=shift) for shift in range(-3, 4)]
        accepted = [day for day in days if g_dates.local_day_of_utc(stamp, day) is not None]
        # skipped exactly when no day could be accepted
        assert g_dates.utc_day_may_differ(stamp) == bool(accepted), stamp
        skipped += not accepted
    assert skipped == sum(1 for m in range(0, 24 * 60, 7) if 8 * 60 <= m < 10 * 60)


def _copies_agree(html: str, url: str) -> None:
    """trafilatura and htmldate given the page's tree: same answers as on a copy, tree intact."""
    page = Page.build(html, url)
    if page is None:
        return
    before = etree.tostring(page.tree)
    body = g_body.extract_body(page)
    date = g_dates._run_htmldate(page)
    assert etree.tostring(page.tree) == before
    copied = Page.build(html, url)
    assert copied is not None
    copied.tree = copy.deepcopy(copied.tree)
    assert g_body.extract_body(copied) == body
    assert g_dates._run_htmldate(copied) == date


def test_trafilatura_and_htmldate_leave_the_tree_alone_on_fixtures() -> None:
    for html in _fixture_pages()[:12]:
        _copies_agree(html, URL)


@pytest.mark.corpus
@needs_corpus
def test_lookups_match_the_plain_queries_on_corpus_pages() -> None:
    for html, url in _corpus_pages(40):
        _assert_same_lookups(html, url or URL, limits=(160,))


@pytest.mark.corpus
@needs_corpus
def test_trafilatura_and_htmldate_leave_the_tree_alone_on_corpus_pages() -> None:
    for html, url in _corpus_pages(15):
        _copies_agree(html, url)
