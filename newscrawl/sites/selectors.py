"""A parser made of data: a site's CSS selectors first, the generic parser for the rest.

Used by any site whose record sets ``selectors=Selectors(...)`` and no parser of its own, e.g.
https://www.aljazeera.com/news/2025/4/12/some-story (``body=(".wysiwyg",)``). Pure: html and
url in, :class:`RawArticle` out; no Scrapy, no network.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator

from lxml import html as lxml_html
from parsel import Selector

from newscrawl.sites.base import RawArticle, Selectors
from newscrawl.sites.fallback import fill_from_generic

# Blocks whose text is one paragraph; containers are walked into.
_BLOCK_TAGS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "pre"})
_CONTAINER_TAGS = frozenset(
    {"div", "section", "article", "ul", "ol", "dl", "dd", "dt", "table", "tbody", "thead", "tr",
     "td", "th", "center", "main", "header", "footer"}
)  # fmt: skip
# Never article text: scripts, forms, media and embeds (captions are read separately).
_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "form", "ins", "button", "select", "img", "figure",
     "figcaption", "object", "embed", "video", "audio", "svg", "input", "textarea", "label",
     "aside", "nav", "template"}
)  # fmt: skip
_WS = re.compile(r"\s+")
# "Source: Al Jazeera and news agencies", "Written by: X": a label before the credit itself.
_BYLINE_LABEL = re.compile(r"^(?:source|credits?|written by|author)\s*:\s*", re.I)
# "Saudi Gazette report RIYADH —": a desk credit run into the first paragraph's dateline.
_DESK_DATELINE = re.compile(r"^((?:[A-Z][\w'’.-]*\s+){1,3}[Rr]eport)\s+[A-Z][A-Z .'/-]+\s*[—–-]")
# "By Abdel-Rahman Sherief": a short paragraph that is only a credit line.
_BYLINE_PARAGRAPH = re.compile(r"^By\s+[A-Z][^.!?]{1,80}$")


def fold(text: str | None) -> str:
    """Collapse every whitespace run (no-break spaces included) to one space."""
    return _WS.sub(" ", text or "").strip()


_XML_SPACE = re.compile(r"[ \t\r\n]+")  # the whitespace of XPath's normalize-space()


def class_names(element: lxml_html.HtmlElement) -> list[str]:
    """An element's class names as CSS class selectors and ``normalize-space`` split them."""
    value = element.get("class")
    return _XML_SPACE.split(value) if value else []


def has_class(element: lxml_html.HtmlElement, name: str) -> bool:
    """``contains(concat(' ', normalize-space(@class), ' '), ' name ')`` in Python."""
    return name in class_names(element)


Skip = Callable[[lxml_html.HtmlElement], bool]


def element_text(element: lxml_html.HtmlElement, skip: Skip | None = None) -> str:
    """Rendered text of an element: inline markup joined, ``<br>`` as a space, scripts skipped.

    ``skip`` names further elements to leave out (a site's furniture inside the body).
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            parts.append(" ")
        elif tag and tag not in ("script", "style", "noscript", "template") and not (skip and skip(child)):
            parts.append(element_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def paragraphs(element: lxml_html.HtmlElement, skip: Skip | None = None) -> Iterator[str]:
    """Text of each block (paragraph, subheading, quote, list item) inside ``element``, in order.

    Loose text between blocks (``<div>text<br>text</div>``) counts as a paragraph of its own.
    """
    inline: list[str] = [element.text or ""]

    def flush() -> Iterator[str]:
        text = fold("".join(inline))
        inline.clear()
        if text:
            yield text

    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag or tag in _SKIP_TAGS or (skip and skip(child)):
            inline.append(child.tail or "")
            continue
        if tag in _BLOCK_TAGS and not _has_block(child):
            yield from flush()
            text = fold(element_text(child, skip))
            if text:
                yield text
        elif tag in _BLOCK_TAGS or tag in _CONTAINER_TAGS or _has_block(child):
            yield from flush()
            yield from paragraphs(child, skip)
        elif tag == "br":
            if _is_double_break(child):
                yield from flush()
            else:
                inline.append(" ")
        else:
            inline.append(element_text(child, skip))
        inline.append(child.tail or "")
    yield from flush()


def _is_double_break(br: lxml_html.HtmlElement) -> bool:
    """``<br><br>``: an old CMS's paragraph break."""
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


def _has_block(element: lxml_html.HtmlElement) -> bool:
    return any(
        isinstance(d.tag, str) and (d.tag in _BLOCK_TAGS or d.tag in ("div", "ul", "ol", "table"))
        for d in element.iterdescendants()
    )


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


def inner_html(element: lxml_html.HtmlElement) -> str:
    parts = [element.text or ""]
    parts.extend(lxml_html.tostring(child, encoding="unicode") for child in element)
    return "".join(parts).strip()


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
    "paragraphs",
]
