"""Shared fixtures: throw-away PostgreSQL databases built by the migrations, repo paths."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures"
# The server the tests may create databases on; CI starts it (see .ci/run).
ADMIN_URL = os.environ.get("NEWSCRAWL_TEST_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres")


def _admin_engine():  # type: ignore[no-untyped-def]
    return create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})


def create_database(prefix: str = "newscrawl_test") -> str:
    """Create an empty PostgreSQL database; returns its URL. Fails the test if the server is down."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    engine = _admin_engine()
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # a clear message instead of a stack of driver errors
        pytest.fail(f"PostgreSQL is required for storage tests ({ADMIN_URL}): {exc}")
    finally:
        engine.dispose()
    return make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    engine = _admin_engine()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def fresh_pg_url() -> Iterator[str]:
    """An empty database of its own, dropped afterwards (for crawls and migration tests)."""
    url = create_database()
    yield url
    drop_database(url)


@pytest.fixture(scope="session")
def migrated_pg_url() -> Iterator[str]:
    """One database for the session, schema built by running the Alembic migrations."""
    from newscrawl.db.engine import upgrade

    url = create_database()
    upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture
def pg_session(migrated_pg_url: str) -> Iterator[Session]:
    """A session inside a transaction that is rolled back after the test."""
    engine = create_engine(migrated_pg_url)
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()
        engine.dispose()
