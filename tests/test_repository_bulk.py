"""The PostgreSQL bulk path of upsert_articles keeps the generic path's results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from newscrawl.db import repository
from newscrawl.db.models import Article, ArticleRevision
from newscrawl.processing import content_hash
from newscrawl.sites import get_site, source_rows

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def item(**fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "url": "https://www.jordantimes.com/news/local/bulk",
        "source": "jordantimes",
        "title": "Budget approved",
        "body": "The council approved the budget on Sunday.",
        "authors": ["Hala Nasser", "Karim Zoubi"],
        "agencies": ["Petra"],
        "desks": ["JT"],
        "dateline_countries": ["JO"],
        "provenance": {"title": "selector"},
        "http_etag": '"a"',
        "parser": "test",
    }
    row.update(fields)
    row["content_hash"] = content_hash(row)
    return row


@pytest.fixture
def ids(pg_session: Session) -> dict[str, int]:
    return repository.ensure_sources(pg_session, source_rows([get_site("jordantimes")]))


def test_unchanged_touch_refreshes_fetch_fields_and_keeps_change_time(
    pg_session: Session, ids: dict[str, int]
) -> None:
    repository.upsert_articles(pg_session, [item()], ids, T0)
    later = T0 + timedelta(days=1)
    result = repository.upsert_articles(pg_session, [item(http_etag='"b"')], ids, later)
    assert result.unchanged == [item()["url"]]
    pg_session.expire_all()
    row = pg_session.scalars(select(Article)).one()
    assert (row.http_etag, row.body, row.desks, row.provenance) == (
        '"b"', item()["body"], ["JT"], {"title": "selector"},
    )  # fmt: skip
    assert (row.first_seen_at, row.last_seen_at, row.last_changed_at) == (T0, later, T0)


def test_reverted_edit_is_not_a_new_revision(pg_session: Session, ids: dict[str, int]) -> None:
    repository.upsert_articles(pg_session, [item()], ids, T0)
    repository.upsert_articles(pg_session, [item(title="Budget delayed")], ids, T0 + timedelta(1))
    result = repository.upsert_articles(pg_session, [item()], ids, T0 + timedelta(2))
    assert result.updated == [item()["url"]]
    titles = pg_session.scalars(select(ArticleRevision.title).order_by(ArticleRevision.id)).all()
    assert titles == ["Budget approved", "Budget delayed"]
    row = pg_session.scalars(select(Article)).one()
    assert (row.title, row.last_changed_at) == ("Budget approved", T0 + timedelta(2))


def test_last_version_in_a_batch_wins_with_its_credits(
    pg_session: Session, ids: dict[str, int]
) -> None:
    batch = [item(), item(authors=["Karim Zoubi", "Dana Saleh"], agencies=[])]
    result = repository.upsert_articles(pg_session, batch, ids)
    assert result.new == [item()["url"]]
    assert repository.article_credits(pg_session, item()["url"]) == (
        ["Karim Zoubi", "Dana Saleh"],
        [],
    )


def test_a_value_too_long_for_its_column_is_refused(
    pg_session: Session, ids: dict[str, int]
) -> None:
    with pytest.raises(DBAPIError, match="too long"):
        repository.upsert_articles(pg_session, [item(section="x" * 101)], ids)


def test_percent_signs_and_quotes_are_stored_as_given(
    pg_session: Session, ids: dict[str, int]
) -> None:
    odd = item(
        url="https://www.jordantimes.com/news/local/50%25-rise",
        title="Prices up 50% %s %(x)s {urls} {values}",
        body="O'Neil said: \\ 100%\n\nDone.",
        authors=["Sa'ed 100%"],
    )
    repository.upsert_articles(pg_session, [odd], ids)
    row = pg_session.scalars(select(Article)).one()
    assert (row.url, row.title, row.body) == (odd["url"], odd["title"], odd["body"])
    assert repository.article_credits(pg_session, odd["url"])[0] == ["Sa'ed 100%"]
