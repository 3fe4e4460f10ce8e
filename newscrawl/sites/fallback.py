"""Per-field fallback from a site parser to the generic parser, recorded on the article.

A site parser (selectors, The National's Arc JSON, the Jordan Times' Drupal markup) says which
fields it is meant to read. When it finds nothing for one of them and the generic parser
(JSON-LD, meta, ``<time>``, the main-text extractor) fills it, the article's provenance gets
``fallback/<field>`` naming what missed (``"selector"``, ``"arc"``, ``"drupal7"``), next to the
field's own source (``"title": "json-ld"``). The spider counts them as
``newscrawl/fallback/<field>`` and ``crawl_runs.fallbacks`` keeps the counts per run, so a
redesign shows up as soon as the selectors start missing, before the fill-rate canary fires.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newscrawl.sites.raw import RawArticle

FIELDS = ("title", "authors", "date_published", "date_updated", "body", "section")
"""The fields a fallback is counted for (``newscrawl/fallback/<field>``)."""
PREFIX = "fallback/"


def filled_fields(raw: RawArticle) -> set[str]:
    """Which of :data:`FIELDS` hold a value."""
    values = {
        "title": raw.title,
        "authors": raw.author_names or raw.byline_raw,
        "date_published": raw.date_published_raw,
        "date_updated": raw.date_updated_raw,
        "body": raw.body_paragraphs,
        "section": raw.section,
    }
    return {name for name, value in values.items() if value}


def fill_from_generic(
    raw: RawArticle,
    html: str,
    url: str,
    *,
    expected: Iterable[str],
    missed_by: str = "selector",
    use_htmldate: bool = False,
) -> RawArticle:
    """Let the generic parser fill the empty fields; record those of ``expected`` it filled."""
    from newscrawl.sites.generic import GenericParser

    before = filled_fields(raw)
    raw = GenericParser(use_htmldate=use_htmldate).fill_missing(raw, html, url)
    mark_fallbacks(raw, set(expected) - before, missed_by)
    return raw


def mark_fallbacks(raw: RawArticle, candidates: Iterable[str], missed_by: str) -> None:
    """Record ``fallback/<field>`` for each candidate field the article now has.

    A whole-page fallback (the site's markup not recognised at all) passes every field the
    site parser would have read.
    """
    filled = filled_fields(raw)
    for name in candidates:
        if name in filled:
            raw.provenance[PREFIX + name] = missed_by


def fallback_fields(provenance: Mapping[str, str] | None) -> list[str]:
    """The fields a provenance mapping records as filled by the generic fallback, sorted."""
    return sorted(k[len(PREFIX) :] for k in provenance or {} if k.startswith(PREFIX))


__all__ = ["FIELDS", "fallback_fields", "fill_from_generic", "filled_fields", "mark_fallbacks"]
