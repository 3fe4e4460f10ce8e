"""Text and URL helpers shared by the generic parser's extractors (pure functions, no state)."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any
from urllib.parse import urlsplit

_WS = re.compile(r"\s+")


def clean(value: Any) -> str:
    """Collapse whitespace and unescape stray HTML entities; '' for non-strings."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if "&" in value:
        value = html_lib.unescape(value)
    return _WS.sub(" ", value.replace("\u200b", "").replace("\ufeff", "")).strip()


def text_of(element: Any) -> str:
    try:
        return clean(element.text_content())
    except (ValueError, AttributeError):
        return ""


def spaced_text_of(element: Any) -> str:
    """Text with a space between child nodes, so ``<a>Name</a><a>twitter</a>`` stays apart."""
    try:
        return clean(" ".join(element.itertext()))
    except (ValueError, AttributeError):
        return ""


def _solid_length(text: str) -> int:
    """Characters of ``text`` that ``clean`` keeps whatever surrounds them (no ``&`` in it)."""
    return len(_WS.sub("", text)) - text.count("\u200b") - text.count("\ufeff")


def short_spaced_text_of(element: Any, limit: int) -> str | None:
    """``spaced_text_of(element)`` if it is at most ``limit`` characters long, else None.

    A long text is not read in full: the characters that are neither whitespace nor removed by
    ``clean`` all survive it, so once more than ``limit`` of them are seen the answer is None.
    Text holding ``&`` (unescaping may shorten it) is read in full.
    """
    pieces: list[str] = []
    seen = solid = counted = 0
    try:
        for piece in element.itertext():
            if "&" in piece:
                text = spaced_text_of(element)
                return text if len(text) <= limit else None
            pieces.append(piece)
            seen += len(piece)
            if seen > limit:  # only now worth counting what must survive
                solid += sum(map(_solid_length, pieces[counted:]))
                counted = len(pieces)
                if solid > limit:
                    return None
    except (ValueError, AttributeError):
        return ""
    text = clean(" ".join(pieces))
    return text if len(text) <= limit else None


def url_path(url: str | None) -> str:
    """The path of a URL, '' for anything urlsplit refuses (``http://[junk]/``)."""
    try:
        return urlsplit(url or "").path
    except ValueError:
        return ""


def same_title(a: str, b: str) -> bool:
    return squash(a) == squash(b)


def squash(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


_ASCII_LOWER = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
)  # XPath translate() lowers these 26 letters and nothing else


def ascii_lower(text: str) -> str:
    """Lowercase A-Z only, as the XPath ``translate(@x, 'AB..Z', 'ab..z')`` idiom does."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
