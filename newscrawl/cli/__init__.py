"""The ``newscrawl`` command: database set-up, page extraction and tools for operators and analysts."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from newscrawl import errors, gazetteer

# Each module exposes ``register(subparsers)``; the subcommand's parser gets ``func=run``.
SUBCOMMANDS = (
    "db",
    "extract",
    "normalize",
    "sites",
    "runs",
    "renormalize",
    "eval",
    "search",
    "export",
    "stats",
    "clusters",
    "analyst",
    "queue",
    "bench",
    "archive",
)


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line (what was wrong, where to read more), exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(errors.EXIT_USAGE, f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(prog="newscrawl", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="log at INFO level")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the traceback of an error (also {errors.DEBUG_ENV}=1)",
    )
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


def _subparser(parser: argparse.ArgumentParser, name: str) -> argparse.ArgumentParser | None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return action.choices.get(name)
    return None


def exclusions_as_words(parser: argparse.ArgumentParser, argv: list[str]) -> list[str]:
    """Let ``newscrawl search -bitcoin`` mean the query ``-bitcoin`` (web-search exclusion).

    argparse takes any ``-word`` for an option; for ``search``, a single-dash word that is not
    one of its options is moved behind ``--`` so it reaches the query. ``--typo`` still fails.
    """
    top_values = {"-h", "--help", "-v", "--verbose", "--debug"}
    start = next((i for i, t in enumerate(argv) if t not in top_values), None)
    if start is None or argv[start] != "search":
        return argv
    search = _subparser(parser, "search")
    if search is None:
        return argv
    options = search._option_string_actions
    kept: list[str] = argv[: start + 1]
    words: list[str] = []  # the query's words, in the order typed
    tail: list[str] = []
    excluded = False
    tokens = argv[start + 1 :]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token == "--":
            tail = tokens[i + 1 :]
            break
        if token in options:
            kept.append(token)
            if options[token].nargs != 0 and i + 1 < len(tokens):
                kept.append(tokens[i + 1])
                i += 1
        elif token.startswith("--"):
            kept.append(token)  # --opt=value, or a typo argparse will report
        else:
            excluded = excluded or (token.startswith("-") and len(token) > 1)
            words.append(token)
        i += 1
    if not excluded:
        return argv
    return [*kept, "--", *words, *tail]


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = list(sys.argv[1:] if argv is None else argv)
    end = arguments.index("--") if "--" in arguments else len(arguments)
    debug = "--debug" in arguments[:end]  # accepted after the subcommand too
    if debug:
        arguments = [a for a in arguments[:end] if a != "--debug"] + arguments[end:]
    args = parser.parse_args(exclusions_as_words(parser, arguments))
    args.debug = debug
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    action = getattr(args, "action", None)
    prog = f"newscrawl {args.command}" + (f" {action}" if isinstance(action, str) else "")
    try:
        gazetteer.install()  # commands reading datelines use the cached place tables
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return errors.EXIT_INTERRUPTED
    except Exception as exc:  # the one place a failure becomes a line and an exit code
        return errors.report(prog, exc, debug=args.debug)


if __name__ == "__main__":
    sys.exit(main())
