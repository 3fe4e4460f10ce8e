"""``newscrawl eval``: score extraction on a labelled corpus, optionally beside trafilatura."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

from newscrawl import evaluate

logger = logging.getLogger(__name__)


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``eval`` subcommand to the ``newscrawl`` command's subparsers."""
    parser = subparsers.add_parser(
        "eval",
        help="score extraction on a labelled corpus",
        description=(
            "Score newscrawl's extraction (title, authors, publication day, body) on a corpus "
            "laid out like ../shared/corpus, per source dataset and overall."
        ),
    )
    add_arguments(parser)
    parser.set_defaults(func=run)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"corpus directory (default: ${evaluate.CORPUS_ENV} or <repo>/../shared/corpus)",
    )
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        choices=[name for name in evaluate.SYSTEMS if name != evaluate.OURS],
        help="also run this extractor on the same pages in the same run (repeatable)",
    )
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--dataset",
        action="append",
        default=[],
        help="only pages labelled by this source dataset (repeatable)",
    )
    parser.add_argument("--json", type=Path, default=None, help="write per-page results here")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def run(args: argparse.Namespace) -> int:
    # trafilatura and htmldate log every page they give up on; the table says enough.
    for noisy in ("trafilatura", "htmldate", "courlan", "justext"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    corpus_dir: Path = args.corpus or evaluate.default_corpus_dir()
    if not evaluate.corpus_available(corpus_dir):
        print(f"newscrawl eval: no index.jsonl in {corpus_dir}", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit <= 0:
        print("newscrawl eval: --limit must be positive", file=sys.stderr)
        return 2
    pages = evaluate.load_index(corpus_dir, datasets=args.dataset or None, limit=args.limit)
    if not pages:
        print("newscrawl eval: no page matches the filters", file=sys.stderr)
        return 2

    def progress(done: int, total: int) -> None:
        if not args.quiet and (done % 50 == 0 or done == total):
            print(f"  {done}/{total} pages", file=sys.stderr, flush=True)

    report = evaluate.evaluate(corpus_dir, compare=args.compare, pages=pages, progress=progress)
    print(evaluate.render_table(report))
    catastrophes = evaluate.render_catastrophes(report)
    if catastrophes:
        print()
        print(catastrophes)
    print()
    print(evaluate.render_legend())
    crashed = [r for r in report.results if r.error and r.system == evaluate.OURS]
    if crashed:
        print(f"\n{len(crashed)} page(s) raised in newscrawl:")
        for res in crashed[:20]:
            print(f"  {res.page_id}: {res.error}")
    if args.json:
        evaluate.write_json(report, args.json)
        print(f"\nper-page results written to {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newscrawl eval")
    add_arguments(parser)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
