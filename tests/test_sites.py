"""Every registered site against its hand-written fixtures: one test per field, per page, per site.

A site without fixtures fails ``test_every_registered_site_has_fixtures``; the fixture layout is
described in ``tests/sitefixtures.py`` and docs/adding-a-site.md.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import pytest
from sitefixtures import (
    RAW_FIELDS,
    article_cases,
    load_cases,
    mirror_root,
    normalized,
    page_file,
    parsed,
)

from newscrawl.sites import all_sites, get_site
from newscrawl.sites.discovery import parse_document
from newscrawl.sites.navigation import article_ref, article_refs
from testing.server import file_for

SLUGS = [site.slug for site in all_sites()]


NORMALIZED_FIELDS = {
    "published_at": lambda a: a.get("published_at"),
    "updated_at": lambda a: a.get("updated_at"),
    "date_precision": lambda a: a.get("date_precision"),
    "authors": lambda a: a.get("authors"),
    "agencies": lambda a: a.get("agencies"),
    "desks": lambda a: a.get("desks"),
    "dateline": lambda a: a.get("dateline"),
    "dateline_places": lambda a: a.get("dateline_places"),
    "caption": lambda a: a.get("caption"),
    "body_first": lambda a: (a.get("body_paragraphs") or [None])[0],
    "body_last": lambda a: (a.get("body_paragraphs") or [None])[-1],
}


def _cases(kind: str) -> list:
    params = []
    for slug in SLUGS:
        for case in article_cases(slug):
            known = RAW_FIELDS if kind == "expected" else NORMALIZED_FIELDS
            for field in case.get(kind, {}):
                if "from" in case and field not in known:
                    continue  # a field only that fixture's own test knows ("subheading")
                params.append(
                    pytest.param(slug, case["name"], field, id=f"{slug}::{case['name']}::{field}")
                )
    return params


def _case(slug: str, name: str) -> dict:
    return next(c for c in article_cases(slug) if c["name"] == name)


ALL_CASES = [
    pytest.param(slug, case["name"], id=f"{slug}::{case['name']}")
    for slug in SLUGS
    for case in article_cases(slug)
]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_registered_site_has_fixtures(slug: str) -> None:
    cases = load_cases(slug)
    assert cases is not None, (
        f"{slug} has no tests/fixtures/sites/{slug}/cases.json: every registered site needs "
        "hand-written fixture pages with expected values (docs/adding-a-site.md)"
    )
    assert cases["articles"], f"{slug}: cases.json lists no article pages"
    for case in cases["articles"]:
        page = page_file(slug, case)
        assert page is not None
        assert page.is_file(), f"{slug}: no page for {case['name']}"
        assert case.get("expected"), f"{slug}: {case['name']} expects nothing"
        assert case.get("normalized"), f"{slug}: {case['name']} expects nothing normalized"
    assert cases.get("crawl", {}).get("stored"), f"{slug}: cases.json says nothing about its crawl"


@pytest.mark.parametrize(("slug", "name", "field"), _cases("expected"))
def test_raw_field(slug: str, name: str, field: str) -> None:
    expected = _case(slug, name)["expected"][field]
    assert RAW_FIELDS[field](parsed(slug, name)) == expected


@pytest.mark.parametrize(("slug", "name", "field"), _cases("normalized"))
def test_normalized_field(slug: str, name: str, field: str) -> None:
    expected = _case(slug, name)["normalized"][field]
    value = NORMALIZED_FIELDS[field](normalized(slug, name))
    if field in ("published_at", "updated_at") and expected is not None:
        # The same instant, and the same wall-clock offset the site's zone gives it.
        assert value is not None
        wanted = datetime.fromisoformat(expected)
        assert value == wanted
        assert value.utcoffset() == wanted.utcoffset()
    else:
        assert value == expected


@pytest.mark.parametrize(("slug", "name"), ALL_CASES)
def test_no_furniture_leaks(slug: str, name: str) -> None:
    raw = parsed(slug, name)
    text = "\n".join(
        [raw.title or "", raw.byline_raw or "", raw.caption or "", *raw.body_paragraphs]
    )
    leaked = [s for s in _case(slug, name).get("must_not_contain", []) if s in text]
    assert leaked == []


@pytest.mark.parametrize(("slug", "name"), ALL_CASES)
def test_body_has_no_empty_paragraphs(slug: str, name: str) -> None:
    body = parsed(slug, name).body_paragraphs
    assert body
    assert all(p.strip() for p in body)


@pytest.mark.parametrize(("slug", "name"), ALL_CASES)
def test_case_url_is_the_canonical_form(slug: str, name: str) -> None:
    case = _case(slug, name)
    site = get_site(slug)
    ref = article_ref(case["url"], site)
    assert ref is not None
    assert ref.canonical == case["url"]
    if "path" in case:
        found = article_ref(site.canonical_base + case["path"], site)
        assert found is not None
        assert found.canonical == case["url"]


# -- the mirrors: every declared discovery source exists and leads to articles ----------------


def _mirror_sites() -> list[str]:
    return [s for s in SLUGS if (load_cases(s) or {}).get("crawl", {}).get("mirror") != "jtsite"]


def _sources(slug: str) -> list:
    site = get_site(slug)
    return [
        pytest.param(slug, kind, path, id=f"{slug}::{kind}::{path}")
        for kind, paths in (
            ("feeds", site.feeds),
            ("sitemaps", site.sitemaps),
            ("listings", site.start_paths),
        )
        for path in paths
    ]


@pytest.mark.parametrize(
    ("slug", "kind", "path"), [p for s in _mirror_sites() for p in _sources(s)]
)
def test_declared_source_is_in_the_mirror_and_lists_articles(
    slug: str, kind: str, path: str
) -> None:
    site = get_site(slug)
    parts = urlsplit(path)
    page = file_for(mirror_root(slug), parts.path, parts.query)
    assert page is not None
    assert page.is_file(), f"{slug}: the mirror lacks {path}"
    body = page.read_bytes()
    url = site.canonical_base + path
    if kind == "listings":
        refs = article_refs(body.decode("utf-8"), url, site)
    else:
        document = parse_document(body, url)
        assert document.kind != "unknown"
        if document.sitemaps:
            return  # an index: its children are checked through the crawl
        refs = [r for r in (article_ref(e.url, site) for e in document.entries) if r]
    assert refs, f"{slug}: {path} lists no article of the site"


@pytest.mark.parametrize("slug", _mirror_sites())
def test_stored_urls_of_the_crawl_have_pages_in_the_mirror(slug: str) -> None:
    """Every article the offline crawl must store is a case with expected values."""
    cases = load_cases(slug) or {}
    known = {c["url"] for c in cases.get("articles", [])}
    assert set(cases["crawl"]["stored"]) <= known
