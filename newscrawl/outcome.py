"""How a crawl ended, judged from its stats: the exit status operators script against (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Documented in the README ("Exit status"); keep the two in step.
EXIT_CODES = {
    "database_unavailable": 3,
    "storage_spooled": 4,
    "blocked": 5,
    "canary": 6,
    "nothing_fetched": 7,
    "network": 7,
    "unfinished": 8,
    "robots_unavailable": 9,
    "redis_unavailable": 10,
    "storage_lost": 11,
    "fetch_failures": 12,
    "already_running": 13,
}
DEFAULT_MAX_FAILED_SHARE = 0.02


def failed_share(stats: Mapping[str, Any]) -> float:
    """Share of the run's finished article fetches that failed for good (0 when none finished)."""
    fetched = stats.get("newscrawl/article/fetched") or 0
    return (stats.get("newscrawl/article/failed") or 0) / fetched if fetched else 0.0


# What each failure means, for the one line `scrapy crawl` prints at the end.
MEANINGS = {
    "database_unavailable": "the database is unreachable or not migrated",
    "storage_failed": "some articles could not be stored; they were spooled for the next run",
    "blocked": "the site blocked the crawler",
    "canary": "extraction health check failed",
    "nothing_fetched": "nothing could be fetched (network or DNS?)",
    "network": "the site cannot be reached (network or DNS)",
    "unfinished": "the crawl was stopped before it finished",
    "robots_unavailable": "robots.txt answered a server error; the site counts as disallowed",
    "redis_unavailable": "Redis cannot be reached",
}


def failure_message(stats: Mapping[str, Any]) -> str:
    """``outcome: what happened`` for a failed run (the detail a component recorded, if any)."""
    outcome = run_outcome(stats)
    if outcome is None:
        return "ok"
    # A component that set the failure may have said why (the host, the database's answer).
    detail = stats.get("newscrawl/failure_detail") if stats.get("newscrawl/failure") == outcome else None
    if outcome == "nothing_fetched" and stats.get("newscrawl/unreachable"):
        detail = f"nothing could be fetched: {stats['newscrawl/unreachable']}"
    detail = detail or MEANINGS.get(outcome)
    return f"{outcome}: {detail}" if detail else outcome


def run_outcome(stats: Mapping[str, Any]) -> str | None:
    """Why a crawl counts as failed; None when it did its work."""
    if stats.get("newscrawl/storage/lost"):  # worse than any other storage failure
        return "storage_lost"
    failure = stats.get("newscrawl/failure")
    if failure:
        return str(failure)
    if stats.get("newscrawl/storage/failed") or stats.get("newscrawl/storage/not_stored"):
        return "storage_spooled"
    if stats.get("newscrawl/blocked"):
        return "blocked"
    if stats.get("newscrawl/canary"):
        return "canary"
    # A shared-queue worker that found the round already done had nothing to fetch: that is fine.
    if not stats.get("downloader/response_count") and not stats.get("newscrawl/redis/nothing_left"):
        return "nothing_fetched"
    if stats.get("finish_reason") not in ("finished", None):
        return "unfinished"
    limit = stats.get("newscrawl/article/max_failed_share")
    if failed_share(stats) > (DEFAULT_MAX_FAILED_SHARE if limit is None else float(limit)):
        return "fetch_failures"
    return None


def exit_code(stats: Mapping[str, Any]) -> int:
    outcome = run_outcome(stats)
    return 0 if outcome is None else EXIT_CODES.get(outcome, 1)
