"""Repository functions: idempotent batched upserts keyed on the canonical URL.

Every function takes a ``Session`` and never commits: the caller owns the transaction.
SQLite runs generic ``INSERT ... ON CONFLICT`` statements through SQLAlchemy; PostgreSQL writes
each table of a batch with one statement on the session's own DBAPI connection (the same
transaction), the same rows and the same results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

import psycopg2
from psycopg2.extras import Json
from sqlalchemy import Engine, String, Table, case, delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newscrawl.db import clusters, fetch_failures, search_index
from newscrawl.db.models import (
    Agency,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticleRevision,
    Author,
    Source,
)
from newscrawl.schema import COLUMN_FIELDS, COLUMNS, INSTANT_FIELDS, FieldSpec

# Columns of ``articles`` that no schema field names: the key's source, the local form of the
# publication time, and when the row was first, last and last-changed seen.
STORAGE_COLUMNS = ("id", "source_id", "published_local", "first_seen_at", "last_seen_at", "last_changed_at")
# What an upsert writes over a stored row: every schema column but the key, and the local time.
ARTICLE_COLUMNS = (*(c for c in COLUMNS.values() if c != "url"), "published_local")


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


SOURCE_COLUMNS = ("slug", "name", "base_url", "country", "language", "timezone")
"""What a source row holds (``newscrawl.sites.source_rows`` makes them from the registry)."""


def ensure_sources(session: Session, sources: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """Insert or refresh the registry rows (plain values, ``SOURCE_COLUMNS``); returns slug -> id."""
    rows = [{name: source[name] for name in SOURCE_COLUMNS} for source in sources]
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
    """Map a normalized article (item or dict) onto ``articles`` columns (``newscrawl.schema``).

    Required fields are read with ``[]`` (a missing one is a bug upstream); lists and dicts
    are copied; an empty value is stored as the field's default; instants are stored in UTC.
    """
    get = article.get
    row = {column: get(name) for name, column in _PLAIN_COLUMNS}
    for name, column in _REQUIRED_COLUMNS:
        row[column] = article[name]
    for name, column, convert in _CONVERTED_COLUMNS:
        row[column] = convert(get(name))
    row["source_id"] = source_id
    published = article.get("published_at")
    row["published_local"] = published.isoformat() if published is not None else None
    row["first_seen_at"] = row["last_seen_at"] = row["last_changed_at"] = now
    return row


def _converter(spec: FieldSpec) -> Callable[[Any], Any] | None:
    """How a field's value becomes its column's: None when it is stored as it is."""
    if spec.name in INSTANT_FIELDS:
        return as_utc
    empty = spec.empty
    if empty is None:
        return None
    kind = type(empty())
    if kind in (list, dict):
        return lambda value: kind(value) if value else kind()
    return lambda value: value or empty()


# The fields with a column, sorted once by how they are stored: ``article_row`` runs for every
# article written. Required ones are read with ``[]``; others as they are or through a converter.
_REQUIRED_COLUMNS = tuple((f.name, COLUMNS[f.name]) for f in COLUMN_FIELDS if f.required)
_PLAIN_COLUMNS = tuple(
    (f.name, COLUMNS[f.name]) for f in COLUMN_FIELDS if not f.required and _converter(f) is None
)
_CONVERTED_COLUMNS = tuple(
    (f.name, COLUMNS[f.name], convert)
    for f in COLUMN_FIELDS
    if not f.required and (convert := _converter(f)) is not None
)


def upsert_articles(
    session: Session,
    articles: Sequence[Mapping[str, Any]],
    source_ids: Mapping[str, int],
    now: datetime | None = None,
    *,
    index_search: bool = True,
    cluster: bool = True,
) -> UpsertResult:
    """Insert new articles, update changed ones, touch unchanged ones; never duplicates.

    Within one batch the last version of a URL wins. Authors and agencies are rewritten,
    in byline order, only for new or changed articles, which also get a revision and a story.
    On PostgreSQL the batch's articles whose search vectors are missing or stale are then
    indexed in the same transaction; ``index_search=False`` leaves that to
    ``search_index.index_all`` (``newscrawl search-index``), for a faster backfill.
    ``cluster=False`` likewise leaves new articles without a story, for
    ``clusters.assign_unclustered`` (``newscrawl clusters update``) to assign in publication
    order; changed articles are still moved to their new story here, since they have one.
    """
    now = now or datetime.now(UTC)
    latest: dict[str, Mapping[str, Any]] = {}
    for article in articles:
        latest[article["url"]] = article
    result = UpsertResult()
    if not latest:
        return result
    rows = [article_row(a, source_ids[a["source"]], now) for a in latest.values()]
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        session.flush()
        ids, known = _pg_upsert_rows(session, rows)
    else:
        known = _upsert_rows(session, rows)
        ids = {}

    for url, article in latest.items():
        if url not in known:
            result.new.append(url)
        elif known[url] != article["content_hash"]:
            result.updated.append(url)
        else:
            result.unchanged.append(url)

    touched = result.new + result.updated
    if touched:
        changed = [latest[u] for u in touched]
        if postgres:
            _pg_write_credits_and_revisions(session, changed, ids, now)
        else:
            ids = _write_credits(session, changed)
            _write_revisions(session, changed, ids, now)
        assign = touched if cluster else result.updated
        if assign:
            clusters.assign_articles(session, {ids[u]: latest[u].get("body") or "" for u in assign}, now)
    if postgres and index_search:
        # Unchanged articles are looked at too, but only re-indexed when their vectors are
        # missing or stale (a backfill deferred them); current ones cost one index probe.
        search_index.index_pending(session, list(ids.values()), now)
    return result


def store_crawled(
    session: Session, articles: Sequence[Mapping[str, Any]], source_ids: Mapping[str, int]
) -> UpsertResult:
    """A crawl's batch: upsert the articles and forget the failed fetches they make good."""
    result = upsert_articles(session, articles, source_ids)
    fetch_failures.clear(session, {a["url"] for a in articles})
    return result


