"""What a person sees when something goes wrong: one line saying what and what to do, one exit code.

Every ``newscrawl`` subcommand and the ``scrapy crawl`` front end report failures through
:func:`report`, so the same mistake reads the same everywhere. Tracebacks are shown only with
``--debug`` or ``NEWSCRAWL_DEBUG=1``. The exit codes are the README's ("Exit status").
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import TextIO

DEBUG_ENV = "NEWSCRAWL_DEBUG"

# The `newscrawl` command's exit codes (README, "Exit status"); `scrapy crawl` adds 4-10
# (newscrawl/outcome.py).
EXIT_OK = 0
EXIT_FAILED = 1  # the command could not do its work (a crawl could not start, nothing to plot)
EXIT_USAGE = 2  # bad arguments or input: an unknown slug, a file that is not HTML, a folder
EXIT_DATABASE = 3  # cannot connect, not migrated, no permission
EXIT_INTERRUPTED = 130


class UserError(Exception):
    """A problem the user can fix; the message says what was wrong and what to do."""

    code = EXIT_FAILED

    def __init__(self, message: str, code: int | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class UsageError(UserError):
    """Bad arguments or input (exit 2)."""

    code = EXIT_USAGE


class DatabaseProblem(UserError):
    """The database cannot be reached, is not migrated, or refuses the query (exit 3)."""

    code = EXIT_DATABASE


def debug_enabled(flag: bool = False) -> bool:
    return flag or os.environ.get(DEBUG_ENV, "").strip().lower() in ("1", "true", "yes", "on")


def first_line(error: BaseException | str) -> str:
    """The first non-blank line of an error (a driver's own message, not SQLAlchemy's wrapping)."""
    if isinstance(error, BaseException):
        error = str(getattr(error, "orig", None) or error) or type(error).__name__
    return next((line.strip() for line in error.splitlines() if line.strip()), "")


def _database_message(exc: BaseException) -> tuple[str, int] | None:
    """SQLAlchemy and driver errors, in words (``db/`` knows them; imported only when needed)."""
    if not type(exc).__module__.startswith(("sqlalchemy", "psycopg2")):
        return None
    from newscrawl.db.engine import explain_database_error

    message = explain_database_error(exc)
    return None if message is None else (message, EXIT_DATABASE)


def describe(exc: BaseException) -> tuple[str, int]:
    """The one line and the exit code for an exception."""
    if isinstance(exc, UserError):
        return str(exc), exc.code
    from newscrawl.db.engine import DatabaseUnavailable

    if isinstance(exc, DatabaseUnavailable):
        return str(exc), EXIT_DATABASE
    database = _database_message(exc)
    if database is not None:
        return database
    if isinstance(exc, UnicodeDecodeError):
        return (
            f"the input is not {exc.encoding} text ({exc.reason} at byte {exc.start}): give a text file",
            EXIT_USAGE,
        )
    if isinstance(exc, IsADirectoryError):
        return f"{exc.filename} is a folder: give a file name", EXIT_USAGE
    if isinstance(exc, FileNotFoundError):
        return f"no such file: {exc.filename}", EXIT_USAGE
    if isinstance(exc, NotADirectoryError):
        return f"not a folder: {exc.filename}", EXIT_USAGE
    if isinstance(exc, PermissionError):
        return f"permission denied: {exc.filename}", EXIT_USAGE
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{exc.strerror or exc}{where}", EXIT_FAILED
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", EXIT_INTERRUPTED
    name = type(exc).__name__
    return (
        f"unexpected error: {name}: {first_line(str(exc))} (run again with --debug or "
        f"{DEBUG_ENV}=1 for the traceback, and report it)",
        EXIT_FAILED,
    )


def report(
    prog: str, exc: BaseException, *, debug: bool = False, stream: TextIO | None = None
) -> int:
    """Print ``prog: message`` (and the traceback when debugging); return the exit code."""
    stream = stream or sys.stderr
    message, code = describe(exc)
    if debug_enabled(debug):
        traceback.print_exception(exc, file=stream)
    print(f"{prog}: {message}", file=stream, flush=True)
    return code
