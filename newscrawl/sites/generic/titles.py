"""The headline: metadata titles checked against printed headings, the site name cut off."""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.sites.generic.page import META_TITLE, Page, itemprop_in, property_in
from newscrawl.sites.generic.text import clean, same_title, squash, text_of
from newscrawl.sites.raw import unique


def _lower(attr: str) -> str:
    return f"translate({attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"


_SITE_SEP = re.compile(r"\s+[|\-–—:·•»]\s+|\s+[|·•»]\s*|\s*[|·•»]\s+")


def strip_site_name(title: str, site_names: Iterable[str]) -> str:
    """Drop a ``" | Site"`` style suffix (or prefix) from a title."""
    names = [n.casefold() for n in site_names if n]
    parts = _SITE_SEP.split(title)
    if len(parts) < 2:
        return title
    if names:
        if any(
            parts[-1].casefold().strip() in (n, *n.split(" | ")) or n in parts[-1].casefold()
            for n in names
        ):
            return clean(title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»"))
        if any(parts[0].casefold().strip() == n for n in names):
            return clean(title[len(parts[0]) :].lstrip(" |-–—:·•»"))
    # Unknown site name: a short last part after a pipe is almost always the outlet.
    last = parts[-1]
    if re.search(r"\s[|·•»]\s*" + re.escape(last) + r"\s*$", title) and len(last.split()) <= 4:
        return clean(title[: title.rfind(last)].rstrip(" |-–—:·•»"))
    return title


def _h1_texts(page: Page) -> list[str]:
    """Visible top-level headings, those inside the article or main content first."""
    inside: list[str] = []
    outside: list[str] = []
    for element in page.xpath("/descendant::body/descendant::h1"):  # //body//h1
        text = text_of(element)
        if not (3 <= len(text) <= 400):
            continue
        in_article = bool(
            element.xpath(
                "ancestor::article or ancestor::main or ancestor::*[@itemprop='articleBody'] "
                f"or ancestor::*[contains({_lower('@class')},'article') or "
                f"contains({_lower('@class')},'post') or contains({_lower('@class')},'entry')]"
            )
        )
        (inside if in_article else outside).append(text)
    return unique(inside + outside)


def extract_title(page: Page) -> tuple[str, str] | None:
    """The headline: metadata confirmed by a printed heading, else the best-supported one."""
    candidates: list[tuple[str, str]] = []
    headline = page.json_ld.get("headline") or page.json_ld.get("name")
    if isinstance(headline, str) and clean(headline):
        candidates.append((clean(headline), "json-ld"))
    for key in META_TITLE:
        for value in page.meta.get(key, [])[:1]:
            candidates.append((value, "meta"))
    for element in page.marked(itemprop_in("headline"))[:1]:
        value = clean(element.get("content")) or text_of(element)
        if value:
            candidates.append((value, "microdata"))
    for element in page.marked(property_in("dc:title", "dcterms:title"))[:1]:
        value = clean(element.get("content")) or text_of(element)
        if value:
            candidates.append((value, "rdfa"))
    site_names = {n.casefold() for n in page.site_names}
    # A "title" that is just the outlet's name says nothing about the article.
    candidates = [
        (v, src) for v, src in candidates if v.casefold() not in site_names and len(v) >= 3
    ]
    h1s = [h for h in _h1_texts(page) if h.casefold() not in site_names]
    title_tag = page.xpath("//head/title") or page.xpath("//title")
    doc_title = text_of(title_tag[0]) if title_tag else ""

    # Evidence 1: a metadata title that the page also prints as a heading.
    for value, source in candidates:
        stripped = strip_site_name(value, page.site_names)
        for h1 in h1s:
            if same_title(value, h1) or same_title(stripped, h1):
                return h1, source
    # Evidence 2: a printed heading contained in the metadata or document title (the
    # longer string adds a kicker or the site name around the headline).
    for h1 in h1s:
        key = squash(h1)
        if len(key) < 8 or len(key.split()) < 2:
            continue
        for value, _ in [*candidates, (doc_title, "visible")]:
            if value and key in squash(value):
                return h1, "visible"
    for value, source in candidates:
        stripped = strip_site_name(value, page.site_names)
        if stripped:
            return stripped, source
    if doc_title:
        stripped = strip_site_name(doc_title, page.site_names)
        if stripped and stripped.casefold() not in site_names:
            return stripped, "visible"
    if h1s:
        return h1s[0], "visible"
    return (doc_title, "visible") if doc_title else None
