"""Archive while crawling: every response the downloader receives, with its request, as WARC.

A downloader middleware placed next to the downloader (``DOWNLOADER_MIDDLEWARES`` 950), so it
sees each response as it arrived: before decompression, redirects, retries or the incremental
304 check, and robots.txt too. Records go to ``NEWSCRAWL_ARCHIVE_DIR`` (see
``newscrawl.archive.location``); on a mirror crawl (``-a base_url``) they carry the real site's
URL. The record's file and offset ride along in ``request.meta["archive_record"]`` to the
article item, and the run's files are listed in the stat ``newscrawl/archive/files``
(``crawl_runs.archive_files``). A write that fails (disk full) is counted and logged, then
the archive stops for the run; the crawl goes on. See docs/archive.md.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response

from newscrawl.archive.location import archive_dir
from newscrawl.archive.warc import DEFAULT_MAX_BYTES, Exchange, WarcWriter
from newscrawl.db.engine import database_url
from newscrawl.urls import strip_mirror_prefix

logger = logging.getLogger(__name__)

META_KEY = "archive_record"
"""``request.meta`` key of the (file, offset) of the archived response."""


def _pairs(headers: Headers) -> list[tuple[bytes, bytes]]:
    return [(bytes(name), bytes(value)) for name, values in headers.items() for value in values]


def real_url(request: Request, response: Response, spider: Any) -> str:
    """The URL a response belongs to: on a mirror crawl the site's own (canonical for articles)."""
    base = getattr(spider, "base_url", None)
    site = getattr(spider, "site", None)
    if not base or site is None:
        return response.url
    canonical = request.cb_kwargs.get("canonical_url")
    if canonical:
        return str(canonical)
    parts = urlsplit(response.url)
    if (parts.hostname or "").lower() != (urlsplit(base).hostname or "").lower():
        return response.url
    path = strip_mirror_prefix(parts.path or "/", base)
    return site.canonical_base + path + (f"?{parts.query}" if parts.query else "")


class WarcArchiveMiddleware:
    """Write each (request, response) pair to the run's WARC files."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        root = archive_dir(
            settings.get("NEWSCRAWL_ARCHIVE_DIR"),
            database_url(settings.get("NEWSCRAWL_DATABASE_URL")),
        )
        if root is None:
            raise NotConfigured
        self.root = root
        self.max_bytes = settings.getint("NEWSCRAWL_ARCHIVE_MAX_BYTES", DEFAULT_MAX_BYTES)
        self.crawler = crawler
        self.stats = crawler.stats
        self.writer: WarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcArchiveMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self, spider: Any) -> None:
        self.writer = WarcWriter(self.root, spider.name, max_bytes=self.max_bytes)
        logger.info("Archiving every response as WARC under %s", self.root.resolve() / self.writer.site)

    def spider_closed(self, spider: Any) -> None:
        if self.writer is not None:
            self._stop()

    def _stop(self) -> None:
        assert self.writer is not None
        try:
            self.writer.close()
        except OSError as exc:
            logger.error("Could not close the WARC file: %s", exc)
        self.writer = None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if self.writer is None:
            return response
        url = real_url(request, response, spider or self.crawler.spider)
        exchange = Exchange(
            url=url,
            status=response.status,
            reason="",
            response_headers=_pairs(response.headers),
            body=response.body,
            fetched_at=datetime.now(UTC),
            method=request.method,
            request_headers=_pairs(request.headers),
            fetched_from=response.url if url != response.url else None,
        )
        try:
            location = self.writer.write(exchange)
        except OSError as exc:
            self.stats.inc_value("newscrawl/archive/failed")
            logger.error(
                "Could not write to the archive (%s): archiving stops for this run, the crawl goes on",
                exc,
            )
            self._stop()
            return response
        request.meta[META_KEY] = (location.file, location.offset)
        self.stats.inc_value("newscrawl/archive/responses")
        if self.stats.get_value("newscrawl/archive/files") != self.writer.files:
            self.stats.set_value("newscrawl/archive/files", list(self.writer.files))
        return response
