"""One spider class for every registered site; ``scrapy crawl <slug>`` picks the site by name.

Discovery combines whatever the site record declares: feeds (RSS / Atom), sitemaps (sitemap
indexes followed, Google News sitemaps read), section listings with their pager, and numeric-id
ranges. Every source ends in the same article request, de-duplicated by canonical URL:

- article requests carry ``cb_kwargs={"canonical_url": ...}`` (the storage key);
- listing requests carry ``cb_kwargs={"section_path": ...}`` (the section's own path);
- feed and sitemap requests carry ``cb_kwargs={"source_url": ...}`` (the path as declared).

A response that is a 403 / 429 or a bot-challenge page is counted under
``newscrawl/blocked/<reason>``; when most of a run's responses were blocked the run ends with
``newscrawl/blocked`` (count) and ``newscrawl/failure = "blocked"`` (exit status 5), so a
blocked site is never mistaken for one with no new articles.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.python.failure import Failure

from newscrawl import signals as newscrawl_signals
from newscrawl.db.engine import database_url
from newscrawl.db.state import load_failed_fetches
from newscrawl.decoding import decode_html
from newscrawl.items import ArticleItem
from newscrawl.normalize.dates import parse_date
from newscrawl.processing import raw_to_fields
from newscrawl.sites import all_sites
from newscrawl.sites.base import RawArticle, Site
from newscrawl.sites.blocking import HANDLED_STATUSES, LITTLE_TEXT_WORDS, block_reason
from newscrawl.sites.discovery import Document, Entry, newest_first, older_than, parse_document
from newscrawl.sites.fallback import fallback_fields
from newscrawl.sites.navigation import (
    ArticleRef,
    article_ref,
    article_refs,
    next_page,
    page_number,
    page_selector,
)
from newscrawl.spiders.arguments import (
    SpiderArgumentError,
    check_base_url,
    check_max_pages,
    check_since,
    check_urls,
)
from newscrawl.spiders.incremental import RETRY_FAILED
from newscrawl.spiders.politeness import TruncatedBody
from newscrawl.urls import canonical_article_url, normalize_path, strip_mirror_prefix, to_mirror

logger = logging.getLogger(__name__)

_IDS = re.compile(r"^\s*(\d+)\s*[-:]\s*(\d+)\s*$")
DISCOVERY_KINDS = ("feeds", "sitemaps", "listings", "ids", "urls")
MAX_ID_WALK = 1_000_000
GONE_STATUSES = (404, 410)
"""An article answering these was removed by the site: gone, not a failed fetch."""
DEFAULT_MAX_ARTICLE_BYTES = 16 * 1024 * 1024


class SiteSpider(scrapy.Spider):
    """Discover a site's articles (feeds, sitemaps, listings, id ranges) and parse each one.

    Arguments (``-a name=value``):
      base_url   crawl a mirror with the same paths (``http://127.0.0.1:8000``); the site's
                 own absolute URLs in feeds, sitemaps and listings are mapped onto it, and
                 articles are still stored under their canonical URLs on the real domain
      max_pages  listing pages to read per section, and child sitemaps per sitemap index
                 (default: no limit)
      since      ``YYYY-MM-DD``: stop paging a section once its listing reaches older
                 articles, and skip feed items and sitemap entries (and child sitemaps)
                 dated before it
      discovery  which declared sources to use, comma-separated: feeds,sitemaps,listings,ids
                 (default: all the site declares)
      ids        ``FIRST-LAST``: walk this numeric-id range, newest first (sites with an
                 ``id_range``); alone it means ``discovery=ids``
      urls       a file of article URLs, one a line (``#`` comments and blank lines skipped):
                 fetch exactly these (mapped onto ``base_url`` when set); alone it means
                 ``discovery=urls``. URLs of other hosts are counted and skipped
    """

    site: ClassVar[Site]
    # Let 403 / 429 / 503 reach the callbacks so a block is seen and counted, not dropped
    # silently by HttpErrorMiddleware (429 and 503 are still retried first).
    handle_httpstatus_list: list[int] = list(HANDLED_STATUSES)  # noqa: RUF012 (Scrapy reads it)

    # The `-a` arguments every site spider takes (README, "Crawl arguments every site takes").
    ARGUMENTS: ClassVar[tuple[str, ...]] = (
        "base_url",
        "max_pages",
        "since",
        "discovery",
        "ids",
        "urls",
    )

    def __init__(
        self,
        base_url: str | None = None,
        max_pages: str | int | None = None,
        since: str | None = None,
        discovery: str | None = None,
        ids: str | None = None,
        urls: str | None = None,
        *args: Any,
        **kwargs: Any,
    ) -> None:
        self._reject_unknown(kwargs)
        super().__init__(*args, **kwargs)
        self.base_url = self._check_base_url(base_url)
        self.max_pages = self._check_max_pages(max_pages)
        self.since = self._check_since(since)
        self.id_walk = self._check_ids(ids)
        self.url_list = self._check_urls(urls)
        self.discovery = self._check_discovery(
            discovery,
            explicit_ids=self.id_walk is not None,
            explicit_urls=self.url_list is not None,
        )
        if self.base_url:
            self.allowed_domains = [urlsplit(self.base_url).hostname or ""]
        else:
            self.allowed_domains = list(self.site.domains)
        self.parser = self.site.make_parser()
        self._requested: set[str] = set()
        self._blocked_in_a_row = 0

    @classmethod
    def check_arguments(cls, arguments: dict[str, Any]) -> None:
        """Validate ``-a`` arguments before a crawl starts; SpiderArgumentError says what is wrong."""
        cls._reject_unknown({k: v for k, v in arguments.items() if k not in cls.ARGUMENTS})
        probe = object.__new__(cls)  # the checks read only the class's site record
        probe._check_base_url(arguments.get("base_url"))
        probe._check_max_pages(arguments.get("max_pages"))
        probe._check_since(arguments.get("since"))
        walk = probe._check_ids(arguments.get("ids"))
        listed = probe._check_urls(arguments.get("urls"))
        probe._check_discovery(
            arguments.get("discovery"),
            explicit_ids=walk is not None,
            explicit_urls=listed is not None,
        )

    @classmethod
    def _reject_unknown(cls, extra: dict[str, Any]) -> None:
        # Names Scrapy itself passes start with "_" (`_job`) or are Spider's own (`name`).
        unknown = sorted(k for k in extra if not k.startswith("_") and k != "name")
        if unknown:
            raise SpiderArgumentError(
                f"unknown spider argument{'s' if len(unknown) > 1 else ''} "
                f"{', '.join(unknown)}: {cls.site.slug} takes -a "
                f"{', '.join(a + '=…' for a in cls.ARGUMENTS)}"
            )

    # -- argument validation ---------------------------------------------------------

    _check_base_url = staticmethod(check_base_url)
    _check_max_pages = staticmethod(check_max_pages)
    _check_since = staticmethod(check_since)
    _check_urls = staticmethod(check_urls)

    def _check_ids(self, value: str | None) -> tuple[int, int] | None:
        if not value:
            return None
        if self.site.id_range is None:
            raise SpiderArgumentError(
                f"ids: {self.site.slug} has no numeric-id discovery (no id_range)"
            )
        match = _IDS.match(value)
        if not match:
            raise SpiderArgumentError(
                f"ids must be a range FIRST-LAST of article ids, got {value!r}"
            )
        first, last = sorted((int(match.group(1)), int(match.group(2))))
        if last - first >= MAX_ID_WALK:
            raise SpiderArgumentError(f"ids must span fewer than {MAX_ID_WALK} ids, got {value!r}")
        return first, last

    def _check_discovery(
        self, value: str | None, *, explicit_ids: bool, explicit_urls: bool = False
    ) -> tuple[str, ...]:
        declared = self.site.discovery_kinds() + (("urls",) if explicit_urls else ())
        if not value:
            if explicit_urls:
                return ("urls", "ids") if explicit_ids else ("urls",)
            if explicit_ids:
                return ("ids",)
            kinds = tuple(k for k in declared if k != "ids" or self._default_ids())
            if not kinds:
                raise SpiderArgumentError(
                    f"{self.site.slug} discovers articles by id only: give -a ids=FIRST-LAST"
                )
            return kinds
        wanted = tuple(k.strip() for k in value.split(",") if k.strip())
        unknown = [k for k in wanted if k not in DISCOVERY_KINDS]
        if unknown or not wanted:
            raise SpiderArgumentError(
                f"discovery must be a comma-separated subset of {','.join(DISCOVERY_KINDS)}, got {value!r}"
            )
        if "urls" in wanted and not explicit_urls:
            raise SpiderArgumentError("discovery=urls needs -a urls=FILE (a file of article URLs)")
        missing = [k for k in wanted if k not in declared]
        if missing:
            raise SpiderArgumentError(
                f"discovery: {self.site.slug} declares no {', '.join(missing)} "
                f"(it has: {', '.join(declared) or 'nothing'})"
            )
        if "ids" in wanted and not (explicit_ids or self._default_ids()):
            raise SpiderArgumentError(f"discovery=ids needs -a ids=FIRST-LAST for {self.site.slug}")
        return wanted

    def _default_ids(self) -> bool:
        id_range = self.site.id_range
        return id_range is not None and id_range.first is not None and id_range.last is not None

    # -- URLs --------------------------------------------------------------------------

    def site_url(self, path_or_url: str) -> str:
        """A site path or canonical URL, pointed at the mirror when there is one."""
        if path_or_url.startswith("/"):
            path_or_url = self.site.canonical_base + path_or_url
        return to_mirror(path_or_url, self.base_url)

    def _followable(self, url: str) -> str | None:
        """A URL found in a feed, sitemap or pager, as a path (+query) on the site; None if off-site."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        mirror_host = (urlsplit(self.base_url).hostname or "").lower() if self.base_url else None
        if mirror_host and host == mirror_host:
            path = strip_mirror_prefix(parts.path, self.base_url)
        elif self.site.owns_host(host):
            path = parts.path
        else:
            return None
        return (path or "/") + (f"?{parts.query}" if parts.query else "")

    # -- discovery -----------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        # The run's outcome (exit 12) compares the failed share with this limit.
        self.crawler.stats.set_value(
            "newscrawl/article/max_failed_share", self.settings.getfloat("NEWSCRAWL_MAX_FAILED_SHARE", 0.02)
        )
        logger.info(
            "Crawling %s (%s) via %s%s",
            self.site.slug,
            self.site.name,
            ", ".join(self.discovery) or "nothing",
            f" from mirror {self.base_url}" if self.base_url else "",
        )
        for request in await self._failed_before():
            yield request
        if "feeds" in self.discovery:
            for path in self.site.feeds:
                yield self._source_request(path, self.parse_feed)
        if "sitemaps" in self.discovery:
            for path in self.site.sitemaps:
                yield self._source_request(path, self.parse_sitemap)
        if "listings" in self.discovery:
            for path in self.site.start_paths:
                yield scrapy.Request(
                    self.site_url(path),
                    callback=self.parse_listing,
                    errback=self.source_failed,
                    cb_kwargs={"section_path": path},
                    meta={"listing_page": 0},
                )
        if "ids" in self.discovery:
            for request in self._id_requests():
                yield request
        if "urls" in self.discovery:
            for request in self._listed_requests():
                yield request

    def _listed_requests(self) -> Iterator[scrapy.Request]:
        """The URLs of ``-a urls=FILE``, in file order, one request per canonical URL.

        A URL on the site (or the mirror) that the site's article pattern does not know is
        still fetched, stored under its normalised URL: the operator asked for it.
        """
        stats = self.crawler.stats
        for listed in self.url_list or ():
            url = self.site.canonical_base + listed if listed.startswith("/") else listed
            stats.inc_value("newscrawl/urls/listed")
            ref = article_ref(url, self.site, self.base_url)
            if ref is None:
                path = self._followable(url)
                if path is None or not url.lower().startswith(("http://", "https://")):
                    stats.inc_value("newscrawl/urls/skipped/offsite")
                    logger.warning("Listed URL %s is not on %s: skipped", listed, self.site.slug)
                    continue
                canonical = canonical_article_url(
                    self.site.canonical_base + path,
                    self.site.canonical_base,
                    self.site.article_query_keys,
                )
                stats.inc_value("newscrawl/urls/not_article_pattern")
                ref = ArticleRef(canonical, canonical)
            yield from self._article_request(ref)

    async def _failed_before(self) -> list[scrapy.Request]:
        """Articles whose fetch failed in an earlier run, requested again whoever links them."""
        url = database_url(self.settings.get("NEWSCRAWL_DATABASE_URL"))
        try:
            urls = await maybe_deferred_to_future(threads.deferToThread(load_failed_fetches, url, self.name))
        except Exception as exc:  # the storage pipeline reports an unusable database itself
            logger.warning("Could not read the articles that failed before: %s", exc)
            return []
        requests: list[scrapy.Request] = []
        for canonical in urls:
            ref = article_ref(canonical, self.site)
            if ref is None:
                continue
            self.crawler.stats.inc_value("newscrawl/article/retried_from_earlier_run")
            # Not filtered by a shared seen-set: an earlier round saw the URL and failed on it.
            for request in self._article_request(ref, dont_filter=True):
                request.meta[RETRY_FAILED] = True
                requests.append(request)
        if requests:
            logger.info("Fetching %d articles again whose fetch failed in an earlier run", len(requests))
        return requests

    def _source_request(self, path: str, callback: Any) -> scrapy.Request:
        return scrapy.Request(
            self.site_url(path),
            callback=callback,
            errback=self.source_failed,
            cb_kwargs={"source_url": path},
            priority=10,  # read every feed and sitemap before the articles they list
        )

    def _id_requests(self) -> Iterator[scrapy.Request]:
        id_range = self.site.id_range
        assert id_range is not None
        if self.id_walk is not None:
            first, last = self.id_walk
        else:
            assert id_range.first is not None
            assert id_range.last is not None
            first, last = id_range.first, id_range.last
        self.crawler.stats.set_value("newscrawl/ids/range", f"{first}-{last}")
        for article_id in range(last, first - 1, -1):  # newest first
            ref = article_ref(self.site.canonical_base + id_range.path_for(article_id), self.site)
            if ref is None:
                logger.error("id_range template of %s does not give article URLs", self.site.slug)
                return
            self.crawler.stats.inc_value("newscrawl/ids/requested")
            yield from self._article_request(ref)

    def _article_request(self, ref: ArticleRef, *, dont_filter: bool = False) -> Iterator[scrapy.Request]:
        """One request per canonical URL per run, fetched where it was found."""
        if ref.canonical in self._requested:
            self.crawler.stats.inc_value("newscrawl/discovery/duplicate")
            return
        self._requested.add(ref.canonical)
        yield scrapy.Request(
            self.site_url(ref.locator),
            callback=self.parse_article,
            errback=self.article_failed,
            cb_kwargs={"canonical_url": ref.canonical},
            # A page larger than this (after decompression) is refused: a gzip bomb or a
            # runaway page must not take the crawl's memory.
            meta={"download_maxsize": self._max_article_bytes()},
            dont_filter=dont_filter,
        )

    def _max_article_bytes(self) -> int:
        return self.settings.getint("NEWSCRAWL_MAX_ARTICLE_BYTES", DEFAULT_MAX_ARTICLE_BYTES)

    # -- article fetches that did not give a page ----------------------------------------------

    def article_failed(self, failure: Failure) -> None:
        """The final outcome of an article request that raised: gone, refused, skipped or failed."""
        request = failure.request  # type: ignore[attr-defined]
        canonical = request.cb_kwargs.get("canonical_url", request.url)
        exc = failure.value
        if isinstance(exc, HttpError):
            self._http_failure(canonical, exc.response.status)
            return
        message = str(exc)
        if "maxsize" in message.lower() or "max size" in message.lower():
            self.crawler.stats.inc_value("newscrawl/article/fetched")
            self.crawler.stats.inc_value("newscrawl/article/too_large")
            logger.error(
                "Refused %s: larger than NEWSCRAWL_MAX_ARTICLE_BYTES (%d bytes)",
                request.url, self._max_article_bytes(),
            )  # fmt: skip
            return
        if isinstance(exc, IgnoreRequest) and not isinstance(exc, TruncatedBody):
            return  # skipped on purpose: already stored, not modified, robots.txt
        reason = "truncated" if isinstance(exc, TruncatedBody) else failure.type.__name__
        self._fetch_failed(canonical, request.url, reason)

    def _http_failure(self, canonical: str, status: int) -> None:
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/article/http_{status}")
        if status in GONE_STATUSES:
            stats.inc_value("newscrawl/article/fetched")
            stats.inc_value("newscrawl/article/gone")
            self.crawler.signals.send_catch_log(newscrawl_signals.article_fetch_gone, url=canonical)
        elif status >= 500 or status in (408, 429):
            self._fetch_failed(canonical, canonical, f"http_{status}")
        else:
            stats.inc_value("newscrawl/article/fetched")

    def _fetch_failed(self, canonical: str, fetched: str, reason: str) -> None:
        stats = self.crawler.stats
        stats.inc_value("newscrawl/article/fetched")
        stats.inc_value("newscrawl/article/failed")
        stats.inc_value(f"newscrawl/article/failed/{reason}")
        logger.warning("Article fetch failed for good (%s): %s; the next run tries again", reason, fetched)
        self.crawler.signals.send_catch_log(
            newscrawl_signals.article_fetch_failed, url=canonical, source=self.site.slug, reason=reason
        )

    def parse_feed(self, response: Response, source_url: str) -> Iterator[Any]:
        yield from self._parse_discovery(response, source_url, "feed")

    def parse_sitemap(self, response: Response, source_url: str) -> Iterator[Any]:
        yield from self._parse_discovery(response, source_url, "sitemap")

    def _parse_discovery(self, response: Response, source_url: str, asked: str) -> Iterator[Any]:
        if self._blocked(response):
            return
        stats = self.crawler.stats
        if response.status >= 400:  # a 503 without challenge markers: try again next run
            stats.inc_value("newscrawl/discovery/failed")
            logger.warning("Discovery source %s failed: HTTP %d", response.url, response.status)
            return
        document = parse_document(response.body, response.url)
        kind = "feed" if document.is_feed else "sitemap" if document.is_sitemap else asked
        if document.kind == "unknown":
            stats.inc_value(f"newscrawl/{asked}/unreadable")
            logger.warning("%s %s is not a feed or sitemap (%s)", asked, response.url, source_url)
            return
        self._note_ok()
        stats.inc_value(f"newscrawl/{kind}/documents")
        yield from self._follow_children(document, response.url)
        new = older = other = 0
        for entry in document.entries:
            if older_than(
                entry.date_raw, self.since, tz=self.site.timezone, day_first=self.site.day_first
            ):
                older += 1
                continue
            ref = article_ref(entry.url, self.site, self.base_url)
            if ref is None:
                other += 1
                continue
            new += ref.canonical not in self._requested
            yield from self._article_request(ref)
        stats.inc_value(f"newscrawl/{kind}/entries", len(document.entries))
        if older:
            stats.inc_value(f"newscrawl/{kind}/skipped/since", older)
        if other:
            stats.inc_value(f"newscrawl/{kind}/skipped/not_article", other)
        logger.info(
            "%s %s: %d entries, %d new articles, %d older than since, %d not articles",
            kind.capitalize(), response.url, len(document.entries), new, older, other,
        )  # fmt: skip

    def _follow_children(self, document: Document, page_url: str) -> Iterator[Any]:
        """Child sitemaps of an index: newest first, ``since`` and ``max_pages`` applied."""
        if not document.sitemaps:
            return
        stats = self.crawler.stats
        children: list[Entry] = []
        for child in document.sitemaps:
            if older_than(child.date_raw, self.since, tz=self.site.timezone):
                stats.inc_value("newscrawl/sitemap/skipped/since")
                continue
            children.append(child)
        children = newest_first(children, tz=self.site.timezone)
        if self.max_pages is not None and len(children) > self.max_pages:
            stats.inc_value("newscrawl/sitemap/skipped/max_pages", len(children) - self.max_pages)
            children = children[: self.max_pages]
        for child in children:
            target = self._followable(urljoin(page_url, child.url))
            if target is None:
                stats.inc_value("newscrawl/sitemap/skipped/offsite")
                continue
            yield scrapy.Request(
                self.site_url(target),
                callback=self.parse_sitemap,
                errback=self.source_failed,
                cb_kwargs={"source_url": target},
                priority=10,
            )

    def source_failed(self, failure: Failure) -> None:
        """A feed, sitemap or listing that could not be fetched (404, DNS, robots.txt)."""
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest):  # robots.txt, a known page, a stopping crawl: said already
            self.crawler.stats.inc_value("newscrawl/discovery/ignored")
            logger.debug("Discovery source %s not fetched: %s", request.url, failure.value)
            return
        response = getattr(failure.value, "response", None)
        why = f"HTTP {response.status}" if response is not None else failure.type.__name__
        self.crawler.stats.inc_value("newscrawl/discovery/failed")
        logger.warning("Discovery source %s failed: %s", request.url, why)

    # -- listings --------------------------------------------------------------------------

    def parse_listing(self, response: Response, section_path: str) -> Iterator[Any]:
        stats = self.crawler.stats
        if self._blocked(response):
            return
        if response.status >= 400:
            stats.inc_value("newscrawl/discovery/failed")
            logger.warning("Listing %s failed: HTTP %d", response.url, response.status)
            return
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/listing/not_html")
            return
        self._note_ok()
        stats.inc_value("newscrawl/listing/pages")
        html = response.text
        refs = article_refs(html, response.url, self.site, self.base_url)
        if not refs:
            stats.inc_value("newscrawl/listing/no_articles")
            logger.warning("No article links on listing %s", response.url)
        for ref in refs:
            yield from self._article_request(ref)
        page = response.meta.get("listing_page", page_number(response.url))
        if self.max_pages is not None and page + 1 >= self.max_pages:
            stats.inc_value("newscrawl/listing/stopped/max_pages")
            return
        if self.since is not None and self._reached_since(html):
            stats.inc_value("newscrawl/listing/stopped/since")
            return
        following = next_page(html, response.url)
        target = self._next_listing_target(following, section_path) if following else None
        if target and refs:
            yield scrapy.Request(
                self.site_url(target),
                callback=self.parse_listing,
                errback=self.source_failed,
                cb_kwargs={"section_path": section_path},
                meta={"listing_page": page + 1},
            )

    def _next_listing_target(self, following: str, section_path: str) -> str | None:
        """The pager's next page as a site path: ``/news/local?page=2``, ``/category/x/page/2/``."""
        target = self._followable(following)
        if target is None:
            return None
        path, _, query = target.partition("?")
        if normalize_path(path) == normalize_path(section_path):
            path = section_path
        return f"{path}?{query}" if query else path

    def _reached_since(self, html: str) -> bool:
        """True when the listing shows an article older than ``since`` (listings are newest first)."""
        raw_dates = self._listing_dates(html)
        days = []
        for raw in raw_dates:
            parsed = parse_date(raw, tz=self.site.timezone, day_first=self.site.day_first)
            if parsed is not None:
                days.append(parsed.value.date())
        return bool(days) and self.since is not None and min(days) < self.since

    def _listing_dates(self, html: str) -> list[str]:
        listing_dates = getattr(self.parser, "listing_dates", None)
        if listing_dates is not None:
            return list(listing_dates(html))
        if self.site.listing_dates_css:
            return page_selector(html).css(self.site.listing_dates_css).getall()
        return []

    # -- articles ----------------------------------------------------------------------------

    def parse_article(self, response: Response, canonical_url: str) -> Iterator[Any]:
        stats = self.crawler.stats
        ordinary = (
            response.status == 200
            and isinstance(response, HtmlResponse)
            and not response.headers.get(b"cf-mitigated")
        )
        # An ordinary page is scanned for challenge markers only when it does not parse into an
        # article (see _is_substantial); any other response is checked first.
        if not ordinary and self._blocked(response):
            return
        if not isinstance(response, TextResponse):
            stats.inc_value("newscrawl/article/fetched")
            stats.inc_value("newscrawl/article/not_html")
            return
        if response.status >= 400:  # a 503 without challenge markers: unavailable, not an article
            self._http_failure(canonical_url, response.status)
            return
        stats.inc_value("newscrawl/article/fetched")
        page_url = self._canonical_from_page(response, canonical_url)
        try:
            # one decoder for crawl, extract and eval (not Scrapy's: see newscrawl.decoding)
            html, _ = decode_html(response.body, response.headers.get(b"Content-Type"))
            raw = self.parser.parse(html, page_url)
        except Exception:  # a parser bug must cost one page, not the crawl
            if ordinary and self._blocked(response):
                return
            stats.inc_value("newscrawl/article/parse_error")
            logger.exception("Parser failed on %s", response.url)
            return
        if ordinary and not _is_substantial(raw) and self._blocked(response):
            return
        if page_url != canonical_url:
            self._note_canonical(page_url)
        self._note_ok()
        stats.inc_value(f"newscrawl/parser/{raw.parser}")
        for name in fallback_fields(raw.provenance):  # a site selector missed, generic filled it
            stats.inc_value(f"newscrawl/fallback/{name}")
        item = ArticleItem(**raw_to_fields(raw, self.site))
        item["fetched_url"] = response.url
        item["fetched_at"] = datetime.now(UTC)
        item["http_etag"] = _header(response, b"ETag")
        item["http_last_modified"] = _header(response, b"Last-Modified")
        # The archived response (newscrawl.spiders.archive), when the archive is on.
        item["archive_file"], item["archive_offset"] = response.meta.get(
            "archive_record", (None, None)
        )
        yield item

    def _canonical_from_page(self, response: TextResponse, canonical_url: str) -> str:
        """The page's own ``rel=canonical`` when it names another URL of the same article's site.

        Aliases a URL rule cannot join (two slugs for one id) end up under one key this way.
        """
        # The parser reads the same page next: parse it once for both (not response.css).
        selector = page_selector(response.text) if isinstance(response, HtmlResponse) else response
        href = selector.css('link[rel="canonical"]::attr(href)').get()
        if not href:
            return canonical_url
        ref = article_ref(urljoin(response.url, href.strip()), self.site, self.base_url)
        if ref is None or ref.canonical == canonical_url:
            return canonical_url
        return ref.canonical

    def _note_canonical(self, page_url: str) -> None:
        self.crawler.stats.inc_value("newscrawl/article/canonical_from_page")
        self._requested.add(page_url)

    # -- blocking ------------------------------------------------------------------------------

    def _blocked(self, response: Response) -> bool:
        """Count and log a refusal (403, 429, challenge page); True when the response is one."""
        text = response.text if isinstance(response, TextResponse) else ""
        headers = {
            k.decode("latin-1"): v[0].decode("latin-1") for k, v in response.headers.items() if v
        }
        reason = block_reason(response.status, text, headers)
        if reason is None:
            if response.status >= 400:
                self.crawler.stats.inc_value(f"newscrawl/http/{response.status}")
            return False
        stats = self.crawler.stats
        stats.inc_value(f"newscrawl/blocked/{reason}")
        stats.inc_value("newscrawl/responses/blocked")
        self._blocked_in_a_row += 1
        logger.warning("Blocked by %s: %s (%s)", self.site.slug, response.url, reason)
        stop_after = self.settings.getint("NEWSCRAWL_BLOCKED_STOP_AFTER", 10)
        if (
            stop_after
            and self._blocked_in_a_row >= stop_after
            and not stats.get_value("newscrawl/responses/ok")
        ):
            logger.error(
                "%s answered %d blocked responses in a row and nothing else: stopping the crawl",
                self.site.slug, self._blocked_in_a_row,
            )  # fmt: skip
            raise CloseSpider("blocked")
        return True

    def _note_ok(self) -> None:
        self._blocked_in_a_row = 0
        self.crawler.stats.inc_value("newscrawl/responses/ok")

    def closed(self, reason: str) -> None:
        stats = self.crawler.stats
        blocked = stats.get_value("newscrawl/responses/blocked", 0)
        if not blocked:
            return
        ok = stats.get_value("newscrawl/responses/ok", 0)
        kinds = ", ".join(
            f"{key.removeprefix('newscrawl/blocked/')}: {value}"
            for key, value in sorted(stats.get_stats().items())
            if key.startswith("newscrawl/blocked/")
        )
        if blocked >= ok:
            stats.set_value("newscrawl/blocked", blocked)
            if not stats.get_value("newscrawl/failure"):
                stats.set_value("newscrawl/failure", "blocked")
            logger.error(
                "BLOCKED: %s refused the crawler: %d of %d responses were blocked (%s). "
                "This is not 'no new articles'.",
                self.site.slug, blocked, blocked + ok, kinds,
            )  # fmt: skip
        else:
            logger.warning(
                "%s blocked %d of %d responses (%s); the rest were crawled",
                self.site.slug, blocked, blocked + ok, kinds,
            )  # fmt: skip


def _is_substantial(raw: RawArticle) -> bool:
    """True when a page parsed into a titled article of real length: no challenge page is one.

    Such a page needs no scan for bot-challenge markers, which costs more than the parse
    itself on a 64 KB page; anything shorter is scanned as before.
    """
    if not (raw.title or "").strip():
        return False
    words = 0
    for paragraph in raw.body_paragraphs:
        words += len(paragraph.split())
        if words >= LITTLE_TEXT_WORDS:
            return True
    return False


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _spider_class(site: Site) -> type[SiteSpider]:
    name = "".join(part.title() for part in re.split(r"[^A-Za-z0-9]", site.slug)) + "Spider"
    attrs: dict[str, Any] = {"name": site.slug, "site": site, "__module__": __name__}
    # A site's own pace (Arab News asks for 10 s): above the project's defaults, below -s options.
    custom: dict[str, Any] = {}
    if site.download_delay is not None:
        custom["DOWNLOAD_DELAY"] = site.download_delay
    if site.concurrency is not None:
        custom["CONCURRENT_REQUESTS_PER_DOMAIN"] = site.concurrency
    if custom:
        attrs["custom_settings"] = custom
    return type(name, (SiteSpider,), attrs)


def _register_spiders() -> None:
    # One module-level name per spider: Scrapy's loader would see a loop variable as a second spider.
    for site in all_sites():
        cls = _spider_class(site)
        globals()[cls.__name__] = cls


_register_spiders()
