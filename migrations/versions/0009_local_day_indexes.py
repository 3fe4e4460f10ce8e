"""search reads its GIN index (one inline vector); local day and crawl_runs.started_at indexed

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 08:30:00

Before (PostgreSQL): ``article_search`` held two vectors per article, ``search_en`` (english)
and ``search_simple`` (simple), each about 4 KB and stored out of line (TOAST). The planner
prices a sequential scan by the table's own pages, 2.9 MB at 20,000 articles, and not by the
200 MB of vectors behind them, so every search without a filter read and parsed every
vector: a word with 14 hits cost as much as one with 12,000 (480 ms at 20,000 articles).

After: one vector, ``search_en``, kept in the row (``STORAGE MAIN`` and a
``toast_tuple_target`` of a whole page; a vector too long for a page still goes out of line).
The table's pages now show what a scan costs, and a rare word or a phrase is a bitmap scan of
``ix_article_search_search_en`` (0.2 ms for the same 14 hits). The ``simple`` vector added
nothing the ``english`` one lacks: the english configuration leaves Arabic words as written
(there is no Arabic stemmer), so Arabic searches match the same; only English stop words
(``the``) are no longer searchable. Half the storage, half the work per ranked row. The table
is rebuilt (copy, drop, rename), its constraints, index, comments and grant recreated. The
downgrade adds ``search_simple`` back, computed again from ``articles``, with its index.

Also: the views ``article_overview.published_date_local`` and ``daily_source_counts.day``
computed the outlet's calendar day as ``(published_at AT TIME ZONE sources.timezone)::date``,
an expression over two tables that no index can hold, so any date range on them read every
article. ``newscrawl runs`` sorted the whole ``crawl_runs`` table by ``started_at``.

After (PostgreSQL): the day comes from ``articles.published_local`` (the publication time in
the outlet's own offset, as the site printed it; the same source SQLite's views and the
analyst commands already use), written as ``make_date(...)`` over its first ten characters:
an immutable expression of one column, indexed by ``ix_articles_published_day_local``. The
views keep their columns, names, types, comments and grants (``CREATE OR REPLACE VIEW``),
and a ``WHERE day BETWEEN ...`` on them becomes an index range scan. SQLite gets the matching
index on ``substr(published_local, 1, 10)``, its views' expression. Both get an index on
``crawl_runs.started_at``. The downgrade restores the 0005 view definitions and drops the
indexes.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Keep in step with newscrawl.db.models.LOCAL_DAY_PG (the index matches only the same text).
LOCAL_DAY = (
    "make_date(substr({t}published_local, 1, 4)::integer, substr({t}published_local, 6, 2)::integer, "
    "substr({t}published_local, 9, 2)::integer)"
)
OLD_DAY = "(a.published_at AT TIME ZONE s.timezone)::date"
NEW_DAY = LOCAL_DAY.format(t="a.")

# The two views of 0005 whose day column changes; everything else is as 0005 wrote it.
ARTICLE_OVERVIEW = """
CREATE OR REPLACE VIEW article_overview AS
SELECT
    a.id AS article_id,
    a.url,
    s.slug AS source,
    s.name AS source_name,
    s.country AS source_country,
    a.section,
    a.language,
    a.title,
    a.byline,
    a.byline_kind,
    ARRAY(SELECT au.name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
          WHERE aa.article_id = a.id ORDER BY aa.position) AS authors,
    ARRAY(SELECT ag.name FROM article_agencies ga JOIN agencies ag ON ag.id = ga.agency_id
          WHERE ga.article_id = a.id ORDER BY ga.position) AS agencies,
    ARRAY(SELECT jsonb_array_elements_text(a.desks)) AS desks,
    a.dateline,
    ARRAY(SELECT jsonb_array_elements_text(a.dateline_places)) AS dateline_places,
    ARRAY(SELECT jsonb_array_elements_text(a.dateline_countries)) AS dateline_countries,
    a.published_at,
    a.published_at AT TIME ZONE 'UTC' AS published_utc,
    (a.published_at AT TIME ZONE 'UTC')::date AS published_date_utc,
    a.published_at AT TIME ZONE s.timezone AS published_local,
    {day} AS published_date_local,
    s.timezone,
    a.date_precision,
    a.updated_at,
    a.word_count,
    ac.cluster_id AS story_id,
    sc.first_article_id = a.id AS is_first_in_story,
    sc.article_count AS story_articles,
    sc.source_count AS story_sources,
    a.first_seen_at,
    a.last_changed_at
FROM articles a
JOIN sources s ON s.id = a.source_id
LEFT JOIN article_clusters ac ON ac.article_id = a.id
LEFT JOIN story_clusters sc ON sc.id = ac.cluster_id
"""
DAILY_SOURCE_COUNTS = """
CREATE OR REPLACE VIEW daily_source_counts AS
SELECT
    s.slug AS source,
    {day} AS day,
    count(*) AS articles,
    count(DISTINCT {story}) AS stories,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id{fence}))
        AS with_authors,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM article_agencies ga WHERE ga.article_id = a.id{fence}))
        AS with_agencies,
    sum(a.word_count) AS words
