"""Build and time the ``newscrawl bench scale`` database (the SQL side of the benchmark).

``build`` tops a database up to N articles of a corpus (``newscrawl.bench.scale.Corpus``)
through ``repository.upsert_articles`` with search indexing deferred, then catches the index
up (``search_index.index_all``) and runs ``ANALYZE``. ``measure`` times the analyst queries in
this process (median of ``RUNS`` after a warm-up) and, on PostgreSQL, records the scans each
main statement used (``EXPLAIN`` of the captured statement with its parameters).
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

RUNS = 5
BATCH = 500


def scratch_url(admin_url: str, name: str) -> str:
    """The URL of database ``name`` on the server of ``admin_url``."""
    from sqlalchemy.engine import make_url

    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    """Drop the PostgreSQL database of ``url`` (for a throw-away run)."""
    _drop_database(url)


# -- building -------------------------------------------------------------------------------------


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": parsed.database}
            ).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    finally:
        admin.dispose()


def _drop_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


def build(url: str, total: int, corpus: Any) -> dict[str, Any]:
    """Top the database up to ``total`` articles; returns what was done and how long it took."""
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from newscrawl.db import repository, search_index
    from newscrawl.db.engine import make_engine, upgrade
    from newscrawl.db.models import Article

    _ensure_database(url)
    upgrade(url)
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            source_ids = repository.ensure_sources(session, corpus.sources)
            have = int(session.execute(select(func.count()).select_from(Article)).scalar_one())
        started = time.perf_counter()
        done = have
        while done < total:
            count = min(BATCH, total - done)
            with Session(engine) as session, session.begin():
                repository.upsert_articles(
                    session,
                    list(corpus.articles(done, count, total)),
                    source_ids,
                    index_search=False,
                )
            done += count
            if done % 10_000 < BATCH or done == total:
                rate = (done - have) / (time.perf_counter() - started)
                _say(f"bench scale: {done:,} of {total:,} articles stored ({rate:,.0f}/s)")
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        report = search_index.index_all(engine, batch=5000)
        index_s = time.perf_counter() - started
        with engine.connect() as conn:
            conn.execute(text("ANALYZE"))
            conn.commit()
        return {
            "articles_before": have,
            "articles_added": done - have,
            "load_s": round(load_s, 1),
            "search_indexed": report.indexed,
            "search_index_s": round(index_s, 1),
        }
    finally:
        engine.dispose()


# -- timing ---------------------------------------------------------------------------------------


class _Capture:
    """Statements a block sent to the database, with their parameters."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.statements: list[tuple[str, Any]] = []

    def _hook(
        self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            self.statements.append((statement, parameters))

    def __enter__(self) -> _Capture:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._hook)
        return self

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._hook)


def _plan_nodes(plan: dict[str, Any]) -> list[str]:
    """The scans of a plan tree: ``Bitmap Index Scan on ix_...``, ``Seq Scan on articles``."""
    out: list[str] = []
    kind = plan.get("Node Type", "")
    if "Scan" in kind and kind not in ("Subquery Scan", "Function Scan", "Values Scan", "CTE Scan"):
        target = plan.get("Index Name") or plan.get("Relation Name") or ""
        if kind in ("Bitmap Heap Scan",):
            target = plan.get("Relation Name", "")
        out.append(f"{kind} on {target}".strip())
    for child in plan.get("Plans", []):
        out.extend(_plan_nodes(child))
    return out


def explain(conn: Any, statement: str, parameters: Any) -> list[str]:
    """Scan nodes PostgreSQL chose for one captured statement (duplicates removed, in order)."""
    cursor = conn.connection.dbapi_connection.cursor()
    try:
        cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
        plan = cursor.fetchone()[0]
    finally:
        cursor.close()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return list(dict.fromkeys(_plan_nodes(plan[0]["Plan"])))


