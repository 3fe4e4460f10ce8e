"""Read-only queries for analysts: full-text search, streaming export rows, counts and leaders.

Every function takes a ``Connection`` or ``Session`` and never commits. User input only ever
reaches the database as bound parameters. PostgreSQL searches the ``search_en`` /
``search_simple`` vectors of ``article_search`` (articles not indexed yet are not found: see
``newscrawl.db.search_index``); SQLite searches the FTS5 table ``articles_fts``. Local dates come
from ``articles.published_local`` (ISO 8601 in the outlet's offset), so "a day" means the
outlet's calendar day on both databases.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Date,
    Float,
    and_,
    case,
    cast,
    column,
    distinct,
    exists,
    func,
    literal,
    literal_column,
    select,
    table,
    type_coerce,
)
from sqlalchemy.dialects.postgresql import JSONB, REGCONFIG
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from newscrawl.db.batches import chunks
from newscrawl.db.clusters import publication_instant, stored_utc
from newscrawl.db.models import (
    LOCAL_DAY_PG,
    Agency,
    Article,
    ArticleAgency,
    ArticleAuthor,
    ArticleCluster,
    ArticleSearch,
    Author,
    Source,
    StoryCluster,
)

Db = Connection | Session

HIGHLIGHT_START = "**"
HIGHLIGHT_STOP = "**"
FRAGMENT_DELIMITER = " … "
_HEADLINE_OPTIONS = (
    f'StartSel="{HIGHLIGHT_START}", StopSel="{HIGHLIGHT_STOP}", MaxWords=35, MinWords=12, '
    f'MaxFragments=2, FragmentDelimiter="{FRAGMENT_DELIMITER}"'
)
_PAGE = 1000


class InvalidQuery(ValueError):
    """A search query with nothing to search for."""


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a search, export or summary covers. Empty fields filter nothing."""

    sources: tuple[str, ...] = ()
    """Outlet slugs (``jordantimes``)."""
    since: date | None = None
    """First local publication date included (the outlet's calendar)."""
    until: date | None = None
    """Last local publication date included."""
    author: str | None = None
    """Part of an author's name, any case (``obeidat``)."""
    agency: str | None = None
    """Agency name, any case (``Reuters``, ``AFP``, ``Petra``)."""
    country: str | None = None
    """ISO 3166-1 alpha-2 code among the dateline countries (``JO``)."""
    query: str | None = None
    """Full-text query (export only; search takes it separately)."""


def _dialect(db: Db) -> str:
    bind = db.get_bind() if isinstance(db, Session) else db
    return bind.dialect.name


def _local_date():  # type: ignore[no-untyped-def]
    return func.substr(Article.published_local, 1, 10)


_pg_local_day: ColumnElement[Any] = literal_column(LOCAL_DAY_PG.format(t="articles."), Date())


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def filter_conditions(filters: ArticleFilter, dialect: str) -> list[ColumnElement[bool]]:
    """WHERE conditions on ``articles`` (joined to nothing) for a filter."""
    conditions: list[ColumnElement[bool]] = []
    if filters.sources:
        conditions.append(
            Article.source_id.in_(select(Source.id).where(Source.slug.in_(filters.sources)))
        )
    if dialect == "postgresql":
        # The expression index ix_articles_published_day_local holds exactly this day.
        if filters.since:
            conditions.append(_pg_local_day >= filters.since)
        if filters.until:
            conditions.append(_pg_local_day <= filters.until)
    else:
        if filters.since:
            conditions.append(_local_date() >= filters.since.isoformat())
            # A coarse bound on the indexed instant (no offset is a day away) keeps the scan short.
            conditions.append(
                Article.published_at
                >= datetime.combine(filters.since - timedelta(days=1), time(), UTC)
            )
        if filters.until:
            conditions.append(_local_date() <= filters.until.isoformat())
            conditions.append(
                Article.published_at
                < datetime.combine(filters.until + timedelta(days=2), time(), UTC)
            )
    if filters.author:
        pattern = f"%{_like_escape(filters.author.lower())}%"
        conditions.append(
            exists()
            .where(ArticleAuthor.article_id == Article.id)
            .where(Author.id == ArticleAuthor.author_id)
            .where(func.lower(Author.name).like(pattern, escape="\\"))
        )
    if filters.agency:
        conditions.append(
            exists()
            .where(ArticleAgency.article_id == Article.id)
            .where(Agency.id == ArticleAgency.agency_id)
            .where(func.lower(Agency.name) == filters.agency.lower())
        )
    if filters.country:
        code = filters.country.upper()
        if dialect == "postgresql":
            conditions.append(type_coerce(Article.dateline_countries, JSONB).contains([code]))
        else:
            each = func.json_each(Article.dateline_countries).table_valued("value")
            conditions.append(exists().select_from(each).where(each.c.value == code))
    if filters.query:
        conditions.append(match_condition(filters.query, dialect))
    return conditions


