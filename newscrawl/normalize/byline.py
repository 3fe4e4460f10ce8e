"""Bylines: split a printed credit into people, wire agencies and newsroom desks."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from newscrawl.normalize.agencies import (
    canonical_agency,
    desk_name,
    is_editorial_desk,
    is_generic_staff,
)
from newscrawl.normalize.body import clean_text


@dataclass
class Byline:
    """What a byline credits, sorted by kind of credit."""

    authors: list[str] = field(default_factory=list)
    """People only, display-cased, in byline order, without duplicates."""
    agencies: list[str] = field(default_factory=list)
    """Canonical wire agency names ("AP", "Reuters")."""
    desks: list[str] = field(default_factory=list)
    """Desks, outlets and collectives ("JT", "Editorial", "MEE staff", "Agencies")."""
    roles: list[str] = field(default_factory=list)
    """Job titles removed from names ("Religion Editor", "AP Business Writer")."""
    places: list[str] = field(default_factory=list)
    """Places removed from names ("Thaer Abbas (Beirut)" -> "Beirut")."""
    kind: str = "none"
    """``person``, ``agency``, ``staff``, ``editorial``, ``mixed`` or ``none``."""
    date_text: str | None = None
    """A date run into the byline, as printed ("06.04.2020", "January 22, 2017 8:04 am")."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --- patterns ------------------------------------------------------------------------------

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_CLOCK = r"(?:\s*,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?\s?[Mm]\.?)?)?"
_DATE_IN_BYLINE = re.compile(
    rf"\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\s*,\s*\d{{4}}{_CLOCK}"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}{_CLOCK}"
    rf"|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{4}}{_CLOCK}"
    r"|\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?\S*)?"
    rf"|\bon\s+(?P<noyear>{_MONTH}\.?\s+\d{{1,2}})\b"
    r"|\b(?:\d+|an?)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago\b"
)
_JUNK_SPANS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|(?:https?://|www\.)\S+"  # URLs
    r"|(?<![\w@])@\w+"  # social handles
    r"|\b(?:e-?mail|contact)\s+(?:the\s+)?(?:author|writer|reporter)\b"
    r"|\bfollow\s+(?:(?:him|her|them|the\s+author|@?\w+)\s+)?on\s+(?:twitter|x|facebook|instagram|linkedin)\b"
    r"|\b(?:view|see)\s+(?:author\s+)?profile\b|\bmore\s+(?:by|from)\s+(?:this\s+)?author\b"
    r"|\bmore\s+(?:stories|articles|posts|news)\s+(?:by|from)\b.*"
    r"|\b(?:twitter|facebook|instagram|linkedin)\s*:",
    re.IGNORECASE,
)
_LEAD_IN = re.compile(
    r"^(?P<verb>(?:additional\s+)?(?:reporting|writing|written|words|story|text|compiled|"
    r"interviews?|research|editing|edited|photos?|photography|translat(?:ed|ion)|"
    r"graphics|video|produced|illustrations?|"
    r"reported|posted|published)\s+by|by"
    # the same labels in the other languages of the corpus and the region
    r"|(?:(?:geschrieben|verfasst|erstellt|eingestellt|ver[öo]ffentlicht|gepostet|"
    r"(?:ein\s+)?(?:gast)?(?:artikel|beitrag|bericht|text))\s+)?von(?!\s+(?:der|dem|den|des|zu|und)\b)"
    r"|(?:publi[ée]e?|[ée]crite?|r[ée]dig[ée]e?|post[ée]e?|(?:propos\s+)?recueilli[es]{0,2})\s+par|par"
    r"|(?:publicad[oa]|escrit[oa]|redactad[oa])\s+por|por"
    r"|(?:scritto|pubblicato)\s+da|a\s+cura\s+di|(?-i:di)(?=\s+\S+\s+\S)"
    r"|(?:geschreven\s+)?door|(?-i:[Aa][vf])(?=\s+[A-ZÆØÅ])|przez"
    # labels ending in a colon: author, text, and the not-author credits below
    r"|(?:autor(?:in|en|a|es|e|i)?|authors?|auteurs?|verfasser(?:in)?|writer|yazar|"
    r"автор|текст|(?:text|texto|texte|tekst|teksti|testo|words)"
    r"(?:\s*(?:&|,|und|and|y|et|e)\s*(?:fotos?|photos?|bilder|interviews?))*)(?=\s*[:：])"
    r"|(?:fotos?|photos?|bilder?|fotograf[íi]as?|im[áa]genes|grafiken?|illustrations?|"
    r"kamera|schnitt|video|redigiert|editing)(?=\s*[:：])"
    r"|(?:[üu]bersetzt\s+von|[üu]bersetzung|traduit\s+par|traducido\s+por|tradotto\s+da|"
    r"traducci[óo]n|traduction|traduzione))\b\s*[:：]?\s*",
    re.IGNORECASE,
)
_NOT_AUTHOR_VERBS = re.compile(
    r"^(?:editing|edited|photos?|photography|translat|graphics|video|produced|illustration|"
    r"fotos?\b|bild|fotograf|im[áa]gen|grafik|kamera|schnitt|redigiert|[üu]bersetz|traduc|tradu)",
    re.IGNORECASE,
)
_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\s[-–—]+\s|/|;|\|)\s*", re.IGNORECASE)
# "and" in other languages, lowercase only. It joins two names only when both sides are full
# names: "Monika Bolliger und Anna Trechsel", not "Kirche und Leben"; Spanish "y" and
# Portuguese "e" also join double surnames ("José Volta e Pinto"), which the same rule keeps
# whole: a one-word side is a surname, not a person.
_FOREIGN_AND = re.compile(r"\s(?:und|et|og|och|oraz|ve|és|y|e|i)\s")
_BRACKET = re.compile(r"\s*\((?P<inner>[^()]*)\)\s*")
_FOR_OUTLET = re.compile(r"^(?P<name>.+?)\s+(?:for|via)\s+(?P<outlet>(?:the\s+)?[A-Z].*)$")
_IN_PLACE = re.compile(
    r"^(?P<name>.+?)\s+in\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$"
)
_ROLE_WORDS = re.compile(
    r"\b(?:editor|editors|writer|correspondent|reporter|columnist|contributor|"
    r"contributing|journalist|producer|analyst|photographer|photojournalist|chief|director|"
    r"professor|lecturer|researcher|fellow|economist|commentator|anchor|presenter|intern|"
    r"bureau|head|manager|president|chairman|ambassador|minister|author|founder|"
    r"specialist|expert|consultant|staff|special\s+to|"
    # job titles in German (compounds too: "Projektleiterin", "Wirtschaftsredakteur"),
    # French, Spanish and Italian
    r"\w{3,}(?:leiter|sprecher)(?:in|innen)?|(?:leiter|sprecher)(?:in|innen)|"
    r"\w*(?:redakteur|korrespondent|journalist|volontär|referent|moderator|herausgeber|"
    r"mitarbeiter|reporter)(?:in|innen|en|e)?|(?:gast|chef|fach)?autor(?:in|innen|en)?|"
    r"journaliste|r[ée]dact(?:eur|rice)|correspondante?|envoy[ée]e?\s+sp[ée]ciale?|"
    r"chroniqueu(?:r|se)|[ée]ditorialiste|periodista|redactora?|corresponsal|"
    r"enviad[oa]\s+especial|columnista|giornalista|inviat[oa]|corrispondente|redattore|"
    r"caporedattore)\b",
    re.IGNORECASE,
)
# A job title printed right after a name without a comma ("Nicole Beispiel Redakteurin").
_TRAILING_ROLE = re.compile(
    r"\s+(?P<role>(?:(?:chef|fach|online|sport|wirtschafts|politik)?redakteur(?:in)?|"
    r"(?:chef)?reporter(?:in)?|korrespondent(?:in)?|autor(?:in)?|volontär(?:in)?|"
    r"journalist(?:in|e)?|(?:senior |staff |contributing |chief )?"
    r"(?:editor|writer|correspondent|reporter)))$",
    re.IGNORECASE,
)
# Korean, Chinese and Japanese print the job title right after the name ("신현주 기자").
_CJK_ROLE = re.compile(r"^(?P<name>.+?)\s*(?P<role>기자|특파원|논설위원|记者|記者|特派员|特派員)$")
# Academic degrees and post-nominals printed after a comma ("Grant Tinsley, PhD").
_DEGREE = re.compile(
    r"^(?:ph\.?\s?d|m\.?d|d\.?o|mba|m\.?sc|b\.?sc|m\.?a|b\.?a|m\.?s|rdn?|mph|rn|cpt|"
    r"cscs|esq|dipl\.?(?:-\w+)?|mag|dr)\.?$",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"^(?:jr|sr|junior|senior)\.?$", re.IGNORECASE)
