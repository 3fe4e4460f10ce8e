"""The article item: what the page said next to what it means, field by field."""

from __future__ import annotations

import scrapy

from newscrawl.schema import FIELDS


class ArticleItem(scrapy.Item):
    """One news article on its way from a parser to the database.

    Its fields are those of ``newscrawl.schema.NewsArticle``, where each is documented; every
    ``scrapy.Field`` carries that documentation (``doc``) and the field's ``role`` (identity,
    raw or normalized). Raw fields hold the page's own text; normalized fields are filled by
    the pipelines.
    """

    fields = {  # noqa: RUF012 (Scrapy reads the declared fields from here)
        spec.name: scrapy.Field(doc=spec.doc, role=spec.role) for spec in FIELDS
    }
