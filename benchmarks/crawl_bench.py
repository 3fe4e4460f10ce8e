"""Crawl throughput: newscrawl's ``jordantimes`` spider against a bare Scrapy spider, same site.

    python -m benchmarks crawl [--articles 2000] [--repeats 3] [--json out.json]

Writes a synthetic Jordan Times mirror (``testing.jtsite``, article pages padded to
``--page-kb`` with sidebar furniture, listings with a Drupal pager), serves it from a separate
process on 127.0.0.1, then runs, ``--repeats`` times each and interleaved:

  (a) bare    benchmarks/bare_spider.py: fetches the same listings and articles, yields nothing
  (b) pg      ``scrapy crawl jordantimes`` with every pipeline, into a fresh PostgreSQL database
  (c) sqlite  the same into a fresh SQLite file (the embedded default)
  (b') pg-noarchive, (c') sqlite-noarchive: the same with the page archive off
      (``NEWSCRAWL_ARCHIVE_DIR=off``); (b) and (c) archive every response as WARC, the
      default. CPU ms/page of (c) minus (c') is the archive's cost per page, and the table
      gives the archive's size per 1,000 pages (docs/archive.md)

All with robots.txt obeyed, the same concurrency, no download delay and no AutoThrottle. The
table gives medians: pages/s over the crawl (crawler set-up to last pipeline closed), CPU ms per
article of the crawler process (its database writer child included), its peak RSS (the
writer's added), the ratio to (a), the mirror server's CPU per page and, for (b), the local
PostgreSQL server's CPU per article. Exits 1 when a crawl failed or stored fewer articles than
the site has.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.common import (
    REPO,
    DatabaseCpu,
    child_env,
    count_articles,
    create_pg_database,
    drop_pg_database,
    machine_cpu,
    median,
    postgres_available,
    postgres_cpu_seconds,
    process_cpu_seconds,
    run_measured,
    say,
    table,
)

VARIANTS = {
    "bare": "(a) bare Scrapy",
    "pg": "(b) jordantimes → PostgreSQL",
    "sqlite": "(c) jordantimes → SQLite",
    # The same crawls with the page archive off (docs/archive.md): the difference is its cost.
    "pg-noarchive": "(b') → PostgreSQL, archive off",
    "sqlite-noarchive": "(c') → SQLite, archive off",
}
SERVERS = ("fast", "threaded")


@dataclass
class Site:
    root: Path
    articles: int
    pages: int
    article_kb: float


@dataclass
class Run:
    variant: str
    repeat: int
    returncode: int
    pages: int
    items: int
    stored: int | None
    wall_seconds: float
    cpu_seconds: float
    process_wall_seconds: float
    process_cpu_seconds: float
    maxrss_mb: float
    server_cpu_seconds: float
    machine_busy: float
    """Share of the machine's CPU (all cores) busy during the run, whoever used it."""
    db_cpu_seconds: float = 0.0
    """CPU the local PostgreSQL server used during the run, all of it (pg variant only)."""
    db_own_cpu_seconds: float = 0.0
    """CPU of the server processes working for this run's database (pg variant only)."""
    load_average: float = 0.0
    """The machine's one-minute load average at the end of the run."""
    archive_bytes: int = 0
    """Size of the WARC files the crawl wrote (0 with the archive off)."""
    problems: list[str] = field(default_factory=list)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall_seconds if self.wall_seconds else 0.0


# -- the site and its server ----------------------------------------------------------------------


def build_site(
    workdir: Path, articles: int, per_page: int, page_kb: int, body_words: int, seed: int
) -> Site:
    """Write the mirror once per parameter set and reuse it (it takes seconds at 20,000 articles)."""
    from testing.jtsite import build_site as write_site

    root = workdir / f"jt-{articles}a-{per_page}pp-{page_kb}kb-{body_words}w-s{seed}"
    done = root / "manifest.json"
    if not done.is_file():
        if root.exists():
            shutil.rmtree(root)
        say(f"writing a {articles}-article mirror to {root} ...")
        manifest = write_site(
            root,
            n_articles=articles,
            per_page=per_page,
            seed=seed,
            page_kb=page_kb,
            body_words=body_words,
        )
        done.write_text(json.dumps(manifest))
    from testing.server import file_for

    manifest = json.loads(done.read_text())
    sizes = [file_for(root, entry["path"]).stat().st_size for entry in manifest]  # type: ignore[union-attr]
    listings = [*root.glob("news/*/index*.html"), *root.glob("opinion/index*.html")]
    pages = len(manifest) + len(listings) + 1  # and robots.txt
    kb = sum(sizes) / len(sizes) / 1024 if sizes else 0.0
    count = len(manifest)
    return Site(root, count, pages, kb)


