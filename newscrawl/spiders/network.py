"""Stop a crawl at once, with one clear line, when the site's host cannot be resolved.

Without this, a crawl with no network (or a mistyped ``base_url`` host) retries robots.txt and
every start page for a minute or more, logging a DNS traceback for each, before it exits 7.
A name that does not resolve before anything at all was fetched will not resolve on the next
attempt either: the run ends as ``network`` (exit 7) naming the host. Connection failures
(refused, timed out) are retried as usual; if nothing was fetched in the end, the run's failure
line names the host that could not be reached.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy import exceptions as scrapy_exceptions
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.internet import error as net_error

logger = logging.getLogger(__name__)

# Scrapy 2.14+ wraps Twisted's errors in its own; older versions pass Twisted's through.
_SCRAPY_DNS = getattr(scrapy_exceptions, "CannotResolveHostError", net_error.DNSLookupError)
_SCRAPY_REFUSED = getattr(
    scrapy_exceptions, "DownloadConnectionRefusedError", net_error.ConnectionRefusedError
)
_SCRAPY_TIMEOUT = getattr(scrapy_exceptions, "DownloadTimeoutError", net_error.TimeoutError)
DNS_ERRORS = (net_error.DNSLookupError, _SCRAPY_DNS)
CONNECTION_ERRORS = (
    _SCRAPY_REFUSED,
    _SCRAPY_TIMEOUT,
    net_error.ConnectionRefusedError,
    net_error.TCPTimedOutError,
    net_error.TimeoutError,
    net_error.NoRouteError,
    net_error.ConnectError,
)
REASONS = {
    _SCRAPY_REFUSED: "connection refused",
    _SCRAPY_TIMEOUT: "connection timed out",
    net_error.ConnectionRefusedError: "connection refused",
    net_error.TCPTimedOutError: "connection timed out",
    net_error.TimeoutError: "connection timed out",
    net_error.NoRouteError: "no route to host",
}


class UnreachableHostMiddleware:
    """A downloader middleware (ordered after the retry one, so it sees a failure first)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> UnreachableHostMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: BaseException) -> Any:
        stats = self.crawler.stats
        assert stats is not None
        host = urlsplit(request.url).hostname or request.url
        fetched = stats.get_value("downloader/response_count", 0)
        if self.stopping:
            self._ignore(host)
        if isinstance(exception, DNS_ERRORS) and not fetched:
            detail = f"cannot reach {host}: network or DNS failure ({host} does not resolve)"
            stats.set_value("newscrawl/failure", "network")
            stats.set_value("newscrawl/failure_detail", detail)
            logger.error("%s: stopping the crawl", detail)
            self.stopping = True
            self._drain()
            _close_spider(self.crawler, "network")
            return self._ignore(host)
        if isinstance(exception, CONNECTION_ERRORS) and not fetched:
            reason = REASONS.get(type(exception), type(exception).__name__)
            stats.set_value(
                "newscrawl/unreachable", f"cannot reach {host}: network or DNS failure ({reason})"
            )
        return None

    def _drain(self) -> None:
        """Let requests already waiting out the download delay fail now, not one per delay."""
        engine = self.crawler.engine
        for slot in getattr(getattr(engine, "downloader", None), "slots", {}).values():
            slot.delay = 0
            slot.lastseen = 0

    @staticmethod
    def _ignore(host: str) -> None:
        # Ends the request quietly (no retry, no traceback); the run's failure says why.
        raise IgnoreRequest(f"{host} cannot be reached")


def _close_spider(crawler: Crawler, reason: str) -> None:
    engine = crawler.engine
    if engine is None or engine.spider is None:
        return
    from scrapy.utils.defer import deferred_from_coro

    deferred_from_coro(engine.close_spider_async(reason=reason))
