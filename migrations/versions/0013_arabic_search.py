"""Arabic full-text search: per-row language configuration and Arabic letter folding

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 08:40:00

PostgreSQL: ``article_search.search_en`` is now computed in the row's own language
configuration, ``arabic`` (Snowball: strips glued prefixes, folds hamza and madda alefs, alef
maqsura, harakat and tatweel) for ``articles.language = 'ar'`` and ``english`` for every other
row. The upgrade recomputes the vectors of the Arabic rows; the downgrade recomputes them with
the expression of 0009. No column changes.

SQLite: the FTS5 triggers of 0004 write the same folded text into ``articles_fts`` (with
``replace()`` only, so any connection can write articles), and the index is refilled from
``articles``. The downgrade restores the triggers of 0004 and rebuilds the index unfolded.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: later code may change the expressions, this revision must not.
CONFIG = "(CASE WHEN language = 'ar' THEN 'arabic' ELSE 'english' END)::regconfig"
NEW_EN = (
    f"setweight(to_tsvector({CONFIG}, coalesce(title, '')), 'A') || "
    f"setweight(to_tsvector({CONFIG}, coalesce(body, '')), 'B')"
)
OLD_EN = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')"
)
ARABIC_ROWS = "language = 'ar'"

_LETTERS = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي"}
_DROPPED = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"


def _fold(expression: str) -> str:
    for source in (*_LETTERS, *_DROPPED):
        expression = f"replace({expression}, '{source}', '{_LETTERS.get(source, '')}')"
    return expression


def _sqlite_triggers(fold: bool) -> tuple[str, ...]:
    f = _fold if fold else (lambda e: e)
    return (
        f"""CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body)
        VALUES (new.id, {f("new.title")}, {f("new.body")});
    END""",
        f"""CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, {f("old.title")}, {f("old.body")});
    END""",
        f"""CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, {f("old.title")}, {f("old.body")});
        INSERT INTO articles_fts(rowid, title, body)
        VALUES (new.id, {f("new.title")}, {f("new.body")});
    END""",
    )


def _sqlite(fold: bool) -> None:
    for name in ("articles_fts_update", "articles_fts_delete", "articles_fts_insert"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for statement in _sqlite_triggers(fold):
        op.execute(statement)
    op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
    if fold:
        op.execute(
            "INSERT INTO articles_fts(rowid, title, body) "
            f"SELECT id, {_fold('title')}, {_fold('body')} FROM articles"
        )
    else:
        op.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")


def _postgres(en: str) -> None:
    op.execute(
        f"UPDATE article_search s SET search_en = x.en "
        f"FROM (SELECT id, {en} AS en FROM articles WHERE {ARABIC_ROWS}) x "
        f"WHERE x.id = s.article_id"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _postgres(NEW_EN)
    elif dialect == "sqlite":
        _sqlite(fold=True)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        _postgres(OLD_EN)
    elif dialect == "sqlite":
        _sqlite(fold=False)
