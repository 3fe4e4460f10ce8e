"""Arabic-language rules: bylines, datelines, dates, body furniture and search folding.

The English normalizers (``byline``, ``dateline``, ``dates``, ``body``) hand text written in
Arabic script to the functions here and return the same values and keys as for English:
people as printed, agencies by their canonical names (``بترا`` -> ``Petra``), places by
their gazetteer names (``عمان`` -> ``Amman``) with ISO countries, and dates rewritten into a
form the English date parser reads. Tables first, then one section per normalizer. The
conventions come from press practice in Jordan, Egypt, the Levant and the Gulf; none of it
was checked against live pages (see docs/arabic.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

# The caller's lookup of Latin-script agency names ("Reuters" in an Arabic byline): this module
# imports nothing from the English normalizers, they hand it over.
LatinAgency = Callable[[str], "str | None"]


def _no_latin_agency(text: str) -> str | None:
    return None


# --- script and folding --------------------------------------------------------------------

_ARABIC_LETTER = re.compile("[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]")
# Harakat (fathatan ... sukun), superscript alef and the tatweel (kashida).
HARAKAT = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
TATWEEL = "\u0640"
# Direction controls: marks (LRM, RLM, ALM), embeddings and overrides, isolates.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# What search folds: every alef with hamza or madda to bare alef, alef maqsura to ya.
LETTER_FOLDS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
_FOLD = str.maketrans({**LETTER_FOLDS, **dict.fromkeys(HARAKAT + TATWEEL, "")})
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_STRIP_BIDI = dict.fromkeys(map(ord, BIDI_CONTROLS))


def has_arabic(text: str | None) -> bool:
    """Whether ``text`` contains Arabic letters (a cheap test: callers route on it)."""
    return isinstance(text, str) and not text.isascii() and bool(_ARABIC_LETTER.search(text))


def mostly_arabic(text: str | None) -> bool:
    """Whether Arabic letters outnumber Latin ones (a byline, not an English one quoting Arabic)."""
    if not has_arabic(text):
        return False
    assert text is not None
    arabic = len(_ARABIC_LETTER.findall(text))
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return arabic > latin


def starts_arabic(text: str) -> bool:
    """Whether the first letter of ``text`` (after spaces, marks and brackets) is Arabic."""
    for ch in text[:40]:
        if ch.isalpha():
            return bool(_ARABIC_LETTER.match(ch))
    return False


def fold(text: str) -> str:
    """Fold Arabic for matching: hamza/madda alefs to ا, ى to ي, harakat and tatweel removed."""
    return text.translate(_FOLD)


def strip_bidi(text: str) -> str:
    """Remove direction control characters (they carry no text)."""
    return text.translate(_STRIP_BIDI)


def _key(text: str) -> str:
    """Lookup key: folded, digits as ASCII, separators and brackets trimmed, spaces single."""
    text = fold(strip_bidi(text)).translate(_DIGITS)
    return " ".join(text.replace("ـ", "").split()).strip(" .,،:؛;-–—()[]\"'«»")


# --- wire agencies -------------------------------------------------------------------------

# Canonical name (as ``normalize.agencies`` spells it) -> Arabic spellings. Keys are folded.
ARABIC_AGENCIES: dict[str, tuple[str, ...]] = {
    "Petra": ("بترا", "وكالة الأنباء الأردنية", "وكالة الانباء الاردنية بترا", "بترا الأردنية"),
    "Reuters": ("رويترز", "وكالة رويترز"),
    "AFP": ("فرانس برس", "فرانس برس", "أ ف ب", "ا ف ب", "أ.ف.ب", "ا.ف.ب", "أف ب",
            "وكالة فرانس برس", "الفرنسية", "وكالة الصحافة الفرنسية"),
    "AP": ("أسوشيتد برس", "اسوشيتد برس", "أسوشييتد برس", "أ ب", "ا ب", "أ.ب"),
    "MENA": ("أ ش أ", "ا ش ا", "أ.ش.أ", "وكالة أنباء الشرق الأوسط"),
    "SPA": ("واس", "وكالة الأنباء السعودية"),
    "WAM": ("وام", "وكالة أنباء الإمارات"),
    "QNA": ("قنا", "وكالة الأنباء القطرية"),
    "KUNA": ("كونا", "وكالة الأنباء الكويتية"),
    "BNA": ("بنا", "وكالة أنباء البحرين"),
    "ONA": ("العمانية", "وكالة الأنباء العمانية"),
    "SANA": ("سانا", "الوكالة العربية السورية للأنباء"),
    "Anadolu": ("الأناضول", "وكالة الأناضول"),
    "dpa": ("د ب أ", "د.ب.أ", "الألمانية", "وكالة الأنباء الألمانية"),
    "Xinhua": ("شينخوا", "وكالة شينخوا", "وكالة أنباء شينخوا"),
    "WAFA": ("وفا", "وكالة وفا"),
    "INA": ("واع", "وكالة الأنباء العراقية"),
    "IRNA": ("إرنا", "ارنا"),
    "NNA": ("الوكالة الوطنية للإعلام",),
}  # fmt: skip
_AGENCY_INDEX = {
    _key(alias): name for name, aliases in ARABIC_AGENCIES.items() for alias in aliases
}


def arabic_agency(text: str | None) -> str | None:
    """The canonical agency an Arabic credit names (``(أ ش أ)`` -> ``MENA``), or None."""
    if not has_arabic(text):
        return None
    assert text is not None
    key = _key(text)
    if key.startswith("وكالة ") and key not in _AGENCY_INDEX:
        key_short = key.removeprefix("وكالة ").strip()
        return _AGENCY_INDEX.get(key_short)
    return _AGENCY_INDEX.get(key)


# "Agencies" in general: a credit, but no agency named.
_GENERIC_AGENCIES = re.compile(r"^(?:ال)?وكالات(?: الانباء| انباء)?(?: العالميه| عالميه)?$")
# Desks and newsroom collectives: "محرر الشؤون المحلية", "المحرر الاقتصادي", "قسم التحقيقات".
_DESK = re.compile(
    r"^(?:ال)?(?:محرر|محررو|محررة|قسم|فريق|وحده|مكتب|دائره|اسره|هيئه)\b"
    r"|^(?:ال)?(?:مندوب|مراسل|مراسلو|مراسلة)(?:نا|ها)?\b"
)


def arabic_desk(text: str, site_desks: tuple[str, ...] = ()) -> str | None:
    """The desk an Arabic credit names (as printed), ``Agencies`` for وكالات, or None."""
    key = _key(text)
    for desk in site_desks:
        if _key(desk) == key:
            return desk
    if _GENERIC_AGENCIES.match(key):
        return "Agencies"
    if _DESK.match(key):
        return " ".join(text.split()).strip(" .,،:-–—")
    return None


# --- places --------------------------------------------------------------------------------

# Folded Arabic name -> (gazetteer name, ISO country). عمان is decided by ``_amman_or_oman``.
ARABIC_PLACES: dict[str, tuple[str, str]] = {
    "عمان": ("Amman", "JO"), "الزرقاء": ("Zarqa", "JO"), "إربد": ("Irbid", "JO"),
    "اربد": ("Irbid", "JO"), "المفرق": ("Mafraq", "JO"), "العقبة": ("Aqaba", "JO"),
    "السلط": ("Salt", "JO"), "الكرك": ("Karak", "JO"), "معان": ("Ma'an", "JO"),
    "مادبا": ("Madaba", "JO"), "جرش": ("Jerash", "JO"), "عجلون": ("Ajloun", "JO"),
    "الطفيلة": ("Tafilah", "JO"), "البحر الميت": ("Dead Sea", "JO"),
    "القاهرة": ("Cairo", "EG"), "الإسكندرية": ("Alexandria", "EG"), "الجيزة": ("Giza", "EG"),
    "أسوان": ("Aswan", "EG"), "الأقصر": ("Luxor", "EG"), "بورسعيد": ("Port Said", "EG"),
    "السويس": ("Suez", "EG"), "شرم الشيخ": ("Sharm el-Sheikh", "EG"), "العريش": ("Arish", "EG"),
    "بيروت": ("Beirut", "LB"), "طرابلس": ("Tripoli", "LB"), "صيدا": ("Sidon", "LB"),
    "صور": ("Tyre", "LB"), "دمشق": ("Damascus", "SY"), "حلب": ("Aleppo", "SY"),
    "حمص": ("Homs", "SY"), "اللاذقية": ("Latakia", "SY"), "درعا": ("Daraa", "SY"),
    "إدلب": ("Idlib", "SY"), "بغداد": ("Baghdad", "IQ"), "البصرة": ("Basra", "IQ"),
    "الموصل": ("Mosul", "IQ"), "أربيل": ("Erbil", "IQ"), "النجف": ("Najaf", "IQ"),
    "الرياض": ("Riyadh", "SA"), "جدة": ("Jeddah", "SA"), "مكة المكرمة": ("Mecca", "SA"),
    "مكة": ("Mecca", "SA"), "المدينة المنورة": ("Medina", "SA"), "الدمام": ("Dammam", "SA"),
    "أبوظبي": ("Abu Dhabi", "AE"), "أبو ظبي": ("Abu Dhabi", "AE"), "دبي": ("Dubai", "AE"),
    "الشارقة": ("Sharjah", "AE"), "الدوحة": ("Doha", "QA"), "الكويت": ("Kuwait", "KW"),
    "المنامة": ("Manama", "BH"), "مسقط": ("Muscat", "OM"), "صنعاء": ("Sanaa", "YE"),
    "عدن": ("Aden", "YE"), "غزة": ("Gaza", "PS"), "رام الله": ("Ramallah", "PS"),
    "القدس": ("Jerusalem", "PS"), "القدس المحتلة": ("Jerusalem", "PS"),
    "نابلس": ("Nablus", "PS"), "الخليل": ("Hebron", "PS"), "جنين": ("Jenin", "PS"),
    "الخرطوم": ("Khartoum", "SD"), "طرابلس الغرب": ("Tripoli", "LY"), "تونس": ("Tunis", "TN"),
    "الجزائر": ("Algiers", "DZ"), "الرباط": ("Rabat", "MA"), "أنقرة": ("Ankara", "TR"),
    "إسطنبول": ("Istanbul", "TR"), "اسطنبول": ("Istanbul", "TR"), "طهران": ("Tehran", "IR"),
    "واشنطن": ("Washington", "US"), "نيويورك": ("New York", "US"), "لندن": ("London", "GB"),
    "باريس": ("Paris", "FR"), "برلين": ("Berlin", "DE"), "موسكو": ("Moscow", "RU"),
    "بروكسل": ("Brussels", "BE"), "جنيف": ("Geneva", "CH"), "بكين": ("Beijing", "CN"),
    "تل أبيب": ("Tel Aviv", "IL"), "الأمم المتحدة": ("United Nations", ""),
}  # fmt: skip
_PLACE_INDEX = {_key(name): value for name, value in ARABIC_PLACES.items()}
_AMMAN = "عمان"
# Agencies whose عمان is the Sultanate: the Oman News Agency.
_OMANI_AGENCIES = frozenset({"ONA"})


def arabic_place(
    text: str, *, country: str | None = None, agencies: tuple[str, ...] = ()
) -> tuple[str, str] | None:
    """(gazetteer name, ISO country) of an Arabic place name; "" as country when it has none.

    Unvocalized عمان is Amman (Jordan) unless the site is Omani or the agency is Oman's:
    datelines name cities, and stories filed from Oman are datelined مسقط.
    """
    key = _key(text)
    key = key.removeprefix("في ").strip()
    if key == _AMMAN and (country == "OM" or _OMANI_AGENCIES.intersection(agencies)):
        return ("Oman", "OM")
    return _PLACE_INDEX.get(key)


# --- bylines -------------------------------------------------------------------------------

# Lead-ins: "written by" (كتب/كتبت), "by the pen of" (بقلم), "prepared by" (إعداد), "edited
# by" (تحرير), "report"/"interview"; ترجمة (translated by) credits a translator, not an author.
_LEAD = re.compile(
    r"^(?P<verb>كتبت?|بقلم|(?:إ|ا)عداد|تحرير|ترجمة|تقرير|حوار|متابعة|تغطية|رصد)"
    r"(?:\s*[:：\-–—]\s*|\s+)"
)
_NOT_AUTHOR = frozenset({"ترجمة"})
_ROLE_LEADS = frozenset({"إعداد", "اعداد", "تحرير"})
# Honorifics printed before a name: Dr, Eng, Prof/Mr, the full words too.
_HONORIFIC = re.compile(
    r"^(?:(?:د|م|أ|ا|أ\.د|ا\.د)\s*[./]\s*|(?:الدكتورة?|الدكتور|المهندسة?|الأستاذة?|الاستاذة?|"
    r"الشيخ|السيد|السيدة)\s+)"
)
# Given names that begin with و: never split as "and" + name.
WAW_NAMES = frozenset({
    "وليد", "وائل", "وفاء", "وسام", "وعد", "وديع", "وجدي", "وصفي", "وهيب", "ولاء", "وحيد",
    "وداد", "وردة", "وفيق", "وضاح", "وسيم", "ورد", "وهيبة", "ولید", "وجيه", "وجيهة",
    "وصال", "ودود", "وهاد", "وطن", "ولي", "وحيدة", "وئام", "وفائي", "وضحى", "ولد",
})  # fmt: skip
_SPLIT = re.compile(r"\s*(?:[،,;؛|/&]|\s[-–—]\s)\s*")
_BRACKET = re.compile(r"\s*[(\[]\s*(?P<inner>[^()\[\]]+?)\s*[)\]]\s*")
_ROLE_WORDS = re.compile(
    r"(?:^|\s)(?:ال)?(?:مراسل|مراسلة|محرر|محررة|رئيس|مدير|كاتب|كاتبة|صحفي|صحفية|خاص)(?:\s|$)"
)
_MAX_NAME_WORDS = 6
# Section names that author slots of Arabic pages often hold: a category, never a person.
SECTION_WORDS = frozenset((
    "منوعات", "محليات", "محلي", "اقتصاد", "اقتصادية", "رياضة", "سياسة", "ثقافة", "فن", "فنون",
    "دولي", "دوليات", "عربي", "عربيات", "عالمي", "أخبار", "اخبار", "الأخبار", "تقارير", "مقالات",
    "آراء", "اراء", "رأي", "الرأي العام", "صحة", "تكنولوجيا", "علوم", "مجتمع", "حوادث", "برلمان",
    "جامعات", "تعليم", "عاجل", "فيديو", "صور", "ملفات", "كتاب", "أعمدة", "اعمدة", "منوعات فنية",
))  # fmt: skip
_FILED_FROM = re.compile(r"^(?P<place>[\u0600-\u06ff]+(?: [\u0600-\u06ff]+)?)\s*(?::|\s[-–—]\s)\s*")


_FOLDED_SECTIONS = frozenset(fold(word) for word in SECTION_WORDS)


def _split_waw(piece: str) -> list[str]:
    """Split "سامر الخطيب وهبة العيسى" at the joined و; keep names that begin with و whole."""
    words = piece.split()
    parts: list[list[str]] = [[]]
    for word in words:
        if word == "و":
            if parts[-1]:
                parts.append([])
            continue
        if (
            parts[-1]
            and word.startswith("و")
            and len(word) > 2
            and word not in WAW_NAMES
            and word[1:] not in ("ال",)
        ):
            parts.append([word[1:]])
            continue
        parts[-1].append(word)
    return [" ".join(p) for p in parts if p]


def arabic_byline(
    raw: str, site_desks: tuple[str, ...] = (), latin_agency: LatinAgency | None = None
) -> dict[str, list[str]]:
    """Split an Arabic byline into authors, agencies, desks, roles and places (printed names).

    The caller (``normalize_byline``) builds its ``Byline`` from these lists.
    """
    out: dict[str, list[str]] = {
        "authors": [],
        "agencies": [],
        "desks": [],
        "roles": [],
        "places": [],
    }

    def add(bucket: str, value: str) -> None:
        if value and value not in out[bucket]:
            out[bucket].append(value)

    text = " ".join(strip_bidi(raw).split()).strip(" .,،:-–—|")
    for segment in re.split(r"\s*[\n|]\s*", text):
        _byline_segment(segment, site_desks, add, latin_agency or _no_latin_agency)
    return out


def _byline_segment(  # type: ignore[no-untyped-def]
    segment: str, site_desks: tuple[str, ...], add, _latin_agency: LatinAgency
) -> None:
    segment = segment.strip(" .,،:-–—")
    author = True
    while True:
        lead = _LEAD.match(segment)
        if not lead:
            break
        verb = lead.group("verb")
        if verb in _NOT_AUTHOR:
            author = False
        elif verb in _ROLE_LEADS:
            add("roles", verb)
        segment = segment[lead.end() :].strip(" .,،:-–—")
    if not segment:
        return
    # "القاهرة: فتحية الدخاخني", "لندن - الشرق الأوسط": where the story was filed, then the credit
    filed = _FILED_FROM.match(segment)
    if filed and arabic_place(filed.group("place")):
        add("places", arabic_place(filed.group("place"))[0])  # type: ignore[index]
        segment = segment[filed.end() :]
    whole = arabic_agency(segment) or _latin_agency(segment)
    if whole:
        add("agencies", whole)
        return
    desk = arabic_desk(segment, site_desks)
    if desk:
        add("desks", desk)
        return
    for piece in _SPLIT.split(segment):
        for bracket in _BRACKET.finditer(piece):
            inner = bracket.group("inner")
            agency = arabic_agency(inner) or _latin_agency(inner)
            if agency:
                add("agencies", agency)
            elif arabic_place(inner):
                add("places", arabic_place(inner)[0])  # type: ignore[index]
            else:
                add("roles", inner)
        piece = _BRACKET.sub(" ", piece).strip(" .,،:-–—")
        if not piece:
            continue
        agency = arabic_agency(piece) or _latin_agency(piece)
        if agency:
            add("agencies", agency)
            continue
        desk = arabic_desk(piece, site_desks)
        if desk:
            add("desks", desk)
            continue
        place = arabic_place(piece)
        if place:
            add("places", place[0])
            continue
        for name in _split_waw(piece):
            name = _HONORIFIC.sub("", name).strip(" .,،:-–—")
            if not name:
                continue
            agency = arabic_agency(name)
            if agency:
                add("agencies", agency)
            elif arabic_desk(name, site_desks):
                add("desks", arabic_desk(name, site_desks) or name)
            elif fold(name) in _FOLDED_SECTIONS:
                continue  # "منوعات" (variety) in an author slot is the section
            elif _ROLE_WORDS.search(f" {name} "):
                add("roles", name)
            elif author and _looks_like_arabic_name(name):
                add("authors", name)


def _looks_like_arabic_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= _MAX_NAME_WORDS and has_arabic(name) and not re.search(r"\d", name)


# --- datelines -----------------------------------------------------------------------------

_SEP = r"(?:\s*[-–—:]\s*)"
_DATELINE = re.compile(
    rf"^(?P<place>[\u0600-\u06ff][\u0600-\u06ff ]{{0,24}}?)"
    rf"(?:\s+(?P<date>[0-9\u0660-\u0669]{{1,2}}\s+[\u0600-\u06ff]+(?:\s+(?:الأول|الاول|الثاني))?))?"
    rf"(?:{_SEP}|\s+)?(?:[(\[]\s*(?P<bracket>[^()\[\]]{{1,40}}?)\s*[)\]]|"
    rf"(?<=[-–—:\s])(?P<bare>[\u0600-\u06ff][\u0600-\u06ff .]{{0,30}}?))"
    rf"(?P<sep>{_SEP})"
)
_PLAIN_DATELINE = re.compile(r"^(?P<place>[\u0600-\u06ff][\u0600-\u06ff ]{0,24}?)\s*[-–—:]\s*")


def arabic_dateline(
    text: str,
    *,
    country: str | None = None,
    site_desks: tuple[str, ...] = (),
    latin_agency: LatinAgency | None = None,
) -> tuple[dict[str, object], int] | None:
    """Read "عمان - بترا -", "القاهرة - (أ ش أ) -", "بيروت (رويترز) -", "دمشق-سانا" at the start.

    Returns the dateline's parts (keys of ``normalize.dateline.Dateline``) and where the story
    starts, or None. A place alone needs a known city ("القاهرة -"); a credit makes the place
    slot a dateline only when the place is known too, so a sentence is never cut.
    """
    match = _DATELINE.match(text)
    if match:
        credit = (match.group("bracket") or match.group("bare") or "").strip()
        agency = arabic_agency(credit) or (latin_agency or _no_latin_agency)(credit)
        desk = None if agency else arabic_desk(credit, site_desks) or _outlet_credit(credit)
        place_text = match.group("place").strip(" -–—:")
        if agency or desk:
            place = arabic_place(place_text, country=country, agencies=(agency,) if agency else ())
            if place:
                raw = text[: match.end("sep")].rstrip()
                return (
                    {
                        "raw": raw,
                        "dateline": place_text,
                        "places": [place[0]],
                        "countries": [place[1]] if place[1] else [],
                        "agencies": [agency] if agency else [],
                        "date_text": match.group("date"),
                        "desk": desk,
                    },
                    match.end(),
                )
    plain = _PLAIN_DATELINE.match(text)
    if plain:
        place_text = plain.group("place").strip()
        end = plain.end()
        agencies: list[str] = []
        # "دمشق-سانا أعلن": an agency after the place with no separator of its own
        words = text[end:].split(" ", 3)
        for size in (3, 2, 1):
            candidate = " ".join(words[:size]).rstrip(" -–—:")
            agency = arabic_agency(candidate) if len(words) > size else None
            if agency:
                agencies.append(agency)
                after = re.compile(rf"{re.escape(candidate)}\s*[-–—:]?\s*")
                end += after.match(text, end).end() - end  # type: ignore[union-attr]
                break
        place = arabic_place(place_text, country=country, agencies=tuple(agencies))
        if place:
            return (
                {
                    "raw": text[:end].rstrip(),
                    "dateline": place_text,
                    "places": [place[0]],
                    "countries": [place[1]] if place[1] else [],
                    "agencies": agencies,
                    "desk": None,
                },
                end,
            )
    return None


def _outlet_credit(credit: str) -> str | None:
    """A paper credited in a dateline ("عمان - الغد -"): one to three words, each with ال."""
    words = credit.split()
    if 1 <= len(words) <= 3 and all(w.startswith("ال") and len(w) > 3 for w in words):
        return credit
    return None


# A closing credit line: "(بترا)", "- رويترز", "المصدر: وكالات".
_CLOSING = re.compile(
    r"^[(\[\-–—\s]*(?:المصدر\s*[:：]\s*)?(?P<name>[^()\[\]]{2,40}?)[)\]\-–—\s.]*$"
)


def arabic_closing_credit(line: str) -> tuple[bool, str | None]:
    """Whether ``line`` is a closing credit alone on its line, and the agency it names."""
    if not has_arabic(line) or len(line) > 50:
        return False, None
    match = _CLOSING.match(line.strip())
    if not match:
        return False, None
    name = match.group("name")
    agency = arabic_agency(name)
    if agency:
        return True, agency
    if _GENERIC_AGENCIES.match(_key(name)):
        return True, None
    return False, None


# --- dates ---------------------------------------------------------------------------------

_LEVANTINE = {
    "كانون الثاني": "January", "شباط": "February", "آذار": "March", "اذار": "March",
    "نيسان": "April", "أيار": "May", "ايار": "May", "حزيران": "June", "تموز": "July",
    "آب": "August", "اب": "August", "أيلول": "September", "ايلول": "September",
    "تشرين الأول": "October", "تشرين الاول": "October", "تشرين الثاني": "November",
    "كانون الأول": "December", "كانون الاول": "December",
}  # fmt: skip
_EGYPTIAN = {
    "يناير": "January", "فبراير": "February", "مارس": "March", "أبريل": "April",
    "ابريل": "April", "إبريل": "April", "مايو": "May", "يونيو": "June", "يونيه": "June",
    "يوليو": "July", "يوليه": "July", "أغسطس": "August", "اغسطس": "August",
    "سبتمبر": "September", "أكتوبر": "October", "اكتوبر": "October", "نوفمبر": "November",
    "ديسمبر": "December",
}  # fmt: skip
MONTHS = {**_LEVANTINE, **_EGYPTIAN}
HIJRI_MONTHS = {
    "محرم": 1, "صفر": 2, "ربيع الأول": 3, "ربيع الاول": 3, "ربيع أول": 3, "ربيع الآخر": 4,
    "ربيع الاخر": 4, "ربيع الثاني": 4, "ربيع ثاني": 4, "جمادى الأولى": 5, "جمادى الاولى": 5,
    "جمادى الأول": 5, "جمادى الآخرة": 6, "جمادى الاخرة": 6, "جمادى الثانية": 6, "رجب": 7,
    "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11, "ذي القعدة": 11, "ذو الحجة": 12,
    "ذي الحجة": 12,
}  # fmt: skip
WEEKDAYS = ("الأحد", "الاحد", "الاثنين", "الإثنين", "الأثنين", "الثلاثاء", "الأربعاء",
            "الاربعاء", "الخميس", "الجمعة", "السبت")  # fmt: skip


def _alternation(words) -> str:  # type: ignore[no-untyped-def]
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTH_ALT = _alternation(MONTHS)
# "آذار (مارس)" / "مارس (آذار)": one month printed in both naming systems.
_MONTH_PAIR = re.compile(rf"(?P<a>{_MONTH_ALT})\s*[(\[/]\s*(?P<b>{_MONTH_ALT})\s*[)\]]?")
_MONTH_WORD = re.compile(rf"(?<![\u0600-\u06ff])(?P<m>{_MONTH_ALT})(?![\u0600-\u06ff])")
_HIJRI_MONTH_ALT = _alternation(HIJRI_MONTHS)
_HIJRI_DATE = re.compile(
    rf"(?P<d>\d{{1,2}})\s*(?:من\s+)?(?P<m>{_HIJRI_MONTH_ALT})\s*(?:سنة\s+|عام\s+)?(?P<y>1[34]\d\d)"
    r"\s*(?:هـ|ه\b|هجري(?:ة)?|للهجرة)?\.?"
    r"|(?P<y2>1[34]\d\d)[/-](?P<m2>\d{1,2})[/-](?P<d2>\d{1,2})\s*(?:هـ|ه\b)"
    r"|(?P<d3>\d{1,2})[/-](?P<m3>\d{1,2})[/-](?P<y3>1[34]\d\d)\s*(?:هـ|ه\b)"
)
_WEEKDAY = re.compile(
    rf"(?<![\u0600-\u06ff])(?:يوم\s+)?(?:{_alternation(WEEKDAYS)})(?![\u0600-\u06ff])\s*[،,]?"
)
_PUBLISHED_LABEL = re.compile(
    r"(?:تاريخ\s+النشر|نشر\s+بتاريخ|نشر\s+في|نُشر\s+في|تم\s+النشر|نشر|منشور)\s*[:：]?\s*"
)
_UPDATED_LABEL = re.compile(
    r"(?:آخر\s+تحديث|اخر\s+تحديث|تم\s+التحديث|تاريخ\s+التحديث|محدث|تحديث)\s*[:：]?\s*"
)
_CLOCK_WORD = re.compile(r"(?:الساعة|الساعه|س)\s*[:：]?\s*(?=\d)")
_AM = re.compile(
    r"(\d{1,2}[:.]\d{2}(?::\d{2})?)\s*(?:ص|صباحا|صباحاً|صباحًا|قبل الظهر)(?![\u0600-\u06ff])"
)
_PM = re.compile(
    r"(\d{1,2}[:.]\d{2}(?::\d{2})?)\s*(?:م|مساء|مساءً|مساءا|بعد الظهر|ظهرا|ظهراً)(?![\u0600-\u06ff])"
)
_GREGORIAN_MARK = re.compile(r"(\d{4})\s*(?:م|ميلادي(?:ة)?)(?![\u0600-\u06ff])")
_GMT = re.compile(r"(?:بتوقيت\s+)?(?:غرينتش|جرينتش|غرينيتش)")
_LOCAL_ZONE = re.compile(r"بتوقيت\s+[\u0600-\u06ff]+(?:\s+المكرمة)?")
_CORRESPONDING = re.compile(r"(?:الموافق|الموافقة|الموافق\s+ل|ويوافق|يوافق)\s*")
# Relative forms: "منذ 3 ساعات", "منذ ساعتين", "قبل 5 دقائق", "أمس".
_UNIT_WORDS = {
    "ثانية": "seconds", "ثوان": "seconds", "ثواني": "seconds", "ثوانٍ": "seconds",
    "دقيقة": "minutes", "دقائق": "minutes", "دقيقه": "minutes",
    "ساعة": "hours", "ساعات": "hours", "ساعه": "hours",
    "يوم": "days", "أيام": "days", "ايام": "days",
    "أسبوع": "weeks", "اسبوع": "weeks", "أسابيع": "weeks", "اسابيع": "weeks",
}  # fmt: skip
_DUALS = {"ثانيتين": "seconds", "دقيقتين": "minutes", "ساعتين": "hours", "يومين": "days",
          "أسبوعين": "weeks", "اسبوعين": "weeks"}  # fmt: skip
_RELATIVE = re.compile(
    rf"^(?:منذ|قبل)\s+(?:(?P<n>\d+)\s*)?(?P<unit>{_alternation(list(_UNIT_WORDS) + list(_DUALS))})"
    r"(?:\s+تقريبا)?$"
)
_SIMPLE_RELATIVE = {"الآن": "now", "الان": "now", "اليوم": "today", "أمس": "yesterday",
                    "امس": "yesterday", "البارحة": "yesterday", "منذ قليل": "just now",
                    "قبل قليل": "just now", "منذ لحظات": "just now"}  # fmt: skip


def hijri_to_gregorian(year: int, month: int, day: int) -> date | None:
    """The Gregorian day of an Umm al-Qura Hijri date (None when out of the calendar's range)."""
    from hijridate import Hijri  # imported late: only Hijri-only dates need it

    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError):
        return None


