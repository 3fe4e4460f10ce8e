"""The National (Arc XP), e.g. https://www.thenationalnews.com/uae/government/2024/09/12/some-story/.

Arc pages carry the whole story as JSON after ``Fusion.globalContent=`` in
``script#fusion-metadata`` (from a third-party spider; no other
source confirms it): headline, ``credits.by``, ``first_publish_date`` / ``last_updated_date``
and ``content_elements`` (``text`` and ``header`` items hold the body; images, embeds and links
do not). That JSON is read first; the generic parser fills whatever it lacks. Old
thenational.ae URLs end ``-1.641656`` and old stories open ``ABU DHABI //``.

Discovery: every Arc outbound feed needs ``?outputType=xml``,
the RSS feed (``/arc/outboundfeeds/rss/?outputType=xml``; per section
``/arc/outboundfeeds/rss/category/news/?outputType=xml``) and the sitemaps alike. The sitemap
index pages its children by offset (``sitemap/?outputType=xml&from=100``, newest first) and
gives every child a ``lastmod`` of "now", so ``since`` cannot skip a child, only the entries
in it (their own dates are real); ``max_pages`` bounds how far back the children go.
"""

from __future__ import annotations

import json
import re
from typing import Any

from lxml import html as lxml_html

from newscrawl.sites.base import Evidence, RawArticle, Site
from newscrawl.sites.fallback import fill_from_generic, mark_fallbacks
from newscrawl.sites.selectors import fold, paragraphs

PARSER_ARC = "thenational/arc"
_GLOBAL_CONTENT = re.compile(r"Fusion\.globalContent\s*=\s*")
_BODY_TYPES = frozenset({"text", "header", "list", "quote"})
# What an Arc story object names; the generic parser filling one of these is a fallback.
ARC_FIELDS = ("title", "authors", "date_published", "body", "section")


def global_content(html: str) -> dict[str, Any] | None:
    """The ``Fusion.globalContent`` object of an Arc page, or None."""
    match = _GLOBAL_CONTENT.search(html or "")
    if match is None:
        return None
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(html, match.end())
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _html_paragraphs(fragment: str) -> list[str]:
    if not fragment or not fragment.strip():
        return []
    element = lxml_html.fragment_fromstring(fragment, create_parent="div")
    return list(paragraphs(element))


def _element_paragraphs(element: dict[str, Any]) -> list[str]:
    kind = element.get("type")
    if kind == "list":
        return [p for item in element.get("items") or [] for p in _element_paragraphs(item)]
    if kind == "quote":
        return [
            p for item in element.get("content_elements") or [] for p in _element_paragraphs(item)
        ]
    content = element.get("content")
    return _html_paragraphs(content) if isinstance(content, str) else []


class TheNationalParser:
    """Read an Arc story's ``globalContent``; fall back to the generic parser."""

    def parse(self, html: str, url: str) -> RawArticle:
        from newscrawl.sites.generic import GenericParser

        story = global_content(html)
        if story is None:
            raw = GenericParser().parse(html, url)
            raw.parser = "thenational/generic-fallback"
            mark_fallbacks(raw, ARC_FIELDS, "arc")
            return raw
        raw = RawArticle(url=url, parser=PARSER_ARC)
        prov = raw.provenance
        headline = fold((story.get("headlines") or {}).get("basic"))
        if headline:
            raw.title, prov["title"] = headline, "arc"
        names = [
            fold(c.get("name"))
            for c in (story.get("credits") or {}).get("by") or []
            if isinstance(c, dict)
        ]
        raw.author_names = [n for n in names if n]
        if raw.author_names:
            prov["authors"] = "arc"
        published = story.get("first_publish_date") or story.get("display_date")
        if isinstance(published, str) and published:
            raw.date_published_raw, prov["date_published"] = published, "arc"
        updated = story.get("last_updated_date")
        if isinstance(updated, str) and updated:
            raw.date_updated_raw, prov["date_updated"] = updated, "arc"
        body = [
            p
            for element in story.get("content_elements") or []
            if isinstance(element, dict) and element.get("type") in _BODY_TYPES
            for p in _element_paragraphs(element)
        ]
        if body:
            raw.body_paragraphs, prov["body"] = body, "arc"
        promo = ((story.get("promo_items") or {}).get("basic")) or {}
        caption = fold(promo.get("caption")) if isinstance(promo, dict) else ""
        if caption:
            raw.caption, prov["caption"] = caption, "arc"
        section = ((story.get("taxonomy") or {}).get("primary_section")) or {}
        if isinstance(section, dict) and fold(section.get("name")):
            raw.section, prov["section"] = fold(section.get("name")), "arc"
        if story.get("language"):
            raw.language = str(story["language"])
        return fill_from_generic(raw, html, url, expected=ARC_FIELDS, missed_by="arc")


SITE = Site(
    slug="thenational",
    name="The National",
    domains=(
        "www.thenationalnews.com",
        "thenationalnews.com",
        "www.thenational.ae",
        "thenational.ae",
    ),
    canonical_base="https://www.thenationalnews.com",
    article_url_pattern=(
        r"/[a-z0-9-]+(?:/[a-z0-9-]+){0,2}/\d{4}/\d{2}/\d{2}/[a-z0-9-]+"  # Arc
        r"|/[a-z0-9-]+(?:/[a-z0-9-]+){0,2}/[a-z0-9-]+-1\.\d{5,}"  # Escenic-era ids
    ),
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Dubai",
    country="AE",
    feeds=("/arc/outboundfeeds/rss/?outputType=xml",),
    sitemaps=(
        "/arc/outboundfeeds/sitemap-index/?outputType=xml",
        "/arc/outboundfeeds/news-sitemap/?outputType=xml",
    ),
    parser_factory=TheNationalParser,
    desks=("The National", "The National staff"),
    evidence=Evidence(
        urls=True,
        discovery=(
            "/arc/outboundfeeds/rss/?outputType=xml",
            "/arc/outboundfeeds/sitemap-index/?outputType=xml",
        ),
        note="Arc globalContent fields from one third-party spider, unconfirmed",
    ),
)
