"""Ahram Online (ASP.NET WebForms), e.g. https://english.ahram.org.eg/News/523001.aspx.

An article has a long URL, ``/NewsContent/{sec}/{sub}/{id}/{Section}/{Sub}/{title}.aspx``, and a
short one, ``/News/{id}.aspx``; both are stored as the short one (fixtures in ``tests/fixtures/sites/ahram/``).
English-site markup after the one public scraper of it (2013;
old, so expect drift): title ``#ContentPlaceHolder1_hd``, a summary ``#ContentPlaceHolder1_bref``
(not body text), credit and day in one line ``#ContentPlaceHolder1_source``
(``Ahram Online, Monday 1 Jul 2013``: no time, so the day is stored with day precision), body
``#ContentPlaceHolder1_divContent``, which ends with a "Short link:" line and ``.search_word``
tag links. Section and caption ids are unconfirmed guesses. Feed paths disagree across lists
(``/rss/World.xml`` answered 403 to one check): expect a blocked run.
"""

from __future__ import annotations

import re

from parsel import Selector

from newscrawl.sites.base import Evidence, RawArticle, Selectors, Site
from newscrawl.sites.selectors import SelectorParser

PARSER_NAME = "ahram/selectors"
SOURCE = "#ContentPlaceHolder1_source"
# "Ahram Online , Monday 1 Jul 2013": the credit, then the weekday and the day (%A %d %b %Y).
_SOURCE_LINE = re.compile(
    r"^(?P<credit>.*?)\s*,?\s*(?P<day>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+\d{1,2}\s+"
    r"[A-Z][a-z]{2,8}\.?,?\s+\d{4})\s*$"
)

SELECTORS = Selectors(
    title=("#ContentPlaceHolder1_hd", "h1"),
    byline=(SOURCE,),
    published=(SOURCE,),
    body=("#ContentPlaceHolder1_divContent",),
    drop=(".search_word",),
    drop_paragraphs=(r"^Short link:",),
    caption=("#ContentPlaceHolder1_divImageCaption",),
    section=("#ContentPlaceHolder1_divSection",),
    prefer_metadata_dates=False,
)


def split_source(text: str | None) -> tuple[str | None, str | None]:
    """``Ahram Online, Monday 1 Jul 2013`` -> (``Ahram Online``, ``Monday 1 Jul 2013``)."""
    match = _SOURCE_LINE.match(text or "")
    if match is None:
        return text or None, None
    return match.group("credit").strip(" ,") or None, match.group("day")


class AhramParser(SelectorParser):
    """Selectors plus the source line: one element holds the credit and the day."""

    name = PARSER_NAME
    selectors = SELECTORS

    def refine(self, raw: RawArticle, sel: Selector) -> None:
        if raw.provenance.get("byline") == "selector":
            raw.byline_raw, _ = split_source(raw.byline_raw)
            if not raw.byline_raw:
                del raw.provenance["byline"]
        if raw.provenance.get("date_published") == "selector":
            _, raw.date_published_raw = split_source(raw.date_published_raw)
            if not raw.date_published_raw:
                del raw.provenance["date_published"]


SITE = Site(
    slug="ahram",
    name="Ahram Online",
    domains=("english.ahram.org.eg",),
    canonical_base="https://english.ahram.org.eg",
    article_url_pattern=r"/NewsContent/\d+/\d+/\d+/[^/]+/[^/]+/[^/]+\.aspx|/News/\d+\.aspx",
    article_query_keys=(),  # the path alone names an article
    canonical_rewrites=((r"^/NewsContent/\d+/\d+/(\d+)/.*$", r"/News/\1.aspx"),),
    timezone="Africa/Cairo",
    country="EG",
    day_first=True,
    feeds=("/rss/World.xml",),
    parser_factory=AhramParser,
    desks=("Ahram Online",),
    evidence=Evidence(
        selectors=("title", "byline", "published", "body"),
        urls=True,
        year=2013,
        note="one 2013 scraper; section, caption and feed unconfirmed",
    ),
)