_RED = re.compile(r"red\.?")
_KANA_OR_HAN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# A user handle ("freeman1984", "christian.stadtfeld") or a newsroom's initials ("det", "kesm"):
# a credit only when nothing else on the byline names anyone.
_HANDLE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[._-][A-Za-z0-9]+)*$")
_INITIALS = re.compile(r"^[a-zäöüß]{2,5}$")
_OUTLET_IN_HANDLE = re.compile(r"news|tv|radio|press|media|zeitung|online|magazin", re.IGNORECASE)
# Short lowercase words that are not initials ("von nach Datum ..." is a timetable form).
_NOT_INITIALS = frozenset({
    "the", "and", "for", "from", "with", "into", "nach", "und", "oder", "mit", "für", "vor",
    "bei", "aus", "auf", "der", "die", "das", "den", "dem", "des", "ein", "eine", "les", "une",
    "pour", "avec", "por", "con", "los", "las", "del", "para", "per", "che", "non",
})  # fmt: skip
_JUNK_PIECES = re.compile(
    r"^(?:by|and|author|authors|admin|administrator|guest|unknown|anonymous|none|null|n/?a|"
    r"von|vom|par|por|di|door|av|af|przez|autor|autorin|auteur|autore|"
    # the same placeholders in other languages, and weekdays read as names
    r"anonym[eo]?|an[óo]nim[oa]|inconnu|desconocid[oa]|unbekannt|sconosciut[oa]|nieznany|"
    r"administrador|administrateur|amministratore|webmaster|gast|invit[ée]|undefined|"
    r"no\s+author|autor\s+unbekannt|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|montag|dienstag|mittwoch|"
    r"donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo|"
    r"updated|published|posted|share|print|email|e-mail|twitter|facebook|more|read\s+more|"
    r"last\s+updated(?:\s+at)?|(?:\d+|an?|few)?\s*(?:seconds?|minutes?|mins?|hours?|days?)\s+ago)$",
    re.IGNORECASE,
)
_EDGE = " \t,;:|-–—.·•"
_PARTICLES = {"bin", "bint", "ibn", "de", "da", "del", "della", "der", "den", "di", "du", "van", "von", "la", "le"}  # fmt: skip
_ROMAN = {"ii", "iii", "iv", "vi", "vii", "viii"}
# Lowercase words a name may contain; any other lowercase word makes a phrase, not a name.
_LOWER_IN_NAMES = _PARTICLES | {
    "dos", "das", "do", "des", "ter", "ten", "te", "zu", "zum", "zur", "y", "e", "i", "af",
    "av", "ap", "al", "el", "abu", "ben", "vom", "degli", "dei", "delle", "st", "st.",
}  # fmt: skip
_LOWER_PREFIX = re.compile(r"^(?:[dl]['’]|(?:al|el|ad|an|ar|as|ash|at|az|ud|ul|bin|ibn|abu|bint)-)")


