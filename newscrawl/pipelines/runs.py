"""Record every crawl in ``crawl_runs`` and run the extraction-health canary at the end.

The row is written at the start, its counters are checkpointed every
``NEWSCRAWL_RUN_CHECKPOINT_INTERVAL`` seconds (so a run killed hard still shows what it did),
and it is finished at the end. When the database is down at the end the finished row is
spooled (``NEWSCRAWL_SPOOL_DIR``) and written by the next run, before that run marks runs
that never finished as ``aborted``: a spooled run keeps its own status and reason.
"""

from __future__ import annotations

import json
import logging
import socket
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import threads
from twisted.internet.task import LoopingCall

from newscrawl.db import runs as run_repo
from newscrawl.db.engine import DatabaseError, database_url, make_engine, read_session, transaction
from newscrawl.errors import first_line
from newscrawl.outcome import EXIT_CODES, exit_code, run_outcome
from newscrawl.pipelines.storage import RUNS_SPOOL, read_spool_files, write_spool_file
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
        self.spool_dir = Path(settings.get("NEWSCRAWL_SPOOL_DIR") or "spool")
        self.checkpoint_interval = settings.getfloat("NEWSCRAWL_RUN_CHECKPOINT_INTERVAL", 30.0)
        self.run_id: int | None = None
        self.engine: Any = None
        self._checkpoints: LoopingCall | None = None
        self._checkpointing = False
        self._finished = False

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
        self._apply_spooled_finishes()
        with transaction(self.engine) as session:
            self.run_id = run_repo.start_run(session, spider, datetime.now(UTC), self.host, arguments)
            aborted = run_repo.mark_abandoned(session, spider, self.host, keep=self.run_id)
        if aborted:
            logger.warning("%d earlier run(s) of %s never finished (killed); marked aborted", aborted, spider)
        if self.checkpoint_interval > 0:
            from twisted.internet import reactor

            reactor.callFromThread(self._start_checkpoints)  # type: ignore[attr-defined]

    def _apply_spooled_finishes(self) -> None:
        """Finish the rows of earlier runs that could not write their end (database down)."""
        for path, records in read_spool_files(self.spool_dir, RUNS_SPOOL):
            with transaction(self.engine) as session:
                for record in records:
                    run_id = record.pop("run_id")
                    record["finished_at"] = datetime.fromisoformat(record["finished_at"])
                    run_repo.finish_run(session, run_id, **record)
            path.unlink(missing_ok=True)
            logger.info("Recorded the end of %d earlier run(s) from %s", len(records), path)

    # -- checkpoints -----------------------------------------------------------------

    def _start_checkpoints(self) -> None:
        if self._finished or self.run_id is None:
            return
        self._checkpoints = LoopingCall(self._checkpoint)
        self._checkpoints.start(self.checkpoint_interval, now=False)

    def _stop_checkpoints(self) -> None:
        if self._checkpoints is not None and self._checkpoints.running:
            self._checkpoints.stop()

    def _checkpoint(self) -> None:
        """Write the counters so far to the run's row (status stays ``running``)."""
        if self._checkpointing or self.run_id is None or self.engine is None:
            return
        self._checkpointing = True
        snapshot = dict(self.crawler.stats.get_stats())
        fields = _counters(snapshot)
        fields["stats"] = _jsonable(snapshot)
        done = threads.deferToThread(self._write_checkpoint, fields)
        done.addErrback(lambda f: logger.warning("Could not checkpoint the crawl run: %s", f.getErrorMessage()))
        done.addBoth(self._checkpoint_done)

    def _write_checkpoint(self, fields: dict[str, Any]) -> None:
        with transaction(self.engine) as session:
            run_repo.checkpoint_run(session, self.run_id, **fields)  # type: ignore[arg-type]

    def _checkpoint_done(self, _: Any) -> None:
        self._checkpointing = False

    def _unavailable(self, failure: Any) -> None:
        # The storage pipeline fails the crawl on its own; the run simply goes unrecorded.
        logger.warning("Could not record the crawl run: %s", first_line(failure.value))
        self.run_id = None

    async def spider_closed(self, spider: Any, reason: str) -> None:
        self._finished = True
        self._stop_checkpoints()
        if self.run_id is None or self.engine is None:
            return
        rates = fill_rates(self.crawler.stats.get_stats())
        finished = threads.deferToThread(self._history, spider.name).addCallback(
            self._finish, spider.name, reason, rates
        )
        await maybe_deferred_to_future(finished.addErrback(self._unavailable))

    def _history(self, spider: str) -> list[dict[str, float]]:
        try:
            with read_session(self.engine) as session:
                return run_repo.recent_fill_rates(session, spider, exclude=self.run_id)
        except DatabaseError as exc:  # the end is still recorded (or spooled) below
            logger.warning("Could not read earlier runs for the canary: %s", exc)
            return []

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
        fields = self._final_fields(snapshot, reason, rates)
        return threads.deferToThread(self._write_finish, fields)

    def _final_fields(self, snapshot: dict[str, Any], reason: str, rates: dict[str, float]) -> dict[str, Any]:
        outcome = run_outcome(snapshot)
        return {
            "finished_at": datetime.now(UTC),
            "status": "failed" if outcome else "ok",
            "finish_reason": reason,
            "failure": outcome,
            "exit_code": exit_code(snapshot),
            **_counters(snapshot),
            "fill_rates": rates,
            "archive_files": list(snapshot.get("newscrawl/archive/files") or []),
            "stats": _jsonable(snapshot),
        }

    def _write_finish(self, fields: dict[str, Any], engine: Any = None) -> None:
        engine = engine or self.engine
        try:
            with transaction(engine) as session:
                run_repo.finish_run(session, self.run_id, **fields)  # type: ignore[arg-type]
        except DatabaseError as exc:
            self._spool_finish(fields, exc)
        finally:
            engine.dispose()

    def _spool_finish(self, fields: dict[str, Any], exc: Exception) -> None:
        record = {"run_id": self.run_id, **fields}
        try:
            path = write_spool_file(self.spool_dir, [_jsonable(record)], RUNS_SPOOL)
        except OSError as spool_exc:
            logger.error(
                "Could not record the end of this run (%s) nor spool it (%s); the next run will "
                "mark it aborted", exc, spool_exc,
            )  # fmt: skip
            return
        logger.error(
            "Could not record the end of this run (%s); spooled it to %s for the next run", exc, path
        )

    def record_forced_stop(self, reason: str) -> None:
        """After a forced shutdown (the reactor is gone): finish the row now, synchronously.

        Uses a fresh connection with a short timeout so that a dead database cannot hold the
        process; the row is spooled instead.
        """
        self._finished = True
        if self.run_id is None:
            return
        snapshot = dict(self.crawler.stats.get_stats())
        snapshot["finish_reason"] = reason
        fields = self._final_fields(snapshot, reason, fill_rates(snapshot))
        fields["status"] = "failed"
        fields["failure"] = "unfinished"
        fields["exit_code"] = EXIT_CODES["unfinished"]
        self._write_finish(fields, make_engine(self.url, connect_timeout=2))


def _counters(snapshot: Mapping[str, Any]) -> dict[str, Any]:
    """The row's counter columns from the stats so far."""
    return {
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
        "fallbacks": _counts(snapshot, "newscrawl/fallback/"),
    }


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))
