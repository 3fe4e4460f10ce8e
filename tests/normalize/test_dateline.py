"""Datelines: place, country, agency and date split off the first paragraph; closing credits."""

import pytest

from newscrawl.normalize.dateline import place_country, split_dateline, strip_trailing_credits


def line(raw, dateline, places, countries, agencies=(), date_text=None, desk=None):
    return {
        "raw": raw,
        "dateline": dateline,
        "places": list(places),
        "countries": list(countries),
        "agencies": list(agencies),
        "date_text": date_text,
        "desk": desk,
    }


cases = [
    # separators (formats.md §4.1)
    (
        "AMMAN — The government said",
        line("AMMAN —", "AMMAN", ["Amman"], ["JO"]),
        "The government said",
    ),
    (
        "AMMAN – The government said",
        line("AMMAN –", "AMMAN", ["Amman"], ["JO"]),
        "The government said",
    ),
    (
        "AMMAN\u00a0– The government said",
        line("AMMAN –", "AMMAN", ["Amman"], ["JO"]),
        "The government said",
    ),
    (
        "AMMAN&nbsp;&ndash; The government",
        line("AMMAN –", "AMMAN", ["Amman"], ["JO"]),
        "The government",
    ),
    (
        "AMMAN\u00a0\u2014\u00a0The government",
        line("AMMAN —", "AMMAN", ["Amman"], ["JO"]),
        "The government",
    ),
    ("KUWAIT - The cabinet", line("KUWAIT -", "KUWAIT", ["Kuwait"], ["KW"]), "The cabinet"),
    ("TEHRAN- Iran said", line("TEHRAN-", "TEHRAN", ["Tehran"], ["IR"]), "Iran said"),
    ("CAIRO - Egypt said", line("CAIRO -", "CAIRO", ["Cairo"], ["EG"]), "Egypt said"),
    (
        "AMMONNEWS - The ministry",
        line("AMMONNEWS -", "", [], [], desk="Ammon News"),
        "The ministry",
    ),
    (
        "ABU DHABI // The emirate",
        line("ABU DHABI //", "ABU DHABI", ["Abu Dhabi"], ["AE"]),
        "The emirate",
    ),
    ("DUBAI // Shoppers", line("DUBAI //", "DUBAI", ["Dubai"], ["AE"]), "Shoppers"),
    ("RIYADH: Saudi Arabia", line("RIYADH:", "RIYADH", ["Riyadh"], ["SA"]), "Saudi Arabia"),
    ("DUBAI: Flights", line("DUBAI:", "DUBAI", ["Dubai"], ["AE"]), "Flights"),
    ("KUWAIT: The assembly", line("KUWAIT:", "KUWAIT", ["Kuwait"], ["KW"]), "The assembly"),
    ("AMMAN—The king", line("AMMAN—", "AMMAN", ["Amman"], ["JO"]), "The king"),
    # agencies in brackets (formats.md §3.1)
    (
        "AMMAN (Petra) — The king",
        line("AMMAN (Petra) —", "AMMAN", ["Amman"], ["JO"], ["Petra"]),
        "The king",
    ),
    (
        "AMMAN (Reuters) – Jordan",
        line("AMMAN (Reuters) –", "AMMAN", ["Amman"], ["JO"], ["Reuters"]),
        "Jordan",
    ),
    (
        "BERLIN (Reuters) - Germany",
        line("BERLIN (Reuters) -", "BERLIN", ["Berlin"], ["DE"], ["Reuters"]),
        "Germany",
    ),
    ("CAIRO (AP) — Egypt", line("CAIRO (AP) —", "CAIRO", ["Cairo"], ["EG"], ["AP"]), "Egypt"),
    (
        "TAIPEI (AFP) - - Taiwan",
        line("TAIPEI (AFP) - -", "TAIPEI", ["Taipei"], ["TW"], ["AFP"]),
        "Taiwan",
    ),
    ("ROME (AFP) - – Italy", line("ROME (AFP) - –", "ROME", ["Rome"], ["IT"], ["AFP"]), "Italy"),
    ("Tokyo (AFP) – Japan", line("Tokyo (AFP) –", "Tokyo", ["Tokyo"], ["JP"], ["AFP"]), "Japan"),
    (
        "Tel Aviv (dpa) - Israel",
        line("Tel Aviv (dpa) -", "Tel Aviv", ["Tel Aviv"], ["IL"], ["dpa"]),
        "Israel",
    ),
    ("GAZA dpa ■ Gaza", line("GAZA dpa ■", "GAZA", ["Gaza"], ["PS"], ["dpa"]), "Gaza"),
    (
        "ANKARA (AA) – Turkey",
        line("ANKARA (AA) –", "ANKARA", ["Ankara"], ["TR"], ["Anadolu"]),
        "Turkey",
    ),
    (
        "ISTANBUL (AA) – Turkey",
        line("ISTANBUL (AA) –", "ISTANBUL", ["Istanbul"], ["TR"], ["Anadolu"]),
        "Turkey",
    ),
    (
        "DHAKA, Bangladesh (AA) – Rohingya",
        line("DHAKA, Bangladesh (AA) –", "DHAKA, Bangladesh", ["Dhaka"], ["BD"], ["Anadolu"]),
        "Rohingya",
    ),
    (
        "ASTANA, Kazakhstan (AP) — Talks",
        line("ASTANA, Kazakhstan (AP) —", "ASTANA, Kazakhstan", ["Astana"], ["KZ"], ["AP"]),
        "Talks",
    ),
    (
        "LA CROSSE, Wis. (AP) — A man",
        line("LA CROSSE, Wis. (AP) —", "LA CROSSE, Wis.", ["La Crosse"], ["US"], ["AP"]),
        "A man",
    ),
    (
        "MINA, Saudi Arabia — Pilgrims",
        line("MINA, Saudi Arabia —", "MINA, Saudi Arabia", ["Mina"], ["SA"]),
        "Pilgrims",
    ),
    # dates in the dateline
    (
        "CAIRO, Feb. 4 (Xinhua) -- text",
        line("CAIRO, Feb. 4 (Xinhua) --", "CAIRO", ["Cairo"], ["EG"], ["Xinhua"], "Feb. 4"),
        "text",
    ),
    (
        "RIYADH, June 29 (Xinhua) -- Saudi",
        line("RIYADH, June 29 (Xinhua) --", "RIYADH", ["Riyadh"], ["SA"], ["Xinhua"], "June 29"),
        "Saudi",
    ),
    (
        "BEIRUT, May 30 (Reuters) - Syria",
        line("BEIRUT, May 30 (Reuters) -", "BEIRUT", ["Beirut"], ["LB"], ["Reuters"], "May 30"),
        "Syria",
    ),
    (
        "PARIS, Dec 23 (Reuters) - France",
        line("PARIS, Dec 23 (Reuters) -", "PARIS", ["Paris"], ["FR"], ["Reuters"], "Dec 23"),
        "France",
    ),
    (
        "AKCAKALE, Turkey, Sept 19 (Reuters) - Kurds",
        line(
            "AKCAKALE, Turkey, Sept 19 (Reuters) -",
            "AKCAKALE, Turkey",
            ["Akcakale"],
            ["TR"],
            ["Reuters"],
            "Sept 19",
        ),
        "Kurds",
    ),
    (
        "Amman, Aug. 15 (Petra) -- The",
        line("Amman, Aug. 15 (Petra) --", "Amman", ["Amman"], ["JO"], ["Petra"], "Aug. 15"),
        "The",
    ),
    (
        "Dubai, 29th November, 2015 (WAM) - The",
        line(
            "Dubai, 29th November, 2015 (WAM) -",
            "Dubai",
            ["Dubai"],
            ["AE"],
            ["WAM"],
            "29th November, 2015",
        ),
        "The",
    ),
    (
        "CAIRO, Feb 3 (NNN-MENA) – Egypt",
        line("CAIRO, Feb 3 (NNN-MENA) –", "CAIRO", ["Cairo"], ["EG"], ["NNN", "MENA"], "Feb 3"),
        "Egypt",
    ),
    (
        "CAIRO - 5 June 2021: The",
        line("CAIRO - 5 June 2021:", "CAIRO", ["Cairo"], ["EG"], date_text="5 June 2021"),
        "The",
    ),
    (
        "CAIRO-25 November 2021: The",
        line("CAIRO-25 November 2021:", "CAIRO", ["Cairo"], ["EG"], date_text="25 November 2021"),
        "The",
    ),
    # several places, regions, special places (jordantimes.md §9)
    (
        "BEIRUT/AMMAN — Syrian",
        line("BEIRUT/AMMAN —", "BEIRUT/AMMAN", ["Beirut", "Amman"], ["LB", "JO"]),
        "Syrian",
    ),
    (
        "BEIRUT/THE HAGUE — The",
        line("BEIRUT/THE HAGUE —", "BEIRUT/THE HAGUE", ["Beirut", "The Hague"], ["LB", "NL"]),
        "The",
    ),
    (
        "CAIRO/ALEXANDRIA — x",
        line("CAIRO/ALEXANDRIA —", "CAIRO/ALEXANDRIA", ["Cairo", "Alexandria"], ["EG"]),
        "x",
    ),
    ("NAJAF, Iraq — Shiite", line("NAJAF, Iraq —", "NAJAF, Iraq", ["Najaf"], ["IQ"]), "Shiite"),
    (
        "OCCUPIED JERUSALEM — Israeli",
        line("OCCUPIED JERUSALEM —", "OCCUPIED JERUSALEM", ["Occupied Jerusalem"], ["PS"]),
        "Israeli",
    ),
    (
        "UNITED NATIONS — The",
        line("UNITED NATIONS —", "UNITED NATIONS", ["United Nations"], []),
        "The",
    ),
    ("AQABA — Tourism", line("AQABA —", "AQABA", ["Aqaba"], ["JO"]), "Tourism"),
    ("PETRA – Visitors", line("PETRA –", "PETRA", ["Petra"], ["JO"]), "Visitors"),
    ("DEAD SEA — Leaders", line("DEAD SEA —", "DEAD SEA", ["Dead Sea"], []), "Leaders"),
    # desks merged into the dateline, MENAFN prefix
    (
        "Saudi Gazette report RIYADH — The",
        line(
            "Saudi Gazette report RIYADH —",
            "RIYADH",
            ["Riyadh"],
            ["SA"],
            desk="Saudi Gazette report",
        ),
        "The",
    ),
    (
        "London, Asharq Al-Awsat— The",
        line("London, Asharq Al-Awsat—", "London", ["London"], ["GB"], desk="Asharq Al-Awsat"),
        "The",
    ),
    (
        "(MENAFN- Kuwait News Agency (KUNA)) KUWAIT - The",
        line(
            "(MENAFN- Kuwait News Agency (KUNA)) KUWAIT -", "KUWAIT", ["Kuwait"], ["KW"], ["KUNA"]
        ),
        "The",
    ),
    # never a false dateline
    (
        "The Central Bank of Jordan on Saturday said",
        None,
        "The Central Bank of Jordan on Saturday said",
    ),
    ("In 2014, the bank - which was founded", None, "In 2014, the bank - which was founded"),
    ("Minister Khasawneh: we will act", None, "Minister Khasawneh: we will act"),
    ("Abu Dhabi: The emirate", None, "Abu Dhabi: The emirate"),
    (
        '"We will never - ever - give up," he said',
        None,
        '"We will never - ever - give up," he said',
    ),
    ("“Jordan — a stable country”", None, "“Jordan — a stable country”"),
    ("- First, the plan", None, "- First, the plan"),
    ("1. Prices - up", None, "1. Prices - up"),
    ("Jordan - along with Egypt - has", None, "Jordan - along with Egypt - has"),
    ("Egypt — officials said", None, "Egypt — officials said"),
    ("Mohammed — who was", None, "Mohammed — who was"),
    ("UPDATE: the ministry", None, "UPDATE: the ministry"),
    ("BREAKING - Ministry", None, "BREAKING - Ministry"),
    ("EXCLUSIVE: Talks", None, "EXCLUSIVE: Talks"),
    ("NOTE: prices", None, "NOTE: prices"),
    ("Reuters - The agency", None, "Reuters - The agency"),
    ("A — B", None, "A — B"),
    ("", None, ""),
    ("   ", None, ""),
]


