"""SQLAlchemy models: sources, articles, and authors/agencies as rows linked in byline order."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
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


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Source(Base):
    """A news outlet from the site registry."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
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

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True, comment="Canonical URL on the real domain; the key")
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
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
    provenance: Mapped[dict[str, Any]] = mapped_column(
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


class Author(Base):
    """A person credited in a byline, as printed (spelling variants are separate rows)."""

    __tablename__ = "authors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, comment="Display name")


class Agency(Base):
    """A wire agency under its canonical short name (Reuters, AFP, AP, Petra...)."""

    __tablename__ = "agencies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True, comment="Canonical agency name")


class ArticleAuthor(Base):
    """Which people wrote an article, in byline order (position 0 first)."""

    __tablename__ = "article_authors"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, comment="0-based order in the byline")

    author: Mapped[Author] = relationship()


class ArticleAgency(Base):
    """Which agencies an article credits, in order of appearance."""

    __tablename__ = "article_agencies"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agencies.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, comment="0-based order of appearance")

    agency: Mapped[Agency] = relationship()


class ArticleRevision(Base):
    """Every distinct version of an article seen by a crawl (the first one included)."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "content_hash"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
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


class CrawlRun(Base):
    """One `scrapy crawl` run: what it did, what went wrong, how healthy extraction was."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    spider: Mapped[str] = mapped_column(String(64), index=True, comment="Spider (site slug)")
    started_at: Mapped[datetime] = mapped_column(Timestamp, comment="Start of the run (UTC)")
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
    stats: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict, comment="Full Scrapy stats of the run")
    arguments: Mapped[dict[str, Any]] = mapped_column(JsonValue, default=dict, comment="Spider arguments (-a)")
    host: Mapped[str | None] = mapped_column(String(200), comment="Machine that ran it")
