"""Repository functions for ``crawl_runs`` (take a Session, never commit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from newscrawl.db.models import CrawlRun


def start_run(
    session: Session, spider: str, started_at: datetime, host: str, arguments: Mapping[str, Any]
) -> int:
    run = CrawlRun(
        spider=spider,
        started_at=started_at,
        status="running",
        host=host,
        arguments=dict(arguments),
        dropped={},
        errors={},
        fill_rates={},
        stats={},
    )
    session.add(run)
    session.flush()
    return run.id


def mark_abandoned(session: Session, spider: str, host: str, keep: int | None = None) -> int:
    """Runs of this spider on this host still marked running (killed hard) become ``aborted``."""
    stmt = (
        update(CrawlRun)
        .where(CrawlRun.spider == spider, CrawlRun.host == host, CrawlRun.status == "running")
        .values(status="aborted", failure="killed")
    )
    if keep is not None:
        stmt = stmt.where(CrawlRun.id != keep)
    return session.execute(stmt).rowcount or 0  # type: ignore[attr-defined]


def checkpoint_run(session: Session, run_id: int, **fields: Any) -> None:
    """The counters so far, on a row that is still running (a finished row is left alone)."""
    session.execute(
        update(CrawlRun).where(CrawlRun.id == run_id, CrawlRun.status == "running").values(**fields)
    )


def finish_run(session: Session, run_id: int, **fields: Any) -> None:
    session.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(**fields))


def recent_fill_rates(session: Session, spider: str, exclude: int | None, limit: int = 5) -> list[dict[str, float]]:
    """Fill rates of the spider's latest successful runs, newest first."""
    stmt = (
        select(CrawlRun.fill_rates)
        .where(CrawlRun.spider == spider, CrawlRun.status == "ok")
        .order_by(CrawlRun.started_at.desc())
        .limit(limit)
    )
    if exclude is not None:
        stmt = stmt.where(CrawlRun.id != exclude)
    return [rates for rates in session.scalars(stmt) if rates]


def recent_runs(session: Session, spider: str | None = None, limit: int = 20) -> Sequence[CrawlRun]:
    stmt = select(CrawlRun).order_by(CrawlRun.started_at.desc()).limit(limit)
    if spider:
        stmt = stmt.where(CrawlRun.spider == spider)
    return session.scalars(stmt).all()
