"""The Jordan Times (Drupal 7), e.g. https://www.jordantimes.com/news/local/central-bank-warns-against-using-bitcoin.

The page markup (hand-written fixtures in ``tests/fixtures/sites/jordantimes/``): title in
``h1``, byline and dates in one ``div.news-info p`` line, body in ``div.news-body``. Pages without
the Drupal markers (the newer widget layout) go to the generic metadata parser instead, with that
fact recorded in ``parser`` and ``provenance["layout"]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from parsel import Selector, SelectorList

from newscrawl.sites import navigation
from newscrawl.sites.base import Evidence, RawArticle, Site, unique
from newscrawl.sites.fallback import fill_from_generic, mark_fallbacks
from newscrawl.sites.selectors import class_names, element_text, fold, inner_html, paragraphs

PARSER_DRUPAL7 = "jordantimes/drupal7"
PARSER_FALLBACK = "jordantimes/generic-fallback"
# What the Drupal 7 markup gives; the generic parser filling one of these is a fallback.
DRUPAL7_FIELDS = ("title", "authors", "date_published", "body")

NEWS_SECTIONS = ("local", "region", "world", "business", "sports", "features", "letters")

# "Feb 22,2014" (the page), "Jul 10, 2015" (sidebars use a space; accepted but only read from news-info).
JT_DATE = r"[A-Z][a-z]{2} \d{1,2}, ?\d{4}"
_DATE_RE = re.compile(JT_DATE)
_UPDATED_RE = re.compile(rf"Last updated at\s*({JT_DATE})")
_LISTING_ITEM_RE = re.compile(rf"({JT_DATE})\s*[-–—]\s*Last updated at\b")
_TRAILING_SEP_RE = re.compile(r"\s*[-–—]\s*$")
_NODE_ID_RE = re.compile(r"node-(\d+)")
_BODY_CLASS_NODE_RE = re.compile(r"\bpage-node-(\d+)\b")
_SHORTLINK_RE = re.compile(r"/node/(\d+)\b")
_DRUPAL_DESTINATION_RE = re.compile(r'"destination"\s*:\s*"node\\?/(\d+)"')
_PLACEHOLDER_RE = re.compile(r"\{\{.*?\}\}", re.S)

# A paragraph that is really a photo caption ends with a credit in brackets:
# "(Reuters photo)", "(AFP photo by ...)", "(JT file)", "(AFP via Getty Images)", "(Photo courtesy of ...)".
_CAPTION_TAIL_RE = re.compile(
    r"\((?:[^()]*\b(?:photos?|file|Getty Images)\b[^()]*|Photo courtesy of [^()]+)\)\s*\.?\s*$",
    re.I,
)

# Whole subtrees that never hold article text (§7 "Never extract from", plus scripts and forms).
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "form", "ins", "button", "select", "img", "figure",
     "object", "embed", "video", "audio", "svg", "input", "textarea", "label"}
)  # fmt: skip
_FURNITURE_CLASSES = frozenset(
    {"rate-widget", "form-type-item", "adsense", "adsbygoogle", "rate-info", "breadcrumb",
     "element-invisible", "element-hidden", "rdf-meta"}
)  # fmt: skip
_FURNITURE_IDS = frozenset(
    {"block-apachesolr-search-mlt-001", "right-col", "header", "footer", "share-wrapper"}
)


def _furniture_xpath(axis: str) -> str:
    """XPath test: is there a furniture element on ``axis`` (``ancestor``, ``ancestor-or-self``)?"""
    tests = [
        f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"
        for name in sorted(_FURNITURE_CLASSES)
    ] + [f"@id='{name}'" for name in sorted(_FURNITURE_IDS)]
    return f"{axis}::*[{' or '.join(tests)}]"


# Text the newer front end leaks into pages (§13).
_WIDGET_NOISE = (
    "Author image",
    "Today's Paper",
    "Today’s Paper",
    "Get top stories and blog posts emailed to you each day.",
)


# Every element the Drupal 7 parser looks for, in document order: the divs of ``div.news-info``,
# ``div.news-body``, ``div.news-image``, ``div.node`` and ``div[id^='node-']`` (a cheap substring
# test here, the exact class test in Python) and the title's h1s. Each CSS query would walk
# the whole page and test every div's classes again.
_BLOCKS = (
    "descendant-or-self::div[contains(@class, 'news-') or contains(@class, 'node') or "
    "starts-with(@id, 'node-')] | descendant-or-self::h1[ancestor::*[@id = 'tabs-wrapper' or "
    "@id = 'left-col' or @id = 'content']]"
)


@dataclass
class _Blocks:
    """What the parser's CSS queries would find, from one query (each is a walk of the page)."""

    news_info: SelectorList[Selector]
    news_body: list[Selector]
    news_image: list[Selector]
    node_div_ids: list[str]
    """``div.node::attr(id), div[id^='node-']::attr(id)``"""
    content_h1: list[Selector]
    """``#tabs-wrapper h1, #left-col h1, #content h1``"""

    @classmethod
    def find(cls, sel: Selector) -> _Blocks:
        info: list[Selector] = []
        body: list[Selector] = []
        image: list[Selector] = []
        ids: list[str] = []
        h1: list[Selector] = []
        for found in sel.xpath(_BLOCKS):
            element = found.root
            if element.tag == "h1":
                h1.append(found)
                continue
            classes = set(class_names(element))  # whole names, as CSS matches them
            if "news-info" in classes:
                info.append(found)
            if "news-body" in classes:
                body.append(found)
            if "news-image" in classes:
                image.append(found)
            node_id = element.get("id")
            if node_id is not None and ("node" in classes or node_id.startswith("node-")):
                ids.append(node_id)
        return cls(SelectorList(info), body, image, ids, h1)


