"""Failure classes of extraction on pages it has never seen, each on hand-written pages.

One section per class: bodies that are menus, bodies cut short, encodings, credits,
datelines, dates and titles. The pages live in ``tests/fixtures/extraction`` or inline.
"""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from newscrawl.decoding import decode_html
from newscrawl.extract import extract_page
from newscrawl.normalize.body import body_rejection
from newscrawl.processing import clean_body_step
from newscrawl.sites.generic import GenericParser

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text("utf-8")


def generic(html: str, url: str = "https://news.example.org/story/1") -> object:
    return GenericParser(use_htmldate=False).parse(html, url)


# --- 1. navigation is never a body ---------------------------------------------------------


def test_a_page_that_is_only_a_menu_gives_no_body_and_says_why() -> None:
    raw = generic(fixture("menu_only.html"), "https://www.greyfield.example.gov/services")
    assert raw.body_paragraphs == []
    assert raw.provenance["body_rejected"] == "menu"
    events = clean_body_step(
        {"body_paragraphs": raw.body_paragraphs, "provenance": raw.provenance}, None
    )
    assert events == ["body/rejected/menu"]


def test_an_account_bar_is_never_stored_as_the_article() -> None:
    out = extract_page(fixture("account_bar.html"), "https://www.valleytimes.example/x")
    assert not out["body"]
    assert "Sign In" not in (out["body"] or "")


@pytest.mark.parametrize(
    ("paragraphs", "links", "reason"),
    [
        (["Skip to content", "My Times", "Sign In", "Today's E-Edition", "A short note."], None, "navigation"),
        ([f"Section {i}" for i in range(20)], {f"section {i}" for i in range(20)}, "menu"),
        # the same short lines that are not links: a poem or lyrics, not a menu
        ([f"Line {i} of the song" for i in range(20)], set(), None),
        ([f"Section {i}" for i in range(20)], None, None),  # a site parser's text: links unknown
        (["One long paragraph of prose that tells the story of the day in full sentences."] * 3, set(), None),
        ([], None, "empty"),
    ],
)
def test_body_guard(paragraphs: list[str], links: set[str] | None, reason: str | None) -> None:
    assert body_rejection(paragraphs, links) == reason


def test_the_guard_stands_behind_site_parsers_too() -> None:
    article = {
        "body_paragraphs": ["Skip to content", "Sign In", "Subscribe", "Menu", "Search"],
        "provenance": {"body": "selector"},
    }
    assert clean_body_step(article, None) == ["body/rejected/navigation"]
    assert article["body_paragraphs"] == []


# --- 2. truncated bodies -------------------------------------------------------------------


def test_a_story_split_by_ads_and_a_form_is_read_to_its_end() -> None:
    out = extract_page(fixture("split_by_ad.html"), "https://www.riverside.example/news/pumps")
    body = out["body"].split("\n\n")
    assert body[0].startswith("The water authority opened the second pumping station")
    assert body[-1].startswith("The authority expects to finish a third station")
    assert len(body) == 6
    text = " ".join(body)
    for furniture in ("Advertisement", "Newsletter", "Old pumps fail", "forty years", "Related"):
        assert furniture not in text


# --- 3. one decoder for crawl, extract and eval --------------------------------------------

ARABIC = "<html><body><h1>وزير الخارجية يلتقي نظيره الأردني</h1><p>" + (
    "التقى وزير الخارجية اليوم نظيره الأردني في العاصمة عمان، وبحث الجانبان العلاقات الثنائية. "
    * 3
) + "</p></body></html>"


@pytest.mark.parametrize(
    ("raw", "content_type", "codec"),
    [
        (codecs.BOM_UTF8 + "<p>café</p>".encode(), "text/html; charset=windows-1252", "utf-8"),
        ("<p>ناس</p>".encode("cp1256"), "text/html; charset=windows-1256", "cp1256"),
        # valid UTF-8 beats every declared single-byte (or gb2312) charset, header or meta
        ("<meta charset='gb2312'><p>中文 café</p>".encode(), None, "utf-8"),
        ("<meta charset='windows-1252'><p>déjà vu</p>".encode(), None, "utf-8"),
        ("<p>déjà vu</p>".encode(), "text/html; charset=ISO-8859-1", "utf-8"),
        ("<meta charset='windows-1256'><p>ناس</p>".encode("cp1256"), None, "cp1256"),
        # nothing declared anywhere: read off the bytes
        (ARABIC.encode("cp1256"), "text/html", "cp1256"),
        ("<p>Größe und Maße</p>".encode("cp1252"), None, "cp1252"),
    ],
)
def test_decoder_order_of_evidence(raw: bytes, content_type: str | None, codec: str) -> None:
    text, used = decode_html(raw, content_type)
    assert used == codec
    for mojibake in ("\ufffd", "Ã", "Ø"):
        assert mojibake not in text


