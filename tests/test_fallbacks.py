"""A site parser that misses a field: the generic parser fills it and the article says so."""

from __future__ import annotations

from newscrawl.pipelines.runs import _counts
from newscrawl.sites.base import Selectors
from newscrawl.sites.fallback import fallback_fields
from newscrawl.sites.selectors import SelectorParser
from newscrawl.sites.thenational import TheNationalParser

URL = "https://news.example/2026/03/12/story"
HEAD = """<head><title>Port reopens after storm - News Example</title>
<meta property="og:title" content="Port reopens after storm">
<meta property="article:published_time" content="2026-03-12T08:00:00+04:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Port reopens after storm", "author": {"@type": "Person", "name": "Lina Aziz"},
 "datePublished": "2026-03-12T08:00:00+04:00"}</script></head>"""
BODY = """<div class="story"><p>The port reopened on Thursday after the storm that closed it for
two days, the harbour authority said, and the first ships were unloading by the afternoon.</p>
<p>Crews checked the breakwater and the cranes overnight and found no serious damage.</p></div>"""
PAGE = f"<html>{HEAD}<body><h1>Port reopens after storm</h1>{BODY}</body></html>"


def test_a_missed_selector_is_a_fallback_for_that_field_only() -> None:
    parser = SelectorParser(
        Selectors(title=("h1.headline",), byline=(".byline",), body=("div.story",)), name="t"
    )
    raw = parser.parse(PAGE, URL)
    assert raw.title == "Port reopens after storm"
    assert raw.provenance["fallback/title"] == "selector"
    assert raw.provenance["fallback/authors"] == "selector"
    assert raw.provenance["body"] == "selector"
    assert fallback_fields(raw.provenance) == ["authors", "title"]


def test_fields_without_a_selector_are_not_fallbacks() -> None:
    # No title selector and metadata-first dates: the generic parser is the plan, not a miss.
    raw = SelectorParser(Selectors(body=("div.story",), published=("span.date",)), name="t").parse(
        PAGE, URL
    )
    assert raw.title == "Port reopens after storm"
    assert raw.date_published_raw
    assert fallback_fields(raw.provenance) == []


def test_a_missed_visible_date_is_a_fallback_when_the_site_prefers_it() -> None:
    rules = Selectors(body=("div.story",), published=("span.date",), prefer_metadata_dates=False)
    raw = SelectorParser(rules, name="t").parse(PAGE, URL)
    assert raw.date_published_raw
    assert raw.provenance["fallback/date_published"] == "selector"
    found = PAGE.replace("<h1>", '<span class="date">12/03/2026</span><h1>')
    assert (
        "fallback/date_published"
        not in SelectorParser(rules, name="t").parse(found, URL).provenance
    )


def test_a_whole_page_fallback_names_every_field_generic_filled() -> None:
    raw = TheNationalParser().parse(PAGE, URL)  # no Arc story object on the page
    assert raw.parser == "thenational/generic-fallback"
    assert {"title", "authors", "date_published", "body"} <= set(fallback_fields(raw.provenance))
    assert raw.provenance["fallback/body"] == "arc"


def test_run_counts_per_field() -> None:
    stats = {"newscrawl/fallback/title": 3, "newscrawl/fallback/body": 1, "newscrawl/fill/body": 9}
    assert _counts(stats, "newscrawl/fallback/") == {"title": 3, "body": 1}
