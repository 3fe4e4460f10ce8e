"""Options shared by the analyst commands (search, export, stats, clusters): filters and the database."""

from __future__ import annotations

import argparse
from datetime import date

from newscrawl.db import engine as db_engine
from newscrawl.db.engine import Engine
from newscrawl.db.queries import ArticleFilter


class CommandError(Exception):
    """A problem the user can fix; the message is printed and the command exits with ``code``."""

    def __init__(self, message: str, code: int = 3) -> None:
        super().__init__(message)
        self.code = code


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} must be a date as YYYY-MM-DD") from exc


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        metavar="DATABASE_URL",
        help="database URL (default: $NEWSCRAWL_DATABASE_URL or sqlite:///newscrawl.db)",
    )


def add_filter_arguments(parser: argparse.ArgumentParser, *, query: bool = False) -> None:
    group = parser.add_argument_group("filters (all optional, combined with AND)")
    group.add_argument(
        "--source",
        action="append",
        default=[],
        metavar="SLUG",
        help="only this outlet (repeatable): jordantimes",
    )
    group.add_argument(
        "--since",
        type=_day,
        metavar="YYYY-MM-DD",
        help="published on or after this day (the outlet's calendar)",
    )
    group.add_argument(
        "--until",
        type=_day,
        metavar="YYYY-MM-DD",
        help="published on or before this day (the outlet's calendar)",
    )
    group.add_argument("--author", metavar="NAME", help="an author's name contains this (any case)")
    group.add_argument(
        "--agency", metavar="NAME", help="credits this agency: Reuters, AFP, Petra..."
    )
    group.add_argument(
        "--country", metavar="CC", help="a dateline place is in this country (ISO code: JO)"
    )
    if query:
        group.add_argument(
            "--query", metavar="TEXT", help="title or body matches this full-text query"
        )
    add_database_argument(parser)


def filters_from_args(args: argparse.Namespace) -> ArticleFilter:
    if args.since and args.until and args.since > args.until:
        raise CommandError("--since must not be after --until", code=2)
    return ArticleFilter(
        sources=tuple(args.source or ()),
        since=args.since,
        until=args.until,
        author=args.author,
        agency=args.agency,
        country=args.country,
        query=getattr(args, "query", None),
    )


def open_engine(url: str | None) -> Engine:
    """An engine on a database that exists and is at the code's revision (never created here)."""
    try:
        return db_engine.open_existing(url)
    except db_engine.DatabaseUnavailable as exc:
        raise CommandError(str(exc)) from exc
