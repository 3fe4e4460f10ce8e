"""Daily News Egypt (WordPress), e.g. https://www.dailynewsegypt.com/2018/09/22/some-story/.

WordPress paths ``/YYYY/MM/DD/{slug}/``; the feed ``/feed/`` gives RFC 822 dates
(fixtures in ``tests/fixtures/sites/dailynewsegypt/``). The byline is the body's first paragraph (``By Name``) and is
moved out; captions read ``(DNE photo)`` or ``(Photo by X\\ DNE File)``. Category listings page
as ``/category/{cat}/page/N/``. Mirror hosts (``cdn2.``) are aliases; typo domains are ignored.
The URL form and feed are confirmed through 2026 (images now
come from ``images.dailynewsegypt.com``); the WordPress selectors are not.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="dailynewsegypt",
    name="Daily News Egypt",
    domains=("www.dailynewsegypt.com", "dailynewsegypt.com", "cdn2.dailynewsegypt.com"),
    canonical_base="https://www.dailynewsegypt.com",
    article_url_pattern=r"/\d{4}/\d{2}/\d{2}/[^/]+",
    article_query_keys=(),  # the path alone names an article
    timezone="Africa/Cairo",
    country="EG",
    feeds=("/feed/",),
    start_paths=("/category/business/",),
    listing_dates_css="article time.entry-date::attr(datetime)",
    selectors=Selectors(
        title=("h1.entry-title", "h1"),
        body=("div.entry-content",),
        drop=(".sharedaddy", ".jp-relatedposts", ".addtoany_share_save_container", ".wp-caption"),
        caption=(".wp-caption .wp-caption-text", "figure figcaption"),
        byline_in_body=True,
    ),
    desks=("Daily News Egypt", "DNE"),
    evidence=Evidence(
        urls=True,
        discovery=("/feed/",),
        note="URL form and feed confirmed to 2026; WordPress selectors unconfirmed",
    ),
)
