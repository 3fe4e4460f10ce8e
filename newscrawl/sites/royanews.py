"""Roya News English, e.g. https://en.royanews.tv/news/50321.

Articles are ``/news/{id}`` with sequential ids (a third-party scraper walked 40000-54762 for
about a year), so besides the feed and section pages the site can be crawled by id range:
``scrapy crawl royanews -a ids=50300-50400`` (fixtures in ``tests/fixtures/sites/royanews/``). Selectors come
from third-party scrapers: ``h1``, ``div.Newsbody p`` (unconfirmed) and the date in
``div.pup_date_news``, of which they read only the div's own text nodes, since its children
hold other text. The Arabic site's ``/rss`` is Atom; the
English feed path comes only from feed lists.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, IdRange, Selectors, Site

SITE = Site(
    slug="royanews",
    name="Roya News English",
    domains=("en.royanews.tv", "en.roya.tv"),
    canonical_base="https://en.royanews.tv",
    article_url_pattern=r"/news/\d+",
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Amman",
    country="JO",
    feeds=("/rss",),
    start_paths=("/section/1",),
    id_range=IdRange("/news/{id}"),
    selectors=Selectors(
        title=("h1",),
        published=("div.pup_date_news::text",),  # its own text: children hold other things
        body=("div.Newsbody",),
        caption=("div.news_image figcaption", "div.news_image img::attr(alt)"),
        prefer_metadata_dates=False,
    ),
    desks=("Roya News", "Roya"),
    evidence=Evidence(
        selectors=("published",),
        note="title and body selectors unconfirmed; English /rss only in feed lists",
    ),
)