# -- full-text search ----------------------------------------------------------------------------


def _pg_query(query: str) -> Any:
    return func.websearch_to_tsquery(cast(literal("english"), REGCONFIG), query)


_FTS_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"\w+")


def fts5_query(query: str) -> str:
    """Translate web-search syntax (words, "phrases", or, -exclusions) into an FTS5 query.

    Only word characters survive, each group quoted as an FTS5 phrase, so no input can inject
    FTS5 operators or break its syntax.
    """
    groups: list[list[str]] = []
    excluded: list[str] = []
    pending_or = False
    for token in _FTS_TOKEN.findall(query):
        if token.lower() == "or":
            pending_or = bool(groups)
            continue
        negative = token.startswith("-") and len(token) > 1
        words = _WORD.findall(token[1:] if negative else token)
        if not words:
            continue
        phrase = '"' + " ".join(words) + '"'
        if negative:
            excluded.append(phrase)
        elif pending_or:
            groups[-1].append(phrase)
        else:
            groups.append([phrase])
        pending_or = False
    if not groups:
        raise InvalidQuery(
            f"nothing to search for in {query!r}: give at least one word to find "
            "(-word only excludes, as in: bitcoin -savers)"
        )
    text = " AND ".join(g[0] if len(g) == 1 else "(" + " OR ".join(g) + ")" for g in groups)
    for phrase in excluded:
        text = f"({text}) NOT {phrase}"
    return text


_FTS_TABLE = table("articles_fts", column("rowid"))
_FTS: ColumnElement[Any] = literal_column(
    "articles_fts"
)  # the table name as FTS5's MATCH, bm25() and snippet() want it


def match_condition(query: str, dialect: str) -> ColumnElement[bool]:
    """Articles whose title or body match a web-search style query."""
    if dialect == "postgresql":
        indexed = select(ArticleSearch.article_id).where(
            ArticleSearch.search_en.bool_op("@@")(_pg_query(query))
        )
        return Article.id.in_(indexed)
    fts = select(_FTS_TABLE.c.rowid).where(_FTS.bool_op("MATCH")(fts5_query(query)))
    return Article.id.in_(fts)


@dataclass
class SearchHit:
    rank: float
    article_id: int
    url: str
    source: str
    title: str
    published_local: str | None
    snippet: str
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    dateline: str | None = None
    story_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "rank": round(self.rank, 4),
            "published": (self.published_local or "")[:10] or None,
            "source": self.source,
            "title": self.title,
            "authors": self.authors,
            "agencies": self.agencies,
            "dateline": self.dateline,
            "snippet": self.snippet,
            "url": self.url,
            "article_id": self.article_id,
            "story_id": self.story_id,
        }


