"""``newscrawl db upgrade|current|downgrade``: manage the schema of the configured database."""

from __future__ import annotations

import argparse
import sys

from newscrawl.db import engine as db_engine


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("db", help="database schema (Alembic migrations)")
    parser.add_argument("--url", help="database URL (default: $NEWSCRAWL_DATABASE_URL or sqlite:///newscrawl.db)")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("upgrade", help="apply every migration up to the newest")
    actions.add_parser("current", help="print the revision the database is at")
    down = actions.add_parser("downgrade", help="step the schema back to REVISION")
    down.add_argument("revision")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = db_engine.database_url(args.url)
    shown = db_engine.describe_url(url)
    try:
        if args.action == "upgrade":
            db_engine.upgrade(url)
            print(f"database at {shown} is at revision {db_engine.head_revision()} (head)")
        elif args.action == "downgrade":
            db_engine.downgrade(url, args.revision)
            print(f"database at {shown} downgraded to {args.revision}")
        else:
            engine = db_engine.make_engine(url)
            try:
                current = db_engine.current_revision(engine)
            finally:
                engine.dispose()
            print(f"database at {shown} is at revision {current or '(empty)'}; code head is {db_engine.head_revision()}")
    except Exception as exc:  # operator-facing: one clear line, non-zero exit
        print(f"newscrawl db {args.action}: cannot use the database at {shown}: {exc}", file=sys.stderr)
        return 3
    return 0
