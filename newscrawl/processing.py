"""Normalization steps over an article mapping, shared by the crawl pipelines and ``newscrawl extract``.

Each step reads raw fields, writes normalized ones and returns the stat events it produced
(``"date/unparsed"``), so a pipeline can count them and the extract command runs exactly the
same code in the same order.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from typing import Any

from newscrawl.normalize.body import (
    body_rejection,
    clean_paragraphs,
    clean_text,
    is_clean_caption,
    join_body,
    word_count,
)
from newscrawl.normalize.byline import normalize_author_names, normalize_byline
from newscrawl.normalize.dateline import split_dateline, split_trailing_credits
from newscrawl.normalize.dates import explain_date, guess_day_first
from newscrawl.schema import FIELDS
from newscrawl.sites.base import RawArticle, Site, unique

Article = MutableMapping[str, Any]
Step = Callable[[Article, "Site | None"], list[str]]


class InvalidArticle(ValueError):
    """An article that must not be stored; ``reason`` names the stat (``no_title``)."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def raw_to_fields(raw: RawArticle, site: Site | None) -> dict[str, Any]:
    """The item fields a parser result fills before any normalization.

    Every ``RawArticle`` field is copied under its schema name (lists and dicts as copies);
    the normalized lists the steps add to (``authors``, ``agencies``, ``desks``...) start empty.
    """
    article: dict[str, Any] = {}
    for name in _RAW_ARTICLE_FIELDS:
        value = getattr(raw, name)
        article[name] = type(value)(value) if isinstance(value, list | dict) else value
    article["source"] = site.slug if site else None
    article["language"] = raw.language or (site.language if site else None)
    for name in _EMPTY_LISTS:
        article[name] = []
    return article


_RAW_ARTICLE_FIELDS = tuple(f.name for f in dataclass_fields(RawArticle))
_EMPTY_LISTS = tuple(f.name for f in FIELDS if f.role == "normalized" and f.type == list[str])


_CONTAINER_TYPES = (list[str], dict[str, str])


def stored_to_fields(row: Mapping[str, Any]) -> dict[str, Any]:
    """The item fields a stored ``articles`` row gives back: what ``run_steps`` starts from.

    ``row`` maps column names to values, with ``source`` (the site slug) and ``last_seen_at``.
    Identity and raw fields are read from their columns; normalized fields start empty, for
    the steps to compute again. What is not stored comes back as well as it can: the body's
    paragraphs are the stored body's, with the printed dateline put back in front of the first;
    markup author names are not kept, so the byline as printed is all there is.
    """
    article: dict[str, Any] = {}
    for spec in FIELDS:
        value = row[spec.column] if spec.column is not None and spec.role != "normalized" else None
        if isinstance(value, list | dict):
            value = type(value)(value)
        elif value is None and spec.type in _CONTAINER_TYPES:
            value = spec.empty() if spec.empty is not None else None
        article[spec.name] = value
    paragraphs = [p for p in (row["body"] or "").split("\n\n") if p]
    if row["dateline_raw"] and paragraphs:
        paragraphs[0] = f"{row['dateline_raw']} {paragraphs[0]}"
    article["body_paragraphs"] = paragraphs
    article["source"] = row["source"]
    article["fetched_at"] = row["last_seen_at"]
    return article


def clean_body_step(article: Article, site: Site | None) -> list[str]:
    """Fold whitespace, drop furniture and empty paragraphs, move captions out of the body."""
    captions: list[str] = []
    kept: list[str] = []
    for paragraph in clean_paragraphs(article.get("body_paragraphs") or []):
        # clean_paragraphs cleaned them: no need for is_caption to clean them again
        (captions if is_clean_caption(paragraph) else kept).append(paragraph)
    caption = clean_text(article.get("caption") or "") or None
    if captions and not caption:
        caption = captions[0]
    article["caption"] = caption
    events: list[str] = []
    # The same guard as the generic parser's, behind every parser: a menu is never a body.
    rejected = (
        body_rejection(kept) if kept else (article.get("provenance") or {}).get("body_rejected")
    )
    if rejected:
        kept = []
        events.append(f"body/rejected/{rejected}")
    article["body_paragraphs"] = kept
    article["title"] = clean_text(article.get("title") or "") or None
    return events


def validate_step(article: Article, site: Site | None) -> list[str]:
    """Refuse articles with nothing to store."""
    if not article.get("title"):
        raise InvalidArticle("no_title", f"no title found on {article.get('url')}")
    if not article.get("body_paragraphs"):
        raise InvalidArticle("no_body", f"no body text found on {article.get('url')}")
    return []


def dateline_step(article: Article, site: Site | None) -> list[str]:
    """Split the dateline off the first paragraph and closing agency credits off the end."""
    paragraphs = list(article.get("body_paragraphs") or [])
    events: list[str] = []
    agencies = list(article.get("agencies") or [])
    article.update(dateline_raw=None, dateline=None, dateline_places=[], dateline_countries=[])
    if paragraphs:
        found, rest = split_dateline(paragraphs[0], colon_style=bool(site and site.colon_datelines))
        if found is not None:
            article["dateline_raw"] = found.raw
            article["dateline"] = found.dateline
            article["dateline_places"] = list(found.places)
            article["dateline_countries"] = list(found.countries)
            agencies.extend(found.agencies)
            if found.desk:  # "Saudi Gazette report RIYADH —": the desk is the credit
                article["desks"] = unique([*(article.get("desks") or []), found.desk])
            article.setdefault("provenance", {})["dateline"] = "body"
            if rest:
                paragraphs[0] = rest
            else:
                paragraphs.pop(0)
            events.append("dateline/found")
        else:
            events.append("dateline/none")
    paragraphs, credit_agencies, credit_desks = split_trailing_credits(paragraphs)
    agencies.extend(credit_agencies)
    if credit_desks:  # "Source: Al Jazeera and news agencies" closing the text
        article["desks"] = unique([*(article.get("desks") or []), *credit_desks])
    article["agencies"] = unique(agencies)
    article["body_paragraphs"] = paragraphs
    return events


