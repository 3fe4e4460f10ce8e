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
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

RARE_WORD = "saltmarsh"
COMMON_WORD = "government"
PHRASE = '"water shortage"'
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_DAYS = 3 * 365
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
    RARE_WORD = RARE_WORD
    COMMON_WORD = COMMON_WORD
    PHRASE = PHRASE
    START = START

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


def _stats(conn: Any) -> Any:
    """``newscrawl stats`` as the command runs it: the latest 14 days, top 10."""
    from newscrawl.cli import stats as stats_cli
    from newscrawl.db.queries import ArticleFilter

    return stats_cli.collect(conn, stats_cli.window_filters(conn, ArticleFilter(), 14), 10)


def run(args: argparse.Namespace) -> int:
    from newscrawl.db import scale as db_scale
    from newscrawl.db.engine import database_url

    if args.articles < 100:
        print("newscrawl bench scale: --articles must be at least 100", file=sys.stderr)
        return 2
    corpus = Corpus()
    temporary: str | None = None
    scratch: tempfile.TemporaryDirectory[str] | None = None
    if args.keep:
        url = database_url(args.keep)  # postgres:// and postgresql:// read as every command reads them
    elif args.backend == "sqlite":
        scratch = tempfile.TemporaryDirectory(prefix="newscrawl-scale-")
        url = f"sqlite:///{Path(scratch.name) / 'scale.db'}"
    else:
        url = temporary = db_scale.scratch_url(database_url(args.admin_url), f"newscrawl_scale_{os.getpid()}")
    try:
        # failures go to the CLI's one error path (newscrawl/errors.py): one line, its exit code
        built = db_scale.build(url, args.articles, corpus)
        result = db_scale.measure(url, corpus, _stats)
        result["build"] = built
        result["load_average"] = round(os.getloadavg()[0], 2)
        print(json.dumps(result) if args.json else render(result))
        return 0
    finally:
        if temporary is not None:
            db_scale.drop_database(temporary)
        if scratch is not None:
            scratch.cleanup()


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog or "newscrawl bench scale", description=__doc__)
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
