"""crawl_runs.fallbacks: per field, the articles a site parser missed and generic extraction filled

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 08:00:00

A site parser whose selector finds nothing for a field leaves it to the generic parser; each
such article carries ``fallback/<field>`` in its provenance and the run counts it as
``newscrawl/fallback/<field>``. This column keeps those counts per run (``{"title": 3}``), so a
site's layout change shows in ``crawl_runs`` while the fill rates still look healthy. Existing
runs, and rows written by anything that does not name the column, get ``{}``. The downgrade
drops the column.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COMMENT = "Articles per field where the site parser missed and generic extraction filled it"


def upgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(
            sa.Column(
                "fallbacks",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default=sa.text("'{}'"),
                comment=COMMENT,
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        batch.drop_column("fallbacks")