def byline_step(article: Article, site: Site | None) -> list[str]:
    """People, agencies and desks from the byline (markup names first, then the printed line)."""
    desks = site.desks if site else ()
    names = [n for n in (article.get("author_names") or []) if n and n.strip()]
    byline = normalize_byline(article.get("byline_raw"), site_desks=desks)
    if names:
        from_names = normalize_author_names(names, site_desks=desks)
        authors = from_names.authors
        agencies = from_names.agencies + byline.agencies
        found_desks = from_names.desks + byline.desks
        kind = from_names.kind if from_names.kind != "none" else byline.kind
    else:
        authors, agencies, found_desks, kind = (
            byline.authors,
            byline.agencies,
            byline.desks,
            byline.kind,
        )
    article["authors"] = unique(authors)
    # Byline agencies come first: they are the story's credit, dateline agencies confirm it.
    article["agencies"] = unique([*agencies, *(article.get("agencies") or [])])
    article["desks"] = unique([*found_desks, *(article.get("desks") or [])])
    if kind == "none" and article["agencies"]:
        kind = "agency"  # credited only by a dateline "(Reuters)" or a closing "— SPA"
    elif kind == "none" and article["desks"]:
        kind = "staff"
    article["byline_kind"] = kind
    if byline.date_text and not article.get("date_published_raw"):
        article["date_published_raw"] = byline.date_text
        article.setdefault("provenance", {})["date_published"] = "byline"
    return [f"byline/{kind}"]


_MARKUP_SOURCES = frozenset({"json-ld", "meta", "microdata", "rdfa", "time"})


def dates_step(article: Article, site: Site | None) -> list[str]:
    """Parse published/updated times in the site's timezone; reject impossible dates."""
    tz = site.timezone if site else "UTC"
    # Markup dates are machine-written: only a printed one says how the page orders its dates.
    printed = (article.get("provenance") or {}).get("date_published") not in _MARKUP_SOURCES
    day_first = (
        site.day_first
        if site
        else guess_day_first(
            article.get("date_published_raw"),
            article.get("language"),
            article.get("url"),
            printed=printed,
        )
    )
    fetched = article.get("fetched_at") or datetime.now(UTC)
    events: list[str] = []
    published, reason = explain_date(
        article.get("date_published_raw"), tz=tz, day_first=day_first, now=fetched
    )
    if reason != "ok":
        events.append(f"date/published/{reason}")
    updated, up_reason = explain_date(
        article.get("date_updated_raw"), tz=tz, day_first=day_first, now=fetched
    )
    if up_reason not in ("ok", "empty"):
        events.append(f"date/updated/{up_reason}")
    article["published_at"] = published.value if published else None
    article["date_precision"] = published.precision if published else None
    article["updated_at"] = updated.value if updated else None
    return events


# A body shorter than this is counted as "thin" in the fill rates (teasers, broken extraction).
MIN_BODY_WORDS = 50

# Fields whose share of filled articles is tracked per run (``newscrawl/fill/<field>``).
FILL_FIELDS = ("authors", "credit", "published_at", "dateline", "body")
# Fields the health canary watches: "authors" alone swings with the day's share of wire copy.
CANARY_FIELDS = ("credit", "published_at", "dateline", "body")


def finalize_step(article: Article, site: Site | None) -> list[str]:
    """Join the body, count words and hash the content so edits can be detected."""
    body = join_body(list(article.get("body_paragraphs") or []))
    article["body"] = body
    article["word_count"] = word_count(body)
    article["content_hash"] = content_hash(article)
    filled = {
        "authors": bool(article.get("authors")),
        "credit": bool(article.get("authors") or article.get("agencies") or article.get("desks")),
        "published_at": article.get("published_at") is not None,
        "dateline": bool(article.get("dateline")),
        "body": article["word_count"] >= MIN_BODY_WORDS,
    }
    return ["fill/articles", *(f"fill/{name}" for name in FILL_FIELDS if filled[name])]


def content_hash(article: Article) -> str:
    """SHA-256 of what a reader sees: title, people, credits, dates as printed, caption, body."""
    payload = {
        "title": article.get("title"),
        "authors": article.get("authors") or [],
        "agencies": article.get("agencies") or [],
        "published": article.get("date_published_raw"),
        "updated": article.get("date_updated_raw"),
        "dateline": article.get("dateline_raw"),
        "caption": article.get("caption"),
        "body": article.get("body"),
    }
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


# The one order of the steps: the crawl runs them as settings.ITEM_PIPELINES (a test checks that
# it lists their pipelines in this order), extract, eval and renormalize through run_steps.
STEPS: tuple[Step, ...] = (
    clean_body_step,
    validate_step,
    dateline_step,
    byline_step,
    dates_step,
    finalize_step,
)


def run_steps(article: Article, site: Site | None, *, validate: bool = True) -> list[str]:
    """Run every step in order; ``validate=False`` keeps going for pages without title or body."""
    events: list[str] = []
    for step in STEPS:
        if step is validate_step and not validate:
            continue
        events.extend(step(article, site))
    return events


def isoformat_or_none(value: datetime | date | None) -> str | None:
    return value.isoformat() if value is not None else None
