"""The Jordan Times parser against hand-written fixtures, one assertion per field, plus listing navigation."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sitefixtures import RAW_FIELDS

from newscrawl.sites.base import RawArticle
from newscrawl.sites.jordantimes import (
    PARSER_DRUPAL7,
    PARSER_FALLBACK,
    SITE,
    JordanTimesParser,
    article_links,
    listing_dates,
    looks_like_caption,
    next_page,
    section_from_url,
    split_news_info,
)
from testing.jtsite import MONTHS as JT_MONTHS

FIXTURES = Path(__file__).parent / "fixtures" / "jordantimes"
CASES = sorted(p.stem for p in FIXTURES.glob("*.json"))
AMMAN = ZoneInfo("Asia/Amman")
MONTHS = {m: i for i, m in enumerate(JT_MONTHS, 1)}


@functools.cache
def fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def parsed(name: str) -> RawArticle:
    html = (FIXTURES / f"{name}.html").read_text(encoding="utf-8")
    return JordanTimesParser().parse(html, fixture(name)["url"])


FIELD_CASES = [
    pytest.param(name, field, id=f"{name}::{field}")
    for name in CASES
    for field in fixture(name)["expected"]
]


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize(("name", "field"), FIELD_CASES)
def test_field(name: str, field: str) -> None:
    expected = fixture(name)["expected"][field]
    raw = parsed(name)
    if field == "subheading":
        assert expected in raw.body_paragraphs
    else:
        assert RAW_FIELDS[field](raw) == expected


@pytest.mark.parametrize("name", CASES, ids=[f"{n}::must_not_contain" for n in CASES])
def test_no_furniture(name: str) -> None:
    raw = parsed(name)
    text = "\n".join(
        [raw.title or "", raw.byline_raw or "", raw.caption or "", *raw.body_paragraphs]
    )
    leaked = [s for s in fixture(name)["must_not_contain"] if s in text]
    assert leaked == []


@pytest.mark.parametrize("name", CASES, ids=[f"{n}::no_empty_paragraphs" for n in CASES])
def test_no_empty_paragraphs(name: str) -> None:
    assert all(p.strip() for p in parsed(name).body_paragraphs)


# -- the fixtures' own "normalized" block must follow the rules it documents ---------------------


def _local_midnight(raw: str) -> str:
    month, rest = raw.split(" ", 1)
    day, year = rest.replace(" ", "").split(",")
    return datetime(int(year), MONTHS[month], int(day), tzinfo=AMMAN).isoformat()


@pytest.mark.parametrize("name", CASES, ids=[f"{n}::normalized_dates" for n in CASES])
def test_normalized_dates_are_local_midnight(name: str) -> None:
    doc = fixture(name)
    norm, expected = doc["normalized"], doc["expected"]
    if norm["date_precision"] != "day":
        assert datetime.fromisoformat(norm["published_at"]).utcoffset() is not None
        return
    assert norm["published_at"] == _local_midnight(expected["date_published_raw"])
    assert norm["updated_at"] == _local_midnight(expected["date_updated_raw"])


@pytest.mark.parametrize("name", CASES, ids=[f"{n}::normalized_consistent" for n in CASES])
def test_normalized_block_is_consistent(name: str) -> None:
    doc = fixture(name)
    norm, expected = doc["normalized"], doc["expected"]
    assert not set(norm["authors"]) & set(norm["agencies"])
    assert not set(norm["authors"]) & set(SITE.desks)
    if "first_paragraph" in expected:
        assert expected["first_paragraph"].endswith(norm["body_first"])
        assert expected["last_paragraph"] == norm["body_last"]
        if norm["dateline"]:
            assert expected["first_paragraph"].startswith(norm["dateline"].split(",")[0])
        else:
            assert expected["first_paragraph"] == norm["body_first"]


# -- details -------------------------------------------------------------------------------------


def test_body_html_is_the_news_body_only() -> None:
    raw = parsed("person-2014-strong-dateline")
    assert raw.body_html is not None
    assert raw.body_html.startswith("<p><strong>AMMAN</strong>")
    assert "rate-widget" not in raw.body_html
    assert "news-info" not in raw.body_html


def test_provenance_names_the_selectors() -> None:
    raw = parsed("two-authors-updated")
    for key in ("title", "byline", "date_published", "date_updated", "body", "caption", "node_id"):
        assert raw.provenance[key] == "selector"
    assert raw.provenance["layout"] == "drupal7"
    assert raw.language == "en"


def test_drupal_dates_come_only_from_news_info() -> None:
    # The header "Today, ..." and sidebar "Jul 10, 2015" dates must never be taken.
    raw = parsed("no-by-world")
    assert raw.date_published_raw == "Mar 08,2014"


def test_fallback_records_widget_markers() -> None:
    raw = parsed("newer-layout-widget")
    assert raw.provenance.get("layout_markers") == "widget"


@pytest.mark.parametrize("html", ["", "<html><body><p>Access denied</p></body></html>"])
def test_page_without_any_layout_does_not_raise(html: str) -> None:
    raw = JordanTimesParser().parse(html, "https://www.jordantimes.com/news/local/x")
    assert raw.parser == PARSER_FALLBACK
    assert raw.provenance["layout"] == "unknown"


def test_drupal_page_with_missing_dates_still_parses() -> None:
    html = (
        '<html><body class="page-node"><div id="left-col"><h1>A title</h1>'
        '<div class="news-info"><p>By <span>Someone</span></p></div>'
        '<div class="news-body"><p>AMMAN — Text.</p></div></div></body></html>'
    )
    raw = JordanTimesParser().parse(html, "https://www.jordantimes.com/news/local/a-title")
    assert raw.parser == PARSER_DRUPAL7
    assert raw.byline_raw == "By Someone"
    assert raw.date_published_raw is None or raw.provenance.get("date_published") != "selector"
    assert raw.body_paragraphs == ["AMMAN — Text."]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "By Omar Example - Feb 22,2014 - Last updated at Feb 22,2014",
            ("By Omar Example", "Feb 22,2014", "Feb 22,2014"),
        ),
        ("By - Oct 15,2015 - Last updated at Oct 16,2015", ("By", "Oct 15,2015", "Oct 16,2015")),
        (
            "By , - Nov 10,2015 - Last updated at Nov 10,2015",
            ("By ,", "Nov 10,2015", "Nov 10,2015"),
        ),
        ("Mar 08,2014 - Last updated at Mar 08,2014", ("", "Mar 08,2014", "Mar 08,2014")),
        ("By AFP – Dec 31,2016 – JORDAN TIMES", ("By AFP", "Dec 31,2016", None)),
        ("By Editorial - Apr 28,2014", ("By Editorial", "Apr 28,2014", None)),
        (
            "By Layla Abdel-Rahman - Jul 17,2023 - Last updated at Jul 18,2023",
            ("By Layla Abdel-Rahman", "Jul 17,2023", "Jul 18,2023"),
        ),
        ("By Someone", ("By Someone", None, None)),
    ],
)
def test_split_news_info(line: str, expected: tuple) -> None:
    assert split_news_info(line) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Delegates arrive for talks (Reuters photo)", True),
        ("Pilgrims gather on Friday (AFP photo by Someone Else)", True),
        ("A blaze outside the capital (JT file)", True),
        ("A view of the port (AFP via Getty Images)", True),
        ("Guests at the ceremony (Photo courtesy of Royal Court)", True),
        ("AMMAN — The minister said the plan (phase one) would start soon.", False),
        ("The ministry said it would photograph all sites.", False),
    ],
)
def test_looks_like_caption(text: str, expected: bool) -> None:
    assert looks_like_caption(text) is expected


@pytest.mark.parametrize(
    ("path", "is_article"),
    [
        ("/news/local/central-bank-warns-against-using-bitcoin", True),
        ("/news/region/some-story", True),
        ("/news/letters/more-shade-bus-stops", True),
        ("/news/local/minister-says-kingdom%E2%80%99s-grain-reserves-sufficient", True),
        ("/opinion/editorial/combat-smoking", True),
        ("/opinion/jawad-example/hardest-things", True),
        ("/news/local", False),
        ("/opinion", False),
        ("/opinion/editorial", False),
        ("/news/local/a/b", False),
        ("/news/culture/story", False),
        ("/taxonomy/term/24", False),
        ("/node/248461", False),
        ("/read-pdf-list", False),
        ("/static/about-us", False),
        ("/writer/editorial", False),
        ("/search/site/water", False),
    ],
)
def test_article_url_pattern(path: str, is_article: bool) -> None:
    assert SITE.is_article_path(path) is is_article


@pytest.mark.parametrize(
    ("url", "section"),
    [
        ("https://www.jordantimes.com/news/local/x", "local"),
        ("http://127.0.0.1:8000/news/sports/x", "sports"),
        ("https://jordantimes.com/opinion/editorial/x", "opinion"),
        ("https://jordantimes.com/static/about-us", None),
    ],
)
def test_section_from_url(url: str, section: str | None) -> None:
    assert section_from_url(url) == section


def test_site_record() -> None:
    assert SITE.slug == "jordantimes"
    assert SITE.canonical_base == "https://www.jordantimes.com"
    assert all(
        SITE.owns_host(h) for h in ("www.jordantimes.com", "jordantimes.com", "m.jordantimes.com")
    )
    assert not any(SITE.is_article_path(p) for p in SITE.start_paths)
    assert isinstance(SITE.make_parser(), JordanTimesParser)


# -- listing navigation --------------------------------------------------------------------------

LISTING = (FIXTURES / "listing_local_page0.html").read_text(encoding="utf-8")
LISTING_URL = "https://www.jordantimes.com/news/local"


def test_article_links_by_url_pattern_in_every_host_form() -> None:
    # every host form and tracking query collapses to one canonical URL per article
    assert article_links(LISTING, LISTING_URL) == [
        "https://www.jordantimes.com/news/local/health-ministry-expands-mobile-clinics-badia",
        "https://www.jordantimes.com/news/local/cabinet-approves-bylaw-home-based-businesses",
        "https://www.jordantimes.com/news/local/students-build-weather-station-tafileh-school",
        "https://www.jordantimes.com/news/local/aqaba-hosts-regional-diving-safety-workshop",
        "https://www.jordantimes.com/news/local/irbid-opens-second-public-library-branch",
        "https://www.jordantimes.com/news/local/minister-says-kingdom%E2%80%99s-roads-plan-track",
        # sidebar links are articles too: recognised by URL, not by listing markup
        "https://www.jordantimes.com/news/region/border-crossing-reopens-trucks",
        "https://www.jordantimes.com/opinion/nabil-sweis/case-for-night-buses",
    ]


def test_article_links_exclude_non_articles() -> None:
    links = article_links(LISTING, LISTING_URL)
    for fragment in ("/read-pdf-list", "/static/about-us", "/taxonomy/term/", "/node/", "/writer/",
                     "/search/", "example.com", "mailto:", "?page="):  # fmt: skip
        assert not any(fragment in link for link in links), fragment


def test_article_links_resolve_against_a_mirror() -> None:
    links = article_links(LISTING, "http://127.0.0.1:8123/news/local", "http://127.0.0.1:8123")
    # relative links resolve on the mirror but are stored under the real domain
    assert (
        links[0]
        == "https://www.jordantimes.com/news/local/health-ministry-expands-mobile-clinics-badia"
    )
    assert (
        "https://www.jordantimes.com/news/local/students-build-weather-station-tafileh-school"
        in links
    )


def test_next_page_follows_the_drupal_pager() -> None:
    assert next_page(LISTING, LISTING_URL) == "https://www.jordantimes.com/news/local?page=1"


def test_next_page_without_pager_next_uses_page_numbers() -> None:
    html = (
        '<ul class="pager"><li><a href="/news/local?page=2">3</a></li>'
        '<li><a href="/news/region?page=4">other section</a></li>'
        '<li><a href="/news/local?page=4">5</a></li></ul>'
    )
    assert next_page(html, "https://www.jordantimes.com/news/local?page=3") == (
        "https://www.jordantimes.com/news/local?page=4"
    )


def test_next_page_on_the_last_page_is_none() -> None:
    html = '<ul class="pager"><li class="pager-item"><a href="/news/local?page=1">2</a></li></ul>'
    assert next_page(html, "https://www.jordantimes.com/news/local?page=2") is None
    assert next_page("", LISTING_URL) is None


def test_listing_dates_from_item_lines_only() -> None:
    dates = listing_dates(LISTING)
    assert dates == [
        "Nov 24,2019",
        "Nov 24,2019",
        "Nov 23,2019",
        "Nov 23,2019",
        "Nov 22,2019",
        "Nov 21,2019",
    ]
    assert all(re.fullmatch(r"[A-Z][a-z]{2} \d{2},\d{4}", d) for d in dates)
