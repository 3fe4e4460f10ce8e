"""A publication date printed in Arabic on a page whose markup gives none.

htmldate reads no Arabic month name: on such a page its guess is a bare year (``2024-01-01``)
taken from anywhere in the text. A short element marked as a date (class or id with ``date``,
``time``, ``publish`` ...) or opening with a publication label (``نشر في``, ``تاريخ النشر``) that
prints an Arabic date the normalizer reads is the better evidence. Page chrome (header,
navigation, footer, aside) is left out: its date is the day of the visit.
"""

from __future__ import annotations

import re
from typing import Any

from newscrawl.normalize.arabic import has_arabic, strip_bidi
from newscrawl.normalize.dates import parse_date

_DATE_MARK = re.compile(r"date|time|publish|posted|timestamp", re.I)
_LABEL = re.compile(r"^\s*(?:نشر\s+في|نُشر\s+في|تاريخ\s+النشر|نشر\s+بتاريخ|تم\s+النشر)")
_YEAR = re.compile(r"(?<![\d٠-٩])(?:(?:19|20)\d\d|[١٢][٠-٩]{3})(?![\d٠-٩])")
_CHROME = frozenset({"header", "nav", "footer", "aside", "form"})
_MAX_CHARS = 160


def printed_arabic_date(tree: Any) -> str | None:
    """The first printed Arabic date of the page (as printed), or None."""
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "noscript"):
            continue
        if len(element) > 4:
            continue
        marks = f"{element.get('class') or ''} {element.get('id') or ''}"
        lead = element.text or ""
        if not (_DATE_MARK.search(marks) or _LABEL.match(lead)):
            continue
        text = " ".join(strip_bidi("".join(element.itertext())).split())
        if not text or len(text) > _MAX_CHARS or not has_arabic(text) or not _YEAR.search(text):
            continue
        if any(a.tag in _CHROME for a in element.iterancestors()):
            continue
        if parse_date(text, tz="UTC") is not None:
            return text
    return None
