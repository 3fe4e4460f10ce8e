"""Dates: the many printed forms of a publication time turned into one aware datetime."""

from __future__ import annotations

import email.utils
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

logger = logging.getLogger(__name__)

MIN_DATE = datetime(1990, 1, 1, tzinfo=UTC)
"""Anything earlier is not a publication date of a crawled news page (a Hijri year, 1899)."""
FUTURE_SLACK = timedelta(days=1)
"""How far past ``now`` a date may lie (time zones, clocks) before it is rejected."""

DAY, MINUTE, SECOND = "day", "minute", "second"


@dataclass(frozen=True)
class ParsedDate:
    """A parsed date: an aware datetime and how much of it the source actually gave."""

    value: datetime
    """Timezone-aware; in the site's local offset, or the offset the string carried."""
    precision: str
    """``day`` (local midnight stands in for the unknown time), ``minute`` or ``second``."""

    def isoformat(self) -> str:
        return self.value.isoformat()


class _Parts(NamedTuple):
    """Calendar fields read from a string, before the year and zone are settled."""

    year: int | None
    month: int
    day: int
    hour: int = 0
    minute: int = 0
    second: int = 0
    microsecond: int = 0
    offset: int | None = None
    """Seconds east of UTC when the string printed its own offset."""
    precision: str = DAY
    instant: bool = False
    """An epoch: a UTC instant to be shown in the site's zone rather than kept at +00:00."""


# --- text preparation --------------------------------------------------------------------

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u200b\u200c\u200d\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad",
    )
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_PREFIX = re.compile(
    r"^(?:(?:last\s+)?updated|published|posted|created|modified|dated?|issued|today|on)\b"
    r"(?:\s+(?:at|on)\b)?\s*[:,\-–—]?\s*(?=.*\d)",
    re.IGNORECASE,
)
_LAST_UPDATED = re.compile(r"\s*[-–—|]?\s*last\s+updated\b.*$", re.IGNORECASE)
_INITIALS = re.compile(r"^[^\d]{1,15}?(?=\d{1,2}/\d{1,2}/\d{4})")
_MONTH_WORD = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE
)
_HIJRI = re.compile(
    r"\b1[34]\d\d\s*(?:A\.?H\.?|H)\b|\b(?:muharram|safar|rabi[e']?|rabia|jumad[ae]|jamad[ie]|"
    r"rajab|sha'?ban|ramadan|shawwal|dhu|dhul|thul|zul)\b",
    re.IGNORECASE,
)
_CORRESPONDING = re.compile(
    r"\b(?:corresponding|corresponds|equivalent)\s+(?:to|with)\s+(?:the\s+)?(?P<rest>.+)$",
    re.IGNORECASE,
)


def _prepare(raw: str) -> str:
    text = raw.translate(_DIGITS).translate(_INVISIBLE)
    text = _SPACES.sub(" ", text).strip()
    while len(text) >= 2 and text[0] + text[-1] in ("[]", "()"):
        text = text[1:-1].strip()
    for _ in range(3):
        stripped = _PREFIX.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    text = _LAST_UPDATED.sub("", text)
    if _HIJRI.search(text):
        text = _gregorian_part(text)
    initials = _INITIALS.match(text)
    if initials and not _MONTH_WORD.search(initials.group()):
        text = text[initials.end() :]
    return text.strip(" ,;-–—")


def _gregorian_part(text: str) -> str:
    """Keep the Gregorian half of a Hijri/Gregorian pair; a Hijri-only date gives ''."""
    pair = _CORRESPONDING.search(text)
    if pair:
        return pair.group("rest").strip(" .,)")
    pieces = re.split(r"\s*(?:/|\||\(|\)|\s[-–—]\s|;)\s*", text)
    candidates = [p for p in pieces if not _HIJRI.search(p) and re.search(r"\b(?:19|20)\d\d\b", p)]
    return max(candidates, key=len) if candidates else ""


# --- exact forms (cheap, tried first) ----------------------------------------------------

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = (
    r"\b(?:monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri|"
    r"saturday|sat|sunday|sun)\b\.?,?"
)
_BARE_WEEKDAY = re.compile(_WEEKDAY, re.IGNORECASE)
_TIME = (
    r"(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?"
    r"\s*(?P<ampm>[ap]\.?\s?m\b\.?)?"
)
_TZ = r"(?P<tz>Z|UTC|GMT|UT|(?:GMT|UTC)?\s*[+-]\d{1,2}(?::?\d{2})?)"

