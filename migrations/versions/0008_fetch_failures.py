"""fetch_failures: article fetches that failed for good, retried by the next run

Revision ID: 0008
Revises: 0012
Create Date: 2026-12-02 07:30:00

A run that could not fetch an article (5xx or timeouts after the retries, a body cut short)
writes a row here; the next run of the site requests every such article again, whether or not
a listing still links it, and the row goes away once the article is stored (or answers 404 /
410).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0013"  # assigned "0006"; chained after the head (0013) at the merge
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fetch_failures",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False, comment="Surrogate key"),
        sa.Column("url", sa.Text(), nullable=False, comment="Canonical URL of the article"),
        sa.Column("source_id", sa.Integer(), nullable=False, comment="Outlet the article belongs to (sources.id)"),
        sa.Column("reason", sa.String(length=200), nullable=False, comment="Last failure: http_500, TimeoutError, truncated..."),
        sa.Column("failures", sa.Integer(), nullable=False, comment="Runs in which the fetch failed"),
        sa.Column("first_failed_at", sa.DateTime(timezone=True), nullable=False, comment="First failed run (UTC)"),
        sa.Column("last_failed_at", sa.DateTime(timezone=True), nullable=False, comment="Latest failed run (UTC)"),
        sa.ForeignKeyConstraint(["source_id"], ["sources.id"], name=op.f("fk_fetch_failures_source_id_sources")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fetch_failures")),
        sa.UniqueConstraint("url", name=op.f("uq_fetch_failures_url")),
        comment="Article fetches that failed (5xx, timeouts, cut bodies): retried by the next run",
    )
    with op.batch_alter_table("fetch_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fetch_failures_source_id"), ["source_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fetch_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fetch_failures_source_id"))
    op.drop_table("fetch_failures")