FROM articles a
JOIN sources s ON s.id = a.source_id{join}
WHERE {where}
GROUP BY s.slug, {day}
"""
# 0009: each article of the days asked for looks its story and credits up by primary key (a
# scalar subquery; OFFSET 0 keeps PostgreSQL from turning EXISTS into a hash of the whole
# credits table), so a month of counts reads that month and not every story membership.
NEW_COUNTS = {
    "story": "(SELECT ac.cluster_id FROM article_clusters ac WHERE ac.article_id = a.id)",
    "fence": " OFFSET 0",
    "join": "",
}
OLD_COUNTS = {
    "story": "ac.cluster_id",
    "fence": "",
    "join": "\nLEFT JOIN article_clusters ac ON ac.article_id = a.id",
}


ROLE = "newscrawl_analyst"
TABLE_COMMENT = (
    "Full-text search vectors of each article, PostgreSQL only; filled after the article is written"
)
EN_COMMENT = (
    "English full-text vector (stemmed; Arabic words as written) of title (weight A) and body (B)"
)
OLD_EN_COMMENT = "English full-text vector (stemmed) of title (weight A) and body (B)"
SIMPLE_COMMENT = "Unstemmed full-text vector (Arabic, mixed text) of title (A) and body (B)"
SEARCH_SIMPLE_SQL = (
    "setweight(to_tsvector('simple'::regconfig, coalesce(a.title, '')), 'A') || "
    "setweight(to_tsvector('simple'::regconfig, coalesce(a.body, '')), 'B')"
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _if_role(statement: str) -> None:
    op.execute(f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{ROLE}') THEN
        {statement};
    END IF;
END $$""")


def _rebuild_search_table() -> None:
    """``article_search`` again with one vector kept in the row; the vectors are copied."""
    op.execute(
        "CREATE TABLE article_search_new (article_id bigint NOT NULL, content_hash varchar(64) NOT NULL, "
        "search_en tsvector NOT NULL, indexed_at timestamp with time zone NOT NULL) "
        "WITH (toast_tuple_target = 8160)"
    )
    op.execute("ALTER TABLE article_search_new ALTER COLUMN search_en SET STORAGE MAIN")
    op.execute(
        "INSERT INTO article_search_new (article_id, content_hash, search_en, indexed_at) "
        "SELECT article_id, content_hash, search_en, indexed_at FROM article_search ORDER BY article_id"
    )
    op.drop_table("article_search")
    op.rename_table("article_search_new", "article_search")
    op.create_primary_key("pk_article_search", "article_search", ["article_id"])
    op.create_foreign_key(
        "fk_article_search_article_id_articles", "article_search", "articles",
        ["article_id"], ["id"], ondelete="CASCADE",
    )  # fmt: skip
    op.create_index(
        "ix_article_search_search_en", "article_search", ["search_en"], postgresql_using="gin"
    )
    op.execute(f"COMMENT ON TABLE article_search IS {_quote(TABLE_COMMENT)}")
    for column, comment in (
        ("article_id", "The article (articles.id)"),
        (
            "content_hash",
            "articles.content_hash of the version indexed; a different one means the row is stale",
        ),
        ("search_en", EN_COMMENT),
        ("indexed_at", "When this version was indexed (UTC)"),
    ):
        op.execute(f"COMMENT ON COLUMN article_search.{column} IS {_quote(comment)}")
    _if_role(f"GRANT SELECT ON article_search TO {ROLE}")
    op.execute("ANALYZE article_search")


def _restore_simple_vector() -> None:
    op.add_column("article_search", sa.Column("search_simple", sa.dialects.postgresql.TSVECTOR()))
    op.execute(
        f"UPDATE article_search s SET search_simple = {SEARCH_SIMPLE_SQL} FROM articles a "
        "WHERE a.id = s.article_id"
    )
    op.alter_column("article_search", "search_simple", nullable=False, comment=SIMPLE_COMMENT)
    op.alter_column(
        "article_search", "search_en", comment=OLD_EN_COMMENT, existing_comment=EN_COMMENT
    )
    op.create_index(
        "ix_article_search_search_simple",
        "article_search",
        ["search_simple"],
        postgresql_using="gin",
    )
    op.execute("ALTER TABLE article_search ALTER COLUMN search_en SET STORAGE EXTENDED")
    op.execute("ALTER TABLE article_search RESET (toast_tuple_target)")


def _dialect() -> str:
    return op.get_bind().dialect.name


def _views(day: str, where: str, counts: dict[str, str]) -> None:
    op.execute(ARTICLE_OVERVIEW.format(day=day))
    op.execute(DAILY_SOURCE_COUNTS.format(day=day, where=where, **counts))


def upgrade() -> None:
    op.create_index("ix_crawl_runs_started_at", "crawl_runs", ["started_at"])
    if _dialect() == "postgresql":
        op.execute(
            f"CREATE INDEX ix_articles_published_day_local ON articles ({LOCAL_DAY.format(t='')})"
        )
        _views(NEW_DAY, "a.published_local IS NOT NULL", NEW_COUNTS)
        op.execute("ANALYZE articles")  # statistics of the new expression, for the planner
        _rebuild_search_table()
    else:
        op.execute(
            "CREATE INDEX ix_articles_published_day_local ON articles (substr(published_local, 1, 10))"
        )


def downgrade() -> None:
    if _dialect() == "postgresql":
        _restore_simple_vector()
        _views(OLD_DAY, "a.published_at IS NOT NULL", OLD_COUNTS)
    op.drop_index("ix_articles_published_day_local", table_name="articles")
    op.drop_index("ix_crawl_runs_started_at", table_name="crawl_runs")
