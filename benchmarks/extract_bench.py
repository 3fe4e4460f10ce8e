"""Extraction alone: ``newscrawl extract --manifest`` over the shared corpus, next to trafilatura.

    python -m benchmarks extract [--corpus ../shared/corpus] [--limit N]

Both read and decode every page the same way (``newscrawl.cli.extract.read_html``), in the same
process, after a short warm-up (imports, the gazetteer, the language tables of htmldate's
dateparser fallback, which both use). Reported per page, in CPU time (total over the pages
divided by their number, for all three):

  newscrawl extract     the command's own code path: site parser or generic parser, every
                        normalization step, one JSON line per page (written to nowhere)
  trafilatura body      ``trafilatura.extract(html, url=url)``: main text only
  trafilatura + meta    ``trafilatura.bare_extraction(html, url=url, with_metadata=True)``:
                        title, author, date and text, the same fields newscrawl fills

The same three also run over ``--site-articles`` pages of the synthetic Jordan Times site (the
crawl benchmark's pages), where newscrawl uses its site parser instead of the generic one.
The corpus is never copied; without it that part says so and is skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, table

CORPUS_ENV = "NEWSCRAWL_CORPUS"
WARM_UP = 5


def default_corpus() -> Path:
    return Path(os.environ.get(CORPUS_ENV) or REPO.parent / "shared" / "corpus")


def _pages(corpus: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with (corpus / "index.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                rows.append(
                    {"id": row["id"], "url": row.get("url"), "html_path": str(corpus / row["html"])}
                )
    return rows[:limit] if limit else rows


def _timed(run: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _per_page(run_one: Callable[[dict[str, Any]], Any], pages: list[dict[str, Any]]) -> list[float]:
    """CPU seconds of each page (reading and decoding included)."""
    times = []
    for page in pages:
        started = time.process_time()
        with contextlib.suppress(Exception):  # a page a tool cannot handle still took its time
            run_one(page)
        times.append(time.process_time() - started)
    return times


def run(args: argparse.Namespace) -> int:
    corpus = args.corpus or default_corpus()
    if args.site_articles:
        with tempfile.TemporaryDirectory(prefix="extract-site-") as folder:
            _measure(
                _site_pages(Path(folder), args.site_articles), "synthetic Jordan Times pages", args
            )
    if not (corpus / "index.jsonl").is_file():
        print(f"extract benchmark: no corpus at {corpus} (set --corpus or ${CORPUS_ENV}): skipped")
        return 0
    pages = _pages(corpus, args.limit)
    if not pages:
        print("extract benchmark: the corpus index is empty: skipped")
        return 0
    _measure(pages, "corpus pages", args)
    return 0


def _site_pages(folder: Path, articles: int) -> list[dict[str, Any]]:
    from testing.jtsite import build_site
    from testing.server import file_for

    manifest = build_site(
        folder, n_articles=articles, per_page=10, seed=1, page_kb=64, body_words=450
    )
    return [
        {"id": n, "url": entry["url"], "html_path": str(file_for(folder, entry["path"]))}
        for n, entry in enumerate(manifest)
    ]


def _prime_htmldate() -> None:
    """Build the per-language tables of htmldate's dateparser fallback before any timing.

    The first string that fallback tries against every language compiles each language's
    patterns, a few seconds of CPU paid once per process. Both newscrawl and trafilatura's
    metadata run through it, and without this the pass timed first (newscrawl) would pay for
    both.
    """
    with contextlib.suppress(Exception):
        from htmldate.extractors import get_external_parser

        get_external_parser().get_date_data("qq 12 zz 2021")


def _measure(pages: list[dict[str, Any]], what: str, args: argparse.Namespace) -> None:
    import trafilatura

    from newscrawl import gazetteer
    from newscrawl.cli.extract import _run_manifest, read_html

    gazetteer.install()  # as `newscrawl extract` does: the place tables from the disk cache

    with tempfile.TemporaryDirectory(prefix="extract-bench-") as folder:
        manifest = Path(folder) / "manifest.jsonl"
        warm = Path(folder) / "warm.jsonl"
        manifest.write_text("".join(json.dumps(p) + "\n" for p in pages))
        warm.write_text("".join(json.dumps(p) + "\n" for p in pages[:WARM_UP]))

        def newscrawl_all(path: Path) -> None:
            with contextlib.redirect_stdout(io.StringIO()):
                _run_manifest(path)

        def body_only(page: dict[str, Any]) -> None:
            trafilatura.extract(read_html(Path(page["html_path"])), url=page["url"])

        def with_metadata(page: dict[str, Any]) -> None:
            trafilatura.bare_extraction(
                read_html(Path(page["html_path"])), url=page["url"], with_metadata=True
            )

        newscrawl_all(warm)  # imports, the gazetteer, trafilatura and htmldate loaded once
        for page in pages[:WARM_UP]:
            body_only(page)
            with_metadata(page)
        _prime_htmldate()

        cpu: dict[str, list[float]] = {"newscrawl": [], "body": [], "meta": []}
        for _ in range(args.repeats):
            cpu["newscrawl"].append(_timed(lambda: newscrawl_all(manifest))[1])
            cpu["body"].append(sum(_per_page(body_only, pages)))
            cpu["meta"].append(sum(_per_page(with_metadata, pages)))

    def ms(kind: str) -> float:
        return 1000 * statistics.median(cpu[kind]) / len(pages)

    ours = ms("newscrawl")
    rows = [
        ["newscrawl extract --manifest", f"{ours:.1f}", "1.00"],
        ["trafilatura.extract (body)", f"{ms('body'):.1f}", f"{ours / ms('body'):.2f}"],
        ["trafilatura + metadata", f"{ms('meta'):.1f}", f"{ours / ms('meta'):.2f}"],
    ]
    print(
        f"extract benchmark: {len(pages)} {what}, CPU ms per page (reading and decoding "
        f"included), median of {args.repeats}\n"
        + table(["extractor", "ms/page", "newscrawl ÷ this"], rows),
        flush=True,
    )
    if args.json:
        found = json.loads(args.json.read_text()) if args.json.is_file() else {}
        found[what] = {"pages": len(pages), "cpu_seconds": cpu}
        args.json.write_text(json.dumps(found, indent=2))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus", type=Path, help=f"corpus folder (default ${CORPUS_ENV} or ../shared/corpus)"
    )
    parser.add_argument("--limit", type=int, help="only the first N corpus pages")
    parser.add_argument(
        "--site-articles",
        type=int,
        default=200,
        help="synthetic site pages to time as well (200; 0: none)",
    )
    parser.add_argument(
        "--repeats", type=int, default=1, help="passes over the pages; the median is reported (1)"
    )
    parser.add_argument("--json", type=Path, help="also write the timings here")


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = argparse.ArgumentParser(prog=prog, description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
