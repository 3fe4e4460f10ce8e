"""Middle East Eye (Drupal 8+), e.g. https://www.middleeasteye.net/news/some-story.

Paths carry no date or id (``/news/{slug}``, ``/opinion/{slug}``; one config shows
``/news/2026/{slug}``); each live-blog post has its own page,
``/live-blog/live-blog-update/{slug}``. The feed ``/rss`` is
confirmed; its descriptions embed Drupal's medium date, ``MEE staff Tue, 10/25/2022 - 12:09``
(month first, London time), which is why the site's zone is Europe/London
(fixtures in ``tests/fixtures/sites/middleeasteye/``). Bylines are people or
the desks ``MEE staff`` / ``MEE correspondent``; captions end with the photo's own date and a
credit; "Read More »" promos sit inside the body and are dropped. The selectors are Drupal's
default field classes, a guess no public source confirms: JSON-LD / meta and the generic
extractor decide wherever they miss.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="middleeasteye",
    name="Middle East Eye",
    domains=("www.middleeasteye.net", "middleeasteye.net"),
    canonical_base="https://www.middleeasteye.net",
    article_url_pattern=(
        r"/(?:news|opinion|discover|explainers|big-story|live)(?:/\d{4})?/[a-z0-9-]+"
        r"|/live-blog/live-blog-update/[a-z0-9-]+"
    ),
    article_query_keys=(),  # the path alone names an article
    timezone="Europe/London",
    country="GB",
    feeds=("/rss",),
    start_paths=("/news",),
    listing_dates_css=".views-row time::attr(datetime)",
    selectors=Selectors(
        title=("h1.page-title", "h1"),
        byline=(".field--name-field-author", ".article-author"),
        published=(".field--name-field-published-date", "time::attr(datetime)"),
        body=(".field--name-body",),
        drop=(".mee-read-more", ".newsletter-signup"),
        drop_paragraphs=(
            r"^Read [Mm]ore\s*»",
            r"^The views expressed in this article belong to the author",
        ),
        caption=(".field--name-field-image figcaption", "figure figcaption"),
    ),
    desks=("MEE staff", "MEE correspondent", "Middle East Eye"),
    evidence=Evidence(
        urls=True,
        discovery=("/rss",),
        note="Drupal 8+ confirmed, no selector confirmed: generic extraction decides",
    ),
)
