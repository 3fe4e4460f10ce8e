"""One article schema: the item, the stored row, the renormalize mapping and the model agree.

``newscrawl.schema.NewsArticle`` is the only place the article's fields are written out; these
tests fail when something derived from it (or storing it) drifts away.
"""

from __future__ import annotations

import dataclasses
import json
import typing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.misc import load_object
from sitefixtures import article_cases, normalized, parsed
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Mapped, Session

from newscrawl import processing, schema, settings
from newscrawl.cli import main as cli_main
from newscrawl.cli.renormalize import renormalized
from newscrawl.db import models, repository
from newscrawl.db.engine import check_ready, make_engine, upgrade
from newscrawl.items import ArticleItem
from newscrawl.normalize.dateline import strip_trailing_credits
from newscrawl.pipelines.normalize import StepPipeline
from newscrawl.pipelines.storage import StoragePipeline
from newscrawl.sites import all_sites, source_rows
from newscrawl.sites.base import RawArticle

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


# -- the schema and what is derived from it --------------------------------------------------


def test_every_field_is_documented_and_has_a_role() -> None:
    assert len(schema.FIELDS) >= 30
    for spec in schema.FIELDS:
        assert len(spec.doc) > 20, spec.name
        assert spec.doc.endswith("."), spec.name
        assert spec.role in ("identity", "raw", "normalized"), spec.name
    # A raw value kept next to its normalized one (DESIGN: side by side).
    roles = {spec.name: spec.role for spec in schema.FIELDS}
    for raw, normal in [("byline_raw", "authors"), ("date_published_raw", "published_at"),
                        ("dateline_raw", "dateline"), ("body_paragraphs", "body")]:  # fmt: skip
        assert (roles[raw], roles[normal]) == ("raw", "normalized")


def test_only_url_title_and_hash_are_required() -> None:
    assert {s.name for s in schema.FIELDS if s.required} == {"url", "title", "content_hash"}
    with pytest.raises(TypeError):
        schema.NewsArticle(url="https://example.com/a", title="A")  # type: ignore[call-arg]
    article = schema.NewsArticle(url="https://example.com/a", title="A", content_hash="0" * 64)
    assert (article.authors, article.body, article.parser) == ([], "", "unknown")


def test_the_item_has_exactly_the_schema_fields_with_their_docs() -> None:
    assert list(ArticleItem.fields) == list(schema.FIELD_NAMES)
    for spec in schema.FIELDS:
        assert ArticleItem.fields[spec.name] == {"doc": spec.doc, "role": spec.role}
    with pytest.raises(KeyError):
        ArticleItem(headline="not a field")


def test_a_parser_result_fills_only_identity_and_raw_fields_of_the_same_type() -> None:
    hints = typing.get_type_hints(RawArticle)
    for f in dataclasses.fields(RawArticle):
        spec = schema.field_spec(f.name)
        assert spec.role in ("identity", "raw"), f.name
        # The parser may leave out what a stored article must have (``title``).
        assert hints[f.name] | None == spec.type | None, f.name


def test_stored_fields_are_columns_source_and_credits() -> None:
    without_column = {name for name in schema.STORED_FIELDS if name not in schema.COLUMNS}
    # archive_file / archive_offset are kept on the version's article_revisions row.
    assert without_column == {"source", "authors", "agencies", "archive_file", "archive_offset"}
    assert set(schema.COLUMNS) <= set(schema.STORED_FIELDS)
    assert "author_names" not in schema.STORED_FIELDS  # not stored: see renormalize below


def test_model_columns_and_schema_agree() -> None:
    """Every ``articles`` column is a schema field's (same type, same nullability) or one of
    the few columns only storage knows; drift in either fails here."""
    table = models.Article.__table__
    hints = typing.get_type_hints(models.Article, vars(models))
    columns = {c.name for c in table.columns}
    assert columns == set(schema.COLUMNS.values()) | set(repository.STORAGE_COLUMNS)
    for name, column in schema.COLUMNS.items():
        spec = schema.field_spec(name)
        mapped = hints[column]
        assert typing.get_origin(mapped) is Mapped, column
        (model_type,) = typing.get_args(mapped)
        assert model_type == spec.type, f"{name}: schema {spec.type}, model {model_type}"
        nullable = type(None) in typing.get_args(spec.type)
        assert table.c[column].nullable == nullable, column


