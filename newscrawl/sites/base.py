"""Site records: what newscrawl knows about each outlet (pure data, no Scrapy, no database)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

# RawArticle, Parser, Selectors and unique live in the leaf module ``raw``; re-exported here.
from newscrawl.sites.raw import Parser, RawArticle, Selectors, strings_to_tuples, unique
from newscrawl.urls import canonical_query, query_pairs


@dataclass(frozen=True)
class IdRange:
    """Articles addressed by a sequential numeric id (``/news/{id}``), walked newest first.

    ``first``/``last`` bound the default walk; without both, ids are walked only when the
    crawl is given ``-a ids=FIRST-LAST`` (an open-ended walk of a live site is never a default).
    """

    url_template: str
    """A site path with an ``{id}`` placeholder: ``/news/{id}``."""
    first: int | None = None
    last: int | None = None

    def path_for(self, article_id: int) -> str:
        return self.url_template.format(id=article_id)


MARKUP_FIELDS = ("title", "byline", "published", "body")
"""The fields whose selectors decide whether a site counts as verified against real markup."""


@dataclass(frozen=True)
class Evidence:
    """What public sources confirm about a site record.

    Nothing here is fetched: it records which parts of the record other scrapers, feed
    surveys and aggregators agree with, so ``newscrawl sites`` can say which outlets are read
    with confirmed selectors and which with guesses (where generic extraction decides).
    """

    selectors: tuple[str, ...] = ()
    """Fields whose selectors a source confirms: any of ``title``, ``byline``, ``published``, ``body``."""
    urls: bool = False
    """The article URL form is confirmed."""
    discovery: tuple[str, ...] = ()
    """Declared feeds / sitemaps a source confirms (paths as in the record)."""
    year: int | None = None
    """Year of the newest source behind the selectors (markup changes: a 2013 source is weak)."""
    note: str = ""
    """What is unconfirmed or doubtful, in a few words."""

    def __post_init__(self) -> None:
        _tuples_from_strings(self)

    def markup(self) -> str:
        """``verified``, ``partly`` or ``unverified``, with the source year: the selectors' standing."""
        confirmed = [f for f in MARKUP_FIELDS if f in self.selectors]
        if not confirmed:
            return "unverified"
        level = "verified" if len(confirmed) == len(MARKUP_FIELDS) else "partly"
        return f"{level} {self.year}" if self.year else level


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
    download_delay: float | None = None
    """Seconds between requests to this site, when it needs more (or less) than the default."""
    concurrency: int | None = None
    """Requests in flight to this site at once, when it differs from the default."""
    id_range: IdRange | None = None
    """Numeric-id discovery, for sites whose article URLs are ``/news/{id}``."""
    selectors: Selectors | None = None
    """Per-site selectors for the generic layer (used when there is no ``parser_factory``)."""
    article_query_keys: tuple[str, ...] | None = None
    """Query parameters that are part of an article's identity, where the site's URLs are known.

    ``None`` (not known): every parameter but tracking ones (``utm_*``, ``fbclid``...) is kept,
    sorted by key, so ``news.asp?id=1`` and ``news.asp?id=2`` stay two articles. ``()``: the path
    alone names an article and any query is ignored (pagers, ``?traffic_source=rss``). Named keys
    (Petra's ``ID``, ``lang``, ``name``): only those are kept, and a URL carrying any other
    non-tracking parameter is not an article. Whenever a query is kept, ``article_url_pattern`` is
    matched against ``path?key=value&...`` (keys sorted)."""
    canonical_rewrites: tuple[tuple[str, str], ...] = ()
    """``(pattern, replacement)`` pairs applied (``re.sub``) to an article's path (and identity
    query) to get the form it is stored under, so every alias of one article gives one key:
    ``(r"^/article/(\\d+)/.*$", r"/article/\\1")``. Pages are still fetched at the URL found."""
    listing_dates_css: str | None = None
    """Selector for the dates printed on listing items (``time::attr(datetime)``), for ``since``."""
    evidence: Evidence = field(default_factory=Evidence)
    """What public sources confirm about this record; the default is "nothing": guesses."""

    def __post_init__(self) -> None:
        _tuples_from_strings(self)

    def is_article_path(self, path: str) -> bool:
        return re.fullmatch(self.article_url_pattern, path) is not None

    def article_key(self, path: str, query: str = "") -> str | None:
        """``path`` plus the identity query (``?ID=5&lang=en``); None when the query says "not an article"."""
        keys = self.article_query_keys
        if keys and any(name not in keys for name, _ in query_pairs(query)):
            return None
        kept = canonical_query(query, keys)
        return f"{path}?{kept}" if kept else path

    def identity(self) -> str:
        """How an article URL of this site is keyed, in words (``newscrawl sites``)."""
        keys = self.article_query_keys
        if keys is None:
            return "path + query (tracking parameters dropped)"
        if not keys:
            return "path"
        return "path + " + ", ".join(keys)

    def canonical_key(self, key: str) -> str:
        """The stored form of an article key, after the site's ``canonical_rewrites``."""
        for pattern, replacement in self.canonical_rewrites:
            key = re.sub(pattern, replacement, key)
        return key

    def owns_host(self, host: str) -> bool:
        host = host.lower().split(":")[0]
        return host in self.domains

    def make_parser(self) -> Parser:
        if self.parser_factory is not None:
            return self.parser_factory()
        if self.selectors is not None:
            from newscrawl.sites.selectors import SelectorParser

            return SelectorParser(self.selectors, name=f"{self.slug}/selectors")
        from newscrawl.sites.generic import GenericParser

        return GenericParser()

    def discovery_kinds(self) -> tuple[str, ...]:
        """The discovery sources this record declares: ``feeds``, ``sitemaps``, ``listings``, ``ids``."""
        kinds = []
        if self.feeds:
            kinds.append("feeds")
        if self.sitemaps:
            kinds.append("sitemaps")
        if self.start_paths:
            kinds.append("listings")
        if self.id_range is not None:
            kinds.append("ids")
        return tuple(kinds)


def _tuples_from_strings(record: object) -> None:
    strings_to_tuples(record, _TUPLE_FIELDS)


_TUPLE_FIELDS = frozenset(
    {"domains", "start_paths", "feeds", "sitemaps", "desks", "article_query_keys", "title",
     "byline", "published", "updated", "body", "caption", "section", "drop", "drop_paragraphs",
     "selectors", "discovery"}
)  # fmt: skip


__all__ = ["IdRange", "Parser", "RawArticle", "Selectors", "Site", "unique"]
