"""Options shared by the analyst commands (search, export, stats, clusters): filters and the database."""

from __future__ import annotations

import argparse
from datetime import date

from newscrawl.db import engine as db_engine
from newscrawl.db.engine import Engine
from newscrawl.db.queries import ArticleFilter
from newscrawl.errors import UserError


class CommandError(UserError):
    """A problem the user can fix; the message is printed and the command exits with ``code``."""

    code = 3


def site_slug(text: str) -> str:
    """An argparse type: a registered site's slug, else an error listing them."""
    from newscrawl.sites import all_sites

    slugs = [site.slug for site in all_sites()]
    if text in slugs:
        return text
    raise argparse.ArgumentTypeError(
        f"unknown site {text!r}: registered sites are {', '.join(slugs)} (`newscrawl sites`)"
    )


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
        type=site_slug,
        metavar="SLUG",
        help="only this outlet (repeatable): jordantimes (see `newscrawl sites`)",
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
        # `search` has its own positional QUERY (a list of words); only --query filters here.
        query=args.query if isinstance(getattr(args, "query", None), str) else None,
    )


def open_engine(url: str | None) -> Engine:
    """An engine on a database that exists and is at the code's revision (never created here)."""
    try:
        return db_engine.open_existing(url)
    except db_engine.DatabaseUnavailable as exc:
        raise CommandError(str(exc)) from exc
