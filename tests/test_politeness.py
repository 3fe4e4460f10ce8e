"""robots.txt outages, Crawl-delay and Retry-After, against a local mirror with injected faults."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newscrawl.spiders.politeness import crawl_delay, retry_after_seconds
from testing.jtsite import build_site
from testing.server import serve


@pytest.mark.parametrize(
    ("header", "expected"),
    [("5", 5.0), (b"120", 120.0), ("Thu, 01 Jan 1970 00:00:10 GMT", 0.0), ("", None), ("soon", None)],
)
def test_retry_after_header(header: Any, expected: float | None) -> None:
    # now=100 s after the epoch: the HTTP date above is already past, so no wait.
    assert retry_after_seconds(header, now=100.0) == expected


def test_retry_after_http_date_in_the_future() -> None:
    assert retry_after_seconds("Thu, 01 Jan 1970 00:01:40 GMT", now=40.0) == 60.0


@pytest.mark.parametrize(
    ("robots", "expected"),
    [
        (b"User-agent: *\nCrawl-delay: 10\n", 10.0),
        (b"User-agent: newscrawl\nCrawl-delay: 2.5\n\nUser-agent: *\nCrawl-delay: 30\n", 2.5),
        (b"User-agent: *\nDisallow: /search/\n", None),
        (b"\xff\xfe garbage", None),
    ],
)
def test_crawl_delay_for_our_agent(robots: bytes, expected: float | None) -> None:
    assert crawl_delay(robots, "newscrawl") == expected


def crawl(root: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    with serve(root) as base_url:
        return subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_TIMES=2", *args],
            cwd=tmp_path, capture_output=True, text=True, timeout=180,
            env={**__import__("os").environ, "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
                 "NEWSCRAWL_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}"},
        )  # fmt: skip


def test_robots_txt_server_error_means_disallow_and_non_zero_exit(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    build_site(root, n_articles=6, per_page=5, seed=1)
    (root / "_faults.json").write_text(json.dumps({"/robots.txt": {"status": 503}}))
    result = crawl(root, tmp_path)
    assert result.returncode == 9, result.stderr[-2000:]
    assert "treating the site as disallowed" in result.stderr
    assert "'item_scraped_count'" not in result.stderr


def test_crawl_delay_is_applied(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    build_site(root, n_articles=4, per_page=5, seed=1)
    (root / "robots.txt").write_text("User-agent: *\nCrawl-delay: 0.5\n")
    result = crawl(root, tmp_path, "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'newscrawl/robots/crawl_delay': 0.5" in result.stderr


def test_retry_after_pauses_then_retries(tmp_path: Path) -> None:
    root = tmp_path / "mirror"
    manifest = build_site(root, n_articles=6, per_page=5, seed=1)
    target = manifest[0]["path"]
    (root / "_faults.json").write_text(json.dumps({target: {"status": 429, "retry_after": 1, "times": 1}}))
    result = crawl(root, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "'newscrawl/backoff/retry_after': 1" in result.stderr
    assert f"'newscrawl/articles/new': {len(manifest)}" in result.stderr
