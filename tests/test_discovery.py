"""Feeds and sitemaps to entries, ``since`` on their dates, and block detection (pure, no network)."""

from __future__ import annotations

import gzip
from datetime import date

import pytest

from newscrawl.sites.blocking import block_reason
from newscrawl.sites.discovery import (
    ATOM,
    RDF,
    RSS,
    SITEMAP_INDEX,
    TEXT,
    UNKNOWN,
    URLSET,
    Entry,
    entry_day,
    newest_first,
    older_than,
    parse_document,
    sitemap_url_day,
)

RSS_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example</title>
  <link>https://news.example/</link>
  <item><title>One</title><link>https://news.example/a/one</link><pubDate>Sat, 22 Sep 2018 16:28:45 +0000</pubDate></item>
  <item><title>Two</title><link>/a/two</link><dc:date>2018-09-21T10:00:00+03:00</dc:date></item>
  <item><title>Three</title><guid>https://news.example/a/three</guid></item>
  <item><title>Four</title><guid isPermaLink="false">four at news.example</guid></item>
  <item><title>Five</title><atom:link href="https://news.example/a/five"/></item>
  <item><title>One again</title><link>https://news.example/a/one</link></item>
</channel>
</rss>"""

RDF_FEED = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://news.example/"><title>Example</title></channel>
  <item rdf:about="https://news.example/a/one"><title>One</title><link>https://news.example/a/one</link>
    <dc:date>2020-01-02</dc:date></item>
</rdf:RDF>"""

ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://news.example/section/">
  <title>Example</title>
  <link rel="self" href="https://news.example/feed"/>
  <entry>
    <title>Relative</title>
    <link rel="alternate" href="story-one"/>
    <link rel="enclosure" href="https://cdn.example/one.jpg"/>
    <published>2024-03-05T10:00:00+03:00</published>
    <updated>2024-03-06T10:00:00+03:00</updated>
  </entry>
  <entry><title>No rel</title><link href="https://news.example/other/two"/><updated>2024-03-04T09:00:00Z</updated></entry>
  <entry><title>No link</title><id>urn:x</id></entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc> https://news.example/a/one </loc><lastmod>2024-03-05</lastmod></url>
  <url><loc>https://news.example/a/two</loc><lastmod>2024-03-09T00:00:00Z</lastmod>
    <news:news><news:publication><news:name>Example</news:name></news:publication>
      <news:publication_date>2024-03-04T08:00:00+02:00</news:publication_date>
      <news:title>Two</news:title></news:news></url>
  <url><loc>ftp://news.example/not-http</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example/sitemap-2024-03.xml</loc><lastmod>2024-03-09</lastmod></sitemap>
  <sitemap><loc>/sitemap-2019-01.xml.gz</loc><lastmod>2019-01-31</lastmod></sitemap>
