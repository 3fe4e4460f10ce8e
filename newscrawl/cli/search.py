"""``newscrawl search "QUERY"``: ranked full-text search of stored articles, with snippets."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from newscrawl.cli.options import CommandError, add_filter_arguments, filters_from_args, open_engine
from newscrawl.db import queries

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
    parser.add_argument("query", help='what to look for: bitcoin, "central bank" -Reuters')
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


def run(args: argparse.Namespace) -> int:
    try:
        if args.limit < 1:
            raise CommandError("--limit must be at least 1", code=2)
        filters = filters_from_args(args)
        engine = open_engine(args.url)
        try:
            with engine.connect() as conn:
                hits = queries.search(conn, args.query, filters, args.limit)
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
