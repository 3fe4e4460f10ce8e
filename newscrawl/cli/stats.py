"""``newscrawl stats``: articles per source per day, author and agency leaders, field fill rates."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newscrawl.cli.options import CommandError, add_filter_arguments, filters_from_args, open_engine
from newscrawl.cli.table import render_table
from newscrawl.db import queries


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "stats",
        help="articles per source per day, leading authors and agencies, field fill rates",
        description=(
            "Summaries of the stored articles. Days are the outlets' local publication days; "
            "stories count republished copies of one agency story once."
        ),
    )
    add_filter_arguments(parser)
    parser.add_argument(
        "--days",
        type=int,
        default=14,
        help="summarize the most recent N days with articles (default 14; 0 for the whole "
        "history); --since overrides it",
    )
    parser.add_argument(
        "--top", type=int, default=10, help="authors and agencies to list (default 10)"
    )
    parser.add_argument(
        "--plot",
        metavar="FILE.png",
        type=Path,
        help="also draw articles per day per source into this PNG",
    )
    parser.add_argument(
        "--period",
        choices=("auto", "day", "week", "month"),
        default="auto",
        help="plot per day, week or month (auto: by the span of dates)",
    )
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(func=run)


def window_filters(conn: Any, filters: queries.ArticleFilter, days: int) -> queries.ArticleFilter:
    """``filters`` narrowed to the latest ``days`` days with articles, unless --since is given.

    Every summary then reads only that window (through the publication-date index) instead of
    the whole history; ``days`` 0 keeps the whole history.
    """
    if days <= 0 or filters.since is not None:
        return filters
    window = queries.latest_days(conn, filters, days)
    if window is None:
        return filters
    first, last = window
    # The latest day as an explicit end changes no result, but a range closed on both sides
    # is what lets SQLite's planner pick the date index over a walk of every outlet's rows.
    return replace(filters, since=first, until=filters.until or last)


def collect(conn: Any, filters: queries.ArticleFilter, top: int) -> dict[str, Any]:
    return {
        "daily": queries.daily_counts(conn, filters),
        "authors": queries.top_authors(conn, filters, top),
        "agencies": queries.top_agencies(conn, filters, top),
        "fill_rates": queries.fill_rates(conn, filters),
    }


def run(args: argparse.Namespace) -> int:
    try:
        if args.days < 0 or args.top < 1:
            raise CommandError("--days must be 0 or more and --top at least 1", code=2)
        if args.plot is not None and args.plot.suffix.lower() != ".png":
            raise CommandError("--plot must name a .png file", code=2)
        filters = filters_from_args(args)
        engine = open_engine(args.url)
        try:
            with engine.connect() as conn:
                data = collect(conn, window_filters(conn, filters, args.days), args.top)
                # The plot draws the whole history (or the --since/--until range).
                history = queries.daily_counts(conn, filters) if args.plot is not None else []
        finally:
            engine.dispose()
        if args.plot is not None:
            plot_daily(history, args.plot, args.period)
    except CommandError as exc:
        print(f"newscrawl stats: {exc}", file=sys.stderr)
        return exc.code
    if args.format == "json":
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(render(data, args.days))
    if args.plot is not None:
        print(f"plot written to {args.plot}", file=sys.stderr)
    return 0


def pivot_daily(daily: list[dict[str, Any]], days: int) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows of day -> articles per source (newest day first), plus the source columns."""
    sources = sorted({r["source"] for r in daily})
    by_day: dict[str, dict[str, Any]] = {}
    for r in daily:
        row = by_day.setdefault(r["day"], {"day": r["day"], "total": 0, "stories": 0})
        row[r["source"]] = r["articles"]
        row["total"] += r["articles"]
        row["stories"] += r["stories"]
    rows = sorted(by_day.values(), key=lambda r: r["day"], reverse=True)
    return (rows[:days] if days else rows), sources


