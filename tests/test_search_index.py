"""article_search: indexed with the batch by default, deferred on request, caught up later."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from newscrawl.cli import main
from newscrawl.db import queries, repository, search_index
from newscrawl.db.engine import check_ready, downgrade, make_engine, upgrade
from newscrawl.db.models import Article, ArticleSearch
from newscrawl.processing import content_hash
from newscrawl.sites import get_site, source_rows


def story(n: int, **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": f"https://www.jordantimes.com/news/local/story-{n}",
        "source": "jordantimes",
        "title": f"Water ministry plan number {n}",
        "body": f"Officials discussed the water supply plan {n} with farmers in Irbid.",
        "published_at": datetime(2025, 3, 4, tzinfo=ZoneInfo("Asia/Amman")),
        "date_precision": "day",
        "authors": [],
        "agencies": [],
        "language": "en",
        "parser": "test",
    }
    row.update(fields)
    row["word_count"] = len(row["body"].split())
    row["content_hash"] = content_hash(row)
    return row


def indexed(session: Session) -> dict[int, tuple[str, Any]]:
    rows = session.execute(
        select(ArticleSearch.article_id, ArticleSearch.content_hash, ArticleSearch.indexed_at)
    )
    return {aid: (digest, at) for aid, digest, at in rows}


def found(session: Session, query: str) -> list[str]:
    return [hit.url for hit in queries.search(session, query)]


def test_new_articles_are_searchable_after_the_batch(pg_session: Session) -> None:
    ids = repository.ensure_sources(pg_session, source_rows([get_site("jordantimes")]))
    repository.upsert_articles(pg_session, [story(1), story(2)], ids)
    stored = dict(pg_session.execute(select(Article.id, Article.content_hash)).all())
    assert {aid: digest for aid, (digest, _) in indexed(pg_session).items()} == stored
    assert search_index.pending_count(pg_session) == 0
    assert len(found(pg_session, "farmers")) == 2


def test_unchanged_articles_are_not_reindexed_and_changed_ones_are(pg_session: Session) -> None:
    ids = repository.ensure_sources(pg_session, source_rows([get_site("jordantimes")]))
    repository.upsert_articles(pg_session, [story(1), story(2)], ids)
    before = indexed(pg_session)
    changed = story(2, body="The ministry postponed the irrigation tender until spring.")
    result = repository.upsert_articles(pg_session, [story(1), changed], ids)
    assert (len(result.unchanged), len(result.updated)) == (1, 1)
    after = indexed(pg_session)
    unchanged_id, changed_id = sorted(before)
    assert after[unchanged_id] == before[unchanged_id]  # same hash, same indexed_at
    assert after[changed_id][0] == changed["content_hash"] != before[changed_id][0]
    assert found(pg_session, "irrigation") == [changed["url"]]
    assert found(pg_session, "farmers") == [story(1)["url"]]


def test_deferred_indexing_leaves_articles_pending_until_caught_up(pg_session: Session) -> None:
    ids = repository.ensure_sources(pg_session, source_rows([get_site("jordantimes")]))
    repository.upsert_articles(pg_session, [story(n) for n in range(5)], ids, index_search=False)
    assert search_index.pending_count(pg_session) == 5
    assert found(pg_session, "farmers") == []
    first = pg_session.scalars(select(func.min(Article.id))).one()
    assert search_index.index_pending(pg_session, [first]) == 1
    assert search_index.index_pending(pg_session, [first]) == 0  # already current
    assert search_index.index_pending(pg_session) == 4
    assert search_index.pending_count(pg_session) == 0
    assert len(found(pg_session, "farmers")) == 5
    # A re-crawl of a deferred article indexes it with its batch even though it is unchanged.
    repository.upsert_articles(pg_session, [story(9)], ids, index_search=False)
    result = repository.upsert_articles(pg_session, [story(9)], ids)
    assert result.unchanged == [story(9)["url"]]
    assert search_index.pending_count(pg_session) == 0


def test_search_index_command_catches_up_in_batches(
    fresh_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    upgrade(fresh_pg_url)
    engine = make_engine(fresh_pg_url)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
        repository.upsert_articles(session, [story(n) for n in range(7)], ids, index_search=False)
    assert main(["search-index", "--batch", "3", "--url", fresh_pg_url]) == 0
    captured = capsys.readouterr()
    assert "indexed 7 articles" in captured.out
    assert "3 transactions" in captured.out
    with Session(engine) as session:
        assert search_index.pending_count(session) == 0
    assert main(["search-index", "--url", fresh_pg_url, "--quiet"]) == 0
    assert "indexed 0 articles" in capsys.readouterr().out
    engine.dispose()


def test_search_index_command_on_sqlite(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'newscrawl.db'}"
    engine = make_engine(url)
    check_ready(engine)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
        repository.upsert_articles(session, [story(1)], ids, index_search=False)
    with Session(engine) as session:
        assert search_index.pending_count(session) == 0
        assert found(session, "farmers") == [story(1)["url"]]  # FTS5 triggers
    engine.dispose()
    assert main(["search-index", "--url", url]) == 0
    assert "nothing to index" in capsys.readouterr().out


def test_migration_moves_the_vectors_and_back(fresh_pg_url: str) -> None:
    upgrade(fresh_pg_url, "0005")
    engine = create_engine(fresh_pg_url)
    with Session(engine) as session, session.begin():
        ids = repository.ensure_sources(session, source_rows([get_site("jordantimes")]))
        # At 0005 the vectors are generated columns of articles; nothing to index separately.
        repository.upsert_articles(session, [story(1), story(2)], ids, index_search=False)
    upgrade(fresh_pg_url)
    with Session(engine) as session:
        assert search_index.pending_count(session) == 0
        assert len(found(session, "farmers")) == 2
        columns = session.execute(
            text(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'articles' AND column_name LIKE 'search%'"
            )
        ).all()
        assert columns == []
        compression = session.execute(
            text(
                "SELECT attcompression FROM pg_attribute "
                "WHERE attrelid = 'articles'::regclass AND attname = 'body'"
            )
        ).scalar()
        methods = session.execute(
            text("SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'")
        ).scalar()
        # lz4 where the server has it, else the server's default
        assert compression == ("l" if "lz4" in (methods or []) else "")
    downgrade(fresh_pg_url, "0005")
    with engine.connect() as conn:
        hits = conn.execute(
            text(
                "SELECT count(*) FROM articles "
                "WHERE search_en @@ websearch_to_tsquery('english', 'farmers')"
            )
        ).scalar_one()
        tables = conn.execute(text("SELECT to_regclass('article_search')")).scalar()
    assert (hits, tables) == (2, None)
    engine.dispose()
    upgrade(fresh_pg_url)