# --- name casing ---------------------------------------------------------------------------


def _case_part(part: str, first: bool) -> str:
    lowered = part.lower()
    if not lowered:
        return part
    if lowered in _ROMAN:
        return part.upper()
    if not first and lowered in _PARTICLES:
        return lowered
    if "." in part or (len(part) <= 3 and not re.search(r"[aeiouy]", lowered)):
        return part.upper()  # initials: "J.", "J.R.", "SM"
    if lowered.startswith("mc") and len(lowered) > 3:
        return "Mc" + lowered[2].upper() + lowered[3:]
    return lowered[0].upper() + lowered[1:]


def display_name(name: str) -> str:
    """Proper-case a name printed in capitals; leave names already in mixed case alone.

    "ELAINE KURTENBACH" -> "Elaine Kurtenbach", "BASHAR AL-ASSAD" -> "Bashar al-Assad",
    "MOHAMMED BIN SALMAN" -> "Mohammed bin Salman", "RONALD MCDONALD" -> "Ronald McDonald".
    """
    name = " ".join(name.split())
    letters = [ch for ch in name if ch.isalpha()]
    if not letters or (any(ch.isupper() for ch in letters) and any(ch.islower() for ch in letters)):
        return name
    words = []
    for index, word in enumerate(name.split(" ")):
        pieces = re.split(r"([-'’])", word)
        out = []
        for position, piece in enumerate(pieces):
            if piece in ("-", "'", "’"):
                out.append(piece)
                continue
            lowered = piece.lower()
            joined_article = (
                lowered in ("al", "el")
                and position + 1 < len(pieces)
                and pieces[position + 1] == "-"
            )
            if joined_article and (index > 0 or position > 0):
                out.append(lowered)  # "al-Assad" inside a name
            else:
                out.append(_case_part(piece, first=index == 0 and position == 0))
        words.append("".join(out))
    return " ".join(words)