def render(data: dict[str, Any], days: int) -> str:
    parts = []
    rows, sources = pivot_daily(data["daily"], days)
    total = sum(r["articles"] for r in data["daily"])
    # The window counts days that have articles (an archive may end months ago), not calendar days.
    shown = f"the {len(rows)} most recent days with articles" if days else "every day"
    parts.append(f"Articles per source per day ({total} articles; {shown})")
    parts.append(
        render_table(rows, ["day", *sources, "total", "stories"]) if rows else "(no dated articles)"
    )
    parts.append("\nAuthors with the most articles")
    parts.append(render_table(data["authors"], ["author", "articles", "sources", "first", "last"])
                 if data["authors"] else "(none)")  # fmt: skip
    parts.append("\nAgencies most credited (stories: republished copies count once)")
    parts.append(render_table(data["agencies"], ["agency", "articles", "stories", "sources"])
                 if data["agencies"] else "(none)")  # fmt: skip
    parts.append("\nField fill rates (share of articles with the field)")
    fill = [
        {k: (f"{v:.0%}" if k in queries.FILL_FIELDS else v) for k, v in r.items()}
        for r in data["fill_rates"]
    ]
    parts.append(
        render_table(fill, ["source", "articles", *queries.FILL_FIELDS])
        if fill
        else "(no articles)"
    )
    return "\n".join(parts)


def plot_buckets(
    daily: list[dict[str, Any]], period: str = "auto"
) -> tuple[str, dict[str, tuple[list[date], list[int]]]]:
    """Counts per source per day, week (from Monday) or month, days without articles as 0.

    ``auto`` keeps days for spans up to four months, then weeks up to three years, then months,
    so a long archive still reads as a curve rather than scattered ones.
    """
    days = [date.fromisoformat(r["day"]) for r in daily]
    first, last = min(days), max(days)
    if period == "auto":
        span = (last - first).days
        period = "day" if span <= 120 else "week" if span <= 3 * 366 else "month"

    def bucket(day: date) -> date:
        if period == "week":
            return day - timedelta(days=day.weekday())
        if period == "month":
            return day.replace(day=1)
        return day

    axis: list[date] = []
    current = bucket(first)
    while current <= last:
        axis.append(current)
        current = next_period(current, period)
    counts: dict[str, dict[date, int]] = {}
    for r, day in zip(daily, days, strict=True):
        per_source = counts.setdefault(r["source"], {})
        per_source[bucket(day)] = per_source.get(bucket(day), 0) + r["articles"]
    return period, {src: (axis, [c.get(b, 0) for b in axis]) for src, c in sorted(counts.items())}


def next_period(start: date, period: str) -> date:
    """The first day of the period after the one starting on ``start``."""
    if period == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if period == "week" else 1)


def period_edges(axis: list[date], period: str) -> list[date]:
    """Where each period starts, plus where the last one ends: every period gets its full width."""
    return [*axis, next_period(axis[-1], period)] if axis else []


def plot_daily(daily: list[dict[str, Any]], path: Path, period: str = "auto") -> None:
    """A line per source: articles per local publication day (or week, month: see plot_buckets)."""
    if not daily:
        raise CommandError("nothing to plot: no dated articles match", code=1)
    if not path.parent.exists():
        raise CommandError(f"folder {path.parent} does not exist", code=2)
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    period, series = plot_buckets(daily, period)
    fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    marker = "o" if max(len(axis) for axis, _ in series.values()) <= 60 else None
    for source, (axis, counts) in series.items():
        if period == "day":
            ax.plot(mdates.date2num(axis), counts, marker=marker, markersize=3, linewidth=1.2,
                    label=source)  # fmt: skip
        else:
            # A week or month is a span: draw each one flat from its start to the next period's
            # start, so the first and last periods are as wide as the others.
            edges = mdates.date2num(period_edges(axis, period))
            ax.stairs(counts, edges, baseline=None, linewidth=1.2, label=source)
    ax.xaxis_date()
    ax.set_title(f"Articles per {period} per source (outlet's local publication date)")
    ax.set_ylabel(f"articles per {period}")
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize="small")
    fig.savefig(path, dpi=120)
    plt.close(fig)
