"""SQLAlchemy models: sources, articles, and authors/agencies as rows linked in byline order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# JSON on SQLite, JSONB on PostgreSQL (indexable, queryable with ->> and @>).
JsonValue = JSON().with_variant(JSONB(), "postgresql")
Timestamp = DateTime(timezone=True)
RowId = BigInteger().with_variant(Integer, "sqlite")

# Full-text search vector (PostgreSQL only; SQLite searches the FTS5 table ``articles_fts``).
# Title weighs A, body B. ``english`` stems English words and leaves Arabic words as written
# (PostgreSQL has no Arabic stemmer), so one vector serves both. It lives in ``article_search``
# (migrations 0006, 0009), written by ``newscrawl.db.search_index`` from this expression.
# Per row: ``arabic`` (Snowball: strips ال and the other glued prefixes, folds hamza, alef
# maqsura, harakat and tatweel) for ``language = 'ar'``, ``english`` for every other row
# (migration 0013).
SEARCH_CONFIG_SQL = "(CASE WHEN language = 'ar' THEN 'arabic' ELSE 'english' END)::regconfig"
SEARCH_EN_SQL = (
    f"setweight(to_tsvector({SEARCH_CONFIG_SQL}, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector({SEARCH_CONFIG_SQL}, coalesce(body, '')), 'B')"
)
# The outlet's calendar day of an article, as the PostgreSQL views compute it and as the
# expression index ``ix_articles_published_day_local`` (migration 0009) holds it: the date part
# of ``published_local``. Queries must use this exact text for the index to serve them.
LOCAL_DAY_PG = (
    "make_date(substr({t}published_local, 1, 4)::integer, substr({t}published_local, 6, 2)::integer, "
    "substr({t}published_local, 9, 2)::integer)"
)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A news outlet from the site registry."""

    __tablename__ = "sources"
    __table_args__ = ({"comment": "News outlets from the site registry, one row per site"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    slug: Mapped[str] = mapped_column(String(64), unique=True, comment="Registry slug, e.g. jordantimes")
    name: Mapped[str] = mapped_column(String(200), comment="Outlet name as it brands itself")
    base_url: Mapped[str] = mapped_column(String(200), comment="Canonical scheme and host")
    country: Mapped[str | None] = mapped_column(String(2), comment="ISO 3166-1 alpha-2 of the outlet")
    language: Mapped[str | None] = mapped_column(String(8), comment="ISO 639-1 main language")
    timezone: Mapped[str] = mapped_column(String(64), comment="IANA zone the site prints its dates in")

    articles: Mapped[list[Article]] = relationship(back_populates="source")


class Article(Base):
    """One article, keyed by its canonical URL; the row always holds the latest version seen."""

    __tablename__ = "articles"
    __table_args__ = (
        # The outlet's calendar day the views filter on (migration 0009; on SQLite the index
        # holds substr(published_local, 1, 10), its views' expression).
        Index("ix_articles_published_day_local", text(LOCAL_DAY_PG.format(t=""))),
        {"comment": "One row per canonical article URL, holding the latest version seen"},
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, comment="Surrogate key")
    url: Mapped[str] = mapped_column(Text, unique=True, comment="Canonical URL on the real domain; the key")
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="Outlet that published it (sources.id)"
    )
    node_id: Mapped[int | None] = mapped_column(BigInteger, comment="The site's own article id (Drupal nid)")
    section: Mapped[str | None] = mapped_column(String(100), comment="Section from the URL: local, region, opinion...")
    title: Mapped[str] = mapped_column(Text, comment="Headline")
    byline: Mapped[str | None] = mapped_column(Text, comment="Byline as printed (raw)")
    byline_kind: Mapped[str | None] = mapped_column(
        String(16), comment="person, agency, staff, editorial, mixed or none"
    )
    desks: Mapped[list[str]] = mapped_column(JsonValue, default=list, comment="Desk credits (JT, Editorial)")
    published_at: Mapped[datetime | None] = mapped_column(
        Timestamp, index=True, comment="Publication instant, UTC (a day-precision date is local midnight)"
    )
    updated_at: Mapped[datetime | None] = mapped_column(Timestamp, comment="Last update instant, UTC")
    date_precision: Mapped[str | None] = mapped_column(String(8), comment="day, minute or second")
    published_local: Mapped[str | None] = mapped_column(
        String(40), comment="Publication time in the site's local offset, ISO 8601 (2017-02-13T00:00:00+02:00)"
    )
    date_published_raw: Mapped[str | None] = mapped_column(Text, comment="Publication date as printed")
    date_updated_raw: Mapped[str | None] = mapped_column(Text, comment="Update date as printed")
    dateline: Mapped[str | None] = mapped_column(Text, comment="Dateline without separator (BEIRUT/AMMAN)")
    dateline_raw: Mapped[str | None] = mapped_column(Text, comment="Dateline as printed, with separator")
    dateline_places: Mapped[list[str]] = mapped_column(
        JsonValue, default=list, comment="Proper-cased dateline places"
    )
    dateline_countries: Mapped[list[str]] = mapped_column(
        JsonValue, default=list, comment="ISO 3166-1 alpha-2 codes of the dateline places"
    )
    body: Mapped[str] = mapped_column(Text, comment="Clean body: paragraphs separated by a blank line")
    body_html: Mapped[str | None] = mapped_column(Text, comment="Body markup as served, for re-extraction")
    caption: Mapped[str | None] = mapped_column(Text, comment="Lead image caption")
    word_count: Mapped[int] = mapped_column(Integer, default=0, comment="Words in body")
    language: Mapped[str | None] = mapped_column(String(8), comment="ISO 639-1")
    parser: Mapped[str] = mapped_column(String(64), comment="Parser and markup version (jordantimes/drupal7)")
    provenance: Mapped[dict[str, str]] = mapped_column(
        JsonValue, default=dict, comment="Where each field came from"
    )
    content_hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of the normalized content")
    http_etag: Mapped[str | None] = mapped_column(Text, comment="ETag of the last fetch")
    http_last_modified: Mapped[str | None] = mapped_column(Text, comment="Last-Modified of the last fetch")
    first_seen_at: Mapped[datetime] = mapped_column(Timestamp, comment="First time newscrawl stored it (UTC)")
    last_seen_at: Mapped[datetime] = mapped_column(Timestamp, comment="Last time a crawl fetched it (UTC)")
    last_changed_at: Mapped[datetime] = mapped_column(
        Timestamp, comment="Last time its content hash changed (UTC)"
    )

    source: Mapped[Source] = relationship(back_populates="articles")
    author_links: Mapped[list[ArticleAuthor]] = relationship(
        order_by="ArticleAuthor.position", cascade="all, delete-orphan"
    )
    agency_links: Mapped[list[ArticleAgency]] = relationship(
        order_by="ArticleAgency.position", cascade="all, delete-orphan"
    )


class ArticleSearch(Base):
    """The full-text vector of one article and the version it was computed from.

    PostgreSQL only (SQLite searches ``articles_fts``). Kept out of ``articles`` so that writing
    an article never parses its text: the vector is computed after the write, for new or
    changed content only (``newscrawl.db.search_index``). The vector is stored in the row, not
    out of line (migration 0009: ``STORAGE MAIN``, ``toast_tuple_target`` of a page), so the
    table's size tells the planner what a sequential scan costs and searches use the GIN index.
    """

    __tablename__ = "article_search"
    __table_args__ = (
        Index("ix_article_search_search_en", "search_en", postgresql_using="gin"),
        {
            "comment": "Full-text search vectors of each article, PostgreSQL only; filled after the article is written"
        },
    )

    article_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("articles.id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
        comment="The article (articles.id)",
    )
    content_hash: Mapped[str] = mapped_column(
        String(64),
        comment="articles.content_hash of the version indexed; a different one means the row is stale",
    )
    search_en: Mapped[Any] = mapped_column(
        TSVECTOR,
        comment="English full-text vector (stemmed; Arabic words as written) of title (weight A) and body (B)",
    )
    indexed_at: Mapped[datetime] = mapped_column(Timestamp, comment="When this version was indexed (UTC)")


class Author(Base):
    """A person credited in a byline, as printed (spelling variants are separate rows)."""

    __tablename__ = "authors"
    __table_args__ = ({"comment": "People credited in bylines, one row per spelling"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    name: Mapped[str] = mapped_column(String(200), unique=True, comment="Display name")


class Agency(Base):
    """A wire agency under its canonical short name (Reuters, AFP, AP, Petra...)."""

    __tablename__ = "agencies"
    __table_args__ = ({"comment": "Wire agencies under their canonical short name"},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, comment="Surrogate key")
    name: Mapped[str] = mapped_column(String(64), unique=True, comment="Canonical agency name")


class ArticleAuthor(Base):
    """Which people wrote an article, in byline order (position 0 first)."""

    __tablename__ = "article_authors"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        {"comment": "Byline credits: which people wrote which article, in byline order"},
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, comment="The article (articles.id)"
    )
    author_id: Mapped[int] = mapped_column(
        ForeignKey("authors.id"), primary_key=True, index=True, comment="The person (authors.id)"
    )
    position: Mapped[int] = mapped_column(Integer, comment="0-based order in the byline")

    author: Mapped[Author] = relationship()


class ArticleAgency(Base):
    """Which agencies an article credits, in order of appearance."""

    __tablename__ = "article_agencies"
    __table_args__ = (
        UniqueConstraint("article_id", "position"),
        {"comment": "Agency credits: which wire agencies an article credits, in order of appearance"},
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, comment="The article (articles.id)"
    )
    agency_id: Mapped[int] = mapped_column(
        ForeignKey("agencies.id"), primary_key=True, index=True, comment="The agency (agencies.id)"
    )
    position: Mapped[int] = mapped_column(Integer, comment="0-based order of appearance")

    agency: Mapped[Agency] = relationship()


class ArticleRevision(Base):
    """Every distinct version of an article seen by a crawl (the first one included)."""

    __tablename__ = "article_revisions"
    __table_args__ = (
        UniqueConstraint("article_id", "content_hash"),
        {"comment": "Every distinct version of an article a crawl has seen"},
    )

    id: Mapped[int] = mapped_column(RowId, primary_key=True, comment="Surrogate key")
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True, comment="The article (articles.id)"
    )
    content_hash: Mapped[str] = mapped_column(String(64), comment="SHA-256 of this version's content")
    title: Mapped[str] = mapped_column(Text, comment="Headline of this version")
    byline: Mapped[str | None] = mapped_column(Text, comment="Byline as printed in this version")
    authors: Mapped[list[str]] = mapped_column(JsonValue, default=list, comment="People credited in this version")
    agencies: Mapped[list[str]] = mapped_column(JsonValue, default=list, comment="Agencies credited in this version")
    body: Mapped[str] = mapped_column(Text, comment="Clean body of this version")
    published_at: Mapped[datetime | None] = mapped_column(Timestamp, comment="Publication instant (UTC)")
    updated_at: Mapped[datetime | None] = mapped_column(Timestamp, comment="The page's own update time (UTC)")
    date_updated_raw: Mapped[str | None] = mapped_column(Text, comment="Update date as printed")
    seen_at: Mapped[datetime] = mapped_column(Timestamp, comment="When a crawl first saw this version (UTC)")
    archive_file: Mapped[str | None] = mapped_column(
        Text,
        comment="WARC file holding the page this version came from (relative to the archive, or the path ingested)",
    )
    archive_offset: Mapped[int | None] = mapped_column(
        BigInteger, comment="Byte offset of its response record in archive_file"
    )


class CrawlRun(Base):
    """One `scrapy crawl` run: what it did, what went wrong, how healthy extraction was."""

    __tablename__ = "crawl_runs"
    __table_args__ = ({"comment": "One row per crawl run: counts, failures and extraction health (readable by analysts)"},)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, comment="Surrogate key")
    spider: Mapped[str] = mapped_column(String(64), index=True, comment="Spider (site slug)")
    started_at: Mapped[datetime] = mapped_column(Timestamp, index=True, comment="Start of the run (UTC)")
    finished_at: Mapped[datetime | None] = mapped_column(Timestamp, comment="End of the run (UTC); NULL while running or after a hard kill")
    status: Mapped[str] = mapped_column(String(16), comment="running, ok or failed")
    finish_reason: Mapped[str | None] = mapped_column(String(64), comment="Scrapy's finish reason (finished, shutdown...)")
    failure: Mapped[str | None] = mapped_column(String(64), comment="Why the run failed (storage_failed, blocked, canary...)")
    exit_code: Mapped[int | None] = mapped_column(Integer, comment="Exit status the crawl command returned")
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0, comment="HTTP responses received")
    articles_new: Mapped[int] = mapped_column(Integer, default=0, comment="Articles stored for the first time")
    articles_updated: Mapped[int] = mapped_column(Integer, default=0, comment="Articles whose content changed")
    articles_unchanged: Mapped[int] = mapped_column(Integer, default=0, comment="Articles re-fetched without change")
    articles_skipped: Mapped[int] = mapped_column(Integer, default=0, comment="Known articles not re-fetched")
    dropped: Mapped[dict[str, int]] = mapped_column(JsonValue, default=dict, comment="Dropped items by reason")
    errors: Mapped[dict[str, int]] = mapped_column(JsonValue, default=dict, comment="Errors by kind")
    blocked_responses: Mapped[int] = mapped_column(Integer, default=0, comment="403/429/challenge responses")
    fill_rates: Mapped[dict[str, float]] = mapped_column(JsonValue, default=dict, comment="Share of articles with each field (0..1)")
    fallbacks: Mapped[dict[str, int]] = mapped_column(
        JsonValue,
        default=dict,
        server_default=text("'{}'"),
        comment="Articles per field where the site parser missed and generic extraction filled it",
    )
    archive_files: Mapped[list[str]] = mapped_column(
        JsonValue,
        default=list,
        server_default=text("'[]'"),
        comment="WARC files the run wrote, relative to NEWSCRAWL_ARCHIVE_DIR",
    )
    stats: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict, comment="Full Scrapy stats of the run")
    arguments: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict, comment="Spider arguments (-a)")
    host: Mapped[str | None] = mapped_column(String(200), comment="Machine that ran it")


