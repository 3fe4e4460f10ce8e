"""What public evidence confirms about each site record, and the record details it changed."""

from __future__ import annotations

import json

import pytest
from scrapy.settings import Settings

from newscrawl.cli import main as cli_main
from newscrawl.sites import all_sites, get_site
from newscrawl.sites.ahram import split_source
from newscrawl.sites.base import Evidence
from newscrawl.spiders import sites as spiders


def test_markup_standing() -> None:
    assert Evidence().markup() == "unverified"
    assert Evidence(selectors=("published",)).markup() == "partly"
    assert Evidence(selectors=("title", "byline", "published", "body"), year=2013).markup() == (
        "verified 2013"
    )


def test_every_site_says_what_is_confirmed() -> None:
    standing = {s.slug: s.evidence.markup() for s in all_sites()}
    assert standing["jordantimes"] == "verified 2025"
    assert standing["ahram"] == "verified 2013"  # one old source: shown with its year
    for slug in ("arabnews", "saudigazette", "aawsat", "middleeasteye", "dailynewsegypt"):
        assert standing[slug] == "unverified", slug
    for site in all_sites():
        # a site short of fully confirmed selectors says what is missing
        if not site.evidence.markup().startswith("verified"):
            assert site.evidence.note, site.slug


def test_sites_table_shows_the_markup_column(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["sites"]) == 0
    out = capsys.readouterr().out
    assert "markup" in out.splitlines()[0]
    line = next(line for line in out.splitlines() if line.startswith("saudigazette"))
    assert "unverified" in line
    assert cli_main(["sites", "arabnews", "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["markup"] == "unverified"
    assert record["download_delay"] == 10.0
    assert record["identity"] == "path"
    assert record["confirmed_selectors"] == []


def test_a_site_delay_reaches_the_spider_settings() -> None:
    settings = Settings({"DOWNLOAD_DELAY": 2.0})  # the project's default
    spiders.ArabnewsSpider.update_settings(settings)  # what Scrapy does when the crawl starts
    assert settings.getfloat("DOWNLOAD_DELAY") == 10.0
    # a command-line -s option still wins over the site's own pace
    settings = Settings()
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    spiders.ArabnewsSpider.update_settings(settings)
    assert settings.getfloat("DOWNLOAD_DELAY") == 0.0
    assert get_site("jordantimes").download_delay is None
    assert not getattr(spiders.JordantimesSpider, "custom_settings", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ahram Online, Monday 1 Jul 2013", ("Ahram Online", "Monday 1 Jul 2013")),
        ("Ahram Online , Sunday 26 May 2024", ("Ahram Online", "Sunday 26 May 2024")),
        ("Mona El-Sayed, Wednesday 5 Jun 2024", ("Mona El-Sayed", "Wednesday 5 Jun 2024")),
        ("Reuters", ("Reuters", None)),
        ("Thursday 4 Jul 2013", (None, "Thursday 4 Jul 2013")),
    ],
)
def test_ahram_source_line(text: str, expected: tuple[str | None, str | None]) -> None:
    assert split_source(text) == expected


def test_discovery_paths_from_the_evidence() -> None:
    assert "/arc/outboundfeeds/rss/?outputType=xml" in get_site("thenational").feeds
    assert all("outputType=xml" in p for p in get_site("thenational").sitemaps)
    assert get_site("saudigazette").feeds == ("/rssFeed/74", "/rssFeed/73")
    assert "/sitemap.xml" in get_site("gulfnews").sitemaps
    assert set(get_site("aljazeera").sitemaps) == {"/news-sitemap.xml", "/sitemap.xml"}
    assert get_site("aljazeera").is_article_path("/news/liveblog/2025/4/12/live-some-story")
    assert get_site("middleeasteye").is_article_path("/live-blog/live-blog-update/some-update")
    assert not get_site("middleeasteye").is_article_path("/live-blog/live-blog-update")