def _upsert_rows(session: Session, rows: list[dict[str, Any]]) -> dict[str, str]:
    """The generic write (SQLite): url -> content hash stored before this batch."""
    urls = [r["url"] for r in rows]
    known = dict(session.execute(select(Article.url, Article.content_hash).where(Article.url.in_(urls))).all())
    table = _ARTICLES
    stmt = _insert(session, table)
    changed = stmt.excluded.content_hash != table.c.content_hash
    update = {name: stmt.excluded[name] for name in ARTICLE_COLUMNS}
    update["last_seen_at"] = stmt.excluded.last_seen_at
    update["last_changed_at"] = case((changed, stmt.excluded.last_changed_at), else_=table.c.last_changed_at)
    session.execute(stmt.on_conflict_do_update(index_elements=["url"], set_=update), rows)
    return known


# -- PostgreSQL: a batch in a handful of statements ------------------------------------------------
#
# psycopg2 runs an executemany as one round trip per row, and SQLAlchemy only batches plain
# INSERTs, not upserts. Here each table gets one statement per batch: rows travel as one
# VALUES list (rendered by psycopg2's mogrify, as ``execute_values`` does) or as arrays
# unnested on the server, and ids come back through RETURNING.

_ROW_COLUMNS = ("url", "source_id", *ARTICLE_COLUMNS, "first_seen_at", "last_seen_at", "last_changed_at")
_JSON_COLUMNS = frozenset({"desks", "dateline_places", "dateline_countries", "provenance"})
# Long values an unchanged article would otherwise rewrite (and re-compress, re-TOAST) just to
# store the same text again: the stored value is kept when equal, which is the same result.
_KEEP_IF_EQUAL = frozenset({"title", "body", "body_html"})


def _pg_cast(column: str) -> str:
    """The type a VALUES literal is cast to; strings stay ``text`` so that an over-long value
    fails on the column's own length as before, where a cast to ``varchar(n)`` would cut it."""
    kind = _ARTICLES.c[column].type
    if isinstance(kind, String):
        return "text"
    return str(kind.compile(dialect=postgresql.dialect()))


