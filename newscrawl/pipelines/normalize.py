"""Thin pipelines, each running one normalization step from ``newscrawl.processing``."""

from __future__ import annotations

import logging
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl import processing

logger = logging.getLogger(__name__)


class StepPipeline:
    """Run one step on the item, count its events as ``newscrawl/...`` stats."""

    step: processing.Step

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StepPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        site = getattr(self.crawler.spider, "site", None)
        try:
            events = type(self).step(item, site)
        except processing.InvalidArticle as exc:
            self.stats.inc_value(f"newscrawl/item/dropped/{exc.reason}")
            if site is not None:
                self.stats.inc_value(f"newscrawl/{site.slug}/dropped/{exc.reason}")
            raise DropItem(str(exc)) from exc
        for event in events:
            self.stats.inc_value(f"newscrawl/{event}")
        return item


class CleanBodyPipeline(StepPipeline):
    step = processing.clean_body_step


class ValidatePipeline(StepPipeline):
    step = processing.validate_step


class DatelinePipeline(StepPipeline):
    step = processing.dateline_step


class BylinePipeline(StepPipeline):
    step = processing.byline_step


class DatesPipeline(StepPipeline):
    step = processing.dates_step


class FinalizePipeline(StepPipeline):
    step = processing.finalize_step
