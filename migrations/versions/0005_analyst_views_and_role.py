"""analyst schema: comments on every table and column, convenience views, read-only role

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 09:20:00

Views (both dialects): ``article_overview`` (one row per article), ``daily_source_counts``
(per source and local day), ``story_overview`` (one row per story cluster). PostgreSQL also
gets ``COMMENT ON`` every table, column and view, and the group role ``newscrawl_analyst``:
NOLOGIN, SELECT on the views and the tables that hold no operational data, and in this
database ``statement_timeout = 60s`` and read-only transactions.

Roles are cluster-wide while many databases (tests run dozens in parallel) share one server,
so the role is created only when missing, tolerating a concurrent creation, and its settings
are per database (``ALTER ROLE ... IN DATABASE``). The downgrade revokes what this database
granted and resets its settings but leaves the role itself: other databases may still use it.
Creating the role needs CREATEROLE; where the migrating user lacks it, have an administrator
run ``CREATE ROLE newscrawl_analyst NOLOGIN`` first.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "newscrawl_analyst"
STATEMENT_TIMEOUT = "60s"

# Columns that had no comment before this revision (the others got theirs in 0001-0003).
COLUMN_COMMENTS = {
    ("sources", "id"): "Surrogate key",
    ("articles", "id"): "Surrogate key",
    ("articles", "source_id"): "Outlet that published it (sources.id)",
    ("authors", "id"): "Surrogate key",
    ("agencies", "id"): "Surrogate key",
    ("article_authors", "article_id"): "The article (articles.id)",
    ("article_authors", "author_id"): "The person (authors.id)",
    ("article_agencies", "article_id"): "The article (articles.id)",
    ("article_agencies", "agency_id"): "The agency (agencies.id)",
    ("article_revisions", "id"): "Surrogate key",
    ("article_revisions", "article_id"): "The article (articles.id)",
    ("crawl_runs", "id"): "Surrogate key",
}
TABLE_COMMENTS = {
    "sources": "News outlets from the site registry, one row per site",
    "articles": "One row per canonical article URL, holding the latest version seen",
    "authors": "People credited in bylines, one row per spelling",
    "agencies": "Wire agencies under their canonical short name",
    "article_authors": "Byline credits: which people wrote which article, in byline order",
    "article_agencies": "Agency credits: which wire agencies an article credits, in order of appearance",
    "article_revisions": "Every distinct version of an article a crawl has seen",
    "crawl_runs": "One row per crawl run: counts, failures and extraction health (operators only)",
}

# What the analyst role may read: no crawl_runs (hosts, spider arguments, operational detail)
# and no LSH internals. alembic_version lets the newscrawl commands check the schema revision.
ANALYST_TABLES = (
    "sources", "articles", "authors", "agencies", "article_authors", "article_agencies",
    "article_revisions", "story_clusters", "article_clusters", "alembic_version",
)  # fmt: skip
VIEWS = ("article_overview", "daily_source_counts", "story_overview")

PG_VIEWS = {
    "article_overview": """
CREATE VIEW article_overview AS
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
    (a.published_at AT TIME ZONE s.timezone)::date AS published_date_local,
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
""",
    "daily_source_counts": """
CREATE VIEW daily_source_counts AS
SELECT
    s.slug AS source,
    (a.published_at AT TIME ZONE s.timezone)::date AS day,
    count(*) AS articles,
    count(DISTINCT ac.cluster_id) AS stories,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id))
        AS with_authors,
    count(*) FILTER (WHERE EXISTS (SELECT 1 FROM article_agencies ga WHERE ga.article_id = a.id))
        AS with_agencies,
    sum(a.word_count) AS words
FROM articles a
JOIN sources s ON s.id = a.source_id
LEFT JOIN article_clusters ac ON ac.article_id = a.id
WHERE a.published_at IS NOT NULL
GROUP BY s.slug, (a.published_at AT TIME ZONE s.timezone)::date
""",
    "story_overview": """
CREATE VIEW story_overview AS
SELECT
    sc.id AS story_id,
    sc.title,
    fs.slug AS first_source,
    fa.url AS first_url,
    sc.first_published_at,
    sc.article_count,
    sc.source_count,
    ARRAY(SELECT DISTINCT s.slug FROM article_clusters ac
          JOIN articles a ON a.id = ac.article_id JOIN sources s ON s.id = a.source_id
          WHERE ac.cluster_id = sc.id ORDER BY s.slug) AS sources,
    ARRAY(SELECT DISTINCT ag.name FROM article_clusters ac
          JOIN article_agencies ga ON ga.article_id = ac.article_id
          JOIN agencies ag ON ag.id = ga.agency_id
          WHERE ac.cluster_id = sc.id ORDER BY ag.name) AS agencies,
    sc.updated_at
