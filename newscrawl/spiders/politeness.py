"""Politeness beyond Scrapy's defaults: robots.txt outages, Crawl-delay, and Retry-After.

- A robots.txt answering 5xx means "disallow everything for now" (RFC 9309 §2.3.1.4), not
  "allow everything"; the run then ends non-zero so the operator sees it.
- ``Crawl-delay`` in robots.txt is honoured for that host (capped by ``NEWSCRAWL_MAX_CRAWL_DELAY``).
- 429 and 503 answers are retried after the server's ``Retry-After`` (capped by
  ``NEWSCRAWL_MAX_RETRY_AFTER``), pausing the whole host, not just the one request.
- An article page whose body ended with the connection (no Content-Length) before the
  document closed is retried like a 5xx; after the last retry it fails with
  :class:`TruncatedBody`, so it is never stored as a complete article.
"""

from __future__ import annotations

import logging
import re
import time
from email.utils import parsedate_to_datetime
from typing import Any

from protego import Protego
from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"
_DOCUMENT_END = re.compile(rb"</(?:html|body)\s*>", re.I)


class TruncatedBody(IgnoreRequest):
    """An article page cut short: the connection closed before the document did."""


def looks_truncated(response: Response) -> bool:
    """True for an HTML page whose length the server never stated and whose document never closed.

    Without Content-Length (and without chunked framing) a body ends where the connection
    ends, and Scrapy flags the response ``partial``: a server dying mid-page looks exactly
    like a complete answer. Such a page that never reaches ``</body>`` or ``</html>`` was cut,
    and with it the article container it was printing.
    """
    if "partial" not in response.flags:
        return False
    content_type = (response.headers.get(b"Content-Type") or b"").lower()
    if content_type and b"html" not in content_type:
        return False
    return _DOCUMENT_END.search(response.body) is None


def retry_after_seconds(value: str | bytes | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date); None if absent/bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def crawl_delay(robots_body: bytes, useragent: str) -> float | None:
    try:
        delay = Protego.parse(robots_body.decode("utf-8", "replace")).crawl_delay(useragent)
    except Exception:  # a broken robots.txt must not stop the crawl
        return None
    return float(delay) if delay else None


class PoliteRobotsTxtMiddleware(RobotsTxtMiddleware):
    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        stats = self.crawler.stats
        if response.status >= 500:
            logger.error(
                "robots.txt of %s answered %d: treating the site as disallowed for this run",
                netloc,
                response.status,
            )
            stats.inc_value("newscrawl/robots/unavailable")
            stats.set_value("newscrawl/failure", "robots_unavailable")
            response = response.replace(body=DISALLOW_ALL, status=200)
        await super()._parse_robots(response, netloc, request)
        if response.status == 200:
            self._apply_crawl_delay(response, request)

    def _apply_crawl_delay(self, response: Response, request: Request) -> None:
        settings = self.crawler.settings
        agent = settings.get("ROBOTSTXT_USER_AGENT") or settings.get("USER_AGENT") or "*"
        delay = crawl_delay(response.body, agent.split("/")[0])
        if not delay:
            return
        delay = min(delay, settings.getfloat("NEWSCRAWL_MAX_CRAWL_DELAY", 30.0))
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is not None and slot.delay < delay:
            slot.delay = delay
            slot.concurrency = 1
        throttle = _autothrottle(self.crawler)
        if throttle is not None:
            throttle.mindelay = max(throttle.mindelay, delay)
        self.crawler.stats.set_value("newscrawl/robots/crawl_delay", delay)
        logger.info("Honouring Crawl-delay %.1fs for %s", delay, key)


def _autothrottle(crawler: Any) -> Any:
    from scrapy.extensions.throttle import AutoThrottle

    for extension in getattr(crawler.extensions, "middlewares", ()):
        if isinstance(extension, AutoThrottle):
            return extension
    return None


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retry, plus a host-wide pause for the server's Retry-After on 429/503."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("NEWSCRAWL_MAX_RETRY_AFTER", 120.0)

    def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        if "canonical_url" in request.cb_kwargs and looks_truncated(response):
            self.crawler.stats.inc_value("newscrawl/article/truncated")
            logger.warning(
                "Article body cut short (%d bytes, connection closed before the page ended): %s",
                len(response.body), request.url,
            )  # fmt: skip
            retry = self._retry(request, "truncated body")
            if retry is not None:
                return retry
            raise TruncatedBody(f"body cut short after {len(response.body)} bytes: {request.url}")
        result = super().process_response(request, response)
        if isinstance(result, Request) and response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get(b"Retry-After"))
            if wait:
                self._pause(request, min(wait, self.max_wait))
        return result

    def _pause(self, request: Request, seconds: float) -> None:
        crawler = self.crawler
        downloader = crawler.engine.downloader
        slot = downloader.slots.get(downloader.get_slot_key(request))
        crawler.stats.inc_value("newscrawl/backoff/retry_after")
        if slot is None:
            return
        logger.warning("Server asked to wait %.0fs (Retry-After); pausing %s", seconds, request.url)
        original = slot.delay
        slot.delay = max(slot.delay, seconds)
        # The downloader measures slot.lastseen on its own clock (monotonic in current Scrapy).
        import scrapy.core.downloader as downloader_module

        slot.lastseen = getattr(downloader_module, "monotonic", time.monotonic)()
        from twisted.internet import reactor

        def restore() -> None:
            if slot.delay == max(original, seconds):
                slot.delay = original

        reactor.callLater(seconds, restore)  # type: ignore[attr-defined,arg-type]
