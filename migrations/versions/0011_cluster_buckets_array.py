"""story clusters: cheaper signatures (per-word hashing) and LSH buckets as an array per article

Revision ID: 0011
Revises: 0007
Create Date: 2026-12-02 09:00:00

Before: each body's MinHash hashed every word 4-gram with SHA-1 from Python (datasketch's
scheme ``minhash126-w4-b42r3``), and PostgreSQL kept its 42 LSH buckets as 42 rows of
``story_lsh_buckets``, each with a foreign-key check, looked up with one query and the
signatures with another.

After: words are hashed once each and combined into 4-gram hashes with numpy (scheme
``minhash126-xw4-b42r3``, ``newscrawl.clustering.minhash``), and on PostgreSQL the buckets
live in ``article_clusters.buckets`` (``bigint[]``, GIN index): one statement writes a batch's
memberships with their buckets, one ``buckets && array`` query finds the candidates with their
signatures. SQLite keeps ``story_lsh_buckets`` rows (the new column stays NULL there).

Signatures of two schemes are never compared, so the upgrade forgets every story and assigns
all stored articles again with the new scheme (oldest first, in batches; nothing to do on an
empty database). The downgrade drops the column and the index and forgets every story again:
run ``newscrawl clusters rebuild`` with the older code to assign them with its scheme.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = (
    "LSH bucket of each signature band (PostgreSQL; SQLite keeps story_lsh_buckets rows); "
    "NULL when unsigned"
)
SCHEME_COMMENT = "Signature scheme: permutations, shingle words, bands x rows (minhash126-xw4-b42r3)"
OLD_SCHEME_COMMENT = "Signature scheme: permutations, shingle words, bands x rows (minhash126-w4-b42r3)"
INDEX = "ix_article_clusters_buckets"


def _postgres() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _forget_stories() -> None:
    op.execute("DELETE FROM story_lsh_buckets")
    op.execute("DELETE FROM article_clusters")
    op.execute("DELETE FROM story_clusters")


def _rebuild() -> None:
    """Assign every stored article again with the current scheme (the application's code)."""
    from sqlalchemy.orm import Session

    from newscrawl.db import clusters

    session = Session(bind=op.get_bind())
    try:
        while clusters.assign_unclustered(session, limit=500):
            session.flush()
    finally:
        session.close()


def upgrade() -> None:
    with op.batch_alter_table("article_clusters") as batch:
        batch.add_column(
            sa.Column(
                "buckets",
                sa.JSON().with_variant(postgresql.ARRAY(sa.BigInteger()), "postgresql"),
                nullable=True,
                comment=COMMENT,
            )
        )
    if _postgres():
        op.create_index(INDEX, "article_clusters", ["buckets"], postgresql_using="gin")
        op.alter_column(
            "article_clusters",
            "scheme",
            existing_type=sa.String(length=40),
            existing_nullable=False,
            comment=SCHEME_COMMENT,
            existing_comment=OLD_SCHEME_COMMENT,
        )
    _forget_stories()
    _rebuild()


def downgrade() -> None:
    _forget_stories()
    if _postgres():
        op.drop_index(INDEX, table_name="article_clusters")
        op.alter_column(
            "article_clusters",
            "scheme",
            existing_type=sa.String(length=40),
            existing_nullable=False,
            comment=OLD_SCHEME_COMMENT,
            existing_comment=SCHEME_COMMENT,
        )
    with op.batch_alter_table("article_clusters") as batch:
        batch.drop_column("buckets")
