"""full-text search: generated tsvector columns with GIN indexes (PostgreSQL), FTS5 (SQLite)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 09:10:00

PostgreSQL: ``articles.search_en`` (English stemming) and ``articles.search_simple`` (no
stemming: Arabic and mixed text) are stored generated columns over title (weight A) and body
(weight B), each with a GIN index. Adding them rewrites ``articles`` once.

SQLite: an external-content FTS5 table ``articles_fts(title, body)`` over ``articles``, kept in
sync by three triggers. A later batch migration that rebuilds ``articles`` on SQLite drops
those triggers with the old table: recreate them (and the views of 0005) afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_EN_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')"
)
SEARCH_SIMPLE_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B')"
)

SQLITE_UP = (
    # porter stems English words; unicode61 folds case and diacritics of any script.
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, body, content='articles', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, body)
        VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO articles_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    "INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS articles_fts",
)


def _dialect() -> str:
    return op.get_bind().dialect.name


def upgrade() -> None:
    if _dialect() == "postgresql":
        op.add_column(
            "articles",
            sa.Column(
                "search_en",
                postgresql.TSVECTOR(),
                sa.Computed(SEARCH_EN_SQL, persisted=True),
                nullable=True,
                comment="Generated: English full-text vector of title (weight A) and body (B); PostgreSQL only",
            ),
        )
        op.add_column(
            "articles",
            sa.Column(
                "search_simple",
                postgresql.TSVECTOR(),
                sa.Computed(SEARCH_SIMPLE_SQL, persisted=True),
                nullable=True,
                comment="Generated: unstemmed full-text vector (Arabic, mixed text) of title (A) and body (B); PostgreSQL only",
            ),
        )
        op.create_index("ix_articles_search_en", "articles", ["search_en"], postgresql_using="gin")
        op.create_index(
            "ix_articles_search_simple", "articles", ["search_simple"], postgresql_using="gin"
        )
    elif _dialect() == "sqlite":
        for statement in SQLITE_UP:
            op.execute(statement)


def downgrade() -> None:
    if _dialect() == "postgresql":
        op.drop_index("ix_articles_search_simple", table_name="articles")
        op.drop_index("ix_articles_search_en", table_name="articles")
        op.drop_column("articles", "search_simple")
        op.drop_column("articles", "search_en")
    elif _dialect() == "sqlite":
        for statement in SQLITE_DOWN:
            op.execute(statement)
