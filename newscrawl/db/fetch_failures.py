"""Repository functions for ``fetch_failures`` (take a Session, never commit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newscrawl.db.models import FetchFailure, Source


def record(
    session: Session, failures: Mapping[str, tuple[str, str]], source_ids: Mapping[str, int], now: datetime
) -> int:
    """Upsert ``url -> (source slug, reason)``: a new row, or one more failed run on the old one."""
    rows = [
        {"url": url, "source_id": source_ids[slug], "reason": reason[:200], "failures": 1,
         "first_failed_at": now, "last_failed_at": now}
        for url, (slug, reason) in failures.items()
        if slug in source_ids
    ]  # fmt: skip
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(FetchFailure)
    table = FetchFailure.__table__
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["url"],
            set_={
                "reason": stmt.excluded.reason,
                "failures": table.c.failures + 1,
                "last_failed_at": stmt.excluded.last_failed_at,
            },
        ),
        rows,
    )
    return len(rows)


def clear(session: Session, urls: Iterable[str]) -> None:
    """Forget the failures of articles now stored (or gone for good)."""
    urls = list(urls)
    if urls:
        session.execute(delete(FetchFailure).where(FetchFailure.url.in_(urls)))


def pending(session: Session, source_slug: str) -> list[str]:
    """Canonical URLs of the site's articles whose last fetch failed, oldest failure first."""
    stmt = (
        select(FetchFailure.url)
        .join(Source, Source.id == FetchFailure.source_id)
        .where(Source.slug == source_slug)
        .order_by(FetchFailure.first_failed_at, FetchFailure.id)
    )
    return list(session.scalars(stmt))
