"""``newscrawl runs``: recent crawl runs per site, from ``crawl_runs``."""

from __future__ import annotations

import argparse
import json

from newscrawl.cli.options import add_database_argument, open_engine, site_slug
from newscrawl.cli.table import render_table
from newscrawl.db.engine import read_session
from newscrawl.db.runs import recent_runs


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("runs", help="show recent crawl runs")
    parser.add_argument("--site", type=site_slug, help="only this spider (a site slug)")
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    add_database_argument(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    engine = open_engine(args.url)
    try:
        with read_session(engine) as session:
            rows = [
                {
                    "id": r.id,
                    "spider": r.spider,
                    "started": r.started_at.strftime("%Y-%m-%d %H:%M:%S") if r.started_at else None,
                    "secs": round((r.finished_at - r.started_at).total_seconds()) if r.finished_at else None,
                    "status": r.status,
                    "failure": r.failure,
                    "exit": r.exit_code,
                    "pages": r.pages_fetched,
                    "new": r.articles_new,
                    "updated": r.articles_updated,
                    "unchanged": r.articles_unchanged,
                    "skipped": r.articles_skipped,
                    "dropped": sum((r.dropped or {}).values()),
                    "errors": sum((r.errors or {}).values()),
                    "blocked": r.blocked_responses,
                    "fill": " ".join(f"{k}={v:.2f}" for k, v in (r.fill_rates or {}).items()),
                }
                for r in recent_runs(session, args.site, args.limit)
            ]
    finally:
        engine.dispose()
    if args.format == "json":
        print(json.dumps(rows, indent=2, default=str))
    elif not rows:
        print("no crawl runs recorded" + (f" for {args.site}" if args.site else ""))
    else:
        columns = ["id", "spider", "started", "secs", "status", "failure", "exit", "pages", "new",
                   "updated", "unchanged", "skipped", "dropped", "errors", "blocked", "fill"]  # fmt: skip
        print(render_table(rows, columns))
    return 0
