"""Exit status from a run's stats, fill rates and the canary rule (pure)."""

from __future__ import annotations

from typing import Any

import pytest

from newscrawl.outcome import exit_code, run_outcome
from newscrawl.pipelines.runs import canary_alarms, fill_rates

OK = {"downloader/response_count": 10, "finish_reason": "finished"}

cases: list[tuple[str, dict[str, Any], str | None, int]] = [
    ("finished", OK, None, 0),
    (
        "database down",
        {**OK, "newscrawl/failure": "database_unavailable"},
        "database_unavailable",
        3,
    ),
    ("spooled", {**OK, "newscrawl/storage/failed": 5}, "storage_spooled", 4),
    ("blocked", {**OK, "newscrawl/blocked": 3}, "blocked", 5),
    ("canary", {**OK, "newscrawl/canary": "credit: 0%"}, "canary", 6),
    ("nothing fetched", {"finish_reason": "finished"}, "nothing_fetched", 7),
    ("sigterm", {**OK, "finish_reason": "shutdown"}, "unfinished", 8),
    ("robots 5xx", {**OK, "newscrawl/failure": "robots_unavailable"}, "robots_unavailable", 9),
    ("redis down", {**OK, "newscrawl/failure": "redis_unavailable"}, "redis_unavailable", 10),
    ("neither stored nor spooled", {**OK, "newscrawl/storage/failed": 5, "newscrawl/storage/lost": 5,
                                     "newscrawl/failure": "storage_spooled"}, "storage_lost", 11),
    ("3 of 100 fetches failed", {**OK, "newscrawl/article/fetched": 100, "newscrawl/article/failed": 3},
     "fetch_failures", 12),
    ("2 of 100 fetches failed", {**OK, "newscrawl/article/fetched": 100, "newscrawl/article/failed": 2}, None, 0),
    ("failed share over a set limit", {**OK, "newscrawl/article/fetched": 100, "newscrawl/article/failed": 2,
                                       "newscrawl/article/max_failed_share": 0.01}, "fetch_failures", 12),
    ("another crawl holds the lock", {"newscrawl/failure": "already_running"}, "already_running", 13),
    ("worker of a finished round", {"finish_reason": "finished", "newscrawl/redis/nothing_left": 1}, None, 0),
]  # fmt: skip


@pytest.mark.parametrize(
    ("stats", "outcome", "code"), [c[1:] for c in cases], ids=[c[0] for c in cases]
)
def test_outcome_and_exit_code(stats: dict[str, Any], outcome: str | None, code: int) -> None:
    assert run_outcome(stats) == outcome
    assert exit_code(stats) == code


def test_fill_rates_share_of_articles() -> None:
    stats = {"newscrawl/fill/articles": 4, "newscrawl/fill/credit": 3, "newscrawl/fill/body": 4}
    assert fill_rates(stats) == {
        "authors": 0.0,
        "credit": 0.75,
        "published_at": 0.0,
        "dateline": 0.0,
        "body": 1.0,
    }
    assert fill_rates({}) == {}


HISTORY = [
    {"credit": 0.9, "published_at": 1.0, "authors": 0.6},
    {"credit": 0.8, "published_at": 1.0, "authors": 0.2},
]

canary_cases = [
    ("healthy", {"credit": 0.85, "published_at": 0.98}, 50, []),
    ("dates collapse", {"credit": 0.85, "published_at": 0.1}, 50, ["published_at"]),
    ("too few articles to judge", {"credit": 0.0, "published_at": 0.0}, 5, []),
    ("authors is not watched", {"credit": 0.85, "published_at": 1.0, "authors": 0.0}, 50, []),
]


@pytest.mark.parametrize(
    ("current", "articles", "fired"),
    [c[1:] for c in canary_cases],
    ids=[c[0] for c in canary_cases],
)
def test_canary(current: dict[str, float], articles: int, fired: list[str]) -> None:
    alarms = canary_alarms(current, HISTORY, articles=articles, min_articles=10, ratio=0.5)
    assert [a.split(":")[0] for a in alarms] == fired


def test_canary_needs_history() -> None:
    assert canary_alarms({"credit": 0.0}, [], articles=100, min_articles=10, ratio=0.5) == []
