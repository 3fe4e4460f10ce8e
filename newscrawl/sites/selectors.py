"""A parser made of data: a site's CSS selectors first, the generic parser for the rest.

Used by any site whose record sets ``selectors=Selectors(...)`` and no parser of its own, e.g.
https://www.aljazeera.com/news/2025/4/12/some-story (``body=(".wysiwyg",)``). Pure: html and
url in, :class:`RawArticle` out; no Scrapy, no network.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable

from lxml import html as lxml_html
from parsel import Selector

from newscrawl.sites.fallback import fill_from_generic
from newscrawl.sites.markup import (
    class_names,
    element_text,
    fold,
    has_class,
    inner_html,
    paragraphs,
)
from newscrawl.sites.raw import RawArticle, Selectors

# "Source: Al Jazeera and news agencies", "Written by: X": a label before the credit itself.
_BYLINE_LABEL = re.compile(r"^(?:source|credits?|written by|author)\s*:\s*", re.I)
# "Saudi Gazette report RIYADH —": a desk credit run into the first paragraph's dateline.
_DESK_DATELINE = re.compile(r"^((?:[A-Z][\w'’.-]*\s+){1,3}[Rr]eport)\s+[A-Z][A-Z .'/-]+\s*[—–-]")
# "By Abdel-Rahman Sherief": a short paragraph that is only a credit line.
_BYLINE_PARAGRAPH = re.compile(r"^By\s+[A-Z][^.!?]{1,80}$")


def select(sel: Selector, query: str) -> list[Selector]:
    """CSS by default; ``xpath:`` prefix for XPath (``xpath://*[@class='more-on']/..``)."""
    if query.startswith("xpath:"):
        return list(sel.xpath(query[len("xpath:") :]))
    return list(sel.css(query))


def first_text(sel: Selector, queries: Iterable[str]) -> str | None:
    """The text of the first query that finds any: ``::text`` / ``::attr()`` values (or XPath
    ``text()`` / ``@attr`` nodes) joined, else the rendered text of the first matching element."""
    for query in queries:
        found = select(sel, query)
        if not found:
            continue
        if "::" in query or (query.startswith("xpath:") and ("/@" in query or "text()" in query)):
            text = fold(" ".join(s.get() or "" for s in found))
        else:
            text = next((t for t in (fold(element_text(s.root)) for s in found) if t), "")
        if text:
            return text
    return None


def body_elements(
    sel: Selector, queries: Iterable[str], drop: Iterable[str]
) -> list[lxml_html.HtmlElement]:
    """Copies of every element the first matching body query finds (a story split into blocks
    gives all its blocks, in order), with the ``drop`` elements removed."""
    drop = tuple(drop)
    for query in queries:
        matches = select(sel, query)
        roots = {m.root for m in matches}
        # A match nested in another match is read with its ancestor already.
        found = [m for m in matches if not roots.intersection(m.root.iterancestors())]
        if not found:
            continue
        elements = []
        for match in found:
            element = copy.deepcopy(match.root)
            copied = Selector(root=element)
            for drop_query in drop:
                for node in select(copied, drop_query):
                    target = node.root
                    if target is not element and target.getparent() is not None:
                        _remove_keep_tail(target)
            elements.append(element)
        return elements
    return []


def _remove_keep_tail(element: lxml_html.HtmlElement) -> None:
    parent = element.getparent()
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


class SelectorParser:
    """Read the fields a site's selectors name, then let the generic parser fill the gaps.

    Dates come from structured metadata first (JSON-LD, ``article:published_time``, ``<time>``)
    because those carry an offset; the visible date selector is the fallback, unless the site
    says ``prefer_metadata_dates=False``. Subclass it for the odd house rule (Petra's trailer).
    """

    name = "selectors"
    selectors: Selectors = Selectors()

    def __init__(self, selectors: Selectors | None = None, *, name: str | None = None) -> None:
        if selectors is not None:
            self.selectors = selectors
        if name is not None:
            self.name = name

    def parse(self, html: str, url: str) -> RawArticle:
        rules = self.selectors
        sel = Selector(text=html or "<html></html>")
        raw = RawArticle(url=url, parser=self.name)
        prov = raw.provenance

        title = first_text(sel, rules.title)
        if title:
            raw.title = title
            prov["title"] = "selector"
        byline = _BYLINE_LABEL.sub("", first_text(sel, rules.byline) or "")
        if byline:
            raw.byline_raw = byline
            prov["byline"] = "selector"

        blocks = body_elements(sel, rules.body, rules.drop)
        found = [p for block in blocks for p in paragraphs(block) if not self._is_dropped(p)]
        if found:
            raw.body_paragraphs = found
            raw.body_html = "\n".join(inner_html(block) for block in blocks)
            prov["body"] = "selector"
        if rules.byline_in_body and len(raw.body_paragraphs) > 1:
            first = raw.body_paragraphs[0]
            if _BYLINE_PARAGRAPH.match(first):
                raw.body_paragraphs.pop(0)
                if not raw.byline_raw:
                    raw.byline_raw = first
                    prov["byline"] = "body"

        if not raw.byline_raw and raw.body_paragraphs:
            desk = _DESK_DATELINE.match(raw.body_paragraphs[0])
            if desk:  # the paragraph keeps it: the dateline normalizer reads the place after it
                raw.byline_raw = desk.group(1)
                prov["byline"] = "body"

        caption = first_text(sel, rules.caption)
        if caption:
            raw.caption = caption
            prov["caption"] = "selector"
        section = first_text(sel, rules.section)
        if section:
            raw.section = section
            prov["section"] = "selector"

        published = first_text(sel, rules.published)
        updated = first_text(sel, rules.updated)
        if not rules.prefer_metadata_dates:
            self._set_date(raw, "date_published_raw", "date_published", published)
            self._set_date(raw, "date_updated_raw", "date_updated", updated)

        self.refine(raw, sel)
        raw = fill_from_generic(raw, html, url, expected=self.expected_fields())
        self._set_date(raw, "date_published_raw", "date_published", published)
        self._set_date(raw, "date_updated_raw", "date_updated", updated)
        return raw

    def expected_fields(self) -> list[str]:
        """Fields these selectors are meant to find: generic filling one of them is a fallback.

        Dates count only when the visible date is preferred; otherwise metadata comes first
        by design and the selector is itself the fallback.
        """
        rules = self.selectors
        visible_dates = not rules.prefer_metadata_dates
        declared = {
            "title": rules.title,
            "authors": rules.byline or rules.byline_in_body,
            "body": rules.body,
            "section": rules.section,
            "date_published": rules.published and visible_dates,
            "date_updated": rules.updated and visible_dates,
        }
        return [name for name, wanted in declared.items() if wanted]

    def refine(self, raw: RawArticle, sel: Selector) -> None:
        """Hook for a site's own rules, run before the generic parser fills the gaps."""

    def _is_dropped(self, paragraph: str) -> bool:
        return any(re.search(pattern, paragraph) for pattern in self.selectors.drop_paragraphs)

    @staticmethod
    def _set_date(raw: RawArticle, attr: str, key: str, value: str | None) -> None:
        if value and not getattr(raw, attr):
            setattr(raw, attr, value)
            raw.provenance[key] = "selector"


__all__ = [
    "SelectorParser",
    "body_elements",
    "class_names",
    "element_text",
    "first_text",
    "fold",
    "has_class",
    "inner_html",
    "paragraphs",
]
