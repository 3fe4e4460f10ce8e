"""``scrapy crawl`` that exits non-zero when the run did not do its work.

Exit codes (also in the README):
  0  the crawl finished and every article it produced was stored
  1  Scrapy could not start the spider (bad argument, unknown spider)
  3  the database was unreachable or not migrated
  4  some articles could not be stored (they were spooled to disk for the next run)
  5  the site blocked the crawler (403 / challenge pages)
  6  extraction health check failed (a field's fill rate collapsed)
  7  nothing could be fetched at all (network or DNS failure)
  8  the crawl ended for another reason than ``finished`` (shutdown, timeout, error)
"""

from __future__ import annotations

import argparse
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

EXIT_CODES = {
    "database_unavailable": 3,
    "storage_failed": 4,
    "blocked": 5,
    "canary": 6,
    "nothing_fetched": 7,
    "unfinished": 8,
}


def run_outcome(stats: dict[str, Any]) -> str | None:
    """Why a finished crawl counts as failed, from its stats; None when it did its work."""
    failure = stats.get("newscrawl/failure")
    if failure:
        return str(failure)
    if stats.get("newscrawl/storage/failed") or stats.get("newscrawl/storage/not_stored"):
        return "storage_failed"
    if stats.get("newscrawl/blocked"):
        return "blocked"
    if stats.get("newscrawl/canary"):
        return "canary"
    if not stats.get("downloader/response_count"):
        return "nothing_fetched"
    if stats.get("finish_reason") not in ("finished", None):
        return "unfinished"
    return None


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give exactly one spider name (see `scrapy list`)")
        assert self.crawler_process
        try:
            crawler = self._create_crawler(args[0])
        except KeyError as exc:
            raise UsageError(str(exc)) from None
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
            return
        outcome = run_outcome(crawler.stats.get_stats())
        if outcome:
            print(f"newscrawl: crawl of {args[0]} failed: {outcome}", flush=True)
            self.exitcode = EXIT_CODES.get(outcome, 1)
