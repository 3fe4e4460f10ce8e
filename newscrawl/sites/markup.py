"""Reading text out of lxml elements: class tests, rendered text and paragraph blocks.

A leaf module (lxml only) shared by the generic parser, the selector parser and the site
parsers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from lxml import html as lxml_html

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
        elif (
            tag
            and tag not in ("script", "style", "noscript", "template")
            and not (skip and skip(child))
        ):
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


def inner_html(element: lxml_html.HtmlElement) -> str:
    parts = [element.text or ""]
    parts.extend(lxml_html.tostring(child, encoding="unicode") for child in element)
    return "".join(parts).strip()
