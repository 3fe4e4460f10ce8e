"""The one place that turns configuration into an engine, and keeps the schema migrated."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

__all__ = [
    "DatabaseError",
    "DatabaseMissing",
    "DatabaseUnavailable",
    "Engine",
    "Session",
    "check_ready",
    "database_url",
    "describe_url",
    "make_engine",
    "open_existing",
    "read_session",
    "transaction",
]

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///newscrawl.db"
ENV_VAR = "NEWSCRAWL_DATABASE_URL"
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


class DatabaseUnavailable(RuntimeError):
    """The database could not be reached or is not migrated; the message says what to do."""


class DatabaseMissing(DatabaseUnavailable):
    """An embedded database file that does not exist (nothing was crawled into it yet)."""


DatabaseError = SQLAlchemyError
"""What a failed statement raises, named here so code outside ``db/`` can catch it."""


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed when the block ends, rolled back on an error."""
    with Session(engine) as session, session.begin():
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading (nothing is committed)."""
    with Session(engine) as session:
        yield session


def database_url(explicit: str | None = None) -> str:
    """The configured URL: an explicit value, else ``$NEWSCRAWL_DATABASE_URL``, else SQLite."""
    return explicit or os.environ.get(ENV_VAR) or DEFAULT_DATABASE_URL


def describe_url(url: str) -> str:
    """A URL safe to print (password hidden), with SQLite paths made absolute."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return f"sqlite:///{Path(parsed.database).resolve()}"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str | None = None, *, connect_timeout: int = 10) -> Engine:
    """An engine for the URL; ``connect_timeout`` (seconds, PostgreSQL) bounds a dead server's cost."""
    url = database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": connect_timeout})


def alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None, revision: str = "head") -> None:
    """Apply the Alembic migrations to the configured database."""
    from alembic import command

    command.upgrade(alembic_config(database_url(url)), revision)


def downgrade(url: str | None, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url(url)), revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def check_ready(engine: Engine, *, auto_migrate_sqlite: bool = True) -> None:
    """Fail fast, with a clear message, when the database is down or behind the code.

    The embedded SQLite default is created and migrated on first use; a server database
    must be migrated by the operator (``newscrawl db upgrade``).
    """
    shown = describe_url(engine.url.render_as_string(hide_password=False))
    try:
        current = current_revision(engine)
    except Exception as exc:  # any driver error means "not reachable"
        raise DatabaseUnavailable(f"cannot connect to the database at {shown}: {exc}") from exc
    head = head_revision()
    if current == head:
        return
    if engine.dialect.name == "sqlite" and auto_migrate_sqlite:
        logger.info("Migrating %s from %s to %s", shown, current, head)
        upgrade(engine.url.render_as_string(hide_password=False))
        return
    tables = inspect(engine).get_table_names()
    state = "empty" if not tables else f"at revision {current}"
    raise DatabaseUnavailable(
        f"the database at {shown} is {state}, the code needs {head}: run `newscrawl db upgrade`"
    )


def open_existing(url: str | None) -> Engine:
    """An engine on a database that exists and is at the code's revision (never created here).

    Raises :class:`DatabaseMissing` for an embedded database file that is not there, and
    :class:`DatabaseUnavailable` when the server is down or the schema is behind.
    """
    url = database_url(url)
    parsed = make_url(url)
    database = parsed.database or ""
    on_disk = parsed.get_backend_name() == "sqlite" and database not in ("", ":memory:")
    if on_disk and not Path(database).exists():
        raise DatabaseMissing(
            f"no database at {describe_url(url)}: crawl first, or pass --url / set {ENV_VAR}"
        )
    engine = make_engine(url)
    try:
        check_ready(engine, auto_migrate_sqlite=False)
    except DatabaseUnavailable:
        engine.dispose()
        raise
    return engine
