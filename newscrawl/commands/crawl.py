"""``scrapy crawl`` that checks its arguments first and exits non-zero when the run did not do its work.

Exit codes (the README's "Exit status" table; newscrawl/outcome.py for 3-10):
  0  the crawl finished and every article it produced was stored
  1  the spider could not start (unknown spider, bad or unknown ``-a`` argument, bad ``-s`` value)
  3  the database was unreachable or not migrated
  4  some articles could not be stored (they were spooled to disk for the next run)
  5  the site blocked the crawler (403 / challenge pages)
  6  extraction health check failed (a field's fill rate collapsed)
  7  nothing could be fetched at all (network or DNS failure)
  8  the crawl ended for another reason than ``finished`` (shutdown, timeout, error)

A problem is one line on standard error (``newscrawl: …``); ``NEWSCRAWL_DEBUG=1`` adds the
traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.project import get_project_settings

from newscrawl import errors
from newscrawl.outcome import exit_code, failure_message, run_outcome

EXIT_CANNOT_START = 1


class SettingError(errors.UserError):
    """A ``-s NAME=value`` whose value has the wrong type."""


def check_settings(settings: BaseSettings) -> None:
    """Every setting given on the command line (``-s``) must parse as its default's type.

    Scrapy converts a value only when a component reads it, deep inside the crawl's start-up,
    where a bad one surfaces as a traceback; checked here, it is one line.
    """
    defaults = get_project_settings()
    for name, value in settings.copy_to_dict().items():
        if (
            not isinstance(value, str)
            or (settings.getpriority(name) or 0) < SETTINGS_PRIORITIES["cmdline"]
        ):
            continue
        default = defaults.get(name)
        if default is None or isinstance(default, str):
            continue
        kind, read = (
            ("true or false (1/0)", settings.getbool)
            if isinstance(default, bool)
            else ("an integer", settings.getint)
            if isinstance(default, int)
            else ("a number", settings.getfloat)
            if isinstance(default, float)
            else (None, None)
        )
        if read is None:
            continue
        try:
            read(name)
        except (TypeError, ValueError):
            raise SettingError(f"setting {name} must be {kind}, got {value!r}") from None


def describe_start_failure(exc: BaseException) -> tuple[str, int]:
    """One line and the exit code for a crawl that could not start."""
    from newscrawl.db.engine import DatabaseUnavailable
    from newscrawl.spiders.sites import SpiderArgumentError

    if isinstance(exc, SpiderArgumentError | SettingError):
        return str(exc), EXIT_CANNOT_START
    message, code = errors.describe(exc)
    if isinstance(exc, DatabaseUnavailable) or code == errors.EXIT_DATABASE:
        return message, errors.EXIT_DATABASE
    return message, EXIT_CANNOT_START


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.crawler_process
        if len(args) != 1:
            self._fail("give exactly one spider name (see `scrapy list`)", EXIT_CANNOT_START)
            return
        name = args[0]
        try:
            spidercls = self.crawler_process.spider_loader.load(name)
        except KeyError:
            known = ", ".join(self.crawler_process.spider_loader.list())
            self._fail(
                f"unknown spider {name!r}: the spiders are {known} (`scrapy list`)",
                EXIT_CANNOT_START,
            )
            return
        try:
            self._check(spidercls, opts.spargs)
            crawler = self._create_crawler(name)
        except Exception as exc:
            self._fail_with(name, exc)
            return
        started: list[BaseException] = []
        self._watch(self.crawler_process.crawl(crawler, **opts.spargs), started)
        self.crawler_process.start()
        if started:
            self._fail_with(name, started[0])
            return
        if self.crawler_process.bootstrap_failed:
            self._fail(
                f"the crawl of {name} could not start (see the log above)", EXIT_CANNOT_START
            )
            return
        stats = crawler.stats.get_stats()
        outcome = run_outcome(stats)
        if outcome:
            print(
                f"newscrawl: crawl of {name} failed: {failure_message(stats)}",
                file=sys.stderr,
                flush=True,
            )
            self.exitcode = exit_code(stats)

    def _check(self, spidercls: Any, spargs: dict[str, Any]) -> None:
        assert self.settings is not None
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            check(spargs)
        check_settings(self.settings)
        from newscrawl.db.engine import database_url

        database_url(self.settings.get("NEWSCRAWL_DATABASE_URL"))

    @staticmethod
    def _watch(pending: Any, started: list[BaseException]) -> None:
        """Keep a start-up exception for one line at the end (not "never retrieved" tracebacks)."""
        if isinstance(pending, asyncio.Future):

            def done(task: asyncio.Future[Any]) -> None:
                if not task.cancelled() and task.exception() is not None:
                    started.append(task.exception())  # type: ignore[arg-type]

            pending.add_done_callback(done)
        elif hasattr(pending, "addErrback"):

            def failed(failure: Any) -> None:
                started.append(failure.value)

            pending.addErrback(failed)

    def _fail_with(self, name: str, exc: BaseException) -> None:
        message, code = describe_start_failure(exc)
        if errors.debug_enabled():
            import traceback

            traceback.print_exception(exc, file=sys.stderr)
        self._fail(f"crawl of {name} cannot start: {message}", code)

    def _fail(self, message: str, code: int) -> None:
        print(f"newscrawl: {message}", file=sys.stderr, flush=True)
        self.exitcode = code