def search(
    db: Db, query: str, filters: ArticleFilter = ArticleFilter(), limit: int = 20
) -> list[SearchHit]:
    """Articles matching ``query``, best first, each with a highlighted body snippet."""
    if not query or not query.strip():
        raise InvalidQuery("empty search query")
    dialect = _dialect(db)
    conditions = filter_conditions(filters, dialect)
    if dialect == "postgresql":
        english = _pg_query(query)
        vector = ArticleSearch.search_en
        rank = func.ts_rank_cd(vector, english, 32)
        if conditions:
            best = (
                select(Article.id.label("id"), rank.label("rank"))
                .select_from(ArticleSearch)
                .join(Article, Article.id == ArticleSearch.article_id)
                .where(vector.bool_op("@@")(english), *conditions)
                .order_by(rank.desc(), Article.published_at.desc().nulls_last(), Article.id)
                .limit(limit)
                .subquery()
            )
        else:
            # Nothing to filter on in ``articles``: rank in article_search alone and keep the
            # best ``limit`` with their ties; the outer query breaks ties by date as above.
            # For a word in most articles this spares joining every match to ``articles``.
            best = (
                select(ArticleSearch.article_id.label("id"), rank.label("rank"))
                .where(vector.bool_op("@@")(english))
                .order_by(rank.desc())
                .fetch(limit, with_ties=True)
                .subquery()
            )
        snippet = func.ts_headline(
            cast(literal("english"), REGCONFIG), Article.body, english, _HEADLINE_OPTIONS
        )
        stmt = (
            select(best.c.rank, Article.id, Article.url, Source.slug, Article.title, Article.published_local,
                   Article.dateline, snippet.label("snippet"))
            .join(Article, Article.id == best.c.id)
            .join(Source, Source.id == Article.source_id)
            .order_by(best.c.rank.desc(), Article.published_at.desc().nulls_last(), Article.id)
            .limit(limit)
        )  # fmt: skip
    else:
        bm25 = func.bm25(_FTS, 5.0, 1.0)  # title weighs five times the body
        fts_snippet = func.snippet(_FTS, 1, HIGHLIGHT_START, HIGHLIGHT_STOP, FRAGMENT_DELIMITER, 24)
        stmt = (
            select(cast(-bm25, Float).label("rank"), Article.id, Article.url, Source.slug, Article.title,
                   Article.published_local, Article.dateline, fts_snippet.label("snippet"))
            .select_from(_FTS_TABLE)
            .join(Article, Article.id == _FTS_TABLE.c.rowid)
            .join(Source, Source.id == Article.source_id)
            .where(_FTS.bool_op("MATCH")(fts5_query(query)), *conditions)
            .order_by(bm25, Article.published_at.desc(), Article.id)
            .limit(limit)
        )  # fmt: skip
    rows = db.execute(stmt).all()
    ids = [row.id for row in rows]
    authors, agencies = credits(db, ids)
    stories = story_ids(db, ids)
    return [
        SearchHit(
            rank=float(row.rank or 0.0),
            article_id=row.id,
            url=row.url,
            source=row.slug,
            title=row.title,
            published_local=row.published_local,
            snippet=" ".join((row.snippet or "").split()),
            authors=authors.get(row.id, []),
            agencies=agencies.get(row.id, []),
            dateline=row.dateline,
            story_id=stories.get(row.id),
        )
        for row in rows
    ]


# -- credits and stories for a page of articles ---------------------------------------------------


def credits(db: Db, ids: Sequence[int]) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """(article id -> authors in byline order, article id -> agencies in order)."""
    authors: dict[int, list[str]] = {}
    agencies: dict[int, list[str]] = {}
    for chunk in chunks(list(ids), _PAGE):
        for aid, name in db.execute(
            select(ArticleAuthor.article_id, Author.name)
            .join(Author, Author.id == ArticleAuthor.author_id)
            .where(ArticleAuthor.article_id.in_(chunk))
            .order_by(ArticleAuthor.article_id, ArticleAuthor.position)
        ):
            authors.setdefault(aid, []).append(name)
        for aid, name in db.execute(
            select(ArticleAgency.article_id, Agency.name)
            .join(Agency, Agency.id == ArticleAgency.agency_id)
            .where(ArticleAgency.article_id.in_(chunk))
            .order_by(ArticleAgency.article_id, ArticleAgency.position)
        ):
            agencies.setdefault(aid, []).append(name)
    return authors, agencies