class FetchFailure(Base):
    """An article whose fetch failed for good in a run; the next run of its site fetches it again."""

    __tablename__ = "fetch_failures"
    __table_args__ = ({"comment": "Article fetches that failed (5xx, timeouts, cut bodies): retried by the next run"},)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, comment="Surrogate key")
    url: Mapped[str] = mapped_column(Text, unique=True, comment="Canonical URL of the article")
    source_id: Mapped[int] = mapped_column(
        ForeignKey("sources.id"), index=True, comment="Outlet the article belongs to (sources.id)"
    )
    reason: Mapped[str] = mapped_column(String(200), comment="Last failure: http_500, TimeoutError, truncated...")
    failures: Mapped[int] = mapped_column(Integer, default=1, comment="Runs in which the fetch failed")
    first_failed_at: Mapped[datetime] = mapped_column(Timestamp, comment="First failed run (UTC)")
    last_failed_at: Mapped[datetime] = mapped_column(Timestamp, comment="Latest failed run (UTC)")


class StoryCluster(Base):
    """One story: near-duplicate articles (an agency story and its republished copies)."""

    __tablename__ = "story_clusters"
    __table_args__ = ({"comment": "Stories: groups of near-duplicate articles across sources (agency copies)"},)

    id: Mapped[int] = mapped_column(RowId, primary_key=True, comment="Story id")
    title: Mapped[str | None] = mapped_column(Text, comment="Headline of the earliest copy")
    first_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"),
        comment="Earliest copy (articles.id): the first publisher of the story",
    )
    first_source_id: Mapped[int | None] = mapped_column(
        ForeignKey("sources.id", ondelete="SET NULL"), comment="Outlet of the earliest copy (sources.id)"
    )
    first_published_at: Mapped[datetime | None] = mapped_column(
        Timestamp, comment="Publication instant of the earliest copy (UTC)"
    )
    article_count: Mapped[int] = mapped_column(Integer, default=0, comment="Articles in the story")
    source_count: Mapped[int] = mapped_column(Integer, default=0, comment="Distinct outlets that ran it")
    created_at: Mapped[datetime] = mapped_column(Timestamp, comment="When the story was first formed (UTC)")
    updated_at: Mapped[datetime] = mapped_column(Timestamp, comment="When an article last joined or left (UTC)")