def test_extract_and_eval_decode_alike(tmp_path: Path) -> None:
    from newscrawl import evaluate
    from newscrawl.cli.extract import read_html

    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(ARABIC.encode("cp1256")))
    assert read_html(path) == ARABIC
    assert evaluate.decode_html(ARABIC.encode("cp1256"))[0] == ARABIC


# --- 5. credits -----------------------------------------------------------------------------

ARTICLE_TEXT = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "The council approved the new water plan for the eastern districts on Tuesday evening.",
        "Officials said the first pipes would be laid before the summer, starting near the old market.",
        "Residents have waited for a reliable supply since the drought years, when taps ran dry for weeks.",
    )
)


def test_a_topic_link_in_the_text_is_never_the_author() -> None:
    html = (
        "<html><head><title>Water plan approved</title></head><body><article>"
        "<h1>Water plan approved</h1>"
        "<p>The mayor said the plan answers criticism from "
        '<a href="/topics/people/donald-trump">Donald Trump</a>, who had mocked the city for its '
        "dry parks during a visit, and from residents who complained for years about the taps.</p>"
        f"{ARTICLE_TEXT}</article></body></html>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["authors"] == []


def test_a_byline_wrapper_holding_only_the_date_is_passed_over() -> None:
    html = (
        "<html><head><title>Water plan approved</title></head><body><article>"
        "<h1>Water plan approved</h1>"
        '<div class="article-byline"><time>June 30, 2013</time></div>'
        '<p class="by">By Rana Haddad</p>'
        f"{ARTICLE_TEXT}</article></body></html>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["authors"] == ["Rana Haddad"]


@pytest.mark.parametrize(
    ("byline", "authors", "agencies", "desks"),
    [
        ("By HERB KEINON AND AP", ["Herb Keinon"], ["AP"], []),
        ("KVELLER via JTA", [], ["JTA"], ["Kveller"]),
        ("By JTA", [], ["JTA"], []),
        ("Jewish Telegraphic Agency", [], ["JTA"], []),
        ("By TPS", [], ["TPS"], []),
        ("Tasnim News Agency", [], ["Tasnim"], []),
    ],
)
def test_people_agencies_and_desks(
    byline: str, authors: list[str], agencies: list[str], desks: list[str]
) -> None:
    from newscrawl.normalize.byline import normalize_byline

    found = normalize_byline(byline)
    assert (found.authors, found.agencies, found.desks) == (authors, agencies, desks)


@pytest.mark.parametrize(
    ("last", "agencies", "desks"),
    [
        ("SOURCE: Al Jazeera News", [], ["Al Jazeera News"]),
        ("Source: News agencies", [], ["Agencies"]),
        ("Source: Al Jazeera and news agencies", [], ["Al Jazeera", "Agencies"]),
        ("Source: Reuters", ["Reuters"], []),
    ],
)
def test_trailing_source_lines_are_credits_not_body(
    last: str, agencies: list[str], desks: list[str]
) -> None:
    html = (
        "<html><head><title>Water plan approved</title></head><body><article>"
        f"<h1>Water plan approved</h1>{ARTICLE_TEXT}<p>{last}</p></article></body></html>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert last not in out["body"]
    assert out["body"].endswith("taps ran dry for weeks.")
    assert out["agencies"] == agencies
    assert out["desks"] == desks


def test_a_source_sentence_stays_in_the_body() -> None:
    from newscrawl.normalize.dateline import split_trailing_credits

    text = ["Para one.", "Source: officials said the plan would fail within a week of the start"]
    assert split_trailing_credits(text) == (text, [], [])


# --- 6. datelines ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "dateline", "countries", "rest"),
    [
        (
            "Washington, DC, United States: Getting to the Moon was the easy part, engineers say.",
            "Washington, DC, United States",
            ["US"],
            "Getting to the Moon",
        ),
        ("Gaza City, Palestine: Aid trucks waited at the crossing.", "Gaza City, Palestine", ["PS"], "Aid trucks"),
        ("ABU DHABI — The emirate announced new rules on Monday.", "ABU DHABI", ["AE"], "The emirate"),
        ("ABU DHABI —The emirate announced new rules on Monday.", "ABU DHABI", ["AE"], "The emirate"),
    ],
)
def test_datelines_at_the_start_of_generic_bodies(
    first: str, dateline: str, countries: list[str], rest: str
) -> None:
    html = (
        "<html><head><title>Water plan approved</title></head><body><article>"
        f"<h1>Water plan approved</h1><p>{first}</p>{ARTICLE_TEXT}</article></body></html>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["dateline"] == dateline
    assert out["dateline_countries"] == countries
    assert out["body"].startswith(rest)


def test_a_partner_credit_before_the_dash_is_a_credit_not_a_place() -> None:
    html = (
        "<html><head><title>Water plan approved</title></head><body><article>"
        "<h1>Water plan approved</h1><p>KVELLER via JTA — Getting a table for the holidays was "
        f"never this hard, parents say.</p>{ARTICLE_TEXT}</article></body></html>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["agencies"] == ["JTA"]
    assert out["desks"] == ["Kveller"]
    assert out["body"].startswith("Getting a table")


def test_a_person_with_a_colon_is_not_a_dateline() -> None:
    from newscrawl.normalize.dateline import split_dateline

    assert split_dateline("Minister Khasawneh: we will act.")[0] is None
    assert split_dateline("Abu Dhabi: The emirate said.")[0] is None  # title case, no country


# --- 7. dates -----------------------------------------------------------------------------


def _dated_page(date_html: str, head: str = "", masthead: str = "") -> str:
    return (
        f"<html><head><title>Water plan approved</title>{head}</head><body>"
        f"<header class='masthead'>{masthead}<a href='/'>The Valley Times</a></header><article>"
        f"<h1>Water plan approved</h1>{date_html}{ARTICLE_TEXT}</article>"
        "<aside class='more'><p>Published: 02/02/2011 Other story</p></aside></body></html>"
    )


def test_a_labelled_printed_date_is_read_without_any_date_markup() -> None:
    html = _dated_page("<p class='meta'>Published: 16:33 June 30, 2013</p>")
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["published_at"].startswith("2013-06-30T16:33")
    assert out["provenance"]["date_published"] == "visible"


def test_a_printed_date_is_not_overridden_by_a_guess() -> None:
    html = _dated_page(
        "<div class='posted'>Posted: Dec 16, 2007 18:22</div>"
        "<p>Last year's figures, released on 3 January 2006, showed the same.</p>"
    )
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["published_at"].startswith("2007-12-16T18:22")


@pytest.mark.parametrize("where", ["masthead", "top of the article"])
def test_a_masthead_today_is_never_the_article_date(where: str) -> None:
    today = "<div class='date-today'>Today, November 28, 2026</div>"
    html = _dated_page(today if where != "masthead" else "", masthead=today if where == "masthead" else "")
    out = extract_page(html, "https://news.example.org/story/1")
    assert not (out["published_at"] or "").startswith("2026-11-28")


@pytest.mark.parametrize(
    ("raw", "language", "url", "printed", "day_first"),
    [
        ("05/03/2024", "en-US", "https://x.example/a", True, False),
        ("05/03/2024", "en-GB", "https://x.example/a", True, True),
        ("05/03/2024", "ar", "https://x.example/a", True, True),
        ("05/03/2024", "en", "https://x.example/a", True, None),
        # the URL's own date settles it, whatever the language says
        ("05/03/2024", "en-US", "https://x.example/2024/03/05/a", True, True),
        ("05/03/2024", "fr", "https://x.example/2024/05/03/a", True, False),
        # machine-written metadata: the language is no evidence
        ("11/01/2023 12:43", "de", "https://x.example/a", False, None),
        ("March 5, 2024", "en-GB", "https://x.example/a", True, None),
    ],
)
def test_numeric_day_month_order(
    raw: str, language: str, url: str, printed: bool, day_first: bool | None
) -> None:
    from newscrawl.normalize.dates import guess_day_first

    assert guess_day_first(raw, language, url, printed=printed) is day_first


def test_a_printed_numeric_date_follows_the_page_language() -> None:
    html = _dated_page("<p class='date'>Published: 05/03/2024</p>").replace("<html>", "<html lang='en-GB'>")
    out = extract_page(html, "https://news.example.org/story/1")
    assert out["published_at"].startswith("2024-03-05")


# --- 8. titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("Khaleej Times Online - UAE to build new road", "http://www.khaleejtimes.com/Display.asp?x=1", "UAE to build new road"),
        ("UAE to build new road - Khaleej Times Online", "http://www.khaleejtimes.com/x", "UAE to build new road"),
        ("Arab News | Saudi budget grows", "https://www.arabnews.com/node/1", "Saudi budget grows"),
        # a title that merely shares a word with the host keeps it
        ("Times: a new era", "https://www.nytimes.com/x", "Times: a new era"),
    ],
)
def test_the_site_name_is_cut_off_the_title(title: str, url: str, expected: str) -> None:
    html = f"<html><head><title>{title}</title></head><body>{ARTICLE_TEXT}</body></html>"
    assert GenericParser(use_htmldate=False).parse(html, url).title == expected
