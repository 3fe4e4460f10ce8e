"""The static mirror server and the synthetic Jordan Times site (no Scrapy, no internet)."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from newscrawl.sites.jordantimes import (
    SITE,
    JordanTimesParser,
    article_links,
    listing_dates,
    next_page,
)
from newscrawl.sites.navigation import hrefs
from testing.jtsite import MONTHS, SECTIONS, build_site
from testing.server import file_for, normalize_escapes, serve

PROJECT_ROOT = Path(__file__).resolve().parents[1]
START_PATHS = tuple("/opinion" if s == "opinion" else f"/news/{s}" for s in SECTIONS)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8", "replace")


# -- server ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("mirror")
    pages = {
        "index.html": "home page",
        "a/b/index.html": "page b",
        "a/b/index@page=1.html": "page b, second page",
        "news/local/kingdom%E2%80%99s-reserves/index.html": "encoded slug",
        "flaky/index.html": "finally up",
        "robots.txt": "User-agent: *\nDisallow:\n",
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "_faults.json").write_text(
        json.dumps({"/flaky": {"status": 503, "retry_after": 1, "times": 2}}), encoding="utf-8"
    )
    with serve(root) as base_url:
        yield base_url


def test_base_url_is_local(mirror: str) -> None:
    parts = urlsplit(mirror)
    assert parts.scheme == "http"
    assert parts.hostname == "127.0.0.1"
    assert parts.port


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/", "home page"),
        ("/a/b", "page b"),
        ("/a/b/", "page b"),
        ("/a/b?page=1", "page b, second page"),
        ("/news/local/kingdom%E2%80%99s-reserves", "encoded slug"),
        ("/news/local/kingdom%e2%80%99s-reserves", "encoded slug"),
        ("/robots.txt", "User-agent: *\nDisallow:\n"),
    ],
)
def test_serves_files(mirror: str, path: str, body: str) -> None:
    status, _, text = fetch(mirror + path)
    assert status == 200
    assert text == body


@pytest.mark.parametrize(
    "path", ["/missing", "/a/b?page=7", "/_faults.json", "/a/%2E%2E/%2E%2E/etc"]
)
def test_missing_is_404(mirror: str, path: str) -> None:
    assert fetch(mirror + path)[0] == 404


def test_headers(mirror: str) -> None:
    status, headers, _ = fetch(mirror + "/a/b")
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["ETag"].startswith('"')
    assert headers["Last-Modified"].endswith("GMT")


def test_if_none_match_gives_304(mirror: str) -> None:
    _, headers, _ = fetch(mirror + "/a/b")
    assert fetch(mirror + "/a/b", {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(mirror + "/a/b", {"If-None-Match": '"something-else"'})[0] == 200


def test_if_modified_since_gives_304(mirror: str) -> None:
    _, headers, _ = fetch(mirror + "/a/b")
    assert fetch(mirror + "/a/b", {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    long_ago = formatdate(0, usegmt=True)
    assert fetch(mirror + "/a/b", {"If-Modified-Since": long_ago})[0] == 200


def test_fault_injection_fails_the_first_requests(mirror: str) -> None:
    first, headers, _ = fetch(mirror + "/flaky")
    second, _, _ = fetch(mirror + "/flaky")
    third, _, body = fetch(mirror + "/flaky")
    assert (first, second, third) == (503, 503, 200)
    assert headers["Retry-After"] == "1"
    assert body == "finally up"


def test_file_for_mapping(tmp_path: Path) -> None:
    assert file_for(tmp_path, "/") == tmp_path / "index.html"
    assert file_for(tmp_path, "/a/b", "page=2") == tmp_path / "a" / "b" / "index@page=2.html"
    assert file_for(tmp_path, "/a/%e2%80%99") == tmp_path / "a" / "%E2%80%99" / "index.html"
    assert file_for(tmp_path, "/../secret") is None
    assert normalize_escapes("/x%c3%a9%2f") == "/x%C3%A9%2F"


# -- synthetic site -------------------------------------------------------------------------------


def _path_key(url: str) -> str:
    """Host-free article key: path only, escapes upper-cased, no trailing slash."""
    return normalize_escapes(urlsplit(url).path).rstrip("/")


@pytest.fixture(scope="module")
def jt_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict]]]:
    root = tmp_path_factory.mktemp("jtsite")
    manifest = build_site(root, n_articles=30, per_page=2, seed=3)
    with serve(root) as base_url:
        yield base_url, manifest


def _walk_listing(base_url: str, start_path: str) -> tuple[list[str], list[str], int]:
    """Follow the pager from a start path; return (article links, listing dates, pages seen)."""
    links: list[str] = []
    dates: list[str] = []
    url: str | None = base_url + start_path
    seen: set[str] = set()
    while url is not None and url not in seen:
        seen.add(url)
        status, _, html = fetch(url)
        assert status == 200, url
        links.extend(article_links(html, url, base_url))
        dates.extend(listing_dates(html))
        url = next_page(html, url)
    return links, dates, len(seen)


def test_build_site_manifest(jt_site: tuple[str, list[dict]]) -> None:
    _, manifest = jt_site
    assert len(manifest) == 30
    assert len({a["url"] for a in manifest}) == 30
    assert all(a["url"].startswith("https://www.jordantimes.com/") for a in manifest)
    assert {a["section"] for a in manifest} == set(SECTIONS)
    assert all(not set(a["authors"]) & set(a["agencies"]) for a in manifest)
    assert min(int(a["published"][:4]) for a in manifest) >= 2014
    assert max(int(a["published"][:4]) for a in manifest) <= 2025


def test_every_article_reachable_from_start_paths(jt_site: tuple[str, list[dict]]) -> None:
    base_url, manifest = jt_site
    found: set[str] = set()
    for start in START_PATHS:
        links, _, _ = _walk_listing(base_url, start)
        found.update(_path_key(link) for link in links)
    assert {a["path"] for a in manifest} <= found


def test_listings_are_paginated_newest_first(jt_site: tuple[str, list[dict]]) -> None:
    base_url, manifest = jt_site
    months = {m: i for i, m in enumerate(MONTHS, 1)}
    for start in START_PATHS:
        _, dates, pages = _walk_listing(base_url, start)
        section = start.rsplit("/", 1)[-1]
        in_section = [a for a in manifest if a["section"] == section]
        assert len(dates) == len(in_section)
        assert pages == max(1, -(-len(in_section) // 2))
        as_iso = [f"{d[-4:]}-{months[d[:3]]:02d}-{d[4:6]}" for d in dates]
        assert as_iso == sorted(as_iso, reverse=True)


def test_links_use_mixed_host_forms(jt_site: tuple[str, list[dict]]) -> None:
    base_url, _ = jt_site
    links: list[str] = []
    for start in START_PATHS:
        status, _, html = fetch(base_url + start)
        assert status == 200
        links.extend(u for u in hrefs(html, base_url + start) if SITE.is_article_path(_path_key(u)))
    hosts = {urlsplit(link).netloc for link in links}
    assert {"www.jordantimes.com", "jordantimes.com", "m.jordantimes.com"} <= hosts
    assert urlsplit(base_url).netloc in hosts
    assert any("utm_source=" in link for link in links)


def test_articles_parse_to_their_manifest(jt_site: tuple[str, list[dict]]) -> None:
    base_url, manifest = jt_site
    parser = JordanTimesParser()
    for entry in manifest:
        status, _, html = fetch(base_url + entry["path"])
        assert status == 200, entry["path"]
        assert f'<link rel="canonical" href="{entry["url"]}"' in html
        raw = parser.parse(html, entry["url"])
        assert raw.title == entry["title"]
        assert raw.section == entry["section"]
        assert raw.caption == entry["caption"]
        assert raw.body_paragraphs[0].endswith(entry["body_first"])
        assert raw.body_paragraphs[-1] == entry["body_last"]
        if entry["dateline"]:
            assert raw.body_paragraphs[0].startswith(entry["dateline"])
        for person in entry["authors"]:
            assert person in raw.author_names


def test_robots_allows_everything(jt_site: tuple[str, list[dict]]) -> None:
    base_url, _ = jt_site
    status, _, text = fetch(base_url + "/robots.txt")
    assert status == 200
    assert "Disallow:\n" in text
    assert "Crawl-delay" not in text


def test_build_site_is_deterministic(tmp_path: Path) -> None:
    first = build_site(tmp_path / "one", n_articles=12, seed=7)
    second = build_site(tmp_path / "two", n_articles=12, seed=7)
    other = build_site(tmp_path / "three", n_articles=12, seed=8)
    assert first == second
    assert first != other
    page = Path(first[0]["path"].lstrip("/")) / "index.html"
    assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes()


def test_page_kb_pads_article_pages(tmp_path: Path) -> None:
    manifest = build_site(tmp_path, n_articles=6, seed=1, page_kb=48)
    parser = JordanTimesParser()
    for entry in manifest:
        page = file_for(tmp_path, entry["path"])
        assert page is not None
        size = page.stat().st_size
        assert 48 * 1024 <= size <= 52 * 1024
        raw = parser.parse(page.read_text(encoding="utf-8"), entry["url"])
        assert raw.body_paragraphs[-1] == entry["body_last"]


def test_cli_writes_a_manifest(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "testing.jtsite",
            str(tmp_path / "site"),
            "--articles",
            "5",
        ],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "site" / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest) == 5
    assert (tmp_path / "site" / "robots.txt").is_file()
