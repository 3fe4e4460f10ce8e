"""End to end: crawl a local Jordan Times mirror into PostgreSQL, then work on it as an analyst."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from newscrawl.cli import main
from newscrawl.db.engine import upgrade
from testing.jtsite import FILLER, build_site
from testing.server import serve


def crawl(cwd: Path, base_url: str, db_url: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env.update(SCRAPY_SETTINGS_MODULE="newscrawl.settings", NEWSCRAWL_DATABASE_URL=db_url)
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
    ]  # fmt: skip
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def unique_body_word(manifest: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """A word of one article's first paragraph that no other article and no filler uses."""
    filler = {w.lower() for sentence in FILLER for w in re.findall(r"\w+", sentence)}
    counts: Counter[str] = Counter()
    words_of = {}
    for entry in manifest:
        words = {w.lower() for w in re.findall(r"[A-Za-z]{5,}", entry["body_first"])} - filler
        words_of[entry["url"]] = words
        counts.update(words)
    for entry in manifest:
        for word in sorted(words_of[entry["url"]]):
            if counts[word] == 1:
                return word, entry
    raise AssertionError("the mirror has no article with a word of its own")


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from conftest import create_database, drop_database

    root = tmp_path_factory.mktemp("jt-analyst-mirror")
    manifest = build_site(root, n_articles=12, per_page=5, seed=11)
    url = create_database()
    try:
        upgrade(url)
        with serve(root) as base_url:
            result = crawl(tmp_path_factory.mktemp("crawl"), base_url, url)
        assert result.returncode == 0, result.stderr[-3000:]
        yield url, manifest
    finally:
        drop_database(url)


def test_search_finds_a_crawled_article_by_a_body_word(
    crawled: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    url, manifest = crawled
    word, expected = unique_body_word(manifest)
    assert main(["search", word, "--url", url, "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits
    assert hits[0]["url"] == expected["url"]
    assert hits[0]["rank"] > 0
    assert re.search(rf"\*\*{word}\*\*", hits[0]["snippet"], re.IGNORECASE), hits[0]["snippet"]
    assert main(["search", word, "--url", url]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("1. ")
    assert expected["title"] in shown
    assert "**" in shown


def test_export_parquet_reads_back_with_the_same_row_count(crawled: Any, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    url, manifest = crawled
    out = tmp_path / "articles.parquet"
    assert main(["export", "--format", "parquet", "--page-size", "5", "--url", url, str(out)]) == 0
    table = pq.read_table(out)
    engine = create_engine(url)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT count(*) FROM article_overview")).scalar_one()
    engine.dispose()
    assert table.num_rows == stored == len(manifest)
    assert set(table.column("url").to_pylist()) == {m["url"] for m in manifest}


def test_analyst_role_selects_from_views_and_cannot_insert(crawled: Any) -> None:
    url, manifest = crawled
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SET ROLE newscrawl_analyst"))
        assert conn.execute(text("SELECT count(*) FROM article_overview")).scalar_one() == len(
            manifest
        )
        assert conn.execute(
            text("SELECT sum(articles) FROM daily_source_counts")
        ).scalar_one() == len(manifest)
        assert conn.execute(
            text("SELECT sum(article_count) FROM story_overview")
        ).scalar_one() == len(manifest)
        with pytest.raises(DBAPIError, match="permission denied"):
            conn.execute(
                text(
                    "INSERT INTO sources (slug, name, base_url, timezone) VALUES ('x', 'x', 'x', 'UTC')"
                )
            )
        conn.rollback()
    engine.dispose()


def test_an_analyst_login_gets_the_timeout_and_read_only_access(
    crawled: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = crawled
    name = f"newscrawl_test_analyst_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("NEWSCRAWL_ANALYST_PASSWORD", "not-a-real-secret")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        assert main(["analyst", "grant", name, "--timeout", "15s", "--url", url]) == 0
        assert "created login" in capsys.readouterr().out
        login = create_engine(make_url(url).set(username=name, password="not-a-real-secret"))
        with login.connect() as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "15s"
            assert conn.execute(text("SELECT count(*) FROM story_overview")).scalar_one() > 0
            with pytest.raises(DBAPIError, match="read-only transaction"):
                conn.execute(text("DELETE FROM articles"))
            conn.rollback()
            conn.execute(text("SET TRANSACTION READ WRITE"))
            with pytest.raises(DBAPIError, match="permission denied"):
                conn.execute(text("DELETE FROM articles"))
            conn.rollback()
        login.dispose()
        assert (
            main(["search", "the", "--url", str(make_url(url).set(username=name)), "--limit", "1"])
            == 0
        )
        assert main(["analyst", "revoke", name, "--url", url]) == 0
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{name}"'))
        admin.dispose()