def test_the_upsert_writes_every_schema_column() -> None:
    assert set(repository.ARTICLE_COLUMNS) == (
        set(schema.COLUMNS.values()) - {"url"} | {"published_local"}
    )


# -- one pipeline order ------------------------------------------------------------------------


def test_the_crawl_runs_the_processing_steps_in_their_order() -> None:
    ordered = sorted(settings.ITEM_PIPELINES.items(), key=lambda item: item[1])
    classes = [load_object(path) for path, _ in ordered]
    # a pipeline runs one step, or several in order (NormalizePipeline: all of them)
    steps = [
        step
        for cls in classes
        if issubclass(cls, StepPipeline)
        for step in (cls.steps if hasattr(cls, "steps") else (cls.step,))
    ]
    assert steps == list(processing.STEPS)
    assert classes[-1] is StoragePipeline
    assert all(issubclass(cls, StepPipeline) for cls in classes[:-1])


# -- the renormalize mapping ---------------------------------------------------------------------


def _stored(article: dict[str, Any], slug: str) -> dict[str, Any]:
    """The row the database gives back for an article (as ``stored_articles_page`` does)."""
    row = repository.article_row(article, 1, NOW)
    row.update(id=1, source=slug)
    return row


def _faithful_cases() -> list[Any]:
    """Fixture articles whose raw values are all stored: no author names from markup (not
    kept) and no closing agency credit (cut from the stored body)."""
    cases = []
    for site in all_sites():
        for case in article_cases(site.slug):
            raw = parsed(site.slug, case["name"])
            if raw.author_names or not raw.title or not raw.body_paragraphs:
                continue
            if strip_trailing_credits(list(raw.body_paragraphs))[1]:
                continue
            cases.append(pytest.param(site.slug, case["name"], id=f"{site.slug}::{case['name']}"))
    return cases


FAITHFUL = _faithful_cases()


def test_most_fixture_articles_can_be_renormalized_faithfully() -> None:
    assert len(FAITHFUL) >= 15


@pytest.mark.parametrize(("slug", "name"), FAITHFUL)
def test_renormalizing_a_freshly_stored_article_changes_nothing(slug: str, name: str) -> None:
    article = normalized(slug, name)
    row = _stored(article, slug)
    back = processing.stored_to_fields(row)
    for spec in schema.FIELDS:
        if spec.column is not None and spec.role != "normalized":
            assert back[spec.name] == row[spec.column], spec.name
    assert renormalized(row) is None


def test_stored_to_fields_puts_the_dateline_back_and_starts_normalized_values_empty() -> None:
    article = {
        "url": "https://www.jordantimes.com/news/local/a", "source": "jordantimes",
        "title": "Title", "byline_raw": "By Reuters", "authors": [], "agencies": ["Reuters"],
        "desks": ["JT"], "byline_kind": "agency", "dateline_raw": "AMMAN —", "dateline": "AMMAN",
        "dateline_places": ["Amman"], "dateline_countries": ["JO"], "body": "One.\n\nTwo.",
        "word_count": 2, "content_hash": "h", "provenance": {"title": "selector"},
    }  # fmt: skip
    row = _stored(article, "jordantimes")
    row["last_seen_at"] = NOW
    back = processing.stored_to_fields(row)
    assert back["body_paragraphs"] == ["AMMAN — One.", "Two."]
    assert back["byline_raw"] == "By Reuters"
    assert back["source"] == "jordantimes"
    assert back["fetched_at"] == NOW
    assert back["agencies"] == back["desks"] == back["dateline_places"] == []
    assert back["dateline"] is back["content_hash"] is back["byline_kind"] is None
    assert back["author_names"] == []
    back["provenance"]["body"] = "changed"  # a copy, not the row's own dict
    assert row["provenance"] == {"title": "selector"}


def test_a_normalizer_fix_reaches_every_recomputed_column() -> None:
    """Columns the content hash does not cover (desks, updated_at) are compared as well."""
    slug, name = FAITHFUL[0].values
    row = _stored(normalized(slug, name), slug)
    for column, wrong in [("desks", ["Nobody"]), ("word_count", 1), ("published_local", "x"),
                          ("dateline_places", ["Nowhere"]), ("date_precision", "year")]:  # fmt: skip
        corrupted = {**row, column: wrong}
        fixed = renormalized(corrupted)
        assert fixed is not None, column
        assert repository.article_row(fixed, 1, NOW)[column] == row[column]