class Server:
    """The mirror server in its own process; its CPU is read from /proc around each run."""

    def __init__(self, kind: str, root: Path) -> None:
        from testing.server import _read_base_url

        module = "benchmarks.mirror_server" if kind == "fast" else "testing.server"
        self.stderr = tempfile.TemporaryFile()  # noqa: SIM115 (kept open while the server runs)
        self.process = subprocess.Popen(
            [sys.executable, "-m", module, str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=child_env(),
            text=True,
        )
        self.base_url = _read_base_url(self.process, self.stderr, 15.0)

    def cpu_seconds(self) -> float:
        return process_cpu_seconds(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.stderr.close()


# -- one measured crawl -----------------------------------------------------------------------------


def scrapy_settings(concurrency: int, probe: Path) -> list[str]:
    settings = {
        "ROBOTSTXT_OBEY": "True",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "DOWNLOAD_DELAY": "0",
        "AUTOTHROTTLE_ENABLED": "False",
        "TELNETCONSOLE_ENABLED": "False",
        "LOG_LEVEL": "WARNING",
        "STATS_CLASS": "benchmarks.probe.ProbeStatsCollector",
    }
    return [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]


def run_once(
    variant: str,
    repeat: int,
    site: Site,
    server: Server,
    concurrency: int,
    scratch: Path,
    timeout: float,
    extra_settings: list[str] | None = None,
) -> Run:
    from sqlalchemy.engine import make_url

    from newscrawl.db.engine import upgrade

    cwd = Path(tempfile.mkdtemp(prefix=f"{variant}-", dir=scratch))
    probe = cwd / "probe.json"
    env = {"NEWSCRAWL_BENCH_PROBE": str(probe)}
    db_url: str | None = None
    database = variant.removesuffix("-noarchive")
    archive = cwd / "archive"
    if variant == "bare":
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "runspider",
            str(REPO / "benchmarks" / "bare_spider.py"),
        ]
    else:
        db_url = create_pg_database() if database == "pg" else f"sqlite:///{cwd / 'newscrawl.db'}"
        upgrade(
            db_url
        )  # outside the measurement: a crawl of an existing database is the steady state
        env.update(
            SCRAPY_SETTINGS_MODULE="newscrawl.settings",
            NEWSCRAWL_DATABASE_URL=db_url,
        )
        cmd = [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "jordantimes",
            "-s",
            f"NEWSCRAWL_SPOOL_DIR={cwd / 'spool'}",
            "-s",
            "NEWSCRAWL_ARCHIVE_DIR=off" if variant.endswith("-noarchive") else f"NEWSCRAWL_ARCHIVE_DIR={archive}",
            *(arg for setting in extra_settings or () for arg in ("-s", setting)),
        ]
    cmd += ["-a", f"base_url={server.base_url}", *scrapy_settings(concurrency, probe)]
    try:
        server_before, (busy_before, total_before) = server.cpu_seconds(), machine_cpu()
        db_before = postgres_cpu_seconds() if database == "pg" else 0.0
        own_db = make_url(db_url).database if database == "pg" and db_url else None
        with DatabaseCpu(own_db or "\x00") as own:  # nothing matches NUL
            finished = run_measured(cmd, cwd=cwd, env=child_env(env), timeout=timeout)
        load = os.getloadavg()[0]
        server_cpu = server.cpu_seconds() - server_before
        db_cpu = postgres_cpu_seconds() - db_before if database == "pg" else 0.0
        busy_after, total_after = machine_cpu()
        stored = count_articles(db_url) if db_url else None
    finally:
        if database == "pg" and db_url:
            drop_pg_database(db_url)
    record: dict[str, Any] = json.loads(probe.read_text()) if probe.is_file() else {}
    stats = record.get("stats", {})
    problems = []
    if finished.timed_out:
        problems.append(f"killed after {timeout:.0f} s")
    if finished.returncode != 0:
        tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
        problems.append(f"exit status {finished.returncode}\n{tail}")
    if not record:
        problems.append("the crawl wrote no probe record")
    if stored is not None and stored < site.articles:
        problems.append(f"stored {stored} of {site.articles} articles")
    archive_bytes = sum(p.stat().st_size for p in archive.rglob("*.warc.gz")) if archive.is_dir() else 0
    shutil.rmtree(cwd, ignore_errors=True)
    busy = (
        (busy_after - busy_before) / (total_after - total_before)
        if total_after > total_before
        else 0.0
    )
    return Run(
        variant=variant,
        repeat=repeat,
        returncode=finished.returncode,
        pages=int(stats.get("downloader/response_count") or 0),
        items=int(stats.get("item_scraped_count") or 0),
        stored=stored,
        wall_seconds=float(record.get("wall_seconds") or finished.wall_seconds),
        cpu_seconds=float(record.get("cpu_seconds") or finished.cpu_seconds),
        process_wall_seconds=finished.wall_seconds,
        process_cpu_seconds=finished.cpu_seconds,
        # the crawler's own peak plus the writer child's: both are the crawl's memory
        maxrss_mb=(
            (record["maxrss_kb"] + record.get("children_maxrss_kb", 0)) / 1024
            if record.get("maxrss_kb")
            else finished.maxrss_kb / 1024
        ),
        server_cpu_seconds=server_cpu,
        db_cpu_seconds=db_cpu,
        db_own_cpu_seconds=own.seconds,
        load_average=load,
        machine_busy=busy,
        archive_bytes=archive_bytes,
        problems=problems,
    )


# -- the report ----------------------------------------------------------------------------------------


def summarise(runs: list[Run], site: Site) -> dict[str, dict[str, Any]]:
    summary: dict[str, dict[str, Any]] = {}
    for variant in VARIANTS:
        mine = [r for r in runs if r.variant == variant]
        if not mine:
            continue
        summary[variant] = {
            "pages_per_second": median(r.pages_per_second for r in mine),
            "cpu_ms_per_article": median(1000 * r.cpu_seconds / site.articles for r in mine),
            "maxrss_mb": median(r.maxrss_mb for r in mine),
            "wall_seconds": median(r.wall_seconds for r in mine),
            "process_cpu_seconds": median(r.process_cpu_seconds for r in mine),
            "server_cpu_ms_per_page": median(
                1000 * r.server_cpu_seconds / max(r.pages, 1) for r in mine
            ),
            "machine_busy": median(r.machine_busy for r in mine),
            "db_cpu_ms_per_article": (
                median(1000 * r.db_own_cpu_seconds / site.articles for r in mine)
                if variant.startswith("pg")
                else None
            ),
            "db_all_cpu_ms_per_article": (
                median(1000 * r.db_cpu_seconds / site.articles for r in mine)
                if variant.startswith("pg")
                else None
            ),
            # the crawl's whole CPU: crawler, its writer child, its database's server processes
            "total_cpu_seconds": median(r.cpu_seconds + r.db_own_cpu_seconds for r in mine),
            "load_average": median(r.load_average for r in mine),
            "cpu_ms_per_page": median(1000 * r.cpu_seconds / max(r.pages, 1) for r in mine),
            "archive_mb_per_1000_pages": median(r.archive_bytes / 1e6 / max(r.pages, 1) * 1000 for r in mine),
            "pages": median(r.pages for r in mine),
            "stored": None if mine[0].stored is None else median(r.stored or 0 for r in mine),
        }
    bare = summary.get("bare", {}).get("pages_per_second")
    bare_cpu = summary.get("bare", {}).get("total_cpu_seconds")
    for figures in summary.values():
        figures["ratio"] = figures["pages_per_second"] / bare if bare else float("nan")
        # bare Scrapy's CPU over this crawl's (writer child and database server included)
        figures["cpu_ratio"] = (
            bare_cpu / figures["total_cpu_seconds"]
            if bare_cpu and figures["total_cpu_seconds"]
            else float("nan")
        )
    return summary


def report(summary: dict[str, dict[str, Any]], site: Site, args: argparse.Namespace) -> str:
    rows = []
    for variant, f in summary.items():
        rows.append(
            [
                VARIANTS[variant],
                f"{f['pages_per_second']:.0f}",
                f"{f['wall_seconds']:.1f}",
                f"{f['cpu_ms_per_article']:.2f}",
                f"{f['maxrss_mb']:.0f}",
                f"{f['ratio']:.2f}",
                f"{f['cpu_ratio']:.2f}",
                "-" if f["stored"] is None else f"{f['stored']:.0f}",
                f"{f['server_cpu_ms_per_page']:.2f}",
                "-" if f["db_cpu_ms_per_article"] is None else f"{f['db_cpu_ms_per_article']:.2f}",
                f"{100 * f['machine_busy']:.0f}%",
                f"{f['load_average']:.1f}",
                f"{f['cpu_ms_per_page']:.2f}",
                f"{f['archive_mb_per_1000_pages']:.1f}" if f["archive_mb_per_1000_pages"] else "-",
            ]
        )
    head = (
        f"crawl benchmark: {site.articles} articles, {site.pages} pages (articles ~{site.article_kb:.0f} KB), "
        f"concurrency {args.concurrency}, {args.server} server, median of {args.repeats}"
    )
    return (
        head
        + "\n"
        + table(
            [
                "variant",
                "pages/s",
                "crawl s",
                "CPU ms/article",
                "peak RSS MB",
                "wall ratio",
                "CPU ratio",
                "stored",
                "server CPU ms/page",
                "PostgreSQL CPU ms/article",
                "machine busy",
                "load avg",
                "CPU ms/page",
                "archive MB/1000 pages",
            ],
            rows,
        )
    )


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--articles", type=int, default=2000, help="articles on the synthetic site (2000)"
    )
    parser.add_argument("--per-page", type=int, default=10, help="articles per listing page (10)")
    parser.add_argument("--page-kb", type=int, default=64, help="article page weight in KB (64)")
    parser.add_argument(
        "--body-words", type=int, default=450, help="extra words of prose per article body (450)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--repeats", type=int, default=3, help="runs of each variant; the median is reported (3)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=16, help="CONCURRENT_REQUESTS and _PER_DOMAIN (16)"
    )
    parser.add_argument(
        "--variants", default="bare,pg,sqlite", help="comma-separated subset of bare,pg,sqlite,pg-noarchive,sqlite-noarchive (the archive is on in pg and sqlite)"
    )
    parser.add_argument(
        "--server",
        choices=SERVERS,
        default="fast",
        help="mirror server: fast (asyncio) or threaded (the test server)",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "newscrawl-bench",
        help="where the site is written and kept",
    )
    parser.add_argument(
        "--timeout", type=float, default=1800, help="seconds before a crawl is killed"
    )
    parser.add_argument("--json", type=Path, help="also write every run and the medians here")
    parser.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for the newscrawl crawls (b, c) only; repeatable",
    )


