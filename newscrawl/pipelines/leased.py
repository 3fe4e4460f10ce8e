"""The storage pipeline of a scale-out crawl: it tells the leased scheduler what is durable."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from twisted.python.failure import Failure

from newscrawl.pipelines.storage import BATCH_LOST, StoragePipeline

# Signals between this pipeline and the leased scheduler (newscrawl.distributed.scheduler), same
# process, reactor thread: the pipeline numbers its flushes and sends ``storage_flush_started`` /
# ``storage_flush_finished`` with the number; the scheduler sends ``storage_flush_requested``
# when it waits on a batch.
storage_flush_started = object()
storage_flush_finished = object()
storage_flush_requested = object()


class LeasedStoragePipeline(StoragePipeline):
    """The storage pipeline, telling the scheduler when each batch is written (or spooled).

    Each flush is numbered; ``storage_flush_started`` / ``storage_flush_finished`` carry the
    number. Flushes finish in order because the pipeline chains its writes.
    """

    reports_durability = True  # what the leased scheduler looks for in ITEM_PIPELINES

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.generation = 0
        crawler.signals.connect(self._flush_requested, signal=storage_flush_requested)

    def _flush(self, final: bool = False) -> None:
        if self.engine is None:  # storage never opened: nothing this run buffers is durable
            super()._flush(final)
            return
        self.generation += 1
        self.crawler.signals.send_catch_log(storage_flush_started, generation=self.generation)
        super()._flush(final)

    def _batch_chained(self) -> None:
        if self.engine is not None:
            self.writes.addBoth(self._report, self.generation)

    def _report(self, result: Any, generation: int) -> Any:
        # A lost batch (neither stored nor spooled) is not durable: its requests run again.
        ok = not isinstance(result, Failure) and result is not BATCH_LOST
        self.crawler.signals.send_catch_log(storage_flush_finished, generation=generation, ok=ok)
        return None if result is BATCH_LOST else result

    def _flush_requested(self) -> None:
        if self.engine is not None:
            self._flush()
