"""Storage against a real PostgreSQL (schema from the migrations) and the SQLite default."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.orm import Session

from newscrawl.db import repository
from newscrawl.db.engine import check_ready, downgrade, make_engine, upgrade
from newscrawl.db.models import Agency, Article, ArticleAuthor, Author, Base
from newscrawl.processing import content_hash
from newscrawl.sites import get_site, source_rows

AMMAN = ZoneInfo("Asia/Amman")


def make_article(url: str = "https://www.jordantimes.com/news/local/a", **changes):  # type: ignore[no-untyped-def]
    article = {
        "url": url,
        "source": "jordantimes",
        "section": "local",
        "title": "Central bank warns against bitcoin",
        "byline_raw": "By Omar Obeidat and Rana Husseini",
        "authors": ["Omar Obeidat", "Rana Husseini"],
        "agencies": [],
        "desks": [],
        "byline_kind": "person",
        "date_published_raw": "Feb 22,2014",
        "date_updated_raw": "Feb 23,2014",
        "published_at": datetime(2014, 2, 22, tzinfo=AMMAN),
        "updated_at": datetime(2014, 2, 23, tzinfo=AMMAN),
        "date_precision": "day",
        "dateline_raw": "AMMAN —",
        "dateline": "AMMAN",
        "dateline_places": ["Amman"],
        "dateline_countries": ["JO"],
        "body": "The Central Bank of Jordan warned on Saturday.\n\nSecond paragraph.",
        "caption": None,
        "word_count": 10,
        "language": "en",
        "parser": "jordantimes/drupal7",
        "provenance": {"title": "selector"},
    }
    article.update(changes)
    article["content_hash"] = content_hash(article)
    return article


@pytest.fixture
def sources(pg_session: Session) -> dict[str, int]:
    return repository.ensure_sources(pg_session, source_rows([get_site("jordantimes")]))


def count(session: Session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_upsert_is_idempotent(pg_session: Session, sources: dict[str, int]) -> None:
    first = repository.upsert_articles(pg_session, [make_article()], sources)
    second = repository.upsert_articles(pg_session, [make_article()], sources)
    assert first.new == ["https://www.jordantimes.com/news/local/a"]
    assert second.unchanged == ["https://www.jordantimes.com/news/local/a"]
    assert count(pg_session, Article) == 1
    assert count(pg_session, ArticleAuthor) == 2


def test_changed_article_updates_its_row(pg_session: Session, sources: dict[str, int]) -> None:
    repository.upsert_articles(pg_session, [make_article()], sources)
    changed = make_article(title="Central bank repeats bitcoin warning", authors=["Rana Husseini"])
    result = repository.upsert_articles(pg_session, [changed], sources)
    assert result.updated == [changed["url"]]
    row = pg_session.scalars(select(Article)).one()
    assert row.title == "Central bank repeats bitcoin warning"
    assert repository.article_credits(pg_session, changed["url"])[0] == ["Rana Husseini"]
    assert count(pg_session, Article) == 1


def test_duplicate_url_within_a_batch_keeps_the_last(pg_session: Session, sources: dict[str, int]) -> None:
    batch = [make_article(title="old"), make_article(title="new")]
    repository.upsert_articles(pg_session, batch, sources)
    assert pg_session.scalars(select(Article.title)).one() == "new"


def test_timezone_round_trip_keeps_the_local_day(pg_session: Session, sources: dict[str, int]) -> None:
    repository.upsert_articles(pg_session, [make_article()], sources)
    pg_session.expire_all()
    row = pg_session.scalars(select(Article)).one()
    assert row.published_at == datetime(2014, 2, 21, 22, 0, tzinfo=UTC)
    assert row.published_at.astimezone(AMMAN).date().isoformat() == "2014-02-22"
    assert row.published_local == "2014-02-22T00:00:00+02:00"
    assert row.date_precision == "day"


def test_authors_and_agencies_keep_byline_order(pg_session: Session, sources: dict[str, int]) -> None:
    article = make_article(
        authors=["Zeina Zed", "Adam Alpha", "Mona Middle"], agencies=["Reuters", "AFP"]
    )
    repository.upsert_articles(pg_session, [article], sources)
    authors, agencies = repository.article_credits(pg_session, article["url"])
    assert authors == ["Zeina Zed", "Adam Alpha", "Mona Middle"]
    assert agencies == ["Reuters", "AFP"]
    assert count(pg_session, Agency) == 2


def test_shared_author_is_one_row(pg_session: Session, sources: dict[str, int]) -> None:
    a = make_article(url="https://www.jordantimes.com/news/local/a")
    b = make_article(url="https://www.jordantimes.com/news/local/b")
    repository.upsert_articles(pg_session, [a, b], sources)
    assert count(pg_session, Author) == 2
    assert count(pg_session, ArticleAuthor) == 4


def test_migrations_match_the_models(migrated_pg_url: str) -> None:
    engine = create_engine(migrated_pg_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_every_migration_downgrades(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url)
    downgrade(fresh_pg_url, "base")
    engine = create_engine(fresh_pg_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    upgrade(fresh_pg_url)


def test_unmigrated_postgres_fails_fast_with_advice(fresh_pg_url: str) -> None:
    engine = make_engine(fresh_pg_url)
    with pytest.raises(Exception, match="newscrawl db upgrade"):
        check_ready(engine)
    engine.dispose()


def test_sqlite_default_is_created_and_migrated_on_first_use(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'newscrawl.db'}"
    engine = make_engine(url)
    check_ready(engine)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
        repository.upsert_articles(session, [make_article()], ids)
    with Session(engine) as session, session.begin():
        again = repository.upsert_articles(session, [make_article()], ids)
        assert again.unchanged
        assert repository.article_credits(session, make_article()["url"])[0] == [
            "Omar Obeidat",
            "Rana Husseini",
        ]
        stored = session.scalars(select(Article)).one()
        assert stored.published_local == "2014-02-22T00:00:00+02:00"
        # SQLite keeps no offset: the instant is written in UTC, like PostgreSQL's timestamptz.
        raw = session.execute(text("SELECT published_at FROM articles")).scalar()
        assert str(raw).startswith("2014-02-21 22:00:00")
    engine.dispose()