# -- the renormalize command, a page at a time ----------------------------------------------------


def _fixture_articles() -> list[dict[str, Any]]:
    articles = []
    for param in FAITHFUL:
        slug, name = param.values
        article = dict(normalized(slug, name))
        article["source"] = slug
        articles.append(article)
    return articles


def _store(url: str, articles: list[dict[str, Any]]) -> None:
    engine = make_engine(url)
    with Session(engine) as session:
        ids = repository.ensure_sources(session, source_rows(all_sites()))
        repository.upsert_articles(session, articles, ids, NOW)
        session.commit()
    engine.dispose()


def _query(url: str, sql: str) -> list[Any]:
    engine = create_engine(url)
    with engine.connect() as conn:
        rows = list(conn.execute(text(sql)))
    engine.dispose()
    return rows


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'renormalize.db'}"
        check_ready(make_engine(url))
        return url
    url: str = request.getfixturevalue("fresh_pg_url")
    upgrade(url)
    return url


def test_renormalize_repairs_rows_page_by_page(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = _fixture_articles()
    _store(db_url, articles)
    total = len(articles)
    engine = create_engine(db_url)
    with engine.begin() as conn:  # what an older, buggier normalizer might have stored
        conn.execute(text("UPDATE articles SET published_at = NULL, published_local = NULL WHERE id % 2 = 0"))
        conn.execute(text("UPDATE articles SET desks = '[\"Nobody\"]' WHERE id % 3 = 0"))
        broken = conn.execute(text("SELECT count(*) FROM articles WHERE id % 2 = 0 OR id % 3 = 0")).scalar()
    engine.dispose()
    before = {row.url: row for row in _query(db_url, "SELECT url, published_local, desks, content_hash FROM articles")}
    monkeypatch.setenv("NEWSCRAWL_DATABASE_URL", db_url)

    assert cli_main(["renormalize", "--dry-run", "--batch", "2"]) == 0
    assert f"{total} articles checked, {broken} would change" in capsys.readouterr().out
    assert cli_main(["renormalize", "--batch", "2"]) == 0  # pages of 2: rows span many pages
    assert f"{total} articles checked, {broken} changed" in capsys.readouterr().out

    expected = {a["url"]: a for a in articles}
    for row in _query(db_url, "SELECT url, published_local, desks, content_hash FROM articles"):
        article = expected[row.url]
        published = article.get("published_at")
        assert row.published_local == (published.isoformat() if published else None)
        desks = row.desks if isinstance(row.desks, list) else json.loads(row.desks)
        assert desks == article["desks"]
        assert row.content_hash == before[row.url].content_hash == article["content_hash"]

    assert cli_main(["renormalize", "--batch", "3"]) == 0
    assert f"{total} articles checked, 0 changed" in capsys.readouterr().out
    slug = articles[0]["source"]
    assert cli_main(["renormalize", "--site", slug, "--batch", "1"]) == 0
    own = sum(1 for a in articles if a["source"] == slug)
    assert f"{own} articles checked, 0 changed" in capsys.readouterr().out


def test_stored_articles_page_walks_every_row_once_in_id_order(pg_session: Session) -> None:
    ids = repository.ensure_sources(pg_session, source_rows(all_sites()))
    articles = _fixture_articles()
    repository.upsert_articles(pg_session, articles, ids, NOW)
    seen: list[int] = []
    last = 0
    while page := repository.stored_articles_page(pg_session, after_id=last, limit=4):
        assert len(page) <= 4
        seen.extend(row["id"] for row in page)
        last = page[-1]["id"]
    assert seen == sorted(seen)
    assert len(seen) == len(set(seen)) == len(articles)
    row = repository.stored_articles_page(pg_session, limit=1)[0]
    assert set(row) == {c.name for c in inspect(models.Article).columns} | {"source"}
    slug = articles[0]["source"]
    only = repository.stored_articles_page(pg_session, limit=1000, site=slug)
    assert {r["source"] for r in only} == {slug}
