"""The full-text index of PostgreSQL: ``article_search``, refreshed only for changed content.

An article is *pending* when it has no ``article_search`` row or its row was computed from
another ``content_hash``. :func:`index_pending` indexes pending articles in one set-based
``INSERT ... SELECT ... ON CONFLICT`` (PostgreSQL parses the text; nothing goes through the
client). ``repository.upsert_articles`` calls it for the new and changed articles of each
batch, in the same transaction, unless told to defer (a backfill); :func:`index_all` then
catches up in batches (``newscrawl search-index``).

SQLite needs none of this: triggers keep its FTS5 table current, so every function here
does nothing there. Functions that take a ``Session`` never commit.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from newscrawl.db.models import SEARCH_EN_SQL

_PENDING = "(s.article_id IS NULL OR s.content_hash <> a.content_hash)"
_UPSERT = f"""
INSERT INTO article_search (article_id, content_hash, search_en, indexed_at)
SELECT a.id, a.content_hash, {SEARCH_EN_SQL}, :now
FROM articles a LEFT JOIN article_search s ON s.article_id = a.id
WHERE {_PENDING} AND {{where}}
ORDER BY a.id
{{limit}}
ON CONFLICT (article_id) DO UPDATE SET
    content_hash = excluded.content_hash,
    search_en = excluded.search_en,
    indexed_at = excluded.indexed_at
RETURNING article_id
"""
_BY_IDS = text(_UPSERT.format(where="a.id = ANY(:ids)", limit=""))
_ALL = text(_UPSERT.format(where="TRUE", limit=""))
_NEXT_BATCH = text(_UPSERT.format(where="a.id > :after", limit="LIMIT :limit"))
_COUNT_PENDING = text(
    f"SELECT count(*) FROM articles a LEFT JOIN article_search s ON s.article_id = a.id "
    f"WHERE {_PENDING}"
)


def supported(session: Session | Engine) -> bool:
    """True on PostgreSQL, the only backend with ``article_search``."""
    bind = session.get_bind() if isinstance(session, Session) else session
    return bind.dialect.name == "postgresql"


def index_pending(
    session: Session, article_ids: Sequence[int] | None = None, now: datetime | None = None
) -> int:
    """Index these articles (or every pending one) whose indexed version is missing or stale.

    Returns how many were (re)indexed; articles already current are not touched.
    """
    if not supported(session):
        return 0
    now = now or datetime.now(UTC)
    if article_ids is None:
        return len(session.execute(_ALL, {"now": now}).all())
    if not article_ids:
        return 0
    rows = session.execute(_BY_IDS, {"ids": list(article_ids), "now": now})
    return len(rows.all())


def pending_count(session: Session) -> int:
    """Articles whose search vectors are missing or stale (0 on SQLite)."""
    if not supported(session):
        return 0
    return int(session.execute(_COUNT_PENDING).scalar_one())


@dataclass
class IndexReport:
    indexed: int = 0
    batches: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.indexed / self.seconds if self.seconds > 0 else 0.0


def index_all(
    engine: Engine,
    batch: int = 2000,
    progress: Callable[[IndexReport], None] | None = None,
) -> IndexReport:
    """Index every pending article, ``batch`` at a time in id order, a transaction each.

    Walks the ids once (each batch starts after the last id indexed), so it ends even while a
    crawl keeps adding articles; those are indexed by the crawl itself or by the next run.
    """
    report = IndexReport()
    if not supported(engine):
        return report
    started = time.perf_counter()
    after = 0
    while True:
        with Session(engine) as session, session.begin():
            params = {"after": after, "limit": batch, "now": datetime.now(UTC)}
            done = list(session.execute(_NEXT_BATCH, params).scalars())
        report.seconds = time.perf_counter() - started
        if not done:
            return report
        report.indexed += len(done)
        report.batches += 1
        after = max(done)
        if progress is not None:
            progress(report)
        if len(done) < batch:
            return report
