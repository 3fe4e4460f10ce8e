"""The registry as data: URL identity per site, the selector parser, spider arguments, the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newscrawl.cli import main as cli_main
from newscrawl.sites import all_sites, get_site, site_for_url
from newscrawl.sites.base import IdRange, Selectors, Site
from newscrawl.sites.navigation import article_ref, article_refs
from newscrawl.sites.selectors import SelectorParser
from newscrawl.spiders import sites as spiders
from testing.server import file_for

REPO = Path(__file__).resolve().parents[1]
NEW_SLUGS = {
    "arabnews", "thenational", "gulfnews", "aljazeera", "middleeasteye", "ahram", "aawsat",
    "saudigazette", "royanews", "dailynewsegypt", "petra",
}  # fmt: skip
TIMEZONES = {
    "arabnews": "Asia/Riyadh", "saudigazette": "Asia/Riyadh", "thenational": "Asia/Dubai",
    "gulfnews": "Asia/Dubai", "aljazeera": "Asia/Qatar", "middleeasteye": "Europe/London",
    "ahram": "Africa/Cairo", "dailynewsegypt": "Africa/Cairo", "royanews": "Asia/Amman",
    "petra": "Asia/Amman", "jordantimes": "Asia/Amman",
}  # fmt: skip


def test_registry_holds_jordantimes_and_the_new_sites() -> None:
    slugs = [s.slug for s in all_sites()]
    assert len(slugs) == len(set(slugs))
    assert {"jordantimes", *NEW_SLUGS} <= set(slugs)


@pytest.mark.parametrize("site", all_sites(), ids=lambda s: s.slug)
def test_site_record_is_consistent(site: Site) -> None:
    assert site.canonical_base.startswith("https://")
    assert site.owns_host(site.canonical_base.split("://", 1)[1])
    assert site.discovery_kinds(), "a site needs at least one discovery source"
    assert len(site.country) == 2
    assert site.country.isupper()
    if site.slug in TIMEZONES:
        assert site.timezone == TIMEZONES[site.slug]
    for path in (*site.feeds, *site.sitemaps, *site.start_paths):
        assert path.startswith("/"), path
        assert article_ref(site.canonical_base + path, site) is None, (
            f"{path} looks like an article"
        )
    if site.id_range is not None:
        assert article_ref(site.canonical_base + site.id_range.path_for(12345), site) is not None
    assert site.make_parser() is not None
    assert site_for_url(site.canonical_base + "/x") is site


def test_day_first_sites() -> None:
    assert get_site("petra").day_first
    assert get_site("ahram").day_first
    assert not get_site("middleeasteye").day_first  # Drupal's "Tue, 10/25/2022 - 12:09"


@pytest.mark.parametrize(
    ("slug", "url", "canonical"),
    [
        ("arabnews", "https://www.arabnews.pk/node/2600002/middle-east", "https://www.arabnews.com/node/2600002"),
        ("arabnews", "http://arabnews.com/node/2600002?utm_source=x", "https://www.arabnews.com/node/2600002"),
        ("arabnews", "https://www.arabnews.com/saudi-arabia", None),
        ("ahram", "https://english.ahram.org.eg/NewsContent/1/64/523001/Egypt/Politics-/Some-title.aspx",
         "https://english.ahram.org.eg/News/523001.aspx"),
        ("ahram", "https://english.ahram.org.eg/News/523001.aspx", "https://english.ahram.org.eg/News/523001.aspx"),
        ("saudigazette", "https://saudigazette.com.sa/article/609649/SAUDI-ARABIA/Some-Title",
         "https://saudigazette.com.sa/article/609649"),
        ("saudigazette", "https://www.saudigazette.com.sa/article/609649", "https://saudigazette.com.sa/article/609649"),
        ("petra", "https://www.petra.gov.jo/Include/InnerPage.jsp?lang=en&ID=98765&name=en_news&utm_medium=rss",
         "https://petra.gov.jo/Include/InnerPage.jsp?ID=98765&lang=en&name=en_news"),
        ("petra", "https://petra.gov.jo/Include/InnerPage.jsp?ID=21&lang=en&name=en_news&feed=rss", None),
        ("petra", "https://petra.gov.jo/Include/InnerPage.jsp?ID=98765&lang=ar&name=news", None),
        ("aljazeera", "https://www.aljazeera.com/news/2025/4/12/some-story?traffic_source=rss",
         "https://www.aljazeera.com/news/2025/4/12/some-story"),
        ("aljazeera", "https://www.aljazeera.com/video/newsfeed/2025/4/12/some-story", None),
        ("thenational", "https://www.thenational.ae/uae/some-old-story-1.641656",
         "https://www.thenationalnews.com/uae/some-old-story-1.641656"),
        ("dailynewsegypt", "https://cdn2.dailynewsegypt.com/2018/09/22/some-story/",
         "https://www.dailynewsegypt.com/2018/09/22/some-story"),
        ("royanews", "https://en.royanews.tv/news/50321", "https://en.royanews.tv/news/50321"),
        ("royanews", "https://en.royanews.tv/section/1", None),
        ("gulfnews", "https://gulfnews.com/uae/some-story-1.1732090320000", "https://gulfnews.com/uae/some-story-1.1732090320000"),
        ("middleeasteye", "https://www.middleeasteye.net/news/2026/some-story", "https://www.middleeasteye.net/news/2026/some-story"),
        ("aawsat", "https://english.aawsat.com/home/article/3512345/some-story", "https://english.aawsat.com/home/article/3512345/some-story"),
        ("aawsat", "https://english.aawsat.com/arab-world", None),
        ("arabnews", "https://example.com/node/2600002", None),
    ],
)  # fmt: skip
def test_article_identity(slug: str, url: str, canonical: str | None) -> None:
    ref = article_ref(url, get_site(slug))
    assert (ref.canonical if ref else None) == canonical


def test_aliases_are_fetched_where_found_but_stored_once() -> None:
    site = get_site("ahram")
    ref = article_ref(
        "https://english.ahram.org.eg/NewsContent/1/64/523001/Egypt/Politics-/T.aspx", site
    )
    assert ref is not None
    assert (
        ref.locator == "https://english.ahram.org.eg/NewsContent/1/64/523001/Egypt/Politics-/T.aspx"
    )
    assert ref.canonical == "https://english.ahram.org.eg/News/523001.aspx"


def test_mirror_links_with_a_path_prefix() -> None:
    site = get_site("arabnews")
    html = '<a href="/node/2600001/saudi-arabia">a</a><a href="/archive/node/2600002">b</a><a href="/tags/x">c</a>'
    refs = article_refs(
        html, "http://127.0.0.1:9/archive/rss.xml", site, "http://127.0.0.1:9/archive"
    )
    assert [r.canonical for r in refs] == [
        "https://www.arabnews.com/node/2600001",
        "https://www.arabnews.com/node/2600002",
    ]


def test_article_key_rules() -> None:
    site = Site(
        slug="t", name="T", domains=("t.example",), canonical_base="https://t.example",
        article_url_pattern=r"/a\?id=\d+", timezone="UTC", country="XX",
        article_query_keys=("id",), id_range=IdRange("/a?id={id}"),
    )  # fmt: skip
    assert site.article_key("/a", "id=5&utm_source=x&fbclid=1") == "/a?id=5"
    assert site.article_key("/a", "id=5&page=2") is None
    assert site.article_key("/a", "") == "/a"
    assert site.id_range is not None
    assert site.id_range.path_for(7) == "/a?id=7"
    assert site.discovery_kinds() == ("ids",)


# -- the selector parser ---------------------------------------------------------------------------

PAGE = """<html lang="en"><head><title>Site</title>
<meta property="article:published_time" content="2024-03-05T10:00:00+03:00"></head><body>
<h1 class="t">Headline here</h1><div class="by">Source: Al Jazeera and news agencies</div>
<span class="d">5 March 2024</span>
<div class="b"><p>By Someone Example</p><p>First paragraph text.</p><div class="ad">Advertisement</div>
<p>Read More » elsewhere</p></div>
<div class="b"><p>Second block.</p><br><br>Loose text after a break.</div>
</body></html>"""


def test_selector_parser_fields_and_rules() -> None:
    rules = Selectors(
        title=(".t",), byline=(".by",), published=(".d",), body=(".b",), drop=(".ad",),
        drop_paragraphs=(r"^Read More",), byline_in_body=True,
    )  # fmt: skip
    raw = SelectorParser(rules, name="x/selectors").parse(PAGE, "https://x.example/a")
    assert raw.parser == "x/selectors"
    assert raw.title == "Headline here"
    assert raw.byline_raw == "Al Jazeera and news agencies"  # the label is not the credit
    assert raw.body_paragraphs == [
        "First paragraph text.",
        "Second block.",
        "Loose text after a break.",
    ]
    assert raw.date_published_raw == "2024-03-05T10:00:00+03:00"  # metadata beats the visible date
    assert raw.provenance["date_published"] == "meta"


def test_selector_parser_visible_date_first_when_told() -> None:
    rules = Selectors(
        body=(".b",), published=(".d",), prefer_metadata_dates=False, byline_in_body=True
    )
    raw = SelectorParser(rules).parse(PAGE, "https://x.example/a")
    assert raw.date_published_raw == "5 March 2024"
    assert raw.byline_raw == "By Someone Example"  # the body's first paragraph, moved out
    assert raw.provenance["byline"] == "body"


def test_selector_parser_takes_a_desk_run_into_the_dateline() -> None:
    html = (
        "<div class='b'><p>Saudi Gazette report RIYADH — The ministry said.</p><p>More.</p></div>"
    )
    raw = SelectorParser(Selectors(body=(".b",))).parse(html, "https://x.example/a")
    assert raw.byline_raw == "Saudi Gazette report"
    assert raw.body_paragraphs[0].startswith("Saudi Gazette report RIYADH —")


@pytest.mark.parametrize("html", ["", "<html></html>", "<p>only text</p>", "\x00\x01 junk"])
def test_selector_parser_never_raises(html: str) -> None:
    for site in all_sites():
        site.make_parser().parse(html, site.canonical_base + "/x")


# -- spider arguments --------------------------------------------------------------------------


def spider(slug: str, **kwargs: str):  # type: ignore[no-untyped-def]
    return getattr(spiders, spiders._spider_class(get_site(slug)).__name__)(**kwargs)


def test_one_spider_class_per_site() -> None:
    names = {
        cls.name
        for cls in vars(spiders).values()
        if isinstance(cls, type)
        and issubclass(cls, spiders.SiteSpider)
        and cls is not spiders.SiteSpider
    }
    assert names == {s.slug for s in all_sites()}


def test_default_discovery_is_every_declared_source_but_open_id_ranges() -> None:
    assert spider("arabnews").discovery == ("feeds", "sitemaps")
    assert spider("royanews").discovery == ("feeds", "listings")
    assert spider("royanews", ids="50300-50200").id_walk == (50200, 50300)
    assert spider("royanews", ids="50200-50300").discovery == ("ids",)
    assert spider("petra", discovery="feeds,ids", ids="1-2").discovery == ("feeds", "ids")


@pytest.mark.parametrize(
    ("slug", "kwargs", "message"),
    [
        ("arabnews", {"discovery": "rss"}, "discovery must be"),
        ("arabnews", {"discovery": "listings"}, "declares no listings"),
        ("jordantimes", {"ids": "1-5"}, "no numeric-id discovery"),
        ("petra", {"ids": "five"}, "ids must be a range"),
        ("petra", {"ids": "1-2000000"}, "fewer than"),
        ("petra", {"discovery": "ids"}, "needs -a ids"),
    ],
)
def test_bad_arguments_fail_with_a_message(slug: str, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        spider(slug, **kwargs)


def test_scrapy_list_shows_every_site() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert set(result.stdout.split()) == {s.slug for s in all_sites()}
    assert "several spiders with the same name" not in result.stderr


# -- the CLI ---------------------------------------------------------------------------------


def test_newscrawl_sites_prints_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["sites"]) == 0
    out = capsys.readouterr().out
    for site in all_sites():
        assert site.slug in out
        assert site.timezone in out
    assert "feeds:1 sitemaps:1" in out  # arabnews
    assert "feeds:1 listings:1 ids" in out  # royanews


def test_newscrawl_sites_json_and_detail(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["sites", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["slug"] for r in rows} == {s.slug for s in all_sites()}
    assert cli_main(["sites", "petra", "--format", "json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["article_query_keys"] == ["ID", "lang", "name"]
    assert detail["ids"]["url_template"].endswith("ID={id}&lang=en&name=en_news")
    assert detail["parser"] == "PetraParser"
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["sites", "nosuchsite"])
    assert exit_info.value.code == 2
    assert "unknown site 'nosuchsite': registered sites are jordantimes" in capsys.readouterr().err


# -- the mirror server serves feeds and sitemaps as XML -------------------------------------------


def test_server_falls_back_to_xml_index_files(tmp_path: Path) -> None:
    (tmp_path / "rss").mkdir()
    (tmp_path / "rss" / "index.xml").write_text("<rss/>")
    (tmp_path / "feed").mkdir()
    (tmp_path / "feed" / "index@format=xml.xml").write_text("<rss/>")
    assert file_for(tmp_path, "/rss") == tmp_path / "rss" / "index.xml"
    assert file_for(tmp_path, "/feed", "format=xml") == tmp_path / "feed" / "index@format=xml.xml"
    assert file_for(tmp_path, "/none") == tmp_path / "none" / "index.html"


def test_a_lone_string_where_a_tuple_belongs_is_one_entry() -> None:
    site = Site(
        slug="t", name="T", domains="t.example", canonical_base="https://t.example",
        article_url_pattern=r"/a/\d+", timezone="UTC", country="XX", feeds="/rss",
        selectors=Selectors(body="div.body"),
    )  # fmt: skip
    assert site.domains == ("t.example",)
    assert site.feeds == ("/rss",)
    assert site.selectors is not None
    assert site.selectors.body == ("div.body",)
