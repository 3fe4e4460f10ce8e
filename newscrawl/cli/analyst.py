"""``newscrawl analyst grant|revoke NAME``: read-only PostgreSQL logins for analysts."""

from __future__ import annotations

import argparse
import os

from newscrawl.cli.options import CommandError, add_database_argument
from newscrawl.db import engine as db_engine
from newscrawl.db import roles

PASSWORD_ENV = "NEWSCRAWL_ANALYST_PASSWORD"


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "analyst",
        help="give a PostgreSQL login read-only access for analysts (role newscrawl_analyst)",
        description=(
            "grant: make NAME a member of newscrawl_analyst (SELECT on the views and article "
            "tables, nothing else) and set, in this database, its statement timeout and "
            f"read-only transactions. A missing NAME is created as a login role whose password "
            f"is read from ${PASSWORD_ENV}. revoke: undo the grant and the settings. Needs a "
            "user with CREATEROLE (the database owner or an administrator)."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True)
    grant = actions.add_parser("grant", help="make NAME an analyst (creating the login if needed)")
    grant.add_argument("name")
    grant.add_argument(
        "--timeout", default=roles.DEFAULT_TIMEOUT, help="statement timeout (default 60s)"
    )
    add_database_argument(grant)
    revoke = actions.add_parser("revoke", help="NAME stops being an analyst")
    revoke.add_argument("name")
    add_database_argument(revoke)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = db_engine.database_url(args.url)
    engine = db_engine.make_engine(url)
    try:
        if engine.dialect.name != "postgresql":
            raise CommandError("analyst roles exist on PostgreSQL only", code=2)
        with engine.begin() as conn:
            if args.action == "grant":
                created = roles.grant_analyst(
                    conn, args.name, password=os.environ.get(PASSWORD_ENV), timeout=args.timeout
                )
                verb = "created login and granted" if created else "granted"
                print(
                    f"{verb} {roles.ANALYST_ROLE} to {args.name} (statement_timeout {args.timeout}, read-only)"
                )
            else:
                roles.revoke_analyst(conn, args.name)
                print(f"revoked {roles.ANALYST_ROLE} from {args.name}")
    finally:
        engine.dispose()
    return 0
