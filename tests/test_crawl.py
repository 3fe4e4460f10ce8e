"""Offline crawls of a local Jordan Times mirror (127.0.0.1) into PostgreSQL and the SQLite default."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from newscrawl.db.engine import upgrade
from testing.jtsite import build_site
from testing.server import serve

AMMAN = ZoneInfo("Asia/Amman")
FURNITURE = ("users have voted", "Related Articles", "Get top stories", "You are here", "Newsletter")


def run_crawl(cwd: Path, base_url: str | None, db_url: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    if db_url:
        env["NEWSCRAWL_DATABASE_URL"] = db_url
    cmd = [sys.executable, "-m", "scrapy", "crawl", "jordantimes"]
    if base_url:
        cmd += ["-a", f"base_url={base_url}"]
    cmd += ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", *args]
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("jt-mirror")
    manifest = build_site(root, n_articles=24, per_page=5, seed=3)
    with serve(root) as base_url:
        yield base_url, manifest


def stored_rows(db_url: str) -> dict[str, dict[str, Any]]:
    engine = create_engine(db_url)
    query = text(
        """
        SELECT a.url, a.title, a.published_at, a.updated_at, a.date_precision, a.dateline,
               a.dateline_places, a.body, a.last_changed_at,
               (SELECT json_agg(au.name ORDER BY aa.position) FROM article_authors aa
                  JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id) AS authors,
               (SELECT json_agg(ag.name ORDER BY ga.position) FROM article_agencies ga
                  JOIN agencies ag ON ag.id = ga.agency_id WHERE ga.article_id = a.id) AS agencies
        FROM articles a
        """
    )
    with engine.connect() as conn:
        rows = {r.url: dict(r._mapping) for r in conn.execute(query)}
    engine.dispose()
    return rows


def test_crawl_mirror_into_postgres_then_recrawl_adds_nothing(mirror: Any, fresh_pg_url: str, tmp_path: Path) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    first = run_crawl(tmp_path, base_url, fresh_pg_url)
    assert first.returncode == 0, first.stderr[-3000:]
    rows = stored_rows(fresh_pg_url)
    assert set(rows) == {a["url"] for a in manifest}
    for expected in manifest:
        row = rows[expected["url"]]
        assert row["title"] == expected["title"], expected["url"]
        assert (row["authors"] or []) == expected["authors"], expected["url"]
        assert (row["agencies"] or []) == expected["agencies"], expected["url"]
        assert row["published_at"].astimezone(AMMAN).date().isoformat() == expected["published"]
        assert row["date_precision"] == "day"
        assert row["dateline"] == expected["dateline"], expected["url"]
        paragraphs = row["body"].split("\n\n")
        assert paragraphs[0] == expected["body_first"], expected["url"]
        assert paragraphs[-1] == expected["body_last"], expected["url"]
        for furniture in FURNITURE:
            assert furniture not in row["body"]

    second = run_crawl(tmp_path, base_url, fresh_pg_url)
    assert second.returncode == 0, second.stderr[-3000:]
    again = stored_rows(fresh_pg_url)
    assert len(again) == len(rows)
    assert all(again[u]["last_changed_at"] == rows[u]["last_changed_at"] for u in rows)
    # Incremental: every stored article is older than the re-check window, so none is fetched.
    assert f"'newscrawl/articles/skipped_known': {len(manifest)}" in second.stderr
    assert "'newscrawl/articles/new'" not in second.stderr


def test_full_recrawl_without_incremental_changes_nothing(mirror: Any, fresh_pg_url: str, tmp_path: Path) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    assert run_crawl(tmp_path, base_url, fresh_pg_url).returncode == 0
    before = stored_rows(fresh_pg_url)
    again = run_crawl(tmp_path, base_url, fresh_pg_url, "-s", "NEWSCRAWL_INCREMENTAL=0")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "'newscrawl/articles/new': 0," in again.stderr
    assert f"'newscrawl/articles/unchanged': {len(manifest)}" in again.stderr
    assert stored_rows(fresh_pg_url).keys() == before.keys()


def test_crawl_without_database_url_fills_sqlite_default(mirror: Any, tmp_path: Path) -> None:
    base_url, manifest = mirror
    result = run_crawl(tmp_path, base_url, None, "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-3000:]
    db = tmp_path / "newscrawl.db"
    assert db.exists()
    with sqlite3.connect(db) as conn:
        (count,) = conn.execute("SELECT count(*) FROM articles").fetchone()
        (authors,) = conn.execute("SELECT count(*) FROM article_authors").fetchone()
    assert 0 < count <= len(manifest)
    assert authors > 0


def test_database_down_at_start_fails_fast(mirror: Any, tmp_path: Path) -> None:
    base_url, _ = mirror
    result = run_crawl(tmp_path, base_url, "postgresql+psycopg2://postgres@127.0.0.1:9/nowhere")
    assert result.returncode == 3
    assert "cannot connect to the database" in result.stderr


def test_unmigrated_database_is_refused_with_advice(mirror: Any, fresh_pg_url: str, tmp_path: Path) -> None:
    base_url, _ = mirror
    result = run_crawl(tmp_path, base_url, fresh_pg_url)
    assert result.returncode == 3
    assert "newscrawl db upgrade" in result.stderr


@pytest.mark.parametrize("arg", ["max_pages=zero", "since=yesterday", "base_url=ftp://x"])
def test_bad_spider_arguments_fail_with_a_message(tmp_path: Path, arg: str) -> None:
    result = run_crawl(tmp_path, None, f"sqlite:///{tmp_path / 'x.db'}", "-a", arg)
    assert result.returncode != 0
    assert "must" in result.stderr
