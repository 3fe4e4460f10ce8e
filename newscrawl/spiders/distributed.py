"""Scale-out on scrapy-redis: several workers share one leased request queue and seen-set per site.

Switched on by ``NEWSCRAWL_REDIS_URL`` (``-s NEWSCRAWL_REDIS_URL=redis://127.0.0.1:6379/0`` or the
environment variable); without it nothing here is used. Redis keys, per spider::

    <prefix>:<spider>:requests     sorted set: serialized requests waiting, score = -priority
    <prefix>:<spider>:processing   sorted set: leased requests, score = lease deadline (Redis clock)
    <prefix>:<spider>:dupefilter   set: request fingerprints (scrapy-redis RFPDupeFilter)

How a request travels (see :class:`LeasedScheduler` for when it is acked):

1. ``enqueue_request`` adds its fingerprint to the seen-set and the request to ``requests`` in
   one Lua script, so a worker dying in between cannot mark a URL seen without queueing it.
2. ``next_request`` moves the head of ``requests`` into ``processing`` in one script, tagged
   with the worker id and a lease id, with a deadline ``now + NEWSCRAWL_REDIS_LEASE`` seconds.
3. The worker renews its leases while it works on them; once the request's work is durable it
   removes the lease (ack). A lease whose deadline passed -- its worker died or hung -- is moved
   back to ``requests`` by any worker, at start and every ``NEWSCRAWL_REDIS_POLL_INTERVAL``.

Delivery is at least once: a request may be fetched twice (a worker that stalls past its lease),
never lost; storage upserts on the canonical URL, so a second fetch updates, never duplicates.

Requests are stored as JSON (:func:`dumps` / :func:`loads`), never pickled: whoever can write
to Redis can make a worker fetch URLs, but not run code. Callbacks travel as method names and
are resolved only to methods of the running spider; the request class comes from an allowlist.

Operator commands (no crawl)::

    python -m newscrawl.spiders.distributed status jordantimes --redis-url redis://127.0.0.1:6379/0
    python -m newscrawl.spiders.distributed reset jordantimes --redis-url redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import argparse
import base64
import binascii
import inspect
import json
import logging
import os
import secrets
import socket
import sys
import time
from collections.abc import Iterable
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
from scrapy.utils.request import request_from_dict
from scrapy_redis.connection import get_redis_from_settings
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base as RedisQueueBase
from scrapy_redis.scheduler import Scheduler as RedisScheduler
from twisted.internet.task import LoopingCall
from twisted.python.failure import Failure

from newscrawl.pipelines.storage import BATCH_LOST, StoragePipeline

logger = logging.getLogger(__name__)

DEFAULT_PREFIX = "newscrawl"
DEFAULT_LEASE_SECONDS = 120.0
DEFAULT_POLL_INTERVAL = 1.0
# request.meta key naming the lease a request was popped under; never written to Redis.
LEASE_META_KEY = "_newscrawl_lease"
_REAP_BATCH = 500
_POP_ATTEMPTS = 20


def redis_keys(prefix: str, spider_name: str) -> dict[str, str]:
    """The Redis keys of one site's shared crawl state."""
    base = f"{prefix}:{spider_name}"
    return {
        "requests": f"{base}:requests",
        "processing": f"{base}:processing",
        "dupefilter": f"{base}:dupefilter",
    }


# -- serializer ---------------------------------------------------------------------------------
#
# JSON with two tagged forms for what JSON lacks: {"$b": base64} for bytes and {"$d": [[k, v]...]}
# for dicts whose keys are not plain strings (request headers have bytes keys). Decoding accepts
# nothing else, so no payload can name a class or function to call.

_BYTES_TAG = "$b"
_PAIRS_TAG = "$d"
_MAX_DEPTH = 32
# Request classes a payload may name in "_class"; anything else is rejected before import.
ALLOWED_REQUEST_CLASSES: dict[str, str] = {
    "scrapy.http.request.Request": "scrapy.http.request.Request",
    "scrapy.http.request.form.FormRequest": "scrapy.http.request.form.FormRequest",
    "scrapy.http.request.json_request.JsonRequest": "scrapy.http.request.json_request.JsonRequest",
}
_REQUEST_FIELDS = frozenset(Request.attributes) | {"_class", "dumps_kwargs"}


