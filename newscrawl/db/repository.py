"""Repository functions: idempotent batched upserts keyed on the canonical URL.

Every function takes a ``Session`` and never commits: the caller owns the transaction.
The same statements run on PostgreSQL and SQLite (both speak ``INSERT ... ON CONFLICT``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from newscrawl.db import clusters
from newscrawl.db.models import (
    Agency,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticleRevision,
    Author,
    Source,
)
from newscrawl.sites.base import Site

ARTICLE_COLUMNS = (
    "node_id",
    "section",
    "title",
    "byline",
    "byline_kind",
    "desks",
    "published_at",
    "updated_at",
    "date_precision",
    "published_local",
    "date_published_raw",
    "date_updated_raw",
    "dateline",
    "dateline_raw",
    "dateline_places",
    "dateline_countries",
    "body",
    "body_html",
    "caption",
    "word_count",
    "language",
    "parser",
    "provenance",
    "content_hash",
    "http_etag",
    "http_last_modified",
)


@dataclass
class UpsertResult:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _insert(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"upserts are not implemented for {dialect}")


# Batches are written as one statement run over a list of rows (executemany) on the Core
# tables: the statement is compiled once and cached, where ``.values(rows)`` compiled a new
# multi-row statement (a bind parameter per value) for every batch.
_ARTICLES = cast(Table, Article.__table__)
_AUTHORS = cast(Table, Author.__table__)
_AGENCIES = cast(Table, Agency.__table__)
_ARTICLE_AUTHORS = cast(Table, ArticleAuthor.__table__)
_ARTICLE_AGENCIES = cast(Table, ArticleAgency.__table__)
_REVISIONS = cast(Table, ArticleRevision.__table__)


def ensure_sources(session: Session, sites: Iterable[Site]) -> dict[str, int]:
    """Insert or refresh the registry rows; returns slug -> id."""
    rows = [
        {
            "slug": s.slug,
            "name": s.name,
            "base_url": s.canonical_base,
            "country": s.country,
            "language": s.language,
            "timezone": s.timezone,
        }
        for s in sites
    ]
    if rows:
        stmt = _insert(session, Source).values(rows)
        stmt = stmt.on_conflict_do_update(
            index_elements=["slug"],
            set_={k: stmt.excluded[k] for k in ("name", "base_url", "country", "language", "timezone")},
        )
        session.execute(stmt)
    slugs = [r["slug"] for r in rows]
    return dict(session.execute(select(Source.slug, Source.id).where(Source.slug.in_(slugs))).all())


def _name_ids(session: Session, model: type[Author] | type[Agency], names: set[str]) -> dict[str, int]:
    if not names:
        return {}
    table = _AUTHORS if model is Author else _AGENCIES
    stmt = _insert(session, table).on_conflict_do_nothing(index_elements=["name"])
    session.execute(stmt, [{"name": n} for n in sorted(names)])
    return dict(session.execute(select(model.name, model.id).where(model.name.in_(names))).all())


def as_utc(value: datetime | None) -> datetime | None:
    """Instants are stored in UTC on every backend (SQLite keeps no offset of its own)."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC)


def article_row(article: Mapping[str, Any], source_id: int, now: datetime) -> dict[str, Any]:
    """Map a normalized article (item or dict) onto ``articles`` columns."""
    published = article.get("published_at")
    row = {
        "url": article["url"],
        "source_id": source_id,
        "node_id": article.get("node_id"),
        "section": article.get("section"),
        "title": article["title"],
        "byline": article.get("byline_raw"),
        "byline_kind": article.get("byline_kind"),
        "desks": list(article.get("desks") or []),
        "published_at": as_utc(published),
        "updated_at": as_utc(article.get("updated_at")),
        "date_precision": article.get("date_precision"),
        "published_local": published.isoformat() if published is not None else None,
        "date_published_raw": article.get("date_published_raw"),
        "date_updated_raw": article.get("date_updated_raw"),
        "dateline": article.get("dateline"),
        "dateline_raw": article.get("dateline_raw"),
        "dateline_places": list(article.get("dateline_places") or []),
        "dateline_countries": list(article.get("dateline_countries") or []),
        "body": article.get("body") or "",
        "body_html": article.get("body_html"),
        "caption": article.get("caption"),
        "word_count": article.get("word_count") or 0,
        "language": article.get("language"),
        "parser": article.get("parser") or "unknown",
        "provenance": dict(article.get("provenance") or {}),
        "content_hash": article["content_hash"],
        "http_etag": article.get("http_etag"),
        "http_last_modified": article.get("http_last_modified"),
        "first_seen_at": now,
        "last_seen_at": now,
        "last_changed_at": now,
    }
    return row


