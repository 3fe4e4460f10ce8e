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
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError

from newscrawl.outcome import exit_code, run_outcome


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
        stats = crawler.stats.get_stats()
        outcome = run_outcome(stats)
        if outcome:
            print(f"newscrawl: crawl of {args[0]} failed: {outcome}", file=sys.stderr, flush=True)
            self.exitcode = exit_code(stats)
