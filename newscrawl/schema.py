"""The article schema: every field of a news article, written out once, each with its format.

``NewsArticle`` lists what the page said (``raw``) next to what it means (``normalized``),
and where each field is kept. Everything else that names the fields is derived from it:

- ``newscrawl.items.ArticleItem``, the Scrapy item the spiders yield, has exactly these fields;
- ``newscrawl.processing.raw_to_fields`` lays a parser's ``RawArticle`` out on them;
- ``STORED_FIELDS`` is what the storage pipeline hands to the database (and spools);
- ``newscrawl.db.repository.article_row`` maps them onto ``articles`` columns;
- ``newscrawl.processing.stored_to_fields`` reads a stored row's raw values back, for
  ``newscrawl renormalize`` to run the crawl's steps over them again.

The SQLAlchemy model ``newscrawl.db.models.Article`` is the storage of this schema; a test
checks that its columns and these fields agree in name, type and nullability.

Nothing here imports Scrapy or SQLAlchemy: the schema is plain data, readable from anywhere.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import MISSING, Field, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

Role = Literal["identity", "raw", "normalized"]
"""``identity``: which article, from where, read by which parser; ``raw``: what the page
printed, kept as printed; ``normalized``: what the normalization steps make of it."""

_SAME: Any = object()  # the column is named like the field


def _meta(
    doc: str, *, role: Role, column: str | None = _SAME, stored: bool | None = None
) -> dict[str, Any]:
    """A field's metadata: its documentation, its role and where it is kept.

    ``column``: the ``articles`` column holding it (None: not a column of ``articles``);
    ``stored``: handed to storage (by default, when it has a column). A field's default is the
    value stored when an article has none; a field without one is required to store it.
    """
    return {"doc": doc, "role": role, "column": column, "stored": stored}


@dataclass(kw_only=True)
class NewsArticle:
    """One news article: what its page said next to what it means, field by field.

    A parser fills the ``identity`` and ``raw`` fields (``newscrawl.sites.base.RawArticle``
    is the part a parser returns), the fetch adds ``fetched_*`` and ``http_*``, and the
    normalization steps (``newscrawl.processing.STEPS``) write the ``normalized`` ones.
    Types are those of a stored article (``title`` is never empty once validated).
    """

    # -- identity ---------------------------------------------------------------------------
    url: str = field(
        metadata=_meta(
            "Canonical URL on the real domain; the storage key (``https://www.jordantimes.com/news/...``).",
            role="identity",
        )
    )
    fetched_url: str | None = field(
        default=None,
        metadata=_meta(
            "The URL the page was actually downloaded from (a mirror, ``m.`` host, tracking query...).",
            role="identity",
            column=None,
        ),
    )
    source: str | None = field(
        default=None,
        metadata=_meta(
            "Site slug from the registry (``jordantimes``); stored as ``articles.source_id``.",
            role="identity",
            column=None,
            stored=True,
        ),
    )
    section: str | None = field(
        default=None,
        metadata=_meta(
            "Site section as in the URL (``local``, ``region``, ``opinion``), or None.",
            role="identity",
        ),
    )
    node_id: int | None = field(
        default=None,
        metadata=_meta(
            "The site's own numeric article id (Drupal nid), or None. Never a key.", role="identity"
        ),
    )
    parser: str = field(
        default="unknown",
        metadata=_meta(
            "Parser and markup version that read the page (``jordantimes/drupal7``, ``generic``).",
            role="identity",
        ),
    )
    language: str | None = field(
        default=None,
        metadata=_meta(
            "ISO 639-1 language code of the article (``en``); the site's language when the page names none.",
            role="identity",
        ),
    )
    fetched_at: datetime | None = field(
        default=None,
        metadata=_meta(
            "When the page was downloaded: timezone-aware UTC datetime. Stored as ``last_seen_at``.",
            role="identity",
            column=None,
        ),
    )
    http_etag: str | None = field(
        default=None,
        metadata=_meta("ETag response header, for conditional re-fetches.", role="identity"),
    )
    http_last_modified: str | None = field(
        default=None,
        metadata=_meta(
            "Last-Modified response header, for conditional re-fetches.", role="identity"
        ),
    )
    archive_file: str | None = field(
        default=None,
        metadata=_meta(
            "WARC file holding the archived response (relative to ``NEWSCRAWL_ARCHIVE_DIR``, or the "
            "path ingested), or None. Stored on the version's ``article_revisions`` row.",
            role="identity",
            column=None,
            stored=True,
        ),
    )
    archive_offset: int | None = field(
        default=None,
        metadata=_meta(
            "Byte offset of the response record in ``archive_file``, or None. Stored with it.",
            role="identity",
            column=None,
            stored=True,
        ),
    )

    # -- title ------------------------------------------------------------------------------
    title: str = field(metadata=_meta("Headline, whitespace folded, NFC.", role="raw"))

    # -- byline: raw and normalized -----------------------------------------------------------
    byline_raw: str | None = field(
        default=None,
        metadata=_meta(
            "Byline as printed (``By Reuters``); None when the page has none.",
            role="raw",
            column="byline",
        ),
    )
    author_names: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "Author names as given by markup (DOM spans, JSON-LD), before classification. Not stored.",
            role="raw",
            column=None,
        ),
    )
    authors: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "People only, in byline order. Agencies and desks never appear here. "
            "Stored as ``article_authors`` rows.",
            role="normalized",
            column=None,
            stored=True,
        ),
    )
    agencies: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "Canonical wire-agency names credited by byline, dateline or closing credit "
            "(``Reuters``, ``AFP``). Stored as ``article_agencies`` rows.",
            role="normalized",
            column=None,
            stored=True,
        ),
    )
    desks: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "Non-person desk credits (``JT``, ``Editorial``, ``MEE staff``).", role="normalized"
        ),
    )
    byline_kind: str | None = field(
        default=None,
        metadata=_meta(
            "``person``, ``agency``, ``staff``, ``editorial``, ``mixed`` or ``none``.",
            role="normalized",
        ),
    )

    # -- dates: raw and normalized ------------------------------------------------------------
    date_published_raw: str | None = field(
        default=None,
        metadata=_meta(
            "Publication date text as printed or as in metadata (``Feb 22,2014``).", role="raw"
        ),
    )
    date_updated_raw: str | None = field(
        default=None,
        metadata=_meta("Last-update date text (``Last updated at`` value), or None.", role="raw"),
    )
    published_at: datetime | None = field(
        default=None,
        metadata=_meta(
            "Publication time, timezone-aware in the site's local offset; stored in UTC "
            "(the local form in ``published_local``). None if unknown.",
            role="normalized",
        ),
    )
    updated_at: datetime | None = field(
        default=None,
        metadata=_meta(
            "Last update time, same conventions as ``published_at``.", role="normalized"
        ),
    )
    date_precision: str | None = field(
        default=None,
        metadata=_meta(
            "Precision of ``published_at``: ``day`` (local midnight), ``minute`` or ``second``.",
            role="normalized",
        ),
    )

    # -- dateline -------------------------------------------------------------------------------
    dateline_raw: str | None = field(
        default=None,
        metadata=_meta(
            "The dateline prefix exactly as printed, with its separator (``BEIRUT/AMMAN —``).",
            role="raw",
        ),
    )
    dateline: str | None = field(
        default=None,
        metadata=_meta(
            "Dateline without separator or agency (``BEIRUT/AMMAN``), or None.", role="normalized"
        ),
    )
    dateline_places: list[str] = field(
        default_factory=list,
        metadata=_meta(
            'Proper-cased places of the dateline (``["Beirut", "Amman"]``).', role="normalized"
        ),
    )
    dateline_countries: list[str] = field(
        default_factory=list,
        metadata=_meta(
            'ISO 3166-1 alpha-2 codes of the dateline places (``["LB", "JO"]``).', role="normalized"
        ),
    )

    # -- body -------------------------------------------------------------------------------
    body_paragraphs: list[str] = field(
        default_factory=list,
        metadata=_meta(
            "Raw paragraph texts from the parser (dateline still inside the first). Not stored: "
            "``body`` and ``dateline_raw`` give them back.",
            role="raw",
            column=None,
        ),
    )
    body_html: str | None = field(
        default=None,
        metadata=_meta("Inner HTML of the article body as served, for re-extraction.", role="raw"),
    )
    body: str = field(
        default="",
        metadata=_meta(
            "Clean text: paragraphs joined by a blank line, no dateline, captions or furniture.",
            role="normalized",
        ),
    )
    caption: str | None = field(
        default=None, metadata=_meta("Lead image caption, kept out of the body.", role="raw")
    )
    word_count: int = field(
        default=0, metadata=_meta("Number of words in ``body``.", role="normalized")
    )
    content_hash: str = field(
        metadata=_meta(
            "SHA-256 over the normalized content; changes when the article is edited.",
            role="normalized",
        )
    )
    provenance: dict[str, str] = field(
        default_factory=dict,
        metadata=_meta(
            'Where each field came from: ``{"title": "selector", "published_at": "visible", ...}``.',
            role="raw",
        ),
    )


@dataclass(frozen=True)
class FieldSpec:
    """One field of ``NewsArticle`` as the derived mappings use it."""

    name: str
    doc: str
    role: Role
    type: Any
    """The field's type (``str | None``, ``list[str]``...)."""
    column: str | None
    """The ``articles`` column that holds it, or None."""
    stored: bool
    """Handed to storage (as a column, ``source_id`` or credit rows)."""
    required: bool
    """An article without it cannot be stored (``url``, ``title``, ``content_hash``)."""
    empty: Callable[[], Any] | None
    """Makes the value stored (and a fresh article starts with) when it has none."""


