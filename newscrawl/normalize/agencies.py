"""Wire agencies and newsroom desks: recognise credits that are not people and name them one way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

AGENCIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        # canonical short name -> every spelling that means it (matched case-insensitively)
        "Reuters": ("Reuters", "Thomson Reuters", "Reuters News Agency"),
        "AFP": (
            "AFP",
            "Agence France-Presse",
            "Agence France Presse",
            "Agence France-Press",
            "France-Presse",
            "France Presse",
        ),
        "AP": ("AP", "Associated Press", "The Associated Press"),
        "Xinhua": ("Xinhua", "Xinhua News Agency", "Xinhuanet", "新华社", "新華社"),
        "Petra": ("Petra", "Jordan News Agency", "Petra News Agency", "Jordan News Agency Petra"),
        "KUNA": ("KUNA", "Kuwait News Agency"),
        "WAM": ("WAM", "Emirates News Agency", "Emirates News Agency WAM"),
        "SPA": ("SPA", "Saudi Press Agency"),
        "MENA": ("MENA", "Middle East News Agency"),
        "NNN": ("NNN", "NAM News Network"),
        "dpa": ("dpa", "Deutsche Presse-Agentur", "Deutsche Presse Agentur", "German Press Agency"),
        "Anadolu": ("Anadolu", "Anadolu Agency", "AA", "Anadolu Ajansi", "Anadolu Ajansı"),
        "QNA": ("QNA", "Qatar News Agency"),
        "BNA": ("BNA", "Bahrain News Agency"),
        "ONA": ("ONA", "Oman News Agency"),
        "SANA": ("SANA", "Syrian Arab News Agency"),
        "IRNA": ("IRNA", "Islamic Republic News Agency"),
        "WAFA": ("WAFA", "WAFA News Agency", "Palestinian News and Information Agency"),
        "NNA": ("NNA", "National News Agency"),
        "INA": ("Iraqi News Agency",),
        "SUNA": ("SUNA", "Sudan News Agency"),
        "Saba": ("Saba News Agency", "Yemen News Agency"),
        "UPI": ("UPI", "United Press International"),
        "EPA": ("EPA", "European Pressphoto Agency"),
        "Bloomberg": ("Bloomberg", "Bloomberg News"),
        "TASS": ("TASS", "ITAR-TASS"),
        "RIA Novosti": ("RIA Novosti",),
        "Interfax": ("Interfax",),
        "EFE": ("EFE", "Agencia EFE"),
        "ANSA": ("ANSA",),
        "Kyodo": ("Kyodo", "Kyodo News", "共同通信", "共同通信社"),
        "Jiji": ("Jiji", "Jiji Press", "JIJI", "時事通信", "時事通信社"),
        "Yonhap": ("Yonhap", "Yonhap News Agency", "연합뉴스"),
        "PTI": ("PTI", "Press Trust of India"),
        "IANS": ("IANS", "Indo-Asian News Service"),
        "ANI": ("Asian News International",),
        "Bernama": ("Bernama",),
        "IPS": ("IPS", "Inter Press Service"),
        "AAP": ("AAP", "Australian Associated Press"),
        # European wires that sign German, Dutch, Nordic, Polish and Iberian copy
        "APA": ("APA", "Austria Presse Agentur", "APA-OTS"),
        "KNA": ("KNA", "Katholische Nachrichten-Agentur"),
        "epd": ("epd", "Evangelischer Pressedienst"),
        "SDA": ("SDA", "Keystone-SDA", "Schweizerische Depeschenagentur"),
        "dts": ("dts", "dts Nachrichtenagentur"),
        "ANP": ("ANP", "Algemeen Nederlands Persbureau"),
        "Belga": ("Belga",),
        "NTB": ("NTB", "Norsk Telegrambyrå"),
        "Ritzau": ("Ritzau",),
        "PAP": ("PAP", "Polska Agencja Prasowa"),
        "ČTK": ("ČTK", "CTK", "Česká tisková kancelář"),
        "Europa Press": ("Europa Press",),
        "Lusa": ("Lusa", "Agência Lusa"),
        # wires of the region's and its diaspora's press missing above
        "JTA": ("JTA", "Jewish Telegraphic Agency"),
        "JNS": ("JNS", "Jewish News Syndicate"),
        "TPS": ("TPS", "Tazpit Press Service", "Tazpit News Agency"),
        "Tasnim": ("Tasnim", "Tasnim News Agency"),
        "Fars": ("Fars News Agency", "FNA"),
        "Mehr": ("Mehr News Agency", "MNA"),
        "ISNA": ("ISNA", "Iranian Students' News Agency", "Iranian Students News Agency"),
        "APS": ("APS", "Algérie Presse Service", "Algerie Presse Service"),
        "MAP": ("MAP", "Maghreb Arabe Presse"),
        "TAP": ("TAP", "Tunis Afrique Presse"),
        "Sputnik": ("Sputnik", "Sputnik News"),
        "Antara": ("Antara", "Antara News Agency"),
        "CNA": ("Central News Agency",),
    }
)

_AGENCY_INDEX: dict[str, str] = {
    alias.casefold(): canonical for canonical, aliases in AGENCIES.items() for alias in aliases
}
# Acronyms that are also given names (Sana, Mena, Wafa) count only when printed in capitals.
_CAPITALS_ONLY = frozenset(
    {"sana", "mena", "wafa", "apa", "pap", "map", "tap", "aps", "tps", "fna", "mna"}
)

# Outlets, desks and collective credits, keyed by a folded spelling.  Values are the label a
# desk is stored under: the printed spelling with its case settled.
_DESKS: dict[str, str] = {
    "jt": "JT",
    "jordan times": "Jordan Times",
    "jordan times staff": "Jordan Times",
    "editorial": "Editorial",
    "editorial board": "Editorial Board",
    "editorial team": "Editorial",
    "editors": "Editorial",
    "staff": "Staff",
    "staff writer": "Staff Writer",
    "staff writers": "Staff Writer",
    "staff reporter": "Staff Reporter",
    "our staff": "Staff",
    "our correspondent": "Our Correspondent",
    "special correspondent": "Special Correspondent",
    "correspondent": "Correspondent",
    "news desk": "News Desk",
    "web desk": "Web Desk",
    "newsroom": "Newsroom",
    "mee": "MEE",
    "mee staff": "MEE staff",
    "mee correspondent": "MEE correspondent",
    "middle east eye": "Middle East Eye",
    "agencies": "Agencies",
    "agency": "Agencies",
    "news agencies": "Agencies",
    "with agencies": "Agencies",
    "wire agencies": "Agencies",
    "wires": "Agencies",
    "news wires": "Agencies",
    "wire services": "Agencies",
    "saudi gazette": "Saudi Gazette",
    "saudi gazette report": "Saudi Gazette report",
    "asharq al-awsat": "Asharq Al-Awsat",
    "asharq al awsat": "Asharq Al-Awsat",
    "asharq alawsat": "Asharq Al-Awsat",
    "aawsat": "Asharq Al-Awsat",
    "al jazeera": "Al Jazeera",
    "al jazeera staff": "Al Jazeera staff",
    "arab news": "Arab News",
    "gulf news": "Gulf News",
    "gulf news report": "Gulf News report",
    "khaleej times": "Khaleej Times",
    "the national": "The National",
    "kuwait times": "Kuwait Times",
    "daily news egypt": "Daily News Egypt",
    "dne": "Daily News Egypt",
    "egypt today": "Egypt Today",
    "ahram online": "Ahram Online",
    "al-monitor": "Al-Monitor",
    "al monitor": "Al-Monitor",
    "ammon news": "Ammon News",
    "ammonnews": "Ammon News",
    "roya news": "Roya News",
    "jordan news": "Jordan News",
    "al rai": "Al Rai",
    "al ghad": "Al Ghad",
    "gulf times": "Gulf Times",
    "the peninsula": "The Peninsula",
    "times of oman": "Times of Oman",
    "menafn": "MENAFN",
    "the new arab": "The New Arab",
    "middle east monitor": "Middle East Monitor",
    # "agencies" and "the newsroom" in other languages
    "agenturen": "Agencies",
    "nachrichtenagenturen": "Agencies",
    "agences": "Agencies",
    "agencias": "Agencies",
    "agenzie": "Agencies",
    "agencje": "Agencies",
    "redaktion": "Redaktion",
    "die redaktion": "Redaktion",
    "online-redaktion": "Redaktion",
    "onlineredaktion": "Redaktion",
    "redacción": "Redacción",
    "redaccion": "Redacción",
    "la redacción": "Redacción",
    "rédaction": "Rédaction",
    "la rédaction": "Rédaction",
    "redazione": "Redazione",
    "la redazione": "Redazione",
    "redactie": "Redactie",
    "de redactie": "Redactie",
    "redakcja": "Redakcja",
    "redação": "Redação",
    "redacao": "Redação",
    "editorial staff": "Staff",
}

_EDITORIAL_DESKS = frozenset({"Editorial", "Editorial Board"})

# "The newsroom" in German, Spanish, French, Italian, Dutch and Polish.
_NEWSROOM_WORD = r"(?:(?:online-?)?redaktion|redacci[óo]n|r[ée]daction|redazione|redactie|redakcja)"
# "<outlet> staff", "<outlet> correspondent", "CNN Wire": a house credit named after its outlet.
_DESK_SUFFIX = re.compile(
    r"^(?P<outlet>(?:[A-Z][\w'’.&-]*|al|of|the)(?:\s+(?:[A-Z][\w'’.&-]*|al|of|the)){0,3})\s+"
    r"(?P<suffix>staff(?:\s+(?:writer|reporter)s?)?|correspondents?|report|reporters?|"
    r"(?:web\s+|news\s+)?desk|newsroom|bureau|team|wire|editorial(?:\s+board)?|"
    rf"{_NEWSROOM_WORD}|web-?team)$",
    re.IGNORECASE,
)
_NEWSROOM = re.compile(rf"{_NEWSROOM_WORD}|newsroom|web-?team", re.IGNORECASE)
# "Redaktion Tagesschau", "Équipe Le Monde": the newsroom word first.
_DESK_PREFIX = re.compile(
    rf"^(?:(?:die\s+|la\s+|de\s+)?{_NEWSROOM_WORD}(?:\s+(?:von|de|di|der))?)\s+\S",
    re.IGNORECASE,
)
# An outlet or organisation named by its legal form or trade: "Suedtirol Online", "X GmbH".
_ORGANISATION = re.compile(
    r"^(?:[A-ZÄÖÜ0-9][\w'’.&-]*\s+){1,3}(?i:GmbH|AG|SE|e\.\s?V\.?|Ltd\.?|Inc\.?|LLC|Verlag|"
    r"Online|Zeitung|Magazin|Magazine|Media|News|Nachrichten|Newsroom|Rundfunk)$"
)
# Universities and institutes credited for a press release.
_INSTITUTION = re.compile(
    r"^(?:the\s+)?(?:University|Universit[äa]t|Universit[ée]|Universidad|Universit[àa]|Institute|"
    r"Institut|Hochschule)\b|\s(?:University|Universit[äa]t|Institute|College)$"
)
# A domain as the credit: "katholisch.at", "wien.ORF.at".
_DOMAIN = re.compile(
    r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|info|de|at|ch|fr|it|es|nl|be|pl|uk|eu|"
    r"io|co|ru|jp|in|au|ca|us|tv|news|online|media)$",
    re.IGNORECASE,
)
# Korean, Chinese and Japanese outlets end in "daily", "newspaper", "news", "broadcasting".
_CJK_OUTLET = re.compile(
    r"^\S{1,10}(?:일보|신문|뉴스|방송|통신|新聞|新闻|日報|日报|時報|时报|晚報|晚报|通信社?|"
    r"通訊社|通讯社|電視台|电视台|週刊|周刊)(?:オンライン|デジタル|网|網|닷컴)?$"
)
_AND_AGENCIES = re.compile(r"^(?P<desk>.+?)\s+(?:and|&)\s+(?:news\s+|wire\s+)?agencies$", re.I)
_EDGE_JUNK = " \t\r\n.,;:|-–—()[]\"'“”‘’"


def _fold(text: str) -> str:
    text = " ".join(text.split()).strip(_EDGE_JUNK)
    if text.casefold().startswith("the "):
        text = text[4:]
    return text.casefold()


def canonical_agency(text: str) -> str | None:
    """Return the canonical short name of a wire agency named in ``text``, or None.

    Accepts the acronym, the full name with or without "The", and the combined credits
    agencies print about themselves ("Emirates News Agency, WAM", "Kuwait News Agency (KUNA)").
    A string naming two different agencies is not one agency and gives None.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    key = _fold(text)
    if key in _AGENCY_INDEX:
        if key in _CAPITALS_ONLY and not text.strip(_EDGE_JUNK).isupper():
            return None
        return _AGENCY_INDEX[key]
    # "Name, ACRONYM" or "Name (ACRONYM)": every part must point at the same agency.
    parts = [p for p in re.split(r"\s*[(),]\s*", text) if p.strip(_EDGE_JUNK)]
    if len(parts) < 2:
        return None
    found = {canonical_agency(p) for p in parts}
    if None in found or len(found) != 1:
        return None
    return found.pop()


