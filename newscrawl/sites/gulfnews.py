"""Gulf News, e.g. https://gulfnews.com/uae/government/some-story-1.1726123456789.

The key is the ``1.{id}`` suffix (fixtures in ``tests/fixtures/sites/gulfnews/``). Class names on the page are
build hashes (``h1.ORiM7``, ``div.Iqx1L``) that change with every front-end release, so nothing
here depends on them: the body is read from the Quintype story blocks
``.story-element.story-element-text`` (confirmed by a public scraper), everything else from JSON-LD (present, with ``articleBody``). Datelines
are title case with a colon (``Abu Dhabi:``), which is why ``colon_datelines`` is on.
Discovery: the sitemap index ``/sitemap.xml``, whose children are one sitemap per day
(``/sitemap/sitemap-daily-2024-11-20.xml``, 2020 onwards; the day in the name serves
``since``), the ``/rss`` feed (unverified) and section pages.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="gulfnews",
    name="Gulf News",
    domains=("gulfnews.com", "www.gulfnews.com", "m.gulfnews.com"),
    canonical_base="https://gulfnews.com",
    article_url_pattern=r"/(?:[a-z0-9-]+/){1,3}[a-z0-9-]+-1\.\d{6,}",
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Dubai",
    country="AE",
    feeds=("/rss",),
    sitemaps=("/sitemap.xml",),
    start_paths=("/uae", "/world"),
    selectors=Selectors(
        body=(
            ".story-element.story-element-text",
            ".story-element-text",
            "[itemprop=articleBody]",
        ),
        caption=("figure figcaption",),
    ),
    colon_datelines=True,
    desks=("Gulf News", "Gulf News Report", "Gulf News Web Report"),
    evidence=Evidence(
        selectors=("body",),
        urls=True,
        discovery=("/sitemap.xml",),
        note="title, byline and dates from JSON-LD (no selector); /rss unconfirmed",
    ),
)
