"""The shared crawl state in Redis as plain data: key names and lease entries (no Scrapy).

The operator command (``newscrawl queue``) reads the state through this module alone.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass

DEFAULT_PREFIX = "newscrawl"


def redis_keys(prefix: str, spider_name: str) -> dict[str, str]:
    """The Redis keys of one site's shared crawl state."""
    base = f"{prefix}:{spider_name}"
    return {
        "requests": f"{base}:requests",
        "processing": f"{base}:processing",
        "dupefilter": f"{base}:dupefilter",
    }


class RequestDecodeError(ValueError):
    """A stored request that is malformed or names something this worker will not call."""


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
