"""The site registry: every outlet newscrawl knows, looked up by slug or host."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from newscrawl.sites.base import RawArticle, Site
from newscrawl.urls import host_of

# One module per outlet, each defining ``SITE``; the order is the order ``scrapy list`` and
# ``newscrawl sites`` print. Adding a site: docs/adding-a-site.md.
_MODULES = (
    "newscrawl.sites.jordantimes",
    "newscrawl.sites.arabnews",
    "newscrawl.sites.thenational",
    "newscrawl.sites.gulfnews",
    "newscrawl.sites.aljazeera",
    "newscrawl.sites.middleeasteye",
    "newscrawl.sites.ahram",
    "newscrawl.sites.aawsat",
    "newscrawl.sites.saudigazette",
    "newscrawl.sites.royanews",
    "newscrawl.sites.dailynewsegypt",
    "newscrawl.sites.petra",
)


def all_sites() -> list[Site]:
    """Every registered site, in registry order (imported lazily, cached)."""
    global _CACHE
    if _CACHE is None:
        import importlib

        sites: list[Site] = []
        for name in _MODULES:
            module = importlib.import_module(name)
            sites.extend(getattr(module, "SITES", None) or [module.SITE])
        _CACHE = sites
    return list(_CACHE)


_CACHE: list[Site] | None = None


def source_rows(sites: Iterable[Site]) -> list[dict[str, Any]]:
    """The ``sources`` table rows of these sites, as plain values for the repository."""
    return [
        {
            "slug": s.slug,
            "name": s.name,
            "base_url": s.canonical_base,
            "country": s.country,
            "language": s.language,
            "timezone": s.timezone,
        }
        for s in sites
    ]


def register_site(site: Site) -> None:
    """Add a site to this process's registry (a test mirror, an outlet kept outside the package).

    A slug or host already registered is refused: two records must never claim one article.
    """
    sites = all_sites()
    if any(s.slug == site.slug for s in sites):
        raise ValueError(f"site {site.slug!r} is already registered")
    taken = [h for h in site.domains for s in sites if s.owns_host(h)]
    if taken:
        raise ValueError(f"host {taken[0]!r} already belongs to a registered site")
    assert _CACHE is not None
    _CACHE.append(site)


def get_site(slug: str) -> Site:
    for site in all_sites():
        if site.slug == slug:
            return site
    known = ", ".join(s.slug for s in all_sites())
    raise KeyError(f"unknown site {slug!r}; registered sites: {known}")


def site_for_url(url: str | None) -> Site | None:
    """The registered site serving this URL's host, or None for an unknown domain."""
    if not url:
        return None
    host = host_of(url)
    for site in all_sites():
        if site.owns_host(host):
            return site
    return None


__all__ = ["RawArticle", "Site", "all_sites", "get_site", "register_site", "site_for_url", "source_rows"]