# --- classification ------------------------------------------------------------------------


class _Credits:
    """Collects the pieces of one byline (or one list of author names) in order."""

    def __init__(self, site_desks: Iterable[str], list_mode: bool) -> None:
        self.site_desks = tuple(site_desks or ())
        self.list_mode = list_mode
        self.authors: list[str] = []
        self.agencies: list[str] = []
        self.desks: list[str] = []
        self.roles: list[str] = []
        self.places: list[str] = []
        self.date_text: str | None = None
        self.handles: list[str] = []
        self.last_was_person = False

    @staticmethod
    def _add(bucket: list[str], value: str) -> None:
        if value and value.casefold() not in (v.casefold() for v in bucket):
            bucket.append(value)

    def agency(self, name: str) -> None:
        self._add(self.agencies, name)
        self.last_was_person = False

    def desk(self, name: str) -> None:
        self._add(self.desks, name)
        self.last_was_person = False

    def role(self, text: str) -> None:
        self._add(self.roles, text)
        for agency in _agencies_within(text):
            self._add(self.agencies, agency)

    def person(self, name: str) -> None:
        self._add(self.authors, name)
        self.last_was_person = True

    def handle(self, name: str) -> None:
        self._add(self.handles, name)
        self.last_was_person = False

    def build(self) -> Byline:
        if not (self.authors or self.agencies or self.desks):
            # "von freeman1984": a login or initials are the credit when nothing else is
            self.authors = list(self.handles)
        if self.authors:
            kind = "mixed" if (self.agencies or self.desks) else "person"
        elif self.agencies:
            kind = "mixed" if self.desks else "agency"
        elif self.desks:
            kind = "editorial" if all(is_editorial_desk(d) for d in self.desks) else "staff"
        elif any(is_generic_staff(r) for r in self.roles):
            kind = "staff"
        else:
            kind = "none"
        return Byline(
            self.authors, self.agencies, self.desks, self.roles, self.places, kind, self.date_text
        )


def _agencies_within(text: str) -> list[str]:
    """Agencies named inside a longer phrase ("AP Business Writer" -> AP)."""
    words = text.split()
    found: list[str] = []
    for size in (4, 3, 2, 1):
        for start in range(len(words) - size + 1):
            chunk = " ".join(words[start : start + size])
            if not chunk[:1].isupper():
                continue
            name = canonical_agency(chunk)
            if name and name not in found and (size > 1 or chunk.isupper() or chunk == name):
                found.append(name)
    return found


_DANGLING = re.compile(
    r"(?:\s+(?:on|at|am|um|le|el|il|em|op|den|the|(?:mon|tues|wednes|thurs|fri|satur|sun)day,))+\s*$",
    re.IGNORECASE,
)


def _cut_date(text: str) -> tuple[str, str | None]:
    match = _DATE_IN_BYLINE.search(text)
    if not match:
        return text, None
    date_text = match.group("noyear") or match.group()
    # "Von R. R. am 07.08.2013": the word that introduced the date goes with it
    return _DANGLING.sub("", text[: match.start()]), date_text.strip(" ,")


