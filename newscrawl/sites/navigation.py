"""Listing navigation shared by all sites: article links by URL pattern, pager links (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urljoin, urlsplit

from parsel import Selector

from newscrawl.sites.base import Site
from newscrawl.urls import normalize_path, strip_mirror_prefix

_last_page: dict[str, tuple[str, Selector]] = {}


def page_selector(html: str) -> Selector:
    """``Selector(text=html)``, parsed once per page.

    The spider's lookups (links, pager, ``rel=canonical``) and the site parser read the same page
    one after the other; parsing a 64 KB page costs more than everything they then do with it.
    The last page is remembered by the identity of its text (hashing 64 KB would cost too), so
    only the same ``str`` object is a hit. Callers must not modify the tree.
    """
    last = _last_page.get("page")
    if last is not None and last[0] is html:
        return last[1]
    selector = Selector(text=html)
    _last_page["page"] = (html, selector)  # one tuple: a reader never sees a half-made entry
    return selector


def hrefs(html: str, page_url: str) -> list[str]:
    """Every link on the page made absolute against the page URL, in document order."""
    selector = page_selector(html)
    out = []
    for href in selector.css("a::attr(href)").getall():
        href = href.strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        out.append(urljoin(page_url, href))
    return out


@dataclass(frozen=True)
class ArticleRef:
    """An article found by discovery: where to fetch it and the key it is stored under."""

    locator: str
    """The URL found, on the site's canonical host: normalised path plus identity query, no tracking."""
    canonical: str
    """The canonical URL (after the site's ``canonical_rewrites``): the storage key."""


def article_ref(url: str, site: Site, mirror_base: str | None = None) -> ArticleRef | None:
    """Locator and canonical URL when ``url`` is an article of ``site`` (on any of its hosts or the mirror)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    mirror_host = (urlsplit(mirror_base).hostname or "").lower() if mirror_base else None
    on_mirror = bool(mirror_host and host == mirror_host)
    if not (site.owns_host(host) or on_mirror):
        return None
    path = parts.path
    if on_mirror:
        path = strip_mirror_prefix(path, mirror_base)
    key = site.article_key(normalize_path(path), parts.query)
    if key is None or not site.is_article_path(key):
        return None
    return ArticleRef(site.canonical_base + key, site.canonical_base + site.canonical_key(key))


def article_refs(
    html: str, page_url: str, site: Site, mirror_base: str | None = None
) -> list[ArticleRef]:
    """The articles a listing links to (one per canonical URL), recognised by URL pattern only."""
    seen: set[str] = set()
    refs = []
    for url in hrefs(html, page_url):
        ref = article_ref(url, site, mirror_base)
        if ref is not None and ref.canonical not in seen:
            seen.add(ref.canonical)
            refs.append(ref)
    return refs


def article_links(
    html: str, page_url: str, site: Site, mirror_base: str | None = None
) -> list[str]:
    """Canonical URLs of the articles a listing links to, recognised by URL pattern only."""
    return [ref.canonical for ref in article_refs(html, page_url, site, mirror_base)]


_PAGE = re.compile(r"(?:^|&)page=(\d+)")


def page_number(url: str) -> int:
    values = parse_qs(urlsplit(url).query).get("page")
    return int(values[0]) if values and values[0].isdigit() else 0


def next_page(html: str, page_url: str) -> str | None:
    """The pager's next page: ``rel=next`` / ``.pager-next``, or a link to the same path at page+1."""
    selector = page_selector(html)
    for css in (
        'link[rel="next"]::attr(href)',
        'a[rel="next"]::attr(href)',
        ".pager-next a::attr(href)",
        ".pager__item--next a::attr(href)",
    ):
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