class JordanTimesParser:
    """Parse a Jordan Times article page into a :class:`RawArticle` (pure: html and url in)."""

    @staticmethod
    def listing_dates(html: str) -> list[str]:
        """Dates printed on a section listing (the spider's ``since`` check uses them)."""
        return listing_dates(html)

    def parse(self, html: str, url: str) -> RawArticle:
        sel = navigation.page_selector(html or "<html></html>")
        blocks = _Blocks.find(sel)
        if not _is_drupal7(sel, html, blocks.news_info, blocks.news_body):
            return self._fallback(html, url, sel)
        raw = self._parse_drupal7(sel, url, blocks)
        raw.provenance["layout"] = "drupal7"
        if not (raw.title and raw.date_published_raw and raw.body_paragraphs):
            raw = _fill_missing(raw, html, url)
        return raw

    # -- Drupal 7 ---------------------------------------------------------------------------

    def _parse_drupal7(self, sel: Selector, url: str, blocks: _Blocks) -> RawArticle:
        raw = RawArticle(url=url, parser=PARSER_DRUPAL7, language="en")
        prov = raw.provenance

        raw.title = _title(sel, blocks.content_h1)
        if raw.title:
            prov["title"] = "selector"

        # The first <p> inside any div.news-info is the first <p> of the first one holding one.
        info = blocks.news_info.css("p") or blocks.news_info
        if info:
            # Rendered text (nodes concatenated, whitespace folded): "By A, B and C - Feb 22,2014".
            # Never strip the nodes before joining; that glues "By" to the name (§8.3).
            line = _fold(_text(info[0].root))
            byline, published, updated = split_news_info(line)
            raw.byline_raw = byline
            prov["byline"] = "selector"
            names = [_fold(t) for t in info[0].css("span ::text").getall()]
            raw.author_names = unique(n for n in names if n)
            if raw.author_names:
                prov["author_names"] = "selector"
            if published:
                raw.date_published_raw = published
                prov["date_published"] = "selector"
            if updated:
                raw.date_updated_raw = updated
                prov["date_updated"] = "selector"

        body_sel = _first_outside_furniture(blocks.news_body)
        if body_sel is not None:
            element = body_sel.root
            raw.body_html = _inner_html(element)
            raw.body_paragraphs = list(_paragraphs(element))
            prov["body"] = "selector"

        raw.caption = _caption(blocks.news_image)
        if raw.caption:
            prov["caption"] = "selector"
        if (
            raw.body_paragraphs
            and len(raw.body_paragraphs) > 1
            and looks_like_caption(raw.body_paragraphs[0])
        ):
            moved = raw.body_paragraphs.pop(0)
            if not raw.caption:
                raw.caption = moved
            elif moved != raw.caption:
                raw.caption = f"{raw.caption} {moved}"
            prov["caption"] = "selector"

        raw.section = section_from_url(url)
        if raw.section:
            prov["section"] = "url"
        else:
            raw.section = _breadcrumb_section(sel)
            if raw.section:
                prov["section"] = "selector"

        raw.node_id = _node_id(sel, blocks.node_div_ids)
        if raw.node_id is not None:
            prov["node_id"] = "selector"
        return raw

    # -- anything else ----------------------------------------------------------------------

    def _fallback(self, html: str, url: str, sel: Selector) -> RawArticle:
        from newscrawl.sites.generic import GenericParser

        raw = GenericParser().parse(html, url)
        raw.parser = PARSER_FALLBACK
        raw.provenance["layout"] = "unknown"
        mark_fallbacks(raw, DRUPAL7_FIELDS, "drupal7")
        if _has_widget_markers(sel, html):
            # The newer front end (§2.2); kept apart from "unknown" so a redesign is visible.
            raw.provenance["layout_markers"] = "widget"
        raw.title = _strip_placeholders(raw.title)
        raw.body_paragraphs = [
            p
            for p in (_strip_placeholders(p) for p in raw.body_paragraphs)
            if p and not _is_widget_noise(p)
        ]
        url_section = section_from_url(url)
        if url_section:  # the site's own sections, as in the URL (not "Local" from meta)
            raw.section = url_section
            raw.provenance["section"] = "url"
        if not raw.caption:
            caption = _fold(" ".join(sel.css("article figure figcaption ::text").getall()))
            if caption:
                raw.caption = caption
                raw.provenance["caption"] = "selector"
        if not raw.language:
            raw.language = "en"
        return raw