def _looks_like_name(piece: str) -> bool:
    if re.search(r"\d", piece) or not re.search(r"[^\W\d_]", piece):
        return False
    words = piece.split()
    if len(words) > 7:
        return False
    if any(ch in piece for ch in '?!:;=<>{}[]"“”'):
        return False
    # a run of Chinese or Japanese characters longer than a name is a headline
    if len(piece) > 8 and " " not in piece and _KANA_OR_HAN.search(piece):
        return False
    # "der linearen zur zirkulären Wirtschaftsweise": lowercase words beside capitalised
    # ones make a phrase (names printed all in lowercase are still names)
    # ("Mobasir hassan": a surname typed in lowercase is still a name)
    if any(w[:1].isupper() for w in words):
        phrase = [
            index
            for index, word in enumerate(words)
            if word[:1].islower()
            and len(word) >= 3
            and word.lower() not in _LOWER_IN_NAMES
            and not _LOWER_PREFIX.match(word)
        ]
        if len(phrase) > 1 or (phrase and phrase[0] != len(words) - 1):
            return False
    return True


def _is_handle(piece: str) -> bool:
    """A login or a newsroom's initials rather than a printed name."""
    if " " in piece or len(piece) > 40:
        return False
    if _INITIALS.match(piece):
        return piece not in _NOT_INITIALS
    if not _HANDLE.match(piece) or _OUTLET_IN_HANDLE.search(piece):
        return False
    has_digit = any(ch.isdigit() for ch in piece)
    return (has_digit and len(piece) >= 3) or (piece.islower() and bool(re.search(r"[._]", piece)))


def _classify(piece: str, credits: _Credits) -> None:
    """Sort one comma/and-separated piece into the right bucket."""
    piece = _trim(piece)
    if not piece or _JUNK_PIECES.match(piece):
        return
    agency = canonical_agency(piece)
    if agency:
        credits.agency(agency)
        return
    desk = desk_name(piece, credits.site_desks)
    if desk:
        if is_generic_staff(desk) and (credits.last_was_person or credits.list_mode):
            credits.role(piece)  # "Tom Smith, Staff Writer": a title, not a second credit
        else:
            credits.desk(desk)
        return
    if re.fullmatch(r"(?:(?:the\s+)?(?:news|wire)\s+)?agencies", piece, re.IGNORECASE):
        credits.desk("Agencies")
        return
    if _DEGREE.match(piece):
        credits.role(piece)  # "Grant Tinsley, PhD"
        return
    if _SUFFIX.match(piece):
        if credits.last_was_person and credits.authors:
            credits.authors[-1] = f"{credits.authors[-1]} {piece}"  # "John Smith, Jr."
        return
    if _RED.fullmatch(piece):
        credits.desk("Redaktion")  # German newsrooms sign "red" for the desk
        return
    if _is_handle(piece):
        credits.handle(piece)
        return
    if piece.casefold() in _NOT_INITIALS:
        return  # "von nach Datum": a function word read as a name
    cjk = _CJK_ROLE.match(piece)
    if cjk:
        credits._add(credits.roles, cjk.group("role"))
        piece = cjk.group("name")
    # "Name (Place)" or "Name (AFP)"
    for bracket in _BRACKET.finditer(piece):
        inner = bracket.group("inner").strip()
        inner_agency = canonical_agency(inner)
        if inner_agency:
            credits.agency(inner_agency)
        elif inner:
            credits._add(credits.places, inner)
    if "(" in piece or ")" in piece:
        # stray brackets go too, so the second pass cannot come back here
        piece = _trim(_BRACKET.sub(" ", piece).replace("(", " ").replace(")", " "))
        if piece:
            _classify(piece, credits)
        return
    trailing = _TRAILING_ROLE.search(piece)
    if (
        trailing
        and len(piece[: trailing.start()].split()) >= 2
        and _looks_like_name(piece[: trailing.start()])
        and not _agencies_within(piece[: trailing.start()])
    ):
        # "Christoph Hein Chefredakteur": a job title printed after the name, no comma between
        credits.role(trailing.group("role"))
        piece = piece[: trailing.start()]
    if _ROLE_WORDS.search(piece):
        credits.role(piece)
        return
    if (credits.desks or credits.agencies) and _is_place_credit(piece):
        # "Nada Tawfik, BBC News, New York": where the outlet filed from (after a person
        # alone a town name may be a first name: "Ernestas, Albert")
        credits._add(credits.places, piece)
        return
    located = _IN_PLACE.match(piece)
    if located:
        credits._add(credits.places, located.group("place"))
        piece = located.group("name")
    outlet = _FOR_OUTLET.match(piece)
    if outlet:
        outlet_agency = canonical_agency(outlet.group("outlet"))
        if outlet_agency:
            credits.agency(outlet_agency)
        piece = outlet.group("name")
        if outlet_agency and " " not in piece.strip() and "via" in outlet.group(0):
            # "KVELLER via JTA": one word before "via" is a partner outlet, not a person
            credits.desk(desk_name(piece, credits.site_desks) or display_name(piece))
            return
    if not _looks_like_name(piece):
        return
    credits.person(display_name(piece))


