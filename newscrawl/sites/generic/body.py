"""The article text: a main-text extractor over the parsed tree, then page furniture dropped."""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Iterable

from newscrawl.sites.generic.page import Page
from newscrawl.sites.generic.text import clean, same_title

logger = logging.getLogger(__name__)


# Paragraphs that are page furniture, not article text (matched on short paragraphs only).
_FURNITURE = re.compile(
    r"^(?:read more|read also|also read|see also|related(?: articles?| stories| content)?|"
    r"recommended|more on this|more from|trending|most read|most popular|watch:|listen:|"
    r"advertisement|anzeige|publicidad|publicité|werbung|sponsored|"
    r"share (?:this|on|via)|share$|tweet$|email$|print$|comments?$|"
    r"follow us|follow (?:\w+ )?on|like us on|join us on|"
    r"sign up|subscribe|click here|tap here|download (?:the|our) app|"
    r"(?:get|sign up for|subscribe to) (?:our|the) (?:\w+ )?newsletter|"
    r"(?:all rights reserved|copyright|©))",
    re.I,
)
_FURNITURE_ANYWHERE = re.compile(
    r"(?:sign up for (?:our|the) .{0,40}newsletter|subscribe to (?:our|the) .{0,40}newsletter|"
    r"all rights reserved|this article (?:was|is) (?:originally )?(?:published|available) "
    r"(?:on|in|at)|click here to|enable javascript|javascript is disabled|"
    r"your browser does not support|we use cookies|cookie policy)",
    re.I,
)


def _furniture(paragraph: str) -> bool:
    words = len(paragraph.split())
    if words <= 12 and _FURNITURE.match(paragraph):
        return True
    return words <= 30 and bool(_FURNITURE_ANYWHERE.search(paragraph))


def tidy_paragraphs(paragraphs: Iterable[str], *, title: str | None = None) -> list[str]:
    """Drop empty lines, a repeated headline, and share / newsletter / read-more furniture."""
    out: list[str] = []
    for raw in paragraphs:
        text = clean(raw)
        if not text:
            continue
        if not out and title and same_title(text, title):
            continue
        if _furniture(text):
            continue
        out.append(text)
    return out


def extract_body(page: Page, *, title: str | None = None) -> tuple[list[str], str] | None:
    """Paragraphs of the main text, from trafilatura over the parsed tree.

    trafilatura copies a tree it is given before changing anything, so the page's own tree is
    passed as it is (a copy made here would only be copied again).
    """
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            page.tree,
            url=page.url or None,
            with_metadata=False,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # Without trafilatura's readability/justext fallbacks: a sixth less time per page;
            # on the corpus body F1 0.956 -> 0.958, snippet checks 0.921 -> 0.915, the rest
            # unchanged (our own paragraph cleaning follows either way).
            fast=True,
        )
    except Exception:  # the extractor is third-party code: a failure means no body, not a crash
        logger.debug("trafilatura failed on %s", page.url, exc_info=True)
        doc = None
    text = getattr(doc, "text", None) if doc is not None else None
    paragraphs = tidy_paragraphs((text or "").split("\n"), title=title)
    if paragraphs:
        return paragraphs, "extractor"
    body = page.json_ld.get("articleBody")
    if isinstance(body, str) and clean(body):
        paragraphs = tidy_paragraphs(
            re.split(r"\n\s*\n|\r?\n", html_lib.unescape(body)), title=title
        )
        if paragraphs:
            return paragraphs, "json-ld"
    return None
