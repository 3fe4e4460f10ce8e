"""The last pipeline: batch articles and upsert them in a worker thread, never on the reactor.

A batch that cannot be written after a few retries is spooled to disk (JSON lines) and loaded
by the next run, so a database outage loses nothing; the run then exits non-zero (4). A batch
that can be neither written nor spooled (the spool directory is unusable, the disk is full) is
counted under ``newscrawl/storage/lost`` and logged as an ERROR, and the run exits 11.

A spool file is written under a temporary name, flushed to disk and only then renamed to its
``.jsonl`` name, so the next run loads whole batches only; a failed write removes its
temporary file.

The pipeline also keeps the run's failed article fetches (``newscrawl.signals``): they are
written to ``fetch_failures`` along with the batches, or spooled like them, so the next run
fetches those articles again.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads
from twisted.python.failure import Failure

from newscrawl import signals as newscrawl_signals
from newscrawl.db import fetch_failures, repository
from newscrawl.db.engine import (
    DatabaseError,
    DatabaseUnavailable,
    Engine,
    check_ready,
    database_url,
    describe_url,
    make_engine,
    transaction,
)
from newscrawl.errors import first_line
from newscrawl.pipelines.writer import WriteFailed, WriterProcess
from newscrawl.schema import INSTANT_FIELDS, STORED_FIELDS
from newscrawl.sites import all_sites, source_rows

logger = logging.getLogger(__name__)

# Items are stored as their STORED_FIELDS (newscrawl.schema); instants are spooled as ISO 8601.
_DATETIME_FIELDS = tuple(name for name in INSTANT_FIELDS if name in STORED_FIELDS)
BATCH_LOST = object()
"""What the write chain carries after a batch that was neither stored nor spooled."""
ARTICLES_SPOOL = ".jsonl"
FAILURES_SPOOL = ".failed-fetches.jsonl"
RUNS_SPOOL = ".crawl-run.jsonl"
_NOT_ARTICLES = (FAILURES_SPOOL, RUNS_SPOOL)
_TEMPORARY = ".tmp"


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def _from_spool(record: dict[str, Any]) -> dict[str, Any]:
    for name in _DATETIME_FIELDS:
        if record.get(name):
            record[name] = datetime.fromisoformat(record[name])
    return record


class StoragePipeline:
    """Idempotent batched upserts into the configured database (SQLite or PostgreSQL)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.url = database_url(settings.get("NEWSCRAWL_DATABASE_URL"))
        self.batch_size = settings.getint("NEWSCRAWL_BATCH_SIZE", 100)
        self.retries = settings.getint("NEWSCRAWL_DB_RETRIES", 3)
        self.retry_delay = settings.getfloat("NEWSCRAWL_DB_RETRY_DELAY", 1.0)
        self.spool_dir = Path(settings.get("NEWSCRAWL_SPOOL_DIR") or "spool")
        # Batches are written by a child process (see writer.py) unless this is off.
        self.use_writer_process = settings.getbool("NEWSCRAWL_WRITER_PROCESS", True)
        self.writer: WriterProcess | None = None
        self.engine: Engine | None = None
        self.source_ids: dict[str, int] = {}
        self.buffer: list[dict[str, Any]] = []
        self.writes: defer.Deferred[Any] = defer.succeed(None)
        self.failed_fetches: dict[str, tuple[str, str]] = {}  # url -> (source slug, reason)
        self.gone: set[str] = set()
        self.in_flight: list[dict[str, Any]] | None = None
        self.aborting = False  # a forced shutdown: no more retries, no new writer
        self._abort = threading.Event()  # wakes a retry that is waiting
        self._spooled_by_force: list[list[dict[str, Any]]] = []
        crawler.signals.connect(self._fetch_failed, signal=newscrawl_signals.article_fetch_failed)
        crawler.signals.connect(self._fetch_gone, signal=newscrawl_signals.article_fetch_gone)
        crawler.signals.connect(self._forced_shutdown, signal=newscrawl_signals.forced_shutdown)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoragePipeline:
        return cls(crawler)

    # -- lifecycle -----------------------------------------------------------------

    async def open_spider(self) -> None:
        await maybe_deferred_to_future(threads.deferToThread(self._open).addErrback(self._open_failed))

    def _open(self) -> int:
        self.engine = make_engine(self.url)
        check_ready(self.engine)
        with transaction(self.engine) as session:
            self.source_ids = repository.ensure_sources(session, source_rows(all_sites()))
        logger.info("Storing articles in %s", describe_url(self.url))
        loaded = self._load_spool()
        if self.use_writer_process:
            self.writer = WriterProcess(self.url, self.source_ids)
            self.writer.start()
        return loaded

    def _open_failed(self, failure: Any) -> None:
        exc = failure.value
        reason = str(exc) if isinstance(exc, DatabaseUnavailable) else f"database error: {first_line(exc)}"
        logger.error("Storage unavailable, stopping the crawl: %s", reason)
        self.stats.set_value("newscrawl/storage/unavailable", 1)
        self.stats.set_value("newscrawl/failure", "database_unavailable")
        self.stats.set_value("newscrawl/failure_detail", reason)
        if self.engine is not None:
            self.engine.dispose()
            self.engine = None
        # Fail fast: nothing this run fetches could be stored.
        from twisted.internet import reactor

        reactor.callLater(0, self._stop_crawl)  # type: ignore[attr-defined,arg-type]

    def _stop_crawl(self) -> None:
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            if hasattr(engine, "close_spider_async"):  # Scrapy 2.14+
                from scrapy.utils.defer import deferred_from_coro

                deferred_from_coro(engine.close_spider_async(reason="database_unavailable"))
            else:
                engine.close_spider(engine.spider, "database_unavailable")

    def process_item(self, item: Any) -> Any:
        if self.engine is None:
            self.stats.inc_value("newscrawl/storage/not_stored")
            return item
        record = {name: item.get(name) for name in STORED_FIELDS}
        self.buffer.append(record)
        if len(self.buffer) >= self.batch_size:
            self._flush()
        return item

    async def close_spider(self) -> None:
        if self.engine is not None:
            self._flush(final=True)
        # Stopping the writer waits on its exit: in a thread, not on the reactor.
        closed = self.writes.addBoth(self._chain_ended).addBoth(lambda _: threads.deferToThread(self._closed))
        await maybe_deferred_to_future(closed)

    def _chain_ended(self, result: Any) -> None:
        if isinstance(result, Failure):  # a bug in the bookkeeping, not a database error
            logger.error("Storage bookkeeping failed: %s", result.getTraceback())
            self.stats.set_value("newscrawl/failure", "storage_spooled")

    def _closed(self) -> None:
        if self.writer is not None:
            self.writer.close()
            if self.writer.peak_rss_kb is not None:
                self.stats.set_value("newscrawl/storage/writer_peak_rss_kb", self.writer.peak_rss_kb)
        if self.engine is not None:
            self.engine.dispose()

    # -- writing -------------------------------------------------------------------

    def _flush(self, final: bool = False) -> None:
        if self.buffer:
            batch, self.buffer = self.buffer, []
            # Chain the writes: one at a time, in order, so batches never race each other.
            self.writes.addCallback(lambda _: threads.deferToThread(self._write, batch))
            self.writes.addCallback(self._written, len(batch))
            self.writes.addErrback(self._write_failed, batch)
        self._batch_chained()
        if self.failed_fetches or self.gone or final:
            self._flush_fetch_failures()

    def _batch_chained(self) -> None:
        """Hook: the chain now ends with the batch's outcome (None, or :data:`BATCH_LOST`)."""

    def _write(self, batch: list[dict[str, Any]]) -> repository.UpsertResult:
        assert self.engine is not None
        self.in_flight = batch
        attempt = 0
        try:
            while True:
                attempt += 1
                try:
                    if self.aborting:
                        raise WriteFailed("the crawl was stopped by force")
                    if self.writer is not None:
                        return self.writer.write(batch)
                    with transaction(self.engine) as session:
                        return repository.store_crawled(session, batch, self.source_ids)
                except (DatabaseError, WriteFailed) as exc:
                    if attempt > self.retries or self.aborting:
                        raise
                    logger.warning(
                        "Database write failed (attempt %d of %d): %s", attempt, self.retries + 1, exc
                    )
                    self._abort.wait(self.retry_delay * attempt)
        finally:
            self.in_flight = None

    def _written(self, result: repository.UpsertResult, count: int) -> None:
        self.stats.inc_value("newscrawl/storage/batches")
        self.stats.inc_value("newscrawl/articles/new", len(result.new))
        self.stats.inc_value("newscrawl/articles/updated", len(result.updated))
        self.stats.inc_value("newscrawl/articles/unchanged", len(result.unchanged))
        self.stats.inc_value("newscrawl/storage/stored", count)

    def _write_failed(self, failure: Any, batch: list[dict[str, Any]]) -> object:
        self.stats.inc_value("newscrawl/storage/failed", len(batch))
        if any(batch is spooled for spooled in self._spooled_by_force):
            return None  # the forced shutdown spooled this very batch already
        try:
            path = self._spool(batch)
        except OSError as exc:
            self._lost(len(batch), "articles", failure.getErrorMessage(), exc)
            return BATCH_LOST
        logger.error(
            "Could not store %d articles (%s); spooled them to %s for the next run",
            len(batch),
            failure.getErrorMessage(),
            path,
        )
        self.stats.inc_value("newscrawl/storage/spooled", len(batch))
        if self.stats.get_value("newscrawl/failure") in (None, "storage_spooled"):
            self.stats.set_value("newscrawl/failure", "storage_spooled")
        return None

    def _lost(self, count: int, what: str, why: str, spool_error: OSError) -> None:
        """Neither stored nor spooled: say so loudly, count it, and fail the run (exit 11)."""
        logger.error(
            "LOST %d %s: the database refused them (%s) and the spool directory %s is unusable "
            "(%s). Fix the spool directory (NEWSCRAWL_SPOOL_DIR) and the database, then run again: "
            "the articles are fetched again because they were never stored.",
            count, what, why, self.spool_dir, spool_error,
        )  # fmt: skip
        if what == "articles":
            self.stats.inc_value("newscrawl/storage/lost", count)
        else:
            self.stats.inc_value("newscrawl/storage/lost_fetch_failures", count)
        self.stats.set_value("newscrawl/failure", "storage_lost")

    # -- failed fetches ------------------------------------------------------------------

    def _fetch_failed(self, url: str, source: str, reason: str) -> None:
        self.failed_fetches[url] = (source, reason)
        self.gone.discard(url)

    def _fetch_gone(self, url: str) -> None:
        self.gone.add(url)
        self.failed_fetches.pop(url, None)

    def _flush_fetch_failures(self) -> None:
        failed, self.failed_fetches = self.failed_fetches, {}
        gone, self.gone = self.gone, set()
        if self.engine is None:
            if failed:  # storage never opened (exit 3); these are fetched again anyway
                self.stats.inc_value("newscrawl/storage/fetch_failures_unrecorded", len(failed))
            return
        if not failed and not gone:
            return
        self.writes.addCallback(lambda _: threads.deferToThread(self._write_fetch_failures, failed, gone))
        self.writes.addErrback(self._fetch_failures_not_written, failed)

    def _write_fetch_failures(self, failed: dict[str, tuple[str, str]], gone: set[str]) -> None:
        assert self.engine is not None
        if self.aborting:
            raise WriteFailed("the crawl was stopped by force")
        with transaction(self.engine) as session:
            fetch_failures.record(session, failed, self.source_ids, datetime.now(UTC))
            fetch_failures.clear(session, gone)
        self.stats.inc_value("newscrawl/storage/fetch_failures_recorded", len(failed))

    def _fetch_failures_not_written(self, failure: Any, failed: dict[str, tuple[str, str]]) -> None:
        if not failed:
            return
        records = [{"url": url, "source": source, "reason": reason} for url, (source, reason) in failed.items()]
        try:
            path = self._spool(records, kind=FAILURES_SPOOL)
        except OSError as exc:
            self._lost(len(failed), "failed-fetch records", failure.getErrorMessage(), exc)
            return
        logger.error(
            "Could not record %d failed article fetches (%s); spooled them to %s for the next run",
            len(failed), failure.getErrorMessage(), path,
        )  # fmt: skip
        self.stats.inc_value("newscrawl/storage/fetch_failures_spooled", len(failed))
        if self.stats.get_value("newscrawl/failure") in (None, "storage_spooled"):
            self.stats.set_value("newscrawl/failure", "storage_spooled")

    # -- forced shutdown -----------------------------------------------------------------

    def _forced_shutdown(self) -> None:
        """A second Ctrl-C: stop the writer child now and keep what is in memory on disk.

        Runs on the reactor, first thing after the signal. The batch being written and the
        buffer are spooled (a batch the writer committed just before it was killed is loaded
        again, harmlessly: upserts are idempotent); the worker thread waiting on the writer
        sees its pipe close and gives up without retrying, so the process can exit.
        """
        self.aborting = True
        self._abort.set()
        in_flight = self.in_flight
        pending = list(in_flight or []) + self.buffer
        self.buffer = []
        if in_flight is not None:
            self._spooled_by_force.append(in_flight)
        if self.writer is not None:
            self.writer.kill()
        if not pending or self.engine is None:
            return
        try:
            path = self._spool(pending)
        except OSError as exc:
            self._lost(len(pending), "articles", "the crawl was stopped by force", exc)
            return
        self.stats.inc_value("newscrawl/storage/spooled", len(pending))
        logger.warning("Forced shutdown: spooled %d unwritten articles to %s", len(pending), path)

    # -- spool -----------------------------------------------------------------------

    def _spool(self, batch: list[dict[str, Any]], kind: str = ARTICLES_SPOOL) -> Path:
        """Write a batch as a ``.jsonl`` file atomically; raises OSError, leaving nothing behind."""
        return write_spool_file(self.spool_dir, batch, kind)

    def _load_spool(self) -> int:
        """Store articles an earlier run could not write; delete each file once stored."""
        if not self.spool_dir.is_dir():
            return 0
        assert self.engine is not None
        remove_stale_temporaries(self.spool_dir)
        loaded = 0
        for path in sorted(self.spool_dir.glob(f"*{ARTICLES_SPOOL}")):
            if path.name.endswith(_NOT_ARTICLES):
                continue
            batch = _read_spool(path)
            if batch is None:  # another run (of another site) loaded it first
                continue
            known = [_from_spool(r) for r in batch if r.get("source") in self.source_ids]
            with transaction(self.engine) as session:
                repository.store_crawled(session, known, self.source_ids)
            path.unlink(missing_ok=True)
            loaded += len(known)
            logger.info("Loaded %d spooled articles from %s", len(known), path)
        if loaded:
            self.stats.inc_value("newscrawl/storage/unspooled", loaded)
        for path, records in read_spool_files(self.spool_dir, FAILURES_SPOOL):
            failed = {r["url"]: (r["source"], r["reason"]) for r in records}
            with transaction(self.engine) as session:
                fetch_failures.record(session, failed, self.source_ids, datetime.now(UTC))
            path.unlink(missing_ok=True)
            logger.info("Recorded %d spooled failed fetches from %s", len(failed), path)
        return loaded




