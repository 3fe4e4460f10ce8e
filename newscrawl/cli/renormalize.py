"""``newscrawl renormalize``: re-run the normalizers over stored raw values after a fix.

Bylines, dates and datelines are normalized again from what the page printed
(``byline``, ``date_published_raw``, ``date_updated_raw``, ``dateline_raw`` + ``body``);
rows whose result changed are updated in place (with a new revision). Parser fixes that need
the page itself are applied by re-fetching: ``scrapy crawl SITE -s NEWSCRAWL_INCREMENTAL=0``.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.db import repository
from newscrawl.db.engine import check_ready, database_url, make_engine
from newscrawl.db.models import Article, Source
from newscrawl.processing import byline_step, dateline_step, dates_step, finalize_step
from newscrawl.sites import all_sites, get_site, source_rows


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser("renormalize", help="re-run normalizers over stored raw values")
    parser.add_argument("--site", help="only this site (slug)")
    parser.add_argument("--dry-run", action="store_true", help="count changes without writing")
    parser.add_argument("--batch", type=int, default=500)
    parser.set_defaults(func=run)


def stored_to_article(row: Article, slug: str) -> dict[str, Any]:
    """Rebuild the pipeline's raw view of a stored article."""
    paragraphs = [p for p in (row.body or "").split("\n\n") if p]
    if row.dateline_raw and paragraphs:
        paragraphs[0] = f"{row.dateline_raw} {paragraphs[0]}"
    return {
        "url": row.url,
        "source": slug,
        "section": row.section,
        "node_id": row.node_id,
        "parser": row.parser,
        "language": row.language,
        "title": row.title,
        "byline_raw": row.byline,
        "author_names": [],
        "date_published_raw": row.date_published_raw,
        "date_updated_raw": row.date_updated_raw,
        "body_paragraphs": paragraphs,
        "body_html": row.body_html,
        "caption": row.caption,
        "provenance": dict(row.provenance or {}),
        "fetched_at": row.last_seen_at,
        "http_etag": row.http_etag,
        "http_last_modified": row.http_last_modified,
        "agencies": [],
        "authors": [],
        "desks": [],
    }


def run(args: argparse.Namespace) -> int:
    engine = make_engine(database_url())
    check_ready(engine)
    changed = seen = 0
    with Session(engine) as session:
        ids = repository.ensure_sources(session, source_rows(all_sites()))
        query = select(Article, Source.slug).join(Source, Source.id == Article.source_id).order_by(Article.id)
        if args.site:
            query = query.where(Source.slug == args.site)
        batch: list[dict[str, Any]] = []
        for row, slug in session.execute(query).all():
            seen += 1
            site = get_site(slug)
            article = stored_to_article(row, slug)
            for step in (dateline_step, byline_step, dates_step, finalize_step):
                step(article, site)
            if article["content_hash"] != row.content_hash or _differs(row, article):
                changed += 1
                batch.append(article)
        if batch and not args.dry_run:
            for start in range(0, len(batch), args.batch):
                repository.upsert_articles(session, batch[start : start + args.batch], ids)
            session.commit()
    engine.dispose()
    verb = "would change" if args.dry_run else "changed"
    print(f"{seen} articles checked, {changed} {verb}")
    return 0


def _differs(row: Article, article: dict[str, Any]) -> bool:
    published = article.get("published_at")
    return (
        row.published_local != (published.isoformat() if published else None)
        or not _same_instant(row.published_at, published)
        or row.dateline != article.get("dateline")
        or (row.dateline_countries or []) != article.get("dateline_countries")
        or row.byline_kind != article.get("byline_kind")
    )


def _same_instant(stored: datetime | None, value: datetime | None) -> bool:
    if stored is None or value is None:
        return stored is value
    if stored.tzinfo is None:  # SQLite hands back naive UTC
        stored = stored.replace(tzinfo=UTC)
    return stored == value
