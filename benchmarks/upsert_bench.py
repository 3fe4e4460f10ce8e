"""Bulk upsert rate: ``repository.upsert_articles`` into a fresh PostgreSQL database.

    python -m benchmarks upsert [--articles 5000] [--batch-size 100]

Writes ``--articles`` normalized articles (invented, ~500-word bodies, every one different)
the way the storage pipeline does: batches of ``--batch-size``, one transaction each, through
``repository.upsert_articles``, which also writes credits, the first revision and the story
clusters (MinHash). Passes, each timed on its own:

1. new articles, search vectors and story clusters computed in the same transaction (the
   default, what a crawl does: search and stories are current after every batch);
2. the same articles again, all unchanged (the re-crawl case);
3. another set of new articles with ``index_search=False, cluster=False`` (a backfill that
   defers indexing and clustering);
4. the deferred work itself: ``search_index.index_all`` (``newscrawl search-index``), then
   ``clusters.assign_unclustered`` in batches (``newscrawl clusters update``);
5. the articles table alone (one ``INSERT ... ON CONFLICT`` per batch, nothing else).

The last lines give pass 1's and pass 3's rates against the targets (1,500/s with both,
5,000/s with both deferred).

Reported: articles per second (wall), articles per CPU second (this process plus the server
processes of its database, sampled from /proc: a figure a busy machine changes much less)
and both CPU shares per article. The server's share is parsing text into search vectors,
GIN and b-tree inserts, compression. Passes 3 + 4 together are the full cost of a deferred
load.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.common import (
    DatabaseCpu,
    create_pg_database,
    drop_pg_database,
    postgres_available,
    say,
    table,
)

_WORDS = (
    "officials",
    "residents",
    "ministry",
    "council",
    "project",
    "programme",
    "plan",
    "funding",
    "budget",
    "schools",
    "water",
    "roads",
    "power",
    "prices",
    "market",
    "trade",
    "workers",
    "farmers",
    "families",
    "students",
    "teachers",
    "doctors",
    "clinics",
    "hospitals",
    "villages",
    "towns",
    "districts",
    "region",
    "capital",
    "border",
    "network",
    "services",
    "support",
    "demand",
    "supply",
    "costs",
    "wages",
    "jobs",
    "growth",
    "report",
    "study",
    "survey",
    "figures",
    "data",
    "results",
    "review",
    "meeting",
    "talks",
    "session",
    "committee",
    "panel",
    "board",
    "agency",
    "department",
    "office",
    "authority",
    "sector",
    "industry",
    "companies",
    "investors",
    "banks",
    "loans",
    "grants",
    "donors",
    "partners",
    "experts",
    "analysts",
    "said",
    "added",
    "noted",
    "stressed",
    "warned",
    "explained",
    "announced",
    "expected",
    "planned",
    "approved",
    "rejected",
    "delayed",
    "launched",
    "opened",
    "closed",
    "expanded",
    "reduced",
    "increased",
    "improved",
    "completed",
    "started",
    "continued",
    "the",
    "a",
    "of",
    "to",
    "in",
    "for",
    "on",
    "with",
    "at",
    "by",
    "from",
    "over",
    "after",
    "before",
    "new",
    "local",
    "public",
    "national",
    "regional",
    "annual",
    "several",
    "many",
    "recent",
    "current",
    "next",
    "first",
    "last",
    "long",
    "short",
    "large",
    "small",
    "high",
    "low",
    "rising",
    "falling",
    "year",
    "month",
    "week",
    "day",
)
_PEOPLE = [f"{first} {last}" for first in ("Hala", "Karim", "Dana", "Yousef", "Maha", "Tariq", "Nour")
           for last in ("Nasser", "Zoubi", "Saleh", "Tarawneh", "Khoury", "Haddadin", "Majali")]  # fmt: skip


BOTH = "upsert_articles, new (indexed and clustered)"
DEFERRED = "upsert_articles, new (indexing and clustering deferred)"


def make_articles(count: int, seed: int = 1) -> list[dict[str, Any]]:
    """Normalized articles as the storage pipeline receives them (``STORED_FIELDS``)."""
    from newscrawl.processing import content_hash
    from newscrawl.schema import STORED_FIELDS

    rng = random.Random(seed)
    start = datetime(2015, 1, 1, tzinfo=UTC)
    articles = []
    for n in range(count):
        paragraphs = [
            " ".join(rng.choice(_WORDS) for _ in range(rng.randint(30, 60))).capitalize() + "."
            for _ in range(rng.randint(8, 12))
        ]
        body = "\n\n".join(paragraphs)
        authors = rng.sample(_PEOPLE, k=rng.choice((0, 1, 1, 2)))
        agencies = rng.choice(([], [], ["Petra"], ["Reuters"], ["AFP"]))
        published = start + timedelta(minutes=rng.randrange(5_000_000))
        article: dict[str, Any] = {
            "url": f"https://www.jordantimes.com/news/local/story-{seed}-{n}",
            "source": "jordantimes",
            "section": "local",
            "node_id": 100_000 + n,
            "parser": "jordantimes/drupal7",
            "language": "en",
            "title": f"Story {n}: " + " ".join(rng.choice(_WORDS) for _ in range(8)),
            "byline_raw": "By " + " and ".join(authors) if authors else None,
            "authors": authors,
            "agencies": agencies,
            "desks": [],
            "byline_kind": "person" if authors else ("agency" if agencies else "none"),
            "date_published_raw": f"{published:%b %d,%Y}",
            "date_updated_raw": None,
            "published_at": published,
            "updated_at": None,
            "date_precision": "day",
            "dateline_raw": "AMMAN —",
            "dateline": "AMMAN",
            "dateline_places": ["Amman"],
            "dateline_countries": ["JO"],
            "body": body,
            "body_html": "".join(f"<p>{p}</p>" for p in paragraphs),
            "caption": None,
            "word_count": len(body.split()),
            "provenance": {"title": "selector", "body": "selector"},
            "http_etag": f'"{n:016x}"',
            "http_last_modified": "Sun, 18 May 2025 10:00:00 GMT",
        }
        article["content_hash"] = content_hash(article)
        articles.append({name: article.get(name) for name in STORED_FIELDS})
    return articles


def _pass(
    engine: Any, articles: list[dict[str, Any]], batch: int, source_ids: dict[str, int], write: Any
) -> tuple[float, float]:
    from sqlalchemy.orm import Session

    wall, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(articles), batch):
        with Session(engine) as session, session.begin():
            write(session, articles[start : start + batch], source_ids)
    return time.perf_counter() - wall, time.process_time() - cpu


def _settled(sampler: DatabaseCpu) -> float:
    """The sampler's figure once it has read /proc at least once more."""
    time.sleep(3 * sampler.interval)
    return sampler.seconds