def _has_gregorian(text: str) -> bool:
    return bool(
        _MONTH_WORD.search(text)
        or re.search(r"\b(?:19|20)\d\d\b", text)
        or re.search(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", text, re.I)
    )


def arabic_date_text(raw: str) -> str:
    """Rewrite an Arabic date into the English form the date parser reads.

    Month names (Levantine and Egyptian/Gulf) become English names, Arabic-Indic digits ASCII,
    ص/م after a clock AM/PM; weekdays, "الساعة", publication labels and "بتوقيت" go. A Hijri
    date becomes its Umm al-Qura Gregorian day unless a Gregorian date is printed beside it
    (that one wins). Relative forms become "3 hours ago" / "yesterday". Text that names no
    date comes back rewritten as far as it goes; the parser then says "unparsed".
    """
    text = " ".join(strip_bidi(raw).translate(_DIGITS).replace("ـ", "").split())
    text = text.replace("،", ",").replace("٫", ":").replace("؛", ";")
    # "نشر في ... آخر تحديث ...": the publication date is the part before the update label.
    published = _PUBLISHED_LABEL.search(text)
    updated = _UPDATED_LABEL.search(text)
    if published and updated and updated.start() > published.start():
        text = text[: updated.start()]
    elif updated and not published and updated.start() > 0:
        text = text[: updated.start()]  # "13 شباط 2017 | آخر تحديث ...": keep the first date
    text = _PUBLISHED_LABEL.sub(" ", text)
    text = _UPDATED_LABEL.sub(" ", text)
    text = " ".join(text.split()).strip(" |,-–—:")
    simple = _SIMPLE_RELATIVE.get(text)
    if simple:
        return simple
    relative = _RELATIVE.match(text)
    if relative:
        unit = relative.group("unit")
        if unit in _DUALS:
            return f"2 {_DUALS[unit]} ago"
        return f"{relative.group('n') or 1} {_UNIT_WORDS[unit]} ago"
    hijri = _HIJRI_DATE.search(text)
    if hijri:
        rest = (text[: hijri.start()] + " " + text[hijri.end() :]).strip()
        rest = _CORRESPONDING.sub(" ", rest)
        if _has_gregorian(rest):
            text = rest  # the Gregorian date printed beside the Hijri one wins
        else:
            if hijri.group("y"):
                y, m, d = (
                    int(hijri.group("y")),
                    HIJRI_MONTHS[hijri.group("m")],
                    int(hijri.group("d")),
                )
            elif hijri.group("y2"):
                y, m, d = int(hijri.group("y2")), int(hijri.group("m2")), int(hijri.group("d2"))
            else:
                y, m, d = int(hijri.group("y3")), int(hijri.group("m3")), int(hijri.group("d3"))
            day = hijri_to_gregorian(y, m, d)
            if day is None:
                return ""
            clock = re.search(r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:ص|م)(?![\u0600-\u06ff]))?", rest)
            text = day.isoformat() + (f" {clock.group()}" if clock else "")
    text = _CORRESPONDING.sub(" ", text)
    text = _WEEKDAY.sub(" ", text)
    text = _MONTH_PAIR.sub(lambda m: MONTHS[m.group("a")], text)
    text = _MONTH_WORD.sub(lambda m: MONTHS[m.group("m")], text)
    text = _CLOCK_WORD.sub("", text)
    text = _AM.sub(lambda m: m.group(1).replace(".", ":") + " AM", text)
    text = _PM.sub(lambda m: m.group(1).replace(".", ":") + " PM", text)
    text = _GREGORIAN_MARK.sub(r"\1", text)
    text = _GMT.sub(" GMT", text)
    text = _LOCAL_ZONE.sub(" ", text)
    text = re.sub(r"(?<![\u0600-\u06ff])(?:في|عام|سنة|يوم)(?![\u0600-\u06ff])", " ", text)
    text = re.sub(r"\s*[|]\s*", " ", text)
    return " ".join(text.split()).strip(" ,-–—:")