SITE = Site(
    slug="jordantimes",
    name="The Jordan Times",
    domains=("www.jordantimes.com", "jordantimes.com", "m.jordantimes.com", "195.154.48.48"),
    canonical_base="https://www.jordantimes.com",
    article_url_pattern=(
        r"/(?:news/(?:local|region|world|business|sports|features|letters)/[^/?#]+"
        r"|opinion/[^/?#]+/[^/?#]+)"
    ),
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Amman",
    country="JO",
    day_first=False,
    start_paths=(
        "/news/local",
        "/news/region",
        "/news/world",
        "/news/business",
        "/news/sports",
        "/news/features",
        "/news/letters",
        "/opinion",
    ),
    parser_factory=JordanTimesParser,
    desks=("JT", "Jordan Times", "The Jordan Times", "Editorial"),
    evidence=Evidence(
        selectors=("title", "byline", "published", "body"),
        urls=True,
        year=2025,
        note="a 2025 scraper reads the same h1, div.news-info p, div.news-body; /rss.xml answered 403",
    ),
)


# -- the news-info line --------------------------------------------------------------------


def split_news_info(line: str) -> tuple[str, str | None, str | None]:
    """Split ``By X - Feb 22,2014 - Last updated at Feb 23,2014`` into (byline, published, updated).

    The byline is everything before the first date with the trailing separator removed
    (``"By X"``, ``"By"``, ``"By ,"``, ``""``). The first date is the publication date (§8.3).
    """
    line = _fold(line)
    first = _DATE_RE.search(line)
    if first is None:
        return line, None, None
    byline = _TRAILING_SEP_RE.sub("", line[: first.start()]).strip()
    updated = _UPDATED_RE.search(line, first.end())
    return byline, first.group(0), updated.group(1) if updated else None


# -- listing navigation (pure) ---------------------------------------------------------------


def article_links(html: str, page_url: str, mirror_base: str | None = None) -> list[str]:
    """Canonical URLs of the articles a JT page links to, recognised by URL pattern only."""
    return navigation.article_links(html, page_url, SITE, mirror_base)


def next_page(html: str, page_url: str) -> str | None:
    """The next listing page (Drupal's ``li.pager-next``, else the same path at page=N+1)."""
    return navigation.next_page(html, page_url)


def listing_dates(html: str) -> list[str]:
    """Publication dates printed on listing items (``Nov 24,2019``), in page order.

    Only the ``… - DATE - Last updated at …`` lines of the listing region count, so the header's
    "Today, …", sidebar dates and related-article dates are ignored.
    """
    sel = navigation.page_selector(html or "<html></html>")
    region = (
        sel.css("#left-col")
        or sel.css("#block-system-main")
        or sel.css(".region-content")
        or sel.css("#content")
        or sel.css("body")
        or [sel]
    )[0]
    furniture = _furniture_xpath("ancestor")
    texts = region.xpath(
        f".//text()[not({furniture} or ancestor::script or ancestor::style)]"
    ).getall()
    text = _join_text_nodes(texts)
    return [m.group(1) for m in _LISTING_ITEM_RE.finditer(text)]


# -- helpers: fields ---------------------------------------------------------------------------


def section_from_url(url: str) -> str | None:
    """``local`` for /news/local/..., ``opinion`` for /opinion/..., else None."""
    segments = [s for s in urlsplit(url or "").path.split("/") if s]
    if len(segments) >= 2 and segments[0] == "news" and segments[1] in NEWS_SECTIONS:
        return segments[1]
    if segments and segments[0] == "opinion":
        return "opinion"
    return None


def looks_like_caption(text: str) -> bool:
    """A short paragraph ending in a photo credit such as ``(Reuters photo)`` or ``(JT file)``."""
    return len(text) <= 400 and _CAPTION_TAIL_RE.search(text) is not None


def _is_drupal7(
    sel: Selector, html: str, news_info: Sequence[Selector], news_body: Sequence[Selector]
) -> bool:
    if news_info:
        return True
    body_class = " ".join(sel.css("body::attr(class)").getall())
    has_settings = "Drupal.settings" in (html or "")
    return bool(news_body) and ("page-node" in body_class or has_settings)


