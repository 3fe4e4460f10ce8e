"""Al Jazeera English, e.g. https://www.aljazeera.com/news/2025/4/12/some-story.

Selectors as other public scrapers use them: ``h1``, byline
``div.article-author__name`` / ``.author``, body ``.wysiwyg`` without the "more on" block, ad
slots and newsletter form. Dates come from JSON-LD ``datePublished`` (UTC); the visible date is
the second span of ``div.date-simple`` (the first is screen-reader text). ``div.article-source``
("Source: Al Jazeera and news agencies") is a credit, used as the byline only when no author is
named. URL dates are not zero-padded (``/2025/4/12/``); live blogs live at
``/news/liveblog/YYYY/M/D/slug`` and are articles too. Discovery: ``/xml/rss/all.xml``, the
Google News sitemap, the sitemap index (one child per day, ``/sitemap.xml?yyyy=2025&mm=4&dd=12``,
dated by its URL for ``since``) and the /news cards. For a backfill the monthly archive index
``/sitemaps/article-archive.xml`` (children ``/article-archive/YYYY/MM.xml``) also exists.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="aljazeera",
    name="Al Jazeera English",
    domains=("www.aljazeera.com", "aljazeera.com"),
    canonical_base="https://www.aljazeera.com",
    article_url_pattern=(
        r"/(?:news|economy|sports|opinions|features)/\d{4}/\d{1,2}/\d{1,2}/[a-z0-9-]+"
        r"|/news/liveblog/\d{4}/\d{1,2}/\d{1,2}/[a-z0-9-]+"
    ),
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Qatar",
    country="QA",
    feeds=("/xml/rss/all.xml",),
    sitemaps=("/news-sitemap.xml", "/sitemap.xml"),
    start_paths=("/news",),
    selectors=Selectors(
        title=("main#main-content-area header h1", "h1"),
        # .article-author-name: the 2019 layout; the first two are the current one
        byline=("div.article-author__name", ".article-author-name", ".author", "div.article-source"),
        published=(
            "div.date-simple > span:nth-child(2)::text",
            "div.date-simple span[aria-hidden=true]::text",
        ),
        body=("div.wysiwyg",),
        drop=(
            "xpath:.//*[contains(concat(' ', normalize-space(@class), ' '), ' more-on ')]/..",
            ".more-on",
            ".container--ads",
            ".sib-newsletter-form",
        ),
        caption=("figure.article-featured-image figcaption",),
    ),
    desks=("Al Jazeera", "Al Jazeera Staff"),
    evidence=Evidence(
        selectors=("byline", "published", "body"),
        urls=True,
        discovery=("/xml/rss/all.xml", "/news-sitemap.xml", "/sitemap.xml"),
        note="title selector unconfirmed (h1); JSON-LD uploadDate on video pages not read",
    ),
)
