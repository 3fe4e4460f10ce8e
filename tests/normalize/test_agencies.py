"""Wire agency and desk names: every spelling maps to one label, people map to nothing."""

import pytest

from newscrawl.normalize.agencies import AGENCIES, canonical_agency, desk_name

REQUIRED_CANONICAL = [
    "Reuters", "AFP", "AP", "Xinhua", "Petra", "KUNA", "WAM", "SPA", "MENA", "NNN", "dpa",
    "Anadolu", "QNA",
]  # fmt: skip

agency_cases = [
    ("Reuters", "Reuters"),
    ("REUTERS", "Reuters"),
    ("Thomson Reuters", "Reuters"),
    ("AFP", "AFP"),
    ("Agence France-Presse", "AFP"),
    ("Agence France Presse", "AFP"),
    ("agence france-presse", "AFP"),
    ("AP", "AP"),
    ("Associated Press", "AP"),
    ("The Associated Press", "AP"),
    ("the associated press", "AP"),
    ("Xinhua", "Xinhua"),
    ("Xinhua News Agency", "Xinhua"),
    ("Petra", "Petra"),
    ("Jordan News Agency", "Petra"),
    ("the Jordan News Agency, Petra", "Petra"),
    ("Jordan News Agency (Petra)", "Petra"),
    ("KUNA", "KUNA"),
    ("Kuwait News Agency", "KUNA"),
    ("Kuwait News Agency (KUNA)", "KUNA"),
    ("WAM", "WAM"),
    ("Emirates News Agency", "WAM"),
    ("Emirates News Agency, WAM", "WAM"),
    ("SPA", "SPA"),
    ("Saudi Press Agency", "SPA"),
    ("Saudi Press Agency (SPA)", "SPA"),
    ("MENA", "MENA"),
    ("Middle East News Agency", "MENA"),
    ("NNN", "NNN"),
    ("dpa", "dpa"),
    ("DPA", "dpa"),
    ("Deutsche Presse-Agentur", "dpa"),
    ("Anadolu", "Anadolu"),
    ("Anadolu Agency", "Anadolu"),
    ("AA", "Anadolu"),
    ("QNA", "QNA"),
    ("Qatar News Agency", "QNA"),
    ("SANA", "SANA"),
    ("IRNA", "IRNA"),
    ("  (Reuters)  ", "Reuters"),
    ("APA", "APA"),
    ("KNA", "KNA"),
    ("epd", "epd"),
    ("Keystone-SDA", "SDA"),
    ("Jiji Press", "Jiji"),
    ("연합뉴스", "Yonhap"),
    ("共同通信", "Kyodo"),
    ("新华社", "Xinhua"),
    # not agencies
    ("Sana", None),
    ("Mena", None),
    ("Reuters, AFP", None),
    ("NNN-MENA", None),
    ("Omar Obeidat", None),
    ("JT", None),
    ("Jordan Times", None),
    ("Editorial", None),
    ("", None),
    ("   ", None),
    ("Agencies", None),
    ("Apa", None),
]


@pytest.mark.parametrize(
    ("raw", "expected"), agency_cases, ids=[c[0] or "<empty>" for c in agency_cases]
)
def test_canonical_agency(raw, expected):
    assert canonical_agency(raw) == expected


desk_cases = [
    ("JT", "JT"),
    ("jt", "JT"),
    ("Jordan Times", "Jordan Times"),
    ("The Jordan Times", "Jordan Times"),
    ("JORDAN TIMES", "Jordan Times"),
    ("Editorial", "Editorial"),
    ("The Editorial Board", "Editorial Board"),
    ("Staff Writer", "Staff Writer"),
    ("MEE staff", "MEE staff"),
    ("MEE correspondent", "MEE correspondent"),
    ("Agencies", "Agencies"),
    ("News agencies", "Agencies"),
    ("With agencies", "Agencies"),
    ("Saudi Gazette report", "Saudi Gazette report"),
    ("Asharq Al-Awsat", "Asharq Al-Awsat"),
    ("AAWSAT", "Asharq Al-Awsat"),
    ("Al Jazeera and news agencies", "Al Jazeera"),
    ("Al Jazeera", "Al Jazeera"),
    ("AMMONNEWS", "Ammon News"),
    ("Arab News", "Arab News"),
    ("Gulf News Report", "Gulf News report"),
    ("CNN Wire", "CNN Wire"),
    ("Al-Monitor Staff", "Al-Monitor Staff"),
    # "agencies" and "the newsroom" in other languages
    ("Agenturen", "Agencies"),
    ("agencias", "Agencies"),
    ("Redaktion", "Redaktion"),
    ("Die Redaktion", "Redaktion"),
    ("Redacción", "Redacción"),
    ("la rédaction", "Rédaction"),
    ("Redazione", "Redazione"),
    ("Teufel Blog Redaktion", "Teufel Blog Redaktion"),
    ("auto-motor.at Redaktion", "auto-motor.at Redaktion"),
    ("revamp-it Webteam", "revamp-it Webteam"),
    ("Redaktion Polizeiticker Schweiz", "Redaktion Polizeiticker Schweiz"),
    # outlets named by a domain, a legal form or a trade, and CJK outlet names
    ("katholisch.at", "katholisch.at"),
    ("wien.ORF.at", "wien.ORF.at"),
    ("Suedtirol Online", "Suedtirol Online"),
    ("BBC News", "BBC News"),
    ("NATURSTROM AG", "NATURSTROM AG"),
    ("한국일보", "한국일보"),
    ("台北時報", "台北時報"),
    ("読売新聞オンライン", "読売新聞オンライン"),
    ("University of Michigan", "University of Michigan"),
    # not desks
    ("Special to Arab News", None),
    ("Emily Post", None),
    ("Jane Redaktion-Smith", None),
    ("Reuters", None),
    ("Reuters staff", None),
    ("Omar Obeidat", None),
    ("Religion Editor", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("raw", "expected"), desk_cases, ids=[c[0] or "<empty>" for c in desk_cases]
)
def test_desk_name(raw, expected):
    assert desk_name(raw) == expected


def test_site_desks_are_recognised_with_their_own_spelling():
    assert desk_name("roya news desk", site_desks=("Roya News Desk",)) == "Roya News Desk"
    assert desk_name("Jo24", site_desks=("Jo24",)) == "Jo24"
    assert desk_name("Jo24") is None


@pytest.mark.parametrize(
    ("canonical", "alias"), [(c, a) for c, aliases in AGENCIES.items() for a in aliases]
)
def test_every_alias_maps_to_its_canonical_name(canonical, alias):
    if alias.casefold() in {"sana", "mena", "wafa"}:
        alias = alias.upper()
    assert canonical_agency(alias) == canonical


@pytest.mark.parametrize("canonical", REQUIRED_CANONICAL)
def test_required_canonical_names_exist(canonical):
    assert canonical in AGENCIES
    assert canonical_agency(canonical) == canonical


ODD = [
    "",
    " ",
    "\x00",
    "((((",
    "()",
    "(,)",
    ",,,",
    "the",
    "The ",
    "x" * 10000,
    "🙂",
    "AP AP",
    None,
    42,
]


@pytest.mark.parametrize("odd", ODD, ids=[repr(o)[:20] for o in ODD])
def test_agency_functions_never_raise(odd):
    assert canonical_agency(odd) is None or isinstance(canonical_agency(odd), str)
    assert desk_name(odd) is None or isinstance(desk_name(odd), str)
