"""Publication and update dates from metadata, microdata, ``<time>`` and the URL; language and section."""

from __future__ import annotations

import logging
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from newscrawl.normalize.dates import parse_date
from newscrawl.sites.generic.page import (
    META_PUBLISHED,
    META_SECTION,
    META_UPDATED,
    Page,
    body_elements,
    itemprop_in,
    outside_furniture,
)
from newscrawl.sites.generic.text import clean, short_spaced_text_of, text_of, url_path

logger = logging.getLogger(__name__)


_HAS_YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d{2}(?!\d)|(?<!\d)\d{1,2}[./-]\d{1,2}[./-]\d{2}(?!\d)")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")
_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)"
)


def parse_iso_day(raw: str | None) -> date | None:
    """The calendar day of an ISO-looking string, if it starts like one."""
    if not raw:
        return None
    match = _ISO_DAY.match(raw)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def url_day(url: str | None) -> date | None:
    """A full date written in the URL path (``/2024/03/05/``), when there is one."""
    if not url:
        return None
    match = _URL_DATE.search(url_path(url))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def plausible_day(day: date | None, now: datetime | None = None) -> bool:
    """A publication day between 1995 and tomorrow."""
    if day is None:
        return True  # unknown format: the date normalizer judges it
    now = now or datetime.now(UTC)
    return date(1995, 1, 1) <= day <= (now + timedelta(days=1)).date()


def _is_rdfa_date(element: Any) -> bool:
    """``@property`` naming a creation date: ``dc:created``, ``dcterms:created``,
    ``dcterms:date`` or anything containing ``dc:date``."""
    value = element.get("property")
    return value is not None and (
        value in ("dc:created", "dcterms:created", "dcterms:date") or "dc:date" in value
    )


# "Published: 16:33 June 30, 2013", "Posted on Dec 16, 2007": a label before the date.
_PUBLISHED_LABEL = re.compile(
    r"^\s*(?:first\s+)?(?:published|posted|publicado|publié|veröffentlicht|date|datum|fecha)"
    r"(?:\s+(?:on|am|le|el))?\s*:?\s*",
    re.I,
)
_UPDATED = re.compile(r"updated|modified|aktualisiert|mis à jour|actualizado|edited", re.I)
_DATE_CLASS = re.compile(r"date|time|publish|posted|timestamp|dateline", re.I)
_MASTHEAD = re.compile(r"^\s*today\b", re.I)
# What follows a printed date on its line: a credit, a separator, another label.
_AFTER_DATE = re.compile(
    r"\s+(?:by|von|par|por|door|di)\s|\s*[|·•]\s*|,?\s+(?!um\b|at\b|à\b)[^\W\d_]+(?:\s+[^\W\d_]+)?\s*:\s",
    re.I,
)
_CHROME = frozenset({"header", "nav", "footer", "aside", "form"})
_VISIBLE_DATE_CHARS = 80


def _printed_dates(page: Page) -> list[tuple[str, bool, bool]]:
    """Short printed dates: ``(text, labelled, in page chrome)``, in document order, kept."""
    found: list[tuple[str, bool, bool]] | None = page.cache.get("printed_dates")
    if found is not None:
        return found
    found = []
    for element in body_elements(page):
        if element.tag in ("script", "style", "noscript", "template") or len(element) > 4:
            continue
        attrs = f"{element.get('class') or ''} {element.get('id') or ''}"
        lead = element.text or ""
        labelled = bool(_PUBLISHED_LABEL.match(lead)) or bool(_MASTHEAD.match(lead))
        if not (labelled or _DATE_CLASS.search(attrs)):
            continue
        text = short_spaced_text_of(element, _VISIBLE_DATE_CHARS)
        if not text or not _HAS_YEAR.search(text) or _UPDATED.search(f"{attrs} {text}"):
            continue
        chrome = any(a.tag in _CHROME for a in element.iterancestors())
        found.append((text, bool(_PUBLISHED_LABEL.match(text)), chrome))
    page.cache["printed_dates"] = found
    return found


