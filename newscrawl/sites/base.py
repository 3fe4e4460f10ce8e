"""Site records and the raw article a parser returns (pure data, no Scrapy, no database)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class RawArticle:
    """What a page says, before normalization.

    Every value is a string (or list of strings) as printed on the page; the pipelines turn
    them into meaning. ``provenance`` names where each field came from (``"selector"``,
    ``"json-ld"``, ``"meta"``, ``"time"``, ``"visible"``, ``"extractor"``).
    """

    url: str
    """Canonical article URL on the real domain (``https://www.jordantimes.com/news/...``)."""
    title: str | None = None
    byline_raw: str | None = None
    """The byline part as printed, without dates (``By Reuters``, ``By A and B``, ``By ,``)."""
    author_names: list[str] = field(default_factory=list)
    """Author names from structured markup (JSON-LD, meta, DOM spans), in byline order."""
    date_published_raw: str | None = None
    date_updated_raw: str | None = None
    body_paragraphs: list[str] = field(default_factory=list)
    """Body text, one entry per paragraph or subheading; the dateline is still inside the first."""
    body_html: str | None = None
    caption: str | None = None
    section: str | None = None
    language: str | None = None
    node_id: int | None = None
    """A site's own numeric id of the article (Drupal nid), never used as a key."""
    parser: str = "generic"
    """Which parser and markup version produced this (``jordantimes/drupal7``, ``generic``)."""
    provenance: dict[str, str] = field(default_factory=dict)


class Parser(Protocol):
    """A pure page parser: HTML in, raw article out."""

    def parse(self, html: str, url: str) -> RawArticle: ...


@dataclass(frozen=True)
class Site:
    """Everything newscrawl knows about one outlet, as data."""

    slug: str
    name: str
    domains: tuple[str, ...]
    """Every host the site answers on; the first one is canonical."""
    canonical_base: str
    """Scheme and host articles are stored under, e.g. ``https://www.jordantimes.com``."""
    article_url_pattern: str
    """Regular expression matched against a URL path to recognise an article."""
    timezone: str
    country: str
    language: str = "en"
    day_first: bool = False
    start_paths: tuple[str, ...] = ()
    """Section listings to start from (paths on the site)."""
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    parser_factory: Callable[[], Parser] | None = None
    colon_datelines: bool = False
    """Whether the house style writes datelines as ``Abu Dhabi:``."""
    desks: tuple[str, ...] = ()
    """House desk bylines that are not people (``JT``, ``MEE staff``)."""

    def is_article_path(self, path: str) -> bool:
        return re.fullmatch(self.article_url_pattern, path) is not None

    def owns_host(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return host in self.domains

    def make_parser(self) -> Parser:
        if self.parser_factory is None:
            from newscrawl.sites.generic import GenericParser

            return GenericParser()
        return self.parser_factory()


def unique(values: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each value, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out
