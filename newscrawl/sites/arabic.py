"""Arabic-language outlets (language ``ar``): Jordan's dailies, Petra's Arabic service, Al Jazeera
Net and Asharq Al-Awsat.

None of these records was checked against real markup: no public scraper notes for the Arabic
sites were found beyond Petra's title and body boxes (shared with the English service). They
read pages with the generic parser, JSON-LD first, then meta tags, ``<time>`` and the visible
text; Arabic bylines, datelines and dates are normalized by ``newscrawl.normalize.arabic``.
URL forms are the ones the outlets print in shared links; feeds and sitemaps are the
conventional paths and unconfirmed, so ``-a urls=FILE`` (a list of article URLs) is the
dependable way to fetch articles from them until they are.
"""

from __future__ import annotations

from typing import Any

from newscrawl.sites.base import Evidence, IdRange, Site
from newscrawl.sites.petra import PetraParser

_UNVERIFIED = "unverified against real markup: generic extraction (JSON-LD first) decides"

# What the three Amman dailies share: their clock, country, language, date order and sitemap.
_AMMAN_DAILY: dict[str, Any] = {
    "timezone": "Asia/Amman",
    "country": "JO",
    "language": "ar",
    "day_first": True,
    "sitemaps": ("/sitemap.xml",),
}

ALRAI = Site(
    slug="alrai",
    name="Al Rai (الرأي)",
    domains=("alrai.com", "www.alrai.com"),
    canonical_base="https://alrai.com",
    # /article/10812345/محليات/some-slug: the id names the article, the rest is decoration
    article_url_pattern=r"/article/\d{4,}(?:/[^/?#]+){0,2}/?",
    canonical_rewrites=((r"^/article/(\d+)(?:/.*)?$", r"/article/\1"),),
    article_query_keys=(),
    **_AMMAN_DAILY,
    desks=("الرأي", "Al Rai"),
    evidence=Evidence(note=_UNVERIFIED),
)

ALGHAD = Site(
    slug="alghad",
    name="Al Ghad (الغد)",
    domains=("alghad.com", "www.alghad.com"),
    canonical_base="https://alghad.com",
    # /articles/1234567-slug (current) and /Story/1234567/... (older links)
    article_url_pattern=r"/articles/\d{4,}(?:-[^/?#]*)?/?|/Story/\d{4,}(?:/[^/?#]*)?",
    article_query_keys=(),
    **_AMMAN_DAILY,
    desks=("الغد", "Al Ghad"),
    evidence=Evidence(note=_UNVERIFIED),
)

ADDUSTOUR = Site(
    slug="addustour",
    name="Ad-Dustour (الدستور)",
    domains=("addustour.com", "www.addustour.com"),
    canonical_base="https://www.addustour.com",
    article_url_pattern=r"/articles/\d{4,}(?:-[^/?#]*)?/?",
    article_query_keys=(),
    **_AMMAN_DAILY,
    desks=("الدستور", "Ad-Dustour"),
    evidence=Evidence(note=_UNVERIFIED),
)

PETRA_AR = Site(
    slug="petra-ar",
    name="Petra Arabic (بترا)",
    domains=("petra.gov.jo", "www.petra.gov.jo"),
    canonical_base="https://petra.gov.jo",
    # The English service's script with lang=ar and name=news; the two share the host.
    article_url_pattern=r"/Include/InnerPage\.jsp\?ID=\d{4,}&lang=ar&name=news",
    article_query_keys=("ID", "lang", "name"),
    timezone="Asia/Amman",
    country="JO",
    language="ar",
    day_first=True,
    id_range=IdRange("/Include/InnerPage.jsp?ID={id}&lang=ar&name=news"),
    parser_factory=PetraParser,
    desks=("بترا", "Petra"),
    evidence=Evidence(
        selectors=("title", "body"),
        note="title and body boxes seen by public scrapers of this site; "
        "date trailer, URLs and ids unconfirmed",
    ),
)

ALJAZEERA_NET = Site(
    slug="aljazeera-net",
    name="Al Jazeera Net (الجزيرة نت)",
    domains=("www.aljazeera.net", "aljazeera.net"),
    canonical_base="https://www.aljazeera.net",
    # /news/2024/3/24/slug, /politics/2024/3/24/slug, /news/longform/2024/3/24/slug
    article_url_pattern=r"/[a-z-]+(?:/[a-z-]+)?/\d{4}/\d{1,2}/\d{1,2}/[^/?#]+/?",
    article_query_keys=(),
    timezone="Asia/Qatar",
    country="QA",
    language="ar",
    day_first=True,
    sitemaps=("/sitemap.xml",),
    desks=("الجزيرة", "الجزيرة نت", "Al Jazeera"),
    evidence=Evidence(note=_UNVERIFIED),
)

AAWSAT_AR = Site(
    slug="aawsat-ar",
    name="Asharq Al-Awsat (الشرق الأوسط)",
    domains=("aawsat.com", "www.aawsat.com"),
    canonical_base="https://aawsat.com",
    # /العالم-العربي/4912345-slug (percent-encoded section) and /home/article/4912345/slug
    article_url_pattern=r"/(?:[^/?#]+/){1,2}\d{5,}-[^/?#]+|/home/article/\d+/[^/?#]+",
    article_query_keys=(),
    timezone="Asia/Riyadh",
    country="SA",
    language="ar",
    day_first=True,
    feeds=("/feed",),
    desks=("الشرق الأوسط", "Asharq Al-Awsat"),
    evidence=Evidence(note=_UNVERIFIED),
)

SITES = [ALRAI, ALGHAD, ADDUSTOUR, PETRA_AR, ALJAZEERA_NET, AAWSAT_AR]