class RequestDecodeError(ValueError):
    """A stored request that is malformed or names something this worker will not call."""


def _encode(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise ValueError("request data nested too deeply to store")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("cannot store NaN or infinity in a request")
        return value
    if isinstance(value, bytes | bytearray):
        return {_BYTES_TAG: base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, list | tuple):
        return [_encode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) and not k.startswith("$") for k in value):
            return {k: _encode(v, depth + 1) for k, v in value.items()}
        return {_PAIRS_TAG: [[_encode_key(k), _encode(v, depth + 1)] for k, v in value.items()]}
    raise TypeError(
        f"cannot store a {type(value).__name__} in a shared request "
        "(meta and cb_kwargs must hold JSON-like values, bytes, tuples)"
    )


def _encode_key(key: Any) -> Any:
    if key is None or isinstance(key, bool | int | float | str | bytes):
        return _encode(key)
    raise TypeError(f"cannot store a dict key of type {type(key).__name__} in a shared request")


def _decode(value: Any, depth: int = 0) -> Any:
    if depth > _MAX_DEPTH:
        raise RequestDecodeError("nested too deeply")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list):
        return [_decode(v, depth + 1) for v in value]
    if isinstance(value, dict):
        if not any(k.startswith("$") for k in value):
            return {k: _decode(v, depth + 1) for k, v in value.items()}
        if set(value) == {_BYTES_TAG} and isinstance(value[_BYTES_TAG], str):
            try:
                return base64.b64decode(value[_BYTES_TAG], validate=True)
            except (binascii.Error, ValueError):
                raise RequestDecodeError("bad base64 in bytes value") from None
        if set(value) == {_PAIRS_TAG} and isinstance(value[_PAIRS_TAG], list):
            result = {}
            for pair in value[_PAIRS_TAG]:
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise RequestDecodeError("bad key/value pair")
                key = _decode(pair[0], depth + 1)
                if not (key is None or isinstance(key, bool | int | float | str | bytes)):
                    raise RequestDecodeError("dict key must be a plain value")
                result[key] = _decode(pair[1], depth + 1)
            return result
        raise RequestDecodeError(f"unknown tag in {sorted(value)!r}")
    raise RequestDecodeError(f"unexpected JSON value {type(value).__name__}")


def _check_method_name(name: Any, what: str) -> None:
    if name is None:
        return
    if not isinstance(name, str) or not name.isidentifier() or name.startswith("__"):
        raise RequestDecodeError(f"{what} must be a spider method name, got {name!r}")


def dumps(request_dict: dict[str, Any]) -> str:
    """Serialize ``Request.to_dict()`` output as JSON (bytes as base64). Never pickles."""
    if not isinstance(request_dict, dict):
        raise TypeError("dumps() takes the dict of Request.to_dict()")
    return json.dumps(_encode(request_dict), separators=(",", ":"), sort_keys=True, allow_nan=False)


def loads(data: bytes | str) -> dict[str, Any]:
    """Parse what :func:`dumps` wrote back into a request dict; malformed data raises ValueError.

    Checks the shape of every field ``request_from_dict`` reads. Callback names are checked
    to be plain identifiers here; :meth:`LeaseQueue.decode` checks they are spider methods.
    """
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestDecodeError("not UTF-8 JSON (pickled data is not accepted)") from None
    if not isinstance(data, str):
        raise RequestDecodeError(f"expected bytes or str, got {type(data).__name__}")
    try:
        raw = json.loads(data, parse_constant=_reject_constant)
    except (json.JSONDecodeError, RecursionError):
        raise RequestDecodeError("not JSON (pickled data is not accepted)") from None
    if not isinstance(raw, dict):
        raise RequestDecodeError("a stored request must be a JSON object")
    obj = _decode(raw)
    unknown = set(obj) - _REQUEST_FIELDS
    if unknown:
        raise RequestDecodeError(f"unknown request fields {sorted(unknown)!r}")
    if not isinstance(obj.get("url"), str) or not obj["url"]:
        raise RequestDecodeError("url must be a non-empty string")
    if "_class" in obj and obj["_class"] not in ALLOWED_REQUEST_CLASSES:
        raise RequestDecodeError(f"request class {obj['_class']!r} is not allowed")
    _check_method_name(obj.get("callback"), "callback")
    _check_method_name(obj.get("errback"), "errback")
    _check_types(obj)
    return obj


