"""The crawl's throughput paths: the database writer process and the skipped challenge scan."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from newscrawl.db import repository
from newscrawl.db.engine import make_engine, upgrade
from newscrawl.pipelines.writer import WriteFailed, WriterProcess
from newscrawl.processing import content_hash
from newscrawl.sites import get_site, source_rows
from testing.jtsite import build_site
from testing.server import serve

CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">
<noscript>Enable JavaScript and cookies to continue</noscript>
<script>(function(){window._cf_chl_opt={cType:'managed'};})();</script></div></body></html>
"""


def _article(url: str, title: str) -> dict[str, object]:
    article: dict[str, object] = {
        "url": url,
        "source": "jordantimes",
        "title": title,
        "byline_raw": "By Rana Husseini",
        "authors": ["Rana Husseini"],
        "agencies": [],
        "desks": [],
        "published_at": datetime(2020, 3, 1, tzinfo=UTC),
        "date_precision": "day",
        "body": f"{title}. " + " ".join(f"word{i}" for i in range(80)),
        "word_count": 82,
        "parser": "jordantimes/drupal7",
    }
    article["content_hash"] = content_hash(article)
    return article


# -- the writer process ------------------------------------------------------------------------


def test_writer_process_stores_batches_and_survives_its_own_death(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url)
    engine = make_engine(fresh_pg_url)
    with Session(engine) as session, session.begin():
        source_ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
    writer = WriterProcess(fresh_pg_url, source_ids)
    writer.start()
    try:
        first = [_article(f"https://www.jordantimes.com/news/local/a{i}", f"Story {i}") for i in range(3)]
        result = writer.write(first)
        assert sorted(result.new) == sorted(a["url"] for a in first)
        assert result.unchanged == []
        assert result.updated == []
        again = writer.write(first)
        assert sorted(again.unchanged) == sorted(a["url"] for a in first)
        assert again.new == []

        # A writer killed between batches: the next batch fails loudly, the one after restarts it.
        assert writer._process is not None
        os.kill(writer._process.pid, signal.SIGKILL)
        writer._process.join(10)
        with pytest.raises(WriteFailed, match="died"):
            writer.write([_article("https://www.jordantimes.com/news/local/b", "Lost story")])
        later = writer.write([_article("https://www.jordantimes.com/news/local/c", "Later story")])
        assert later.new == ["https://www.jordantimes.com/news/local/c"]

        # A batch the database refuses comes back as an error, not a dead writer.
        bad = _article("https://www.jordantimes.com/news/local/d", "Bad story")
        bad["source"] = "no-such-site"
        with pytest.raises(WriteFailed, match="KeyError"):
            writer.write([bad])
        assert writer.write([_article("https://www.jordantimes.com/news/local/e", "E")]).new
    finally:
        writer.close()
    assert writer.peak_rss_kb is not None
    assert writer.peak_rss_kb > 10_000
    with engine.connect() as conn:
        from sqlalchemy import text

        urls = {row[0] for row in conn.execute(text("SELECT url FROM articles"))}
    engine.dispose()
    assert urls == {f"https://www.jordantimes.com/news/local/{s}" for s in ("a0", "a1", "a2", "c", "e")}


def test_writer_process_closed_before_any_batch_reports_its_memory(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url)
    writer = WriterProcess(fresh_pg_url, {})
    writer.start()
    writer.close()  # its "ready" message is still unread
    assert writer.peak_rss_kb is not None
    assert writer.peak_rss_kb > 10_000
    assert writer._process is None


# -- challenge pages among articles -------------------------------------------------------------


def test_challenge_scan_only_for_pages_that_are_not_articles(tmp_path: Path) -> None:
    """A 200 challenge page in place of an article is still counted as blocked, while a real
    article that happens to carry a vendor's marker (a PerimeterX script) is stored."""
    root = tmp_path / "site"
    manifest = build_site(root, n_articles=6, per_page=5, seed=11)
    challenged, marked = manifest[0], manifest[1]
    (root / challenged["path"].lstrip("/") / "index.html").write_text(CHALLENGE_PAGE)
    page = root / marked["path"].lstrip("/") / "index.html"
    html = page.read_text()
    page.write_text(html.replace("</head>", "<script>window._pxAppId='PXt3st';</script></head>", 1))

    work = tmp_path / "work"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    with serve(root) as base_url:
        done = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}",
             "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"],
            cwd=work, env=env, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    log = done.stderr
    assert "'newscrawl/blocked/challenge/cloudflare': 1" in log, log[-3000:]
    assert "challenge/perimeterx" not in log
    with sqlite3.connect(work / "newscrawl.db") as conn:
        stored = {row[0] for row in conn.execute("SELECT url FROM articles")}
    assert stored == {a["url"] for a in manifest[1:]}


# -- body cleaning shortcuts ----------------------------------------------------------------------


def _plain_clean_text(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    text = text.translate(dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f")))
    return re.sub(r"[\s\u00a0\u202f\u2007\u2009\u200a\u3000]+", " ", text).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Plain text.", "  two  spaces\tand\ttabs\n", "line\r\nbreaks", "", " ", "a\x0bb\x0cc",
        "Caf\u0065\u0301 d\u00e9j\u00e0", "zero\u200bwidth", "no\u00a0break", "\u3000ideographic\u3000",
        "AMMAN \u2014 The", "x" * 300 + "  " + "y",
    ],
)  # fmt: skip
def test_clean_text_shortcuts_equal_the_plain_rewrite(text: str) -> None:
    from newscrawl.normalize.body import clean_text, is_caption, is_clean_caption

    assert clean_text(text) == _plain_clean_text(text)
    assert is_clean_caption(clean_text(text)) == is_caption(text)
