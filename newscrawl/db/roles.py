"""The read-only analyst role (PostgreSQL): let a login role read the views, with a timeout.

Migration 0005 creates the group role ``newscrawl_analyst`` (NOLOGIN) and grants it SELECT on
the views and public tables. Role settings apply only to the role a session logs in as, so the
statement timeout and read-only default are set on each analyst login here, per database.
Functions take a ``Connection`` and never commit.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

ANALYST_ROLE = "newscrawl_analyst"
DEFAULT_TIMEOUT = "60s"

# Identifiers and literals are quoted by PostgreSQL's format(%I, %L) from bound values, then
# run by this session-private helper: no SQL is assembled from user input on the client.
_EXEC = text(
    "CREATE OR REPLACE FUNCTION pg_temp.newscrawl_exec(statement text) RETURNS void "
    "LANGUAGE plpgsql AS $fn$ BEGIN EXECUTE statement; END $fn$"
)


def _run(conn: Connection, template: str, **values: str) -> None:
    conn.execute(_EXEC)
    names = ", ".join(f":{k}" for k in values)
    conn.execute(
        text(f"SELECT pg_temp.newscrawl_exec(format(:template, {names}))"),
        {"template": template, **values},
    )


def role_exists(conn: Connection, name: str) -> bool:
    return bool(
        conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}).first()
    )


def grant_analyst(
    conn: Connection, name: str, *, password: str | None = None, timeout: str = DEFAULT_TIMEOUT
) -> bool:
    """Make ``name`` an analyst of this database; create it as a login role with ``password``
    when it does not exist. Returns whether the role was created."""
    if conn.dialect.name != "postgresql":
        raise RuntimeError("analyst roles exist on PostgreSQL only")
    if not role_exists(conn, ANALYST_ROLE):
        raise RuntimeError(f"role {ANALYST_ROLE} is missing: run `newscrawl db upgrade` first")
    created = False
    if not role_exists(conn, name):
        if not password:
            raise RuntimeError(f"role {name} does not exist; give a password to create it")
        _run(conn, "CREATE ROLE %I LOGIN PASSWORD %L", name=name, password=password)
        created = True
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    _run(conn, "GRANT %I TO %I", role=ANALYST_ROLE, name=name)
    _run(
        conn,
        "ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L",
        name=name,
        db=database,
        timeout=timeout,
    )
    _run(
        conn,
        "ALTER ROLE %I IN DATABASE %I SET default_transaction_read_only = on",
        name=name,
        db=database,
    )
    return created


def revoke_analyst(conn: Connection, name: str) -> None:
    """Take ``name`` out of the analyst role and reset its settings in this database."""
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    _run(conn, "REVOKE %I FROM %I", role=ANALYST_ROLE, name=name)
    _run(conn, "ALTER ROLE %I IN DATABASE %I RESET statement_timeout", name=name, db=database)
    _run(
        conn,
        "ALTER ROLE %I IN DATABASE %I RESET default_transaction_read_only",
        name=name,
        db=database,
    )