def story_ids(db: Db, ids: Sequence[int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for chunk in chunks(list(ids), _PAGE):
        out.update(
            (aid, cid)
            for aid, cid in db.execute(
                select(ArticleCluster.article_id, ArticleCluster.cluster_id).where(
                    ArticleCluster.article_id.in_(chunk)
                )
            )
        )
    return out


# -- export --------------------------------------------------------------------------------------

EXPORT_COLUMNS: tuple[str, ...] = (
    "article_id", "url", "source", "section", "language", "title", "byline", "byline_kind",
    "authors", "agencies", "desks", "dateline", "dateline_places", "dateline_countries",
    "published_at", "published_local", "published_date_local", "date_precision", "updated_at",
    "word_count", "story_id", "is_first_in_story", "caption", "body", "first_seen_at",
    "last_changed_at",
)  # fmt: skip
"""Export columns in order; ``authors`` and the other plural names are lists of strings."""
LIST_COLUMNS = frozenset({"authors", "agencies", "desks", "dateline_places", "dateline_countries"})


def iter_export_pages(
    db: Db,
    filters: ArticleFilter = ArticleFilter(),
    page_size: int = _PAGE,
    include_body: bool = True,
) -> Iterator[list[dict[str, Any]]]:
    """Articles as export rows, a page at a time (keyset pagination on id: memory stays flat)."""
    dialect = _dialect(db)
    conditions = filter_conditions(filters, dialect)
    columns = [
        Article.id, Article.url, Source.slug, Article.section, Article.language, Article.title,
        Article.byline, Article.byline_kind, Article.desks, Article.dateline, Article.dateline_places,
        Article.dateline_countries, Article.published_at, Article.published_local, Article.date_precision,
        Article.updated_at, Article.word_count, ArticleCluster.cluster_id,
        (StoryCluster.first_article_id == Article.id).label("is_first"), Article.caption,
        Article.first_seen_at, Article.last_changed_at,
    ]  # fmt: skip
    if include_body:
        columns.append(Article.body)
    last_id = 0
    while True:
        stmt = (
            select(*columns)
            .join(Source, Source.id == Article.source_id)
            .outerjoin(ArticleCluster, ArticleCluster.article_id == Article.id)
            .outerjoin(StoryCluster, StoryCluster.id == ArticleCluster.cluster_id)
            .where(Article.id > last_id, *conditions)
            .order_by(Article.id)
            .limit(page_size)
        )
        rows = db.execute(stmt).all()
        if not rows:
            return
        last_id = rows[-1].id
        authors, agencies = credits(db, [r.id for r in rows])
        page = []
        for r in rows:
            page.append(
                {
                    "article_id": r.id,
                    "url": r.url,
                    "source": r.slug,
                    "section": r.section,
                    "language": r.language,
                    "title": r.title,
                    "byline": r.byline,
                    "byline_kind": r.byline_kind,
                    "authors": authors.get(r.id, []),
                    "agencies": agencies.get(r.id, []),
                    "desks": list(r.desks or []),
                    "dateline": r.dateline,
                    "dateline_places": list(r.dateline_places or []),
                    "dateline_countries": list(r.dateline_countries or []),
                    "published_at": publication_instant(r.published_local, r.published_at),
                    "published_local": r.published_local,
                    "published_date_local": r.published_local[:10] if r.published_local else None,
                    "date_precision": r.date_precision,
                    "updated_at": stored_utc(r.updated_at),
                    "word_count": r.word_count,
                    "story_id": r.cluster_id,
                    "is_first_in_story": None if r.cluster_id is None else bool(r.is_first),
                    "caption": r.caption,
                    "body": r.body if include_body else None,
                    "first_seen_at": stored_utc(r.first_seen_at),
                    "last_changed_at": stored_utc(r.last_changed_at),
                }
            )
        yield page
        if len(rows) < page_size:
            return


# -- summaries -----------------------------------------------------------------------------------


def _filtered_ids(filters: ArticleFilter, dialect: str) -> Any:
    return select(Article.id).where(*filter_conditions(filters, dialect))


def daily_counts(db: Db, filters: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
    """Articles and distinct stories per source per local publication day, oldest day first."""
    day = _local_date().label("day")
    # Each article's story by primary key: a date range reads only its own memberships.
    story = (
        select(ArticleCluster.cluster_id)
        .where(ArticleCluster.article_id == Article.id)
        .scalar_subquery()
    )
    stmt = (
        select(Source.slug.label("source"), day, func.count().label("articles"),
               func.count(distinct(story)).label("stories"))
        .select_from(Article)
        .join(Source, Source.id == Article.source_id)
        .where(Article.published_local.is_not(None), *filter_conditions(filters, _dialect(db)))
        .group_by(Source.slug, _local_date())
        .order_by(_local_date(), Source.slug)
    )  # fmt: skip
    return [dict(r._mapping) for r in db.execute(stmt)]


def latest_days(db: Db, filters: ArticleFilter, days: int) -> tuple[date, date] | None:
    """The first and last of the latest ``days`` local publication days with articles.

    None when no dated article matches.

    Reads a growing window of recent publication instants (the ``published_at`` index) until
    it holds ``days`` distinct local days or the whole history, so a dense archive costs one
    short range scan however long its history.
    """
    dialect = _dialect(db)
    newest = db.execute(
        select(func.max(Article.published_at)).where(*filter_conditions(filters, dialect))
    ).scalar_one()
    if newest is None:
        return None
    oldest = db.execute(
        select(func.min(Article.published_at)).where(*filter_conditions(filters, dialect))
    ).scalar_one()
    span = timedelta(days=days + 2)
    while True:
        bound = newest - span
        found = [
            day
            for (day,) in db.execute(
                select(_local_date())
                .distinct()
                .where(Article.published_at >= bound, Article.published_local.is_not(None),
                       *filter_conditions(filters, dialect))
                .order_by(_local_date().desc())
                .limit(days)
            )
        ]  # fmt: skip
        if len(found) >= days or oldest is None or bound <= oldest:
            if not found:
                return None
            return date.fromisoformat(found[-1]), date.fromisoformat(found[0])
        span *= 4


def top_authors(
    db: Db, filters: ArticleFilter = ArticleFilter(), limit: int = 10
) -> list[dict[str, Any]]:
    """People with the most articles, with how many outlets printed them."""
    ids = _filtered_ids(filters, _dialect(db))
    stmt = (
        select(Author.name.label("author"), func.count().label("articles"),
               func.count(distinct(Article.source_id)).label("sources"),
               func.min(_local_date()).label("first"), func.max(_local_date()).label("last"))
        .select_from(ArticleAuthor)
        .join(Author, Author.id == ArticleAuthor.author_id)
        .join(Article, Article.id == ArticleAuthor.article_id)
        .where(ArticleAuthor.article_id.in_(ids))
        .group_by(Author.name)
        .order_by(func.count().desc(), Author.name)
        .limit(limit)
    )  # fmt: skip
    return [dict(r._mapping) for r in db.execute(stmt)]


def top_agencies(
    db: Db, filters: ArticleFilter = ArticleFilter(), limit: int = 10
) -> list[dict[str, Any]]:
    """Agencies most credited: articles, distinct stories, and outlets that ran them."""
    ids = _filtered_ids(filters, _dialect(db))
    stmt = (
        select(Agency.name.label("agency"), func.count().label("articles"),
               func.count(distinct(ArticleCluster.cluster_id)).label("stories"),
               func.count(distinct(Article.source_id)).label("sources"))
        .select_from(ArticleAgency)
        .join(Agency, Agency.id == ArticleAgency.agency_id)
        .join(Article, Article.id == ArticleAgency.article_id)
        .outerjoin(ArticleCluster, ArticleCluster.article_id == Article.id)
        .where(ArticleAgency.article_id.in_(ids))
        .group_by(Agency.name)
        .order_by(func.count().desc(), Agency.name)
        .limit(limit)
    )  # fmt: skip
    return [dict(r._mapping) for r in db.execute(stmt)]


FILL_FIELDS: tuple[str, ...] = (
    "authors", "agencies", "published_at", "updated_at", "dateline", "caption", "section", "language",
)  # fmt: skip


def fill_rates(db: Db, filters: ArticleFilter = ArticleFilter()) -> list[dict[str, Any]]:
    """Per source: articles and the share (0..1) that have each field."""

    def share(condition: ColumnElement[bool]) -> Any:
        return func.avg(case((condition, 1.0), else_=0.0))

    has = {
        "authors": exists().where(ArticleAuthor.article_id == Article.id),
        "agencies": exists().where(ArticleAgency.article_id == Article.id),
        "published_at": Article.published_at.is_not(None),
        "updated_at": Article.updated_at.is_not(None),
        "dateline": and_(Article.dateline.is_not(None), Article.dateline != ""),
        "caption": and_(Article.caption.is_not(None), Article.caption != ""),
        "section": Article.section.is_not(None),
        "language": Article.language.is_not(None),
    }
    stmt = (
        select(Source.slug.label("source"), func.count().label("articles"),
               *[share(has[name]).label(name) for name in FILL_FIELDS])
        .select_from(Article)
        .join(Source, Source.id == Article.source_id)
        .where(*filter_conditions(filters, _dialect(db)))
        .group_by(Source.slug)
        .order_by(Source.slug)
    )  # fmt: skip
    return [
        {k: (float(v) if k in FILL_FIELDS and v is not None else v) for k, v in r._mapping.items()}
        for r in db.execute(stmt)
    ]


def story_rows(db: Db, min_sources: int = 2, limit: int = 20) -> list[dict[str, Any]]:
    """Stories run by at least ``min_sources`` outlets, the most republished first."""
    stmt = (
        select(StoryCluster.id.label("story_id"), StoryCluster.title, Source.slug.label("first_source"),
               StoryCluster.first_published_at, StoryCluster.article_count, StoryCluster.source_count)
        .outerjoin(Source, Source.id == StoryCluster.first_source_id)
        .where(StoryCluster.source_count >= min_sources)
        .order_by(StoryCluster.source_count.desc(), StoryCluster.article_count.desc(), StoryCluster.id)
        .limit(limit)
    )  # fmt: skip
    rows = [dict(r._mapping) for r in db.execute(stmt)]
    for row in rows:
        row["sources"] = sorted(
            {
                slug
                for (slug,) in db.execute(
                    select(Source.slug)
                    .join(Article, Article.source_id == Source.id)
                    .join(ArticleCluster, ArticleCluster.article_id == Article.id)
                    .where(ArticleCluster.cluster_id == row["story_id"])
                )
            }
        )
    return rows
