"""One crawl per site per database: a PostgreSQL advisory lock, or a lock file beside SQLite.

Two crawls of one site into one database would fetch and write the same articles twice and
both count them as new. The crawl command takes this lock before it starts and holds it
until the process ends; a second crawl finds it taken and stops at once (exit 13).

PostgreSQL: a session-level advisory lock keyed on the site, held by one idle connection in
autocommit mode (no transaction stays open). If that connection drops (the database
restarts), the lock is gone too; the crawl carries on and its writes stay idempotent.
SQLite: ``flock`` on ``<database file>.<site>.lock``, released by the kernel when the process
ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

logger = logging.getLogger(__name__)

_NAMESPACE = "newscrawl crawl "


class CrawlLock:
    """``acquire()`` is True when this process may crawl the site (or the lock cannot apply)."""

    def __init__(self, url: str, site: str) -> None:
        self.url = url
        self.site = site
        self._engine: Any = None
        self._connection: Any = None
        self._fd: int | None = None

    def acquire(self) -> bool:
        parsed = make_url(self.url)
        backend = parsed.get_backend_name()
        if backend == "postgresql":
            return self._acquire_pg()
        if backend == "sqlite" and parsed.database and parsed.database != ":memory:":
            return self._acquire_file(Path(parsed.database))
        return True

    def _acquire_pg(self) -> bool:
        self._engine = create_engine(
            self.url, isolation_level="AUTOCOMMIT", pool_size=1, connect_args={"connect_timeout": 10}
        )
        try:
            self._connection = self._engine.connect()
            taken = self._connection.execute(
                text("SELECT pg_try_advisory_lock(hashtextextended(:key, 0))"), {"key": _NAMESPACE + self.site}
            ).scalar()
        except SQLAlchemyError as exc:
            # The crawl reports an unreachable database itself (exit 3) with advice.
            logger.debug("Could not take the crawl lock: %s", exc)
            self.release()
            return True
        if not taken:
            self.release()
        return bool(taken)

    def _acquire_file(self, database: Path) -> bool:
        path = database.with_name(f"{database.name}.{self.site}.lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            logger.debug("Could not open the crawl lock file %s: %s", path, exc)
            return True
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(SQLAlchemyError):
                self._connection.close()  # ends the session, and with it the lock
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