def _has_widget_markers(sel: Selector, html: str) -> bool:
    return bool(
        sel.css("#emailFormFooter, .related-articles, [id^='widget_']")
        or _PLACEHOLDER_RE.search(html or "")
    )


def _title(sel: Selector, content_h1: Sequence[Selector]) -> str | None:
    """``content_h1``: what ``#tabs-wrapper h1, #left-col h1, #content h1`` finds."""
    # Tried in order and only as far as needed: each one is a pass over a 64 KB page.
    candidates: Iterable[Callable[[], str | None]] = (
        lambda: _text_of_first(content_h1),
        lambda: _text_of_first(sel.css("h1")),
        lambda: _text_of_first(sel.css(".breadcrumb .last")),
        lambda: sel.css('span[property="dc:title"]::attr(content)').get(),
        lambda: _strip_site_suffix(sel.css("title::text").get()),
    )
    for candidate in candidates:
        folded = _fold(candidate() or "")
        if folded:
            return folded
    return None


def _text_of_first(selection: Iterable[Selector]) -> str | None:
    for item in selection:
        text = _fold(_text(item.root))
        if text:
            return text
    return None


def _strip_site_suffix(title: str | None) -> str | None:
    if not title:
        return None
    return re.sub(r"\s*\|\s*(?:The )?Jordan Times\s*$", "", title)


def _breadcrumb_section(sel: Selector) -> str | None:
    label = _fold(" ".join(sel.css(".breadcrumb span.even a::text").getall()))
    label = label.lower()
    return label if label in (*NEWS_SECTIONS, "opinion") else None


def _node_id(sel: Selector, node_div_ids: Sequence[str]) -> int | None:
    """``node_div_ids``: what ``div.node::attr(id), div[id^='node-']::attr(id)`` finds."""
    for node_div_id in node_div_ids:
        match = _NODE_ID_RE.fullmatch(node_div_id.strip())
        if match:
            return int(match.group(1))
    match = _BODY_CLASS_NODE_RE.search(" ".join(sel.css("body::attr(class)").getall()))
    if match:
        return int(match.group(1))
    for href in sel.css("link[rel=shortlink]::attr(href)").getall():
        match = _SHORTLINK_RE.search(href)
        if match:
            return int(match.group(1))
    for script in sel.css("script::text").getall():
        match = _DRUPAL_DESTINATION_RE.search(script)
        if match:
            return int(match.group(1))
    return None


def _caption(news_image: Sequence[Selector]) -> str | None:
    """Caption text inside ``div.news-image``: any text after the image (``div.caption`` in fixtures).

    The 2015 capture shows no caption element, so this reads every text node of the image block
    (image alt text excluded) rather than depending on one class.
    """
    block = _first_outside_furniture(news_image)
    if block is None:
        return None
    return _fold(_text(block.root)) or None


# -- helpers: body -----------------------------------------------------------------------------


def _paragraphs(element: lxml_html.HtmlElement) -> Iterator[str]:
    """Text of each block (p, subheading, blockquote, list item) inside the body, in order."""
    return paragraphs(element, skip=_is_furniture)


def _text(element: lxml_html.HtmlElement) -> str:
    """Concatenated text of an element (inline markup joined as rendered), furniture skipped."""
    return element_text(element, skip=_is_furniture)


def _is_furniture(element: lxml_html.HtmlElement) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _SKIP_TAGS:
        return True
    classes = set((element.get("class") or "").split())
    return bool(classes & _FURNITURE_CLASSES) or element.get("id") in _FURNITURE_IDS


_FURNITURE_ANCESTOR = etree.XPath(_furniture_xpath("ancestor"))


def _first_outside_furniture(selection: Iterable[Selector]) -> Selector | None:
    for item in selection:
        if not _FURNITURE_ANCESTOR(item.root):
            return item
    return None


_inner_html = inner_html
_fold = fold


def _join_text_nodes(nodes: Iterable[str]) -> str:
    return _fold(" ".join(nodes))


# -- helpers: fallback -------------------------------------------------------------------------


def _fill_missing(raw: RawArticle, html: str, url: str) -> RawArticle:
    """Let the generic parser fill fields the Drupal selectors missed (when it is available)."""
    return fill_from_generic(raw, html, url, expected=DRUPAL7_FIELDS, use_htmldate=True)


def _strip_placeholders(text: str | None) -> str | None:
    if text is None:
        return None
    return _fold(_PLACEHOLDER_RE.sub(" ", text)) or None


def _is_widget_noise(text: str) -> bool:
    return text in _WIDGET_NOISE


__all__ = [
    "JT_DATE",
    "PARSER_DRUPAL7",
    "PARSER_FALLBACK",
    "SITE",
    "JordanTimesParser",
    "article_links",
    "listing_dates",
    "looks_like_caption",
    "next_page",
    "section_from_url",
    "split_news_info",
]
