"""``scrapy crawl`` that checks its arguments first and exits non-zero when the run did not do its work.

Exit codes (the README's "Exit status" table; :data:`newscrawl.outcome.EXIT_CODES` for 3-13):
  0  the crawl finished and every article it produced was stored
  1  the spider could not start (unknown spider, bad or unknown ``-a`` argument, bad ``-s`` value)
  3  the database was unreachable or not migrated
  4  some articles could not be stored (they were spooled to disk for the next run)
  5  the site blocked the crawler (403 / challenge pages)
  6  extraction health check failed (a field's fill rate collapsed)
  7  nothing could be fetched at all (network or DNS failure)
  8  the crawl ended for another reason than ``finished`` (shutdown, a second Ctrl-C, timeout, error)
  9  robots.txt answered a server error
  10 Redis unreachable in several-workers mode
  11 some articles were neither stored nor spooled: lost (an ERROR line says how many)
  12 more than NEWSCRAWL_MAX_FAILED_SHARE of the article fetches failed for good
  13 another crawl of the site into the same database is running

A problem is one line on standard error (``newscrawl: …``); ``NEWSCRAWL_DEBUG=1`` adds the
traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.utils.project import get_project_settings

from newscrawl import errors
from newscrawl import signals as newscrawl_signals
from newscrawl.db.engine import database_url, describe_url
from newscrawl.db.locks import CrawlLock
from newscrawl.outcome import EXIT_CODES, exit_code, failure_message, run_outcome

FORCED_REASON = "shutdown_forced"
EXIT_CANNOT_START = 1


class SettingError(errors.UserError):
    """A ``-s NAME=value`` whose value has the wrong type."""


# Settings whose default is a whole number but which Scrapy reads as a number of seconds
# (getfloat): "1.5" is a good value for them.
SECONDS_SETTINGS = frozenset(
    {"DOWNLOAD_TIMEOUT", "DNS_TIMEOUT", "DOWNLOAD_DELAY", "CLOSESPIDER_TIMEOUT", "CLOSESPIDER_TIMEOUT_NO_ITEM"}
)


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
            if isinstance(default, int) and name not in SECONDS_SETTINGS
            else ("a number", settings.getfloat)
            if isinstance(default, float) or name in SECONDS_SETTINGS
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
        lock = self._lock(crawler, name)
        if lock is None:
            self.exitcode = EXIT_CODES["already_running"]
            return
        try:
            forced = self._crawl(crawler, name, opts)
        finally:
            lock.release()
        if forced:
            # An unclean shutdown was asked for: the run is recorded, so leave now rather than
            # run the interpreter's finalizers, which can wait on threads the stop cut short.
            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(self.exitcode or EXIT_CODES["unfinished"])

    def _lock(self, crawler: Any, name: str) -> CrawlLock | None:
        settings = crawler.settings
        url = database_url(settings.get("NEWSCRAWL_DATABASE_URL"))
        lock = CrawlLock(url, name)
        shared = settings.get("NEWSCRAWL_REDIS_URL") or os.environ.get("NEWSCRAWL_REDIS_URL")
        if shared or not settings.getbool("NEWSCRAWL_CRAWL_LOCK", True):
            return lock  # several workers of one site share the database on purpose
        if lock.acquire():
            return lock
        self._fail(
            f"another crawl of {name} is already writing to {describe_url(url)}; "
            "not starting. Wait for it to end (or stop it), then run again.",
            EXIT_CODES["already_running"],
        )
        return None

    def _crawl(self, crawler: Any, name: str, opts: argparse.Namespace) -> bool:
        """Run the crawl and set the exit code; True when it was stopped by force."""
        assert self.crawler_process
        process = self.crawler_process
        forced: list[int] = []
        scrapy_kill = process._signal_kill

        def kill(signum: int, frame: Any) -> None:
            # A second Ctrl-C: stop what would keep the process alive (the writer child, a
            # retry loop) before Scrapy stops the reactor, then record the run below. Like
            # Scrapy, nothing runs in the signal handler itself (it may interrupt a log write):
            # the reactor runs this before the stop Scrapy queues next.
            from twisted.internet import reactor

            forced.append(signum)
            reactor.callFromThread(  # type: ignore[attr-defined]
                crawler.signals.send_catch_log, newscrawl_signals.forced_shutdown
            )
            scrapy_kill(signum, frame)

        process._signal_kill = kill  # type: ignore[method-assign,assignment]
        started: list[BaseException] = []
        self._watch(process.crawl(crawler, **opts.spargs), started)
        process.start()
        # The crawl engine is gone; a stop signal from now on (a Ctrl-C that came a moment too
        # late) ends the process at once instead of running a handler for a stopped reactor.
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop_signal, lambda *_: os._exit(self.exitcode or EXIT_CODES["unfinished"]))
        if started:
            self._fail_with(name, started[0])
            return False
        if process.bootstrap_failed:
            self._fail(
                f"the crawl of {name} could not start (see the log above)", EXIT_CANNOT_START
            )
            return False
        if forced:  # unfinished, whatever else went wrong (only lost articles say more)
            crawler.stats.set_value("finish_reason", FORCED_REASON)
            crawler.stats.set_value("newscrawl/failure", "unfinished")
            self._record_forced_stop(crawler)
        stats = crawler.stats.get_stats()
        outcome = run_outcome(stats)
        if outcome:
            print(
                f"newscrawl: crawl of {name} failed: {failure_message(stats)}",
                file=sys.stderr,
                flush=True,
            )
            self.exitcode = exit_code(stats)
        return bool(forced)

    @staticmethod
    def _record_forced_stop(crawler: Any) -> None:
        from newscrawl.pipelines.runs import CrawlRunRecorder

        for extension in getattr(crawler.extensions, "middlewares", ()):
            if isinstance(extension, CrawlRunRecorder):
                extension.record_forced_stop(FORCED_REASON)

    def _check(self, spidercls: Any, spargs: dict[str, Any]) -> None:
        assert self.settings is not None
        check = getattr(spidercls, "check_arguments", None)
        if check is not None:
            check(spargs)
        check_settings(self.settings)
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