# --- body ----------------------------------------------------------------------------------

# Page furniture of Arabic news pages, one paragraph each: share prompts, tag lists, "read
# also" boxes, follow-us lines, breadcrumbs ("الرئيسية > محليات") and print/font buttons.
_FURNITURE = re.compile(
    r"^(?:شارك(?:وا)?(?:\s+(?:الخبر|المقال|هذا\s+الخبر|هذا\s+المقال|على\s+.+))?|مشاركة|"
    r"طباعة|أرسل(?:\s+لصديق)?|ارسل(?:\s+لصديق)?|حجم\s+الخط|تكبير\s+الخط|تصغير\s+الخط|"
    r"(?:اقرأ|اقرا|إقرأ)\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)|مواضيع\s+ذات\s+صلة|أخبار\s+ذات\s+صلة|"
    r"اخبار\s+ذات\s+صلة|ذات\s+صلة|تابعونا\s+على.*|تابعوا.*على\s+(?:تويتر|فيسبوك|تلغرام|واتساب|"
    r"إكس|اكس|جوجل\s+نيوز).*|(?:الوسوم|وسوم|كلمات\s+(?:مفتاحية|دالة)|الكلمات\s+الدالة|"
    r"الكلمات\s+المفتاحية|المواضيع|العلامات)\s*[:：]?.*|"
    r"(?:الرئيسية|الرئيسيه)(?:\s*[>»/|›‹<«]\s*[^>»/|›‹<«]+)*|"
    r"إعلان|اعلان|إعلانات|المزيد|التعليقات|أضف\s+تعليق(?:ا|اً)?|اضف\s+تعليق(?:ا|اً)?|"
    r"نسخ\s+الرابط|الرابط\s+المختصر|رابط\s+مختصر.*|"
    # a source line above the text ("المصدر : الجزيرة + وكالات"): the credit is in the markup
    r"المصدر\s*[:：]\s*[^.،]{1,40})$"
)


def is_arabic_furniture(text: str) -> bool:
    """Whether a cleaned Arabic paragraph is page furniture rather than article text."""
    text = text.strip(" :»›>«<|-–—")
    if fold(text) in _FOLDED_SECTIONS:
        return True  # a section name alone on its line ("محليات"): a breadcrumb or a label
    return len(text) <= 120 and bool(_FURNITURE.match(text))


# --- search --------------------------------------------------------------------------------

# Prefixes glued to words (and, so, with/in, to/for, as, the, and combinations), longest first.
SEARCH_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف", "ك")


def search_stem(word: str) -> str:
    """A folded word without a glued article or conjunction ("والمدارس" -> "مدارس").

    At least three letters stay, so short roots are never eaten.
    """
    word = fold(word)
    for prefix in SEARCH_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return word[len(prefix) :]
    return word
