"""``newscrawl sites``: print the site registry (``newscrawl sites SLUG`` shows one record in full).

The ``markup`` column says whether a site's selectors are confirmed by public evidence
(``verified``, ``partly``, with the newest source's year) or are guesses (``unverified``), in
which case generic extraction decides most fields there.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from newscrawl.cli.options import site_slug
from newscrawl.sites import all_sites, get_site
from newscrawl.sites.base import Site


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("sites", help="list the registered sites")
    parser.add_argument(
        "slug", nargs="?", type=site_slug, help="show every field of this site's record"
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def discovery(site: Site) -> str:
    """``feeds:2 sitemaps:1 listings:5 ids``: the discovery sources a record declares."""
    kinds = []
    if site.feeds:
        kinds.append(f"feeds:{len(site.feeds)}")
    if site.sitemaps:
        kinds.append(f"sitemaps:{len(site.sitemaps)}")
    if site.start_paths:
        kinds.append(f"listings:{len(site.start_paths)}")
    if site.id_range is not None:
        kinds.append("ids")
    return " ".join(kinds) or "-"


def _parser_name(site: Site) -> str:
    if site.parser_factory is not None:
        factory = site.parser_factory
        return getattr(factory, "__name__", type(factory).__name__)
    return "SelectorParser" if site.selectors is not None else "GenericParser"


def summary(site: Site) -> dict[str, Any]:
    return {
        "slug": site.slug,
        "name": site.name,
        "country": site.country,
        "language": site.language,
        "timezone": site.timezone,
        "day_first": site.day_first,
        "discovery": discovery(site),
        "markup": site.evidence.markup(),
        "base": site.canonical_base,
    }


def detail(site: Site) -> dict[str, Any]:
    id_range = site.id_range
    return {
        **summary(site),
        "domains": list(site.domains),
        "article_url_pattern": site.article_url_pattern,
        "identity": site.identity(),
        "article_query_keys": (
            None if site.article_query_keys is None else list(site.article_query_keys)
        ),
        "canonical_rewrites": [list(pair) for pair in site.canonical_rewrites],
        "feeds": list(site.feeds),
        "sitemaps": list(site.sitemaps),
        "listings": list(site.start_paths),
        "ids": (
            None
            if id_range is None
            else {
                "url_template": id_range.url_template,
                "first": id_range.first,
                "last": id_range.last,
            }
        ),
        "colon_datelines": site.colon_datelines,
        "desks": list(site.desks),
        "parser": _parser_name(site),
        "download_delay": site.download_delay,
        "confirmed_selectors": list(site.evidence.selectors),
        "confirmed_urls": site.evidence.urls,
        "confirmed_discovery": list(site.evidence.discovery),
        "evidence_note": site.evidence.note,
    }


def run(args: argparse.Namespace) -> int:
    if args.slug:
        site = get_site(args.slug)
        record = detail(site)
        if args.format == "json":
            print(json.dumps(record, indent=2))
        else:
            width = max(len(k) for k in record)
            for key, value in record.items():
                shown = ", ".join(map(str, value)) if isinstance(value, list) else value
                print(f"{key:<{width}}  {shown if shown not in ('', None) else '-'}")
        return 0
    rows = [summary(s) for s in all_sites()]
    if args.format == "json":
        print(json.dumps(rows, indent=2))
        return 0
    from newscrawl.cli.table import render_table

    print(render_table(rows, ["slug", "name", "country", "discovery", "markup", "timezone", "base"]))
    return 0
