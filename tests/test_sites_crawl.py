"""Offline crawls of every registered site's fixture mirror into PostgreSQL (127.0.0.1 only).

One local server serves every mirror, each under its own path prefix
(``-a base_url=http://127.0.0.1:PORT/<slug>``), so the crawls also prove that a mirror with a
path prefix works and that the sites' absolute URLs are mapped onto it. Each run is one
``scrapy crawl`` subprocess (with the site's ``crawl.args`` from cases.json) and its own fresh
database; the runs go in parallel and each test then reads its run's result. Between them the
runs cover every discovery kind: feeds (RSS, Atom), sitemaps (index, Google News), listings
(Drupal and WordPress pagers), id ranges, ``since`` on each; one more run meets a blocking mirror.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import create_database, drop_database
from sitefixtures import SITES_DIR, load_cases
from sqlalchemy import create_engine, text

from newscrawl.db.engine import upgrade
from newscrawl.sites import all_sites
from testing.jtsite import build_site
from testing.server import serve

pytestmark = pytest.mark.postgres

# Runs spend part of their time waiting (start-up, database); one more than the CPUs keeps them busy.
PARALLEL = max(2, min(6, (os.cpu_count() or 2) + 1))
CHALLENGE_PAGE = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">
<noscript>Enable JavaScript and cookies to continue</noscript>
<script>(function(){window._cf_chl_opt={cType:'managed'};})();</script></div></body></html>
"""


@dataclass
class Run:
    """One planned crawl: which site, which mirror prefix, which extra arguments."""

    slug: str
    prefix: str
    args: tuple[str, ...] = ()
    db_url: str = ""
    returncode: int | None = None
    stderr: str = ""
    seconds: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)


def _plan() -> dict[str, Run]:
    """One run per site (its ``crawl.args`` from cases.json), plus one run against a blocking mirror."""
    runs = {
        s.slug: Run(
            s.slug, f"/{s.slug}", tuple((load_cases(s.slug) or {}).get("crawl", {}).get("args", ()))
        )
        for s in all_sites()
    }
    # Arab News from a mirror that refuses: the feed answers 403, the sitemap a Cloudflare challenge.
    # After two refusals in a row with nothing fetched the crawl stops by itself.
    runs["blocked"] = Run("arabnews", "/blocked", ("-s", "NEWSCRAWL_BLOCKED_STOP_AFTER=2"))
    return runs


def _mirror_root(tmp: Path) -> Path:
    """One server root: a link per site to its fixture mirror, plus the generated and blocked ones."""
    root = tmp / "mirrors"
    root.mkdir()
    for site in all_sites():
        cases = load_cases(site.slug) or {}
        if cases.get("crawl", {}).get("mirror") == "jtsite":
            manifest = build_site(root / site.slug, n_articles=8, per_page=3, seed=11)
            (root / site.slug / "manifest.json").write_text(json.dumps(manifest))
        else:
            (root / site.slug).symlink_to(SITES_DIR / site.slug / "site", target_is_directory=True)
    (root / "_faults.json").write_text(json.dumps({"/blocked/rss.xml": {"status": 403}}))
    (root / "blocked").mkdir()
    (root / "blocked" / "sitemap.xml").write_text(CHALLENGE_PAGE)
    return root


def _stats(stderr: str) -> dict[str, Any]:
    """The ``newscrawl/...`` counters of Scrapy's final stats dump."""
    return {
        key: _value(value) for key, value in re.findall(r"'(newscrawl/[^']+)': ([^,\n}]+)", stderr)
    }


def _value(text: str) -> Any:
    text = text.strip()
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text.strip("'\"")


def _crawl(run: Run, base_url: str, cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    env["NEWSCRAWL_DATABASE_URL"] = run.db_url
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", run.slug,
        "-a", f"base_url={base_url}{run.prefix}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8", "-s", "RETRY_ENABLED=0",
        "-s", "TELNETCONSOLE_ENABLED=0", *run.args,
    ]  # fmt: skip
    cwd.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    run.seconds = time.monotonic() - started
    run.returncode, run.stderr = result.returncode, result.stderr
    run.stats = _stats(result.stderr)
    return run


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("site-crawls")
    root = _mirror_root(tmp)
    runs = _plan()
    for run in runs.values():
        run.db_url = create_database("newscrawl_sites")
        upgrade(run.db_url)
    try:
        with serve(root) as base_url, ThreadPoolExecutor(PARALLEL) as pool:
            futures = [
                pool.submit(_crawl, run, base_url, tmp / "cwd" / name.replace(":", "-"))
                for name, run in runs.items()
            ]
            for future in futures:
                future.result()
        yield runs, root
    finally:
        for run in runs.values():
            drop_database(run.db_url)


def stored(run: Run) -> dict[str, dict[str, Any]]:
    engine = create_engine(run.db_url)
    query = text(
        """
        SELECT a.url, a.title, a.published_at, a.date_precision, a.dateline, a.body, a.desks,
               s.slug AS source,
               (SELECT json_agg(au.name ORDER BY aa.position) FROM article_authors aa
                  JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id) AS authors,
               (SELECT json_agg(ag.name ORDER BY ga.position) FROM article_agencies ga
                  JOIN agencies ag ON ag.id = ga.agency_id WHERE ga.article_id = a.id) AS agencies
        FROM articles a JOIN sources s ON s.id = a.source_id
        """
    )
    with engine.connect() as conn:
        rows = {r.url: dict(r._mapping) for r in conn.execute(query)}
    engine.dispose()
    return rows


