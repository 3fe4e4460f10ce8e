"""How a crawl ended, judged from its stats: the exit status operators script against (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# Documented in the README ("Exit status"); keep the two in step.
EXIT_CODES = {
    "database_unavailable": 3,
    "storage_failed": 4,
    "blocked": 5,
    "canary": 6,
    "nothing_fetched": 7,
    "unfinished": 8,
    "robots_unavailable": 9,
    "redis_unavailable": 10,
}


def run_outcome(stats: Mapping[str, Any]) -> str | None:
    """Why a crawl counts as failed; None when it did its work."""
    failure = stats.get("newscrawl/failure")
    if failure:
        return str(failure)
    if stats.get("newscrawl/storage/failed") or stats.get("newscrawl/storage/not_stored"):
        return "storage_failed"
    if stats.get("newscrawl/blocked"):
        return "blocked"
    if stats.get("newscrawl/canary"):
        return "canary"
    if not stats.get("downloader/response_count"):
        return "nothing_fetched"
    if stats.get("finish_reason") not in ("finished", None):
        return "unfinished"
    return None


def exit_code(stats: Mapping[str, Any]) -> int:
    outcome = run_outcome(stats)
    return 0 if outcome is None else EXIT_CODES.get(outcome, 1)
