"""``newscrawl search "QUERY"``: ranked full-text search of stored articles, with snippets.

Also ``newscrawl search-index``: index the articles a bulk load stored without search vectors
(PostgreSQL; SQLite's index is kept current by triggers).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from newscrawl.cli.options import (
    CommandError,
    add_database_argument,
    add_filter_arguments,
    filters_from_args,
    open_engine,
)
from newscrawl.db import queries, search_index

CSV_COLUMNS = ("rank", "published", "source", "title", "authors", "agencies", "dateline", "snippet",
               "url", "article_id", "story_id")  # fmt: skip


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "search",
        help="full-text search of stored articles (ranked, with snippets)",
        description=(
            "Search titles and bodies. QUERY uses web-search syntax: words (all must match), "
            '"an exact phrase", or between alternatives, -word to exclude. English words match '
            "their other forms (talks ~ talk); Arabic and mixed text match as written. Matches "
            "are marked **like this** in the snippet."
        ),
    )
    parser.add_argument(
        "query",
        nargs="+",
        help='what to look for: bitcoin, "central bank" -Reuters (words are joined)',
    )
    add_filter_arguments(parser)
    parser.add_argument(
        "--limit", type=int, default=20, help="at most this many results (default 20)"
    )
    parser.add_argument(
        "--format",
        choices=("table", "json", "csv"),
        default="table",
        help="table: one block per hit (default); json: an array; csv: one row per hit",
    )
    parser.set_defaults(func=run)

    index = subparsers.add_parser(
        "search-index",
        help="index articles stored without search vectors (after a deferred bulk load)",
        description=(
            "Compute the full-text vectors (article_search) of every article that has none or "
            "whose content changed since it was indexed, BATCH articles per transaction, and "
            "report the rate. A crawl indexes what it stores as it goes; this catches up after "
            "a load that deferred indexing. PostgreSQL only: SQLite has nothing to do."
        ),
    )
    index.add_argument(
        "--batch", type=int, default=2000, help="articles per transaction (default 2000)"
    )
    index.add_argument("--quiet", action="store_true", help="no progress lines, only the summary")
    add_database_argument(index)
    index.set_defaults(func=run_index)


def run_index(args: argparse.Namespace) -> int:
    try:
        if args.batch < 1:
            raise CommandError("--batch must be at least 1", code=2)
        engine = open_engine(args.url)
    except CommandError as exc:
        print(f"newscrawl search-index: {exc}", file=sys.stderr)
        return exc.code
    try:
        if not search_index.supported(engine):
            print("nothing to index: SQLite keeps its full-text index current by itself")
            return 0

        def progress(report: search_index.IndexReport) -> None:
            if not args.quiet:
                print(f"  {report.indexed:,} indexed, {report.rate:,.0f} articles/s", file=sys.stderr)

        report = search_index.index_all(engine, args.batch, progress)
    finally:
        engine.dispose()
    print(
        f"indexed {report.indexed:,} articles in {report.seconds:.1f} s "
        f"({report.rate:,.0f} articles/s, {report.batches} transactions)"
    )
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        if args.limit < 1:
            raise CommandError("--limit must be at least 1", code=2)
        filters = filters_from_args(args)
        engine = open_engine(args.url)
        try:
            with engine.connect() as conn:
                hits = queries.search(conn, " ".join(args.query), filters, args.limit)
        finally:
            engine.dispose()
    except queries.InvalidQuery as exc:
        print(f"newscrawl search: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"newscrawl search: {exc}", file=sys.stderr)
        return exc.code
    rows = [hit.as_dict() for hit in hits]
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        write_csv(rows)
    else:
        print(render_hits(rows))
    if not rows:
        print("no articles match", file=sys.stderr)
    return 0


def write_csv(rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(
        sys.stdout, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\n"
    )
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {**row, "authors": "; ".join(row["authors"]), "agencies": "; ".join(row["agencies"])}
        )


def render_hits(rows: list[dict[str, Any]]) -> str:
    """One block per hit: rank, day, outlet and headline; credits; the snippet; the URL."""
    blocks = []
    width = len(str(len(rows)))
    for n, row in enumerate(rows, start=1):
        pad = " " * (width + 2)
        credit = ", ".join(row["authors"] + row["agencies"]) or "no byline"
        extra = " | ".join(
            x
            for x in (
                credit,
                row["dateline"],
                f"story {row['story_id']}" if row["story_id"] else None,
            )
            if x
        )
        blocks.append(
            f"{n:>{width}}. {row['rank']:.3f}  {row['published'] or '(no date)'}  {row['source']}  {row['title']}\n"
            f"{pad}{extra}\n{pad}{row['snippet']}\n{pad}{row['url']}"
        )
    return "\n\n".join(blocks)