@pytest.mark.parametrize(
    ("text", "expected", "rest"), cases, ids=[c[0] or "<empty>" for c in cases]
)
def test_split_dateline(text, expected, rest):
    dateline, remainder = split_dateline(text)
    assert (dateline.to_dict() if dateline else None) == expected
    assert remainder == rest


colon_cases = [
    (
        "Abu Dhabi: The emirate",
        line("Abu Dhabi:", "Abu Dhabi", ["Abu Dhabi"], ["AE"]),
        "The emirate",
    ),
    ("Dubai: Flights", line("Dubai:", "Dubai", ["Dubai"], ["AE"]), "Flights"),
    ("RIYADH: Saudi", line("RIYADH:", "RIYADH", ["Riyadh"], ["SA"]), "Saudi"),
    (
        "ZAATARI CAMP: Refugees",
        line("ZAATARI CAMP:", "ZAATARI CAMP", ["Zaatari Camp"], []),
        "Refugees",
    ),
    ("Minister Khasawneh: we will act", None, "Minister Khasawneh: we will act"),
    ("Note: prices", None, "Note: prices"),
]


@pytest.mark.parametrize(("text", "expected", "rest"), colon_cases, ids=[c[0] for c in colon_cases])
def test_split_dateline_colon_style(text, expected, rest):
    dateline, remainder = split_dateline(text, colon_style=True)
    assert (dateline.to_dict() if dateline else None) == expected
    assert remainder == rest


