"""``newscrawl normalize byline|dateline|date TEXT``: see why a value normalizes the way it does."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime

from newscrawl.cli.options import site_slug
from newscrawl.normalize.byline import normalize_byline
from newscrawl.normalize.dateline import split_dateline
from newscrawl.normalize.dates import explain_date


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("normalize", help="normalize one byline, dateline or date and print JSON")
    parser.add_argument("kind", choices=("byline", "dateline", "date"))
    parser.add_argument("text")
    parser.add_argument("--site", type=site_slug, help="use this registered site's conventions (timezone, date order, desks)")
    parser.add_argument("--tz", help="IANA timezone for dates without an offset (default: the site's, else UTC)")
    order = parser.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="day_first", action="store_true", default=None)
    order.add_argument("--month-first", dest="day_first", action="store_false")
    parser.add_argument("--now", help="reference time for relative dates (ISO 8601; default: now)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    site = None
    if args.site:
        from newscrawl.sites import get_site

        site = get_site(args.site)
    if args.kind == "byline":
        result = normalize_byline(args.text, site_desks=site.desks if site else ())
        out = result.to_dict()
    elif args.kind == "dateline":
        found, rest = split_dateline(args.text, colon_style=bool(site and site.colon_datelines))
        out = {
            "dateline": found.dateline if found else None,
            "dateline_places": found.places if found else [],
            "dateline_countries": found.countries if found else [],
            "agencies": found.agencies if found else [],
            "date_text": found.date_text if found else None,
            "rest": rest,
        }
    else:
        tz = args.tz or (site.timezone if site else "UTC")
        day_first = args.day_first if args.day_first is not None else (site.day_first if site else None)
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(UTC)
        parsed, reason = explain_date(args.text, tz=tz, day_first=day_first, now=now)
        out = {
            "value": parsed.isoformat() if parsed else None,
            "precision": parsed.precision if parsed else None,
            "status": reason,
            "timezone": tz,
        }
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return 0
