"""The lease queue: a scrapy-redis priority queue whose pop leases a request to one worker."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from typing import Any

from redis import Redis
from scrapy import Spider
from scrapy.http import Request
from scrapy_redis.queue import Base as RedisQueueBase

from newscrawl.distributed import codec
from newscrawl.distributed.codec import request_from_json
from newscrawl.distributed.state import Lease, new_worker_id

logger = logging.getLogger(__name__)

DEFAULT_LEASE_SECONDS = 120.0
# request.meta key naming the lease a request was popped under; never written to Redis.
LEASE_META_KEY = "_newscrawl_lease"
_REAP_BATCH = 500
_POP_ATTEMPTS = 20

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
        # Only the JSON codec: a pickle loader would run a Redis writer's code.
        super().__init__(server, spider, key, codec)
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
