"""``scrapy crawl`` that exits non-zero when the run did not do its work.

Exit codes (also in the README, from :data:`newscrawl.outcome.EXIT_CODES`):
  0  the crawl finished and every article it produced was stored
  1  Scrapy could not start the spider (bad argument, unknown spider)
  3  the database was unreachable or not migrated
  4  some articles could not be stored (they were spooled to disk for the next run)
  5  the site blocked the crawler (403 / challenge pages)
  6  extraction health check failed (a field's fill rate collapsed)
  7  nothing could be fetched at all (network or DNS failure)
  8  the crawl ended for another reason than ``finished`` (shutdown, a second Ctrl-C, error)
  9  robots.txt answered a server error
  10 Redis unreachable in several-workers mode
  11 some articles were neither stored nor spooled: lost (an ERROR line says how many)
  12 more than NEWSCRAWL_MAX_FAILED_SHARE of the article fetches failed for good
  13 another crawl of the site into the same database is running
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl import signals as newscrawl_signals
from newscrawl.db.engine import database_url, describe_url
from newscrawl.db.locks import CrawlLock
from newscrawl.outcome import EXIT_CODES, exit_code, run_outcome

FORCED_REASON = "shutdown_forced"


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name (see `scrapy list`)")
        assert self.crawler_process
        try:
            crawler = self._create_crawler(args[0])
        except KeyError as exc:
            raise UsageError(str(exc)) from None
        lock = self._lock(crawler, args[0])
        if lock is None:
            self.exitcode = EXIT_CODES["already_running"]
            return
        try:
            forced = self._crawl(crawler, args[0], opts)
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
        print(
            f"newscrawl: another crawl of {name} is already writing to {describe_url(url)}; "
            "not starting. Wait for it to end (or stop it), then run again.",
            file=sys.stderr,
            flush=True,
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
        process.crawl(crawler, **opts.spargs)
        process.start()
        # The crawl engine is gone; a stop signal from now on (a Ctrl-C that came a moment too
        # late) ends the process at once instead of running a handler for a stopped reactor.
        for stop_signal in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop_signal, lambda *_: os._exit(self.exitcode or EXIT_CODES["unfinished"]))
        if process.bootstrap_failed:
            self.exitcode = 1
            return False
        if forced:  # unfinished, whatever else went wrong (only lost articles say more)
            crawler.stats.set_value("finish_reason", FORCED_REASON)
            crawler.stats.set_value("newscrawl/failure", "unfinished")
            self._record_forced_stop(crawler)
        stats = crawler.stats.get_stats()
        outcome = run_outcome(stats)
        if outcome:
            print(f"newscrawl: crawl of {name} failed: {outcome}", file=sys.stderr, flush=True)
            self.exitcode = exit_code(stats)
        return bool(forced)

    @staticmethod
    def _record_forced_stop(crawler: Any) -> None:
        from newscrawl.pipelines.runs import CrawlRunRecorder

        for extension in getattr(crawler.extensions, "middlewares", ()):
            if isinstance(extension, CrawlRunRecorder):
                extension.record_forced_stop(FORCED_REASON)
