"""What a parser returns and how a site configures one: pure data shared by every parser.

A leaf of the package: nothing here imports another ``newscrawl.sites`` module, so the site
records (``base``), the generic parser and the selector parser can all depend on it without
importing each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol


@dataclass
class RawArticle:
    """What a page says, before normalization.

    Every value is a string (or list of strings) as printed on the page; the pipelines turn
    them into meaning. ``provenance`` names where each field came from (``"selector"``,
    ``"json-ld"``, ``"meta"``, ``"time"``, ``"visible"``, ``"extractor"``).
    """

    url: str
    """Canonical article URL on the real domain (``https://www.jordantimes.com/news/...``)."""
    title: str | None = None
    byline_raw: str | None = None
    """The byline part as printed, without dates (``By Reuters``, ``By A and B``, ``By ,``)."""
    author_names: list[str] = field(default_factory=list)
    """Author names from structured markup (JSON-LD, meta, DOM spans), in byline order."""
    date_published_raw: str | None = None
    date_updated_raw: str | None = None
    body_paragraphs: list[str] = field(default_factory=list)
    """Body text, one entry per paragraph or subheading; the dateline is still inside the first."""
    body_html: str | None = None
    caption: str | None = None
    section: str | None = None
    language: str | None = None
    node_id: int | None = None
    """A site's own numeric id of the article (Drupal nid), never used as a key."""
    parser: str = "generic"
    """Which parser and markup version produced this (``jordantimes/drupal7``, ``generic``)."""
    provenance: dict[str, str] = field(default_factory=dict)


class Parser(Protocol):
    """A pure page parser: HTML in, raw article out."""

    def parse(self, html: str, url: str) -> RawArticle: ...


@dataclass(frozen=True)
class Selectors:
    """CSS selectors for what the generic parser gets wrong on one site (every one optional).

    Each field lists selectors tried in order; the first that yields text wins. Anything a
    selector does not find is filled by the generic metadata parser (JSON-LD, meta, ``<time>``).
    Use ``::attr(name)`` to read an attribute (``time::attr(datetime)``).
    """

    title: tuple[str, ...] = ()
    byline: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    """Visible publication date; used only when JSON-LD / meta give none (see ``prefer_metadata_dates``)."""
    updated: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    """The article text container; the first selector that matches is read paragraph by paragraph."""
    caption: tuple[str, ...] = ()
    section: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()
    """Elements removed from the body before it is read (promos, ad slots, share bars)."""
    drop_paragraphs: tuple[str, ...] = ()
    """Regular expressions: body paragraphs they match (``re.search``) are page furniture."""
    byline_in_body: bool = False
    """The body's first paragraph is a ``By Name`` line (Daily News Egypt): move it to the byline."""
    prefer_metadata_dates: bool = True
    """Structured dates (with their offsets) beat the visible date text."""

    def __post_init__(self) -> None:
        strings_to_tuples(self, _SELECTOR_FIELDS)


_SELECTOR_FIELDS = frozenset(
    {"title", "byline", "published", "updated", "body", "caption", "section", "drop",
     "drop_paragraphs"}
)  # fmt: skip


def strings_to_tuples(record: object, names: frozenset[str]) -> None:
    """``feeds="/rss"`` means ``feeds=("/rss",)``: a lone string would otherwise be read letter by letter."""
    for name, value in vars(record).items():
        if isinstance(value, str) and name in names:
            object.__setattr__(record, name, (value,))


def unique(values: Iterable[str]) -> list[str]:
    """Keep the first occurrence of each value, in order."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value not in seen:
            seen.add(value)
            out.append(value)
    return out
