"""``newscrawl db upgrade|current|downgrade``: manage the schema of the configured database."""

from __future__ import annotations

import argparse

from newscrawl.db import engine as db_engine


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("db", help="database schema (Alembic migrations)")
    parser.add_argument("--url", help="database URL (default: $NEWSCRAWL_DATABASE_URL or sqlite:///newscrawl.db)")
    actions = parser.add_subparsers(dest="action", required=True)
    upgrade = actions.add_parser("upgrade", help="apply every migration up to the newest")
    current = actions.add_parser("current", help="print the revision the database is at")
    down = actions.add_parser("downgrade", help="step the schema back to REVISION")
    down.add_argument("revision")
    for action in (upgrade, current, down):  # `db current --url X` as well as `db --url X current`
        action.add_argument("--url", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = db_engine.database_url(args.url)
    shown = db_engine.describe_url(url)
    path = db_engine.sqlite_file(url)
    if args.action != "upgrade" and path is not None and not path.exists():
        # Reading the revision must not leave an empty database file behind.
        raise db_engine.DatabaseUnavailable(
            f"cannot connect to the database at {shown}: no such file (`newscrawl db upgrade` "
            f"creates it; or pass --url / set {db_engine.ENV_VAR})"
        )
    engine = db_engine.make_engine(url)
    try:
        current = db_engine.current_revision_or_fail(engine)
    finally:
        engine.dispose()
    if args.action == "upgrade":
        db_engine.upgrade(url)
        print(f"database at {shown} is at revision {db_engine.head_revision()} (head)")
    elif args.action == "downgrade":
        db_engine.downgrade(url, args.revision)
        print(f"database at {shown} downgraded to {args.revision}")
    else:
        print(f"database at {shown} is at revision {current or '(empty)'}; code head is {db_engine.head_revision()}")
    return 0