def desk_name(text: str, site_desks: Iterable[str] = ()) -> str | None:
    """Return the label of a desk, outlet or collective credit named in ``text``, or None.

    ``site_desks`` adds a site's own house credits; a match returns the spelling given there.
    "Al Jazeera and news agencies" names the desk "Al Jazeera"; the generic agencies part is
    recorded separately by the byline normalizer. A wire agency is never a desk.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    key = _fold(text)
    if not key:
        return None
    for desk in site_desks:
        if _fold(desk) == key:
            return desk
    if key in _DESKS:
        return _DESKS[key]
    if canonical_agency(text) is not None:
        return None
    cleaned = " ".join(text.split()).strip(_EDGE_JUNK)
    combined = _AND_AGENCIES.match(cleaned)
    if combined:
        return desk_name(combined.group("desk"), site_desks)
    if (
        _DOMAIN.match(cleaned)
        or _CJK_OUTLET.match(cleaned)
        or _ORGANISATION.match(cleaned)
        or _DESK_PREFIX.match(cleaned)
        or _INSTITUTION.search(cleaned)
    ):
        return cleaned  # an outlet named by its domain, legal form, trade or newsroom word
    match = _DESK_SUFFIX.match(cleaned)
    if match:
        outlet = match.group("outlet")
        if canonical_agency(outlet) is not None:
            return None
        known = _DESKS.get(_fold(outlet))
        if known is not None or outlet.isupper() or len(outlet.split()) >= 2:
            return cleaned
        if _NEWSROOM.fullmatch(match.group("suffix")):
            return cleaned  # "auto-motor.at Redaktion": a newsroom word names a desk outright
    return None


def is_editorial_desk(desk: str) -> bool:
    """Whether a desk label stands for the outlet's own editorial voice."""
    return desk in _EDITORIAL_DESKS


def is_generic_staff(desk: str) -> bool:
    """Whether a desk label is a bare staff role ("Staff Writer") rather than a named desk."""
    return _fold(desk) in {
        "staff",
        "staff writer",
        "staff writers",
        "staff reporter",
        "correspondent",
        "our correspondent",
        "special correspondent",
        "our staff",
    }
