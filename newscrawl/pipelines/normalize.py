"""Thin pipelines, each running one normalization step from ``newscrawl.processing``."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl import gazetteer, processing
from newscrawl.sites.base import Site

logger = logging.getLogger(__name__)


class StepPipeline:
    """Run one step on the item, count its events as ``newscrawl/...`` stats."""

    step: staticmethod[[processing.Article, Site | None], list[str]]

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StepPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        site = getattr(self.crawler.spider, "site", None)
        try:
            events = self.step(item, site)
        except processing.InvalidArticle as exc:
            self.stats.inc_value(f"newscrawl/item/dropped/{exc.reason}")
            if site is not None:
                self.stats.inc_value(f"newscrawl/{site.slug}/dropped/{exc.reason}")
            raise DropItem(str(exc)) from exc
        for event in events:
            self.stats.inc_value(f"newscrawl/{event}")
        return item


class CleanBodyPipeline(StepPipeline):
    step = staticmethod(processing.clean_body_step)


class ValidatePipeline(StepPipeline):
    step = staticmethod(processing.validate_step)


class DatelinePipeline(StepPipeline):
    step = staticmethod(processing.dateline_step)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StepPipeline:
        gazetteer.install()  # the place tables from the disk cache, not rebuilt every crawl
        return cls(crawler)


class BylinePipeline(StepPipeline):
    step = staticmethod(processing.byline_step)


class DatesPipeline(StepPipeline):
    step = staticmethod(processing.dates_step)


class FinalizePipeline(StepPipeline):
    step = staticmethod(processing.finalize_step)


class NormalizePipeline(StepPipeline):
    """Every step of ``processing.STEPS`` in order, in one pipeline (the project's setting).

    The same events, counters and drops as the six pipelines above run one after the other,
    without Scrapy's dispatch between them for every item (the reactor thread is the crawl's
    bottleneck); those stay for settings that name them.
    """

    steps = processing.STEPS

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StepPipeline:
        gazetteer.install()  # as DatelinePipeline
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        site = getattr(self.crawler.spider, "site", None)
        inc = self.stats.inc_value
        for step in self.steps:
            try:
                events = step(item, site)
            except processing.InvalidArticle as exc:
                inc(f"newscrawl/item/dropped/{exc.reason}")
                if site is not None:
                    inc(f"newscrawl/{site.slug}/dropped/{exc.reason}")
                raise DropItem(str(exc)) from exc
            for event in events:
                inc(f"newscrawl/{event}")
        return item
