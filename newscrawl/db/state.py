"""What the database already knows about a site, for incremental crawling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.db.engine import make_engine
from newscrawl.db.models import Article, Source


@dataclass(frozen=True)
class KnownArticle:
    published_at: datetime | None
    etag: str | None
    last_modified: str | None


def load_known(url: str, source_slug: str) -> dict[str, KnownArticle]:
    """Canonical URL -> what the next fetch needs (dates for the re-check window, validators)."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            rows = session.execute(
                select(Article.url, Article.published_at, Article.http_etag, Article.http_last_modified)
                .join(Source, Source.id == Article.source_id)
                .where(Source.slug == source_slug)
            )
            return {r.url: KnownArticle(r.published_at, r.http_etag, r.http_last_modified) for r in rows}
    finally:
        engine.dispose()


def load_failed_fetches(url: str, source_slug: str) -> list[str]:
    """Articles of the site whose fetch failed in an earlier run: the next run asks for them again."""
    from newscrawl.db import fetch_failures

    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return fetch_failures.pending(session, source_slug)
    finally:
        engine.dispose()
