"""Archive throughput: ``ingest-warc`` and ``reextract`` pages/s over a crawl's own WARC files.

    python -m benchmarks ingest [--articles 500] [--json out.json]

Writes the synthetic Jordan Times mirror the crawl benchmark uses (``testing.jtsite``), crawls
it once with the archive on into a SQLite file, stops the mirror, then times, in this process
(wall and CPU time; a PostgreSQL server's own CPU is not counted):

  ingest-warc → PostgreSQL   every WARC file of the crawl into a fresh, migrated database
  ingest-warc → SQLite       the same into a fresh SQLite file
  reextract (unchanged)      today's parsers over the archive into the crawl's own database

Pages/s counts response records read (robots.txt, listings, articles); articles/s the articles
stored or compared. See docs/archive.md for the figures so far.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import (
    child_env,
    create_pg_database,
    drop_pg_database,
    postgres_available,
    say,
    table,
)
from benchmarks.crawl_bench import Server, build_site


def _measure(label: str, work: Any) -> dict[str, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    tally, pages = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    say(f"  {label}: {pages} pages, {tally.kept} articles in {wall:.1f} s")
    return {
        "label": label,
        "pages": pages,
        "articles": tally.kept,
        "failed": len(tally.failed),
        "seconds": wall,
        "pages_per_second": pages / wall if wall else 0.0,
        "articles_per_second": tally.kept / wall if wall else 0.0,
        "cpu_ms_per_page": 1000 * cpu / max(pages, 1),
    }


def run(args: argparse.Namespace) -> int:
    from newscrawl.archive import ingest as archive_ingest
    from newscrawl.archive.warc import WarcReader, archive_files
    from newscrawl.db.engine import make_engine, upgrade

    args.workdir.mkdir(parents=True, exist_ok=True)
    site = build_site(args.workdir, args.articles, args.per_page, args.page_kb, args.body_words, args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="ingest-", dir=args.workdir))
    crawl_db = f"sqlite:///{scratch / 'crawl.db'}"
    archive = scratch / "archive"
    upgrade(crawl_db)
    server = Server("fast", site.root)
    try:
        say(f"crawling {site.articles} articles with the archive on ...")
        cmd = [
            sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={server.base_url}",
            "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS=16",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING",
            "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", f"NEWSCRAWL_SPOOL_DIR={scratch / 'spool'}",
        ]  # fmt: skip
        env = child_env({"SCRAPY_SETTINGS_MODULE": "newscrawl.settings", "NEWSCRAWL_DATABASE_URL": crawl_db})
        crawl = subprocess.run(cmd, cwd=scratch, env=env, capture_output=True, text=True, timeout=args.timeout)
    finally:
        server.stop()  # everything below reads the archive only
    if crawl.returncode != 0:
        print(f"ingest bench: the crawl failed ({crawl.returncode}):\n{crawl.stderr[-2000:]}", file=sys.stderr)
        shutil.rmtree(scratch, ignore_errors=True)
        return 1
    files = archive_files(archive)
    pages = sum(1 for path in files for _ in WarcReader(path))
    size = sum(p.stat().st_size for p in files)
    results = []
    targets = [("ingest-warc → SQLite", f"sqlite:///{scratch / 'ingest.db'}")]
    if not postgres_available():
        targets.insert(0, ("ingest-warc → PostgreSQL", create_pg_database()))
    try:
        for label, url in targets:
            upgrade(url)
            engine = make_engine(url)
            ledger = archive_ingest.Ledger(scratch / f"state-{len(results)}")
            results.append(
                _measure(label, lambda e=engine, led=ledger: (archive_ingest.ingest(e, files, ledger=led), pages))
            )
            engine.dispose()
        engine = make_engine(crawl_db)
        results.append(
            _measure("reextract (unchanged)", lambda: (archive_ingest.reextract(engine, archive), pages))
        )
        engine.dispose()
    finally:
        for _, url in targets:
            if url.startswith("postgresql"):
                drop_pg_database(url)
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"archive benchmark: {site.articles} articles, {pages} archived responses in {len(files)} "
        f"WARC file(s), {size / 1e6:.1f} MB ({size / 1e6 / pages * 1000:.1f} MB per 1,000 pages)"
    )
    print(
        table(
            ["run", "pages", "articles", "seconds", "pages/s", "articles/s", "CPU ms/page", "failed"],
            [
                [r["label"], r["pages"], r["articles"], f"{r['seconds']:.1f}", f"{r['pages_per_second']:.0f}",
                 f"{r['articles_per_second']:.0f}", f"{r['cpu_ms_per_page']:.2f}", r["failed"]]
                for r in results
            ],
        )
    )
    if args.json:
        args.json.write_text(json.dumps({"pages": pages, "archive_bytes": size, "runs": results}, indent=2))
    bad = [r for r in results if r["failed"] or r["articles"] < site.articles]
    return 1 if bad else 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--articles", type=int, default=500, help="articles on the synthetic site (500)")
    parser.add_argument("--per-page", type=int, default=10, help="articles per listing page (10)")
    parser.add_argument("--page-kb", type=int, default=64, help="article page weight in KB (64)")
    parser.add_argument("--body-words", type=int, default=450, help="extra words of prose per body (450)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newscrawl-bench",
        help="where the site is written and kept",
    )  # fmt: skip
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before the crawl is killed")
    parser.add_argument("--json", type=Path, help="also write the figures here")


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
