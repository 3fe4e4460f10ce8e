"""``newscrawl bench``: the throughput benchmarks in ``benchmarks/`` (README, "Throughput benchmarks")."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from types import ModuleType

BENCHMARKS = {"crawl": "crawl_bench", "extract": "extract_bench", "upsert": "upsert_bench"}


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "bench",
        help="measure throughput: crawl vs bare Scrapy, extraction vs trafilatura, bulk upserts",
        description=(
            "Run one benchmark with its own options (newscrawl bench crawl --help), or all three "
            "with their defaults. Needs a source checkout (the benchmarks/ folder) and, for "
            "crawl and upsert, PostgreSQL."
        ),
    )
    parser.add_argument("which", choices=(*BENCHMARKS, "all"), help="the benchmark to run")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="its options")
    parser.set_defaults(func=run)


def load(name: str) -> ModuleType:
    """A benchmark module from the checkout this package was installed from."""
    checkout = Path(__file__).resolve().parents[2]
    if not (checkout / "benchmarks" / f"{name}.py").is_file():
        raise FileNotFoundError(f"no benchmarks/{name}.py next to {checkout / 'newscrawl'}")
    if str(checkout) not in sys.path:
        sys.path.insert(0, str(checkout))
    return importlib.import_module(f"benchmarks.{name}")


def run(args: argparse.Namespace) -> int:
    names = list(BENCHMARKS) if args.which == "all" else [args.which]
    if args.which == "all" and args.options:
        print(
            "newscrawl bench all takes no options; run the benchmarks one by one", file=sys.stderr
        )
        return 2
    status = 0
    for name in names:
        try:
            module = load(BENCHMARKS[name])
        except FileNotFoundError as exc:
            print(
                f"newscrawl bench: {exc} (the benchmarks need a source checkout)", file=sys.stderr
            )
            return 2
        status = max(
            status, int(module.main(list(args.options), prog=f"newscrawl bench {name}") or 0)
        )
    return status
