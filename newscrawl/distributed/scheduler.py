"""The leased scheduler: scrapy-redis' scheduler over the lease queue, acking durable work."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet.task import LoopingCall

from newscrawl.distributed import codec
from newscrawl.distributed.queue import DEFAULT_LEASE_SECONDS, LEASE_META_KEY, LeaseQueue
from newscrawl.distributed.state import DEFAULT_PREFIX, Lease, new_worker_id, redis_keys
from newscrawl.pipelines.leased import (
    storage_flush_finished,
    storage_flush_requested,
    storage_flush_started,
)

logger = logging.getLogger(__name__)

DEFAULT_POLL_INTERVAL = 1.0


@dataclass
class _Held:
    lease: Lease
    request: Request
    finished: bool = False
    flush_needed: int = 0  # the storage flush that makes this request's items durable (0: none)
    release: bool = False


class LeasedScheduler(RedisScheduler):
    """scrapy-redis scheduler over a :class:`LeaseQueue`, acking a lease once its work is durable.

    When is a request's work done? Not at ``response_received``: the callback has not run yet,
    and a worker killed then would lose the links it was about to queue. Not at ``item_scraped``
    either: the storage pipeline keeps items in a memory batch, and a kill would lose them. A
    lease is acked when both hold:

    * the engine has finished with the request -- it left the engine's in-progress set, which
      happens only after the download (or its final failure), the callback, the queueing of
      every request it yielded (or a redirect/retry copy) and every item's trip through the
      pipelines; and
    * every item it produced is durable: a storage batch that started after the item was
      buffered has been written (or spooled to disk, as a single-worker run would).

    Anything short of that leaves the lease in ``processing``: renewed while this worker lives,
    re-queued by any worker after it dies, released back to the queue at a clean shutdown.

    The spider stays open while any worker holds leases, so that an idle worker takes over
    requests a dead one leaves behind, and links a busy one is still finding.

    Scrapy has no public "request finished" hook, so the first condition reads the engine's
    in-progress set (``engine._slot.inprogress``, checked to exist at open), and the poll
    loop wakes the engine through ``engine._slot.nextcall`` instead of waiting for its 5 s
    heartbeat when other workers add requests.
    """

    def __init__(
        self,
        server: Redis,
        *,
        crawler: Crawler,
        processing_key: str,
        lease_seconds: float,
        poll_interval: float,
        track_storage: bool,
        max_leases: int = 8,
        **kwargs: Any,
    ) -> None:
        super().__init__(server, **kwargs)
        self.crawler = crawler
        self.max_leases = max(1, max_leases)
        self.processing_key = processing_key
        self.lease_seconds = lease_seconds
        self.poll_interval = poll_interval
        self.track_storage = track_storage
        self.worker_id = new_worker_id()
        self.queue: LeaseQueue | None = None  # type: ignore[assignment]
        self._held: dict[str, _Held] = {}
        self._flush_started = 0
        self._flush_done = 0
        self._last_renew = 0.0
        self._ticker: LoopingCall | None = None
        self._unavailable: str | None = None
        self._failed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeasedScheduler:
        settings = crawler.settings
        prefix = settings.get("NEWSCRAWL_REDIS_PREFIX") or DEFAULT_PREFIX
        keys = redis_keys(prefix, "%(spider)s")
        lease_seconds = settings.getfloat("NEWSCRAWL_REDIS_LEASE", DEFAULT_LEASE_SECONDS)
        poll = settings.getfloat("NEWSCRAWL_REDIS_POLL_INTERVAL", DEFAULT_POLL_INTERVAL)
        if lease_seconds <= 0 or poll <= 0:
            raise ValueError("NEWSCRAWL_REDIS_LEASE and NEWSCRAWL_REDIS_POLL_INTERVAL must be > 0")
        serializer = settings.get("SCHEDULER_SERIALIZER") or codec.__name__
        if serializer not in (codec.__name__, codec):
            raise ValueError(
                f"the shared queue stores requests as JSON ({codec.__name__}); "
                f"SCHEDULER_SERIALIZER={serializer!r} is not accepted"
            )
        instance = cls(
            get_redis_from_settings(settings),  # connects lazily; open() checks it answers
            crawler=crawler,
            processing_key=keys["processing"],
            lease_seconds=lease_seconds,
            poll_interval=min(poll, lease_seconds / 3),
            track_storage=_uses_leased_storage(settings),
            # A worker holds no more requests than it fetches at once, so that a worker
            # started later finds the rest still waiting in the queue.
            max_leases=settings.getint("NEWSCRAWL_REDIS_MAX_LEASES") or settings.getint("CONCURRENT_REQUESTS", 8),
            persist=settings.getbool("SCHEDULER_PERSIST", True),
            flush_on_start=settings.getbool("SCHEDULER_FLUSH_ON_START"),
            queue_key=settings.get("SCHEDULER_QUEUE_KEY") or keys["requests"],
            queue_cls=f"{LeaseQueue.__module__}.LeaseQueue",
            dupefilter_key=settings.get("SCHEDULER_DUPEFILTER_KEY") or keys["dupefilter"],
            dupefilter_cls=settings.get("DUPEFILTER_CLASS")
            or "scrapy_redis.dupefilter.RFPDupeFilter",
            serializer=codec,
        )
        instance.stats = crawler.stats
        return instance

    # -- lifecycle -----------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        sig = self.crawler.signals
        sig.connect(self._check_available, signal=signals.spider_opened)
        try:
            self.server.ping()
        except RedisError as exc:
            # Refused in spider_opened, once the other components are up, so they close cleanly.
            self._unavailable = f"cannot reach Redis at {_describe(self.server)}: {exc}"
            return
        self._check_engine()
        self.queue = LeaseQueue(
            self.server,
            spider,
            self.queue_key,
            self.serializer,
            processing_key=self.processing_key,
            seen_key=self.dupefilter_key,
            worker_id=self.worker_id,
            lease_seconds=self.lease_seconds,
        )
        dupefilter_cls = load_object(self.dupefilter_cls)
        self.df = dupefilter_cls.from_spider(spider)
        if not isinstance(self.df, RFPDupeFilter) or self.df.key != self.queue.seen_key:
            raise ValueError(
                "the leased scheduler needs scrapy-redis RFPDupeFilter on its seen-set"
            )
        if self.flush_on_start:
            logger.warning("SCHEDULER_FLUSH_ON_START: clearing the shared queue of %s", spider.name)
            self.flush()
        requeued = self.queue.requeue_expired()
        if requeued:
            self._inc("newscrawl/redis/requeued_expired", requeued)
        logger.info(
            "Sharing the %s queue on %s as worker %s: %d waiting, %d leased, %d seen "
            "(lease %.0fs, re-queued %d expired)",
            spider.name, _describe(self.server), self.worker_id, len(self.queue),
            self.queue.leased(), self.server.scard(self.queue.seen_key), self.lease_seconds,
            requeued,
        )  # fmt: skip
        sig.connect(self._item_scraped, signal=signals.item_scraped)
        sig.connect(self._spider_idle, signal=signals.spider_idle)
        sig.connect(self._flush_began, signal=storage_flush_started)
        sig.connect(self._flush_ended, signal=storage_flush_finished)
        self._last_renew = time.monotonic()
        self._ticker = LoopingCall(self._tick)
        self._ticker.start(self.poll_interval, now=False)

    def _check_available(self) -> None:
        if self._unavailable:
            logger.error(
                "%s -- start Redis, or run without NEWSCRAWL_REDIS_URL for a single worker",
                self._unavailable,
            )
            self.crawler.stats.set_value("newscrawl/failure", "redis_unavailable")
            raise CloseSpider("redis_unavailable")

    def _check_engine(self) -> None:
        slot = getattr(self.crawler.engine, "_slot", None)
        if not isinstance(getattr(slot, "inprogress", None), set):
            raise RuntimeError(
                "the leased scheduler needs Scrapy's engine slot (tested with Scrapy 2.13-2.19)"
            )

    def close(self, reason: str) -> None:
        if self._ticker is not None and self._ticker.running:
            self._ticker.stop()
        if self.queue is None:
            return
        if not self._failed:
            try:
                self._settle(final=True)
            except RedisError as exc:
                logger.error("Could not hand back leases at close (%s); they expire instead", exc)
        if not self.persist:
            self.flush()
        logger.info(
            "Left the %s queue (%s): %d waiting, %d leased by workers",
            self.spider.name, reason, *self._sizes(),
        )  # fmt: skip

    def flush(self) -> None:
        """Clear this site's shared state: waiting and leased requests and the seen-set."""
        if self.queue is not None:
            self.queue.clear()
        if self.df is not None:
            self.df.clear()

    # -- scheduler interface -------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.queue) if self.queue is not None else 0

    def has_pending_requests(self) -> bool:
        if self.queue is None or self._failed:
            return False
        try:
            return len(self.queue) > 0
        except RedisError as exc:
            self._redis_failed(exc)
            return False

    def enqueue_request(self, request: Request) -> bool:
        if self.queue is None or self._failed:
            return False
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        try:
            added = self.queue.push(request, fingerprint)
        except (TypeError, ValueError) as exc:
            logger.error("Cannot share %s, dropped it: %s", request, exc)
            self._inc("newscrawl/redis/unserializable")
            return False
        except RedisError as exc:
            self._redis_failed(exc)
            return False
        if not added:
            self.df.log(request, self.spider)
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.queue is None or self._failed:
            return None
        if len(self._held) >= self.max_leases and not self._room_for_a_lease():
            return None
        rejected = self.queue.rejected
        try:
            taken = self.queue.pop_lease()
        except RedisError as exc:
            self._redis_failed(exc)
            return None
        if self.queue.rejected > rejected:
            self._inc("newscrawl/redis/rejected", self.queue.rejected - rejected)
        if taken is None:
            return None
        lease, request = taken
        self._held[lease.lease_id] = _Held(lease, request)
        self._inc("scheduler/dequeued/redis")
        self._inc("newscrawl/redis/leased")
        return request

    def _room_for_a_lease(self) -> bool:
        """Ack what is durable; when still at the cap, have the storage write what it waits on."""
        self._guard(self._settle)
        if len(self._held) < self.max_leases:
            return True
        waiting = any(h.finished and h.flush_needed > self._flush_started for h in self._held.values())
        if waiting:  # done requests whose items sit in the storage buffer: write them now
            self.crawler.signals.send_catch_log(storage_flush_requested)
        return False

    # -- acks --------------------------------------------------------------------------------

    def _item_scraped(self, response: Response | None) -> None:
        lease_id = _lease_id(response)
        held = self._held.get(lease_id) if lease_id else None
        if held is not None and self.track_storage:
            # The item is in the storage buffer now; the next flush to start will write it.
            held.flush_needed = self._flush_started + 1

    def _flush_began(self, generation: int) -> None:
        self._flush_started = generation

    def _flush_ended(self, generation: int, ok: bool) -> None:
        if ok:
            self._flush_done = generation
        else:  # the batch is neither stored nor spooled: let another fetch redo it
            for held in self._held.values():
                if 0 < held.flush_needed <= generation:
                    held.release = True
        self._guard(self._settle)
        self._wake()  # an idle worker waiting on these acks may be able to close now

    def _settle(self, final: bool = False) -> None:
        """Ack the leases whose work is durable; at close, hand the rest back to the queue."""
        assert self.queue is not None
        slot = getattr(self.crawler.engine, "_slot", None)
        in_progress = slot.inprogress if slot is not None else ()
        done, give_back = [], []
        for lease_id, held in list(self._held.items()):
            if not held.finished and held.request not in in_progress:
                held.finished = True
            if held.finished and held.release:
                give_back.append(lease_id)
            elif held.finished and held.flush_needed <= self._flush_done:
                done.append(lease_id)
            elif final:
                give_back.append(lease_id)
        if done:
            lost = self.queue.ack(self._held.pop(i).lease for i in done)
            self._inc("newscrawl/redis/acked", len(done) - len(lost))
            if lost:
                self._inc("newscrawl/redis/lease_lost", len(lost))
                logger.warning(
                    "%d leases had expired and were re-queued before their ack "
                    "(raise NEWSCRAWL_REDIS_LEASE?); those requests run again",
                    len(lost),
                )
        for lease_id in give_back:
            if self.queue.release(self._held.pop(lease_id).lease):
                self._inc("newscrawl/redis/released")

    def _tick(self) -> None:
        """Every poll interval: renew leases, ack, re-queue expired leases, wake the engine."""
        if self.queue is None or self._failed:
            return
        self._guard(self._tick_redis)
        self._wake()  # new work may have arrived from other workers

    def _wake(self) -> None:
        """Have the engine ask for requests (and re-check idleness) soon, not at its 5 s beat."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def _tick_redis(self) -> None:
        assert self.queue is not None
        now = time.monotonic()
        if now - self._last_renew >= self.lease_seconds / 3:
            self._last_renew = now
            lost = set(self.queue.renew(h.lease for h in self._held.values()))
            if lost:
                self._inc("newscrawl/redis/lease_lost", len(lost))
                logger.warning("%d of this worker's leases expired before renewal", len(lost))
        self._settle()
        requeued = self.queue.requeue_expired()
        if requeued:
            self._inc("newscrawl/redis/requeued_expired", requeued)
            logger.info("Re-queued %d requests whose worker stopped renewing its lease", requeued)

    def _spider_idle(self) -> None:
        """Close only when no worker has anything left: empty queue, no leases anywhere."""
        if self.queue is None or self._failed:
            return
        try:
            self._settle()
            requeued = self.queue.requeue_expired()
            if requeued:  # counted here too: an idle worker is often the one that finds them
                self._inc("newscrawl/redis/requeued_expired", requeued)
            if requeued or len(self.queue):
                raise DontCloseSpider
            if self._held:  # ours, waiting for their items to reach the database
                self.crawler.signals.send_catch_log(storage_flush_requested)
                raise DontCloseSpider
            if self.queue.leased():  # other workers' requests may still yield links
                raise DontCloseSpider
            if not self.crawler.stats.get_value("newscrawl/redis/leased"):
                # Started after the round was done: nothing to do is success, not a failure.
                self.crawler.stats.set_value("newscrawl/redis/nothing_left", 1)
                logger.info(
                    "Nothing left to do in the shared queue of %s: the round is finished "
                    "(reset it to crawl the site again)", self.spider.name,
                )  # fmt: skip
        except RedisError as exc:
            self._redis_failed(exc)

    # -- helpers -------------------------------------------------------------------------

    def _guard(self, func: Any) -> None:
        try:
            func()
        except RedisError as exc:
            self._redis_failed(exc)
        except Exception:  # a bug here must not stop the looping call or the crawl silently
            logger.exception("Leased scheduler housekeeping failed")

    def _redis_failed(self, exc: Exception) -> None:
        if self._failed:
            return
        self._failed = True
        logger.error(
            "Lost Redis at %s (%s); stopping this worker. Its leased requests go back to the "
            "queue when their leases expire.",
            _describe(self.server), exc,
        )  # fmt: skip
        self.crawler.stats.set_value("newscrawl/failure", "redis_unavailable")
        from twisted.internet import reactor

        reactor.callLater(0, _close_spider, self.crawler, "redis_unavailable")  # type: ignore[attr-defined,arg-type]

    def _sizes(self) -> tuple[int, int]:
        try:
            assert self.queue is not None
            return len(self.queue), self.queue.leased()
        except RedisError:
            return -1, -1

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)


def _lease_id(response: Response | None) -> str | None:
    request = getattr(response, "request", None)
    meta = getattr(request, "meta", None) or {}
    return meta.get(LEASE_META_KEY)


def _close_spider(crawler: Crawler, reason: str) -> None:
    engine = crawler.engine
    if engine is None or engine.spider is None:
        return
    if hasattr(engine, "close_spider_async"):
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(engine.close_spider_async(reason=reason))
    else:  # Scrapy < 2.14
        engine.close_spider(engine.spider, reason)


def _describe(server: Redis) -> str:
    kwargs = server.connection_pool.connection_kwargs
    where = kwargs.get("path") or f"{kwargs.get('host', '?')}:{kwargs.get('port', '?')}"
    return f"redis://{where}/{kwargs.get('db', 0)}"


def _uses_leased_storage(settings: BaseSettings) -> bool:
    """Whether a pipeline reports its durable batches (``newscrawl.pipelines.leased``)."""
    pipelines = settings.getwithbase("ITEM_PIPELINES")
    return any(
        value is not None and getattr(load_object(path), "reports_durability", False)
        for path, value in pipelines.items()
    )
