"""An offline crawl of a site whose articles differ only by ``?id=`` (127.0.0.1 mirror, PostgreSQL).

It shows two things end to end: article identity keeps the query (two articles, two rows; a
tracking or reordered link to one of them is the same article), and a selector that misses a
field is filled by the generic parser, recorded in the row's provenance and counted per field
in the run's stats and ``crawl_runs.fallbacks``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from querysite import STORED, write_mirror
from sqlalchemy import create_engine, text

from newscrawl.db.engine import upgrade
from testing.server import serve

pytestmark = pytest.mark.postgres
HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from conftest import create_database, drop_database

    root = tmp_path_factory.mktemp("querysite")
    write_mirror(root / "mirror")
    db_url = create_database("newscrawl_querysite")
    upgrade(db_url)
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    env["NEWSCRAWL_DATABASE_URL"] = db_url
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(HERE), env.get("PYTHONPATH")) if p)
    try:
        with serve(root / "mirror") as base_url:
            result = subprocess.run(
                [sys.executable, str(HERE / "querysite.py"), base_url],
                cwd=root, env=env, capture_output=True, text=True, timeout=120,
            )  # fmt: skip
        engine = create_engine(db_url)
        with engine.connect() as conn:
            rows = {
                r.url: dict(r._mapping)
                for r in conn.execute(text("SELECT url, title, provenance FROM articles"))
            }
            run = conn.execute(
                text("SELECT status, fallbacks, stats FROM crawl_runs WHERE spider = 'querysite'")
            ).one()
        engine.dispose()
        yield result, rows, run
    finally:
        drop_database(db_url)


def test_articles_differing_only_by_id_are_two_rows(crawled: Any) -> None:
    result, rows, run = crawled
    assert result.returncode == 0, result.stderr[-4000:]
    assert {url: row["title"] for url, row in rows.items()} == STORED
    # the listing's reordered, tracking and fragment links were the same two articles: each
    # page was fetched and parsed once
    assert run.stats["newscrawl/parser/querysite/selectors"] == 2
    assert run.stats["item_scraped_count"] == 2


def test_selector_misses_are_recorded_per_field(crawled: Any) -> None:
    _, rows, run = crawled
    complete = rows["https://www.querysite.example/news.asp?id=11460&section=1"]["provenance"]
    changed = rows["https://www.querysite.example/news.asp?id=11461&section=1"]["provenance"]
    assert not any(key.startswith("fallback/") for key in complete)
    assert complete["title"] == "selector"
    # the headline and byline selectors missed: JSON-LD filled both, and the row says so
    assert changed["fallback/title"] == "selector"
    assert changed["fallback/authors"] == "selector"
    assert changed["title"] == "json-ld"
    assert changed["body"] == "selector"
    assert "fallback/body" not in changed
    assert run.status == "ok"
    assert run.fallbacks == {"title": 1, "authors": 1}
    assert run.stats["newscrawl/fallback/title"] == 1
    assert run.stats["newscrawl/fallback/authors"] == 1



def test_the_run_log_names_the_fields_that_fell_back(crawled: Any) -> None:
    result, _, _ = crawled
    assert "the site parser missed fields that generic extraction filled" in result.stderr
    assert "authors 1, title 1" in result.stderr
