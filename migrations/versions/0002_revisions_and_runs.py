"""article revisions and crawl runs

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 23:31:08.099679
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crawl_runs',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('spider', sa.String(length=64), nullable=False, comment='Spider (site slug)'),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False, comment='Start of the run (UTC)'),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True, comment='End of the run (UTC); NULL while running or after a hard kill'),
    sa.Column('status', sa.String(length=16), nullable=False, comment='running, ok or failed'),
    sa.Column('finish_reason', sa.String(length=64), nullable=True, comment="Scrapy's finish reason (finished, shutdown...)"),
    sa.Column('failure', sa.String(length=64), nullable=True, comment='Why the run failed (storage_failed, blocked, canary...)'),
    sa.Column('exit_code', sa.Integer(), nullable=True, comment='Exit status the crawl command returned'),
    sa.Column('pages_fetched', sa.Integer(), nullable=False, comment='HTTP responses received'),
    sa.Column('articles_new', sa.Integer(), nullable=False, comment='Articles stored for the first time'),
    sa.Column('articles_updated', sa.Integer(), nullable=False, comment='Articles whose content changed'),
    sa.Column('articles_unchanged', sa.Integer(), nullable=False, comment='Articles re-fetched without change'),
    sa.Column('articles_skipped', sa.Integer(), nullable=False, comment='Known articles not re-fetched'),
    sa.Column('dropped', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Dropped items by reason'),
    sa.Column('errors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Errors by kind'),
    sa.Column('blocked_responses', sa.Integer(), nullable=False, comment='403/429/challenge responses'),
    sa.Column('fill_rates', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Share of articles with each field (0..1)'),
    sa.Column('stats', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Full Scrapy stats of the run'),
    sa.Column('arguments', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Spider arguments (-a)'),
    sa.Column('host', sa.String(length=200), nullable=True, comment='Machine that ran it'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_runs_spider'), ['spider'], unique=False)

    op.create_table('article_revisions',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False, comment="SHA-256 of this version's content"),
    sa.Column('title', sa.Text(), nullable=False, comment='Headline of this version'),
    sa.Column('byline', sa.Text(), nullable=True, comment='Byline as printed in this version'),
    sa.Column('authors', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='People credited in this version'),
    sa.Column('agencies', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Agencies credited in this version'),
    sa.Column('body', sa.Text(), nullable=False, comment='Clean body of this version'),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True, comment='Publication instant (UTC)'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True, comment="The page's own update time (UTC)"),
    sa.Column('date_updated_raw', sa.Text(), nullable=True, comment='Update date as printed'),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False, comment='When a crawl first saw this version (UTC)'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_revisions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_article_revisions')),
    sa.UniqueConstraint('article_id', 'content_hash', name=op.f('uq_article_revisions_article_id'))
    )
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_revisions_article_id'), ['article_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('article_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_revisions_article_id'))

    op.drop_table('article_revisions')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_runs_spider'))

    op.drop_table('crawl_runs')
