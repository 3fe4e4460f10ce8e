"""The article text: a main-text extractor over the parsed tree, then page furniture dropped."""

from __future__ import annotations

import html as html_lib
import logging
import re
from collections.abc import Iterable
from typing import Any

from newscrawl.normalize.body import body_rejection
from newscrawl.sites.generic.page import FURNITURE_TOKEN, Page
from newscrawl.sites.generic.text import clean, same_title, squash

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


def _trafilatura(page: Page, *, fast: bool) -> str | None:
    """trafilatura's main text of the page (None when it finds none or fails).

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
            # fast: without trafilatura's readability/jusText fallbacks, a sixth less time per
            # page; they are asked for only when the fast pass looks weak (see extract_body).
            fast=fast,
        )
    except Exception:  # the extractor is third-party code: a failure means no body, not a crash
        logger.debug("trafilatura failed on %s", page.url, exc_info=True)
        return None
    return getattr(doc, "text", None) if doc is not None else None


# Never article text: a paragraph inside one of these is not counted in the page's prose.
_OUTSIDE_TEXT = frozenset({"nav", "footer", "aside", "header", "form", "noscript", "template"})
_PROSE_MIN_CHARS = 50


def page_prose_size(page: Page) -> int:
    """Characters in the page's prose paragraphs (``<p>`` of 50+ characters outside menus).

    A yardstick for an extracted body: a body holding far less text than the page prints in
    prose is a teaser, a standfirst or the part before an inline box, not the whole article.
    Characters rather than words, so that scripts written without spaces count the same.
    """
    found: int | None = page.cache.get("prose_size")
    if found is None:
        found = 0
        for element in page.tree.iter("p"):
            size = len(clean(element.text_content()))
            if size < _PROSE_MIN_CHARS:
                continue
            if any(a.tag in _OUTSIDE_TEXT for a in element.iterancestors()):
                continue
            found += size
        page.cache["prose_size"] = found
    return found


def link_texts(page: Page) -> set[str]:
    """The texts of the page's links, casefolded with whitespace collapsed (kept for the page)."""
    found: set[str] | None = page.cache.get("link_texts")
    if found is None:
        found = {" ".join(a.text_content().casefold().split()) for a in page.tree.iter("a")}
        found.discard("")
        page.cache["link_texts"] = found
    return found


def strip_link_runs(paragraphs: list[str], links: set[str]) -> list[str]:
    """Without the runs of three or more link-only lines at either end (a menu around the text)."""

    def is_link(text: str) -> bool:
        return " ".join(text.casefold().split()) in links

    start = 0
    while start < len(paragraphs) and is_link(paragraphs[start]):
        start += 1
    end = len(paragraphs)
    while end > start and is_link(paragraphs[end - 1]):
        end -= 1
    if start < 3:
        start = 0
    if len(paragraphs) - end < 3:
        end = len(paragraphs)
    if not any(len(p) >= 70 for p in paragraphs[start:end]):
        return paragraphs  # no prose between the menus: the whole is for the guard to judge
    return paragraphs[start:end]


