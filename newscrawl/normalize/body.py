"""Body text: clean paragraphs, drop page furniture and photo captions, join and count words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Invisible characters that only get in the way of matching: zero-width space/joiners,
# word joiner, byte-order mark, soft hyphen, left-to-right and right-to-left marks.
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"
_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_HAS_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200a\u3000]+")
# Text without any of these is left as it is by ``_SPACES.sub(" ", ...)``: every run is one space.
_UNTIDY_SPACE = re.compile(r"[^\S ]| {2}")

_FURNITURE = re.compile(
    r"""^(?:
        \d+\s+users?\s+ha(?:ve|s)\s+voted\.?
      | up | rate | read\s+more | related\s+articles? | related\s+news | related
      | share | share\s+this(?:\s+article)? | newsletter | print | tweet
      | get\s+top\s+stories\s+and\s+blog\s+posts\s+emailed\s+to\s+you\s+each\s+day\.?
      | read\s+jt\s+pdf\s+version | pdf | advertisement | you\s+are\s+here
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Wire and photo agencies that appear in picture credits.
_PHOTO_SOURCES = (
    r"AFP|Reuters|REUTERS|AP|EPA|Getty(?:\s+Images)?|WAM|SPA|Petra|Xinhua|Anadolu|AA|KUNA|QNA|"
    r"dpa|SANA|Shutterstock|iStock|Supplied|The\s+National|JT|Al\s+Rai|DNE|AAWSAT"
)
_CAPTION_PATTERNS = [
    # "(Reuters photo)", "(AFP file photo)", "(AFP/File photo)", "(JT file)", "(Al Rai photo)"
    re.compile(
        r"\((?:[\w.&'-]+[\s/]){0,3}(?:file\s*)?(?:photos?|pictures?|file|image)\)\s*$", re.I
    ),
    # "(AFP photo by George Ourfalian)", "(Photo by Amjad Ghsoun)", "(Photo courtesy of Royal Court)"
    re.compile(
        r"\((?:[\w.&'-]+\s+){0,3}(?:photos?|pictures?|images?)\s+(?:by|courtesy|credit)\b[^()]*\)\s*$",
        re.I,
    ),
    # "(AFP via Getty Images)", "(Reuters/Getty)", "(AFP)" after a caption's own date
    # (a bare "(AFP)" after a full stop closes a news brief instead, so that is not a caption)
    re.compile(
        rf"(?<![.!?\"”]\s)(?<![.!?\"”])\((?:{_PHOTO_SOURCES})(?:\s*(?:via|/|and|&)\s*[\w\s.]+)?\)\s*$"
    ),
    # "Image Credit: AFP", "Photo: Reuters", "Photo credit: Supplied"
    re.compile(r"(?:^|[\s.])(?:image|photo|picture)\s*(?:credits?)?\s*:\s*[^.!?]{1,60}$", re.I),
    # "Ali Akyuz / AFP", "Sarah Dea / The National", "REUTERS/Hamid Khatib", "WAM and Getty"
    re.compile(rf"(?:^|\s)[\w.'-]+(?:\s[\w.'-]+){{0,3}}\s*/\s*(?:{_PHOTO_SOURCES})\s*$"),
    re.compile(r"(?:^|\s)(?:REUTERS|AFP|AP|EPA)\s*/\s*[A-Z][\w.'-]+(?:\s[A-Z][\w.'-]+){0,3}\s*$"),
    re.compile(rf"^(?:{_PHOTO_SOURCES})(?:\s*(?:and|&|/)\s*(?:{_PHOTO_SOURCES}))?$"),
    # "Henry Nicholls, Reuters" (a photographer and agency, no sentence punctuation)
    re.compile(r"^[A-Z][\w'-]+(?:\s[A-Z][\w'-]+){1,3},\s*(?:Reuters|AFP|AP|EPA|Getty Images)$"),
    # "... - AAWSAT"
    re.compile(r"\s[-–—]\s*AAWSAT$"),
]
_CAPTION_MAX_WORDS = 60


def _always(text: str) -> bool:
    return True


# What a cleaned text (no trailing space, no newline) must hold for each pattern above to match;
# most paragraphs hold none of it, so most skip the searches (one per pattern, each a full scan).
_CAPTION_GUARDS = (
    lambda text: text.endswith(")"),
    lambda text: text.endswith(")"),
    lambda text: text.endswith(")"),
    lambda text: ":" in text,
    lambda text: "/" in text,
    lambda text: "/" in text,
    _always,  # anchored at the start: cheap
    _always,
    lambda text: text.endswith("AAWSAT"),
)


def clean_text(text: str) -> str:
    """Return ``text`` in NFC with invisible characters removed and whitespace collapsed."""
    if not isinstance(text, str) or not text:
        return ""
    if text.isascii():  # ASCII is NFC and holds none of the invisible characters
        return _SPACES.sub(" ", text).strip() if _UNTIDY_SPACE.search(text) else text.strip()
    text = unicodedata.normalize("NFC", text)
    # Most text is already tidy: look before rewriting (both checks cost less than the rewrite).
    if _HAS_INVISIBLE.search(text):
        text = text.translate(_INVISIBLE)
    if _UNTIDY_SPACE.search(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def is_furniture(text: str) -> bool:
    """Whether a cleaned paragraph is page furniture (vote counters, share prompts, headings)."""
    return bool(_FURNITURE.match(text.strip(" :»›>")))


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """Clean each paragraph and drop empty ones, page furniture and consecutive duplicates."""
    kept: list[str] = []
    for paragraph in paragraphs or ():
        text = clean_text(paragraph) if isinstance(paragraph, str) else ""
        if not text or is_furniture(text):
            continue
        if kept and kept[-1] == text:
            continue
        kept.append(text)
    return kept


def is_caption(text: str) -> bool:
    """Whether a paragraph is a photo caption or picture credit rather than article text."""
    return is_clean_caption(clean_text(text))


def is_clean_caption(text: str) -> bool:
    """:func:`is_caption` for text :func:`clean_text` has already cleaned."""
    if not text:
        return False
    matched = any(
        guard(text) and pattern.search(text)
        for pattern, guard in zip(_CAPTION_PATTERNS, _CAPTION_GUARDS, strict=True)
    )
    return matched and word_count(text) <= _CAPTION_MAX_WORDS


def join_body(paragraphs: list[str]) -> str:
    """Join paragraphs into one body string, separated by a blank line."""
    return "\n\n".join(p for p in (paragraphs or []) if p)


_WORD = re.compile(r"\w+(?:['’.-]\w+)*")


def word_count(text: str) -> int:
    """Count words: runs of letters or digits, keeping "al-Assad" and "don't" as one."""
    if not isinstance(text, str):
        return 0
    return len(_WORD.findall(text))


# --- is it an article at all? ----------------------------------------------------------------

# Lines that belong to a site's menus and account bar, never to an article's text.
_NAV_LINE = re.compile(
    r"^(?:skip\s+to\s+(?:main\s+)?(?:content|navigation)|sign\s+in|log\s*in|log\s+out|sign\s+up|"
    r"register|my\s+account|my\s+\w+|subscribe(?:\s+now)?|today'?s\s+e-?edition|e-?edition|"
    r"menu|main\s+menu|search|home|homepage|contact(?:\s+us)?|about(?:\s+us)?|newsletters?|"
    r"privacy(?:\s+policy)?|terms(?:\s+of\s+(?:use|service))?|cookie\s+(?:policy|settings)|"
    r"advertise(?:\s+with\s+us)?|careers|sitemap|rss|faq|help|weather|traffic|obituaries|"
    r"classifieds|jobs|events|podcasts?|videos?|photos?|opinion|sports?|business|world|local|"
    r"news|politics|entertainment|lifestyle|health|technology|tech|science|travel|culture)$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…\"”’»:;)\u06d4\u061f。！？」』]\s*$")
# A short text is judged only when it has enough lines to be a menu.
_MIN_LINES_FOR_MENU = 6


def body_rejection(paragraphs: list[str], link_texts: set[str] | None = None) -> str | None:
    """Why these paragraphs are not an article's text (``"menu"``, ``"navigation"``), or None.

    Navigation: several lines that are a site's account and section links ("Skip to content",
    "Sign In", "Today's E-Edition"). A menu: many one-line items and little prose, the items
    being links of the page (``link_texts``, casefolded with whitespace collapsed, when the
    caller knows the page's links). Without ``link_texts`` only the first test is made: a
    poem or a song's lyrics are short lines too, and only the links tell them from a menu.
    """
    lines = [p for p in paragraphs if p.strip()]
    if not lines:
        return "empty"
    nav = sum(1 for p in lines if len(p) <= 40 and _NAV_LINE.match(p.strip(" |·•»>›-–—")))
    if nav >= 3 and nav >= 0.3 * len(lines):
        return "navigation"
    if link_texts is None or len(lines) < _MIN_LINES_FOR_MENU:
        return None
    # Lengths in characters, so that scripts written without spaces (Chinese, Japanese) are
    # judged like the others.
    sizes = [len(p) for p in lines]
    total = sum(sizes)
    links = sum(1 for p in lines if " ".join(p.casefold().split()) in link_texts)
    prose = sum(
        n for p, n in zip(lines, sizes, strict=True) if n >= 70 or (n >= 35 and _SENTENCE_END.search(p))
    )
    if links >= 0.5 * len(lines) and prose < 0.35 * total:
        return "menu"
    return None