def run(args: argparse.Namespace) -> int:
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown or not variants or args.repeats < 1 or args.articles < 1:
        print(
            f"crawl bench: bad arguments (variants {args.variants!r}, repeats {args.repeats})",
            file=sys.stderr,
        )
        return 2
    if any(v.startswith("pg") for v in variants) and (reason := postgres_available()):
        print(
            f"crawl bench: PostgreSQL unavailable ({reason}); use --variants bare,sqlite",
            file=sys.stderr,
        )
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    site = build_site(
        args.workdir, args.articles, args.per_page, args.page_kb, args.body_words, args.seed
    )
    scratch = Path(tempfile.mkdtemp(prefix="runs-", dir=args.workdir))
    server = Server(args.server, site.root)
    runs: list[Run] = []
    try:
        for repeat in range(1, args.repeats + 1):
            for variant in variants:
                started = time.monotonic()
                result = run_once(
                    variant, repeat, site, server, args.concurrency, scratch, args.timeout,
                    args.settings,
                )  # fmt: skip
                runs.append(result)
                say(
                    f"  {variant:6s} #{repeat}: {result.pages} pages in {result.wall_seconds:.1f} s "
                    f"({result.pages_per_second:.0f}/s), CPU {result.cpu_seconds:.1f} s, "
                    f"RSS {result.maxrss_mb:.0f} MB, stored {result.stored if result.stored is not None else '-'}"
                    f"  [{time.monotonic() - started:.0f} s]"
                )
                for problem in result.problems:
                    say(f"    PROBLEM: {problem}")
    finally:
        server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    summary = summarise(runs, site)
    print(report(summary, site, args), flush=True)
    if args.json:
        args.json.write_text(
            json.dumps(
                {"site": {**asdict(site), "root": str(site.root)}, "arguments": {k: str(v) for k, v in vars(args).items() if k != "func"},
                 "runs": [asdict(r) for r in runs], "summary": summary},
                indent=2,
            )
        )  # fmt: skip
    failed = [r for r in runs if r.problems]
    if failed:
        print(
            f"FAILED: {len(failed)} of {len(runs)} runs had problems (see above)", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