def _article_upsert_sql() -> tuple[bytes, bytes, bytes, str]:
    """(head, middle, tail, template of one row), built once: a batch's statement is
    head + its rendered ``VALUES`` rows + middle + its rendered array of URLs + tail."""
    names = ", ".join(_ROW_COLUMNS)
    template = "(" + ", ".join(f"%({c})s::{_pg_cast(c)}" for c in _ROW_COLUMNS) + ")"
    sets = []
    for c in ARTICLE_COLUMNS:
        if c in _KEEP_IF_EQUAL:
            sets.append(
                f"{c} = CASE WHEN articles.{c} IS NOT DISTINCT FROM excluded.{c} "
                f"THEN articles.{c} ELSE excluded.{c} END"
            )
        else:
            sets.append(f"{c} = excluded.{c}")
    sets.append("last_seen_at = excluded.last_seen_at")
    sets.append(
        "last_changed_at = CASE WHEN excluded.content_hash <> articles.content_hash "
        "THEN excluded.last_changed_at ELSE articles.last_changed_at END"
    )
    # Both CTEs read the snapshot taken before the INSERT: ``old`` holds the previous hashes
    # (looked up by an array of URLs, which the planner answers from the unique index).
    statement = f"""
WITH incoming ({names}) AS (VALUES {{values}}),
old AS (SELECT url, content_hash FROM articles WHERE url = ANY({{urls}}::text[])),
written AS (
    INSERT INTO articles ({names}) SELECT {names} FROM incoming
    ON CONFLICT (url) DO UPDATE SET {", ".join(sets)}
    RETURNING id, url, (xmax = 0) AS inserted
)
SELECT w.id, w.url, old.content_hash, w.inserted FROM written w LEFT JOIN old ON old.url = w.url"""
    head, rest = statement.encode().split(b"{values}")
    middle, tail = rest.split(b"{urls}")
    return head, middle, tail, template


_UPSERT_HEAD, _UPSERT_MIDDLE, _UPSERT_TAIL, _ARTICLE_VALUES = _article_upsert_sql()
# One revision per row; the columns of ``_revision_row``.
_REVISION_VALUES = (
    "(%(article_id)s, %(content_hash)s, %(title)s, %(byline)s, %(authors)s::jsonb, "
    "%(agencies)s::jsonb, %(body)s, %(published_at)s::timestamptz, %(updated_at)s::timestamptz, "
    "%(date_updated_raw)s, %(seen_at)s::timestamptz)"
)
# Revisions of archived pages also name their WARC record (migration 0012). A batch without
# any names only the columns older schemas have too, so a writer of this version still stores
# into a database not yet upgraded when the archive is off.
_REVISION_VALUES_ARCHIVED = _REVISION_VALUES[:-1] + ", %(archive_file)s, %(archive_offset)s::bigint)"


class _Rendered:
    """Statements rendered client-side by psycopg2 (its ``mogrify``, what ``execute_values``
    does) and run through the session's SQLAlchemy connection, in its transaction: errors
    arrive as SQLAlchemy exceptions and a lost connection is invalidated, as for any other
    statement."""

    def __init__(self, session: Session) -> None:
        self.connection = session.connection()
        self.cursor = self.connection.connection.cursor()

    def render(self, template: str, args: Any) -> bytes:
        try:
            return cast(bytes, self.cursor.mogrify(template, args))
        except psycopg2.Error as exc:
            raise DBAPIError.instance(template, args, exc, psycopg2.Error) from exc

    def run(self, sql: bytes) -> Any:
        return self.connection.exec_driver_sql(
            sql.decode(), execution_options={"no_parameters": True}
        )

    def close(self) -> None:
        self.cursor.close()


def _pg_upsert_rows(session: Session, rows: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, str]]:
    """Write the rows in one statement: (url -> id, url -> content hash stored before)."""
    for row in rows:
        for name in _JSON_COLUMNS:
            row[name] = Json(row[name])
    sql = _Rendered(session)
    try:
        values = b",".join([sql.render(_ARTICLE_VALUES, row) for row in rows])
        urls = sql.render("%s", ([row["url"] for row in rows],))
        written = sql.run(_UPSERT_HEAD + values + _UPSERT_MIDDLE + urls + _UPSERT_TAIL).all()
    finally:
        sql.close()
    ids = {url: aid for aid, url, _, _ in written}
    # New means "this statement inserted the row" (xmax = 0), not "absent from the snapshot":
    # a row another writer inserted meanwhile is updated here, and counts as updated.
    known = {url: old or "" for _, url, old, inserted in written if not inserted}
    return ids, known


