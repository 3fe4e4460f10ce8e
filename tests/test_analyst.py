"""The analyst schema: search, filters, exports, summaries, comments and docs, the read-only role."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newscrawl.cli import export as export_cli
from newscrawl.cli import main
from newscrawl.cli import stats as stats_cli
from newscrawl.db import queries, repository
from newscrawl.db.engine import check_ready, downgrade, make_engine, upgrade
from newscrawl.processing import content_hash
from newscrawl.sites import Site, get_site, source_rows

AMMAN = ZoneInfo("Asia/Amman")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "schema.md"
VIEWS = ("article_overview", "daily_source_counts", "story_overview")

PETRA = Site(
    slug="petra",
    name="Petra",
    domains=("petra.example",),
    canonical_base="https://petra.example",
    article_url_pattern=r"/.*",
    timezone="Asia/Amman",
    country="JO",
)
ALGHAD = Site(
    slug="alghad",
    name="Al Ghad",
    domains=("alghad.example",),
    canonical_base="https://alghad.example",
    article_url_pattern=r"/.*",
    timezone="Asia/Amman",
    country="JO",
    language="ar",
)
FILLER = "Officials said the plan would be reviewed again at the end of the year."


def article(
    url: str, source: str, title: str, body: str, day: date, **fields: Any
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": url,
        "source": source,
        "title": title,
        "byline_raw": None,
        "authors": [],
        "agencies": [],
        "desks": [],
        "published_at": datetime(day.year, day.month, day.day, tzinfo=AMMAN),
        "date_precision": "day",
        "dateline": None,
        "dateline_places": [],
        "dateline_countries": [],
        "body": body,
        "word_count": len(body.split()),
        "language": "en",
        "parser": "test",
        "provenance": {},
    }
    row.update(fields)
    row["content_hash"] = content_hash(row)
    return row


ARTICLES = [
    article(
        "https://www.jordantimes.com/news/local/bitcoin-warning",
        "jordantimes",
        "Central bank warns against bitcoin",
        "The Central Bank of Jordan warned on Saturday against dealing in bitcoin and other virtual "
        "currencies, saying they carry high risks for savers.\n\n" + FILLER,
        date(2014, 2, 22),
        authors=["Omar Obeidat", "Rana Husseini"],
        byline_raw="By Omar Obeidat and Rana Husseini",
        dateline="AMMAN",
        dateline_places=["Amman"],
        dateline_countries=["JO"],
        caption="The central bank building in Amman",
    ),
    article(
        "https://petra.example/water-talks",
        "petra",
        "Water negotiators resume meetings",
        "Negotiators talked for six hours about sharing water from the Yarmouk river, the ministry "
        "said, and the talks will continue next week in Irbid.\n\n" + FILLER,
        date(2025, 3, 4),
        agencies=["Petra"],
        dateline="IRBID",
        dateline_places=["Irbid"],
        dateline_countries=["JO"],
    ),
    article(
        "https://www.jordantimes.com/news/world/markets",
        "jordantimes",
        "Regional markets close higher",
        "Stock markets across the Gulf closed higher on Monday. Traders said a fall in bitcoin "
        "prices had little effect on regional shares.\n\n" + FILLER,
        date(2025, 3, 10),
        agencies=["Reuters"],
        byline_raw="By Reuters",
        dateline="DUBAI",
        dateline_places=["Dubai"],
        dateline_countries=["AE"],
    ),
    article(
        "https://alghad.example/schools",
        "alghad",
        "موعد بدء العام الدراسي في المدارس",
        "أعلنت وزارة التربية والتعليم أن العام الدراسي الجديد سيبدأ في المدارس الحكومية والخاصة "
        "يوم الأحد المقبل، وأن الكوادر التعليمية ستباشر عملها قبل أسبوع.",
        date(2025, 7, 20),
        language="ar",
        authors=["Hala Nasser"],
    ),
]


def seed(session: Session) -> dict[str, int]:
    ids = repository.ensure_sources(session, source_rows([get_site("jordantimes"), PETRA, ALGHAD]))
    repository.upsert_articles(session, ARTICLES, ids)
    return ids


def urls(hits: list[queries.SearchHit]) -> list[str]:
    return [h.url.rsplit("/", 1)[1] for h in hits]


@pytest.fixture
def pg(pg_session: Session) -> Session:
    seed(pg_session)
    return pg_session


@pytest.fixture(scope="module")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One seeded SQLite file for the module: the tests only read it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('analyst-sqlite') / 'newscrawl.db'}"
    engine = make_engine(url)
    check_ready(engine)
    with Session(engine) as session, session.begin():
        seed(session)
    engine.dispose()
    return url


@pytest.fixture
def sqlite(sqlite_url: str) -> Iterator[Session]:
    engine = make_engine(sqlite_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def db(request: pytest.FixtureRequest) -> Session:
    return request.getfixturevalue("pg" if request.param == "postgresql" else "sqlite")


# -- search ---------------------------------------------------------------------------------------


def test_search_ranks_a_title_match_first_and_highlights_the_body(db: Session) -> None:
    hits = queries.search(db, "bitcoin")
    assert urls(hits) == ["bitcoin-warning", "markets"]
    assert hits[0].rank > hits[1].rank > 0
    assert "**bitcoin**" in hits[0].snippet
    assert hits[0].authors == ["Omar Obeidat", "Rana Husseini"]
    assert hits[1].agencies == ["Reuters"]
    assert hits[0].story_id is not None


def test_search_stems_english_words(db: Session) -> None:
    hits = queries.search(db, "talk")
    assert urls(hits) == ["water-talks"]
    assert "**talked**" in hits[0].snippet or "**talks**" in hits[0].snippet


def test_search_finds_arabic_text(db: Session) -> None:
    hits = queries.search(db, "المدارس")
    assert urls(hits) == ["schools"]
    assert "**المدارس**" in hits[0].snippet


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"central bank"', ["bitcoin-warning"]),
        ("bitcoin -savers", ["markets"]),
        ("yarmouk or gulf", None),  # both, order by rank
        ("bitcoin regional", ["markets"]),
    ],
)
def test_search_syntax(db: Session, query: str, expected: list[str] | None) -> None:
    found = urls(queries.search(db, query))
    if expected is None:
        assert sorted(found) == ["markets", "water-talks"]
    else:
        assert found == expected


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (queries.ArticleFilter(sources=("jordantimes",)), {"bitcoin-warning", "markets"}),
        (queries.ArticleFilter(sources=("petra",)), {"water-talks"}),
        (queries.ArticleFilter(since=date(2025, 3, 4)), {"water-talks", "markets"}),
        (queries.ArticleFilter(until=date(2014, 2, 22)), {"bitcoin-warning"}),
        (queries.ArticleFilter(since=date(2025, 3, 5), until=date(2025, 3, 10)), {"markets"}),
        (queries.ArticleFilter(author="OBEIDAT"), {"bitcoin-warning"}),
        (queries.ArticleFilter(author="100%_"), set()),
        (queries.ArticleFilter(agency="reuters"), {"markets"}),
        (queries.ArticleFilter(agency="Petra"), {"water-talks"}),
        (queries.ArticleFilter(country="jo"), {"bitcoin-warning", "water-talks"}),
        (queries.ArticleFilter(country="AE"), {"markets"}),
    ],
)
def test_search_filters(db: Session, filters: queries.ArticleFilter, expected: set[str]) -> None:
    assert set(urls(queries.search(db, "the or officials", filters))) == expected


def test_local_day_filters_use_the_outlets_calendar(db: Session) -> None:
    # Published at local midnight on 22 Feb 2014: 21 Feb in UTC, still the 22nd for the filter.
    day = queries.ArticleFilter(since=date(2014, 2, 22), until=date(2014, 2, 22))
    assert urls(queries.search(db, "bitcoin", day)) == ["bitcoin-warning"]
    before = queries.ArticleFilter(until=date(2014, 2, 21))
    assert queries.search(db, "bitcoin", before) == []


def test_search_refuses_an_empty_query(db: Session) -> None:
    with pytest.raises(queries.InvalidQuery):
        queries.search(db, "   ")


@pytest.mark.parametrize(
    ("query", "fts5"),
    [
        ("bitcoin", '"bitcoin"'),
        ("central bank", '"central" AND "bank"'),
        ('"central bank" warns', '"central bank" AND "warns"'),
        ("water or oil", '("water" OR "oil")'),
        ("bitcoin -reuters", '("bitcoin") NOT "reuters"'),
        ('NEAR(a b) "x" AND y*', '"NEAR a" AND "b" AND "x" AND "AND" AND "y"'),
        ("المدارس الحكومية", '"المدارس" AND "الحكومية"'),
    ],
)
def test_fts5_query_translation_quotes_everything(query: str, fts5: str) -> None:
    assert queries.fts5_query(query) == fts5


def test_fts5_query_without_words_is_refused() -> None:
    with pytest.raises(queries.InvalidQuery):
        queries.fts5_query('-only "" ***')


def test_search_command_on_sqlite(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "bitcoin", "--url", sqlite_url, "--limit", "1"]) == 0
    out = capsys.readouterr().out
    assert "Central bank warns against bitcoin" in out
    assert "**bitcoin**" in out
    assert "Omar Obeidat, Rana Husseini" in out
    assert (
        main(["search", "bitcoin", "--url", sqlite_url, "--format", "csv", "--agency", "Reuters"])
        == 0
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("rank,published,source,title")
    assert len(lines) == 2
    assert "markets" in lines[1]


def test_search_command_reports_a_missing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "x", "--url", f"sqlite:///{tmp_path / 'none.db'}"]) == 3
    assert "cannot connect to the database at" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()


# -- export ---------------------------------------------------------------------------------------


def test_export_pages_stream_every_article(db: Session) -> None:
    pages = list(queries.iter_export_pages(db, page_size=3))
    assert [len(p) for p in pages] == [3, 1]
    rows = {r["url"].rsplit("/", 1)[1]: r for page in pages for r in page}
    first = rows["bitcoin-warning"]
    assert first["authors"] == ["Omar Obeidat", "Rana Husseini"]
    assert first["dateline_countries"] == ["JO"]
    assert first["published_at"].isoformat() == "2014-02-21T22:00:00+00:00"
    assert first["published_date_local"] == "2014-02-22"
    assert first["is_first_in_story"] is True
    assert set(first) == set(queries.EXPORT_COLUMNS)
    only = list(queries.iter_export_pages(db, queries.ArticleFilter(agency="Reuters")))
    assert [r["source"] for page in only for r in page] == ["jordantimes"]


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_export_gives_the_pages_update_time_in_utc(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    updated = datetime(2014, 2, 23, 12, 30, tzinfo=AMMAN)
    stored = dict(ARTICLES[0], updated_at=updated)
    stored["content_hash"] = content_hash(stored)
    if backend == "postgresql":
        session = request.getfixturevalue("pg_session")
    else:
        engine = make_engine(f"sqlite:///{tmp_path / 'newscrawl.db'}")
        request.addfinalizer(engine.dispose)
        check_ready(engine)
        session = Session(engine)
        request.addfinalizer(session.close)
    ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
    repository.upsert_articles(session, [stored], ids)
    [[row]] = list(queries.iter_export_pages(session))
    assert row["updated_at"].isoformat() == "2014-02-23T10:30:00+00:00"
    assert row["published_at"].isoformat() == "2014-02-21T22:00:00+00:00"


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_export_files_read_back(db: Session, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"articles.{fmt}"
    count = export_cli.write(queries.iter_export_pages(db, page_size=2), fmt, str(out))
    assert count == len(ARTICLES)
    assert not list(tmp_path.glob(".*partial"))
    if fmt == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(out)
        assert table.num_rows == len(ARTICLES)
        assert table.column_names == list(queries.EXPORT_COLUMNS)
        assert str(table.schema.field("published_at").type) == "timestamp[us, tz=UTC]"
        authors = dict(
            zip(table.column("url").to_pylist(), table.column("authors").to_pylist(), strict=True)
        )
        assert authors["https://www.jordantimes.com/news/local/bitcoin-warning"] == [
            "Omar Obeidat",
            "Rana Husseini",
        ]
    elif fmt == "csv":
        import csv

        with out.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == len(ARTICLES)
        assert {r["authors"] for r in rows} >= {"Omar Obeidat; Rana Husseini"}
    else:
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert len(rows) == len(ARTICLES)
        assert any(r["title"] == "موعد بدء العام الدراسي في المدارس" for r in rows)


def test_export_command_on_sqlite(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.parquet"
    assert main(["export", "--format", "parquet", "--url", sqlite_url, str(out)]) == 0
    assert "exported 4 articles" in capsys.readouterr().err
    import pyarrow.parquet as pq

    assert pq.read_table(out).num_rows == 4
    assert (
        main(
            [
                "export",
                "--format",
                "jsonl",
                "--query",
                "bitcoin",
                "--no-body",
                "--url",
                sqlite_url,
                "-",
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["url"].rsplit("/", 1)[1] for r in rows) == ["bitcoin-warning", "markets"]
    assert "body" not in rows[0]
    assert main(["export", "--format", "parquet", "--url", sqlite_url, "-"]) == 2


# -- summaries ------------------------------------------------------------------------------------


def test_daily_counts_leaders_and_fill_rates(db: Session) -> None:
    daily = queries.daily_counts(db)
    assert {(r["source"], r["day"], r["articles"], r["stories"]) for r in daily} == {
        ("jordantimes", "2014-02-22", 1, 1),
        ("petra", "2025-03-04", 1, 1),
        ("jordantimes", "2025-03-10", 1, 1),
        ("alghad", "2025-07-20", 1, 1),
    }
    authors = queries.top_authors(db)
    assert [a["author"] for a in authors] == ["Hala Nasser", "Omar Obeidat", "Rana Husseini"]
    agencies = {
        a["agency"]: (a["articles"], a["stories"], a["sources"]) for a in queries.top_agencies(db)
    }
    assert agencies == {"Petra": (1, 1, 1), "Reuters": (1, 1, 1)}
    fill = {r["source"]: r for r in queries.fill_rates(db)}
    assert fill["jordantimes"]["articles"] == 2
    assert fill["jordantimes"]["authors"] == pytest.approx(0.5)
    assert fill["jordantimes"]["caption"] == pytest.approx(0.5)
    assert fill["jordantimes"]["dateline"] == pytest.approx(1.0)
    only = queries.top_authors(db, queries.ArticleFilter(sources=("alghad",)))
    assert [a["author"] for a in only] == ["Hala Nasser"]


def test_stats_command_prints_tables_and_plots(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    png = tmp_path / "daily.png"
    assert main(["stats", "--url", sqlite_url, "--plot", str(png)]) == 0
    out = capsys.readouterr().out
    assert "Articles per source per day (4 articles" in out
    assert "Omar Obeidat" in out
    assert "Reuters" in out
    assert "Field fill rates" in out
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert main(["stats", "--url", sqlite_url, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"daily", "authors", "agencies", "fill_rates"}


def test_plot_buckets_fill_empty_days_and_coarsen_long_spans() -> None:
    daily = [
        {"source": "a", "day": "2025-01-01", "articles": 2},
        {"source": "a", "day": "2025-01-03", "articles": 1},
        {"source": "b", "day": "2025-01-02", "articles": 4},
    ]
    period, series = stats_cli.plot_buckets(daily)
    assert period == "day"
    assert series["a"][1] == [2, 0, 1]
    assert series["b"][1] == [0, 4, 0]
    long = [*daily, {"source": "a", "day": "2026-06-30", "articles": 5}]
    period, series = stats_cli.plot_buckets(long)
    assert period == "week"
    assert sum(series["a"][1]) == 8
    assert series["a"][0][0] == date(2024, 12, 30)


# -- schema, comments, docs ------------------------------------------------------------------------


def _columns(conn: Any, kinds: str) -> dict[str, list[tuple[str, str | None]]]:
    rows = conn.execute(
        text(
            """
            SELECT c.relname, a.attname, col_description(c.oid, a.attnum)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid
            WHERE n.nspname = 'public' AND c.relkind = ANY(:kinds) AND a.attnum > 0
              AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum
            """
        ),
        {"kinds": list(kinds)},
    )
    out: dict[str, list[tuple[str, str | None]]] = {}
    for table, column, comment in rows:
        out.setdefault(table, []).append((column, comment))
    return out


def test_every_table_view_and_column_has_a_comment(pg_session: Session) -> None:
    conn = pg_session.connection()
    missing = [
        f"{t}.{c}" for t, cols in _columns(conn, "rv").items() for c, comment in cols if not comment
    ]
    assert missing == []
    tables = conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v') AND obj_description(c.oid) IS NULL"
        )
    ).scalars()
    assert list(tables) == []


def documented_columns() -> dict[str, set[str]]:
    """``### `name` `` headings of docs/schema.md and the `` | `column` | `` rows under each."""
    docs: dict[str, set[str]] = {}
    current: str | None = None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(\w+)`", line)
        if heading:
            current = heading.group(1)
            docs[current] = set()
        elif line.startswith("## "):
            current = None
        elif current and (row := re.match(r"^\| `(\w+)` \|", line)):
            docs[current].add(row.group(1))
    return docs


def test_docs_schema_covers_every_table_view_and_column(pg_session: Session) -> None:
    database = {
        t: {c for c, _ in cols} for t, cols in _columns(pg_session.connection(), "rv").items()
    }
    documented = documented_columns()
    assert sorted(database) == sorted(documented)
    for table, columns in database.items():
        assert documented[table] == columns, table


# -- the analyst role -------------------------------------------------------------------------------


def as_analyst(session: Session, sql: str) -> Any:
    """Run one statement as newscrawl_analyst inside a savepoint (errors roll back only it)."""
    conn = session.connection()
    savepoint = conn.begin_nested()
    try:
        conn.execute(text("SET LOCAL ROLE newscrawl_analyst"))
        return conn.execute(text(sql)).all()
    finally:
        savepoint.rollback()


def test_analyst_role_reads_views_and_cannot_write(pg: Session) -> None:
    for view in VIEWS:
        assert as_analyst(pg, f"SELECT count(*) FROM {view}")[0][0] >= 1
    assert as_analyst(pg, "SELECT count(*) FROM crawl_runs")[0][0] >= 0  # migration 0010
    assert as_analyst(pg, "SELECT count(*) FROM articles")[0][0] == len(ARTICLES)
    for statement in (
        "INSERT INTO sources (slug, name, base_url, timezone) VALUES ('x', 'x', 'x', 'UTC')",
        "UPDATE articles SET title = 'x'",
        "DELETE FROM story_clusters",
        "DELETE FROM crawl_runs",
        "SELECT count(*) FROM story_lsh_buckets",
        "CREATE TABLE analyst_scratch (x int)",
    ):
        with pytest.raises(DBAPIError, match="permission denied"):
            as_analyst(pg, statement)


def test_analyst_role_settings_and_grants(pg_session: Session) -> None:
    conn = pg_session.connection()
    settings = conn.execute(
        text(
            "SELECT s.setconfig FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
            "WHERE r.rolname = 'newscrawl_analyst' AND s.setdatabase = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
    ).scalar_one()
    assert "statement_timeout=60s" in settings
    assert "default_transaction_read_only=on" in settings
    can_login = conn.execute(
        text("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'newscrawl_analyst'")
    ).scalar_one()
    assert can_login is False


def test_downgrade_revokes_but_keeps_the_shared_role(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url)
    downgrade(fresh_pg_url, "0004")
    engine = create_engine(fresh_pg_url)
    with engine.connect() as conn:
        grants = conn.execute(
            text(
                "SELECT count(*) FROM information_schema.role_table_grants WHERE grantee = 'newscrawl_analyst'"
            )
        ).scalar_one()
        settings = conn.execute(
            text(
                "SELECT count(*) FROM pg_db_role_setting WHERE setdatabase = "
                "(SELECT oid FROM pg_database WHERE datname = current_database())"
            )
        ).scalar_one()
        role = conn.execute(
            text("SELECT count(*) FROM pg_roles WHERE rolname = 'newscrawl_analyst'")
        ).scalar_one()
        views = conn.execute(
            text("SELECT count(*) FROM pg_views WHERE schemaname = 'public'")
        ).scalar_one()
    engine.dispose()
    assert (grants, settings, role, views) == (0, 0, 1, 0)
    upgrade(fresh_pg_url)  # and again: the role already exists


def test_clusters_commands_on_sqlite(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clusters", "update", "--url", sqlite_url]) == 0
    assert "assigned 0 articles" in capsys.readouterr().out
    assert main(["clusters", "show", "--min-sources", "1", "--url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert "Central bank warns against bitcoin" in out
    assert main(["clusters", "show", "--format", "json", "--url", sqlite_url]) == 0
    assert json.loads(capsys.readouterr().out) == []  # no story ran on two outlets


# -- the analyst commands' mistakes and empty results (issue 15) ---------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "bitcoin", "-savers"],
        ["search", "-savers", "bitcoin"],
        ["search", "--limit", "5", "-savers", "bitcoin"],
        ["search", "bitcoin", "--", "-savers"],
    ],
)
def test_search_takes_an_exclusion_without_quotes_or_dashes(
    sqlite_url: str, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([argv[0], "--url", sqlite_url, "--format", "json", *argv[1:]]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert [h["url"].rsplit("/", 1)[1] for h in hits] == ["markets"]


def test_search_with_only_an_exclusion_says_what_to_add(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "-bitcoin", "--url", sqlite_url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "give at least one word to find" in err


def test_a_typo_option_is_still_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["search", "bitcoin", "--limt", "3"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --limt" in capsys.readouterr().err


def test_export_to_a_folder_is_one_line(
    sqlite_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--format", "csv", "--url", sqlite_url, str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"newscrawl export: {tmp_path} is a folder: give a file name, e.g. {tmp_path / 'articles.csv'}\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_stats_names_its_window_as_days_with_articles(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["stats", "--url", sqlite_url, "--days", "2"]) == 0
    out = capsys.readouterr().out
    # The seeded articles span 2014-2025: the two most recent days that have any, not the last
    # two calendar days (which have none).
    # stats reads only its window: the count is of the articles inside it
    assert "(2 articles; the 2 most recent days with articles)" in out
    daily = out.split("Authors with the most articles")[0]
    assert "2025-03-10" in daily
    assert "2014-02-22" not in daily


def test_plot_periods_get_their_full_width() -> None:
    weeks = [date(2024, 12, 30), date(2025, 1, 6)]
    assert stats_cli.period_edges(weeks, "week") == [*weeks, date(2025, 1, 13)]
    months = [date(2025, 1, 1), date(2025, 2, 1), date(2025, 12, 1)]
    assert stats_cli.period_edges(months, "month")[-1] == date(2026, 1, 1)
    assert stats_cli.period_edges([date(2025, 3, 4)], "day") == [date(2025, 3, 4), date(2025, 3, 5)]


def test_weekly_plot_draws_first_and_last_week_as_steps(tmp_path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    daily = [
        {"source": "a", "day": "2024-01-03", "articles": 2},
        {"source": "a", "day": "2025-06-30", "articles": 5},
    ]
    drawn: list[Any] = []
    original = plt.Axes.stairs

    def spy(self: Any, values: Any, edges: Any = None, **kwargs: Any) -> Any:
        drawn.append((list(values), list(edges)))
        return original(self, values, edges, **kwargs)

    plt.Axes.stairs = spy  # type: ignore[method-assign]
    try:
        stats_cli.plot_daily(daily, tmp_path / "w.png", "week")
    finally:
        plt.Axes.stairs = original  # type: ignore[method-assign]
    (values, edges), = drawn
    assert len(edges) == len(values) + 1
    assert values[0] == 2
    assert values[-1] == 5
    # the last week spans seven days like every other
    assert edges[-1] - edges[-2] == pytest.approx(7.0)


def test_clusters_show_says_when_there_is_nothing_to_show(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["clusters", "show", "--min-sources", "9", "--url", sqlite_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("no story was run by 9 or more outlets")
    assert "story_id" not in out