def _spec(f: Field[Any], hints: dict[str, Any]) -> FieldSpec:
    meta = f.metadata
    column = f.name if meta["column"] is _SAME else meta["column"]
    stored = column is not None if meta["stored"] is None else bool(meta["stored"])
    required = f.default is MISSING and f.default_factory is MISSING
    empty: Callable[[], Any] | None = None
    if f.default_factory is not MISSING:
        empty = f.default_factory
    elif f.default is not MISSING and f.default is not None:
        value = f.default
        empty = lambda: value  # noqa: E731
    return FieldSpec(
        name=f.name,
        doc=meta["doc"],
        role=meta["role"],
        type=hints[f.name],
        column=column,
        stored=stored,
        required=required,
        empty=empty,
    )


_HINTS = typing.get_type_hints(NewsArticle)
FIELDS: tuple[FieldSpec, ...] = tuple(_spec(f, _HINTS) for f in fields(NewsArticle))
"""Every field, in the schema's order."""
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
STORED_FIELDS: tuple[str, ...] = tuple(f.name for f in FIELDS if f.stored)
"""What the storage pipeline takes from an item (and writes to its spool)."""
COLUMN_FIELDS: tuple[FieldSpec, ...] = tuple(f for f in FIELDS if f.column is not None)
"""Fields kept in a column of ``articles`` of their own."""
COLUMNS: dict[str, str] = {f.name: f.column for f in FIELDS if f.column is not None}
"""Field name -> its ``articles`` column."""
INSTANT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.type in (datetime, datetime | None)
)
"""Timezone-aware datetimes (stored in UTC, spooled as ISO 8601)."""


def field_spec(name: str) -> FieldSpec:
    """The spec of one field by name (KeyError for a name that is not in the schema)."""
    return _BY_NAME[name]


_BY_NAME = {f.name: f for f in FIELDS}
