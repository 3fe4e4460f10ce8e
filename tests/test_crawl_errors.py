"""`scrapy crawl` mistakes and outages: one line, the README's exit code, no traceback, no network.

The "no network" case uses a host under `.invalid` (RFC 2606: it never resolves), so nothing
leaves the machine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.commands.crawl import check_settings
from newscrawl.spiders.sites import SiteSpider, SpiderArgumentError

ACCEPTED = "takes -a base_url=…, max_pages=…, since=…, discovery=…, ids=…, urls=…"


def crawl(
    tmp_path: Path, *args: str, spider: str = "jordantimes", timeout: float = 120
) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DEBUG"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    env["NEWSCRAWL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'crawl.db'}"
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", spider, *args, "-s", f"NEWSCRAWL_SPOOL_DIR={tmp_path / 'spool'}"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip
    return result, time.monotonic() - started


def newscrawl_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("newscrawl:")]


def assert_clean(stderr: str) -> None:
    assert "Traceback" not in stderr
    assert "never retrieved" not in stderr
    assert "Deprecat" not in stderr  # no RANDOMIZE_DOWNLOAD_DELAY warning, nor any other


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "max_page=1"], f"unknown spider argument max_page: jordantimes {ACCEPTED}"),
        (
            ["-a", "colour=blue", "-a", "max_page=1"],
            f"unknown spider arguments colour, max_page: jordantimes {ACCEPTED}",
        ),
        (["-a", "since=yesterdayish"], "since must be a date as YYYY-MM-DD, got 'yesterdayish'"),
        (["-a", "max_pages=lots"], "max_pages must be a positive integer, got 'lots'"),
        (
            ["-s", "NEWSCRAWL_BATCH_SIZE=abc"],
            "setting NEWSCRAWL_BATCH_SIZE must be an integer, got 'abc'",
        ),
        (["-s", "DOWNLOAD_DELAY=soon"], "setting DOWNLOAD_DELAY must be a number, got 'soon'"),
        (
            ["-s", "NEWSCRAWL_WRITER_PROCESS=perhaps"],
            "setting NEWSCRAWL_WRITER_PROCESS must be true or false",
        ),
    ],
)
def test_bad_arguments_are_one_line_and_exit_1(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result, _ = crawl(tmp_path, *args)
    assert result.returncode == 1, result.stderr[-2000:]
    assert_clean(result.stderr)
    lines = newscrawl_lines(result.stderr)
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("newscrawl: crawl of jordantimes cannot start: ")
    assert message in lines[0]
    assert not (tmp_path / "crawl.db").exists()  # it stopped before touching anything


def test_unknown_spider_exits_1_as_the_readme_says(tmp_path: Path) -> None:
    result, _ = crawl(tmp_path, spider="jordantime")
    assert result.returncode == 1
    assert_clean(result.stderr)
    (line,) = newscrawl_lines(result.stderr)
    assert line.startswith(
        "newscrawl: unknown spider 'jordantime': the spiders are jordantimes, arabnews"
    )
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    row = re.search(r"^\| 1 \| the spider could not start: unknown spider.*$", readme, re.MULTILINE)
    assert row, "the README's exit table must say unknown spider → 1"


def test_a_malformed_database_url_exits_3(tmp_path: Path) -> None:
    result, _ = crawl(tmp_path, "-s", "NEWSCRAWL_DATABASE_URL=not-a-url")
    assert result.returncode == 3
    assert_clean(result.stderr)
    (line,) = newscrawl_lines(result.stderr)
    assert "'not-a-url' is not a database URL" in line


def test_unresolvable_host_ends_fast_with_exit_7_naming_the_host(tmp_path: Path) -> None:
    # Default politeness (2 s delay, retries): the run must still end at once.
    result, seconds = crawl(tmp_path, "-a", "base_url=http://jordantimes.invalid", timeout=60)
    assert result.returncode == 7, result.stderr[-3000:]
    assert seconds < 30
    assert_clean(result.stderr)
    (line,) = newscrawl_lines(result.stderr)
    assert line == (
        "newscrawl: crawl of jordantimes failed: network: cannot reach jordantimes.invalid: "
        "network or DNS failure (jordantimes.invalid does not resolve)"
    )
    assert "Gave up retrying" not in result.stderr
    assert len([ln for ln in result.stderr.splitlines() if " ERROR: " in ln]) == 1


def test_spider_arguments_are_checked_without_a_crawler() -> None:
    from newscrawl.spiders import sites as spiders

    spidercls = spiders.JordantimesSpider  # type: ignore[attr-defined]
    spidercls.check_arguments(
        {"max_pages": "2", "since": "2025-01-01", "base_url": "http://127.0.0.1:8000"}
    )
    with pytest.raises(SpiderArgumentError, match="unknown spider argument colour"):
        spidercls.check_arguments({"colour": "blue"})
    with pytest.raises(SpiderArgumentError, match="unknown spider argument colour"):
        spidercls(colour="blue")
    with pytest.raises(SpiderArgumentError, match="has no numeric-id discovery"):
        spidercls.check_arguments({"ids": "1-5"})
    assert issubclass(SpiderArgumentError, ValueError)
    assert set(SiteSpider.ARGUMENTS) == {"base_url", "max_pages", "since", "discovery", "ids", "urls"}


def test_settings_check_reads_types_from_the_defaults() -> None:
    from scrapy.settings import Settings

    settings = Settings()
    settings.set("NEWSCRAWL_BATCH_SIZE", "250", priority="cmdline")
    settings.set("NEWSCRAWL_CANARY_RATIO", "0.4", priority="cmdline")
    settings.set("NEWSCRAWL_SPOOL_DIR", "anything at all", priority="cmdline")
    settings.set("SOME_UNKNOWN_SETTING", "x", priority="cmdline")
    check_settings(settings)
    settings.set("NEWSCRAWL_CANARY_RATIO", "half", priority="cmdline")
    with pytest.raises(
        Exception, match="setting NEWSCRAWL_CANARY_RATIO must be a number, got 'half'"
    ):
        check_settings(settings)


def test_settings_check_takes_fractional_seconds_for_whole_number_defaults() -> None:
    """DOWNLOAD_TIMEOUT's default is 60 but Scrapy reads it as seconds: 1.5 is valid, 'soon' not."""
    from scrapy.settings import Settings

    settings = Settings()
    settings.set("DOWNLOAD_TIMEOUT", "1.5", priority="cmdline")
    check_settings(settings)
    settings.set("DOWNLOAD_TIMEOUT", "soon", priority="cmdline")
    with pytest.raises(Exception, match="setting DOWNLOAD_TIMEOUT must be a number, got 'soon'"):
        check_settings(settings)
    settings.set("DOWNLOAD_TIMEOUT", "60", priority="cmdline")
    settings.set("CONCURRENT_REQUESTS", "1.5", priority="cmdline")
    with pytest.raises(Exception, match="setting CONCURRENT_REQUESTS must be an integer"):
        check_settings(settings)


