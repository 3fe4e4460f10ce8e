"""The generic parser on hand-written pages: one metadata style per fixture, one field per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.normalize.byline import normalize_byline
from newscrawl.sites.base import RawArticle
from newscrawl.sites.generic import GenericParser, Page
from newscrawl.sites.generic.authors import extract_authors
from newscrawl.sites.generic.dates import choose_published
from newscrawl.sites.generic.jsonld import load_json_ld
from newscrawl.sites.generic.titles import strip_site_name

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
URL = "https://example.com/news/local/greywater"
FIRST = "A pilot scheme that pipes treated greywater from mosques"
LAST = "schools with large courtyards."
BOILERPLATE = ("Sign up for our newsletter", "All rights reserved", "Dam levels fall again")


def parse(name: str, url: str = URL) -> RawArticle:
    return GenericParser(use_htmldate=False).parse((FIXTURES / name).read_text("utf-8"), url)


# fixture, field, expected value, expected provenance key and value
CASES = [
    ("jsonld_graph.html", "title", "Mosque greywater to water Amman parks", ("title", "json-ld")),
    ("jsonld_graph.html", "author_names", ["Lina Haddad"], ("authors", "json-ld")),
    (
        "jsonld_graph.html",
        "date_published_raw",
        "2024-03-05T14:20:00+03:00",
        ("date_published", "json-ld"),
    ),
    (
        "jsonld_graph.html",
        "date_updated_raw",
        "2024-03-06T09:00:00+03:00",
        ("date_updated", "json-ld"),
    ),
    ("jsonld_graph.html", "section", "Local", ("section", "json-ld")),
    ("jsonld_graph.html", "language", "en-GB", ("language", "json-ld")),
    (
        "jsonld_list.html",
        "title",
        "Greywater pilot starts in three districts",
        ("title", "json-ld"),
    ),
    ("jsonld_list.html", "author_names", ["Omar Saleh", "Rana Khoury"], ("authors", "json-ld")),
    ("jsonld_list.html", "date_published_raw", "2024-03-05", ("date_published", "json-ld")),
    ("jsonld_malformed.html", "title", "Parks to get recycled water", ("title", "json-ld")),
    ("jsonld_malformed.html", "author_names", ["Sami Nasser"], ("authors", "json-ld")),
    (
        "jsonld_malformed.html",
        "date_published_raw",
        "2024-03-05T08:00:00Z",
        ("date_published", "json-ld"),
    ),
    ("opengraph_meta.html", "title", "Recycled water plan for city gardens", ("title", "meta")),
    ("opengraph_meta.html", "author_names", ["Huda Mansour"], ("authors", "meta")),
    (
        "opengraph_meta.html",
        "date_published_raw",
        "2024-03-05T14:20:00+03:00",
        ("date_published", "meta"),
    ),
    (
        "opengraph_meta.html",
        "date_updated_raw",
        "2024-03-05T18:45:00+03:00",
        ("date_updated", "meta"),
    ),
    ("opengraph_meta.html", "section", "Environment", ("section", "meta")),
    ("opengraph_meta.html", "language", "ar-JO", ("language", "meta")),
    ("microdata_time.html", "title", "Gardens and greywater", ("title", "microdata")),
    ("microdata_time.html", "author_names", ["Karim Aziz"], ("authors", "microdata")),
    (
        "microdata_time.html",
        "date_published_raw",
        "2024-03-05T11:00:00+02:00",
        ("date_published", "microdata"),
    ),
    (
        "microdata_time.html",
        "date_updated_raw",
        "2024-03-07T10:00:00+02:00",
        ("date_updated", "microdata"),
    ),
    ("rdfa_drupal.html", "title", "Greywater reaches the parks", ("title", "rdfa")),
    ("rdfa_drupal.html", "author_names", ["Nadia Farouk"], ("authors", "rdfa")),
    (
        "rdfa_drupal.html",
        "date_published_raw",
        "2024-03-05T10:15:00+02:00",
        ("date_published", "rdfa"),
    ),
    ("visible_byline.html", "title", "Greywater for the gardens", ("title", "visible")),
    ("visible_byline.html", "byline_raw", "By Jane Roe and John Doe", ("byline", "visible")),
    # the printed line is the credit; normalize/byline.py alone splits it into names
    ("visible_byline.html", "author_names", [], ("authors", None)),
    ("visible_byline.html", "date_published_raw", "2024-03-05", ("date_published", "time")),
    ("junk_authors.html", "author_names", ["Maya Tamimi"], ("authors", "visible")),
]


@pytest.mark.parametrize(("fixture", "attr", "expected", "provenance"), CASES)
def test_field(fixture: str, attr: str, expected: object, provenance: tuple[str, str]) -> None:
    raw = parse(fixture)
    assert getattr(raw, attr) == expected
    key, source = provenance
    assert raw.provenance.get(key) == source


FIXTURE_NAMES = sorted(p.name for p in FIXTURES.glob("*.html"))


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_parser_name(fixture: str) -> None:
    assert parse(fixture).parser == "generic"


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_body_keeps_first_paragraph_with_dateline(fixture: str) -> None:
    body = parse(fixture).body_paragraphs
    assert any(p.startswith("AMMAN — " + FIRST) for p in body)


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_body_keeps_last_paragraph(fixture: str) -> None:
    assert parse(fixture).body_paragraphs[-1].endswith(LAST)


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_body_has_no_boilerplate(fixture: str) -> None:
    body = "\n".join(parse(fixture).body_paragraphs)
    for junk in BOILERPLATE:
        assert junk not in body


@pytest.mark.parametrize("fixture", FIXTURE_NAMES)
def test_body_provenance(fixture: str) -> None:
    assert parse(fixture).provenance.get("body") == "extractor"


def test_junk_author_strings_never_become_names() -> None:
    names = parse("junk_authors.html").author_names
    assert not any("http" in n or n.startswith("@") or "Email" in n for n in names)


def test_comment_byline_is_ignored() -> None:
    assert "Troll McTroll" not in parse("visible_byline.html").author_names


def test_teaser_authors_are_not_the_articles() -> None:
    assert "Somebody Else" not in parse("microdata_time.html").author_names


def test_empty_page_gives_empty_article() -> None:
    raw = GenericParser().parse("", URL)
    assert (raw.title, raw.author_names, raw.body_paragraphs) == (None, [], [])


def test_garbage_markup_does_not_raise() -> None:
    raw = GenericParser(use_htmldate=False).parse(
        "<html><body><p>Short<</p><a href='http://[x'>", URL
    )
    assert raw.parser == "generic"


def test_fill_missing_keeps_site_parser_values() -> None:
    html = (FIXTURES / "jsonld_graph.html").read_text("utf-8")
    raw = RawArticle(url=URL, title="Title from the site's selector", parser="example/v1")
    raw.provenance["title"] = "selector"
    filled = GenericParser(use_htmldate=False).fill_missing(raw, html, URL)
    assert filled.title == "Title from the site's selector"
    assert filled.provenance["title"] == "selector"
    assert filled.parser == "example/v1"


def test_fill_missing_fills_empty_fields_with_provenance() -> None:
    html = (FIXTURES / "jsonld_graph.html").read_text("utf-8")
    raw = RawArticle(url=URL, title="Title from the site's selector", parser="example/v1")
    filled = GenericParser(use_htmldate=False).fill_missing(raw, html, URL)
    assert filled.author_names == ["Lina Haddad"]
    assert filled.provenance["authors"] == "json-ld"
    assert filled.date_published_raw == "2024-03-05T14:20:00+03:00"


# --- helpers, table-driven ------------------------------------------------------------

JSON_LD_CASES = [
    ('{"@type": "NewsArticle", "headline": "A"}', {"@type": "NewsArticle", "headline": "A"}),
    ('{"@type": "NewsArticle", "headline": "A",}', {"@type": "NewsArticle", "headline": "A"}),
    ('<!--{"@type": "Article"}-->', {"@type": "Article"}),
    ('{"@type": "Article"}{"@type": "Person"}', [{"@type": "Article"}, {"@type": "Person"}]),
    (
        '{"@type": "NewsArticle", "headline": "say "hi"", "datePublished": "2024-01-02"}',
        {"@type": "NewsArticle", "datePublished": "2024-01-02"},
    ),
    ("not json at all", None),
]


@pytest.mark.parametrize(("text", "expected"), JSON_LD_CASES)
def test_load_json_ld(text: str, expected: object) -> None:
    assert load_json_ld(text) == expected


# --- authors on small hand-written pages ------------------------------------------------

LONG_BODY = "<p>" + "Water from the mosques reaches the parks of the city. " * 40 + "</p>"


def authors_of(body: str, head: str = "", url: str = URL) -> list[str] | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    names, byline = extract_authors(Page.build(html, url))
    if names:
        return names[0]
    # a printed byline is handed over as printed: the byline normalizer names the people
    people = normalize_byline(byline[0]).authors if byline else []
    return people or None


AUTHOR_PAGES = [
    # a label element with the name in the text after it
    (
        "<article><h1>Title</h1><ul><li><strong>Autorin/Autor</strong> Roman Roe</li></ul>"
        f"{LONG_BODY}</article>",
        "",
        ["Roman Roe"],
    ),
    (
        f"<article><h1>Title</h1><p><b>Von:</b><br/><br/> Götz Roe</p>{LONG_BODY}</article>",
        "",
        ["Götz Roe"],
    ),
    # a linked "Autoren" is a menu entry, not a label
    (
        "<ul><li><a href='/autoren'>Autoren</a></li><li><a href='/gerichte'>Gerichte</a></li></ul>"
        "<article><h1>Title</h1><p class='meta'>von <a href='/autoren/name/max-roe'>Max Roe</a>"
        f"</p>{LONG_BODY}</article>",
        "",
        ["Max Roe"],
    ),
    # "Author" in lowercase is a role in a list, not a label
    (
        "<article><h1>Title</h1><p><strong>Jane Roe</strong>, <span>author</span><br/>"
        f"<strong>Margaret Roe</strong></p>{LONG_BODY}</article>",
        "",
        None,
    ),
    # loose "Posted by" text after the headline
    (
        "<div class='post'><h2>Title</h2> Posted by Nessel under <a href='/c/x'>News</a>"
        f"{LONG_BODY}</div>",
        "",
        ["Nessel"],
    ),
    # the markup's name printed on the page outranks a teaser's "von ..." line
    (
        "<article><h1>Title</h1><span class='info'>Lina Haddad</span>"
        f"{LONG_BODY}</article><div class='more'><p>von Petra Teaser</p></div>",
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Title", '
        '"author": {"@type": "Person", "name": "Lina Haddad"}}</script>',
        ["Lina Haddad"],
    ),
    # markup naming the outlet (its host name) loses to the printed byline
    (
        "<article><h1>Title</h1><div class='byline'>Jacobo Roe | Publicado hace 3 horas</div>"
        f"{LONG_BODY}</article>",
        '<meta name="author" content="El Diario">',
        ["Jacobo Roe"],
    ),
    # markup giving a login with digits loses to the printed name
    (
        f"<article><h1>Title</h1><div class='byline'>James Roe</div>{LONG_BODY}</article>",
        '<meta name="author" content="CC7567">',
        ["James Roe"],
    ),
    # a profile link beside the markup's name in one byline: both write the story
    (
        "<article><h1>Title</h1><div class='byline'><a href='/profil/ingrid-roe'>Ingrid Roe</a>"
        f" <span>Marlene Roe</span></div>{LONG_BODY}</article>",
        '<meta name="author" content="Marlene Roe">',
        ["Ingrid Roe", "Marlene Roe"],
    ),
    # co-authors linked one by one, each in its own wrapper
    (
        "<article><h1>Title</h1><div class='byline'><span class='contributor'>"
        "<a href='/author/sadhbh-roe'>Sadhbh Roe</a></span>, <span class='contributor'>"
        f"<a href='/author/elisabeth-roe'>Elisabeth Roe</a></span></div>{LONG_BODY}</article>",
        '<meta name="author" content="Sadhbh Roe">',
        ["Sadhbh Roe", "Elisabeth Roe"],
    ),
    # "View all posts by ..." on an author link
    (
        "<article><h1>Title</h1><p class='meta'><a href='/author/jroe/' rel='author'>View all "
        f"posts by Jane Roe</a></p>{LONG_BODY}</article>",
        "",
        ["Jane Roe"],
    ),
    # a "Bio" link to the same profile is not a co-author
    (
        "<article><h1>Title</h1><div class='byline'><a href='/people/jennifer-roe'>Jennifer Roe"
        f"</a> <a href='/people/jennifer-roe'>Bio</a></div>{LONG_BODY}</article>",
        "",
        ["Jennifer Roe"],
    ),
    # a sidebar class on the layout wrapper of the main column is not a sidebar
    (
        "<article><div class='site-content content-area sidebar'><header><h1>Title</h1>"
        "<span class='author vcard'><a class='url fn' rel='author' href='/author/heiko-roe/'>"
        f"Heiko Roe</a></span></header></div>{LONG_BODY}</article>",
        "",
        ["Heiko Roe"],
    ),
    # a WordPress plugin's author meta
    (
        f"<article><h1>Title</h1>{LONG_BODY}</article>",
        '<meta name="shareaholic:article_author_name" content="Wolfgang Roe">',
        ["Wolfgang Roe"],
    ),
    # the post's author replying in the comments (WordPress "bypostauthor")
    (
        f"<article><h1>Title</h1>{LONG_BODY}</article><ol class='commentlist'>"
        "<li class='comment byuser comment-author-reader'><cite class='fn'>Reader</cite>"
        "<p>Nice</p><ul class='children'><li class='comment byuser comment-author-jroe "
        "bypostauthor'><cite class='fn'>jroe</cite> <span class='says'>says:</span>"
        "<p>Thanks</p></li></ul></li></ol>",
        "",
        ["jroe"],
    ),
    (
        f"<article><h1>Title</h1>{LONG_BODY}</article><ol class='commentlist'>"
        "<li class='comment bypostauthor'><cite class='fn'>admin</cite> <span>sagt:</span>"
        "<ul class='children'><li class='comment'><cite class='fn'>Maria</cite></li></ul></li></ol>",
        "",
        None,
    ),
]


@pytest.mark.parametrize(("body", "head", "expected"), AUTHOR_PAGES)
def test_authors_on_small_pages(body: str, head: str, expected: list[str] | None) -> None:
    url = "https://www.eldiario.example/news/1" if "El Diario" in head else URL
    assert authors_of(body, head, url) == expected


SITE_NAME_CASES = [
    ("Water for parks | Example Daily", ["Example Daily"], "Water for parks"),
    ("Example Daily - Water for parks", ["Example Daily"], "Water for parks"),
    ("Water for parks", ["Example Daily"], "Water for parks"),
    ("Water for parks | EXD", [], "Water for parks"),
]


@pytest.mark.parametrize(("title", "sites", "expected"), SITE_NAME_CASES)
def test_strip_site_name(title: str, sites: list[str], expected: str) -> None:
    assert strip_site_name(title, sites) == expected


def _page_for(url: str) -> object:
    from newscrawl.sites.generic import Page

    page = Page.build("<html><body><p>x</p></body></html>", url)
    assert page is not None
    return page


DATE_CHOICE_CASES = [
    # The first candidate wins when nothing contradicts it.
    ([("2024-03-05T10:00:00+02:00", "json-ld")], "https://x.test/a", "2024-03-05T10:00:00+02:00"),
    # The same instant written with the site's offset tells the local day.
    (
        [("2024-03-04T23:30:00Z", "json-ld"), ("2024-03-05T01:30:00+02:00", "meta")],
        "https://x.test/a",
        "2024-03-05T01:30:00+02:00",
    ),
    # A UTC stamp one day after the URL's date, early in the UTC day: the URL's local day.
    ([("2024-03-06T03:00:00Z", "json-ld")], "https://x.test/2024/03/05/a", "2024-03-05"),
    # ...but not when no real offset could explain the difference.
    ([("2024-03-06T15:00:00Z", "json-ld")], "https://x.test/2024/03/05/a", "2024-03-06T15:00:00Z"),
    # Markup far from the URL's date gives way to a candidate that agrees with it.
    (
        [("2019-01-01T10:00:00+00:00", "json-ld"), ("2024-03-05T10:00:00+02:00", "time")],
        "https://x.test/2024/03/05/a",
        "2024-03-05T10:00:00+02:00",
    ),
]


@pytest.mark.parametrize(("candidates", "url", "expected"), DATE_CHOICE_CASES)
def test_choose_published(candidates: list[tuple[str, str]], url: str, expected: str) -> None:
    chosen = choose_published(candidates, _page_for(url))  # type: ignore[arg-type]
    assert chosen is not None
    assert chosen[0] == expected


def test_printed_byline_becomes_people_through_the_byline_normalizer() -> None:
    from newscrawl.extract import extract_page

    html = (FIXTURES / "visible_byline.html").read_text("utf-8")
    out = extract_page(html, URL)
    assert out["byline"] == "By Jane Roe and John Doe"
    assert out["authors"] == ["Jane Roe", "John Doe"]
