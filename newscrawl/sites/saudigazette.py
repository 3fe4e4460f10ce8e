"""Saudi Gazette, e.g. https://saudigazette.com.sa/article/661465/saudi-arabia/some-story.

Articles are ``/article/{id}`` with an optional section and slug, in upper case on older
pages (``/article/609649/SAUDI-ARABIA/...``); every form is stored as ``/article/{id}``
(fixtures in ``tests/fixtures/sites/saudigazette/``). The page prints a section label, ``August 10, 2021``, a
byline run into the dateline (``Saudi Gazette report RIYADH —``), a closing ``— SPA`` and a
view counter ("8788 views"), which is dropped. The markup is unknown; class names are guesses
no public source confirms, so JSON-LD / meta and the generic extractor decide where they miss.
Feeds: ``/rssFeed/74`` is General and ``/rssFeed/73``
Business (the ``72`` of earlier notes appears in no source); ``/feed`` is also listed.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="saudigazette",
    name="Saudi Gazette",
    domains=("saudigazette.com.sa", "www.saudigazette.com.sa"),
    canonical_base="https://saudigazette.com.sa",
    article_url_pattern=r"/article/\d+(?:/[A-Za-z0-9%-]+){0,2}",
    article_query_keys=(),  # the path alone names an article
    canonical_rewrites=((r"^/article/(\d+)(?:/.*)?$", r"/article/\1"),),
    timezone="Asia/Riyadh",
    country="SA",
    feeds=("/rssFeed/74", "/rssFeed/73"),
    selectors=Selectors(
        title=("h1.article-title", "h1"),
        byline=(".article-author",),
        published=(".article-date",),
        section=(".article-section",),
        body=(".article-body",),
        drop=(".article-views",),
        drop_paragraphs=(r"^\d[\d,]*\s+views?$",),
        caption=(".article-image figcaption",),
    ),
    desks=("Saudi Gazette", "Saudi Gazette report"),
    evidence=Evidence(
        urls=True,
        discovery=("/rssFeed/74", "/rssFeed/73"),
        note="no selector confirmed: generic extraction decides",
    ),
)