def visible_published(page: Page, *, labelled_only: bool = False) -> tuple[str, str] | None:
    """A publication date the page prints: labelled ("Published: ...") or in a date element.

    Mastheads ("Today, November 28, 2026") and page chrome (header, navigation, footer) are
    left out: their date is the day of the visit, not of the article.
    """
    for element_text, labelled, chrome in _printed_dates(page):
        if chrome or _MASTHEAD.match(element_text) or (labelled_only and not labelled):
            continue
        text = _PUBLISHED_LABEL.sub("", element_text, count=1) if labelled else element_text
        text = _AFTER_DATE.split(text, maxsplit=1)[0].strip(" ,;")
        # only a date the normalizer can read: an unreadable one would hide a better guess
        if text and _HAS_YEAR.search(text) and parse_date(text, tz="UTC") is not None:
            return text, "visible"
        return None  # only the first printed date is the article's: later ones are teasers'
    return None


def is_masthead_day(page: Page, guess: str) -> bool:
    """Whether a guessed ISO day is only the page's masthead date ("Today, November 28, 2026")."""
    day = parse_iso_day(guess)
    if day is None:
        return False
    for text, _, _ in _printed_dates(page):
        if _MASTHEAD.match(text):
            parsed = parse_date(_MASTHEAD.sub("", text).strip(" ,:-"), tz="UTC")
            if parsed is not None and parsed.value.date() == day:
                return True
    return False


def extract_dates(
    page: Page,
    *,
    now: datetime | None = None,
    htmldate: Any = None,
) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:
    """``(published, updated)`` as ``(raw, provenance)``, by evidence and precedence.

    Precedence: JSON-LD ``datePublished``, ``article:published_time`` and other meta,
    microdata, RDFa ``dc:date``, ``<time datetime>``, JSON-LD ``dateCreated``; the URL's
    own date and the page's local offset can overrule it (see ``choose_published``).
    """
    published: list[tuple[str, str]] = []
    value = page.json_ld.get("datePublished")
    if isinstance(value, str) and clean(value):
        published.append((clean(value), "json-ld"))
    for key in META_PUBLISHED:
        for raw in page.meta.get(key, []):
            published.append((raw, "meta"))
    for element in page.marked(itemprop_in("datePublished", "dateCreated")):
        raw = clean(element.get("content") or element.get("datetime")) or text_of(element)
        if raw:
            published.append((raw, "microdata"))
    for element in page.marked(_is_rdfa_date):
        raw = clean(element.get("content")) or text_of(element)
        if raw:
            published.append((raw, "rdfa"))
    for element in page.xpath("/descendant::time[@pubdate or @datetime]"):
        if not outside_furniture(page, element):
            continue
        raw = clean(element.get("datetime")) or text_of(element)
        if raw:
            published.append((raw, "time"))
    value = page.json_ld.get("dateCreated") or page.json_ld.get("datePublished", page_too=True)
    if isinstance(value, str) and clean(value):
        published.append((clean(value), "json-ld"))

    published = [
        (raw, src)
        for raw, src in published
        if _HAS_YEAR.search(raw) and plausible_day(parse_iso_day(raw), now)
    ]
    chosen = choose_published(published, page, htmldate=htmldate)

    updated: tuple[str, str] | None = None
    value = page.json_ld.get("dateModified")
    if isinstance(value, str) and clean(value):
        updated = (clean(value), "json-ld")
    else:
        found = page.meta_first(META_UPDATED)
        if found:
            updated = (found[0], "meta")
        else:
            for element in page.marked(itemprop_in("dateModified")):
                raw = clean(element.get("content") or element.get("datetime")) or text_of(element)
                if raw:
                    updated = (raw, "microdata")
                    break
    return chosen, updated


def parse_instant(raw: str) -> datetime | None:
    """An ISO 8601 timestamp with an offset, else None."""
    text = raw.strip()
    if len(text) < 16 or not _ISO_DAY.match(text):
        return None
    try:
        value = datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        return None
    return value if value.tzinfo is not None else None


def _is_utc_stamp(value: datetime) -> bool:
    offset = value.utcoffset()
    return offset is not None and offset == timedelta(0)


