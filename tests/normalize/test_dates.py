"""Dates: every printed form of formats.md §5-§7 to an aware datetime with its precision."""

from datetime import UTC, date, datetime

import pytest

from newscrawl.normalize import dates
from newscrawl.normalize.dates import explain_date, parse_date

NOW = datetime(2025, 9, 1, 12, 0, tzinfo=UTC)
AMMAN = {"tz": "Asia/Amman"}

# (raw, options, expected isoformat, expected precision)
cases = [
    # JT and the §5.1 catalogue
    ("Feb 13,2017", AMMAN, "2017-02-13T00:00:00+02:00", "day"),
    ("Feb 13,2023", AMMAN, "2023-02-13T00:00:00+03:00", "day"),
    ("Feb 22,2014", AMMAN, "2014-02-22T00:00:00+02:00", "day"),
    ("Jul 05,2014", AMMAN, "2014-07-05T00:00:00+03:00", "day"),
    ("Jul 10, 2015", AMMAN, "2015-07-10T00:00:00+03:00", "day"),
    ("Feb 22, 2014", AMMAN, "2014-02-22T00:00:00+02:00", "day"),
    ("Friday 10 July 2015", AMMAN, "2015-07-10T00:00:00+03:00", "day"),
    ("Today, July 10, 2015", AMMAN, "2015-07-10T00:00:00+03:00", "day"),
    ("07/10/2015 - 14:30", AMMAN, "2015-07-10T14:30:00+03:00", "minute"),
    ("January 18, 2022", {"tz": "Asia/Dubai"}, "2022-01-18T00:00:00+04:00", "day"),
    ("August 10, 2021", {"tz": "Asia/Riyadh"}, "2021-08-10T00:00:00+03:00", "day"),
    ("Updated 27 August 2021", {"tz": "Asia/Riyadh"}, "2021-08-27T00:00:00+03:00", "day"),
    ("12 Apr 2025", {"tz": "Asia/Qatar"}, "2025-04-12T00:00:00+03:00", "day"),
    ("Published On 12 Apr 2025", {"tz": "Asia/Qatar"}, "2025-04-12T00:00:00+03:00", "day"),
    ("15 May 2022", {"tz": "Asia/Qatar"}, "2022-05-15T00:00:00+03:00", "day"),
    ("Wednesday,19 June, 2019", {"tz": "Africa/Cairo"}, "2019-06-19T00:00:00+02:00", "day"),
    ("Tue 24 February / Feb 2015. 10:55 AM", AMMAN, "2015-02-24T10:55:00+02:00", "minute"),
    ("Posted September 17, 2014", {"tz": "UTC"}, "2014-09-17T00:00:00+00:00", "day"),
    ("29th November, 2015", {"tz": "Asia/Dubai"}, "2015-11-29T00:00:00+04:00", "day"),
    ("January 22, 2017 8:04 am", {"tz": "America/New_York"}, "2017-01-22T08:04:00-05:00", "minute"),
    ("Feb 22, 2014 12:30 AM", AMMAN, "2014-02-22T00:30:00+02:00", "minute"),
    ("Feb 22, 2014 12:30 PM", AMMAN, "2014-02-22T12:30:00+02:00", "minute"),
    # ISO 8601 and RFC 822 keep their own offset
    ("2018-05-21T08:20:26+00:00", AMMAN, "2018-05-21T08:20:26+00:00", "second"),
    ("2018-05-21T08:20:26Z", AMMAN, "2018-05-21T08:20:26+00:00", "second"),
    ("2018-05-21T08:20:26+04:00", AMMAN, "2018-05-21T08:20:26+04:00", "second"),
    ("2018-05-21T08:20:26.123+04:00", AMMAN, "2018-05-21T08:20:26.123000+04:00", "second"),
    ("2018-05-21T08:20+0300", AMMAN, "2018-05-21T08:20:00+03:00", "minute"),
    ("2018-05-21T08:20:26", AMMAN, "2018-05-21T08:20:26+03:00", "second"),
    ("2018-05-21", AMMAN, "2018-05-21T00:00:00+03:00", "day"),
    ("2018/05/21", AMMAN, "2018-05-21T00:00:00+03:00", "day"),
    (
        "Sat, 22 Sep 2018 16:28:45 +0000",
        {"tz": "Africa/Cairo"},
        "2018-09-22T16:28:45+00:00",
        "second",
    ),
    (
        "Sat, 22 Sep 2018 16:28:45 GMT",
        {"tz": "Africa/Cairo"},
        "2018-09-22T16:28:45+00:00",
        "second",
    ),
    ("Sat, 22 Sep 2018 16:28:45 +0300", {"tz": "UTC"}, "2018-09-22T16:28:45+03:00", "second"),
    ("Feb 13 2017 10:00 GMT+4", {"tz": "UTC"}, "2017-02-13T10:00:00+04:00", "minute"),
    # numeric forms, day-first and month-first
    ("Tue, 10/25/2022 - 12:09", {"tz": "Europe/London"}, "2022-10-25T12:09:00+01:00", "minute"),
    ("2/17/2019 11:34:56 PM", {"tz": "Africa/Cairo"}, "2019-02-17T23:34:56+02:00", "second"),
    (
        "[11/12/2019 2:10:29 PM]",
        {"tz": "Asia/Amman", "day_first": False},
        "2019-11-12T14:10:29+02:00",
        "second",
    ),
    (
        "[11/12/2019 2:10:29 PM]",
        {"tz": "Asia/Amman", "day_first": True},
        "2019-12-11T14:10:29+02:00",
        "second",
    ),
    ("26-01-2017 03:53 PM", AMMAN, "2017-01-26T15:53:00+02:00", "minute"),
    ("26-01-2017 | 15:53", {"tz": "Africa/Cairo"}, "2017-01-26T15:53:00+02:00", "minute"),
    (
        "SS15/8/2017 - 04:46:46 PM",
        {"tz": "Asia/Amman", "day_first": True},
        "2017-08-15T16:46:46+03:00",
        "second",
    ),
    (
        "ح م/ب ط01/10/2018 07:55:21",
        {"tz": "Asia/Amman", "day_first": True},
        "2018-10-01T07:55:21+03:00",
        "second",
    ),
    ("15/08/2017", {"tz": "Asia/Amman", "day_first": True}, "2017-08-15T00:00:00+03:00", "day"),
    (
        "posted on 22/10/2014",
        {"tz": "Asia/Dubai", "day_first": True},
        "2014-10-22T00:00:00+04:00",
        "day",
    ),
    (
        "06.04.2020",
        {"tz": "Europe/Istanbul", "day_first": True},
        "2020-04-06T00:00:00+03:00",
        "day",
    ),
    ("06.04.2020", {"tz": "UTC"}, "2020-04-06T00:00:00+00:00", "day"),
    ("05/03/2024", {"tz": "UTC", "day_first": True}, "2024-03-05T00:00:00+00:00", "day"),
    ("05/03/2024", {"tz": "UTC", "day_first": False}, "2024-05-03T00:00:00+00:00", "day"),
    ("05/03/2024", {"tz": "UTC"}, "2024-05-03T00:00:00+00:00", "day"),
    # Unix epochs
    ("1537633725", {"tz": "Asia/Riyadh"}, "2018-09-22T19:28:45+03:00", "second"),
    ("1537633725000", {"tz": "UTC"}, "2018-09-22T16:28:45+00:00", "second"),
    # Arabic-Indic digits, bidi marks, odd spaces (§5.2)
    ("١٣/٠٢/٢٠١٧", {"tz": "Asia/Amman", "day_first": True}, "2017-02-13T00:00:00+02:00", "day"),
    ("۱۳/۰۲/۲۰۱۷", {"tz": "Asia/Amman", "day_first": True}, "2017-02-13T00:00:00+02:00", "day"),
    (
        "\u200f13/02/2017\u200e",
        {"tz": "Asia/Amman", "day_first": True},
        "2017-02-13T00:00:00+02:00",
        "day",
    ),
    ("Feb\u00a013,\u202f2017", AMMAN, "2017-02-13T00:00:00+02:00", "day"),
    # Hijri paired with Gregorian (§5.3)
    (
        "Muharram, 1443 AH corresponding to Aug. 10, 2021",
        {"tz": "Asia/Riyadh"},
        "2021-08-10T00:00:00+03:00",
        "day",
    ),
    (
        "3rd of Rabie Thani 1436H, corresponding to the 23rd of January 2015",
        {"tz": "Asia/Riyadh"},
        "2015-01-23T00:00:00+03:00",
        "day",
    ),
    (
        "2 Muharram 1443 AH / 11 August 2021",
        {"tz": "Asia/Riyadh"},
        "2021-08-11T00:00:00+03:00",
        "day",
    ),
    # relative to now (§6)
    ("Updated 6 min ago", {"tz": "Asia/Riyadh"}, "2025-09-01T14:54:00+03:00", "minute"),
    ("Updated 6 min 24 sec ago", {"tz": "Asia/Riyadh"}, "2025-09-01T14:53:36+03:00", "second"),
    ("Updated 15 sec ago", {"tz": "Asia/Riyadh"}, "2025-09-01T14:59:45+03:00", "second"),
    ("2 hours ago", {"tz": "UTC"}, "2025-09-01T10:00:00+00:00", "minute"),
    ("an hour ago", {"tz": "UTC"}, "2025-09-01T11:00:00+00:00", "minute"),
    ("3 days ago", AMMAN, "2025-08-29T00:00:00+03:00", "day"),
    ("yesterday", AMMAN, "2025-08-31T00:00:00+03:00", "day"),
    ("today", AMMAN, "2025-09-01T00:00:00+03:00", "day"),
    ("just now", {"tz": "UTC"}, "2025-09-01T12:00:00+00:00", "minute"),
    # wire dates without a year take it from year_hint, across New Year too (§4.2)
    ("Sept 19", {"tz": "UTC", "year_hint": date(2014, 9, 20)}, "2014-09-19T00:00:00+00:00", "day"),
    (
        "Feb. 4",
        {"tz": "Africa/Cairo", "year_hint": date(2021, 2, 4)},
        "2021-02-04T00:00:00+02:00",
        "day",
    ),
    (
        "Aug. 15",
        {"tz": "Asia/Amman", "year_hint": date(2017, 8, 15)},
        "2017-08-15T00:00:00+03:00",
        "day",
    ),
    ("May 30", {"tz": "UTC", "year_hint": date(2013, 5, 31)}, "2013-05-30T00:00:00+00:00", "day"),
    ("Dec 31", {"tz": "UTC", "year_hint": date(2017, 1, 1)}, "2016-12-31T00:00:00+00:00", "day"),
    ("Jan 1", {"tz": "UTC", "year_hint": date(2016, 12, 31)}, "2017-01-01T00:00:00+00:00", "day"),
    (
        "on October 8",
        {"tz": "UTC", "year_hint": date(2014, 10, 9)},
        "2014-10-08T00:00:00+00:00",
        "day",
    ),
    ("Sept 19", {"tz": "UTC"}, "2024-09-19T00:00:00+00:00", "day"),
    ("Aug 30", {"tz": "UTC"}, "2025-08-30T00:00:00+00:00", "day"),
    # JT updated line and other prefixes
    ("Last updated at Oct 16,2015", AMMAN, "2015-10-16T00:00:00+03:00", "day"),
    ("Oct 15,2015 - Last updated at Oct 16,2015", AMMAN, "2015-10-15T00:00:00+03:00", "day"),
    # timezone history (§7.1): day never moves, offset follows the tz database
    ("Jul 10,2017", AMMAN, "2017-07-10T00:00:00+03:00", "day"),
    ("Jan 10,2021", AMMAN, "2021-01-10T00:00:00+02:00", "day"),
    ("Jan 10,2023", AMMAN, "2023-01-10T00:00:00+03:00", "day"),
    ("Jul 10,2025", AMMAN, "2025-07-10T00:00:00+03:00", "day"),
    ("Jan 10,2013", AMMAN, "2013-01-10T00:00:00+03:00", "day"),
    ("Jan 10,2023", {"tz": "Asia/Damascus"}, "2023-01-10T00:00:00+03:00", "day"),
    ("Jan 10,2023", {"tz": "Africa/Cairo"}, "2023-01-10T00:00:00+02:00", "day"),
    ("Jul 10,2025", {"tz": "Africa/Cairo"}, "2025-07-10T00:00:00+03:00", "day"),
    ("Jul 10,2017", {"tz": "Europe/London"}, "2017-07-10T00:00:00+01:00", "day"),
    ("Jul 10,2017", {"tz": "Asia/Riyadh"}, "2017-07-10T00:00:00+03:00", "day"),
    ("Jul 10,2017", {"tz": "Asia/Dubai"}, "2017-07-10T00:00:00+04:00", "day"),
    ("Jul 10,2017", {"tz": "Asia/Beirut"}, "2017-07-10T00:00:00+03:00", "day"),
    # dateparser fallback
    ("13 فبراير 2017", AMMAN, "2017-02-13T00:00:00+02:00", "day"),
    ("February the 13th, 2017 at 10:15", AMMAN, "2017-02-13T10:15:00+02:00", "minute"),
]