def _reject_constant(name: str) -> Any:
    raise RequestDecodeError(f"{name} is not allowed in a stored request")


_FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "method": (str,),
    "body": (bytes, str),
    "headers": (dict,),
    "cookies": (dict, list),
    "meta": (dict,),
    "cb_kwargs": (dict,),
    "encoding": (str,),
    "flags": (list,),
    "priority": (int,),
    "dont_filter": (bool,),
    "dumps_kwargs": (dict,),
}


def _check_types(obj: dict[str, Any]) -> None:
    for name, types in _FIELD_TYPES.items():
        value = obj.get(name)
        if value is None:
            continue
        if not isinstance(value, types) or (name == "priority" and isinstance(value, bool)):
            raise RequestDecodeError(f"{name} has the wrong type ({type(value).__name__})")
    for key in ("meta", "cb_kwargs", "dumps_kwargs"):
        value = obj.get(key)
        if value is not None and not all(isinstance(k, str) for k in value):
            raise RequestDecodeError(f"{key} keys must be strings")


def spider_method(spider: Spider, name: str | None, what: str = "callback") -> Any:
    """The bound method ``name`` of ``spider``, or RequestDecodeError if it is anything else."""
    if name is None:
        return None
    _check_method_name(name, what)
    method = getattr(spider, name, None)
    if not (inspect.ismethod(method) and method.__self__ is spider):
        raise RequestDecodeError(f"{what} {name!r} is not a method of spider {spider.name!r}")
    return method


def request_from_json(data: bytes | str, spider: Spider) -> Request:
    """A Request from stored JSON, its callbacks resolved on ``spider`` only."""
    obj = loads(data)
    spider_method(spider, obj.get("callback"), "callback")
    spider_method(spider, obj.get("errback"), "errback")
    if "_class" in obj:
        obj["_class"] = ALLOWED_REQUEST_CLASSES[obj["_class"]]
    try:
        return request_from_dict(obj, spider=spider)
    except (TypeError, ValueError) as exc:
        raise RequestDecodeError(f"cannot build a request: {exc}") from None


# -- the lease queue ----------------------------------------------------------------------------

# Every script reads the Redis clock, so workers on different machines agree on deadlines.
_NOW = "local t = redis.call('TIME'); local now = tonumber(t[1]) + tonumber(t[2]) / 1000000\n"

# KEYS: seen-set, requests. ARGV: fingerprint ('' = do not filter), score, request.
_ENQUEUE = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
return 1
"""

# KEYS: requests, processing. ARGV: lease seconds, worker id, lease id.
# The processing member is "worker\nlease\nscore\nrequest" (the request JSON has no raw newline).
_POP = (
    _NOW
    + """
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #head == 0 then return false end
redis.call('ZREM', KEYS[1], head[1])
local member = ARGV[2] .. '\\n' .. ARGV[3] .. '\\n' .. head[2] .. '\\n' .. head[1]
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), member)
return member
"""
)

# KEYS: processing, requests. ARGV: limit. Returns {moved, discarded}.
_REQUEUE_EXPIRED = (
    _NOW
    + """
