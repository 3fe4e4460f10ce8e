"""``newscrawl queue status|reset SPIDER``: inspect or reset a site's shared Redis queue.

See docs/distributed.md. Exit codes: 0 done, 1 reset refused (workers hold live leases),
2 bad usage or Redis unreachable.
"""

from __future__ import annotations

import argparse
import os
import sys

from redis import Redis
from redis.exceptions import RedisError

from newscrawl.distributed.state import DEFAULT_PREFIX, Lease, RequestDecodeError, redis_keys


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "queue",
        help="inspect or reset a site's shared Redis queue (scale-out crawls)",
        description="Inspect or reset a site's shared Redis queue (docs/distributed.md).",
    )
    add_arguments(parser)
    parser.set_defaults(func=run)


def add_arguments(parser: argparse.ArgumentParser) -> None:
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


def main(argv: list[str] | None = None) -> int:
    """The command on its own (tests, scripts): ``main(["status", "jordantimes"])``."""
    parser = argparse.ArgumentParser(prog="newscrawl queue", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


def _worker_of(member: bytes) -> str:
    try:
        return Lease.parse(member).worker
    except RequestDecodeError:
        return "?"


def run(args: argparse.Namespace) -> int:
    if not args.redis_url:
        print("newscrawl queue: give --redis-url or set NEWSCRAWL_REDIS_URL", file=sys.stderr)
        return 2
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
        print(f"newscrawl queue: cannot reach Redis at {args.redis_url}: {exc}", file=sys.stderr)
        return 2
    now = now_s + now_us / 1e6
    live = [_worker_of(member) for member, deadline in leases if deadline > now]
    print(f"{args.spider}: {waiting} waiting, {len(leases)} leased ({len(live)} live), {seen} seen")
    for worker in sorted(set(live)):
        print(f"  worker {worker}: {live.count(worker)} live leases")
    if args.action == "reset":
        if live and not args.force:
            print(
                "newscrawl queue: workers hold live leases; stop them first or pass --force",
                file=sys.stderr,
            )
            return 1
        removed = server.delete(*keys.values())
        print(f"reset {args.spider}: removed {removed} keys ({', '.join(keys.values())})")
    return 0
