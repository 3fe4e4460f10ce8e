"""``newscrawl renormalize``: re-run the normalizers over stored raw values after a fix.

Each stored article is laid out again from what its page printed (``byline``,
``date_published_raw``, ``date_updated_raw``, ``dateline_raw`` + ``body``...: the schema's
raw fields, ``newscrawl.processing.stored_to_fields``) and runs through the crawl's own steps
(``processing.run_steps``); rows whose result differs from what is stored are updated in place
(with a new revision when the content changed). Rows are read and written a page at a time.
Parser fixes that need the page itself are applied by re-fetching:
``scrapy crawl SITE -s NEWSCRAWL_INCREMENTAL=0``.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from newscrawl.cli.options import add_database_argument, open_engine, site_slug
from newscrawl.db import repository
from newscrawl.processing import run_steps, stored_to_fields
from newscrawl.schema import COLUMNS, INSTANT_FIELDS
from newscrawl.sites import get_site


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("renormalize", help="re-run normalizers over stored raw values")
    parser.add_argument("--site", type=site_slug, help="only this site (slug)")
    parser.add_argument("--dry-run", action="store_true", help="count changes without writing")
    parser.add_argument("--batch", type=int, default=500, help="rows read and written at a time")
    add_database_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = open_engine(args.url)
    try:
        seen, changed = repository.rework_stored_articles(
            engine, renormalized, site=args.site, page_size=max(args.batch, 1), write=not args.dry_run
        )
    finally:
        engine.dispose()
    verb = "would change" if args.dry_run else "changed"
    print(f"{seen} articles checked, {changed} {verb}")
    return 0


def renormalized(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """The article a stored row becomes when the crawl's steps run again; None if unchanged.

    Validation is not run: a stored article stays stored, whatever its body became.
    """
    article = stored_to_fields(row)
    run_steps(article, get_site(row["source"]), validate=False)
    new_row = repository.article_row(article, row["source_id"], datetime.now(UTC))
    for column in repository.ARTICLE_COLUMNS:
        old, new = row[column], new_row[column]
        if column in _INSTANT_COLUMNS:
            if not _same_instant(old, new):
                return article
        elif old != new:
            return article
    return None


_INSTANT_COLUMNS = frozenset(COLUMNS[name] for name in INSTANT_FIELDS if name in COLUMNS)


def _same_instant(stored: datetime | None, value: datetime | None) -> bool:
    if stored is None or value is None:
        return stored is value
    if stored.tzinfo is None:  # SQLite hands back naive UTC
        stored = stored.replace(tzinfo=UTC)
    return stored == value