</sitemapindex>"""


def test_rss_items_in_order_without_duplicates() -> None:
    doc = parse_document(RSS_FEED, "https://news.example/feed")
    assert doc.kind == RSS
    assert doc.is_feed
    assert not doc.is_sitemap
    assert doc.entries == (
        Entry("https://news.example/a/one", "Sat, 22 Sep 2018 16:28:45 +0000", "One"),
        Entry("https://news.example/a/two", "2018-09-21T10:00:00+03:00", "Two"),
        Entry("https://news.example/a/three", None, "Three"),
        Entry("https://news.example/a/five", None, "Five"),
    )


def test_rdf_feed() -> None:
    doc = parse_document(RDF_FEED)
    assert doc.kind == RDF
    assert doc.entries == (Entry("https://news.example/a/one", "2020-01-02", "One"),)


def test_atom_alternate_links_against_xml_base_and_published_first() -> None:
    doc = parse_document(ATOM_FEED, "https://news.example/feed")
    assert doc.kind == ATOM
    assert doc.entries == (
        Entry("https://news.example/section/story-one", "2024-03-05T10:00:00+03:00", "Relative"),
        Entry("https://news.example/other/two", "2024-03-04T09:00:00Z", "No rel"),
    )


def test_sitemap_urls_with_google_news_dates_first() -> None:
    doc = parse_document(SITEMAP)
    assert doc.kind == URLSET
    assert doc.is_sitemap
    assert doc.entries == (
        Entry("https://news.example/a/one", "2024-03-05"),
        Entry("https://news.example/a/two", "2024-03-04T08:00:00+02:00", "Two"),
    )


def test_sitemap_index_children() -> None:
    doc = parse_document(INDEX, "https://news.example/sitemap.xml")
    assert doc.kind == SITEMAP_INDEX
    assert doc.is_sitemap
    assert doc.entries == ()
    assert doc.sitemaps == (
        Entry("https://news.example/sitemap-2024-03.xml", "2024-03-09"),
        Entry("https://news.example/sitemap-2019-01.xml.gz", "2019-01-31"),
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://gulfnews.com/sitemap/sitemap-daily-2024-01-02.xml", "2024-01-02"),
        ("https://www.aljazeera.com/sitemap.xml?yyyy=2025&mm=4&dd=9", "2025-04-09"),
        ("https://www.aljazeera.com/article-new/04-12-2025.xml", "2025-04-12"),
        ("https://www.aljazeera.com/article-archive/2019/02.xml", "2019-02-28"),
        ("https://www.aljazeera.com/article-archive/2020/02.xml", "2020-02-29"),
        ("https://www.thenationalnews.com/arc/outboundfeeds/sitemap/?outputType=xml&from=100", None),
        ("https://news.example/sitemap-2024-13-40.xml", None),
        ("https://news.example/sitemap.xml?yyyy=2025&mm=4", None),
    ],
)
def test_child_sitemaps_are_dated_by_their_url(url: str, expected: str | None) -> None:
    assert sitemap_url_day(url) == expected


def test_a_dated_child_url_beats_a_lastmod_of_now() -> None:
    index = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
    <sitemap><loc>https://gulfnews.com/sitemap/sitemap-daily-2020-05-01.xml</loc>
      <lastmod>2026-12-02T07:00:00Z</lastmod></sitemap>
    <sitemap><loc>https://gulfnews.com/sitemap/sitemap-daily-2026-12-01.xml</loc></sitemap>
    <sitemap><loc>https://gulfnews.com/sitemap/other.xml</loc></sitemap>
    </sitemapindex>"""
    children = parse_document(index).sitemaps
    assert [c.date_raw for c in children] == ["2020-05-01", "2026-12-01", None]
    assert older_than(children[0].date_raw, date(2026, 1, 1), tz="Asia/Dubai")
    ordered = newest_first(list(children), tz="Asia/Dubai")
    assert [c.url.rsplit("/", 1)[1] for c in ordered] == [
        "other.xml", "sitemap-daily-2026-12-01.xml", "sitemap-daily-2020-05-01.xml"
    ]  # fmt: skip


def test_gzipped_sitemap_is_unpacked() -> None:
    doc = parse_document(gzip.compress(SITEMAP))
    assert doc.kind == URLSET
    assert len(doc.entries) == 2


def test_text_sitemap() -> None:
    doc = parse_document(b"https://news.example/a/one\r\n\r\nhttps://news.example/a/two\n")
    assert doc.kind == TEXT
    assert [e.url for e in doc.entries] == [
        "https://news.example/a/one",
        "https://news.example/a/two",
    ]


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"   ",
        b"<html><head><title>Just a moment...</title></head><body></body></html>",
        b"<?xml version='1.0'?><note><to>x</to></note>",
        b"not a feed at all",
        b"\x1f\x8b\x08garbage",
        "<rss><channel><item><link>https://news.example/é</link></item></channel></rss>".encode(
            "latin-1"
        ),
    ],
)
def test_anything_else_is_unknown_or_harmless(body: bytes) -> None:
    doc = parse_document(body)
    assert doc.kind in (UNKNOWN, RSS)
    assert all(e.url.startswith("https://") for e in doc.entries)


