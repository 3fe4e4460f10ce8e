"""``newscrawl sites``: print the site registry."""

from __future__ import annotations

import argparse
import json

from newscrawl.sites import all_sites


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("sites", help="list the registered sites")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def discovery(site) -> str:  # type: ignore[no-untyped-def]
    kinds = []
    if site.feeds:
        kinds.append(f"feeds:{len(site.feeds)}")
    if site.sitemaps:
        kinds.append(f"sitemaps:{len(site.sitemaps)}")
    if site.start_paths:
        kinds.append(f"listings:{len(site.start_paths)}")
    return " ".join(kinds) or "-"


def run(args: argparse.Namespace) -> int:
    rows = [
        {
            "slug": s.slug,
            "name": s.name,
            "country": s.country,
            "language": s.language,
            "timezone": s.timezone,
            "day_first": s.day_first,
            "discovery": discovery(s),
            "base": s.canonical_base,
        }
        for s in all_sites()
    ]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    from newscrawl.cli.table import render_table

    print(render_table(rows, ["slug", "name", "country", "discovery", "timezone", "base"]))
    return 0
