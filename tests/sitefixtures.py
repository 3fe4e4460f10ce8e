"""Reading the per-site fixtures under ``tests/fixtures/sites/<slug>/`` (shared by the site tests).

Layout of one site's fixtures::

    tests/fixtures/sites/<slug>/
      cases.json    expected values: "articles" (one entry per fixture page) and "crawl"
      site/         the site's mirror, in the testing.server layout:
                    /a/b -> site/a/b/index.html, /a/b?q=1 -> site/a/b/index@q=1.html,
                    feeds and sitemaps as files (rss.xml) or index.xml / index@<query>.xml

An article case names its page by ``path`` (the URL path, plus query, the page is served at
on the mirror) or, for sites whose pages live elsewhere, by ``html`` (a file relative to the
site's fixture directory); ``from`` takes url and expected values from another fixture's JSON
(the Jordan Times parser fixtures). ``expected`` holds raw parser fields, ``normalized`` the values after
the pipeline's normalization steps, ``must_not_contain`` page furniture that must not leak.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from newscrawl.processing import raw_to_fields, run_steps
from newscrawl.sites import get_site
from newscrawl.sites.base import RawArticle
from testing.server import file_for

SITES_DIR = Path(__file__).resolve().parent / "fixtures" / "sites"
FETCHED_AT = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
"""A fixed fetch time: relative dates and the future-date guard must not depend on today."""


def site_dir(slug: str) -> Path:
    return SITES_DIR / slug


def mirror_root(slug: str) -> Path:
    return site_dir(slug) / "site"


@functools.cache
def load_cases(slug: str) -> dict[str, Any] | None:
    path = site_dir(slug) / "cases.json"
    if not path.is_file():
        return None
    cases = json.loads(path.read_text(encoding="utf-8"))
    for case in cases.get("articles", []):
        if "from" in case:  # a parser fixture kept elsewhere: take its url and expected values
            other = json.loads((site_dir(slug) / case["from"]).read_text(encoding="utf-8"))
            for key in ("url", "expected", "normalized", "must_not_contain"):
                case.setdefault(key, other.get(key))
    return cases


def article_cases(slug: str) -> list[dict[str, Any]]:
    cases = load_cases(slug)
    return list(cases["articles"]) if cases else []


def page_file(slug: str, case: dict[str, Any]) -> Path | None:
    if "html" in case:
        return (site_dir(slug) / case["html"]).resolve()
    parts = urlsplit(case["path"])
    return file_for(mirror_root(slug), parts.path, parts.query)


@functools.cache
def _parsed(slug: str, name: str) -> RawArticle:
    case = next(c for c in article_cases(slug) if c["name"] == name)
    path = page_file(slug, case)
    assert path is not None
    return get_site(slug).make_parser().parse(path.read_text(encoding="utf-8"), case["url"])


def parsed(slug: str, name: str) -> RawArticle:
    return _parsed(slug, name)


@functools.cache
def _normalized(slug: str, name: str) -> dict[str, Any]:
    site = get_site(slug)
    article = raw_to_fields(parsed(slug, name), site)
    article["fetched_at"] = FETCHED_AT
    run_steps(article, site)
    return article


def normalized(slug: str, name: str) -> dict[str, Any]:
    return _normalized(slug, name)


def _first(raw: RawArticle) -> str | None:
    return raw.body_paragraphs[0] if raw.body_paragraphs else None


def _last(raw: RawArticle) -> str | None:
    return raw.body_paragraphs[-1] if raw.body_paragraphs else None


# How each raw field named in a fixture's "expected" block is read off a parser's RawArticle.
RAW_FIELDS = {
    "title": lambda r: r.title,
    "byline_raw": lambda r: r.byline_raw,
    "author_names": lambda r: r.author_names,
    "date_published_raw": lambda r: r.date_published_raw,
    "date_updated_raw": lambda r: r.date_updated_raw,
    "first_paragraph": _first,
    "last_paragraph": _last,
    "caption": lambda r: r.caption,
    "section": lambda r: r.section,
    "node_id": lambda r: r.node_id,
    "parser": lambda r: r.parser,
    "layout": lambda r: r.provenance.get("layout"),
    "paragraph_count": lambda r: len(r.body_paragraphs),
}
