"""One page in, the normalized article out: the same parser and steps the crawl uses."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from newscrawl.processing import isoformat_or_none, raw_to_fields, run_steps
from newscrawl.sites import site_for_url
from newscrawl.sites.base import Site
from newscrawl.sites.navigation import article_ref
from newscrawl.urls import canonical_article_url

OUTPUT_KEYS = (
    "url",
    "title",
    "authors",
    "agencies",
    "desks",
    "byline",
    "published_at",
    "updated_at",
    "date_precision",
    "dateline",
    "dateline_places",
    "dateline_countries",
    "body",
    "caption",
    "section",
    "language",
    "source",
    "parser",
    "provenance",
)


def canonical_url_for(url: str | None, site: Site | None) -> str | None:
    """The URL the crawl would store this page under (the same aliases joined)."""
    if not url:
        return None
    if site is not None:
        ref = article_ref(url, site)
        if ref is not None:
            return ref.canonical
        return canonical_article_url(url, site.canonical_base, site.article_query_keys)
    parts = urlsplit(url)
    return canonical_article_url(url, f"{parts.scheme or 'https'}://{parts.netloc}")


def parse_page(
    html: str, url: str | None, site: Site | None, fetched_at: datetime | None
) -> dict[str, Any]:
    """Run the site's parser (the generic one for unknown domains) and lay out raw fields."""
    canonical = canonical_url_for(url, site) or ""
    if site is not None:
        parser = site.make_parser()
    else:
        from newscrawl.sites.generic import GenericParser

        parser = GenericParser()
    article = raw_to_fields(parser.parse(html, canonical), site)
    article["fetched_at"] = fetched_at or datetime.now(UTC)
    return article


_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|title|meta|link|p|div|article|main|h1|span|a)[\s>/]",
    re.IGNORECASE,
)
# Bytes no text page holds more than a stray few of (real pages do carry the odd NUL).
_CONTROL = bytes(b for b in range(32) if b not in b"\t\n\r\f") + b"\x7f"


def not_html_reason(data: bytes) -> str | None:
    """Why these bytes are not an HTML page (empty, binary, no markup); None when they may be one.

    A browser would show garbage for such input; extracting "an article" from it would only
    produce a made-up body and a date guessed from noise.
    """
    head = data[:65536]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a byte-order mark
        try:
            head = head.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            return "is not text"
    if not head.strip():
        return "is empty"
    if sum(head.count(bytes([c])) for c in _CONTROL) > max(len(head) // 50, 2):
        return "is binary data, not an HTML page"
    if not _MARKUP.search(head):
        return "has no HTML markup"
    return None


def page_own_url(html: str) -> str | None:
    """The URL a page gives for itself: ``rel=canonical``, else ``og:url`` (absolute http(s) only)."""
    from newscrawl.sites.navigation import page_selector

    selector = page_selector(html)
    for query in ('link[rel="canonical"]::attr(href)', 'meta[property="og:url"]::attr(content)'):
        for value in selector.css(query).getall():
            value = value.strip()
            if urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
                return value
    return None


def extract_page(
    html: str, url: str | None, *, fetched_at: datetime | None = None, strict: bool = False
) -> dict[str, Any]:
    """The JSON-ready view printed by ``newscrawl extract``.

    With ``strict=False`` a page without title or body still gives every key (empty values)
    so evaluation can score what was found. Without ``url`` the page's own canonical URL (or
    ``og:url``) picks the site parser, as it does in a crawl.
    """
    if not url:
        url = page_own_url(html)
    site = site_for_url(url)
    article = parse_page(html, url, site, fetched_at)
    run_steps(article, site, validate=strict)
    return to_output(article)


def to_output(article: dict[str, Any]) -> dict[str, Any]:
    out = {key: article.get(key) for key in OUTPUT_KEYS}
    out["byline"] = article.get("byline_raw")
    out["published_at"] = isoformat_or_none(article.get("published_at"))
    out["updated_at"] = isoformat_or_none(article.get("updated_at"))
    return out