def test_byline_line_before_dateline_is_left_for_the_byline_parser():
    assert split_dateline("By SM Najmus Sakib") == (None, "By SM Najmus Sakib")
    dateline, rest = split_dateline("DHAKA, Bangladesh (AA) – Rohingya refugees")
    assert dateline is not None
    assert dateline.agencies == ["Anadolu"]
    assert rest == "Rohingya refugees"


place_cases = [
    ("Najaf", "IQ"),
    ("NAJAF, Iraq", "IQ"),
    ("Amman", "JO"),
    ("AMMAN", "JO"),
    ("Abu Dhabi", "AE"),
    ("Riyadh", "SA"),
    ("Mecca", "SA"),
    ("Medina", "SA"),
    ("Karak", "JO"),
    ("Salt", "JO"),
    ("Petra", "JO"),
    ("Kuwait", "KW"),
    ("Beirut", "LB"),
    ("The Hague", "NL"),
    ("Tripoli", "LY"),
    ("Tripoli, Lebanon", "LB"),
    ("Alexandria", "EG"),
    ("Gaza", "PS"),
    ("Ramallah", "PS"),
    ("Occupied Jerusalem", "PS"),
    ("Akcakale", "TR"),
    ("Akçakale", "TR"),
    ("LA CROSSE, Wis.", "US"),
    ("Mina, Saudi Arabia", "SA"),
    ("Jordan", "JO"),
    ("Turkey", "TR"),
    ("UAE", "AE"),
    ("Syria", "SY"),
    ("United Nations", None),
    ("Xyzzyville", None),
    ("", None),
]