def _credit_links(
    articles: Sequence[Mapping[str, Any]], ids: Mapping[str, int], kind: str
) -> list[tuple[int, str, int]]:
    """(article id, name, position) of each credit of ``kind`` (authors or agencies), in byline
    order, a name repeated in one byline counted once."""
    return [
        (ids[article["url"]], name, pos)
        for article in articles
        for pos, name in enumerate(dict.fromkeys(article.get(kind) or []))
    ]


def _pg_write_credits_and_revisions(
    session: Session, articles: Sequence[Mapping[str, Any]], ids: Mapping[str, int], now: datetime
) -> None:
    """Names, credits (rewritten in byline order) and revisions: one round trip for the batch."""
    sql = _Rendered(session)
    try:
        parts = [
            sql.render(
                "DELETE FROM article_authors WHERE article_id = ANY(%(ids)s::bigint[]);"
                "DELETE FROM article_agencies WHERE article_id = ANY(%(ids)s::bigint[]);",
                {"ids": [ids[a["url"]] for a in articles]},
            )
        ]
        for table, link, key in (
            ("authors", "article_authors", "author_id"),
            ("agencies", "article_agencies", "agency_id"),
        ):
            links = _credit_links(articles, ids, table)
            if not links:
                continue
            names = sorted({name for _, name, _ in links})
            # Names in sorted order, as one row each would be: the ids come out the same.
            parts.append(
                sql.render(
                    f"INSERT INTO {table} (name) SELECT n FROM unnest(%s::text[]) WITH ORDINALITY AS u(n, o) "
                    f"ORDER BY o ON CONFLICT (name) DO NOTHING;"
                    f"INSERT INTO {link} (article_id, {key}, position) "
                    f"SELECT u.article_id, t.id, u.position "
                    f"FROM unnest(%s::bigint[], %s::text[], %s::int[]) AS u(article_id, name, position) "
                    f"JOIN {table} t ON t.name = u.name;",
                    (names, *(list(column) for column in zip(*links, strict=True))),
                )
            )
        revisions = []
        archived = _any_archived(articles)
        template = _REVISION_VALUES_ARCHIVED if archived else _REVISION_VALUES
        for a in articles:
            row = _revision_row(a, ids[a["url"]], now, archived=archived)
            row["authors"], row["agencies"] = Json(row["authors"]), Json(row["agencies"])
            revisions.append(sql.render(template, row))
        # A version seen before (an edit reverted) is not repeated.
        parts.append(
            b"INSERT INTO article_revisions (article_id, content_hash, title, byline, authors, "
            b"agencies, body, published_at, updated_at, date_updated_raw, seen_at"
            + (b", archive_file, archive_offset" if archived else b"")
            + b") VALUES "
            + b",".join(revisions)
            + b" ON CONFLICT (article_id, content_hash) DO NOTHING"
        )
        sql.run(b"".join(parts))
    finally:
        sql.close()


def _any_archived(articles: Sequence[Mapping[str, Any]]) -> bool:
    return any(a.get("archive_file") is not None for a in articles)


def _revision_row(
    article: Mapping[str, Any], article_id: int, now: datetime, *, archived: bool = True
) -> dict[str, Any]:
    """Map a normalized article onto ``article_revisions`` columns (the archive's with ``archived``)."""
    row = {
        "article_id": article_id,
        "content_hash": article["content_hash"],
        "title": article["title"],
        "byline": article.get("byline_raw"),
        "authors": list(article.get("authors") or []),
        "agencies": list(article.get("agencies") or []),
        "body": article.get("body") or "",
        "published_at": as_utc(article.get("published_at")),
        "updated_at": as_utc(article.get("updated_at")),
        "date_updated_raw": article.get("date_updated_raw"),
        "seen_at": now,
    }
    if archived:  # the archived response this version was read from
        row["archive_file"] = article.get("archive_file")
        row["archive_offset"] = article.get("archive_offset")
    return row


