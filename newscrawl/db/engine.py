"""The one place that turns configuration into an engine, and keeps the schema migrated."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

__all__ = [
    "DatabaseError",
    "DatabaseMissing",
    "DatabaseUnavailable",
    "Engine",
    "Session",
    "check_ready",
    "current_revision_or_fail",
    "database_url",
    "describe_url",
    "explain_database_error",
    "make_engine",
    "open_existing",
    "read_session",
    "sqlite_file",
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
    """The configured URL: an explicit value, else ``$NEWSCRAWL_DATABASE_URL``, else SQLite.

    ``postgres://`` (the form hosting providers and libpq tools print) is read as
    ``postgresql+psycopg2://``; a value that is not a database URL fails with a clear message.
    """
    url = (explicit or os.environ.get(ENV_VAR) or DEFAULT_DATABASE_URL).strip()
    scheme, sep, rest = url.partition("://")
    if sep and scheme.lower() in ("postgres", "postgresql"):
        url = f"postgresql+psycopg2://{rest}"
    try:
        make_url(url)
    except ArgumentError:
        raise DatabaseUnavailable(
            f"cannot connect to the database: {_redacted(url)!r} is not a database URL (give one "
            f"such as postgresql://USER@HOST/DBNAME or sqlite:///FILE in --url or {ENV_VAR})"
        ) from None
    return url


def _redacted(text: str) -> str:
    """A URL-like text with any password between ``:`` and ``@`` hidden."""
    scheme, sep, rest = text.partition("://")
    if sep and "@" in rest:
        credentials, _, host = rest.rpartition("@")
        if ":" in credentials:
            credentials = credentials.split(":", 1)[0] + ":***"
        rest = f"{credentials}@{host}"
    return f"{scheme}{sep}{rest}"


def describe_url(url: str) -> str:
    """A URL safe to print (password hidden), with SQLite paths made absolute."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return f"sqlite:///{Path(parsed.database).resolve()}"
    return parsed.render_as_string(hide_password=True)


def make_engine(url: str | None = None, *, connect_timeout: int = 10) -> Engine:
    """An engine for the URL; ``connect_timeout`` (seconds, PostgreSQL) bounds a dead server's cost."""
    url = database_url(url)
    try:
        return _create(url, connect_timeout)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseUnavailable(
            f"cannot connect to the database at {describe_url(url)}: this kind of database is not "
            f"supported ({exc}); use postgresql://USER@HOST/DBNAME or sqlite:///FILE"
        ) from exc


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names (None for other databases and in-memory SQLite)."""
    parsed = make_url(url)
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    if database.startswith("file:"):
        return None  # a URI filename: SQLite's own options decide
    return Path(database)


def open_existing(url: str | None = None) -> Engine:
    """An engine on a database that exists and is migrated; never creates anything.

    For the commands that read (and those that only update rows): a missing SQLite file is
    reported instead of being created empty as a side effect.
    """
    url = database_url(url)
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise DatabaseMissing(
            f"cannot connect to the database at {describe_url(url)}: no such file (crawl first, "
            f"or pass --url / set {ENV_VAR})"
        )
    engine = make_engine(url)
    try:
        check_ready(engine, auto_migrate_sqlite=False)
    except BaseException:
        engine.dispose()
        raise
    return engine


def _create(url: str, connect_timeout: int) -> Engine:
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


def current_revision_or_fail(engine: Engine) -> str | None:
    """The schema revision, or DatabaseUnavailable saying the database cannot be reached."""
    try:
        return current_revision(engine)
    except Exception as exc:  # any driver error means "not reachable"
        shown = describe_url(engine.url.render_as_string(hide_password=False))
        raise DatabaseUnavailable(f"cannot connect to the database at {shown}: {_first_line(exc)}") from exc


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc)
    return next((line.strip() for line in text.splitlines() if line.strip()), type(exc).__name__)


def explain_database_error(exc: BaseException) -> str | None:
    """One line saying what a database error means and what to do; None if it is not one."""
    from sqlalchemy import exc as sa_exc

    detail = _first_line(exc)
    lowered = detail.lower()
    if isinstance(exc, sa_exc.NoSuchModuleError | sa_exc.ArgumentError):
        return (
            f"cannot connect to the database: {detail} (give a URL such as "
            "postgresql://USER@HOST/DBNAME or sqlite:///FILE)"
        )
    if "permission denied" in lowered:
        return (
            f"the database refused the query: {detail} (ask the database owner for access; "
            "analysts get it with `newscrawl analyst grant NAME`)"
        )
    if isinstance(exc, sa_exc.ProgrammingError | sa_exc.OperationalError) and (
        "does not exist" in lowered or "no such table" in lowered
    ):
        return f"the database is not migrated: run `newscrawl db upgrade` ({detail})"
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return f"cannot connect to the database: {detail}"
    if isinstance(exc, sa_exc.DBAPIError):
        return f"the database failed the query: {detail}"
    return None


def check_ready(engine: Engine, *, auto_migrate_sqlite: bool = True) -> None:
    """Fail fast, with a clear message, when the database is down or behind the code.

    The embedded SQLite default is created and migrated on first use; a server database
    must be migrated by the operator (``newscrawl db upgrade``).
    """
    shown = describe_url(engine.url.render_as_string(hide_password=False))
    current = current_revision_or_fail(engine)
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
        f"the database at {shown} is not migrated: run `newscrawl db upgrade` (it is {state}; "
        f"the code needs revision {head})"
    )

