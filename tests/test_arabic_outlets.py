"""The Arabic outlets as data, the URL-list argument, RTL tables and ``eval --lang`` (no network)."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from newscrawl.cli import main
from newscrawl.cli.table import display_width, isolate, render_table
from newscrawl.evaluate import load_index
from newscrawl.sites import all_sites, get_site, site_for_url
from newscrawl.spiders.sites import SiteSpider, _spider_class

ARABIC = ("alrai", "alghad", "addustour", "petra-ar", "aljazeera-net", "aawsat-ar")


def _run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


@pytest.mark.parametrize("slug", ARABIC)
def test_arabic_outlet_records(slug: str) -> None:
    site = get_site(slug)
    assert site.language == "ar"
    assert site.day_first
    assert site.timezone in ("Asia/Amman", "Asia/Qatar", "Asia/Riyadh")
    assert site.discovery_kinds()
    # generic extraction (JSON-LD first) until real markup is known, and the record says so
    if slug != "petra-ar":
        assert site.selectors is None
        assert site.parser_factory is None
        assert site.evidence.markup() == "unverified"
        assert "unverified" in site.evidence.note


def test_sites_lists_the_arabic_outlets_with_their_language() -> None:
    code, text = _run(["sites", "--format", "json"])
    assert code == 0
    rows = {row["slug"]: row for row in json.loads(text)}
    assert {slug for slug, row in rows.items() if row["language"] == "ar"} == set(ARABIC)
    code, table = _run(["sites"])
    assert code == 0
    header = table.splitlines()[0].split()
    assert "language" in header
    alrai = next(line for line in table.splitlines() if line.startswith("alrai "))
    assert " ar " in alrai
    assert "\u2068Al Rai (الرأي)\u2069" in alrai  # Arabic cells are direction-isolated


def test_petra_services_share_a_host_and_the_url_decides() -> None:
    english = "https://petra.gov.jo/Include/InnerPage.jsp?ID=98765&lang=en&name=en_news"
    arabic = "https://petra.gov.jo/Include/InnerPage.jsp?ID=123456&lang=ar&name=news"
    assert site_for_url(english).slug == "petra"
    assert site_for_url(arabic).slug == "petra-ar"
    assert site_for_url("https://petra.gov.jo/").slug == "petra"  # no article: the first owner


def test_every_host_has_at_most_two_services() -> None:
    hosts: dict[str, list[str]] = {}
    for site in all_sites():
        for host in site.domains:
            hosts.setdefault(host, []).append(site.slug)
    shared = {host: slugs for host, slugs in hosts.items() if len(slugs) > 1}
    assert set(shared) == {"petra.gov.jo", "www.petra.gov.jo"}


# -- -a urls=FILE ---------------------------------------------------------------------------


def _spider(**kwargs: str) -> SiteSpider:
    return _spider_class(get_site("alrai"))(**kwargs)


def test_url_list_argument(tmp_path: Path) -> None:
    listed = tmp_path / "urls.txt"
    listed.write_text("\ufeff# backfill\n\nhttps://alrai.com/article/1081234\n/article/1081240\n")
    spider = _spider(urls=str(listed))
    assert spider.url_list == ["https://alrai.com/article/1081234", "/article/1081240"]
    assert spider.discovery == ("urls",)


@pytest.mark.parametrize(
    ("content", "kwargs", "message"),
    [
        (None, {}, "urls: cannot read"),
        ("# nothing but a comment\n", {}, "lists no URLs"),
        ("https://alrai.com/article/1\n", {"discovery": "sitemaps,urls"}, None),
    ],
)
def test_url_list_errors(tmp_path: Path, content, kwargs, message) -> None:
    path = tmp_path / "urls.txt"
    if content is not None:
        path.write_text(content)
    if message is None:
        assert _spider(urls=str(path), **kwargs).discovery == ("sitemaps", "urls")
        return
    with pytest.raises(ValueError, match=message):
        _spider(urls=str(path), **kwargs)


def test_discovery_urls_needs_the_file() -> None:
    with pytest.raises(ValueError, match="needs -a urls=FILE"):
        _spider(discovery="urls")


# -- right-to-left text in tables -----------------------------------------------------------


def test_display_width_counts_columns_not_code_points() -> None:
    assert display_width("abc") == 3
    assert display_width("كَتَبَ") == 3  # harakat take no column
    assert display_width("\u2068الرأي\u2069") == 5  # isolates take none either
    assert display_width("新闻") == 4
    assert isolate("Reuters") == "Reuters"
    assert isolate("رويترز") == "\u2068رويترز\u2069"


def test_table_aligns_arabic_cells() -> None:
    table = render_table(
        [{"a": "كَتَبَ", "b": "x"}, {"a": "abcdef", "b": "y"}], ["a", "b"]
    ).splitlines()
    # the second column starts at the same display column on both rows
    starts = [
        display_width(line[: line.rindex(v)]) for line, v in zip(table[2:], "xy", strict=True)
    ]
    assert starts == [8, 8]


# -- newscrawl normalize and eval -------------------------------------------------------------


def test_normalize_cli_in_arabic() -> None:
    code, text = _run(["normalize", "byline", "كتب: سامر الخطيب وهبة العيسى"])
    assert code == 0
    assert json.loads(text)["authors"] == ["سامر الخطيب", "هبة العيسى"]
    code, text = _run(["normalize", "dateline", "عمان - بترا - أكد وزير الخارجية"])
    out = json.loads(text)
    assert (out["dateline_raw"], out["dateline_places"], out["agencies"]) == (
        "عمان - بترا -",
        ["Amman"],
        ["Petra"],
    )
    code, text = _run(["normalize", "date", "الاثنين 13 شباط 2017", "--tz", "Asia/Amman"])
    assert json.loads(text)["value"] == "2017-02-13T00:00:00+02:00"
    code, text = _run(
        [
            "normalize",
            "date",
            "منذ 3 ساعات",
            "--tz",
            "Asia/Amman",
            "--now",
            "2024-06-01T12:00:00+00:00",
        ]
    )
    assert json.loads(text)["value"] == "2024-06-01T12:00:00+03:00"


def test_eval_lang_filter(tmp_path: Path) -> None:
    rows = [
        {"id": "a", "lang": "ar", "html": "pages/a.html", "source_dataset": ["x"]},
        {"id": "b", "lang": "en", "html": "pages/b.html", "source_dataset": ["x"]},
        {"id": "c", "lang": "ar-JO", "html": "pages/c.html", "source_dataset": ["y"]},
        {"id": "d", "html": "pages/d.html", "source_dataset": ["x"]},
    ]
    (tmp_path / "index.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    assert [p.id for p in load_index(tmp_path, langs=["ar"])] == ["a", "c"]
    assert [p.id for p in load_index(tmp_path, langs=["ar"], datasets=["x"])] == ["a"]
    assert [p.id for p in load_index(tmp_path)] == ["a", "b", "c", "d"]


def test_fts5_query_expands_arabic_words_over_glued_prefixes() -> None:
    from newscrawl.db.queries import fts5_query

    query = fts5_query("المدارس")
    assert query.startswith('("مدارس" * OR ')
    for form in ("المدارس", "والمدارس", "بالمدارس", "للمدارس", "ومدارس"):
        assert f'"{form}" *' in query
    assert fts5_query("إسرائيل -غزة").endswith(') NOT "غزة"')
    assert '"اسرائيل" *' in fts5_query("إسرائيل")  # folded before it is expanded
    assert fts5_query("bank") == '"bank"'  # other scripts unchanged