def _write_revisions(
    session: Session, articles: Sequence[Mapping[str, Any]], ids: Mapping[str, int], now: datetime
) -> None:
    """Keep each distinct version; a version seen before (an edit reverted) is not repeated."""
    archived = _any_archived(articles)
    rows = [_revision_row(a, ids[a["url"]], now, archived=archived) for a in articles]
    stmt = _insert(session, _REVISIONS).on_conflict_do_nothing(index_elements=["article_id", "content_hash"])
    session.execute(stmt, rows)


def _write_credits(session: Session, articles: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    ids: dict[str, int] = dict(session.execute(select(Article.url, Article.id).where(Article.url.in_([a["url"] for a in articles]))).all())
    author_ids = _name_ids(session, Author, {n for a in articles for n in a.get("authors") or []})
    agency_ids = _name_ids(session, Agency, {n for a in articles for n in a.get("agencies") or []})
    article_ids = [ids[a["url"]] for a in articles]
    session.execute(delete(ArticleAuthor).where(ArticleAuthor.article_id.in_(article_ids)))
    session.execute(delete(ArticleAgency).where(ArticleAgency.article_id.in_(article_ids)))
    author_rows = [
        {"article_id": aid, "author_id": author_ids[name], "position": pos}
        for aid, name, pos in _credit_links(articles, ids, "authors")
    ]
    agency_rows = [
        {"article_id": aid, "agency_id": agency_ids[name], "position": pos}
        for aid, name, pos in _credit_links(articles, ids, "agencies")
    ]
    if author_rows:
        session.execute(_insert(session, _ARTICLE_AUTHORS), author_rows)
    if agency_rows:
        session.execute(_insert(session, _ARTICLE_AGENCIES), agency_rows)
    return ids


def stored_articles_page(
    session: Session, *, after_id: int = 0, limit: int = 500, site: str | None = None
) -> list[dict[str, Any]]:
    """One page of stored articles in id order, after ``after_id`` (keyset pagination).

    Each row is a dict of ``articles`` columns plus ``source`` (the site slug); the caller
    asks for the next page with the last row's ``id``, so rows are read a page at a time and
    writes between pages do not shift the pages still to come.
    """
    query = (
        select(_ARTICLES, Source.slug.label("source"))
        .join(Source, Source.id == _ARTICLES.c.source_id)
        .where(_ARTICLES.c.id > after_id)
        .order_by(_ARTICLES.c.id)
        .limit(limit)
    )
    if site is not None:
        query = query.where(Source.slug == site)
    return [dict(row) for row in session.execute(query).mappings()]


def rework_stored_articles(
    engine: Engine,
    rework: Callable[[Mapping[str, Any]], Mapping[str, Any] | None],
    *,
    site: str | None = None,
    page_size: int = 500,
    write: bool = True,
) -> tuple[int, int]:
    """Run ``rework`` over every stored article (of ``site``), a page of rows at a time.

    ``rework`` gets a row (``stored_articles_page``) and returns the article to store in its
    place, or None to leave it. Each page's new versions are upserted and committed before the
    next page is read (``write=False`` only counts them). Returns (rows seen, rows reworked).
    """
    seen = reworked = 0
    last_id = 0
    with Session(engine) as session:
        while rows := stored_articles_page(session, after_id=last_id, limit=page_size, site=site):
            last_id = rows[-1]["id"]
            seen += len(rows)
            batch = [article for article in map(rework, rows) if article is not None]
            reworked += len(batch)
            if batch and write:
                source_ids = {row["source"]: row["source_id"] for row in rows}
                upsert_articles(session, batch, source_ids)
                session.commit()
    return seen, reworked


def article_credits(session: Session, url: str) -> tuple[list[str], list[str]]:
    """(authors, agencies) of one article, in stored order."""
    article = session.scalars(select(Article).where(Article.url == url)).one()
    return (
        [link.author.name for link in article.author_links],
        [link.agency.name for link in article.agency_links],
    )
