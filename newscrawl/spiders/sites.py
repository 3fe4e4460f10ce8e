"""One spider class for every registered site; ``scrapy crawl <slug>`` picks the site by name."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.items import ArticleItem
from newscrawl.normalize.dates import parse_date
from newscrawl.processing import raw_to_fields
from newscrawl.sites import all_sites
from newscrawl.sites.base import Site
from newscrawl.sites.navigation import article_links, next_page, page_number
from newscrawl.urls import to_mirror

logger = logging.getLogger(__name__)

_BASE_URL = re.compile(r"^https?://[A-Za-z0-9.\-\[\]:]+(?::\d+)?(?:/[^?#]*)?$")


class SiteSpider(scrapy.Spider):
    """Walk a site's section listings page by page and hand each article page to its parser.

    Arguments (``-a name=value``):
      base_url   crawl a mirror with the same paths (``http://127.0.0.1:8000``); articles
                 are still stored under their canonical URLs on the real domain
      max_pages  listing pages to read per section (default: no limit)
      since      ``YYYY-MM-DD``: stop paging a section once its listing reaches older articles
    """

    site: ClassVar[Site]
    name: ClassVar[str]

    def __init__(
        self,
        base_url: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = self._check_base_url(base_url)
        self.max_pages = self._check_max_pages(max_pages)
        self.since = self._check_since(since)
        if self.base_url:
            self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        else:
            self.allowed_domains = list(self.site.domains)
        self.parser = self.site.make_parser()

    # -- argument validation ---------------------------------------------------------

    @staticmethod
    def _check_base_url(value: str | None) -> str | None:
        if not value:
            return None
        if not _BASE_URL.match(value):
            raise ValueError(f"base_url must look like http://HOST[:PORT][/PATH], got {value!r}")
        return value.rstrip("/")

    @staticmethod
    def _check_max_pages(value: str | int | None) -> int | None:
        if value in (None, ""):
            return None
        try:
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ValueError(f"max_pages must be a positive integer, got {value!r}") from None
        if number < 1:
            raise ValueError(f"max_pages must be a positive integer, got {value!r}")
        return number

    @staticmethod
    def _check_since(value: str | None) -> date | None:
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"since must be a date as YYYY-MM-DD, got {value!r}") from None

    # -- navigation --------------------------------------------------------------------

    def site_url(self, path_or_url: str) -> str:
        """A site path or canonical URL, pointed at the mirror when there is one."""
        if path_or_url.startswith("/"):
            path_or_url = self.site.canonical_base + path_or_url
        return to_mirror(path_or_url, self.base_url)

    async def start(self) -> AsyncIterator[Any]:
        for path in self.site.start_paths:
            yield scrapy.Request(
                self.site_url(path), callback=self.parse_listing, cb_kwargs={"section_path": path}
            )

    def parse_listing(self, response: Response, section_path: str) -> Iterator[Any]:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/listing/not_html")
            return
        stats.inc_value("newscrawl/listing/pages")
        html = response.text
        links = article_links(html, response.url, self.site, self.base_url)
        if not links:
            stats.inc_value("newscrawl/listing/no_articles")
            logger.warning("No article links on listing %s", response.url)
        for canonical in links:
            yield scrapy.Request(
                self.site_url(canonical),
                callback=self.parse_article,
                cb_kwargs={"canonical_url": canonical},
            )
        page = page_number(response.url)
        if self.max_pages is not None and page + 1 >= self.max_pages:
            stats.inc_value("newscrawl/listing/stopped/max_pages")
            return
        if self.since is not None and self._reached_since(html):
            stats.inc_value("newscrawl/listing/stopped/since")
            return
        following = next_page(html, response.url)
        if following and links:
            path = urlsplit(following)
            target = f"{section_path}?{path.query}" if path.query else section_path
            yield scrapy.Request(
                self.site_url(target), callback=self.parse_listing, cb_kwargs={"section_path": section_path}
            )

    def _reached_since(self, html: str) -> bool:
        """True when the listing shows an article older than ``since`` (listings are newest first)."""
        listing_dates = getattr(self.parser, "listing_dates", None)
        if listing_dates is None:
            return False
        days = []
        for raw in listing_dates(html):
            parsed = parse_date(raw, tz=self.site.timezone, day_first=self.site.day_first)
            if parsed is not None:
                days.append(parsed.value.date())
        return bool(days) and self.since is not None and min(days) < self.since

    def parse_article(self, response: Response, canonical_url: str) -> Iterator[Any]:
        stats = self.crawler.stats
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/article/not_html")
            return
        try:
            raw = self.parser.parse(response.text, canonical_url)
        except Exception:  # a parser bug must cost one page, not the crawl
            stats.inc_value("newscrawl/article/parse_error")
            logger.exception("Parser failed on %s", response.url)
            return
        stats.inc_value(f"newscrawl/parser/{raw.parser}")
        item = ArticleItem(**raw_to_fields(raw, self.site))
        item["fetched_url"] = response.url
        item["fetched_at"] = datetime.now(UTC)
        item["http_etag"] = _header(response, b"ETag")
        item["http_last_modified"] = _header(response, b"Last-Modified")
        yield item


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _spider_class(site: Site) -> type[SiteSpider]:
    name = "".join(part.title() for part in re.split(r"[^A-Za-z0-9]", site.slug)) + "Spider"
    return type(name, (SiteSpider,), {"name": site.slug, "site": site, "__module__": __name__})


for _site in all_sites():
    _cls = _spider_class(_site)
    globals()[_cls.__name__] = _cls
