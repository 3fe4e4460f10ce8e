"""Petra, the Jordan News Agency (English), e.g. https://petra.gov.jo/Include/InnerPage.jsp?ID=98765&lang=en&name=en_news.

An article is ``InnerPage.jsp`` with ``ID``, ``lang`` and ``name`` in the query, so those three
are its identity and the canonical URL keeps them (fixtures in ``tests/fixtures/sites/petra/``). Ids rise one
by one per language: ``scrapy crawl petra -a ids=98000-98100``. Public scrapers of the Arabic
site read the title from the child of ``div.TittleArtical``
(spelling as on the site) and the body from ``div#BodyArtical`` paragraphs; no real English
article URL or feed was found, so the English paths here are unconfirmed. There is no date
metadata: the last paragraph ends with editor initials run into a day-first timestamp
(``SS15/8/2017 - 04:46:46 PM``; ``DD/MM/YYYY HH:MM:SS`` in 24 hours on the Arabic site); the
parser takes it as the publication time and removes it from the body. Datelines read
``Amman, Aug. 15 (Petra) --``.
"""

from __future__ import annotations

import re

from parsel import Selector

from newscrawl.sites.base import Evidence, IdRange, RawArticle, Selectors, Site
from newscrawl.sites.selectors import SelectorParser

PARSER_NAME = "petra/jsp"
# Initials (Latin or Arabic letters, maybe with "/" and spaces) glued to D/M/YYYY and a time.
_TRAILER = re.compile(
    r"\s*(?:[^\W\d_][^\W\d_/ ]*(?:[/ ][^\W\d_]+)*)?\s*"
    r"(?P<date>\d{1,2}/\d{1,2}/\d{4}\s*-?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)\s*$"
)

SELECTORS = Selectors(
    # The headline is a child of the title box (as public scrapers read it), not its own text.
    title=('xpath://div[contains(@class, "TittleArtical")]/*/text()', "div.TittleArtical", "h1"),
    body=("div#BodyArtical",),
    caption=("div.ImageArtical figcaption", "div.ImageArtical img::attr(alt)"),
    prefer_metadata_dates=False,
)


class PetraParser(SelectorParser):
    """Selectors plus Petra's trailer: the timestamp at the end of the last paragraph."""

    name = PARSER_NAME
    selectors = SELECTORS

    def refine(self, raw: RawArticle, sel: Selector) -> None:
        if not raw.body_paragraphs:
            return
        last = raw.body_paragraphs[-1]
        match = _TRAILER.search(last)
        if match is None:
            return
        if not raw.date_published_raw:
            raw.date_published_raw = match.group("date")
            raw.provenance["date_published"] = "trailer"
        rest = last[: match.start()].rstrip()
        if rest:
            raw.body_paragraphs[-1] = rest
        else:
            raw.body_paragraphs.pop()


SITE = Site(
    slug="petra",
    name="Petra (Jordan News Agency)",
    domains=("petra.gov.jo", "www.petra.gov.jo"),
    canonical_base="https://petra.gov.jo",
    # Section pages share the script and parameters (the English news list is ID=21); article
    # ids are far larger, so short ids are not taken for articles.
    article_url_pattern=r"/Include/InnerPage\.jsp\?ID=\d{4,}&lang=en&name=en_news",
    article_query_keys=("ID", "lang", "name"),
    timezone="Asia/Amman",
    country="JO",
    day_first=True,
    feeds=("/Include/InnerPage.jsp?ID=21&lang=en&name=en_news&feed=rss",),
    id_range=IdRange("/Include/InnerPage.jsp?ID={id}&lang=en&name=en_news"),
    parser_factory=PetraParser,
    desks=("Petra", "Jordan News Agency"),
    evidence=Evidence(
        selectors=("title", "published", "body"),
        note="selectors seen on the Arabic site; no real English article URL or feed found",
    ),
)
