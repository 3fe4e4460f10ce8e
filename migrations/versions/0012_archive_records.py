"""The page archive: crawl_runs names its WARC files, each article revision its WARC record

Revision ID: 0012
Revises: 0007
Create Date: 2026-12-02 09:00:00

A crawl with the archive on (``NEWSCRAWL_ARCHIVE_DIR``) keeps every HTTP exchange as WARC.
``crawl_runs.archive_files`` lists the files the run wrote (relative to the archive folder);
``article_revisions.archive_file`` / ``archive_offset`` name the response record a version was
extracted from, so any version can be read again as it was served. Rows written without the
archive keep ``[]`` and NULL. The downgrade drops the three columns.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(
            sa.Column(
                "archive_files",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default=sa.text("'[]'"),
                comment="WARC files the run wrote, relative to NEWSCRAWL_ARCHIVE_DIR",
            )
        )
    with op.batch_alter_table("article_revisions") as batch:
        batch.add_column(
            sa.Column(
                "archive_file",
                sa.Text(),
                nullable=True,
                comment="WARC file holding the page this version came from (relative to the archive, or the path ingested)",
            )
        )
        batch.add_column(
            sa.Column(
                "archive_offset",
                sa.BigInteger(),
                nullable=True,
                comment="Byte offset of its response record in archive_file",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("article_revisions") as batch:
        batch.drop_column("archive_offset")
        batch.drop_column("archive_file")
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("archive_files")
