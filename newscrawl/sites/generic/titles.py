"""The headline: metadata titles checked against printed headings, the site name cut off."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from newscrawl.sites.generic.page import META_TITLE, Page, itemprop_in, property_in
from newscrawl.sites.generic.text import clean, same_title, squash, text_of
from newscrawl.sites.raw import unique


def _lower(attr: str) -> str:
    return f"translate({attr},'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"


_SITE_SEP = re.compile(r"\s+[|\-–—:·•»]\s+|\s+[|·•»]\s*|\s*[|·•»]\s+")


_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "com", "co", "org", "net", "gov", "ac", "news"})
# Words an outlet adds to its own name in a title: "Khaleej Times Online", "Gulf News Online".
_NAME_SUFFIX = re.compile(r"(?:online|news|com|net|web|digital|english|international|live)+$")


def host_labels(url: str | None) -> list[str]:
    """The labels of a URL's host that can name the outlet (``khaleejtimes`` of
    ``www.khaleejtimes.com``), four letters or more."""
    host = (urlsplit(url or "").hostname or "").casefold() if url else ""
    return [label for label in host.split(".")[:-1] if len(label) >= 4 and label not in _HOST_NOISE]


def _names_outlet(part: str, labels: Iterable[str]) -> bool:
    """"Khaleej Times Online" on khaleejtimes.com: the host's label, maybe with a suffix word."""
    folded = re.sub(r"[\W_]+", "", part.casefold())
    return any(
        folded == label or (folded.startswith(label) and _NAME_SUFFIX.fullmatch(folded[len(label) :]))
        for label in labels
    )


def strip_site_name(title: str, site_names: Iterable[str], url: str | None = None) -> str:
    """Drop a ``" | Site"`` style suffix (or a ``"Site - "`` prefix) from a title.

    The outlet is known by its site names, or (``url`` given) by its host: "Khaleej Times
    Online - Headline" on ``www.khaleejtimes.com``.
    """
    names = [n.casefold() for n in site_names if n]
    parts = _SITE_SEP.split(title)
    if len(parts) < 2:
        return title
    labels = host_labels(url)
    if labels and len(parts[0].split()) <= 5 and _names_outlet(parts[0], labels):
        return clean(title[len(parts[0]) :].lstrip(" |-–—:·•»"))
    if labels and len(parts[-1].split()) <= 5 and _names_outlet(parts[-1], labels):
        return clean(title[: title.rfind(parts[-1])].rstrip(" |-–—:·•»"))
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
        stripped = strip_site_name(value, page.site_names, page.url)
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
        stripped = strip_site_name(value, page.site_names, page.url)
        if stripped:
            return stripped, source
    if doc_title:
        stripped = strip_site_name(doc_title, page.site_names, page.url)
        if stripped and stripped.casefold() not in site_names:
            return stripped, "visible"
    if h1s:
        return h1s[0], "visible"
    return (doc_title, "visible") if doc_title else None