def test_recheck_window_reads_sqlites_naive_utc_times() -> None:
    """A re-crawl into SQLite lost every listing to a naive/aware comparison (found by test_readme)."""
    from datetime import UTC, datetime, timedelta

    from newscrawl.db.state import KnownArticle
    from newscrawl.spiders.incremental import is_recent

    threshold = datetime.now(UTC) - timedelta(days=3)
    naive_recent = (datetime.now(UTC) - timedelta(days=1)).replace(tzinfo=None)
    naive_old = (datetime.now(UTC) - timedelta(days=30)).replace(tzinfo=None)
    assert is_recent(KnownArticle(naive_recent, None, None), threshold)
    assert not is_recent(KnownArticle(naive_old, None, None), threshold)
    assert is_recent(KnownArticle(naive_recent.replace(tzinfo=UTC), None, None), threshold)
    assert not is_recent(KnownArticle(None, None, None), threshold)


def test_database_down_at_start_names_the_database(tmp_path: Path) -> None:
    result, _ = crawl(
        tmp_path,
        "-a", "base_url=http://127.0.0.1:9",
        "-s", "NEWSCRAWL_DATABASE_URL=postgres://postgres@127.0.0.1:1/newscrawl",
        timeout=60,
    )  # fmt: skip
    assert result.returncode == 3, result.stderr[-3000:]
    assert_clean(result.stderr)
    (line,) = newscrawl_lines(result.stderr)
    assert line.startswith(
        "newscrawl: crawl of jordantimes failed: database_unavailable: cannot connect to the "
        "database at postgresql+psycopg2://postgres@127.0.0.1:1/newscrawl: "
    )
    assert "\tIs the server running" not in result.stderr  # the driver's second line stays out


def test_newscrawl_debug_adds_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSCRAWL_DEBUG", "1")
    env = dict(os.environ, SCRAPY_SETTINGS_MODULE="newscrawl.settings")
    env["NEWSCRAWL_DATABASE_URL"] = f"sqlite:///{tmp_path / 'crawl.db'}"
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", "since=yesterdayish"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert newscrawl_lines(result.stderr)[-1].endswith("since must be a date as YYYY-MM-DD, got 'yesterdayish'")