@pytest.mark.parametrize(
    ("raw", "options", "iso", "precision"), cases, ids=[f"{c[0]}|{c[1]}" for c in cases]
)
def test_parse_date(raw, options, iso, precision):
    parsed = parse_date(raw, now=NOW, **options)
    assert parsed is not None
    assert parsed.isoformat() == iso
    assert parsed.precision == precision
    assert parsed.value.tzinfo is not None


rejections = [
    (None, {}, "empty"),
    ("", {}, "empty"),
    ("   ", {}, "empty"),
    ("hello", {}, "unparsed"),
    ("Read more", {}, "unparsed"),
    ("Friday", {}, "unparsed"),
    ("1443", {}, "unparsed"),
    ("10 Muharram 1443 AH", {}, "unparsed"),
    ("Feb 30, 2020", {}, "unparsed"),
    ("31/02/2020", {"day_first": True}, "unparsed"),
    ("25:61", {}, "unparsed"),
    ("13 PM", {}, "unparsed"),
    ("1899-01-01", {}, "too_old"),
    ("Dec 31,1989", {}, "too_old"),
    ("2031-01-01", {}, "future"),
    ("2082-01-01T00:00:00Z", {}, "future"),
    ("Jan 1, 2203", {}, "future"),
    ("Sep 3,2025", {}, "future"),
    ("2023-12-10", {"now": datetime(2023, 3, 1, tzinfo=UTC)}, "future"),
]