_EPOCH = re.compile(r"^(?P<s>\d{9,10})(?:\.(?P<f>\d{1,6}))?$|^(?P<ms>\d{12,13})$")
_ISO = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?)?"
    rf"\s*{_TZ}?$",
    re.IGNORECASE,
)
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3,9}\s+\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*"
    r"(?:[+-]\d{4}|GMT|UTC|UT|Z|[ECMP][SD]T)$"
)
_NUMERIC = re.compile(
    r"^(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
    rf"(?:\s*(?:[-|,@–—]|at)?\s*{_TIME})?(?:\s*{_TZ})?$",
    re.IGNORECASE,
)
_YMD = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    rf"(?:\s*(?:[-|,@–—]|at)?\s*{_TIME})?(?:\s*{_TZ})?$",
    re.IGNORECASE,
)
_NAMED = re.compile(
    rf"^(?:(?P<m1>{_MON})\s+(?P<d1>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MON}))"
    rf"(?:\s+(?P<y>\d{{4}}))?(?:\s*[-|@]?\s*{_TIME})?(?:\s*{_TZ})?$",
    re.IGNORECASE,
)


def _named_form(text: str) -> str:
    """Reduce a month-name date to "<month> <day> [<year>] [<time>]" or "<day> <month> ..."."""
    text = re.sub(_WEEKDAY, " ", text, flags=re.IGNORECASE)
    text = re.sub(rf"\b({_MON})\.?\s*/\s*(?:{_MON})\b\.?", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:the|of|at|on)\b", " ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(rf"\b({_MON})\.", r"\1", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(\d{4})\.(?=\s|$)", r"\1", text)
    text = text.replace(",", " ")
    return " ".join(text.split())


def _offset_seconds(token: str | None) -> int | None:
    if not token:
        return None
    token = token.strip().upper()
    if token in ("Z", "UTC", "GMT", "UT"):
        return 0
    match = re.fullmatch(r"(?:GMT|UTC)?\s*([+-])(\d{1,2})(?::?(\d{2}))?", token)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    return sign * (hours * 3600 + minutes * 60)


def _clock(match: re.Match[str]) -> tuple[int, int, int, int, str]:
    """Hour, minute, second, microsecond and precision from a match holding ``_TIME`` groups."""
    groups = match.groupdict()
    if not groups.get("H"):
        return 0, 0, 0, 0, DAY
    hour, minute = int(groups["H"]), int(groups["M"])
    ampm = (groups.get("ampm") or "").lower()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError("12-hour clock out of range")
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    second = int(groups.get("S") or 0)
    micro = int((groups.get("F") or "0")[:6].ljust(6, "0"))
    return hour, minute, second, micro, SECOND if groups.get("S") else MINUTE


def _checked(parts: _Parts) -> _Parts:
    """Raise ValueError when the fields cannot form a real date and time."""
    datetime(parts.year or 2000, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    return parts


@lru_cache(maxsize=8192)
def _exact_parts(text: str, day_first: bool | None) -> _Parts | None:
    """Read the fixed formats of formats.md §5 without dateparser; None when none fits."""
    try:
        return _exact_parts_unchecked(text, day_first)
    except (ValueError, OverflowError, OSError):
        return None


def _exact_parts_unchecked(text: str, day_first: bool | None) -> _Parts | None:
    if match := _EPOCH.match(text):
        if match.group("ms"):
            seconds = int(match.group("ms")) / 1000
        else:
            seconds = float(f"{match.group('s')}.{match.group('f') or 0}")
        utc = datetime.fromtimestamp(seconds, tz=UTC)
        return _Parts(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second,
                      utc.microsecond, 0, SECOND, instant=True)  # fmt: skip

    if match := _ISO.match(text):
        hour, minute, second, micro, precision = _clock(match)
        return _checked(
            _Parts(int(match.group("y")), int(match.group("mo")), int(match.group("d")),
                   hour, minute, second, micro, _offset_seconds(match.group("tz")), precision)
        )  # fmt: skip

    if _RFC822.match(text):
        fields = email.utils.parsedate_tz(text)
        if fields is None:
            return None
        year, month, day, hour, minute, second = fields[:6]
        precision = SECOND if text.count(":") >= 2 else MINUTE
        return _checked(
            _Parts(year, month, day, hour, minute, second, 0, fields[9] or 0, precision)
        )

    if match := _NUMERIC.match(text):
        a, b = int(match.group("a")), int(match.group("b"))
        year = int(match.group("y"))
        if year < 100:
            year += 2000 if year < 70 else 1900
        if a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        elif day_first is None:
            # dd.mm.yyyy and dd-mm-yyyy are never US style; a bare slash date is ambiguous
            # and defaults to month first like dateutil, so callers should say what they know.
            day, month = (a, b) if match.group("sep") in ".-" else (b, a)
        else:
            day, month = (a, b) if day_first else (b, a)
        hour, minute, second, micro, precision = _clock(match)
        offset = _offset_seconds(match.group("tz"))
        return _checked(_Parts(year, month, day, hour, minute, second, micro, offset, precision))

    if match := _YMD.match(text):
        hour, minute, second, micro, precision = _clock(match)
        return _checked(
            _Parts(int(match.group("y")), int(match.group("mo")), int(match.group("d")),
                   hour, minute, second, micro, _offset_seconds(match.group("tz")), precision)
        )  # fmt: skip

    if match := _NAMED.match(_named_form(text)):
        month = _MONTHS[(match.group("m1") or match.group("m2")).lower()]
        day = int(match.group("d1") or match.group("d2"))
        maybe_year = int(match.group("y")) if match.group("y") else None
        hour, minute, second, micro, precision = _clock(match)
        offset = _offset_seconds(match.group("tz"))
        return _checked(
            _Parts(maybe_year, month, day, hour, minute, second, micro, offset, precision)
        )
    return None


# --- relative forms ----------------------------------------------------------------------

_UNITS = {
    "s": "seconds", "sec": "seconds", "secs": "seconds", "second": "seconds",
    "seconds": "seconds", "m": "minutes", "min": "minutes", "mins": "minutes",
    "minute": "minutes", "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours",
    "hour": "hours", "hours": "hours", "d": "days", "day": "days", "days": "days",
    "w": "weeks", "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
}  # fmt: skip
_UNIT = "|".join(sorted(_UNITS, key=len, reverse=True))
_AGE_PART = re.compile(rf"\b(\d+|an?|one)\s*({_UNIT})\b", re.IGNORECASE)
_AGE = re.compile(
    rf"^(?:(?:about|around|some)\s+)?(?:(?:\d+|an?|one)\s*(?:{_UNIT})\b[\s,]*(?:and\s+)?)+ago$",
    re.IGNORECASE,
)
_RELATIVE_WORDS = re.compile(
    r"\b(?:ago|yesterday|today|tonight|tomorrow|now|last|next|this|hours?|minutes?|mins?|"
    r"seconds?|secs?|days?|weeks?|months?|years?|monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)\b",
    re.IGNORECASE,
)


def _relative(text: str, now_local: datetime) -> ParsedDate | None:
    lowered = text.lower().strip(" .")
    midnight = now_local.replace(hour=0, minute=0, second=0, microsecond=0)
    if lowered in ("just now", "now", "moments ago", "a moment ago", "a few seconds ago"):
        return ParsedDate(now_local.replace(second=0, microsecond=0), MINUTE)
    if lowered == "today":
        return ParsedDate(_local_midnight(midnight.date(), now_local.tzinfo), DAY)
    if lowered == "yesterday":
        return ParsedDate(
            _local_midnight(midnight.date() - timedelta(days=1), now_local.tzinfo), DAY
        )
    if not _AGE.match(lowered):
        return None
    delta: dict[str, float] = {}
    for amount, unit in _AGE_PART.findall(lowered):
        count = 1 if amount in ("a", "an", "one") else int(amount)
        key = _UNITS[unit.lower()]
        delta[key] = delta.get(key, 0) + count
    try:
        value = now_local - timedelta(**delta)
    except OverflowError:
        return None
    if "seconds" in delta:
        return ParsedDate(value.replace(microsecond=0), SECOND)
    if "minutes" in delta or "hours" in delta:
        return ParsedDate(value.replace(second=0, microsecond=0), MINUTE)
    return ParsedDate(_local_midnight(value.date(), now_local.tzinfo), DAY)


# --- dateparser fallback -----------------------------------------------------------------

_OWN_OFFSET = re.compile(r"(?:\b(?:GMT|UTC|UT)\b|[+-]\d{2}:?\d{2}\s*$|\dZ\s*$)", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_HAS_SECONDS = re.compile(r"\d{1,2}:\d{2}:\d{2}")
_DATEPARSER_MAX_LEN = 120


def _run_dateparser(
    text: str, tz: str, day_first: bool | None, base: datetime | None
) -> tuple[datetime, str] | None:
    from dateparser.date import DateDataParser  # imported late: loading it is slow

    settings: dict[str, Any] = {
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_DATES_FROM": "past",
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    if day_first is not None:
        settings["DATE_ORDER"] = "DMY" if day_first else "MDY"
    own_offset = bool(_OWN_OFFSET.search(text))
    if not own_offset:
        settings["TIMEZONE"] = tz
    if base is not None:
        settings["RELATIVE_BASE"] = base
    languages = ["ar", "en"] if re.search("[\u0600-\u06ff]", text) else ["en"]
    try:
        data = DateDataParser(languages=languages, settings=settings).get_date_data(text)
    except Exception:  # third-party parser: any failure just means "not a date"
        logger.debug("dateparser failed on %r", text, exc_info=True)
        return None
    if data is None or data.date_obj is None or data.period == "year":
        return None
    value = data.date_obj
    has_time = bool(_HAS_TIME.search(text)) or (
        base is not None and re.search(r"\b(?:hours?|hrs?|minutes?|mins?)\b", text, re.I)
    )
    precision = SECOND if _HAS_SECONDS.search(text) else MINUTE
    if own_offset and value.tzinfo is not None:
        return value, precision
    # Re-attach the zone with zoneinfo so historic offsets come from the tz database.
    wall = value.replace(tzinfo=None)
    if not has_time:
        return _local_midnight(wall.date(), _zone(tz)), DAY
    return wall.replace(tzinfo=_zone(tz), microsecond=0), precision


@lru_cache(maxsize=4096)
def _dateparser_absolute(text: str, tz: str, day_first: bool | None) -> tuple[datetime, str] | None:
    return _run_dateparser(text, tz, day_first, None)


# --- assembling the result ---------------------------------------------------------------


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    if name.upper() in ("UTC", "Z", "GMT"):
        return UTC
    return ZoneInfo(name)


def _local_midnight(day: date, zone: tzinfo | None) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zone or UTC)


def _resolve_year(parts: _Parts, reference: date, hinted: bool) -> int | None:
    """Pick the year of a year-less date: nearest the hint, or the latest one not in the future."""
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(date(year, parts.month, parts.day))
        except ValueError:
            continue
    if not candidates:
        return None
    if hinted:
        return min(candidates, key=lambda d: abs((d - reference).days)).year
    past = [d for d in candidates if d <= reference + timedelta(days=1)]
    return max(past).year if past else None


def _assemble(parts: _Parts, zone: tzinfo, reference: date, hinted: bool) -> ParsedDate | None:
    year = parts.year if parts.year is not None else _resolve_year(parts, reference, hinted)
    if year is None:
        return None
    if parts.offset is not None:
        own = timezone(timedelta(seconds=parts.offset))
        value = datetime(year, parts.month, parts.day, parts.hour, parts.minute, parts.second,
                         parts.microsecond, tzinfo=own)  # fmt: skip
        if parts.instant:
            value = value.astimezone(zone)
        return ParsedDate(value, parts.precision)
    value = datetime(year, parts.month, parts.day, parts.hour, parts.minute, parts.second,
                     parts.microsecond, tzinfo=zone)  # fmt: skip
    return ParsedDate(value, parts.precision)


def explain_date(
    raw: str | None,
    *,
    tz: str = "UTC",
    day_first: bool | None = None,
    now: datetime | None = None,
    year_hint: date | None = None,
) -> tuple[ParsedDate | None, str]:
    """Parse ``raw`` like :func:`parse_date` and say why: ok, empty, unparsed, future, too_old.

    ``tz`` is the site's IANA zone (an unknown name raises ZoneInfoNotFoundError: it is
    configuration, not page input). ``day_first`` settles ``05/03/2024``; None guesses.
    ``now`` anchors relative forms and the future guard (default: the current time).
    ``year_hint`` (usually the publication date) gives year-less wire dates their year.
    """
    if not isinstance(raw, str) or not raw.strip():
        return None, "empty"
    zone = _zone(tz)
    if now is None:
        now = datetime.now(UTC)
    elif now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    now_local = now.astimezone(zone)
    if isinstance(year_hint, datetime):
        year_hint = year_hint.date()
    reference = year_hint if isinstance(year_hint, date) else now_local.date()

    try:
        parsed = _parse(raw, tz, zone, day_first, now_local, reference, year_hint is not None)
    except (ValueError, OverflowError, OSError):
        parsed = None
    if parsed is None:
        return None, "unparsed"
    if parsed.value > now + FUTURE_SLACK:
        return None, "future"
    if parsed.value < MIN_DATE:
        return None, "too_old"
    return parsed, "ok"


def _parse(
    raw: str,
    tz: str,
    zone: tzinfo,
    day_first: bool | None,
    now_local: datetime,
    reference: date,
    hinted: bool,
) -> ParsedDate | None:
    """The date ``raw`` prints, or None; an impossible one raises (the caller says "unparsed")."""
    text = _prepare(raw)
    if not text:
        return None
    parts = _exact_parts(text, day_first)
    if parts is not None:  # an exact form decides: no fallback reads it another way
        return _assemble(parts, zone, reference, hinted)
    parsed = _relative(text, now_local)
    if parsed is not None or len(text) > _DATEPARSER_MAX_LEN:
        return parsed
    if _BARE_WEEKDAY.fullmatch(text):
        return None  # a bare weekday names no particular week
    if _RELATIVE_WORDS.search(text):
        result = _run_dateparser(text, tz, day_first, now_local.replace(tzinfo=None))
    elif re.search(r"\d", text):
        result = _dateparser_absolute(text, tz, day_first)
    else:
        return None
    return ParsedDate(*result) if result is not None else None


def parse_date(
    raw: str | None,
    *,
    tz: str = "UTC",
    day_first: bool | None = None,
    now: datetime | None = None,
    year_hint: date | None = None,
) -> ParsedDate | None:
    """Parse a printed date into an aware datetime with its precision, or None.

    Strings with their own offset keep it; others are read as wall time in ``tz``. A date
    without a time becomes local midnight with precision ``day``, so its calendar day never
    moves. Dates more than a day after ``now`` or before 1990 are rejected.
    """
    return explain_date(raw, tz=tz, day_first=day_first, now=now, year_hint=year_hint)[0]


# Languages whose writers put the month first in a numeric date (en-US, and its neighbours'
# English); every other locale writes the day first.
_MONTH_FIRST_LOCALES = frozenset({"en-us", "en-ph", "en-ca", "en-fm", "en-mh", "en-pw"})
_ANY_NUMERIC = re.compile(r"(?<!\d)(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?:\d{4}|\d{2})(?!\d)")
_URL_YMD = re.compile(
    r"/((?:19|20)\d{2})[/_-]?(0?[1-9]|1[0-2])[/_-]?(0?[1-9]|[12]\d|3[01])(?:/|[^\d]|$)"
)


def guess_day_first(
    raw: str | None, language: str | None, url: str | None, *, printed: bool = True
) -> bool | None:
    """Whether ``05/03/2024`` on this page means 5 March, from what the page tells.

    A date in the URL settles it when it matches one reading of the date; else, for a date
    printed for readers (``printed``), the page's language: US English (and a few neighbours)
    writes the month first, every other locale the day first, and plain ``en`` says nothing
    (None: the parser's own default). Metadata is written by software, often month first
    whatever the page's language, so the language is no evidence there.
    """
    if not raw:
        return None
    numeric = _ANY_NUMERIC.search(raw)
    if numeric is None:
        return None
    a, b = int(numeric.group("a")), int(numeric.group("b"))
    in_url = _URL_YMD.search(url or "")
    if in_url:
        month, day = int(in_url.group(2)), int(in_url.group(3))
        if (a, b) == (day, month) and a != b:
            return True
        if (a, b) == (month, day) and a != b:
            return False
    locale = (language or "").strip().replace("_", "-").casefold()
    if not printed or not locale or locale == "en":
        return None
    return locale not in _MONTH_FIRST_LOCALES