def _deferred(session: Any, articles: list[dict[str, Any]], source_ids: dict[str, int]) -> None:
    from newscrawl.db import repository

    repository.upsert_articles(session, articles, source_ids, index_search=False, cluster=False)


def _articles_only(
    session: Any, articles: list[dict[str, Any]], source_ids: dict[str, int]
) -> None:
    from newscrawl.db import repository
    from newscrawl.db.models import Article

    now = datetime.now(UTC)
    rows = [repository.article_row(a, source_ids[a["source"]], now) for a in articles]
    stmt = repository._insert(session, Article.__table__)
    session.execute(stmt.on_conflict_do_nothing(index_elements=["url"]), rows)


def run(args: argparse.Namespace) -> int:
    if reason := postgres_available():
        print(f"upsert bench: PostgreSQL unavailable ({reason})", file=sys.stderr)
        return 2
    from sqlalchemy.orm import Session

    from newscrawl.clustering import minhash
    from newscrawl.db import clusters, repository, search_index
    from newscrawl.db.engine import make_engine, upgrade
    from newscrawl.sites import all_sites, source_rows

    say(f"upsert bench: inventing {args.articles} articles ...")
    articles = make_articles(args.articles)
    deferred = make_articles(args.articles, seed=2)
    spare = make_articles(args.articles, seed=3)
    url = create_pg_database()
    from sqlalchemy.engine import make_url

    database = make_url(url).database or ""
    rows = []
    try:
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session, session.begin():
            source_ids = repository.ensure_sources(session, source_rows(all_sites()))
        minhash.signature("warm up " * 40)  # numpy and the permutations, loaded once
        passes = (
            (BOTH, articles, repository.upsert_articles),
            ("upsert_articles, unchanged", articles, repository.upsert_articles),
            (DEFERRED, deferred, _deferred),
            ("catch-up: index_all + assign_unclustered", deferred, None),
            ("articles table only, new", spare, _articles_only),
        )
        figures = {}
        for label, batch_of, write in passes:
            server = DatabaseCpu(database)
            server.__enter__()
            server_before = _settled(server)
            if write is None:
                wall, cpu = time.perf_counter(), time.process_time()
                report = search_index.index_all(engine)
                assigned = 0
                while True:
                    with Session(engine) as session, session.begin():
                        done = clusters.assign_unclustered(session, limit=1000)
                    assigned += done
                    if not done:
                        break
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                with Session(engine) as session:
                    pending = search_index.pending_count(session)
                if report.indexed != len(batch_of) or pending or assigned != len(batch_of):
                    raise RuntimeError(
                        f"indexed {report.indexed} and clustered {assigned} of {len(batch_of)}, "
                        f"{pending} left to index"
                    )
            else:
                wall, cpu = _pass(engine, batch_of, args.batch_size, source_ids, write)
            server_cpu = _settled(server) - server_before
            server.__exit__()
            total = cpu + server_cpu
            f = figures[label] = {
                "articles_per_second": len(batch_of) / wall,
                "cpu_ms_per_article": 1000 * cpu / len(batch_of),
                "server_cpu_ms_per_article": 1000 * server_cpu / len(batch_of),
                "articles_per_cpu_second": len(batch_of) / total if total else float("nan"),
                "wall_ms_per_article": 1000 * wall / len(batch_of),
            }
            rows.append(
                [
                    label,
                    f"{f['articles_per_second']:,.0f}",
                    f"{f['articles_per_cpu_second']:,.0f}",
                    f"{f['cpu_ms_per_article']:.2f}",
                    f"{f['server_cpu_ms_per_article']:.2f}",
                    f"{f['wall_ms_per_article']:.2f}",
                ]
            )
        engine.dispose()
    finally:
        drop_pg_database(url)
    print(
        f"upsert benchmark: {args.articles} articles into PostgreSQL, batches of {args.batch_size}\n"
        + table(
            [
                "pass",
                "articles/s",
                "articles/CPU s",
                "client CPU ms/article",
                "server CPU ms/article",
                "wall ms/article",
            ],
            rows,
        )
        + f"\nwith indexing and clustering: {figures[BOTH]['articles_per_second']:,.0f} articles/s,"
        f" {figures[BOTH]['articles_per_cpu_second']:,.0f} per CPU second (target >= 1,500)"
        f"\nwith both deferred: {figures[DEFERRED]['articles_per_second']:,.0f} articles/s,"
        f" {figures[DEFERRED]['articles_per_cpu_second']:,.0f} per CPU second (target >= 5,000)"
        f"\nload average {os.getloadavg()[0]:.1f} (articles/s is wall time: it falls on a busy"
        " machine; articles/CPU s counts this process and its database's server processes)",
        flush=True,
    )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=5000, help="articles per pass (5000)")
    parser.add_argument(
        "--batch-size",
        type=int,
        default=100,
        help="articles per transaction (100, as NEWSCRAWL_BATCH_SIZE)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures here")


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
