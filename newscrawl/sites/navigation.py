"""Listing navigation shared by all sites: article links by URL pattern, pager links (pure)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from newscrawl.sites.base import Site, unique
from newscrawl.urls import canonical_article_url, normalize_path, strip_mirror_prefix


def hrefs(html: str, page_url: str) -> list[str]:
    """Every link on the page made absolute against the page URL, in document order."""
    selector = Selector(text=html)
    out = []
    for href in selector.css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        out.append(urljoin(page_url, href))
    return out


def canonical_if_article(url: str, site: Site, mirror_base: str | None = None) -> str | None:
    """The canonical URL when ``url`` is an article of ``site`` (on any of its hosts or the mirror)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    mirror_host = (urlsplit(mirror_base).hostname or "").lower() if mirror_base else None
    if not (site.owns_host(host) or (mirror_host and host == mirror_host)):
        return None
    path = parts.path
    if mirror_host and host == mirror_host:
        path = strip_mirror_prefix(path, mirror_base)
    path = normalize_path(path)
    if not site.is_article_path(path):
        return None
    return canonical_article_url(path, site.canonical_base)


def article_links(html: str, page_url: str, site: Site, mirror_base: str | None = None) -> list[str]:
    """Canonical URLs of the articles a listing links to, recognised by URL pattern only."""
    found = (canonical_if_article(url, site, mirror_base) for url in hrefs(html, page_url))
    return unique(u for u in found if u)


_PAGE = re.compile(r"(?:^|&)page=(\d+)")


def page_number(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get("page")
    return int(values[0]) if values and values[0].isdigit() else 0


def next_page(html: str, page_url: str) -> str | None:
    """The pager's next page: ``rel=next`` / ``.pager-next``, or a link to the same path at page+1."""
    selector = Selector(text=html)
    for css in ('link[rel="next"]::attr(href)', 'a[rel="next"]::attr(href)', ".pager-next a::attr(href)", ".pager__item--next a::attr(href)"):
        href = selector.css(css).get()
        if href:
            return urljoin(page_url, href.strip())
    current = urlsplit(page_url)
    wanted = page_number(page_url) + 1
    for url in hrefs(html, page_url):
        parts = urlsplit(url)
        if parts.path.rstrip("/") == current.path.rstrip("/") and page_number(url) == wanted:
            return url
    return None
