"""An archived response to a stored article: the crawl's own parser and steps, no network (pure).

What the spider does with a fetched page (``newscrawl.spiders.sites.SiteSpider.parse_article``)
is done here with the archived one: decode it as Scrapy would, key it by its canonical URL (the
page's own ``rel=canonical`` when it names another URL of the site), parse, lay out the item
fields and run ``processing.run_steps``. Given the same page, the result is the same article,
so re-extracting an unchanged parser changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from w3lib.encoding import html_to_unicode

from newscrawl.archive.warc import ArchivedResponse
from newscrawl.extract import canonical_url_for
from newscrawl.processing import InvalidArticle, raw_to_fields, run_steps
from newscrawl.sites import site_for_url
from newscrawl.sites.base import Parser, RawArticle, Site
from newscrawl.sites.blocking import LITTLE_TEXT_WORDS, block_reason
from newscrawl.sites.navigation import article_ref, page_selector

GENERIC_PREFIX = "web:"
"""Source slug prefix of outlets that are not registered (``--generic``): ``web:example.com``."""


@dataclass
class Replayed:
    """The article made from a page, or why there is none (``skipped`` names the reason)."""

    article: dict[str, Any] | None = None
    skipped: str | None = None
    site: Site | None = None


def generic_source(url: str) -> dict[str, Any]:
    """The ``sources`` row of an unregistered outlet, named after its host."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    return {
        "slug": (GENERIC_PREFIX + host)[:64],
        "name": host,
        "base_url": f"{parts.scheme or 'https'}://{parts.netloc}"[:200],
        "country": None,
        "language": None,
        "timezone": "UTC",
    }


def _is_html(page: ArchivedResponse) -> bool:
    kind = page.headers.get("content-type", "").lower()
    if kind:
        return "html" in kind
    head = page.body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _is_substantial(raw: RawArticle) -> bool:
    """As the spider judges it: a titled page of real length is no challenge page."""
    if not (raw.title or "").strip():
        return False
    return sum(len(p.split()) for p in raw.body_paragraphs) >= LITTLE_TEXT_WORDS


class Replayer:
    """Turn archived responses into normalized articles; one parser per site, reused."""

    def __init__(self, *, generic: bool = False) -> None:
        self.generic = generic
        self._parsers: dict[str, Parser] = {}

    def _parser(self, site: Site | None) -> Parser:
        key = site.slug if site else ""
        if key not in self._parsers:
            if site is not None:
                self._parsers[key] = site.make_parser()
            else:
                from newscrawl.sites.generic import GenericParser

                self._parsers[key] = GenericParser()
        return self._parsers[key]

    def replay(self, page: ArchivedResponse) -> Replayed:
        if page.truncated:
            return Replayed(skipped="truncated")
        if page.status != 200:
            return Replayed(skipped=f"http_{page.status}")
        if not _is_html(page):
            return Replayed(skipped="not_html")
        site = site_for_url(page.url)
        if site is None and not self.generic:
            return Replayed(skipped="other_site")
        if site is not None:
            ref = article_ref(page.url, site)
            if ref is None:
                return Replayed(skipped="not_article", site=site)
            canonical = ref.canonical
        else:
            canonical = canonical_url_for(page.url, None) or page.url
        _, text = html_to_unicode(page.headers.get("content-type"), page.body)
        page_url = _canonical_from_page(text, page.url, canonical, site)
        try:
            raw = self._parser(site).parse(text, page_url)
        except Exception:  # a parser bug costs one page, as in the crawl
            return Replayed(skipped="parse_error", site=site)
        if not _is_substantial(raw) and block_reason(200, text, page.headers):
            return Replayed(skipped="blocked", site=site)
        article = raw_to_fields(raw, site)
        if site is None:
            article["source"] = generic_source(page_url)["slug"]
        article.update(
            fetched_url=page.url,
            fetched_at=page.fetched_at,
            http_etag=page.headers.get("etag"),
            http_last_modified=page.headers.get("last-modified"),
            archive_file=page.file,
            archive_offset=page.offset,
        )
        try:
            run_steps(article, site)
        except InvalidArticle as exc:
            return Replayed(skipped=f"invalid/{exc.reason}", site=site)
        return Replayed(article=article, site=site)


def _canonical_from_page(html: str, page_url: str, canonical: str, site: Site | None) -> str:
    """The page's ``rel=canonical`` when it names another article URL of the same site."""
    if site is None:
        return canonical
    href = page_selector(html).css('link[rel="canonical"]::attr(href)').get()
    if not href:
        return canonical
    ref = article_ref(urljoin(page_url, href.strip()), site)
    if ref is None or ref.canonical == canonical:
        return canonical
    return ref.canonical