FROM story_clusters sc
LEFT JOIN sources fs ON fs.id = sc.first_source_id
LEFT JOIN articles fa ON fa.id = sc.first_article_id
""",
}

# SQLite: the same columns; lists are JSON arrays, times come from ``published_local`` (an ISO
# string with the site's offset: SQLite's datetime() turns it into UTC).
SQLITE_VIEWS = {
    "article_overview": """
CREATE VIEW article_overview AS
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
    (SELECT json_group_array(name) FROM (
        SELECT au.name AS name FROM article_authors aa JOIN authors au ON au.id = aa.author_id
        WHERE aa.article_id = a.id ORDER BY aa.position)) AS authors,
    (SELECT json_group_array(name) FROM (
        SELECT ag.name AS name FROM article_agencies ga JOIN agencies ag ON ag.id = ga.agency_id
        WHERE ga.article_id = a.id ORDER BY ga.position)) AS agencies,
    a.desks,
    a.dateline,
    a.dateline_places,
    a.dateline_countries,
    datetime(a.published_local) AS published_at,
    datetime(a.published_local) AS published_utc,
    date(a.published_local) AS published_date_utc,
    replace(substr(a.published_local, 1, 19), 'T', ' ') AS published_local,
    substr(a.published_local, 1, 10) AS published_date_local,
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
""",
    "daily_source_counts": """
CREATE VIEW daily_source_counts AS
SELECT
    s.slug AS source,
    substr(a.published_local, 1, 10) AS day,
    count(*) AS articles,
    count(DISTINCT ac.cluster_id) AS stories,
    sum(EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id)) AS with_authors,
    sum(EXISTS (SELECT 1 FROM article_agencies ga WHERE ga.article_id = a.id)) AS with_agencies,
    sum(a.word_count) AS words
FROM articles a
JOIN sources s ON s.id = a.source_id
LEFT JOIN article_clusters ac ON ac.article_id = a.id
WHERE a.published_local IS NOT NULL
GROUP BY s.slug, substr(a.published_local, 1, 10)
""",
    "story_overview": """
CREATE VIEW story_overview AS
SELECT
    sc.id AS story_id,
    sc.title,
    fs.slug AS first_source,
    fa.url AS first_url,
    sc.first_published_at,
    sc.article_count,
    sc.source_count,
    (SELECT json_group_array(slug) FROM (
        SELECT DISTINCT s.slug AS slug FROM article_clusters ac
        JOIN articles a ON a.id = ac.article_id JOIN sources s ON s.id = a.source_id
        WHERE ac.cluster_id = sc.id ORDER BY s.slug)) AS sources,
    (SELECT json_group_array(name) FROM (
        SELECT DISTINCT ag.name AS name FROM article_clusters ac
        JOIN article_agencies ga ON ga.article_id = ac.article_id
        JOIN agencies ag ON ag.id = ga.agency_id
        WHERE ac.cluster_id = sc.id ORDER BY ag.name)) AS agencies,
    sc.updated_at