def _is_place_credit(piece: str) -> bool:
    from newscrawl.normalize.dateline import place_country

    piece = piece.strip(_EDGE)
    return bool(piece) and len(piece.split()) <= 3 and place_country(piece) is not None


_FINAL_INITIAL = re.compile(r"(?:^|[\s.'’-])(?P<initial>[^\W\d_]|Jr|Sr)$")


def _strip_edges(text: str) -> str:
    """Strip separators from both ends, keeping the period of a final initial ("Joe S.")."""
    text = text.lstrip(_EDGE)
    core = text.rstrip(_EDGE)
    if text[len(core) : len(core) + 1] == ".":
        initial = _FINAL_INITIAL.search(core)
        if initial and initial.group("initial")[0].isupper():
            return core + "."
    return core


def _trim(text: str) -> str:
    """Strip separators, and brackets only when they are left unbalanced."""
    text = _strip_edges(text)
    while text.startswith("(") and ")" not in text:
        text = _strip_edges(text[1:])
    while text.endswith(")") and "(" not in text:
        text = _strip_edges(text[:-1])
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = _strip_edges(text[1:-1])
    return text


_DESK_THEN_PLACE = re.compile(r"^(?P<desk>(?:\S+\s+){1,3}[Rr]eport)\s+(?P<place>[A-Z][A-Z .'/-]+)$")


def _split_foreign_and(piece: str) -> list[str]:
    parts = _FOREIGN_AND.split(piece)
    if len(parts) > 1 and all(len(part.split()) >= 2 for part in parts):
        return parts
    return [piece]


def _parse_segment(segment: str, credits: _Credits, *, printed: bool = False) -> None:
    segment = _trim(segment)
    while True:
        lead = _LEAD_IN.match(segment)
        if not lead:
            break
        if _NOT_AUTHOR_VERBS.match(lead.group("verb")):
            return  # editors, photographers and translators are not the story's authors
        segment = _trim(segment[lead.end() :])
    if printed:
        # a printed line: other opening labels, and whatever follows the names
        segment = _OPENING_LABEL.sub("", segment, count=1)
        if not _NOT_AUTHOR_VERBS.match(segment):
            segment = _COLON_LABEL.sub("", segment, count=1)
        segment = _trim(names_end(segment))
    if not segment:
        return
    # "Saudi Gazette report RIYADH": a desk credit run into a dateline
    merged = _DESK_THEN_PLACE.match(segment)
    if merged and desk_name(merged.group("desk"), credits.site_desks):
        credits.desk(desk_name(merged.group("desk"), credits.site_desks) or "")
        for place in merged.group("place").split("/"):
            credits._add(credits.places, display_name(place.strip()))
        return
    whole_agency = canonical_agency(segment)
    if whole_agency:
        credits.agency(whole_agency)
        return
    if not re.search(r"\band\b|&", segment, re.IGNORECASE):
        whole_desk = desk_name(segment, credits.site_desks)
        if whole_desk and not is_generic_staff(whole_desk):
            credits.desk(whole_desk)
            return
    # "London - Asharq Al-Awsat": a place beside an outlet credit is where it was filed.
    dash_parts = re.split(r"\s+[-–—]+\s+", segment)
    if len(dash_parts) > 1 and any(
        canonical_agency(p) or desk_name(p, credits.site_desks) for p in dash_parts
    ):
        for part in dash_parts:
            if not (
                canonical_agency(part) or desk_name(part, credits.site_desks)
            ) and _is_place_credit(part):
                credits._add(credits.places, part.strip(_EDGE))
                segment = segment.replace(part, " ", 1)
    for piece in _SPLIT.split(segment):
        for part in _split_foreign_and(piece):
            _classify(part, credits)


