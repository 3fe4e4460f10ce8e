"""The database writer as a child process: SQL and story clustering off the crawl's interpreter.

The storage pipeline's worker thread used to run ``repository.upsert_articles`` itself. That
work (SQL compiling, psycopg2, MinHash signatures, LSH lookups) holds the GIL, so it
slowed the reactor thread down by about a fifth of its time. Here it runs in a child process
(started with ``spawn``: no forked copy of the reactor's threads) on the machine's other core;
the worker thread only sends a batch down a pipe and waits for the answer, which releases
the GIL.

The child writes each batch in one transaction and answers ``("ok", UpsertResult)`` or
``("error", message)``; retries and spooling stay with the pipeline. It ignores SIGINT and
SIGTERM (a stop signal sent to the whole process group must not kill it before the pipeline
has flushed its buffer through it) and exits when the pipe closes: when the pipeline closes
it, or when the crawl process dies. A forced shutdown (a second Ctrl-C) kills it outright.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
from multiprocessing.connection import Connection
from typing import Any

from newscrawl.db.repository import UpsertResult

logger = logging.getLogger(__name__)

_START_TIMEOUT = 60.0
_STOP_TIMEOUT = 30.0


class WriteFailed(Exception):
    """A batch the writer could not store (the database refused it, or the writer died)."""


def _serve(conn: Connection, url: str, source_ids: dict[str, int]) -> None:
    """The child's loop: one batch in, one answer out, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from newscrawl.db import repository
    from newscrawl.db.engine import make_engine, transaction

    engine = make_engine(url)
    conn.send(("ready", None))
    try:
        while True:
            try:
                batch = conn.recv()
            except (EOFError, OSError):
                return
            if batch is None:  # closing: report this process's peak memory and stop
                with contextlib.suppress(EOFError, OSError):
                    conn.send(("bye", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
                return
            try:
                with transaction(engine) as session:
                    result = repository.store_crawled(session, batch, source_ids)
            except Exception as exc:  # any failure is the batch's, reported to the pipeline
                engine.dispose()  # a dropped connection must not be reused for the retry
                reply: tuple[str, Any] = ("error", f"{type(exc).__name__}: {exc}")
            else:
                reply = ("ok", result)
            try:
                conn.send(reply)
            except (EOFError, OSError):
                return
    finally:
        engine.dispose()


class WriterProcess:
    """One child writing batches in order; call :meth:`write` from one thread at a time."""

    def __init__(self, url: str, source_ids: dict[str, int]) -> None:
        self.url = url
        self.source_ids = dict(source_ids)
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self.peak_rss_kb: int | None = None
        """The writer's peak resident memory, known once :meth:`close` has stopped it."""

    def start(self) -> None:
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        process = context.Process(
            target=_serve,
            args=(child, self.url, self.source_ids),
            name="newscrawl-writer",
            daemon=True,
        )
        process.start()
        child.close()
        self._process, self._conn = process, parent
        self._ready = False  # the child imports and connects while the crawl starts

    def _wait_ready(self, conn: Connection) -> None:
        if not conn.poll(_START_TIMEOUT):
            self._discard()
            raise WriteFailed(f"the database writer did not start within {_START_TIMEOUT:.0f} s")
        try:
            conn.recv()
        except (EOFError, OSError) as exc:
            self._discard()
            raise WriteFailed("the database writer exited while starting") from exc
        self._ready = True

    def write(self, batch: list[dict[str, Any]]) -> UpsertResult:
        """Store one batch in one transaction; raises :class:`WriteFailed` when it was not."""
        if self._conn is None:
            self.start()
        assert self._conn is not None
        if not self._ready:
            self._wait_ready(self._conn)
        try:
            self._conn.send(batch)
            kind, payload = self._conn.recv()
        except (EOFError, OSError) as exc:
            code = self._process.exitcode if self._process is not None else None
            self._discard()  # the next batch starts a new writer
            raise WriteFailed(f"the database writer died (exit code {code})") from exc
        if kind != "ok":
            raise WriteFailed(str(payload))
        return payload  # the child's UpsertResult

    def close(self) -> None:
        if self._conn is None:
            return
        with contextlib.suppress(EOFError, OSError, ValueError):
            self._conn.send(None)
            while self._conn.poll(_STOP_TIMEOUT):  # past "ready" if no batch was written
                kind, value = self._conn.recv()
                if kind == "bye":
                    self.peak_rss_kb = int(value)
                    break
        self._process.join(_STOP_TIMEOUT)
        if self._process.is_alive():
            logger.warning("The database writer did not stop; terminating it")
            self._process.terminate()
            self._process.join(5)
        self._discard()

    def kill(self) -> None:
        """Stop the child at once (a forced shutdown); safe to call from a signal handler.

        A write waiting on the child sees the pipe close and fails with :class:`WriteFailed`.
        """
        process = self._process
        if process is not None and process.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(process.pid, signal.SIGKILL)

    def _discard(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        self._process, self._conn = None, None