def _median_ms(call: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    result = call()  # warm-up: caches, the plan of a first execution
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def measure(url: str, corpus: Any, stats: Callable[[Any], Any]) -> dict[str, Any]:
    """Time the analyst operations on the database at ``url``; figures and plans in one dict."""
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from newscrawl.db import clusters, queries
    from newscrawl.db.engine import make_engine
    from newscrawl.db.models import Article

    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    out: dict[str, Any] = {"backend": engine.dialect.name}
    plans: dict[str, list[str]] = {}
    hits: dict[str, int] = {}
    try:
        with engine.connect() as conn:
            total = int(conn.execute(select(func.count()).select_from(Article)).scalar_one())
            last = conn.execute(select(func.max(Article.published_local))).scalar_one()
            out["articles"] = total
            last_day = date.fromisoformat(last[:10]) if last else corpus.START.date()
            filtered = queries.ArticleFilter(
                sources=(corpus.sources[0]["slug"], corpus.sources[1]["slug"]),
                since=last_day - timedelta(days=180),
                until=last_day - timedelta(days=1),
            )
            month_end = last_day.replace(day=1) - timedelta(days=1)  # the last complete month
            month = queries.ArticleFilter(since=month_end.replace(day=1), until=month_end)

            def timed(name: str, call: Callable[[], Any]) -> Any:
                with _Capture(engine) as capture:
                    ms, result = _median_ms(call)
                out[f"{name}_ms"] = round(ms, 2)
                if postgres and capture.statements:
                    statement, parameters = capture.statements[0]
                    plans[name] = explain(conn, statement, parameters)
                return result

            for label, query in (
                ("rare", corpus.RARE_WORD),
                ("common_top20", corpus.COMMON_WORD),
                ("phrase", corpus.PHRASE),
            ):
                for suffix, filters in (("", queries.ArticleFilter()), ("_filtered", filtered)):
                    name = f"search_{label}{suffix}"
                    found = timed(name, partial(queries.search, conn, query, filters, 20))
                    hits[name] = len(found)
            for label, query in (
                ("rare", corpus.RARE_WORD),
                ("common", corpus.COMMON_WORD),
                ("phrase", corpus.PHRASE),
            ):
                matched = queries.ArticleFilter(query=query)
                hits[f"matching_{label}"] = int(
                    conn.execute(
                        select(func.count())
                        .select_from(Article)
                        .where(*queries.filter_conditions(matched, engine.dialect.name))
                    ).scalar_one()
                )
            rows = timed("daily_counts_month", lambda: queries.daily_counts(conn, month))
            hits["daily_counts_month_rows"] = len(rows)
            view_sql = text(
                "SELECT * FROM daily_source_counts WHERE day BETWEEN :since AND :until ORDER BY day, source"
            )
            params: dict[str, Any] = {"since": month_end.replace(day=1), "until": month_end}
            if not postgres:
                params = {k: v.isoformat() for k, v in params.items()}
            rows = timed(
                "daily_source_counts_view_month", lambda: conn.execute(view_sql, params).all()
            )
            hits["daily_source_counts_view_month_rows"] = len(rows)

            with _Capture(engine) as capture:
                ms, _ = _median_ms(partial(stats, conn))
            out["stats_ms"] = round(ms, 2)
            if postgres:
                nodes: list[str] = []
                for statement, parameters in capture.statements[
                    : len(capture.statements) // (RUNS + 1)
                ]:
                    nodes.extend(explain(conn, statement, parameters))
                plans["stats"] = list(dict.fromkeys(nodes))
        # Incremental clustering: a batch of new articles (half syndicated copies) joins stories;
        # rolled back so the database stays as built.
        new = list(corpus.articles(total, 200, total + 200))
        bodies = {10**12 + i: a["body"] for i, a in enumerate(new)}
        times = []
        for _ in range(3):
            with Session(engine) as session:
                _fake_articles(session, bodies, new)
                started = time.perf_counter()
                clusters.assign_articles(session, bodies)
                times.append((time.perf_counter() - started) * 1000)
                session.rollback()
        out["cluster_update_ms_per_article"] = round(statistics.median(times) / len(bodies), 3)
        out["storage_bytes_per_1000_articles"] = _storage(engine, total)
        out["plans"] = plans
        out["results"] = hits
        return out
    finally:
        engine.dispose()


def _fake_articles(session: Any, bodies: dict[int, str], articles: list[dict[str, Any]]) -> None:
    """Insert the rows the new memberships point at (rolled back with them)."""
    from sqlalchemy import insert, select

    from newscrawl.db import repository
    from newscrawl.db.models import Article, Source

    source_id = session.execute(select(Source.id).limit(1)).scalar_one()
    now = datetime.now(UTC)
    rows = []
    for aid, article in zip(bodies, articles, strict=True):
        row = repository.article_row(article, source_id, now)
        row["id"] = aid
        row["url"] = f"{row['url']}?rolled-back"
        rows.append(row)
    session.execute(insert(Article), rows)


def _storage(engine: Any, total: int) -> int | None:
    from sqlalchemy import text

    if not total:
        return None
    with engine.connect() as conn:
        if engine.dialect.name == "postgresql":
            size = conn.execute(
                text(
                    "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' AND c.relkind = 'r'"
                )
            ).scalar_one()
        else:
            pages = conn.execute(text("PRAGMA page_count")).scalar_one()
            page = conn.execute(text("PRAGMA page_size")).scalar_one()
            free = conn.execute(text("PRAGMA freelist_count")).scalar_one()
            size = (pages - free) * page
    return int(int(size) * 1000 / total)