def local_day_of_utc(value: datetime, other_day: date | None) -> date | None:
    """The local day behind a UTC stamp, if ``other_day`` is a plausible local reading of it.

    Many sites serialise their local publication time in UTC, so the UTC day can be one off
    from the day they print. A neighbouring day is accepted only when some real offset could
    produce it: the previous day needs a UTC time before 08:00 (the Americas reach UTC-8),
    the next day one from 10:00 (offsets reach UTC+14).
    """
    if other_day is None:
        return None
    utc_day = value.date()
    if other_day == utc_day - timedelta(days=1) and value.hour < _PREVIOUS_DAY_BEFORE_HOUR:
        return other_day
    if other_day == utc_day + timedelta(days=1) and value.hour >= _NEXT_DAY_FROM_HOUR:
        return other_day
    return None


_PREVIOUS_DAY_BEFORE_HOUR = 8  # UTC-8
_NEXT_DAY_FROM_HOUR = 10  # UTC+14


def utc_day_may_differ(value: datetime) -> bool:
    """Whether ``local_day_of_utc`` could accept any day for this UTC stamp (hour not 8 or 9)."""
    return value.hour < _PREVIOUS_DAY_BEFORE_HOUR or value.hour >= _NEXT_DAY_FROM_HOUR


def choose_published(
    candidates: list[tuple[str, str]], page: Page, *, htmldate: Any = None
) -> tuple[str, str] | None:
    """Pick the publication date among markup candidates (already in precedence order)."""
    if not candidates:
        return None
    chosen = candidates[0]
    in_url = url_day(page.url)
    # A date in the URL outranks markup that disagrees with it by more than a day.
    if in_url:
        day = parse_iso_day(chosen[0])
        if day and abs(day - in_url) > timedelta(days=1):
            agreeing = [c for c in candidates if parse_iso_day(c[0]) == in_url]
            if agreeing:
                chosen = agreeing[0]
    instant = parse_instant(chosen[0])
    if instant is None or not _is_utc_stamp(instant):
        return chosen
    # The same instant written with the site's own offset tells the local day.
    for raw, source in candidates[1:]:
        other = parse_instant(raw)
        if (
            other is not None
            and not _is_utc_stamp(other)
            and abs(other - instant) <= timedelta(minutes=2)
        ):
            return raw, source
    local = local_day_of_utc(instant, in_url)
    if local is None and htmldate is not None and utc_day_may_differ(instant):
        local = local_day_of_utc(instant, parse_iso_day(htmldate(page)))
    if local is not None and local != instant.date():
        return local.isoformat(), chosen[1]
    return chosen


def extract_language(page: Page) -> tuple[str, str] | None:
    value = page.json_ld.get("inLanguage")
    if isinstance(value, str) and clean(value):
        return clean(value), "json-ld"
    lang = page.tree.get("lang") or page.tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang and clean(lang):
        return clean(lang), "meta"
    found = page.meta_first(("og:locale", "content-language", "language", "dc.language"))
    if found:
        return found[0].replace("_", "-"), "meta"
    for element in page.xpath("/descendant::meta[@http-equiv]"):  # //meta[@http-equiv]
        if (element.get("http-equiv") or "").casefold() == "content-language" and element.get(
            "content"
        ):
            return clean(element.get("content")), "meta"
    return None


def extract_section(page: Page) -> tuple[str, str] | None:
    value = page.json_ld.get("articleSection")
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str) and clean(value):
        return clean(value), "json-ld"
    found = page.meta_first(META_SECTION)
    if found:
        return found[0], "meta"
    return None


def htmldate_published(page: Page) -> str | None:
    """htmldate's guess at the original publication day (a fallback when markup is silent)."""
    if "htmldate" not in page.cache:
        page.cache["htmldate"] = _run_htmldate(page)
    return page.cache["htmldate"]


def _run_htmldate(page: Page) -> str | None:
    try:
        from htmldate import find_date

        # htmldate only reads the tree it is given and copies it before pruning
        return find_date(
            page.tree,
            url=page.url or None,
            original_date=True,
            extensive_search=True,
        )
    except Exception:
        logger.debug("htmldate failed on %s", page.url, exc_info=True)
        return None
