"""Analyst questions are answered from an index: search, date ranges on the views, stats, runs.

PostgreSQL prices plans by table size, so on a test-sized table a sequential scan is always
cheapest. These tests switch sequential and plain index scans off for the session
(``enable_seqscan``, ``enable_indexscan``, ``enable_indexonlyscan``): the planner then reads a
table through a bitmap scan of an index that serves the condition, and falls back to a
sequential scan only when none can. A ``Seq Scan on articles`` in a plan below
means the condition stopped matching its index (a changed expression, a dropped index, a
query shape that hides the column) and would read every article at archive scale.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine, event, text
from sqlalchemy.orm import Session

from newscrawl.cli import main
from newscrawl.cli import stats as stats_cli
from newscrawl.db import queries, repository, runs
from newscrawl.db.engine import make_engine, upgrade
from newscrawl.processing import content_hash
from newscrawl.sites import get_site, source_rows

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")

WORDS = ("budget", "ministry", "schools", "roads", "prices", "farmers", "clinics", "border",
         "trade", "wages", "survey", "council", "project", "villages", "supply", "report")  # fmt: skip
START = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _article(n: int) -> dict[str, Any]:
    source = ("jordantimes", "arabnews")[n % 2]
    zone = get_site(source).timezone
    from zoneinfo import ZoneInfo

    published = (START + timedelta(hours=7 * n)).astimezone(ZoneInfo(zone))
    rng = random.Random(n)
    filler = " ".join(rng.choice(WORDS) for _ in range(120))
    body = f"Officials in district {n} said the water network would be extended. {filler}."
    if n == 7:
        body += "A saltmarsh near the coast was protected."
    row: dict[str, Any] = {
        "url": f"https://example.test/{source}/{n}",
        "source": source,
        "title": f"Report number {n} on the water network",
        "byline_raw": "By Hala Nasser" if n % 3 else None,
        "authors": ["Hala Nasser"] if n % 3 else [],
        "agencies": ["Petra"] if n % 4 == 0 else [],
        "desks": [],
        "byline_kind": "person" if n % 3 else "none",
        "published_at": published,
        "date_precision": "minute",
        "body": body,
        "word_count": len(body.split()),
        "parser": "test",
        "language": "en",
        "provenance": {},
    }
    row["content_hash"] = content_hash(row)
    return row


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    from tests.conftest import create_database, drop_database

    url = create_database()
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(
            session, source_rows([get_site("jordantimes"), get_site("arabnews")])
        )
        repository.upsert_articles(session, [_article(n) for n in range(60)], ids)
        run_id = runs.start_run(session, "jordantimes", START, "host", {})
        runs.finish_run(session, run_id, status="ok")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
    engine.dispose()
    yield url
    drop_database(url)


@pytest.fixture
def conn(pg_url: str) -> Iterator[Connection]:
    engine = create_engine(pg_url)
    with engine.connect() as connection:
        # Only scans driven by an index condition remain: no sequential scan, no full walk of
        # some other index. A table with no index for the condition falls back to Seq Scan.
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            connection.execute(text(f"SET {setting} = off"))
        yield connection
        connection.rollback()
    engine.dispose()


def _plan(conn: Connection, statement: str, parameters: Any = None) -> str:
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
    finally:
        cursor.close()
    return json.dumps(plan)


def _statements(conn: Connection, call: Any) -> list[tuple[str, Any]]:
    seen: list[tuple[str, Any]] = []

    def hook(_c: Any, _cur: Any, statement: str, parameters: Any, _ctx: Any, _many: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(conn, "before_cursor_execute", hook)
    try:
        call()
    finally:
        event.remove(conn, "before_cursor_execute", hook)
    return seen


@pytest.mark.parametrize("query", ["saltmarsh", '"water network"', "water -saltmarsh"])
def test_search_reads_the_gin_index(conn: Connection, query: str) -> None:
    statements = _statements(conn, lambda: queries.search(conn, query))
    plan = _plan(conn, *statements[0])
    assert "ix_article_search_search_en" in plan
    assert '"Relation Name": "article_search"' in plan
    assert '"Seq Scan"' not in plan


def test_search_finds_with_the_index(conn: Connection) -> None:
    hits = queries.search(conn, "saltmarsh")
    assert [h.url for h in hits] == ["https://example.test/arabnews/7"]


def test_search_with_filters_reads_indexes_only(conn: Connection) -> None:
    filters = queries.ArticleFilter(
        sources=("jordantimes",), since=date(2025, 3, 3), until=date(2025, 3, 9)
    )
    statements = _statements(conn, lambda: queries.search(conn, "water", filters))
    plan = _plan(conn, *statements[0])
    assert '"Seq Scan"' not in plan
    assert "ix_article_search_search_en" in plan or "ix_articles_published_day_local" in plan


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM daily_source_counts WHERE day BETWEEN '2025-03-03' AND '2025-03-09'",
        "SELECT article_id, title FROM article_overview WHERE published_date_local >= '2025-03-10'",
    ],
)
def test_view_date_filters_use_the_local_day_index(conn: Connection, sql: str) -> None:
    plan = _plan(conn, sql)
    assert "ix_articles_published_day_local" in plan
    assert '"Seq Scan"' not in plan


def test_view_local_day_is_the_outlets_calendar_day(conn: Connection) -> None:
    rows = conn.execute(
        text(
            "SELECT published_date_local, published_local::date FROM article_overview "
            "ORDER BY article_id"
        )
    ).all()
    assert rows
    assert all(day == local for day, local in rows)
    days = conn.execute(text("SELECT sum(articles) FROM daily_source_counts")).scalar_one()
    assert days == 60


def test_daily_counts_for_a_month_use_the_local_day_index(conn: Connection) -> None:
    month = queries.ArticleFilter(since=date(2025, 3, 1), until=date(2025, 3, 31))
    statements = _statements(conn, lambda: queries.daily_counts(conn, month))
    plan = _plan(conn, *statements[0])
    assert "ix_articles_published_day_local" in plan
    assert '"Seq Scan"' not in plan


def test_stats_window_reads_only_recent_articles(conn: Connection) -> None:
    window = stats_cli.window_filters(conn, queries.ArticleFilter(), 3)
    assert window.since is not None
    newest = max(_article(n)["published_at"] for n in range(60))
    assert window.since == newest.date() - timedelta(days=2)
    assert window.until == newest.date()
    data = stats_cli.collect(conn, window, 10)
    assert {r["day"] for r in data["daily"]} == {
        (newest.date() - timedelta(days=k)).isoformat() for k in range(3)
    }


def test_stats_window_plans_have_no_article_scan(conn: Connection) -> None:
    window = stats_cli.window_filters(conn, queries.ArticleFilter(), 3)
    statements = _statements(conn, lambda: stats_cli.collect(conn, window, 10))
    assert len(statements) >= 4
    for statement, parameters in statements:
        plan = json.loads(_plan(conn, statement, parameters))
        assert "articles" not in _seq_scanned(plan[0]["Plan"])


def _seq_scanned(node: dict[str, Any]) -> set[str]:
    found = {node["Relation Name"]} if node.get("Node Type") == "Seq Scan" else set()
    for child in node.get("Plans", []):
        found |= _seq_scanned(child)
    return found


def test_latest_runs_use_the_started_at_index(conn: Connection) -> None:
    conn.execute(text("SET enable_indexscan = on"))
    plan = _plan(conn, "SELECT * FROM crawl_runs ORDER BY started_at DESC LIMIT 20")
    assert "ix_crawl_runs_started_at" in plan


def test_stats_days_zero_keeps_the_whole_history(conn: Connection) -> None:
    assert stats_cli.window_filters(conn, queries.ArticleFilter(), 0) == queries.ArticleFilter()
    explicit = queries.ArticleFilter(since=date(2025, 3, 2))
    assert stats_cli.window_filters(conn, explicit, 14) == explicit


def test_sqlite_view_date_filter_uses_the_local_day_index(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(
            session, source_rows([get_site("jordantimes"), get_site("arabnews")])
        )
        repository.upsert_articles(session, [_article(n) for n in range(20)], ids)
    with engine.connect() as c:
        c.execute(text("ANALYZE"))
        plan = " ".join(
            str(row[-1])
            for row in c.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT * FROM daily_source_counts "
                    "WHERE day BETWEEN '2025-03-03' AND '2025-03-09'"
                )
            )
        )
        rows = c.execute(
            text(
                "SELECT sum(articles) FROM daily_source_counts WHERE day BETWEEN '2025-03-01' AND '2025-03-31'"
            )
        ).scalar_one()
    engine.dispose()
    assert "ix_articles_published_day_local" in plan
    assert rows == 20


def test_bench_scale_prints_one_json_object(
    fresh_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "scale", "--articles", "300", "--keep", fresh_pg_url, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    for key in (
        "search_rare_ms", "search_common_top20_ms", "search_phrase_ms", "search_rare_filtered_ms",
        "daily_counts_month_ms", "stats_ms", "cluster_update_ms_per_article",
    ):  # fmt: skip
        assert isinstance(result[key], int | float)
    assert result["articles"] == 300
    assert result["results"]["matching_common"] > 100
    assert result["plans"]["search_rare"]
    # Run again on the kept database: nothing is rebuilt.
    assert main(["bench", "scale", "--articles", "300", "--keep", fresh_pg_url, "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["build"]["articles_added"] == 0


def test_bench_scale_on_sqlite_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "scale", "--articles", "200", "--backend", "sqlite"]) == 0
    out = capsys.readouterr().out
    assert "200 articles on sqlite" in out
    assert "search_rare_ms" in out
    assert "stats_ms" in out


def test_clusters_rebuild_leaves_no_dead_rows(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url)
    engine = make_engine(fresh_pg_url)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(
            session, source_rows([get_site("jordantimes"), get_site("arabnews")])
        )
        repository.upsert_articles(session, [_article(n) for n in range(40)], ids)

    def sizes() -> tuple[int, int, int]:
        with engine.connect() as c:
            return (
                c.execute(text("SELECT count(*) FROM story_lsh_buckets")).scalar_one(),
                c.execute(text("SELECT count(*) FROM article_clusters")).scalar_one(),
                c.execute(text("SELECT pg_relation_size('story_lsh_buckets')")).scalar_one(),
            )

    buckets, members, size = sizes()
    assert buckets > 0
    assert members == 40
    for _ in range(3):
        assert main(["clusters", "rebuild", "--url", fresh_pg_url]) == 0
    after = sizes()
    engine.dispose()
    # The same rows again, and no room kept for the deleted ones (a DELETE would add a copy a time).
    assert after[:2] == (buckets, members)
    assert after[2] <= size
