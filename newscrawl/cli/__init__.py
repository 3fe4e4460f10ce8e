"""The ``newscrawl`` command: database set-up, page extraction and tools for operators and analysts."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from newscrawl import gazetteer

# Each module exposes ``register(subparsers)``; the subcommand's parser gets ``func=run``.
SUBCOMMANDS = ("db", "extract", "normalize", "sites", "runs", "renormalize", "eval", "search", "export", "stats", "clusters", "analyst", "queue")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newscrawl", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"newscrawl.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"newscrawl.cli.{name}":
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    gazetteer.install()  # commands reading datelines use the cached place tables
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
