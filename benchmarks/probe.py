"""A stats collector that also measures the crawl it counts, for the crawl benchmark.

Set ``STATS_CLASS=benchmarks.probe.ProbeStatsCollector`` and ``NEWSCRAWL_BENCH_PROBE=<file>``:
when the spider closes, the file receives the run's stats plus the wall time and the CPU time
of the whole crawler process (every thread) from the moment the crawler was set up to the
moment the last pipeline finished, so interpreter start-up and imports are left out of both.
The CPU includes the database writer child process (reaped when the storage pipeline closes).
"""

from __future__ import annotations

import json
import os
import resource
import time
from typing import Any

from scrapy.statscollectors import MemoryStatsCollector

PROBE_ENV = "NEWSCRAWL_BENCH_PROBE"


def _cpu_seconds() -> float:
    """CPU of this process and of the children it has reaped (the database writer process)."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


class ProbeStatsCollector(MemoryStatsCollector):
    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self._started = time.monotonic()
        self._cpu_started = _cpu_seconds()

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        super().close_spider(reason=reason)
        path = os.environ.get(PROBE_ENV)
        if not path:
            return
        record = {
            "wall_seconds": time.monotonic() - self._started,
            "cpu_seconds": _cpu_seconds() - self._cpu_started,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            # the database writer process's own peak, reported when storage closed
            "children_maxrss_kb": int(self._stats.get("newscrawl/storage/writer_peak_rss_kb") or 0),
            "stats": json.loads(json.dumps(self._stats, default=str)),
        }
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(record, fh)
