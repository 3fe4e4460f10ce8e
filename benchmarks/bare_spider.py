"""The yardstick for the crawl benchmark: a bare Scrapy spider over a Jordan Times mirror.

It fetches exactly what ``scrapy crawl jordantimes -a base_url=...`` fetches (robots.txt, the
eight section listings and their pagers, every article they link to) and yields nothing: no
parsing beyond finding links, no items, no pipelines. Run it with Scrapy's own defaults::

    scrapy runspider benchmarks/bare_spider.py -a base_url=http://127.0.0.1:8000

Not registered in ``newscrawl.spiders``: it is a measuring stick, not a site.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response

SECTIONS = (
    "/news/local", "/news/region", "/news/world", "/news/business", "/news/sports",
    "/news/features", "/news/letters", "/opinion",
)  # fmt: skip
# The same article paths the jordantimes site record recognises.
ARTICLE_PATH = re.compile(
    r"^/(?:news/(?:local|region|world|business|sports|features|letters)/[^/?#]+"
    r"|opinion/[^/?#]+/[^/?#]+)$"
)


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, base_url: str = "http://127.0.0.1:8000", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.base_url = base_url.rstrip("/")
        self.allowed_domains = [urlsplit(self.base_url).hostname or ""]

    async def start(self) -> Any:
        for path in SECTIONS:
            yield scrapy.Request(self.base_url + path, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("a::attr(href)").getall():
            # Listings link articles on every host form the site uses; fetch them on the mirror.
            path = urlsplit(href.strip()).path.rstrip("/")
            if ARTICLE_PATH.match(path):
                yield scrapy.Request(self.base_url + path, callback=self.parse_article)
        following = response.css("li.pager-next a::attr(href)").get()
        if following:
            yield response.follow(following, callback=self.parse_listing)

    def parse_article(self, response: Response) -> None:
        return None
