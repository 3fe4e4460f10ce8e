"""Generic article parser for any news page (e.g. https://example.com/news/2024/03/05/story).

Structured metadata first (JSON-LD, OpenGraph and ``article:*`` meta, ``meta[name=author]``,
microdata ``itemprop``, RDFa ``dc:*``, ``<time datetime>``), then what the page prints (a
visible byline, the ``<h1>``), then a main-text extractor for the body. Every field records
where it came from in ``RawArticle.provenance``. Values stay raw: the normalizers decide what
they mean.
"""

from __future__ import annotations

import logging
from typing import Any

from newscrawl.sites.generic.authors import extract_authors
from newscrawl.sites.generic.body import extract_body
from newscrawl.sites.generic.dates import (
    extract_dates,
    extract_language,
    extract_section,
    htmldate_published,
    is_masthead_day,
    visible_published,
)
from newscrawl.sites.generic.page import Page
from newscrawl.sites.generic.titles import extract_title
from newscrawl.sites.raw import RawArticle

logger = logging.getLogger(__name__)

PARSER_NAME = "generic"


def _build_page(html: str, url: str) -> Page | None:
    try:
        return Page.build(html, url)
    except Exception:  # unparseable input is an empty article, never a crash
        logger.warning("could not parse %s", url, exc_info=True)
        return None


class GenericParser:
    """Extracts an article from any page; also fills what a site parser left empty."""

    name = PARSER_NAME

    def __init__(self, *, use_htmldate: bool = True) -> None:
        self.use_htmldate = use_htmldate

    def parse(self, html: str, url: str) -> RawArticle:
        raw = RawArticle(url=url, parser=PARSER_NAME)
        page = _build_page(html, url)
        if page is None:
            return raw
        return self._fill(raw, page)

    def fill_missing(self, raw: RawArticle, html: str, url: str) -> RawArticle:
        """Complete a site parser's result: only empty fields are set, with their provenance."""
        page = _build_page(html, url or raw.url)
        if page is None:
            return raw
        return self._fill(raw, page)

    def _fill(self, raw: RawArticle, page: Page) -> RawArticle:
        prov = raw.provenance

        def put(attr: str, found: tuple[Any, str] | None, key: str | None = None) -> None:
            if found is None or getattr(raw, attr):
                return
            setattr(raw, attr, found[0])
            prov[key or attr] = found[1]

        def guarded(step: str, extract: Any, *args: Any, **kwargs: Any) -> Any:
            # Arbitrary markup must not cost the other fields: a failing step yields nothing.
            try:
                return extract(*args, **kwargs)
            except Exception:
                logger.warning("generic %s extraction failed on %s", step, page.url, exc_info=True)
                return None

        put("title", guarded("title", extract_title, page))
        if not raw.author_names and not raw.byline_raw:
            names, byline = guarded("author", extract_authors, page) or (None, None)
            put("author_names", names, "authors")
            put("byline_raw", byline, "byline")
        htmldate = htmldate_published if self.use_htmldate else None
        published, updated = guarded("date", extract_dates, page, htmldate=htmldate) or (
            None,
            None,
        )
        if published is None and not raw.date_published_raw and htmldate is not None:
            # Markup says nothing: a date the page prints beats a guess, and a masthead's
            # "Today, ..." is never the article's date.
            published = guarded("visible date", visible_published, page, labelled_only=True)
            guess = htmldate(page) if published is None else None
            if guess and not guarded("masthead", is_masthead_day, page, guess):
                published = (guess, "htmldate")
            elif published is None:
                published = guarded("visible date", visible_published, page)
        put("date_published_raw", published, "date_published")
        put("date_updated_raw", updated, "date_updated")
        put("language", guarded("language", extract_language, page))
        put("section", guarded("section", extract_section, page))
        if not raw.body_paragraphs:
            body = guarded("body", extract_body, page, title=raw.title)
            put("body_paragraphs", body, "body")
            rejected = page.cache.get("body_rejected")
            if body is None and rejected and rejected != "empty":
                prov["body_rejected"] = rejected
        return raw