def test_entities_are_not_expanded() -> None:
    body = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>
    <rss><channel><item><title>&b;</title><link>https://news.example/x</link></item></channel></rss>"""
    doc = parse_document(body)
    assert [e.url for e in doc.entries] == ["https://news.example/x"]
    assert "aaaa" not in (doc.entries[0].title or "")


@pytest.mark.parametrize(
    ("raw", "tz", "day_first", "expected"),
    [
        ("Sat, 22 Sep 2018 23:28:45 +0000", "Asia/Riyadh", None, date(2018, 9, 23)),  # local day
        ("2024-01-01T01:00:00+03:00", "Asia/Riyadh", None, date(2024, 1, 1)),
        ("2024-03-05", "Africa/Cairo", None, date(2024, 3, 5)),
        ("05/03/2024", "Asia/Amman", True, date(2024, 3, 5)),
        ("05/03/2024", "Asia/Amman", False, date(2024, 5, 3)),
        ("yesterday-ish", "UTC", None, None),
        (None, "UTC", None, None),
    ],
)
def test_entry_day_is_the_local_day(
    raw: str | None, tz: str, day_first: bool | None, expected: date | None
) -> None:
    assert entry_day(raw, tz=tz, day_first=day_first) == expected


def test_older_than_keeps_undated_and_same_day_entries() -> None:
    since = date(2024, 1, 1)
    assert older_than("2023-12-31T23:59:00+03:00", since, tz="Asia/Riyadh")
    assert not older_than("2024-01-01T00:00:00+03:00", since, tz="Asia/Riyadh")
    assert not older_than(None, since, tz="Asia/Riyadh")
    assert not older_than("not a date", since, tz="Asia/Riyadh")
    assert not older_than("2001-01-01", None, tz="Asia/Riyadh")


# -- block detection ------------------------------------------------------------------------------

ARTICLE = (
    "<html><body><h1>Title</h1>" + "<p>" + "Plenty of words in an article body. " * 40 + "</p>"
)
CLOUDFLARE = (
    "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    "<script>window._cf_chl_opt={cType: 'managed'}</script></body></html>"
)
ATTENTION = "<html><head><title>Attention Required! | Cloudflare</title></head><body>Sorry, you have been blocked</body></html>"
INCAPSULA_STUB = (
    '<html><head><META NAME="robots" CONTENT="noindex,nofollow">'
    '<script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3"></script></head>'
    "<body></body></html>"
)
INCAPSULA_INCIDENT = (
    "<html><body>Request unsuccessful. Incapsula incident ID: 123000450012345678-9</body></html>"
)


@pytest.mark.parametrize(
    ("status", "html", "headers", "expected"),
    [
        (200, ARTICLE, None, None),
        # Jordan Times pages end with Incapsula's script: with an article around it, not a block
        (
            200,
            ARTICLE + '<script src="/_Incapsula_Resource?SWJIYLWA=abc"></script></body></html>',
            None,
            None,
        ),
        (200, INCAPSULA_STUB, None, "challenge/incapsula"),
        (200, INCAPSULA_INCIDENT, None, "challenge/incapsula"),
        (200, CLOUDFLARE, None, "challenge/cloudflare"),
        (403, ATTENTION, None, "challenge/cloudflare"),
        (503, CLOUDFLARE, None, "challenge/cloudflare"),
        (403, "<html><body><h1>403 Forbidden</h1></body></html>", None, "http_403"),
        (429, "", None, "http_429"),
        (403, "", {"CF-Mitigated": "challenge"}, "challenge/cloudflare"),
        (503, "<html><body><h1>503 Service Unavailable</h1></body></html>", None, None),
        (404, "<html><body>Not found</body></html>", None, None),
        (
            200,
            "<html><head><title>Access Denied</title></head><body>Reference #18.1</body></html>",
            None,
            "challenge/generic",
        ),
        (
            200,
            "<html><body><div>Please verify you are a human</div><div id='px-captcha'></div></body></html>",
            None,
            "challenge/perimeterx",
        ),
    ],
)
def test_block_reason(status: int, html: str, headers: dict | None, expected: str | None) -> None:
    assert block_reason(status, html, headers) == expected
