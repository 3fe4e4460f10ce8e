"""Al Jazeera English, e.g. https://www.aljazeera.com/news/2025/4/12/some-story.

Selectors from public scraper code (``reference/sites.md`` §2.4): ``h1``, ``.author``, body
``.wysiwyg`` without the "more on" block, ad slots and newsletter form. Dates come from JSON-LD
``datePublished`` (a generic extractor is known to miss them otherwise); the visible
``div.date-simple`` text is the fallback. ``div.article-source`` ("Source: Al Jazeera and news
agencies") is a credit, used as the byline only when no author is named. URL dates are not
zero-padded (``/2025/4/12/``). Discovery: ``/xml/rss/all.xml`` and the /news cards.
"""

from __future__ import annotations

from newscrawl.sites.base import Selectors, Site

SITE = Site(
    slug="aljazeera",
    name="Al Jazeera English",
    domains=("www.aljazeera.com", "aljazeera.com"),
    canonical_base="https://www.aljazeera.com",
    article_url_pattern=r"/(?:news|economy|sports|opinions|features)/\d{4}/\d{1,2}/\d{1,2}/[a-z0-9-]+",
    article_query_keys=(),  # the path alone names an article
    timezone="Asia/Qatar",
    country="QA",
    feeds=("/xml/rss/all.xml",),
    start_paths=("/news",),
    selectors=Selectors(
        title=("main#main-content-area header h1", "h1"),
        byline=(".article-author-name", ".author", "div.article-source"),
        published=("div.date-simple span[aria-hidden=true]::text",),
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
)
