"""A site whose articles are named by the query alone (``news.asp?id=11460&section=1``), for crawl tests.

Not a registered outlet: ``python tests/querysite.py BASE_URL`` registers it in that process
and crawls its mirror (written by :func:`write_mirror`) with the project's settings, so the
articles go through the same parser, pipelines, storage and ``crawl_runs`` recorder as a
``scrapy crawl``. The record names no identity keys, so the default applies: every query
parameter but tracking ones is part of the article's identity. Its selectors are the site's
own; the second article's markup lacks the headline class and the byline, which the generic
parser then fills from JSON-LD (a fallback per field).
"""

from __future__ import annotations

import sys
from pathlib import Path

from newscrawl.sites.base import Selectors, Site

SITE = Site(
    slug="querysite",
    name="Query Site Daily",
    domains=("www.querysite.example",),
    canonical_base="https://www.querysite.example",
    article_url_pattern=r"/news\.asp\?id=\d+&section=\d+",
    timezone="Asia/Amman",
    country="JO",
    start_paths=("/news",),
    selectors=Selectors(
        title=("h1.headline",),
        byline=("p.byline",),
        published=("span.story-date",),
        body=("div.story",),
        prefer_metadata_dates=False,
    ),
)

LISTING = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local news - Query Site Daily</title></head>
<body>
<ul class="headlines">
  <li><a href="/news.asp?section=1&amp;id=11460">Council approves new bus lanes</a></li>
  <li><a href="/news.asp?id=11460&amp;section=1&amp;utm_source=newsletter&amp;utm_medium=email">Bus lanes (newsletter link)</a></li>
  <li><a href="/news.asp?section=1&amp;id=11461">Water authority starts pipe repairs</a></li>
  <li><a href="/news.asp?id=11461&amp;section=1#comments">Pipe repairs (comments)</a></li>
  <li><a href="/news.asp?section=1">More local news</a></li>
</ul>
</body></html>
"""

# All of the site's selectors find their field.
ARTICLE_11460 = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Council approves new bus lanes - Query Site Daily</title></head>
<body>
<div class="page">
  <h1 class="headline">Council approves new bus lanes on the airport road</h1>
  <p class="byline">By Rania Haddad</p>
  <span class="story-date">12/03/2026</span>
  <div class="story">
    <p>The city council on Wednesday approved two bus lanes along the airport road, a project
    planners say will cut the morning journey into the centre by a quarter of an hour.</p>
    <p>Work on the first lane starts in April and the second follows once the bridge repairs
    near the southern junction are finished, the council's transport committee said.</p>
    <p>Residents along the route will be consulted on the position of the new stops before the
    contractor begins, and the council will publish the plans on its website next month.</p>
  </div>
</div>
</body></html>
"""

# A changed layout: the headline lost its class and the byline paragraph is gone. The page's
# JSON-LD still names both, so the generic parser fills them.
ARTICLE_11461 = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Water authority starts pipe repairs - Query Site Daily</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Water authority starts pipe repairs in the eastern districts",
 "author": {"@type": "Person", "name": "Omar Khalil"}}
</script></head>
<body>
<div class="page">
  <h1 class="title-v2">Water authority starts pipe repairs in the eastern districts</h1>
  <span class="story-date">13/03/2026</span>
  <div class="story">
    <p>The water authority began replacing old pipes in the eastern districts on Thursday, a job
    it expects to finish before the summer, when demand in the city is at its highest.</p>
    <p>Supply to about two thousand homes will be cut for a few hours on each street while the
    crews work, and tankers will serve the homes affected, the authority said.</p>
    <p>The repairs are paid for by a grant and are meant to reduce the water lost to leaks,
    which engineers put at almost a third of what the network carries.</p>
  </div>
</div>
</body></html>
"""

STORED = {
    "https://www.querysite.example/news.asp?id=11460&section=1": "Council approves new bus lanes on the airport road",
    "https://www.querysite.example/news.asp?id=11461&section=1": "Water authority starts pipe repairs in the eastern districts",
}


def write_mirror(root: Path) -> None:
    """The mirror in the ``testing.server`` layout (``/a?q`` -> ``a/index@q.html``)."""
    (root / "news").mkdir(parents=True)
    (root / "news" / "index.html").write_text(LISTING, encoding="utf-8")
    pages = root / "news.asp"
    pages.mkdir()
    (pages / "index@id=11460&section=1.html").write_text(ARTICLE_11460, encoding="utf-8")
    (pages / "index@id=11461&section=1.html").write_text(ARTICLE_11461, encoding="utf-8")


def crawl(base_url: str) -> int:
    """Register the site, crawl its mirror at ``base_url``; 0 when the run stored its articles."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from newscrawl.outcome import exit_code
    from newscrawl.sites import register_site
    from newscrawl.spiders.sites import SiteSpider

    register_site(SITE)

    class QuerySiteSpider(SiteSpider):
        name = SITE.slug
        site = SITE

    settings = get_project_settings()
    quick = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False}
    settings.setdict({**quick, "TELNETCONSOLE_ENABLED": False}, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(QuerySiteSpider)
    process.crawl(crawler, base_url=base_url)
    process.start()
    return exit_code(crawler.stats.get_stats())


if __name__ == "__main__":
    sys.exit(crawl(sys.argv[1]))