local expired = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[1]))
local moved, discarded = 0, 0
for _, member in ipairs(expired) do
  redis.call('ZREM', KEYS[1], member)
  local _w, _l, score, data = string.match(member, '^([^\\n]*)\\n([^\\n]*)\\n([^\\n]*)\\n(.*)$')
  if data and tonumber(score) then
    redis.call('ZADD', KEYS[2], score, data)
    moved = moved + 1
  else
    discarded = discarded + 1
  end
end
return {moved, discarded}
"""
)

# KEYS: processing. ARGV: lease seconds, members... Returns the members no longer leased.
_RENEW = (
    _NOW
    + """
local lost = {}
for i = 2, #ARGV do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[i])
  else
    table.insert(lost, ARGV[i])
  end
end
return lost
"""
)

# KEYS: processing, requests. ARGV: member, score, request.
_RELEASE = """
if redis.call('ZREM', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0
"""


@dataclass
class Lease:
    """One request taken from the shared queue by one worker."""

    member: bytes  # the exact processing-set member, for renew / ack / release
    worker: str
    lease_id: str
    score: bytes
    data: bytes

    @classmethod
    def parse(cls, member: bytes) -> Lease:
        parts = member.split(b"\n", 3)
        if len(parts) != 4:
            raise RequestDecodeError("malformed lease entry")
        worker, lease_id, score, data = parts
        return cls(
            member, worker.decode(errors="replace"), lease_id.decode(errors="replace"), score, data
        )


def new_worker_id() -> str:
    """host:pid:random -- tells an operator which machine and process holds a lease."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class LeaseQueue(RedisQueueBase):
    """A scrapy-redis priority queue whose pop leases a request instead of removing it.

    ``pop_lease`` moves the head of ``requests`` into ``processing`` (score = deadline); the
    caller acks the lease when the request's work is done or releases it to give it back.
    ``requeue_expired`` returns every lease past its deadline to ``requests``.
    """

    def __init__(
        self,
        server: Redis,
        spider: Spider,
        key: str,
        serializer: Any = None,
        *,
        processing_key: str,
        seen_key: str,
        worker_id: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
    ) -> None:
        # Only this module's JSON serializer: a pickle loader would run a Redis writer's code.
        super().__init__(server, spider, key, sys.modules[__name__])
        self.processing_key = processing_key % {"spider": spider.name}
        self.seen_key = seen_key % {"spider": spider.name}
        self.worker_id = worker_id or new_worker_id()
        self.lease_seconds = float(lease_seconds)
        self.rejected = 0  # entries dropped because they could not be decoded
        self._enqueue = server.register_script(_ENQUEUE)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE_EXPIRED)
        self._renew = server.register_script(_RENEW)
        self._release = server.register_script(_RELEASE)

    # scrapy-redis hooks: JSON in, and the lease marker never leaves the worker
    def _encode_request(self, request: Request) -> Any:
        obj = request.to_dict(spider=self.spider)
        meta = obj.get("meta")
        if meta and LEASE_META_KEY in meta:
            obj["meta"] = {k: v for k, v in meta.items() if k != LEASE_META_KEY}
        return self.serializer.dumps(obj)

    def _decode_request(self, encoded_request: bytes | str) -> Request:
        return request_from_json(encoded_request, self.spider)

    def __len__(self) -> int:
        return int(self.server.zcard(self.key))

    def leased(self) -> int:
        return int(self.server.zcard(self.processing_key))

    def push(self, request: Request, fingerprint: str | None = None) -> bool:
        """Queue ``request``; with a fingerprint, only if the seen-set did not have it (atomic)."""
        data = self._encode_request(request)
        added = self._enqueue(
            keys=[self.seen_key, self.key], args=[fingerprint or "", -request.priority, data]
        )
        return bool(added)

    def pop(self, timeout: int = 0) -> Request | None:
        """scrapy-redis interface: the next request, leased (its lease id in ``request.meta``)."""
        taken = self.pop_lease()
        return taken[1] if taken else None

    def pop_lease(self) -> tuple[Lease, Request] | None:
        """Lease the next request; undecodable entries are dropped from the queue and logged."""
        for _ in range(_POP_ATTEMPTS):
            member = self._pop(
                keys=[self.key, self.processing_key],
                args=[self.lease_seconds, self.worker_id, secrets.token_hex(8)],
            )
            if member is None:
                return None
            lease = Lease.parse(member)
            try:
                request = self._decode_request(lease.data)
            except ValueError as exc:
                self.server.zrem(self.processing_key, lease.member)
                self.rejected += 1
                logger.error("Dropped a queued request that cannot be used: %s", exc)
                continue
            request.meta[LEASE_META_KEY] = lease.lease_id
            return lease, request
        return None

    def ack(self, leases: Iterable[Lease]) -> list[Lease]:
        """Remove finished leases; returns those that were no longer held (re-queued meanwhile)."""
        leases = list(leases)
        if not leases:
            return []
        pipe = self.server.pipeline(transaction=False)
        for lease in leases:
            pipe.zrem(self.processing_key, lease.member)
        return [lease for lease, removed in zip(leases, pipe.execute(), strict=True) if not removed]

    def release(self, lease: Lease) -> bool:
        """Give a leased request back to the queue at once (this worker will not do it)."""
        return bool(
            self._release(
                keys=[self.processing_key, self.key], args=[lease.member, lease.score, lease.data]
            )
        )

    def renew(self, leases: Iterable[Lease]) -> list[bytes]:
        """Push the deadline of held leases forward; returns members another worker re-queued."""
        members = [lease.member for lease in leases]
        if not members:
            return []
        return list(self._renew(keys=[self.processing_key], args=[self.lease_seconds, *members]))

    def requeue_expired(self, limit: int = _REAP_BATCH) -> int:
        """Move leases past their deadline back to the queue; returns how many moved."""
        moved, discarded = self._requeue(keys=[self.processing_key, self.key], args=[limit])
        if discarded:
            logger.error("Discarded %d malformed entries from %s", discarded, self.processing_key)
        return int(moved)

    def clear(self) -> None:
        """Forget the waiting and the leased requests (not the seen-set)."""
        self.server.delete(self.key, self.processing_key)


