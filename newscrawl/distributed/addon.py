"""The Scrapy add-on that switches scale-out on when a Redis URL is given (docs/distributed.md)."""

from __future__ import annotations

import logging
import os

from scrapy.settings import BaseSettings

from newscrawl.distributed import codec
from newscrawl.distributed.scheduler import LeasedScheduler
from newscrawl.distributed.state import DEFAULT_PREFIX, redis_keys
from newscrawl.pipelines.leased import LeasedStoragePipeline
from newscrawl.pipelines.storage import StoragePipeline

logger = logging.getLogger(__name__)


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
            "SCHEDULER": f"{LeasedScheduler.__module__}.LeasedScheduler",
            "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_SERIALIZER": codec.__name__,
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