@pytest.mark.parametrize(
    ("raw", "options", "reason"), rejections, ids=[repr(c[0]) for c in rejections]
)
def test_rejected_dates_say_why(raw, options, reason):
    options = {"now": NOW, **options}
    assert explain_date(raw, **options) == (None, reason)
    assert parse_date(raw, **options) is None


def test_a_day_ahead_is_still_accepted():
    assert parse_date("Sep 2,2025", tz="Asia/Amman", now=NOW) is not None


def test_explain_ok():
    parsed, reason = explain_date("Feb 13,2017", tz="Asia/Amman", now=NOW)
    assert reason == "ok"
    assert parsed is not None
    assert parsed.value.date() == date(2017, 2, 13)


def test_local_midnight_keeps_the_calendar_day_in_utc_storage():
    parsed = parse_date("Feb 13,2023", tz="Asia/Amman", now=NOW)
    assert parsed is not None
    utc = parsed.value.astimezone(UTC)
    assert utc.isoformat() == "2023-02-12T21:00:00+00:00"
    assert parsed.value.date() == date(2023, 2, 13)


def test_naive_now_is_read_as_utc():
    parsed = parse_date("yesterday", tz="UTC", now=datetime(2025, 9, 1, 12, 0))
    assert parsed is not None
    assert parsed.isoformat() == "2025-08-31T00:00:00+00:00"