# -- the scheduler ------------------------------------------------------------------------------


@dataclass
class _Held:
    lease: Lease
    request: Request
    finished: bool = False
    flush_needed: int = 0  # the storage flush that makes this request's items durable (0: none)
    release: bool = False


# Signals between the storage pipeline and the scheduler (same process, reactor thread).
storage_flush_started = object()
storage_flush_finished = object()
storage_flush_requested = object()


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
        serializer = settings.get("SCHEDULER_SERIALIZER") or __name__
        if serializer not in (__name__, sys.modules[__name__]):
            raise ValueError(
                f"the shared queue stores requests as JSON ({__name__}); "
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
            queue_cls=f"{__name__}.LeaseQueue",
            dupefilter_key=settings.get("SCHEDULER_DUPEFILTER_KEY") or keys["dupefilter"],
            dupefilter_cls=settings.get("DUPEFILTER_CLASS")
            or "scrapy_redis.dupefilter.RFPDupeFilter",
            serializer=sys.modules[__name__],
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
    pipelines = settings.getwithbase("ITEM_PIPELINES")
    return any(
        value is not None and load_object(path) is LeasedStoragePipeline
        for path, value in pipelines.items()
    )


# -- storage that reports durability ------------------------------------------------------------


class LeasedStoragePipeline(StoragePipeline):
    """The storage pipeline, telling the scheduler when each batch is written (or spooled).

    Each flush is numbered; ``storage_flush_started`` / ``storage_flush_finished`` carry the
    number. Flushes finish in order because the pipeline chains its writes.
    """

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
        ok = not isinstance(result, Failure) and result is not BATCH_LOST
        self.crawler.signals.send_catch_log(storage_flush_finished, generation=generation, ok=ok)
        return None if result is BATCH_LOST else result

    def _flush_requested(self) -> None:
        if self.engine is not None:
            self._flush()


# -- switching it on ----------------------------------------------------------------------------


class RedisScaleOut:
    """Scrapy add-on: with ``NEWSCRAWL_REDIS_URL`` (setting or environment) use the shared queue.

    Without the URL it changes nothing. With it: the leased scheduler, scrapy-redis'
    dupefilter, the JSON serializer, persistence (a finishing worker leaves the shared state
    in place) and the storage pipeline that reports durable batches.
    """

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("NEWSCRAWL_REDIS_URL") or os.environ.get("NEWSCRAWL_REDIS_URL")
        if not url:
            return
        prefix = settings.get("NEWSCRAWL_REDIS_PREFIX") or DEFAULT_PREFIX
        keys = redis_keys(prefix, "%(spider)s")
        for name, value in {
            "NEWSCRAWL_REDIS_URL": url,
            "REDIS_URL": url,
            "SCHEDULER": f"{__name__}.LeasedScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_SERIALIZER": __name__,
            "SCHEDULER_QUEUE_KEY": keys["requests"],
            "SCHEDULER_DUPEFILTER_KEY": keys["dupefilter"],
            # fail in seconds, not scrapy-redis' 30 s, when Redis is gone
            "REDIS_PARAMS": {
                "socket_connect_timeout": 5,
                "socket_timeout": 30,
                "retry_on_timeout": True,
            },
        }.items():
            settings.set(name, value, priority="addon")
        try:
            settings.replace_in_component_priority_dict(
                "ITEM_PIPELINES", StoragePipeline, LeasedStoragePipeline
            )
        except KeyError:
            logger.warning(
                "Shared queue without the storage pipeline: requests are acked when the "
                "engine is done with them"
            )


# -- operator commands --------------------------------------------------------------------------


def _worker_of(member: bytes) -> str:
    try:
        return Lease.parse(member).worker
    except RequestDecodeError:
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newscrawl.spiders.distributed",
        description="Inspect or reset a site's shared Redis queue.",
    )
    parser.add_argument("action", choices=("status", "reset"))
    parser.add_argument("spider", help="spider name, e.g. jordantimes")
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("NEWSCRAWL_REDIS_URL"),
        help="default: $NEWSCRAWL_REDIS_URL",
    )
    parser.add_argument(
        "--prefix", default=DEFAULT_PREFIX, help=f"key prefix (default {DEFAULT_PREFIX})"
    )
    parser.add_argument(
        "--force", action="store_true", help="reset even while workers hold live leases"
    )
    args = parser.parse_args(argv)
    if not args.redis_url:
        parser.error("give --redis-url or set NEWSCRAWL_REDIS_URL")
    server = Redis.from_url(args.redis_url, socket_connect_timeout=5, socket_timeout=30)
    keys = redis_keys(args.prefix, args.spider)
    try:
        waiting = int(server.zcard(keys["requests"]))  # type: ignore[arg-type]
        leases: list[tuple[bytes, float]] = server.zrange(  # type: ignore[assignment]
            keys["processing"], 0, -1, withscores=True
        )
        seen = int(server.scard(keys["dupefilter"]))  # type: ignore[arg-type]
        now_s, now_us = server.time()  # type: ignore[misc]
    except RedisError as exc:
        print(f"cannot reach Redis at {args.redis_url}: {exc}", file=sys.stderr)
        return 2
    now = now_s + now_us / 1e6
    live = [_worker_of(member) for member, deadline in leases if deadline > now]
    print(f"{args.spider}: {waiting} waiting, {len(leases)} leased ({len(live)} live), {seen} seen")
    for worker in sorted(set(live)):
        print(f"  worker {worker}: {live.count(worker)} live leases")
    if args.action == "reset":
        if live and not args.force:
            print("workers hold live leases; stop them first or pass --force", file=sys.stderr)
            return 1
        removed = server.delete(*keys.values())
        print(f"reset {args.spider}: removed {removed} keys ({', '.join(keys.values())})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