FROM story_clusters sc
LEFT JOIN sources fs ON fs.id = sc.first_source_id
LEFT JOIN articles fa ON fa.id = sc.first_article_id
""",
}

VIEW_COMMENTS = {
    "article_overview": "One row per article: outlet, credits, dateline, UTC and local dates, story",
    "daily_source_counts": "Articles, stories and credits per outlet per local publication day",
    "story_overview": "One row per story cluster: first publisher, outlets and agencies that ran it",
}
VIEW_COLUMN_COMMENTS = {
    "article_overview": {
        "article_id": "articles.id",
        "url": "Canonical URL",
        "source": "Outlet slug (sources.slug)",
        "source_name": "Outlet name",
        "source_country": "Outlet country, ISO 3166-1 alpha-2",
        "section": "Section from the URL (local, region, opinion...)",
        "language": "ISO 639-1 language of the article",
        "title": "Headline",
        "byline": "Byline as printed",
        "byline_kind": "person, agency, staff, editorial, mixed or none",
        "authors": "People credited, in byline order",
        "agencies": "Wire agencies credited, in order of appearance",
        "desks": "Desk credits (JT, Editorial)",
        "dateline": "Dateline as normalized (BEIRUT/AMMAN)",
        "dateline_places": "Dateline places, proper-cased",
        "dateline_countries": "ISO 3166-1 alpha-2 codes of the dateline places",
        "published_at": "Publication instant (timestamptz; shown in the session time zone)",
        "published_utc": "Publication time in UTC (timestamp without time zone)",
        "published_date_utc": "Publication date in UTC (misleading for day-precision dates: use the local one)",
        "published_local": "Publication time on the outlet's clock (timestamp without time zone)",
        "published_date_local": "Publication date on the outlet's calendar: group by this",
        "timezone": "IANA zone of the outlet",
        "date_precision": "day, minute or second: a day-precision date is stored as local midnight",
        "updated_at": "Last update instant the page gave (timestamptz)",
        "word_count": "Words in the clean body",
        "story_id": "Story cluster (story_clusters.id); NULL until clustered",
        "is_first_in_story": "True for the earliest copy of its story",
        "story_articles": "Articles in its story",
        "story_sources": "Outlets that ran its story",
        "first_seen_at": "When newscrawl first stored it (timestamptz)",
        "last_changed_at": "When its content last changed (timestamptz)",
    },
    "daily_source_counts": {
        "source": "Outlet slug (sources.slug)",
        "day": "Publication date on the outlet's calendar",
        "articles": "Articles published that day",
        "stories": "Distinct story clusters among them (republished agency copies count once)",
        "with_authors": "Articles crediting at least one person",
        "with_agencies": "Articles crediting at least one agency",
        "words": "Total words in their bodies",
    },
    "story_overview": {
        "story_id": "story_clusters.id",
        "title": "Headline of the earliest copy",
        "first_source": "Outlet slug of the earliest copy",
        "first_url": "URL of the earliest copy",
        "first_published_at": "Publication instant of the earliest copy (timestamptz)",
        "article_count": "Articles in the story",
        "source_count": "Distinct outlets that ran it",
        "sources": "Slugs of the outlets that ran it",
        "agencies": "Agencies credited by any copy",
        "updated_at": "When an article last joined or left (timestamptz)",
    },
}


def _dialect() -> str:
    return op.get_bind().dialect.name


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def upgrade() -> None:
    dialect = _dialect()
    if dialect == "postgresql":
        for (table, column), comment in COLUMN_COMMENTS.items():
            op.alter_column(table, column, comment=comment, existing_comment=None)
        for table, comment in TABLE_COMMENTS.items():
            op.create_table_comment(table, comment, existing_comment=None)
        # Alembic's own table, so that \d+ explains every table in the schema.
        op.execute(
            "COMMENT ON TABLE alembic_version IS 'Schema revision (Alembic); newscrawl db current prints it'"
        )
        op.execute(
            "COMMENT ON COLUMN alembic_version.version_num IS 'Revision id the schema is at, e.g. 0005'"
        )
        for name, ddl in PG_VIEWS.items():
            op.execute(ddl)
            op.execute(f"COMMENT ON VIEW {name} IS {_quote(VIEW_COMMENTS[name])}")
            for column, comment in VIEW_COLUMN_COMMENTS[name].items():
                op.execute(f"COMMENT ON COLUMN {name}.{column} IS {_quote(comment)}")
        _create_role()
    elif dialect == "sqlite":
        for ddl in SQLITE_VIEWS.values():
            op.execute(ddl)


def _create_role() -> None:
    op.execute(f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{ROLE}') THEN
        BEGIN
            CREATE ROLE {ROLE} NOLOGIN;
            COMMENT ON ROLE {ROLE} IS 'Read-only analysts of newscrawl: GRANT {ROLE} TO a login role';
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;  -- another database's migration created it at the same moment
        END;
    END IF;
    EXECUTE format('ALTER ROLE {ROLE} IN DATABASE %I SET statement_timeout = %L',
                   current_database(), '{STATEMENT_TIMEOUT}');
    EXECUTE format('ALTER ROLE {ROLE} IN DATABASE %I SET default_transaction_read_only = on',
                   current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO {ROLE}', current_database());
END $$""")
    op.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
    op.execute(f"GRANT SELECT ON {', '.join(ANALYST_TABLES + VIEWS)} TO {ROLE}")


def downgrade() -> None:
    dialect = _dialect()
    if dialect == "postgresql":
        op.execute(f"""
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '{ROLE}') THEN
        REVOKE ALL ON {", ".join(ANALYST_TABLES + VIEWS)} FROM {ROLE};
        REVOKE USAGE ON SCHEMA public FROM {ROLE};
        EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM {ROLE}', current_database());
        EXECUTE format('ALTER ROLE {ROLE} IN DATABASE %I RESET ALL', current_database());
    END IF;
END $$""")
        for name in reversed(VIEWS):
            op.execute(f"DROP VIEW IF EXISTS {name}")
        op.execute("COMMENT ON COLUMN alembic_version.version_num IS NULL")
        op.execute("COMMENT ON TABLE alembic_version IS NULL")
        for table in TABLE_COMMENTS:
            op.drop_table_comment(table, existing_comment=TABLE_COMMENTS[table])
        for (table, column), comment in COLUMN_COMMENTS.items():
            op.alter_column(table, column, comment=None, existing_comment=comment)
    elif dialect == "sqlite":
        for name in reversed(VIEWS):
            op.execute(f"DROP VIEW IF EXISTS {name}")
