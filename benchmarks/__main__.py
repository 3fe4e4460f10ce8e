"""Run the throughput benchmarks from a source checkout: ``python -m benchmarks crawl|extract|upsert|ingest|all``.

The benchmarks are scripts of the checkout, not part of the installed package: run them from
the repository root with the project's virtualenv (``.venv/bin/python -m benchmarks crawl``).
Each takes its own options (``python -m benchmarks crawl --help``); ``all`` runs them all with
their defaults. See docs/benchmarks.md for what each measures and the figures so far.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

BENCHMARKS = {
    "crawl": "crawl_bench",
    "extract": "extract_bench",
    "upsert": "upsert_bench",
    "ingest": "ingest_bench",  # ingest-warc and reextract over a crawl's archive
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=(
            "Run one benchmark with its own options (python -m benchmarks crawl --help), or all "
            "of them with their defaults. Crawl and upsert need PostgreSQL."
        ),
    )
    parser.add_argument("which", choices=(*BENCHMARKS, "all"), help="the benchmark to run")
    parser.add_argument("options", nargs=argparse.REMAINDER, help="its options")
    args = parser.parse_args(argv)
    if args.which == "all" and args.options:
        print(
            "python -m benchmarks all takes no options; run the benchmarks one by one",
            file=sys.stderr,
        )
        return 2
    names = list(BENCHMARKS) if args.which == "all" else [args.which]
    status = 0
    for name in names:
        module = importlib.import_module(f"benchmarks.{BENCHMARKS[name]}")
        status = max(
            status,
            int(module.main(list(args.options), prog=f"python -m benchmarks {name}") or 0),
        )
    return status


if __name__ == "__main__":
    sys.exit(main())