def write_spool_file(spool_dir: Path, records: list[dict[str, Any]], kind: str = ARTICLES_SPOOL) -> Path:
    """Write records as JSON lines: a hidden temporary name, fsync, rename, fsync the directory.

    The next run loads only complete files. On any error the temporary file is removed and
    the OSError propagates: the caller decides whether that loses data.
    """
    spool_dir.mkdir(parents=True, exist_ok=True)
    name = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}{kind}"
    path = spool_dir / name
    tmp = spool_dir / f".{name}.{os.getpid()}{_TEMPORARY}"
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, default=_to_json, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    directory = os.open(spool_dir, os.O_RDONLY)
    try:
        os.fsync(directory)  # the rename itself must survive a power cut
    finally:
        os.close(directory)
    return path


def remove_stale_temporaries(spool_dir: Path) -> int:
    """Delete temporary spool files whose writing process is gone (killed mid-write)."""
    removed = 0
    for tmp in spool_dir.glob(f".*{_TEMPORARY}"):
        pid = tmp.name.removesuffix(_TEMPORARY).rpartition(".")[2]
        if pid.isdigit() and _alive(int(pid)):
            continue
        tmp.unlink(missing_ok=True)
        removed += 1
        logger.warning("Removed an incomplete spool file left by a killed run: %s", tmp)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_spool_files(spool_dir: Path, kind: str) -> list[tuple[Path, list[dict[str, Any]]]]:
    """The complete spool files of one kind, oldest first, with their records."""
    if not spool_dir.is_dir():
        return []
    found = []
    for path in sorted(spool_dir.glob(f"*{kind}")):
        records = _read_spool(path)
        if records is not None:
            found.append((path, records))
    return found


def _read_spool(path: Path) -> list[dict[str, Any]] | None:
    try:
        with path.open(encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return None
