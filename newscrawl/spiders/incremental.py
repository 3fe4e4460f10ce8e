"""Incremental crawling: skip stored articles, re-check recent ones, stop paging known listings.

``IncrementalDownloaderMiddleware`` loads the site's stored articles when the spider opens.
An article request for a stored article is dropped unless the article is younger than the
re-check window (``NEWSCRAWL_RECHECK_DAYS``); a re-check is a conditional request
(If-None-Match / If-Modified-Since) and a 304 answer counts as unchanged.
``KnownListingMiddleware`` stops following a section's pager once its listing pages hold only
known articles for more than ``NEWSCRAWL_KNOWN_PAGES_MARGIN`` pages.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads

from newscrawl.db.engine import database_url
from newscrawl.db.state import KnownArticle, load_known
from newscrawl.errors import first_line

logger = logging.getLogger(__name__)

CONDITIONAL = "newscrawl_conditional"
RETRY_FAILED = "newscrawl_retry_failed"
"""Request meta: this article's fetch failed in an earlier run; never skip it as known."""


class IncrementalDownloaderMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_INCREMENTAL", True):
            raise NotConfigured
        self.crawler = crawler
        self.url = database_url(settings.get("NEWSCRAWL_DATABASE_URL"))
        self.window = timedelta(days=settings.getfloat("NEWSCRAWL_RECHECK_DAYS", 3))
        self.known: dict[str, KnownArticle] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> IncrementalDownloaderMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    async def spider_opened(self, spider: Any) -> None:
        loading = threads.deferToThread(load_known, self.url, spider.name)
        await maybe_deferred_to_future(loading.addCallbacks(self._loaded, self._not_loaded, callbackArgs=(spider,)))

    def _loaded(self, known: dict[str, KnownArticle], spider: Any) -> None:
        self.known = known
        spider.known_articles = known
        spider.recheck_after = datetime.now(UTC) - self.window
        logger.info("%d articles of %s already stored", len(known), spider.name)

    def _not_loaded(self, failure: Any) -> None:
        # Storage reports an unreachable database itself; crawling everything is the safe side.
        logger.warning("Incremental state unavailable, fetching everything: %s", first_line(failure.value))

    def process_request(self, request: Request) -> None:
        canonical = request.cb_kwargs.get("canonical_url")
        if canonical is None or canonical not in self.known:
            return None
        known = self.known[canonical]
        stats = self.crawler.stats
        # A stored article whose last fetch failed (a re-check cut short) is fetched again.
        if request.meta.get(RETRY_FAILED) or is_recent(known, datetime.now(UTC) - self.window):
            if known.etag:
                request.headers.setdefault(b"If-None-Match", known.etag.encode("latin-1"))
            if known.last_modified:
                request.headers.setdefault(b"If-Modified-Since", known.last_modified.encode("latin-1"))
            request.meta[CONDITIONAL] = True
            stats.inc_value("newscrawl/articles/rechecked")
            return None
        stats.inc_value("newscrawl/articles/skipped_known")
        raise IgnoreRequest(f"already stored: {canonical}")

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(CONDITIONAL):
            self.crawler.stats.inc_value("newscrawl/articles/not_modified")
            raise IgnoreRequest(f"not modified: {request.url}")
        return response


def is_recent(known: KnownArticle, threshold: datetime) -> bool:
    """Inside the re-check window; an article without a date is treated as old.

    SQLite hands timestamps back naive (they are stored as UTC), PostgreSQL aware.
    """
    published = known.published_at
    if published is None:
        return False
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return published >= threshold


class KnownListingMiddleware:
    """Stop paging a section once its listings show only articles stored before."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NEWSCRAWL_INCREMENTAL", True):
            raise NotConfigured
        self.crawler = crawler
        self.margin = crawler.settings.getint("NEWSCRAWL_KNOWN_PAGES_MARGIN", 1)
        self.known_pages: dict[str, int] = defaultdict(int)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownListingMiddleware:
        return cls(crawler)

    async def process_spider_output(self, response: Response, result: AsyncIterable[Any]) -> AsyncIterator[Any]:
        section = response.request.cb_kwargs.get("section_path") if response.request else None
        spider = self.crawler.spider
        known: dict[str, KnownArticle] = getattr(spider, "known_articles", {}) or {}
        if section is None or not known:
            async for output in result:
                yield output
            return
        outputs = [output async for output in result]
        threshold = getattr(spider, "recheck_after", datetime.now(UTC))
        articles = [o for o in outputs if isinstance(o, Request) and "canonical_url" in o.cb_kwargs]
        all_known = bool(articles) and all(
            (k := known.get(o.cb_kwargs["canonical_url"])) is not None and not is_recent(k, threshold)
            for o in articles
        )
        self.known_pages[section] = self.known_pages[section] + 1 if all_known else 0
        stop = self.known_pages[section] > self.margin
        for output in outputs:
            if stop and isinstance(output, Request) and "section_path" in output.cb_kwargs:
                self.crawler.stats.inc_value("newscrawl/listing/stopped/known")
                continue
            yield output