def _words(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


# A first pass holding less than this share of the page's prose is looked at again.
_WEAK_SHARE = 0.5
_WEAK_MIN_PROSE = 900
# A second candidate replaces the first only when it is clearly longer.
_CLEARLY_LONGER = 1.3


_BLOCKS = ("p", "h2", "h3", "h4", "blockquote", "li")
# A heading that closes the story: what follows is comments or other stories.
_STORY_OVER = re.compile(
    r"^(?:comments?|\d+\s+comments?|kommentare?|commentaires?|comentarios?|leave a (?:comment|reply)|"
    r"related(?:\s+\w+){0,2}|more (?:stories|from|on)\b.*|read (?:more|next|also)\b.*|"
    r"you (?:may|might) (?:also )?like.*|recommended.*|trending.*|most (?:read|popular).*|"
    r"das könnte sie auch interessieren.*|mehr zum thema.*|lesen sie auch.*|weitere artikel.*)$",
    re.IGNORECASE,
)
_TEASER_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def _same_family(a: Any, b: Any) -> bool:
    return a.tag == b.tag and bool(a.get("class")) and a.get("class") == b.get("class")


def _furniture_between(element: Any, block: Any) -> bool:
    """Inside a comment thread, related-stories box or widget within the story's block."""
    for node in element.iterancestors():
        if node is block:
            return False
        tokens = f"{node.get('class') or ''} {node.get('id') or ''}".split()
        if any(FURNITURE_TOKEN.match(token) for token in tokens):
            return True
    return False


def continuation(page: Page, first: list[str], *, title: str | None = None) -> list[str]:
    """Paragraphs of the article printed after the extractor stopped, or [].

    Many layouts break the story's text into several blocks with an advertisement, a related
    story box or a newsletter form between them; extractors then keep the first block only.
    The article goes on in the paragraphs after the last one kept, inside the same block, and
    in later blocks of the same kind (same tag and class) as the one holding it.
    """
    if not first:
        return []
    last = squash(first[-1])
    anchor = None
    for element in page.tree.iter("p", "li", "blockquote"):
        if squash(element.text_content()) == last:
            anchor = element
            break
    if anchor is None:
        return []
    container = anchor.getparent()
    if container is None or container.tag in ("body", "html"):
        return []
    later: list[tuple[Any, Any]] = []  # (element, the block it was found in)
    seen_anchor = False
    for element in container.iter(*_BLOCKS):
        if element is anchor:
            seen_anchor = True
        elif seen_anchor and not any(a.tag in _BLOCKS for a in element.iterancestors(*_BLOCKS)):
            later.append((element, container))
    family = [
        e for e in page.tree.iter(container.tag) if e is not container and _same_family(e, container)
    ]
    position = {e: i for i, e in enumerate(page.tree.iter())}
    start = position[container]
    # The story ends at the next headline, a footer outside it or the end of its <article>:
    # what follows belongs to the next story of an endless page.
    ends = [
        position[e]
        for e in page.tree.iter("h1", "footer")
        if position[e] > start and not any(a is container for a in e.iterancestors())
    ]
    stop = min(ends, default=len(position))
    own_article = next(container.iterancestors("article"), None)
    after = [
        e
        for e in family
        if start < position.get(e, -1) < stop
        and next(e.iterancestors("article"), None) is own_article
    ]
    for block in after:
        later.extend(
            (e, block)
            for e in block.iter(*_BLOCKS)
            if not any(a.tag in _BLOCKS for a in e.iterancestors(*_BLOCKS))
        )
    kept = {squash(p) for p in first}
    texts = []
    for element, block in later:
        if any(a.tag in _OUTSIDE_TEXT for a in element.iterancestors()):
            continue
        text = clean(element.text_content())
        if not text or squash(text) in kept:
            continue
        if _STORY_OVER.match(text):
            break  # "Comments", "Related": the story is over
        if _furniture_between(element, block):
            continue
        linked = sum(len(clean(a.text_content())) for a in element.iter("a"))
        if linked >= 0.8 * len(text):
            continue  # a link to another story, not a paragraph of this one
        texts.append(text)
    added = tidy_paragraphs(texts, title=title)
    if not added or sum(1 for p in added if _TEASER_END.search(p)) > len(added) / 3:
        return []  # teasers of other stories ("Read on ..."), not this one's text
    return added


def extract_body(page: Page, *, title: str | None = None) -> tuple[list[str], str] | None:
    """Paragraphs of the main text: the best candidate that reads as an article.

    The first candidate is trafilatura's fast pass. When it is empty, reads as a menu
    (``normalize.body.body_rejection``) or holds under half the page's prose, trafilatura runs
    again with its readability and jusText fallbacks, and the JSON-LD ``articleBody`` is a
    candidate too; the longest candidate that passes the guard wins. When none passes, there is
    no body, and the reason is kept in ``page.cache["body_rejected"]`` for the run's counters.
    """
    links = link_texts(page)
    first = tidy_paragraphs((_trafilatura(page, fast=True) or "").split("\n"), title=title)
    first = strip_link_runs(first, links)
    first_rejected = body_rejection(first, links)
    prose = page_prose_size(page)
    weak = first_rejected is not None or (
        prose >= _WEAK_MIN_PROSE and _words(first) < _WEAK_SHARE * prose
    )
    if not weak:
        return first, "extractor"
    candidates: list[tuple[list[str], str]] = []
    full: list[str] = []
    if first_rejected is None:
        candidates.append((first, "extractor"))
        more = continuation(page, first, title=title)
        if more and body_rejection(first + more, links) is None:
            candidates.append((first + more, "extractor"))
    if not first or first_rejected is not None:
        # only where the fast pass found nothing usable: the fallbacks cost a sixth more time
        full = tidy_paragraphs((_trafilatura(page, fast=False) or "").split("\n"), title=title)
        full = strip_link_runs(full, links)
        if full and body_rejection(full, links) is None:
            candidates.append((full, "extractor"))
    body = page.json_ld.get("articleBody")
    if isinstance(body, str) and clean(body):
        from_json = tidy_paragraphs(
            re.split(r"\n\s*\n|\r?\n", html_lib.unescape(body)), title=title
        )
        if from_json and body_rejection(from_json, links) is None:
            candidates.append((from_json, "json-ld"))
    if not candidates:
        page.cache["body_rejected"] = first_rejected or body_rejection(full, links) or "empty"
        return None
    best = candidates[0]
    for candidate in candidates[1:]:
        if _words(candidate[0]) > _CLEARLY_LONGER * _words(best[0]):
            best = candidate
    return best