# -- a printed line: where the credit starts and where it ends --------------------------------

# Labels run into a name by markup without a space ("Fritz BeispielQuelle: ...").
_GLUED_LABEL = re.compile(
    r"(?<=[a-zäöüé])(Quelle|Datum|Source|Date|Foto|Photo|Bild)(?=\s*:)|(?<=[a-zäöüé])(Follow)\b"
)
# A credit label after other text ("29. Juni 2017, 23:39 · von Tobi", "Posted on May 3 by Ann").
_LATE_LABEL = re.compile(
    r"(?:^|(?P<before>[\s·|•»,]))(?:von|by|par|por|posted\s+by|written\s+by|door|av|"
    r"autor(?:in)?:|author:|auteur\s*:)\s*(?=\S)",
    re.IGNORECASE,
)
# Words that may stand right before a late "von" and still be a label, not a first name.
_LABEL_BEFORE_VON = re.compile(
    r"(?:beitrag|artikel|text|bericht|eingestellt|erstellt|ver[öo]ffentlicht|geschrieben|"
    r"verfasst|gepostet|pressemitteilung|interview|fotos?|kommentar)$",
    re.IGNORECASE,
)
# Labels that open a printed line but that ``_LEAD_IN`` does not know: "Autoren", "Interview:",
# "Post author By", and any other short word ending in a colon ("Reporter:", "责任编辑：").
_OPENING_LABEL = re.compile(
    r"^(?:post\s+author\s+|autor(?:in|en)?(?:\s*/\s*autor(?:in|en)?)\s+|autoren\s+|"
    r"auteur\s+(?=[A-ZÀ-Ý])|autor\s+(?=[A-ZÄÖÜ])|durch\s+(?=[A-Z]))",
    re.IGNORECASE,
)
_COLON_LABEL = re.compile(r"^[^:：\d,]{1,14}[:：]\s*(?=\S)")
# Where the names end: a date or time, a "published" label, social links, a role run on.
_NAMES_END = re.compile(
    r"\s(?:am|on|le|el|il|em|op|den|um|at)\s+\d|\s(?:am|um|on)(?:\s+\S|\s*$)|,\s*in\b|"
    r"\s+(?:under|unter)(?:\s|$)|"
    r"\s+(?:illustrations?|fotos?|photos?|bilder?|grafiken?|video)\s+(?:von|by|de|par)\b|"
    r"(?<=[a-zäöüé])(?:Quelle|Datum|Source|Date|Foto|Photo|Bild)\b|\s+\d{1,2}[./]\d{1,2}[./]\d{2,4}|"
    r"\s+\d{1,2}\.?\s+(?:jan|feb|mär|mar|apr|mai|may|jun|jul|aug|sep|okt|oct|nov|dez|dec)|"
    r"\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|"
    r"\s\d{4}-\d{2}-\d{2}|(?<=[^\W\d])\d{1,2}[./]\d{1,2}[./]\d{2,4}|\s\d{1,2}:\d{2}|"
    # share buttons ("Ismail" keeps its "mail": only a separate or glued-on capitalised word)
    r"\s+(?:facebook|twitter|instagram|linkedin|whatsapp|flipboard|e-?mail|mail)\b|"
    r"(?<=[a-zäöüé])(?:Facebook|Twitter|Instagram|LinkedIn|Whatsapp|Flipboard|E-?[Mm]ail)\b|"
    r"\s+follow\b|"
    r"\s+[^\W\d_]+\s*:\s|"
    r"^in\s|(?:^|\s+)(?:stand|aktualisiert|updated|published|publicado|publié|veröffentlicht|publiziert|"
    r"hace|vor|il y a|mis à jour|übersetzt|translated|date|datum|tiempo)\b|"
    # a weekday opening the date ("Alex Bozarjian Thursday, November 9, 2023")
    r"\s+(?:mon|tues|wednes|thurs|fri|satur|sun)day\b(?=,|\s+\d|\s+[a-z]+\s+\d)|"
    r"\s+(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|lundi|mardi|mercredi|"
    r"jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
    r"\b(?=,|\s+\d|\s+den\s)|"
    r"(?<=[a-z])(?:vor|hace)\s+\d",
    re.IGNORECASE,
)
_SEGMENT = re.compile(r"\s*[;\n·•»]\s*|\s+\|\s+|\|")