class ArticleCluster(Base):
    """Which story an article belongs to, with the MinHash signature that put it there."""

    __tablename__ = "article_clusters"
    __table_args__ = ({"comment": "Story membership of each article and its MinHash signature"},)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, comment="The article (articles.id)"
    )
    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("story_clusters.id", ondelete="CASCADE"), index=True, comment="Its story (story_clusters.id)"
    )
    matched_article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"),
        comment="The earlier article it was found similar to; NULL when it started the story",
    )
    similarity: Mapped[float | None] = mapped_column(
        Float, comment="Estimated Jaccard similarity (0..1) of word shingles with the matched article"
    )
    containment: Mapped[float | None] = mapped_column(
        Float, comment="Estimated share (0..1) of the shorter text's shingles found in the other"
    )
    shingle_count: Mapped[int] = mapped_column(Integer, default=0, comment="Distinct word 4-grams in the body")
    signature: Mapped[bytes | None] = mapped_column(
        LargeBinary, comment="MinHash signature: little-endian uint32 values, one per permutation; NULL when the body is too short"
    )
    scheme: Mapped[str] = mapped_column(String(40), comment="Signature scheme: permutations, shingle words, bands x rows (minhash126-xw4-b42r3)")
    assigned_at: Mapped[datetime] = mapped_column(Timestamp, comment="When it was assigned (UTC)")


class StoryLshBucket(Base):
    """LSH band buckets of each signature: articles sharing a bucket are candidate duplicates."""

    __tablename__ = "story_lsh_buckets"
    __table_args__ = ({"comment": "LSH index: one row per signature band; equal buckets mark candidate duplicates"},)

    bucket: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, comment="64-bit hash of one band of the signature and its band number"
    )
    # No foreign key (since migration 0011): its check cost more than the row, for 42 rows per
    # article. Rows go with their membership row, deleted with it by ``db.clusters``; a row
    # left by an article deleted some other way matches no membership and is never a candidate.
    article_id: Mapped[int] = mapped_column(
        RowId,
        primary_key=True,
        index=True,
        comment="The article (article_clusters.article_id)",
    )
