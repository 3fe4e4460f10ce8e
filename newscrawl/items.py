"""The article item: what the page said next to what it means, field by field."""

from __future__ import annotations

import scrapy


class ArticleItem(scrapy.Item):
    """One news article on its way from a parser to the database.

    Raw fields hold the page's own text; normalized fields are filled by the pipelines.
    """

    # identity
    url = scrapy.Field()
    """Canonical URL on the real domain; the storage key (``https://www.jordantimes.com/news/...``)."""
    fetched_url = scrapy.Field()
    """The URL the page was actually downloaded from (a mirror, ``m.`` host, tracking query...)."""
    source = scrapy.Field()
    """Site slug from the registry (``jordantimes``)."""
    section = scrapy.Field()
    """Site section as in the URL (``local``, ``region``, ``opinion``), or None."""
    node_id = scrapy.Field()
    """The site's own numeric article id (Drupal nid), or None. Never a key."""
    parser = scrapy.Field()
    """Parser and markup version that read the page (``jordantimes/drupal7``, ``generic``)."""
    language = scrapy.Field()
    """ISO 639-1 language code of the article (``en``)."""
    fetched_at = scrapy.Field()
    """When the page was downloaded: timezone-aware UTC datetime."""
    http_etag = scrapy.Field()
    """ETag response header, for conditional re-fetches."""
    http_last_modified = scrapy.Field()
    """Last-Modified response header, for conditional re-fetches."""
    archive_file = scrapy.Field()
    """WARC file of the archived response (relative to ``NEWSCRAWL_ARCHIVE_DIR``), or None."""
    archive_offset = scrapy.Field()
    """Byte offset of the response record in ``archive_file``, or None."""

    # title
    title = scrapy.Field()
    """Headline, whitespace folded, NFC."""

    # byline: raw and normalized
    byline_raw = scrapy.Field()
    """Byline as printed (``By Reuters``); None when the page has none."""
    author_names = scrapy.Field()
    """Author names as given by markup (DOM spans, JSON-LD), before classification."""
    authors = scrapy.Field()
    """People only, in byline order (list of str). Agencies and desks never appear here."""
    agencies = scrapy.Field()
    """Canonical wire-agency names credited by byline, dateline or closing credit (``Reuters``, ``AFP``)."""
    desks = scrapy.Field()
    """Non-person desk credits (``JT``, ``Editorial``, ``MEE staff``)."""
    byline_kind = scrapy.Field()
    """``person``, ``agency``, ``staff``, ``editorial``, ``mixed`` or ``none``."""

    # dates: raw and normalized
    date_published_raw = scrapy.Field()
    """Publication date text as printed or as in metadata (``Feb 22,2014``)."""
    date_updated_raw = scrapy.Field()
    """Last-update date text (``Last updated at`` value), or None."""
    published_at = scrapy.Field()
    """Publication time, timezone-aware in the site's local offset; stored in UTC. None if unknown."""
    updated_at = scrapy.Field()
    """Last update time, same conventions as ``published_at``."""
    date_precision = scrapy.Field()
    """Precision of ``published_at``: ``day`` (local midnight), ``minute`` or ``second``."""

    # dateline
    dateline_raw = scrapy.Field()
    """The dateline prefix exactly as printed, with its separator (``BEIRUT/AMMAN —``)."""
    dateline = scrapy.Field()
    """Dateline without separator or agency (``BEIRUT/AMMAN``), or None."""
    dateline_places = scrapy.Field()
    """Proper-cased places of the dateline (``["Beirut", "Amman"]``)."""
    dateline_countries = scrapy.Field()
    """ISO 3166-1 alpha-2 codes of the dateline places (``["LB", "JO"]``)."""

    # body
    body_paragraphs = scrapy.Field()
    """Raw paragraph texts from the parser (dateline still inside the first)."""
    body_html = scrapy.Field()
    """Inner HTML of the article body as served, for re-extraction."""
    body = scrapy.Field()
    """Clean text: paragraphs joined by a blank line, no dateline, captions or furniture."""
    caption = scrapy.Field()
    """Lead image caption, kept out of the body."""
    word_count = scrapy.Field()
    """Number of words in ``body``."""
    content_hash = scrapy.Field()
    """SHA-256 over the normalized content; changes when the article is edited."""
    provenance = scrapy.Field()
    """Where each field came from: ``{"title": "selector", "published_at": "visible", ...}``."""