@pytest.mark.parametrize(
    ("place", "expected"), place_cases, ids=[c[0] or "<empty>" for c in place_cases]
)
def test_place_country(place, expected):
    assert place_country(place) == expected


credit_cases = [
    (["Para one.", "Para two.", "— SPA"], ["Para one.", "Para two."], ["SPA"]),
    (["Para one.", "He said so. — SPA"], ["Para one.", "He said so."], ["SPA"]),
    (["Para one.", "He said so. (end)"], ["Para one.", "He said so."], []),
    (["Para one.", "(end)"], ["Para one."], []),
    (["Para one.", "(end) ibm.gta"], ["Para one."], []),
    (["Para one.", "– Emirates News Agency, WAM –"], ["Para one."], ["WAM"]),
    (["Para one.", "- Emirates News Agency, WAM -"], ["Para one."], ["WAM"]),
    (["Para one. - Emirates News Agency, WAM -"], ["Para one."], ["WAM"]),
    (["Para one.", "(Reuters)"], ["Para one."], ["Reuters"]),
    (["Para one.", "AFP", ""], ["Para one."], ["AFP"]),
    (["Para one.", "SS15/8/2017 - 04:46:46 PM"], ["Para one."], []),
    (["Para one.", "Source: Al Jazeera and news agencies"], ["Para one."], []),
    (["Para one.", "With agencies"], ["Para one."], []),
    (["Para one.", "He spoke to SPA on Monday."], ["Para one.", "He spoke to SPA on Monday."], []),
    (["the Jordan News Agency, Petra, reported"], ["the Jordan News Agency, Petra, reported"], []),
    ([], [], []),
]


@pytest.mark.parametrize(
    ("paragraphs", "kept", "agencies"), credit_cases, ids=[repr(c[0][-1:]) for c in credit_cases]
)
def test_strip_trailing_credits(paragraphs, kept, agencies):
    assert strip_trailing_credits(paragraphs) == (kept, agencies)


ODD = [
    "", " ", "\x00", "((((", "))))", "—", "– –", "::", "//", "■", "&nbsp;", "&amp;&#",
    "1" * 500, "AMMAN " * 200 + "—", "AMMAN/" * 200 + " —", "A" * 5000 + " —", "(MENAFN-",
    "(MENAFN- (((", "Saudi Gazette report", "\u202e\u200f", "🙂 — x", "قال الوزير — x",
    "x" * 10000, "CAIRO, Feb. 99 (Xinhua) --", "CAIRO, (",
]  # fmt: skip


@pytest.mark.parametrize("odd", ODD, ids=[repr(o[:20]) for o in ODD])
def test_dateline_functions_never_raise(odd):
    for colon_style in (False, True):
        _, rest = split_dateline(odd, colon_style=colon_style)
        assert isinstance(rest, str)
    assert place_country(odd) is None or len(place_country(odd)) == 2
    kept, agencies = strip_trailing_credits([odd, odd])
    assert isinstance(kept, list)
    assert isinstance(agencies, list)
