"""Record every crawl in ``crawl_runs`` and run the extraction-health canary at the end."""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads

from newscrawl.db import runs as run_repo
from newscrawl.db.engine import database_url, make_engine, read_session, transaction
from newscrawl.errors import first_line
from newscrawl.outcome import exit_code, run_outcome
from newscrawl.processing import CANARY_FIELDS, FILL_FIELDS

logger = logging.getLogger(__name__)


def fill_rates(stats: Mapping[str, Any]) -> dict[str, float]:
    """Share of this run's articles with each field filled (empty when no article was made)."""
    total = stats.get("newscrawl/fill/articles") or 0
    if not total:
        return {}
    return {name: round((stats.get(f"newscrawl/fill/{name}") or 0) / total, 4) for name in FILL_FIELDS}


def canary_alarms(
    current: Mapping[str, float],
    history: Sequence[Mapping[str, float]],
    *,
    articles: int,
    min_articles: int,
    ratio: float,
    floor: float = 0.2,
) -> list[str]:
    """Fields whose fill rate fell below ``ratio`` × their recent average (a layout change?)."""
    if articles < min_articles or not history:
        return []
    alarms = []
    for name, rate in current.items():
        if name not in CANARY_FIELDS:
            continue
        past = [h[name] for h in history if name in h]
        if not past:
            continue
        average = sum(past) / len(past)
        if average >= floor and rate < average * ratio:
            alarms.append(f"{name}: {rate:.0%} of articles, recent average {average:.0%}")
    return alarms


def _counts(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    return {k[len(prefix) :]: int(v) for k, v in stats.items() if k.startswith(prefix) and isinstance(v, int)}


# Requests a component chose not to send (a known article, robots.txt, a stopping crawl) are
# counted where they are decided (articles_skipped, robotstxt/forbidden); they are not errors.
NOT_ERRORS = ("scrapy.exceptions.IgnoreRequest",)


def run_errors(stats: Mapping[str, Any]) -> dict[str, int]:
    """Errors by kind: download exceptions, spider exceptions, HTTP 4xx/5xx answers."""
    downloads = _counts(stats, "downloader/exception_type_count/")
    return {
        **{k: v for k, v in downloads.items() if k not in NOT_ERRORS},
        **{f"spider/{k}": v for k, v in _counts(stats, "spider_exceptions/").items()},
        **{f"http/{k}": v for k, v in _counts(stats, "downloader/response_status_count/").items() if k[0] in "45"},
    }


class CrawlRunRecorder:
    """A Scrapy extension: one ``crawl_runs`` row per run, finished with the run's figures."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("NEWSCRAWL_RECORD_RUNS", True):
            raise NotConfigured
        self.crawler = crawler
        self.url = database_url(settings.get("NEWSCRAWL_DATABASE_URL"))
        self.min_articles = settings.getint("NEWSCRAWL_CANARY_MIN_ARTICLES", 10)
        self.ratio = settings.getfloat("NEWSCRAWL_CANARY_RATIO", 0.5)
        self.host = socket.gethostname()
        self.run_id: int | None = None
        self.engine: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    async def spider_opened(self, spider: Any) -> None:
        arguments = {k: getattr(spider, k) for k in ("base_url", "max_pages", "since") if getattr(spider, k, None)}
        started = threads.deferToThread(self._start, spider.name, _jsonable(arguments))
        await maybe_deferred_to_future(started.addErrback(self._unavailable))

    def _start(self, spider: str, arguments: dict[str, Any]) -> None:
        self.engine = make_engine(self.url)
        with transaction(self.engine) as session:
            self.run_id = run_repo.start_run(session, spider, datetime.now(UTC), self.host, arguments)
            aborted = run_repo.mark_abandoned(session, spider, self.host, keep=self.run_id)
        if aborted:
            logger.warning("%d earlier run(s) of %s never finished (killed); marked aborted", aborted, spider)

    def _unavailable(self, failure: Any) -> None:
        # The storage pipeline fails the crawl on its own; the run simply goes unrecorded.
        logger.warning("Could not record the crawl run: %s", first_line(failure.value))
        self.run_id = None

    async def spider_closed(self, spider: Any, reason: str) -> None:
        if self.run_id is None or self.engine is None:
            return
        rates = fill_rates(self.crawler.stats.get_stats())
        finished = threads.deferToThread(self._history, spider.name).addCallback(
            self._finish, spider.name, reason, rates
        )
        await maybe_deferred_to_future(finished.addErrback(self._unavailable))

    def _history(self, spider: str) -> list[dict[str, float]]:
        with read_session(self.engine) as session:
            return run_repo.recent_fill_rates(session, spider, exclude=self.run_id)

    def _finish(self, history: list[dict[str, float]], spider: str, reason: str, rates: dict[str, float]) -> Any:
        stats = self.crawler.stats
        articles = int(stats.get_value("newscrawl/fill/articles") or 0)
        alarms = canary_alarms(rates, history, articles=articles, min_articles=self.min_articles, ratio=self.ratio)
        if alarms:
            for alarm in alarms:
                logger.error("EXTRACTION HEALTH CANARY for %s: %s", spider, alarm)
            stats.set_value("newscrawl/canary", "; ".join(alarms))
        snapshot = dict(stats.get_stats())
        snapshot.setdefault("finish_reason", reason)
        fallbacks = _counts(snapshot, "newscrawl/fallback/")
        if fallbacks:  # the site's selectors missed: an early sign of a layout change
            logger.warning(
                "%s: the site parser missed fields that generic extraction filled (pages per field): %s",
                spider, ", ".join(f"{name} {count}" for name, count in sorted(fallbacks.items())),
            )  # fmt: skip
        outcome = run_outcome(snapshot)
        fields = {
            "finished_at": datetime.now(UTC),
            "status": "failed" if outcome else "ok",
            "finish_reason": reason,
            "failure": outcome,
            "exit_code": exit_code(snapshot),
            "pages_fetched": int(snapshot.get("downloader/response_count") or 0),
            "articles_new": int(snapshot.get("newscrawl/articles/new") or 0),
            "articles_updated": int(snapshot.get("newscrawl/articles/updated") or 0),
            "articles_unchanged": int(snapshot.get("newscrawl/articles/unchanged") or 0)
            + int(snapshot.get("newscrawl/articles/not_modified") or 0),
            "articles_skipped": int(snapshot.get("newscrawl/articles/skipped_known") or 0),
            "dropped": _counts(snapshot, "newscrawl/item/dropped/"),
            "errors": run_errors(snapshot),
            "blocked_responses": int(
                snapshot.get("newscrawl/responses/blocked") or snapshot.get("newscrawl/blocked") or 0
            ),
            "fill_rates": rates,
            "fallbacks": fallbacks,
            "archive_files": list(snapshot.get("newscrawl/archive/files") or []),
            "stats": _jsonable(snapshot),
        }
        return threads.deferToThread(self._write_finish, fields)

    def _write_finish(self, fields: dict[str, Any]) -> None:
        with transaction(self.engine) as session:
            run_repo.finish_run(session, self.run_id, **fields)  # type: ignore[arg-type]
        self.engine.dispose()


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
