"""story clusters: near-duplicate articles grouped into stories, with MinHash LSH buckets

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 09:00:00

Existing articles get no story until ``newscrawl clusters update`` runs (the crawl assigns
new and changed articles as it stores them).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROW_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "story_clusters",
        sa.Column("id", ROW_ID, nullable=False, comment="Story id"),
        sa.Column("title", sa.Text(), nullable=True, comment="Headline of the earliest copy"),
        sa.Column(
            "first_article_id",
            ROW_ID,
            nullable=True,
            comment="Earliest copy (articles.id): the first publisher of the story",
        ),
        sa.Column(
            "first_source_id",
            sa.Integer(),
            nullable=True,
            comment="Outlet of the earliest copy (sources.id)",
        ),
        sa.Column(
            "first_published_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Publication instant of the earliest copy (UTC)",
        ),
        sa.Column("article_count", sa.Integer(), nullable=False, comment="Articles in the story"),
        sa.Column(
            "source_count", sa.Integer(), nullable=False, comment="Distinct outlets that ran it"
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When the story was first formed (UTC)",
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When an article last joined or left (UTC)",
        ),
        sa.ForeignKeyConstraint(
            ["first_article_id"],
            ["articles.id"],
            ondelete="SET NULL",
            name=op.f("fk_story_clusters_first_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["first_source_id"],
            ["sources.id"],
            ondelete="SET NULL",
            name=op.f("fk_story_clusters_first_source_id_sources"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_story_clusters")),
        comment="Stories: groups of near-duplicate articles across sources (agency copies)",
    )
    op.create_table(
        "article_clusters",
        sa.Column("article_id", ROW_ID, nullable=False, comment="The article (articles.id)"),
        sa.Column("cluster_id", ROW_ID, nullable=False, comment="Its story (story_clusters.id)"),
        sa.Column(
            "matched_article_id",
            ROW_ID,
            nullable=True,
            comment="The earlier article it was found similar to; NULL when it started the story",
        ),
        sa.Column(
            "similarity",
            sa.Float(),
            nullable=True,
            comment="Estimated Jaccard similarity (0..1) of word shingles with the matched article",
        ),
        sa.Column(
            "containment",
            sa.Float(),
            nullable=True,
            comment="Estimated share (0..1) of the shorter text's shingles found in the other",
        ),
        sa.Column(
            "shingle_count",
            sa.Integer(),
            nullable=False,
            comment="Distinct word 4-grams in the body",
        ),
        sa.Column(
            "signature",
            sa.LargeBinary(),
            nullable=True,
            comment="MinHash signature: little-endian uint32 values, one per permutation; NULL when the body is too short",
        ),
        sa.Column(
            "scheme",
            sa.String(length=40),
            nullable=False,
            comment="Signature scheme: permutations, shingle words, bands x rows (minhash126-w4-b42r3)",
        ),
        sa.Column(
            "assigned_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="When it was assigned (UTC)",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            ondelete="CASCADE",
            name=op.f("fk_article_clusters_article_id_articles"),
        ),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["story_clusters.id"],
            ondelete="CASCADE",
            name=op.f("fk_article_clusters_cluster_id_story_clusters"),
        ),
        sa.ForeignKeyConstraint(
            ["matched_article_id"],
            ["articles.id"],
            ondelete="SET NULL",
            name=op.f("fk_article_clusters_matched_article_id_articles"),
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_clusters")),
        comment="Story membership of each article and its MinHash signature",
    )
    op.create_index(op.f("ix_article_clusters_cluster_id"), "article_clusters", ["cluster_id"])
    op.create_table(
        "story_lsh_buckets",
        sa.Column(
            "bucket",
            sa.BigInteger(),
            nullable=False,
            comment="64-bit hash of one band of the signature and its band number",
        ),
        sa.Column(
            "article_id",
            ROW_ID,
            nullable=False,
            comment="The article (article_clusters.article_id)",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["article_clusters.article_id"],
            ondelete="CASCADE",
            name=op.f("fk_story_lsh_buckets_article_id_article_clusters"),
        ),
        sa.PrimaryKeyConstraint("bucket", "article_id", name=op.f("pk_story_lsh_buckets")),
        comment="LSH index: one row per signature band; equal buckets mark candidate duplicates",
    )
    op.create_index(op.f("ix_story_lsh_buckets_article_id"), "story_lsh_buckets", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_story_lsh_buckets_article_id"), table_name="story_lsh_buckets")
    op.drop_table("story_lsh_buckets")
    op.drop_index(op.f("ix_article_clusters_cluster_id"), table_name="article_clusters")
    op.drop_table("article_clusters")
    op.drop_table("story_clusters")
