"""the analyst role may read crawl_runs (PostgreSQL)

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-02 08:00:00

`newscrawl runs` is as useful to an analyst judging coverage ("was the site crawled that
week, did extraction collapse?") as to an operator, and a crawl's history (times, counts,
failures, host name, spider arguments) is not secret. 0005 left ``crawl_runs`` out of the
analyst grants, so the command failed with "permission denied" for every analyst login; this
grants SELECT on it. The downgrade revokes it again. SQLite has no roles: nothing to do.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ROLE = "newscrawl_analyst"
COMMENT = "One row per crawl run: counts, failures and extraction health (readable by analysts)"
OLD_COMMENT = "One row per crawl run: counts, failures and extraction health (operators only)"


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
    if op.get_bind().dialect.name != "postgresql":
        return
    _if_role(f"GRANT SELECT ON crawl_runs TO {ROLE}")
    op.execute(f"COMMENT ON TABLE crawl_runs IS '{COMMENT}'")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _if_role(f"REVOKE SELECT ON crawl_runs FROM {ROLE}")
    op.execute(f"COMMENT ON TABLE crawl_runs IS '{OLD_COMMENT}'")