def _credit_start(text: str) -> str:
    """The line from its credit label on, when a date or a tag list is printed before it."""
    for label in _LATE_LABEL.finditer(text):
        if label.start() == 0:
            return text
        before = text[: label.start()].rstrip(" ·|•»,")
        word = before.split()[-1] if before.split() else ""
        late_von = label.group(0).strip().casefold() == "von"
        # "Walter von Aachen", "Ursula von der Leyen": a particle inside a name
        if late_von and word[:1].isupper() and not _LABEL_BEFORE_VON.search(word):
            continue
        return text[label.start() :].lstrip(" ·|•»,")
    return text


def names_end(segment: str) -> str:
    """A printed segment cut where its names end (a date, "Published", share buttons)."""
    end = _NAMES_END.search(segment)
    return segment[: end.start()] if end else segment


_MAX_BYLINE = 400
"""Longer text is not a byline; cutting it keeps the regular expressions linear."""


def _prepare(raw: str) -> tuple[str, str | None]:
    text = clean_text(raw[: _MAX_BYLINE * 2])[:_MAX_BYLINE]
    text = _JUNK_SPANS.sub(" ", text)
    text, date_text = _cut_date(text)
    return _strip_edges(" ".join(text.split())), date_text


def normalize_byline(raw: str | None, *, site_desks: Iterable[str] = ()) -> Byline:
    """Split a printed byline into authors, agencies, desks, roles, places and a date.

    Handles "By A, B and C", "By ELAINE KURTENBACH, AP Business Writer", "Name - Reuters",
    "Reuters/Name", "Thaer Abbas (Beirut)", "Bassel Barakat | 06.04.2020", desk credits
    ("By JT", "MEE staff") and whole JT lines ("By X - Feb 22,2014 - Last updated at ...").
    """
    credits = _Credits(site_desks, list_mode=False)
    if not isinstance(raw, str):
        return credits.build()
    try:
        text = clean_text(raw[: _MAX_BYLINE * 2])[:_MAX_BYLINE]
        if text.endswith((":", "：")):
            return credits.build()  # a label or a heading ("By the numbers:"), no credit yet
        text = _credit_start(_GLUED_LABEL.sub(lambda m: " " + m.group(0), text))
        text, credits.date_text = _prepare(text)
        for segment in _SEGMENT.split(text):
            _parse_segment(segment, credits, printed=True)
    except Exception:  # a byline is optional: junk input yields an empty credit
        return Byline(date_text=credits.date_text)
    return credits.build()


def normalize_author_names(names: Iterable[str], *, site_desks: Iterable[str] = ()) -> Byline:
    """Classify author names from structured data (JSON-LD, meta tags, DOM spans).

    Each entry is one credit; URLs, "Email the author", relative times, bare "By" and
    role-only entries such as "Staff Writer" never become authors (roles keep the latter).
    """
    credits = _Credits(site_desks, list_mode=True)
    try:
        for name in names or ():
            if not isinstance(name, str):
                continue
            text, date_text = _prepare(name)
            credits.date_text = credits.date_text or date_text
            _parse_segment(text, credits)
            credits.last_was_person = False
    except Exception:  # structured data can hold anything: keep what was classified
        pass
    return credits.build()