def upsert_articles(
    session: Session,
    articles: Sequence[Mapping[str, Any]],
    source_ids: Mapping[str, int],
    now: datetime | None = None,
) -> UpsertResult:
    """Insert new articles, update changed ones, touch unchanged ones; never duplicates.

    Within one batch the last version of a URL wins. Authors and agencies are rewritten,
    in byline order, only for new or changed articles.
    """
    now = now or datetime.now(UTC)
    latest: dict[str, Mapping[str, Any]] = {}
    for article in articles:
        latest[article["url"]] = article
    result = UpsertResult()
    if not latest:
        return result
    urls = list(latest)
    known = dict(session.execute(select(Article.url, Article.content_hash).where(Article.url.in_(urls))).all())
    rows = [article_row(a, source_ids[a["source"]], now) for a in latest.values()]

    table = _ARTICLES
    stmt = _insert(session, table)
    changed = stmt.excluded.content_hash != table.c.content_hash
    update = {name: stmt.excluded[name] for name in ARTICLE_COLUMNS}
    update["last_seen_at"] = stmt.excluded.last_seen_at
    update["last_changed_at"] = case((changed, stmt.excluded.last_changed_at), else_=table.c.last_changed_at)
    session.execute(stmt.on_conflict_do_update(index_elements=["url"], set_=update), rows)

    for url, article in latest.items():
        if url not in known:
            result.new.append(url)
        elif known[url] != article["content_hash"]:
            result.updated.append(url)
        else:
            result.unchanged.append(url)

    touched = result.new + result.updated
    if touched:
        ids = _write_credits(session, [latest[u] for u in touched])
        _write_revisions(session, [latest[u] for u in touched], ids, now)
        clusters.assign_articles(session, {ids[u]: latest[u].get("body") or "" for u in touched}, now)
    return result


def _write_revisions(
    session: Session, articles: Sequence[Mapping[str, Any]], ids: Mapping[str, int], now: datetime
) -> None:
    """Keep each distinct version; a version seen before (an edit reverted) is not repeated."""
    rows = [
        {
            "article_id": ids[a["url"]],
            "content_hash": a["content_hash"],
            "title": a["title"],
            "byline": a.get("byline_raw"),
            "authors": list(a.get("authors") or []),
            "agencies": list(a.get("agencies") or []),
            "body": a.get("body") or "",
            "published_at": as_utc(a.get("published_at")),
            "updated_at": as_utc(a.get("updated_at")),
            "date_updated_raw": a.get("date_updated_raw"),
            "seen_at": now,
        }
        for a in articles
    ]
    stmt = _insert(session, _REVISIONS).on_conflict_do_nothing(index_elements=["article_id", "content_hash"])
    session.execute(stmt, rows)


def _write_credits(session: Session, articles: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    ids: dict[str, int] = dict(session.execute(select(Article.url, Article.id).where(Article.url.in_([a["url"] for a in articles]))).all())
    author_ids = _name_ids(session, Author, {n for a in articles for n in a.get("authors") or []})
    agency_ids = _name_ids(session, Agency, {n for a in articles for n in a.get("agencies") or []})
    article_ids = [ids[a["url"]] for a in articles]
    session.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id.in_(article_ids)))
    session.execute(delete(ArticleAgency).where(ArticleAgency.article_id.in_(article_ids)))
    author_rows = []
    agency_rows = []
    for article in articles:
        aid = ids[article["url"]]
        for pos, name in enumerate(dict.fromkeys(article.get("authors") or [])):
            author_rows.append({"article_id": aid, "author_id": author_ids[name], "position": pos})
        for pos, name in enumerate(dict.fromkeys(article.get("agencies") or [])):
            agency_rows.append({"article_id": aid, "agency_id": agency_ids[name], "position": pos})
    if author_rows:
        session.execute(_insert(session, _ARTICLE_AUTHORS), author_rows)
    if agency_rows:
        session.execute(_insert(session, _ARTICLE_AGENCIES), agency_rows)
    return ids


def article_credits(session: Session, url: str) -> tuple[list[str], list[str]]:
    """(authors, agencies) of one article, in stored order."""
    article = session.scalars(select(Article).where(Article.url == url)).one()
    return (
        [link.author.name for link in article.author_links],
        [link.agency.name for link in article.agency_links],
    )
