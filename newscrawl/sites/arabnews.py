"""Arab News (Drupal), e.g. https://www.arabnews.com/node/1918031/saudi-arabia.

What is known (fixtures in ``tests/fixtures/sites/arabnews/``, none of it checked live): articles live at
``/node/{nid}/{section}`` and bare ``/node/{nid}`` (the nid is the key, so both are stored as
``/node/{nid}``); arabnews.pk serves the same nids. The page prints "Short Url", then
``Updated 27 August 2021`` (or a relative ``Updated 6 min 24 sec ago``), a bullet-point summary
and the body, which opens with a capitals-and-colon dateline (``RIYADH:``). Feeds and the
home page answer 403 (Cloudflare) from outside the region: a
run that meets that is reported as blocked. robots.txt asks for ``Crawl-delay: 10``; since a
blocked robots.txt cannot be read, the record sets the 10 s itself. ``/sitemap-news.xml`` also
exists, its children paged ``?page=N``. No public source confirms any selector below: they are
guesses, metadata is used first whenever the page has any, and generic extraction decides the
rest.
"""

from __future__ import annotations

from newscrawl.sites.base import Evidence, Selectors, Site

SITE = Site(
    slug="arabnews",
    name="Arab News",
    domains=("www.arabnews.com", "arabnews.com", "www.arabnews.pk", "arabnews.pk"),
    canonical_base="https://www.arabnews.com",
    article_url_pattern=r"/node/\d+(?:/[a-z0-9-]+)?",
    article_query_keys=(),  # the path alone names an article
    canonical_rewrites=((r"^/node/(\d+)(?:/.*)?$", r"/node/\1"),),
    timezone="Asia/Riyadh",
    country="SA",
    feeds=("/rss.xml",),
    sitemaps=("/sitemap.xml",),
    selectors=Selectors(
        title=("div.article-header h1", "h1"),
        byline=("div.article-header .entry-author", ".field-name-field-author"),
        section=("div.article-header .section-label",),
        # Only when there is no article:published_time / JSON-LD: the "Updated ..." line.
        published=("div.article-header .entry-date",),
        body=("div.article-content", "div.field-name-body"),
        drop=(".article-summary", ".short-url", ".article-tags", ".social-share"),
        caption=("figure.article-image figcaption", ".field-name-field-image-caption"),
    ),
    desks=("Arab News",),
    download_delay=10.0,  # robots.txt: Crawl-delay: 10
    evidence=Evidence(
        discovery=("/sitemap.xml",),
        note="no selector confirmed: generic extraction decides; feeds answer 403 abroad",
    ),
)
