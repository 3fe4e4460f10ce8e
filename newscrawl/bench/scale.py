"""Analyst operations at archive scale: ``newscrawl bench scale --articles N``.

Builds a database of N invented but varied articles through the product's own storage path
(``repository.upsert_articles`` in batches, search indexing deferred then caught up with
``search_index.index_all``, story clusters assigned in the same batches, then ``ANALYZE``),
and times what analysts do, in this process, median of five runs after one warm-up:

* full-text search for a rare word, the top 20 of a common word, a phrase; each alone and
  with a source and date-range filter (``queries.search``);
* one month of per-source daily counts (``queries.daily_counts`` and the
  ``daily_source_counts`` view on PostgreSQL);
* ``newscrawl stats`` with its default window (``cli.stats.collect``);
* the incremental story-cluster update of a batch of new articles, per article
  (``clusters.assign_articles``, rolled back).

On PostgreSQL each figure comes with the plan nodes its statements used (scans and their
indexes), so a search that stopped using its index shows as ``Seq Scan`` next to its time.

The corpus: 12 outlets (the registered sites, in their own time zones), three years of
publication times, ~400 authors, 10 agencies, ~12% syndicated copies of an agency story in
another outlet, bodies of 150-450 words drawn from a 20,000-word vocabulary with a Zipf
distribution, plus planted words: ``RARE_WORD`` in about one article in 1,000,
``COMMON_WORD`` in about 60%, ``PHRASE`` in about 1%.

``--keep URL`` builds into that database (created on PostgreSQL when missing) and leaves it;
run again with the same URL and it reuses the articles already there (topping up to N), so a
large database is built once and re-timed as often as needed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

RARE_WORD = "saltmarsh"
COMMON_WORD = "government"
PHRASE = '"water shortage"'
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_DAYS = 3 * 365
RUNS = 5
BATCH = 500
_SYLLABLES = (
    "ba", "ka", "ta", "ma", "ra", "sa", "la", "na", "da", "fa", "ha", "ja", "za", "qa", "wa",
    "be", "ke", "te", "me", "re", "se", "le", "ne", "de", "fi", "hi", "ji", "zi", "qi", "wi",
    "bo", "ko", "to", "mo", "ro", "so", "lo", "no", "du", "fu", "hu", "ju", "zu", "qu", "wu",
)  # fmt: skip
_FIRST = ("Hala", "Karim", "Dana", "Yousef", "Maha", "Tariq", "Nour", "Rami", "Lina", "Omar",
          "Sara", "Zaid", "Rana", "Fadi", "Huda", "Sami", "Reem", "Ali", "Mona", "Basel")  # fmt: skip
_LAST = ("Nasser", "Zoubi", "Saleh", "Tarawneh", "Khoury", "Haddadin", "Majali", "Hamdan",
         "Qasem", "Masri", "Shami", "Halabi", "Jaber", "Rifai", "Odeh", "Kurdi", "Azzam",
         "Sabbagh", "Bitar", "Daoud")  # fmt: skip
AGENCIES = ("Reuters", "AFP", "AP", "Petra", "WAM", "SPA", "KUNA", "QNA", "MENA", "Anadolu")


@dataclass
class Corpus:
    """Deterministic article generator (same seed, same articles, in publication order)."""

    seed: int = 18

    def __post_init__(self) -> None:
        from newscrawl.sites import all_sites, source_rows

        rng = random.Random(self.seed)
        words: set[str] = set()
        while len(words) < 20_000:
            words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))))
        self.vocab = sorted(words)
        rng.shuffle(self.vocab)
        weights = [1.0 / (rank + 10) for rank in range(len(self.vocab))]
        total = 0.0
        self.cum: list[float] = []
        for w in weights:
            total += w
            self.cum.append(total)
        self.sources = source_rows(all_sites())[:12]
        self.zones = {s["slug"]: ZoneInfo(s["timezone"]) for s in self.sources}
        people = [f"{f} {last}" for f in _FIRST for last in _LAST]
        self.staff = {
            s["slug"]: people[i * 33 : i * 33 + 33] or people[:33]
            for i, s in enumerate(self.sources)
        }

    def words(self, rng: random.Random, count: int) -> list[str]:
        return rng.choices(self.vocab, cum_weights=self.cum, k=count)

    def articles(self, start: int, count: int, total: int) -> Iterator[dict[str, Any]]:
        """Articles ``start`` .. ``start + count - 1`` of a corpus of ``total`` (publication order)."""
        from newscrawl.pipelines.storage import STORED_FIELDS
        from newscrawl.processing import content_hash

        for n in range(start, start + count):
            rng = random.Random(self.seed * 1_000_003 + n)
            published = START + timedelta(
                seconds=int(SPAN_DAYS * 86400 * (n + rng.random()) / total)
            )
            source = self.sources[rng.randrange(len(self.sources))]
            syndicated = n > 50 and rng.random() < 0.12
            if syndicated:
                # An agency story another outlet ran earlier: same body, another headline.
                original = next(self.articles(n - rng.randint(1, 50), 1, total))
                body, agencies = (
                    original["body"] + "\n\nThe agency contributed to this report.",
                    original["agencies"] or ["Reuters"],
                )
                authors: list[str] = []
                title = original["title"]
            else:
                paragraphs = []
                for _ in range(rng.randint(4, 9)):
                    para = self.words(rng, rng.randint(35, 55))
                    if rng.random() < 0.12:
                        para.insert(rng.randrange(len(para)), COMMON_WORD)
                    paragraphs.append(para)
                if rng.random() < 0.001:
                    paragraphs[-1].insert(3, RARE_WORD)
                if rng.random() < 0.01:
                    paragraphs[0][4:4] = ["water", "shortage"]
                if rng.random() < 0.05:
                    paragraphs[1].insert(2, "water")
                body = "\n\n".join(" ".join(p).capitalize() + "." for p in paragraphs)
                title_words = self.words(rng, 8)
                if rng.random() < 0.1:
                    title_words.insert(2, COMMON_WORD)
                title = " ".join(title_words).capitalize()
                kind = rng.random()
                staff = self.staff[source["slug"]]
                authors = rng.sample(staff, k=rng.choice((1, 1, 1, 2))) if kind < 0.5 else []
                agencies = [rng.choice(AGENCIES)] if 0.5 <= kind < 0.8 else []
            local = published.astimezone(self.zones[source["slug"]])
            slug = source["slug"]
            article: dict[str, Any] = {
                "url": f"{source['base_url']}/bench/{n}",
                "source": slug,
                "section": rng.choice(("local", "region", "world", "business", "opinion")),
                "node_id": n,
                "parser": f"{slug}/bench",
                "language": "en",
                "title": title,
                "byline_raw": ("By " + " and ".join(authors))
                if authors
                else (agencies[0] if agencies else None),
                "authors": authors,
                "agencies": agencies,
                "desks": [],
                "byline_kind": "person" if authors else ("agency" if agencies else "none"),
                "date_published_raw": local.strftime("%b %d, %Y %H:%M"),
                "date_updated_raw": None,
                "published_at": local,
                "updated_at": None,
                "date_precision": "minute",
                "dateline_raw": "AMMAN —" if rng.random() < 0.4 else None,
                "dateline": None,
                "dateline_places": [],
                "dateline_countries": [],
                "body": body,
                "body_html": None,
                "caption": "A caption." if rng.random() < 0.3 else None,
                "word_count": len(body.split()),
                "provenance": {"title": "bench"},
                "http_etag": None,
                "http_last_modified": None,
            }
            if article["dateline_raw"]:
                article.update(
                    dateline="AMMAN", dateline_places=["Amman"], dateline_countries=["JO"]
                )
            article["content_hash"] = content_hash(article)
            yield {name: article.get(name) for name in STORED_FIELDS}


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


def build(url: str, total: int, corpus: Corpus) -> dict[str, Any]:
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


def measure(url: str, corpus: Corpus) -> dict[str, Any]:
    """Time the analyst operations on the database at ``url``; figures and plans in one dict."""
    from sqlalchemy import func, select, text
    from sqlalchemy.orm import Session

    from newscrawl.cli import stats as stats_cli
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
            last_day = date.fromisoformat(last[:10]) if last else START.date()
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
                ("rare", RARE_WORD),
                ("common_top20", COMMON_WORD),
                ("phrase", PHRASE),
            ):
                for suffix, filters in (("", queries.ArticleFilter()), ("_filtered", filtered)):
                    name = f"search_{label}{suffix}"
                    found = timed(name, partial(queries.search, conn, query, filters, 20))
                    hits[name] = len(found)
            for label, query in (("rare", RARE_WORD), ("common", COMMON_WORD), ("phrase", PHRASE)):
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

            def stats() -> Any:
                return stats_cli.collect(
                    conn, stats_cli.window_filters(conn, queries.ArticleFilter(), 14), 10
                )

            with _Capture(engine) as capture:
                ms, _ = _median_ms(stats)
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


# -- command --------------------------------------------------------------------------------------

FIGURES = (
    "search_rare_ms", "search_rare_filtered_ms", "search_common_top20_ms",
    "search_common_top20_filtered_ms", "search_phrase_ms", "search_phrase_filtered_ms",
    "daily_counts_month_ms", "daily_source_counts_view_month_ms", "stats_ms",
    "cluster_update_ms_per_article", "storage_bytes_per_1000_articles",
)  # fmt: skip


def render(result: dict[str, Any]) -> str:
    lines = [
        f"bench scale: {result['articles']:,} articles on {result['backend']} "
        f"(load average {result['load_average']})",
    ]
    width = max(len(name) for name in FIGURES)
    for name in FIGURES:
        value = result.get(name)
        plan = result.get("plans", {}).get(name.removesuffix("_ms"), [])
        shown = "-" if value is None else f"{value:,}"
        lines.append(f"  {name:<{width}}  {shown:>12}  {', '.join(plan)}".rstrip())
    return "\n".join(lines)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--articles", type=int, default=20_000, help="articles in the database (20000)"
    )
    parser.add_argument(
        "--backend",
        choices=("postgresql", "sqlite"),
        default="postgresql",
        help="database for a throw-away run without --keep (postgresql)",
    )
    parser.add_argument(
        "--keep",
        metavar="URL",
        help="build into this database and leave it; an existing one is reused and topped up",
    )
    parser.add_argument(
        "--admin-url",
        default=os.environ.get(
            "NEWSCRAWL_BENCH_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
        ),
        help="PostgreSQL server for a throw-away database ($NEWSCRAWL_BENCH_ADMIN_URL)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object instead of a table"
    )


def run(args: argparse.Namespace) -> int:
    from sqlalchemy.engine import make_url

    if args.articles < 100:
        print("newscrawl bench scale: --articles must be at least 100", file=sys.stderr)
        return 2
    corpus = Corpus()
    temporary: str | None = None
    scratch: tempfile.TemporaryDirectory[str] | None = None
    if args.keep:
        url = args.keep
    elif args.backend == "sqlite":
        scratch = tempfile.TemporaryDirectory(prefix="newscrawl-scale-")
        url = f"sqlite:///{Path(scratch.name) / 'scale.db'}"
    else:
        url = temporary = (
            make_url(args.admin_url)
            .set(database=f"newscrawl_scale_{os.getpid()}")
            .render_as_string(hide_password=False)
        )
    try:
        try:
            built = build(url, args.articles, corpus)
            result = measure(url, corpus)
        except Exception as exc:
            print(
                f"newscrawl bench scale: {type(exc).__name__}: {str(exc).splitlines()[0]}",
                file=sys.stderr,
            )
            return 1
        result["build"] = built
        result["load_average"] = round(os.getloadavg()[0], 2)
        print(json.dumps(result, indent=None if args.json else 2) if args.json else render(result))
        return 0
    finally:
        if temporary is not None:
            _drop_database(temporary)
        if scratch is not None:
            scratch.cleanup()


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog or "newscrawl bench scale", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
