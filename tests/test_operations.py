"""Scheduled-crawl behaviour: incremental runs, revisions, hard kills, SIGTERM, database outages,
crawl_runs and the extraction-health canary — each against a local mirror and real PostgreSQL."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newscrawl.db.engine import upgrade
from testing.jtsite import build_site
from testing.server import serve
from testing.tcpproxy import TcpProxy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]
# One request at a time with a small delay, so a run can be interrupted half way.
SLOW = ["-s", "DOWNLOAD_DELAY=0.08", "-s", "DOWNLOAD_DELAY_JITTER=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "NEWSCRAWL_BATCH_SIZE=3"]  # fmt: skip


def crawl_cmd(base_url: str, *args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}", *args]


def crawl_env(db_url: str, spool: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SCRAPY_SETTINGS_MODULE="newscrawl.settings", NEWSCRAWL_DATABASE_URL=db_url)
    env["NEWSCRAWL_SPOOL_DIR"] = str(spool)
    return env


def run_crawl(base_url: str, db_url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*crawl_cmd(base_url, *FAST, "-s", f"NEWSCRAWL_SPOOL_DIR={cwd / 'spool'}"), *args],
        cwd=cwd, env=crawl_env(db_url, cwd / "spool"), capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def start_crawl(base_url: str, db_url: str, cwd: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*crawl_cmd(base_url, *SLOW, "-s", f"NEWSCRAWL_SPOOL_DIR={cwd / 'spool'}"), *args],
        cwd=cwd, env=crawl_env(db_url, cwd / "spool"), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def scalar(db_url: str, sql: str, **params: Any) -> Any:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar()
    engine.dispose()
    return value


def wait_for(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def stat_in(stats: dict[str, Any], name: str) -> int:
    return int(stats.get(name) or 0)


def stat(stderr: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(match.group(1)) if match else 0


def article_file(root: Path, entry: dict[str, Any]) -> Path:
    return root / entry["path"].lstrip("/") / "index.html"


def make_recent(root: Path, entry: dict[str, Any], day: datetime) -> None:
    """Re-date an article of the mirror to ``day`` (inside the re-check window)."""
    path = article_file(root, entry)
    printed = day.strftime("%b %d,%Y")
    html = re.sub(r"[A-Z][a-z]{2} \d{2},\d{4}", printed, path.read_text(encoding="utf-8"))
    path.write_text(html, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Any:
    root = tmp_path / "mirror"
    manifest = build_site(root, n_articles=30, per_page=5, seed=11)
    with serve(root) as base_url:
        yield root, base_url, manifest


@pytest.fixture
def db(fresh_pg_url: str) -> str:
    upgrade(fresh_pg_url)
    return fresh_pg_url


def test_second_run_fetches_no_unchanged_article_and_keeps_revisions(site: Any, db: str, tmp_path: Path) -> None:
    root, base_url, manifest = site
    today = datetime.now(UTC)
    edited, untouched = manifest[0], manifest[1]
    make_recent(root, edited, today)
    make_recent(root, untouched, today - timedelta(days=1))
    first = run_crawl(base_url, db, tmp_path)
    assert first.returncode == 0, first.stderr[-2000:]
    assert scalar(db, "SELECT count(*) FROM articles") == len(manifest)

    path = article_file(root, edited)
    html = path.read_text(encoding="utf-8")
    path.write_text(html.replace("</div><!-- /news-body -->", "<p>Correction: the figure was revised.</p></div><!-- /news-body -->", 1)
                    if "<!-- /news-body -->" in html else
                    re.sub(r'(<div class="news-body">)', r'\1<p>Correction: the figure was revised.</p>', html, count=1),
                    encoding="utf-8")  # fmt: skip
    os.utime(path, (time.time() + 5, time.time() + 5))  # a new Last-Modified / ETag

    second = run_crawl(base_url, db, tmp_path)
    assert second.returncode == 0, second.stderr[-2000:]
    assert stat(second.stderr, "newscrawl/articles/skipped_known") == len(manifest) - 2
    assert stat(second.stderr, "newscrawl/articles/not_modified") == 1
    assert stat(second.stderr, "newscrawl/articles/updated") == 1
    assert stat(second.stderr, "newscrawl/articles/new") == 0
    body = scalar(db, "SELECT body FROM articles WHERE url = :u", u=edited["url"])
    assert "Correction: the figure was revised." in body
    revisions = scalar(
        db, "SELECT count(*) FROM article_revisions r JOIN articles a ON a.id = r.article_id WHERE a.url = :u",
        u=edited["url"],
    )  # fmt: skip
    assert revisions == 2
    assert scalar(db, "SELECT count(*) FROM articles") == len(manifest)


def test_kill_9_mid_run_then_rerun_stores_every_article_once(site: Any, db: str, tmp_path: Path) -> None:
    _, base_url, manifest = site
    proc = start_crawl(base_url, db, tmp_path)
    wait_for(lambda: (scalar(db, "SELECT count(*) FROM articles") or 0) >= 3)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    stored_before = scalar(db, "SELECT count(*) FROM articles")
    assert 0 < stored_before < len(manifest)

    rerun = run_crawl(base_url, db, tmp_path)
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert scalar(db, "SELECT count(*) FROM articles") == len(manifest)
    assert scalar(db, "SELECT count(DISTINCT url) FROM articles") == len(manifest)
    assert scalar(db, "SELECT count(*) FROM crawl_runs WHERE status = 'aborted'") == 1


def test_sigterm_writes_buffered_items_before_exit(site: Any, db: str, tmp_path: Path) -> None:
    _, base_url, _ = site
    proc = start_crawl(base_url, db, tmp_path, "-s", "NEWSCRAWL_BATCH_SIZE=1000")
    # Nothing reaches the database before the 1000-item batch fills: wait until the run has
    # started (its crawl_runs row exists; start-up is slow on a busy machine), give it time to
    # scrape part of the site, then ask it to stop as systemd or Ctrl-C would.
    wait_for(lambda: (scalar(db, "SELECT count(*) FROM crawl_runs") or 0) >= 1, timeout=120)
    time.sleep(2)
    assert proc.poll() is None
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=60)
    scraped = stat(stderr, "item_scraped_count")
    assert scraped > 0, stderr[-2000:]
    assert scalar(db, "SELECT count(*) FROM articles") == scraped
    assert proc.returncode == 8  # ended by a signal, not finished
    assert scalar(db, "SELECT failure FROM crawl_runs") == "unfinished"


def test_database_down_mid_run_spools_and_next_run_recovers(site: Any, db: str, tmp_path: Path) -> None:
    _, base_url, manifest = site
    url = make_url(db)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    via_proxy = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    proc = start_crawl(base_url, via_proxy, tmp_path, "-s", "NEWSCRAWL_DB_RETRIES=1", "-s", "NEWSCRAWL_DB_RETRY_DELAY=0.2")
    wait_for(lambda: (scalar(db, "SELECT count(*) FROM articles") or 0) >= 3)
    proxy.stop()
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 4, stderr[-3000:]
    spooled = stat(stderr, "newscrawl/storage/spooled")
    assert spooled > 0
    assert list((tmp_path / "spool").glob("*.jsonl"))

    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432, port=proxy.port).start()
    try:
        rerun = run_crawl(base_url, via_proxy, tmp_path)
    finally:
        proxy.stop()
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert stat(rerun.stderr, "newscrawl/storage/unspooled") == spooled
    assert scalar(db, "SELECT count(*) FROM articles") == len(manifest)
    assert not list((tmp_path / "spool").glob("*.jsonl"))


def test_crawl_runs_rows_and_runs_command(site: Any, db: str, tmp_path: Path) -> None:
    _, base_url, manifest = site
    assert run_crawl(base_url, db, tmp_path).returncode == 0
    assert run_crawl(base_url, db, tmp_path).returncode == 0
    engine = create_engine(db)
    with engine.connect() as conn:
        runs = conn.execute(text("SELECT * FROM crawl_runs ORDER BY id")).mappings().all()
    engine.dispose()
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert runs[0]["articles_new"] == len(manifest)
    assert runs[1]["articles_skipped"] == len(manifest)
    # every skip was an IgnoreRequest in Scrapy's stats; none of them is an error of the run
    assert stat_in(runs[1]["stats"], "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest") >= len(manifest)
    assert runs[1]["errors"] == {}
    assert runs[0]["pages_fetched"] > len(manifest)
    assert runs[0]["exit_code"] == 0
    assert set(runs[0]["fill_rates"]) == {"authors", "credit", "published_at", "dateline", "body"}
    assert runs[0]["fill_rates"]["published_at"] == 1.0
    out = subprocess.run(
        [sys.executable, "-m", "newscrawl.cli", "runs"], env=crawl_env(db, tmp_path), capture_output=True,
        text=True, check=True,
    ).stdout  # fmt: skip
    assert "jordantimes" in out
    assert str(len(manifest)) in out


def test_canary_fires_when_a_field_collapses(site: Any, db: str, tmp_path: Path) -> None:
    root, base_url, manifest = site
    engine = create_engine(db)
    with engine.begin() as conn:
        for day in range(3):
            conn.execute(
                text(
                    "INSERT INTO crawl_runs (spider, started_at, status, pages_fetched, articles_new,"
                    " articles_updated, articles_unchanged, articles_skipped, dropped, errors,"
                    " blocked_responses, fill_rates, stats, arguments)"
                    " VALUES ('jordantimes', :t, 'ok', 10, 10, 0, 0, 0, '{}', '{}', 0, :f, '{}', '{}')"
                ),
                {"t": datetime.now(UTC) - timedelta(days=day + 1),
                 "f": '{"credit": 0.9, "published_at": 1.0, "dateline": 0.8, "body": 0.9}'},
            )  # fmt: skip
    engine.dispose()
    # A "redesign": the byline/date line disappears from every article page.
    for entry in manifest:
        path = article_file(root, entry)
        path.write_text(re.sub(r'<div class="news-info">.*?</div>', "", path.read_text(encoding="utf-8"), flags=re.S))
    result = run_crawl(base_url, db, tmp_path)
    assert result.returncode == 6, result.stderr[-2000:]
    assert "EXTRACTION HEALTH CANARY" in result.stderr
    assert scalar(db, "SELECT failure FROM crawl_runs ORDER BY id DESC LIMIT 1") == "canary"


def test_renormalize_repairs_rows_from_stored_raw_values(site: Any, db: str, tmp_path: Path) -> None:
    _, base_url, manifest = site
    assert run_crawl(base_url, db, tmp_path, "-a", "max_pages=1").returncode == 0
    engine = create_engine(db)
    with engine.begin() as conn:
        # What an older, buggier normalizer might have stored.
        conn.execute(text("UPDATE articles SET published_at = NULL, dateline = NULL, dateline_countries = '[]'"))
    engine.dispose()
    env = crawl_env(db, tmp_path)
    out = subprocess.run([sys.executable, "-m", "newscrawl.cli", "renormalize"], env=env,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    total = scalar(db, "SELECT count(*) FROM articles")
    assert f"{total} articles checked, {total} changed" in out
    assert scalar(db, "SELECT count(*) FROM articles WHERE published_at IS NULL") == 0
    engine = create_engine(db)
    with engine.connect() as conn:
        stored = set(conn.execute(text("SELECT url FROM articles")).scalars())
    engine.dispose()
    expected_datelines = sum(1 for m in manifest if m["url"] in stored and m["dateline"])
    assert expected_datelines > 0
    assert scalar(db, "SELECT count(*) FROM articles WHERE dateline IS NOT NULL") == expected_datelines
    again = subprocess.run([sys.executable, "-m", "newscrawl.cli", "renormalize"], env=env,
                           capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert f"{total} articles checked, 0 changed" in again
