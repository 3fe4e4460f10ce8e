"""Arabic bylines, datelines, dates, body text and search folding: one table per normalizer.

Every form of ../shared/reference/arabic.md has a row. The English tables beside this file are
unchanged: Arabic text goes through the same public functions and comes back under the same keys.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from newscrawl.normalize.arabic import (
    arabic_date_text,
    fold,
    hijri_to_gregorian,
    is_arabic_furniture,
    search_stem,
)
from newscrawl.normalize.body import clean_paragraphs, clean_text
from newscrawl.normalize.byline import normalize_author_names, normalize_byline
from newscrawl.normalize.dateline import split_dateline, strip_trailing_credits
from newscrawl.normalize.dates import explain_date, parse_date

# -- bylines --------------------------------------------------------------------------------

BYLINES = [
    # printed, authors, agencies, desks, kind
    ("كتب: محمد الخالدي", ["محمد الخالدي"], [], [], "person"),
    ("كتب - محمد الخالدي", ["محمد الخالدي"], [], [], "person"),
    ("كتب محمد الخالدي", ["محمد الخالدي"], [], [], "person"),
    ("كتبت: هبة العيسى", ["هبة العيسى"], [], [], "person"),
    ("بقلم: فهد الخيطان", ["فهد الخيطان"], [], [], "person"),
    ("إعداد: رنا حداد", ["رنا حداد"], [], [], "person"),
    ("تحرير - أحمد سالم", ["أحمد سالم"], [], [], "person"),
    ("ترجمة: علي حسن", [], [], [], "none"),
    # several authors: و is joined to the next name
    ("كتب: سامر الخطيب وهبة العيسى", ["سامر الخطيب", "هبة العيسى"], [], [], "person"),
    ("كتب: سامر الخطيب و هبة العيسى", ["سامر الخطيب", "هبة العيسى"], [], [], "person"),
    ("كتب: سامر الخطيب، هبة العيسى ومحمد علي",
     ["سامر الخطيب", "هبة العيسى", "محمد علي"], [], [], "person"),
    # names that begin with و are names, not "and" + name
    ("وليد حسني", ["وليد حسني"], [], [], "person"),
    ("كتب: وائل الجاغوب", ["وائل الجاغوب"], [], [], "person"),
    ("كتب: وليد حسني ووفاء مطالقة", ["وليد حسني", "وفاء مطالقة"], [], [], "person"),
    ("كتبت: وسام السعايدة", ["وسام السعايدة"], [], [], "person"),
    # honorifics
    ("بقلم: د. فهد الخيطان", ["فهد الخيطان"], [], [], "person"),
    ("كتب: م. خالد الزعبي", ["خالد الزعبي"], [], [], "person"),
    ("الدكتور محمد أبو رمان", ["محمد أبو رمان"], [], [], "person"),
    # wire agencies, by their canonical names
    ("رويترز", [], ["Reuters"], [], "agency"),
    ("بترا", [], ["Petra"], [], "agency"),
    ("وكالة الأنباء الأردنية", [], ["Petra"], [], "agency"),
    ("أ ف ب", [], ["AFP"], [], "agency"),
    ("فرانس برس", [], ["AFP"], [], "agency"),
    ("(أ ش أ)", [], ["MENA"], [], "agency"),
    ("واس", [], ["SPA"], [], "agency"),
    ("وام", [], ["WAM"], [], "agency"),
    ("قنا", [], ["QNA"], [], "agency"),
    ("كونا", [], ["KUNA"], [], "agency"),
    ("سانا", [], ["SANA"], [], "agency"),
    ("الأناضول", [], ["Anadolu"], [], "agency"),
    ("د ب أ", [], ["dpa"], [], "agency"),
    ("شينخوا", [], ["Xinhua"], [], "agency"),
    ("وفا", [], ["WAFA"], [], "agency"),
    ("العمانية", [], ["ONA"], [], "agency"),
    ("كتب: محمد الخالدي - رويترز", ["محمد الخالدي"], ["Reuters"], [], "mixed"),
    # agencies in general and desks are not people
    ("وكالات", [], [], ["Agencies"], "staff"),
    ("وكالات الأنباء", [], [], ["Agencies"], "staff"),
    ("محرر الشؤون المحلية", [], [], ["محرر الشؤون المحلية"], "staff"),
    ("المحرر الاقتصادي", [], [], ["المحرر الاقتصادي"], "staff"),
    ("الرأي", [], [], ["الرأي"], "staff"),  # the paper itself (a site desk)
    ("منوعات", [], [], [], "none"),  # a section name in the author slot
    ("محليات", [], [], [], "none"),
    # direction marks are not part of a name
    ("\u202bكتب: محمد الخالدي\u202c", ["محمد الخالدي"], [], [], "person"),
]  # fmt: skip


@pytest.mark.parametrize(("printed", "authors", "agencies", "desks", "kind"), BYLINES)
def test_arabic_byline(printed, authors, agencies, desks, kind) -> None:
    found = normalize_byline(printed, site_desks=("الرأي",))
    assert (found.authors, found.agencies, found.desks, found.kind) == (
        authors,
        agencies,
        desks,
        kind,
    )


def test_byline_keeps_roles_and_places() -> None:
    assert normalize_byline("إعداد: رنا حداد").roles == ["إعداد"]
    assert normalize_byline("عمان - بترا").places == ["Amman"]
    found = normalize_byline("القاهرة: فتحية الدخاخني")
    assert (found.authors, found.places) == (["فتحية الدخاخني"], ["Cairo"])
    found = normalize_byline("لندن - الشرق الأوسط", site_desks=("الشرق الأوسط",))
    assert (found.authors, found.desks, found.places) == ([], ["الشرق الأوسط"], ["London"])


def test_author_names_from_markup_in_arabic() -> None:
    found = normalize_author_names(["سامر الخطيب وهبة العيسى", "رويترز", "وكالات"])
    assert (found.authors, found.agencies, found.desks) == (
        ["سامر الخطيب", "هبة العيسى"],
        ["Reuters"],
        ["Agencies"],
    )


# -- datelines ------------------------------------------------------------------------------

DATELINES = [
    # first paragraph, raw, dateline, places, countries, agencies, story start
    ("عمان - بترا - أكد وزير الخارجية", "عمان - بترا -", "عمان", ["Amman"], ["JO"], ["Petra"],
     "أكد وزير الخارجية"),
    ("القاهرة - (أ ش أ) - قال الوزير", "القاهرة - (أ ش أ) -", "القاهرة", ["Cairo"], ["EG"],
     ["MENA"], "قال الوزير"),
    ("بيروت (رويترز) - قال مسؤول", "بيروت (رويترز) -", "بيروت", ["Beirut"], ["LB"],
     ["Reuters"], "قال مسؤول"),
    ("الرياض - واس: أعلنت الوزارة", "الرياض - واس:", "الرياض", ["Riyadh"], ["SA"], ["SPA"],
     "أعلنت الوزارة"),
    ("دمشق-سانا أعلنت الحكومة", "دمشق-سانا", "دمشق", ["Damascus"], ["SY"], ["SANA"],
     "أعلنت الحكومة"),
    ("الدوحة – قنا – وقع البلدان", "الدوحة – قنا –", "الدوحة", ["Doha"], ["QA"], ["QNA"],
     "وقع البلدان"),
    ("غزة — (الأناضول) — قصفت", "غزة — (الأناضول) —", "غزة", ["Gaza"], ["PS"], ["Anadolu"],
     "قصفت"),
    ("عمان 24 آذار (بترا) - استقبل", "عمان 24 آذار (بترا) -", "عمان", ["Amman"], ["JO"],
     ["Petra"], "استقبل"),
    ("القاهرة - قال الوزير", "القاهرة -", "القاهرة", ["Cairo"], ["EG"], [], "قال الوزير"),
    ("إربد: افتتح المحافظ", "إربد:", "إربد", ["Irbid"], ["JO"], [], "افتتح المحافظ"),
    ("رام الله - وفا - قالت", "رام الله - وفا -", "رام الله", ["Ramallah"], ["PS"], ["WAFA"],
     "قالت"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "raw", "dateline", "places", "countries", "agencies", "rest"), DATELINES
)
def test_arabic_dateline(text, raw, dateline, places, countries, agencies, rest) -> None:
    found, story = split_dateline(text, country="JO")
    assert found is not None
    assert (found.raw, found.dateline, found.places, found.countries, found.agencies) == (
        raw,
        dateline,
        places,
        countries,
        agencies,
    )
    assert story == rest


def test_paper_credited_in_the_dateline_is_a_desk() -> None:
    found, story = split_dateline("عمان - الغد - قررت اللجنة")
    assert found is not None
    assert (found.places, found.agencies, found.desk, story) == (
        ["Amman"],
        [],
        "الغد",
        "قررت اللجنة",
    )


@pytest.mark.parametrize(
    ("text", "country", "place", "iso"),
    [
        ("عمان - بترا - أكد", "JO", "Amman", "JO"),
        ("عمان - (رويترز) - قال", "AE", "Amman", "JO"),  # a city by default: Oman files from مسقط
        ("عمان - العمانية - قال", "JO", "Oman", "OM"),  # Oman's own agency
        ("عمان - قال الوزير", "OM", "Oman", "OM"),  # an Omani site
    ],
)
def test_amman_or_oman(text, country, place, iso) -> None:
    found, _ = split_dateline(text, country=country)
    assert found is not None
    assert (found.places, found.countries) == ([place], [iso])


@pytest.mark.parametrize(
    "text",
    [
        "قال الوزير - إن الحكومة ستواصل",  # a sentence, not a place
        "أكد رئيس الوزراء: الأردن ماض في الإصلاح",  # a quotation label
        "الحكومة - رويترز - قالت",  # no known place before the credit
    ],
)
def test_not_a_dateline(text) -> None:
    found, story = split_dateline(text, country="JO")
    assert found is None
    assert story == text


def test_closing_arabic_credits_are_removed() -> None:
    body = ["نص الخبر الأول.", "نص الخبر الثاني.", "(بترا)"]
    kept, agencies = strip_trailing_credits(body)
    assert (kept, agencies) == (["نص الخبر الأول.", "نص الخبر الثاني."], ["Petra"])
    kept, agencies = strip_trailing_credits(["نص الخبر.", "المصدر: وكالات"])
    assert (kept, agencies) == (["نص الخبر."], [])


# -- dates ----------------------------------------------------------------------------------

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)  # 15:00 in Amman (UTC+3 all year since late 2022)

DATES = [
    # printed, zone, ISO value, precision
    ("الاثنين 13 شباط 2017", "Asia/Amman", "2017-02-13T00:00:00+02:00", "day"),
    ("13 كانون الثاني 2024", "Asia/Amman", "2024-01-13T00:00:00+03:00", "day"),
    ("1 كانون الأول 2023", "Asia/Amman", "2023-12-01T00:00:00+03:00", "day"),
    ("5 تشرين الأول 2023", "Asia/Amman", "2023-10-05T00:00:00+03:00", "day"),
    ("20 تشرين الثاني 2023", "Asia/Amman", "2023-11-20T00:00:00+03:00", "day"),
    ("2 آب 2022", "Asia/Amman", "2022-08-02T00:00:00+03:00", "day"),
    ("9 أيلول 2022", "Asia/Amman", "2022-09-09T00:00:00+03:00", "day"),
    ("11 أيار 2021", "Asia/Amman", "2021-05-11T00:00:00+03:00", "day"),
    ("13 آذار (مارس) 2024 الساعة 10:30 م", "Asia/Amman", "2024-03-13T22:30:00+03:00", "minute"),
    ("الأحد، ٢٤ مارس ٢٠٢٤ - ٠٩:١٥ ص", "Africa/Cairo", "2024-03-24T09:15:00+02:00", "minute"),
    ("الخميس 5 أكتوبر 2023 12:05 م", "Africa/Cairo", "2023-10-05T12:05:00+03:00", "minute"),
    ("3 إبريل 2023", "Africa/Cairo", "2023-04-03T00:00:00+02:00", "day"),
    ("12 يونيه 2023", "Africa/Cairo", "2023-06-12T00:00:00+03:00", "day"),
    ("٧ يوليو ٢٠٢٣ م", "Asia/Riyadh", "2023-07-07T00:00:00+03:00", "day"),
    ("۱۲ ديسمبر ۲۰۲۳", "Asia/Riyadh", "2023-12-12T00:00:00+03:00", "day"),
    ("24/03/2024", "Asia/Amman", "2024-03-24T00:00:00+03:00", "day"),
    ("٢٤/٠٣/٢٠٢٤ ١٤:٣٠", "Asia/Amman", "2024-03-24T14:30:00+03:00", "minute"),
    # labels
    ("نشر في 24 آذار 2024", "Asia/Amman", "2024-03-24T00:00:00+03:00", "day"),
    ("تاريخ النشر: 05 يونيو 2023", "Asia/Riyadh", "2023-06-05T00:00:00+03:00", "day"),
    ("نشر في: الاثنين 13 شباط 2017 - 10:30 م | آخر تحديث: الثلاثاء 14 شباط 2017",
     "Asia/Amman", "2017-02-13T22:30:00+02:00", "minute"),
    ("آخر تحديث: 14 شباط 2017", "Asia/Amman", "2017-02-14T00:00:00+02:00", "day"),
    # relative
    ("منذ 3 ساعات", "Asia/Amman", "2026-01-15T12:00:00+03:00", "minute"),
    ("منذ ساعة", "Asia/Amman", "2026-01-15T14:00:00+03:00", "minute"),
    ("منذ ساعتين", "Asia/Amman", "2026-01-15T13:00:00+03:00", "minute"),
    ("منذ 5 دقائق", "Asia/Amman", "2026-01-15T14:55:00+03:00", "minute"),
    ("منذ يومين", "Asia/Amman", "2026-01-13T00:00:00+03:00", "day"),
    ("قبل 3 أيام", "Asia/Amman", "2026-01-12T00:00:00+03:00", "day"),
    ("أمس", "Asia/Amman", "2026-01-14T00:00:00+03:00", "day"),
    # Hijri (Umm al-Qura); the Gregorian date printed beside it wins
    ("1 رمضان 1445 هـ", "Asia/Riyadh", "2024-03-11T00:00:00+03:00", "day"),
    ("1 محرم 1446هـ", "Asia/Riyadh", "2024-07-07T00:00:00+03:00", "day"),
    ("١٥ رمضان ١٤٤٥ هـ", "Asia/Riyadh", "2024-03-25T00:00:00+03:00", "day"),
    ("10 ذو الحجة 1444 هـ", "Asia/Riyadh", "2023-06-28T00:00:00+03:00", "day"),
    ("الأحد 14 رمضان 1445 هـ الموافق 24 مارس 2024", "Asia/Riyadh",
     "2024-03-24T00:00:00+03:00", "day"),
    ("الأحد - 14 رمضان 1445 هـ - 24 مارس 2024 مـ", "Asia/Riyadh",
     "2024-03-24T00:00:00+03:00", "day"),
    ("٣٠ شعبان ١٤٤٥ هـ الموافق ١٠ آذار (مارس) ٢٠٢٤", "Asia/Amman",
     "2024-03-10T00:00:00+03:00", "day"),
]  # fmt: skip


@pytest.mark.parametrize(("printed", "zone", "value", "precision"), DATES)
def test_arabic_date(printed, zone, value, precision) -> None:
    parsed, reason = explain_date(printed, tz=zone, day_first=True, now=NOW)
    assert reason == "ok", arabic_date_text(printed)
    assert parsed is not None
    assert parsed.value == datetime.fromisoformat(value)
    assert parsed.value.utcoffset() == datetime.fromisoformat(value).utcoffset()
    assert parsed.precision == precision


@pytest.mark.parametrize(
    ("printed", "reason"),
    [
        ("الأحد", "unparsed"),  # a weekday names no particular day
        ("محليات", "unparsed"),
        ("1 محرم 1460 هـ", "future"),
        ("منذ 3 ساعات", "ok"),  # three hours ago is the past, never the future
    ],
)
def test_arabic_date_reasons(printed, reason) -> None:
    assert explain_date(printed, tz="Asia/Amman", now=NOW)[1] == reason


def test_umm_al_qura_reference_points() -> None:
    assert hijri_to_gregorian(1445, 9, 1) == date(2024, 3, 11)
    assert hijri_to_gregorian(1446, 1, 1) == date(2024, 7, 7)
    assert hijri_to_gregorian(1200, 1, 1) is None  # outside the calendar's table


def test_english_dates_are_untouched() -> None:
    parsed = parse_date("March 24, 2024 10:15 PM", tz="Asia/Amman", now=NOW)
    assert parsed is not None
    assert parsed.value == datetime.fromisoformat("2024-03-24T22:15:00+03:00")


# -- body text ------------------------------------------------------------------------------


def test_body_keeps_diacritics_and_tatweel_but_not_direction_controls() -> None:
    printed = "\u202bقال الوزيرُ إنّ الطـريق\u200f مفتوحة\u2069\u202c"
    assert clean_text(printed) == "قال الوزيرُ إنّ الطـريق مفتوحة"


@pytest.mark.parametrize(
    "line",
    [
        "شارك الخبر",
        "شارك",
        "اقرأ أيضاً",
        "اقرأ أيضا",
        "الوسوم: التعليم، المدارس",
        "كلمات مفتاحية: رمضان، الأسواق",
        "الكلمات الدالة: الأجور، العمل",
        "الرئيسية > محليات",
        "الرئيسية » اقتصاد",
        "تابعونا على تويتر وفيسبوك",
        "طباعة",
        "المصدر : الجزيرة + وكالات",
        "محليات",
        "اقتصاد",
    ],
)
def test_arabic_furniture(line) -> None:
    assert is_arabic_furniture(line)
    assert clean_paragraphs([line, "نص الخبر الذي يبقى."]) == ["نص الخبر الذي يبقى."]


def test_article_text_is_not_furniture() -> None:
    text = "شارك آلاف المواطنين في المسيرة التي انطلقت من وسط البلد باتجاه الدوار الرابع."
    assert not is_arabic_furniture(text)
    assert not is_arabic_furniture(
        "الرئيسية في الخبر أن الحكومة قررت رفع الأجور اعتباراً من العام المقبل"
    )


# -- search folding -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "folded", "stem"),
    [
        ("إسرائيل", "اسرائيل", "اسرائيل"),
        ("أكد", "اكد", "اكد"),
        ("آذار", "اذار", "اذار"),
        ("مستشفى", "مستشفي", "مستشفي"),
        ("المدارس", "المدارس", "مدارس"),
        ("والمدارس", "والمدارس", "مدارس"),
        ("بالمدارس", "بالمدارس", "مدارس"),
        ("الطـالبُ", "الطالب", "طالب"),
        ("وزير", "وزير", "زير"),  # a prefix-like first letter goes: the search also tries وزير
        ("بيت", "بيت", "بيت"),  # three letters stay
    ],
)
def test_fold_and_stem(word, folded, stem) -> None:
    assert fold(word) == folded
    assert search_stem(word) == stem


def test_english_text_quoting_arabic_stays_english() -> None:
    found = normalize_byline("By Suleiman Al-Khalidi (سليمان الخالدي), Reuters")
    assert (found.authors, found.agencies) == (["Suleiman Al-Khalidi"], ["Reuters"])
    dateline, rest = split_dateline("AMMAN (Reuters) — The word «الأردن» means Jordan")
    assert dateline is not None
    assert (dateline.places, dateline.agencies) == (["Amman"], ["Reuters"])
    assert rest.startswith("The word")
