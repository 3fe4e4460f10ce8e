"""full-text search moves to its own table, article_search, filled after the write (PostgreSQL)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00

Before: ``articles.search_en`` / ``search_simple`` were STORED generated columns with a GIN
index each. PostgreSQL computed both vectors (and updated both indexes) on every INSERT and
on every UPDATE of the row, including the re-crawl that only moves ``last_seen_at``: about
2.5 ms of server CPU per 500-word article, most of a bulk upsert's cost.

After: ``article_search`` holds the two vectors per article together with the
``content_hash`` they were computed from. The writer (``newscrawl.db.search_index``) indexes
only articles whose hash differs from the indexed one, in one set-based statement; the crawl
does it in the storing transaction by default, a backfill may defer it to
``newscrawl search-index``. The upgrade copies the vectors already computed (no re-parsing),
builds the GIN indexes once, then drops the generated columns (a catalog change, no rewrite).
The downgrade adds the generated columns back (which rewrites ``articles`` once, as 0004 did)
and drops ``article_search``.

Also (PostgreSQL): the long text columns written with every new article or version
(``articles.body``, ``articles.body_html``, ``article_revisions.body``) compress with lz4
instead of the default pglz: about five times less server CPU per stored body for about a
quarter more space. Values already stored keep their compression until rewritten; the
downgrade returns the columns to the server default.

SQLite is unchanged: its FTS5 table ``articles_fts`` is kept current by triggers (0004).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "newscrawl_analyst"
LZ4_COLUMNS = (("articles", "body"), ("articles", "body_html"), ("article_revisions", "body"))

# The expressions of 0004, kept here verbatim: the downgrade recreates those columns.
SEARCH_EN_SQL = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'B')"
)
SEARCH_SIMPLE_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B')"
)
OLD_COMMENTS = {
    "search_en": "Generated: English full-text vector of title (weight A) and body (B); PostgreSQL only",
    "search_simple": "Generated: unstemmed full-text vector (Arabic, mixed text) of title (A) and body (B); PostgreSQL only",
}


def _dialect() -> str:
    return op.get_bind().dialect.name


def _if_role(statement: str) -> None:
    """Grant or revoke for the analyst role of 0005, unless an administrator dropped it."""
    op.execute(f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{ROLE}') THEN
        {statement};
    END IF;
END $$""")


def upgrade() -> None:
    if _dialect() != "postgresql":
        return
    op.create_table(
        "article_search",
        sa.Column(
            "article_id", sa.BigInteger(), nullable=False, comment="The article (articles.id)"
        ),
        sa.Column(
            "content_hash",
            sa.String(length=64),
            nullable=False,
            comment="articles.content_hash of the version indexed; a different one means the row is stale",
        ),
        sa.Column(
            "search_en",
            postgresql.TSVECTOR(),
            nullable=False,
            comment="English full-text vector (stemmed) of title (weight A) and body (B)",
        ),
        sa.Column(
            "search_simple",
            postgresql.TSVECTOR(),
            nullable=False,
            comment="Unstemmed full-text vector (Arabic, mixed text) of title (A) and body (B)",
        ),
        sa.Column(
            "indexed_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When this version was indexed (UTC)",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name=op.f("fk_article_search_article_id_articles"),
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_search")),
        comment="Full-text search vectors of each article, PostgreSQL only; filled after the article is written",
    )
    # The vectors are already computed: copy them, then build each GIN index once.
    op.execute(
        "INSERT INTO article_search (article_id, content_hash, search_en, search_simple, indexed_at) "
        "SELECT id, content_hash, search_en, search_simple, now() FROM articles"
    )
    op.create_index(
        "ix_article_search_search_en", "article_search", ["search_en"], postgresql_using="gin"
    )
    op.create_index(
        "ix_article_search_search_simple",
        "article_search",
        ["search_simple"],
        postgresql_using="gin",
    )
    op.drop_index("ix_articles_search_simple", table_name="articles")
    op.drop_index("ix_articles_search_en", table_name="articles")
    op.drop_column("articles", "search_simple")
    op.drop_column("articles", "search_en")
    _if_role(f"GRANT SELECT ON article_search TO {ROLE}")
    op.execute("ANALYZE article_search")
    if _has_lz4():
        for table, column in LZ4_COLUMNS:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION lz4")


def _has_lz4() -> bool:
    """Whether the server was built with lz4 (most packaged PostgreSQL 14+ are)."""
    names = op.get_bind().exec_driver_sql(
        "SELECT enumvals FROM pg_settings WHERE name = 'default_toast_compression'"
    ).scalar()
    return bool(names) and "lz4" in names


def downgrade() -> None:
    if _dialect() != "postgresql":
        return
    _if_role(f"REVOKE ALL ON article_search FROM {ROLE}")
    for table, column in LZ4_COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET COMPRESSION default")
    for name, expression in (("search_en", SEARCH_EN_SQL), ("search_simple", SEARCH_SIMPLE_SQL)):
        op.add_column(
            "articles",
            sa.Column(
                name,
                postgresql.TSVECTOR(),
                sa.Computed(expression, persisted=True),
                nullable=True,
                comment=OLD_COMMENTS[name],
            ),
        )
    op.create_index("ix_articles_search_en", "articles", ["search_en"], postgresql_using="gin")
    op.create_index(
        "ix_articles_search_simple", "articles", ["search_simple"], postgresql_using="gin"
    )
    op.drop_index("ix_article_search_search_simple", table_name="article_search")
    op.drop_index("ix_article_search_search_en", table_name="article_search")
    op.drop_table("article_search")
