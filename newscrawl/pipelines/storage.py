"""The last pipeline: batch articles and upsert them in a worker thread, never on the reactor.

A batch that cannot be written after a few retries is spooled to disk (JSON lines) and loaded
by the next run, so a database outage loses nothing; the run then exits non-zero.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer, threads

from newscrawl.db import repository
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
            self._flush()
        # Stopping the writer waits on its exit: in a thread, not on the reactor.
        closed = self.writes.addBoth(lambda _: threads.deferToThread(self._closed))
        await maybe_deferred_to_future(closed)

    def _closed(self) -> None:
        if self.writer is not None:
            self.writer.close()
            if self.writer.peak_rss_kb is not None:
                self.stats.set_value("newscrawl/storage/writer_peak_rss_kb", self.writer.peak_rss_kb)
        if self.engine is not None:
            self.engine.dispose()

    # -- writing -------------------------------------------------------------------

    def _flush(self) -> None:
        if not self.buffer:
            return
        batch, self.buffer = self.buffer, []
        # Chain the writes: one at a time, in order, so batches never race each other.
        self.writes.addCallback(lambda _: threads.deferToThread(self._write, batch))
        self.writes.addCallback(self._written, len(batch))
        self.writes.addErrback(self._write_failed, batch)

    def _write(self, batch: list[dict[str, Any]]) -> repository.UpsertResult:
        assert self.engine is not None
        attempt = 0
        while True:
            attempt += 1
            try:
                if self.writer is not None:
                    return self.writer.write(batch)
                with transaction(self.engine) as session:
                    return repository.upsert_articles(session, batch, self.source_ids)
            except (DatabaseError, WriteFailed) as exc:
                if attempt > self.retries:
                    raise
                logger.warning(
                    "Database write failed (attempt %d of %d): %s", attempt, self.retries + 1, exc
                )
                time.sleep(self.retry_delay * attempt)

    def _written(self, result: repository.UpsertResult, count: int) -> None:
        self.stats.inc_value("newscrawl/storage/batches")
        self.stats.inc_value("newscrawl/articles/new", len(result.new))
        self.stats.inc_value("newscrawl/articles/updated", len(result.updated))
        self.stats.inc_value("newscrawl/articles/unchanged", len(result.unchanged))
        self.stats.inc_value("newscrawl/storage/stored", count)

    def _write_failed(self, failure: Any, batch: list[dict[str, Any]]) -> None:
        path = self._spool(batch)
        logger.error(
            "Could not store %d articles (%s); spooled them to %s for the next run",
            len(batch),
            failure.getErrorMessage(),
            path,
        )
        self.stats.inc_value("newscrawl/storage/failed", len(batch))
        self.stats.inc_value("newscrawl/storage/spooled", len(batch))
        self.stats.set_value("newscrawl/failure", "storage_failed")

    # -- spool -----------------------------------------------------------------------

    def _spool(self, batch: list[dict[str, Any]]) -> Path:
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        path = self.spool_dir / f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.jsonl"
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            for record in batch:
                fh.write(json.dumps(record, default=_to_json, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        tmp.replace(path)
        return path

    def _load_spool(self) -> int:
        """Store articles an earlier run could not write; delete each file once stored."""
        if not self.spool_dir.is_dir():
            return 0
        assert self.engine is not None
        loaded = 0
        for path in sorted(self.spool_dir.glob("*.jsonl")):
            with path.open(encoding="utf-8") as fh:
                batch = [_from_spool(json.loads(line)) for line in fh if line.strip()]
            known = [r for r in batch if r.get("source") in self.source_ids]
            with transaction(self.engine) as session:
                repository.upsert_articles(session, known, self.source_ids)
            path.unlink()
            loaded += len(known)
            logger.info("Loaded %d spooled articles from %s", len(known), path)
        if loaded:
            self.stats.inc_value("newscrawl/storage/unspooled", loaded)
        return loaded