def _expected_urls(slug: str, root: Path) -> set[str]:
    cases = load_cases(slug) or {}
    if cases.get("crawl", {}).get("mirror") == "jtsite":
        manifest = json.loads((root / slug / "manifest.json").read_text())
        return {a["url"] for a in manifest}
    return set(cases["crawl"]["stored"])


def _ok(run: Run) -> None:
    assert run.returncode == 0, run.stderr[-4000:]


# -- one crawl per registered site ------------------------------------------------------------


@pytest.mark.parametrize("slug", [s.slug for s in all_sites()])
def test_crawl_stores_the_sites_articles(crawls: Any, slug: str) -> None:
    runs, root = crawls
    run = runs[slug]
    _ok(run)
    rows = stored(run)
    assert set(rows) == _expected_urls(slug, root)
    assert {r["source"] for r in rows.values()} == {slug}
    assert not run.stats.get("newscrawl/discovery/failed"), (
        "a declared source is missing from the mirror"
    )
    assert not run.stats.get("newscrawl/blocked")
    for case in (load_cases(slug) or {}).get("articles", []):
        if case["url"] not in rows or "from" in case:
            continue
        row, norm = rows[case["url"]], case["normalized"]
        assert row["title"] == case["expected"].get("title", row["title"]), case["name"]
        for key in ("authors", "agencies", "desks"):
            if key in norm:
                assert (row[key] or []) == norm[key], (case["name"], key)
        if "dateline" in norm:
            assert row["dateline"] == norm["dateline"], case["name"]
        if norm.get("published_at"):
            assert row["published_at"] == datetime.fromisoformat(norm["published_at"]), case["name"]
        paragraphs = row["body"].split("\n\n")
        if "body_first" in norm:
            assert paragraphs[0] == norm["body_first"], case["name"]
        if "body_last" in norm:
            assert paragraphs[-1] == norm["body_last"], case["name"]


# -- what each discovery kind did in those runs ------------------------------------------------


def test_feed_and_sitemap_aliases_are_fetched_once(crawls: Any) -> None:
    runs, _ = crawls
    # Arab News: node 2600002 in the feed (long form, arabnews.pk host) and the sitemap (bare).
    assert runs["arabnews"].stats["newscrawl/feed/documents"] == 1
    assert runs["arabnews"].stats["newscrawl/sitemap/documents"] == 1
    assert runs["arabnews"].stats["newscrawl/discovery/duplicate"] >= 1
    assert runs["arabnews"].stats["newscrawl/sitemap/skipped/not_article"] == 1
    # Saudi Gazette: two feeds list one article in upper- and lower-case forms.
    assert runs["saudigazette"].stats["newscrawl/discovery/duplicate"] >= 1


def test_sitemap_index_is_followed_and_since_skips_old_children(crawls: Any) -> None:
    # Gulf News: daily children dated by their names; the 2020 one is never fetched.
    stats = crawls[0]["gulfnews"].stats
    assert stats["newscrawl/sitemap/documents"] == 3  # index and two daily children
    assert stats["newscrawl/sitemap/skipped/since"] == 1
    # The National: Arc children all say "now", so since skips only the 2014 entry inside one,
    # and max_pages keeps the third child (not on the mirror) from being fetched.
    stats = crawls[0]["thenational"].stats
    assert stats["newscrawl/feed/documents"] == 1  # the ?outputType=xml RSS feed
    assert stats["newscrawl/sitemap/documents"] == 4  # index, two children, news sitemap
    assert stats["newscrawl/sitemap/skipped/since"] == 1
    assert stats["newscrawl/sitemap/skipped/max_pages"] == 1
    # Al Jazeera: the news sitemap and the index of daily sitemaps (?yyyy=&mm=&dd=).
    stats = crawls[0]["aljazeera"].stats
    assert stats["newscrawl/sitemap/documents"] == 4


def test_feed_since_and_listing_pager(crawls: Any) -> None:
    stats = crawls[0]["dailynewsegypt"].stats
    assert stats["newscrawl/feed/skipped/since"] == 1  # the 2018 item
    assert stats["newscrawl/listing/pages"] == 2  # /category/business/ and .../page/2/ (WordPress)
    assert stats["newscrawl/listing/stopped/since"] == 1


def test_drupal_pager_is_followed(crawls: Any) -> None:
    for slug in ("middleeasteye", "aawsat"):
        assert crawls[0][slug].stats["newscrawl/listing/pages"] == 2, slug


@pytest.mark.parametrize("slug", ["royanews", "petra"])
def test_id_range_walk(crawls: Any, slug: str) -> None:
    stats = crawls[0][slug].stats
    assert stats["newscrawl/ids/requested"] >= 4
    assert stats.get("newscrawl/discovery/duplicate", 0) >= 1  # ids already found in the feed


# -- a blocked run ---------------------------------------------------------------------------


def test_blocked_site_is_reported_as_blocked(crawls: Any) -> None:
    run = crawls[0]["blocked"]
    assert run.returncode == 5, run.stderr[-3000:]
    assert run.stats["newscrawl/failure"] == "blocked"
    assert run.stats["newscrawl/blocked"] == 2
    assert run.stats["newscrawl/blocked/http_403"] == 1
    assert run.stats["newscrawl/blocked/challenge/cloudflare"] == 1
    assert "BLOCKED:" in run.stderr
    assert "not 'no new articles'" in run.stderr
    assert "'finish_reason': 'blocked'" in run.stderr
    assert stored(run) == {}