def test_exact_forms_are_cached_and_do_not_depend_on_now():
    dates._exact_parts.cache_clear()
    parse_date("Feb 13,2017", tz="Asia/Amman", now=NOW)
    parse_date("Feb 13,2017", tz="UTC", now=datetime(2024, 1, 1, tzinfo=UTC))
    info = dates._exact_parts.cache_info()
    assert info.hits >= 1
    assert info.misses == 1


def test_relative_forms_follow_now():
    first = parse_date("2 hours ago", tz="UTC", now=NOW)
    later = parse_date("2 hours ago", tz="UTC", now=datetime(2025, 9, 2, 12, 0, tzinfo=UTC))
    assert first is not None
    assert later is not None
    assert (later.value - first.value).days == 1


def test_parsed_date_is_frozen():
    parsed = parse_date("2018-05-21", now=NOW)
    assert parsed is not None
    with pytest.raises(AttributeError):
        parsed.precision = "second"  # type: ignore[misc]


ODD = [
    "", " ", "\x00", "((((", "[]", "[[", "—", "::", "//", "1" * 500, "9" * 10, "0" * 13, "-1",
    "1e10", "99/99/9999", "00/00/0000", "0000-00-00", "9999-12-31T23:59:59+14:00",
    "2020-01-01T00:00:00+99:00", "Feb 29", "Feb 29, 2021", "Sept", "Sept 99", "12:00",
    "99:99 PM", "yesterday yesterday", "999999 days ago", "10000000 weeks ago", "AMMAN " * 200,
    "x" * 10000, "١" * 40, "🙂", "Muharram", "corresponding to", "Updated", "Published On",
    "SS", "ح م/ب ط", "GMT+99", "Feb 13 2017 10:00 GMT+99", "NaN", "inf",
]  # fmt: skip


@pytest.mark.parametrize("odd", ODD, ids=[repr(o[:20]) for o in ODD])
@pytest.mark.parametrize("day_first", [None, True, False])
def test_parse_date_never_raises(odd, day_first):
    parsed, reason = explain_date(odd, tz="Asia/Amman", day_first=day_first, now=NOW)
    assert reason in {"ok", "empty", "unparsed", "future", "too_old"}
    assert (parsed is None) == (reason != "ok")
    hint = date(2020, 1, 1)
    hinted, reason = explain_date(odd, day_first=day_first, now=NOW, year_hint=hint)
    assert (hinted is None) == (reason != "ok")
    assert parse_date(odd, day_first=day_first, now=NOW, year_hint=hint) == hinted
