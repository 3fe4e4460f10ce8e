"""What re-extraction compares against: the stored values of a batch of articles (a Session, no commit)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.db.models import Agency, Article, ArticleAgency, ArticleAuthor, Author
from newscrawl.db.repository import article_row, as_utc

COMPARED_COLUMNS = (
    "title", "byline", "byline_kind", "desks", "published_at", "updated_at", "date_precision",
    "date_published_raw", "date_updated_raw", "dateline", "dateline_raw", "dateline_places",
    "dateline_countries", "body", "caption", "section", "language", "parser",
)  # fmt: skip
"""The ``articles`` columns a changed-field summary names, with ``authors`` and ``agencies``."""


def stored_values(session: Session, urls: Sequence[str]) -> dict[str, dict[str, Any]]:
    """url -> the compared columns plus ``authors`` and ``agencies`` (in byline order)."""
    if not urls:
        return {}
    columns = [getattr(Article, name) for name in COMPARED_COLUMNS]
    rows = session.execute(select(Article.id, Article.url, *columns).where(Article.url.in_(urls))).all()
    found: dict[str, dict[str, Any]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for row in rows:
        values = dict(zip(COMPARED_COLUMNS, row[2:], strict=True))
        values["authors"], values["agencies"] = [], []
        found[row.url] = by_id[row.id] = values
    if by_id:
        credits = (
            (ArticleAuthor, Author, ArticleAuthor.author_id, "authors"),
            (ArticleAgency, Agency, ArticleAgency.agency_id, "agencies"),
        )
        for link, named, key, field in credits:
            stmt = (
                select(link.article_id, named.name)
                .join(named, named.id == key)
                .where(link.article_id.in_(list(by_id)))
                .order_by(link.article_id, link.position)
            )
            for article_id, name in session.execute(stmt):
                by_id[article_id][field].append(name)
    return found


def _comparable(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).replace(tzinfo=None) if value.tzinfo else value  # type: ignore[union-attr]
    if isinstance(value, tuple):
        return list(value)
    return value


def changed_fields(stored: Mapping[str, Any], article: Mapping[str, Any]) -> list[str]:
    """The compared fields whose new value differs from the stored one."""
    new = article_row(article, 0, datetime.now())
    new["authors"] = list(article.get("authors") or [])
    new["agencies"] = list(article.get("agencies") or [])
    return [
        name
        for name in (*COMPARED_COLUMNS, "authors", "agencies")
        if _comparable(stored.get(name)) != _comparable(new.get(name))
    ]
