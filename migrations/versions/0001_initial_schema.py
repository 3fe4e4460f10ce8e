"""initial schema: sources, articles, authors, agencies

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-28 23:26:57.274772
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False, comment='Canonical agency name'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('name', name=op.f('uq_agencies_name'))
    )
    op.create_table('authors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False, comment='Display name'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_authors')),
    sa.UniqueConstraint('name', name=op.f('uq_authors_name'))
    )
    op.create_table('sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False, comment='Registry slug, e.g. jordantimes'),
    sa.Column('name', sa.String(length=200), nullable=False, comment='Outlet name as it brands itself'),
    sa.Column('base_url', sa.String(length=200), nullable=False, comment='Canonical scheme and host'),
    sa.Column('country', sa.String(length=2), nullable=True, comment='ISO 3166-1 alpha-2 of the outlet'),
    sa.Column('language', sa.String(length=8), nullable=True, comment='ISO 639-1 main language'),
    sa.Column('timezone', sa.String(length=64), nullable=False, comment='IANA zone the site prints its dates in'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sources')),
    sa.UniqueConstraint('slug', name=op.f('uq_sources_slug'))
    )
    op.create_table('articles',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('url', sa.Text(), nullable=False, comment='Canonical URL on the real domain; the key'),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('node_id', sa.BigInteger(), nullable=True, comment="The site's own article id (Drupal nid)"),
    sa.Column('section', sa.String(length=100), nullable=True, comment='Section from the URL: local, region, opinion...'),
    sa.Column('title', sa.Text(), nullable=False, comment='Headline'),
    sa.Column('byline', sa.Text(), nullable=True, comment='Byline as printed (raw)'),
    sa.Column('byline_kind', sa.String(length=16), nullable=True, comment='person, agency, staff, editorial, mixed or none'),
    sa.Column('desks', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Desk credits (JT, Editorial)'),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True, comment='Publication instant, UTC (a day-precision date is local midnight)'),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True, comment='Last update instant, UTC'),
    sa.Column('date_precision', sa.String(length=8), nullable=True, comment='day, minute or second'),
    sa.Column('published_local', sa.String(length=40), nullable=True, comment="Publication time in the site's local offset, ISO 8601 (2017-02-13T00:00:00+02:00)"),
    sa.Column('date_published_raw', sa.Text(), nullable=True, comment='Publication date as printed'),
    sa.Column('date_updated_raw', sa.Text(), nullable=True, comment='Update date as printed'),
    sa.Column('dateline', sa.Text(), nullable=True, comment='Dateline without separator (BEIRUT/AMMAN)'),
    sa.Column('dateline_raw', sa.Text(), nullable=True, comment='Dateline as printed, with separator'),
    sa.Column('dateline_places', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Proper-cased dateline places'),
    sa.Column('dateline_countries', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='ISO 3166-1 alpha-2 codes of the dateline places'),
    sa.Column('body', sa.Text(), nullable=False, comment='Clean body: paragraphs separated by a blank line'),
    sa.Column('body_html', sa.Text(), nullable=True, comment='Body markup as served, for re-extraction'),
    sa.Column('caption', sa.Text(), nullable=True, comment='Lead image caption'),
    sa.Column('word_count', sa.Integer(), nullable=False, comment='Words in body'),
    sa.Column('language', sa.String(length=8), nullable=True, comment='ISO 639-1'),
    sa.Column('parser', sa.String(length=64), nullable=False, comment='Parser and markup version (jordantimes/drupal7)'),
    sa.Column('provenance', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False, comment='Where each field came from'),
    sa.Column('content_hash', sa.String(length=64), nullable=False, comment='SHA-256 of the normalized content'),
    sa.Column('http_etag', sa.Text(), nullable=True, comment='ETag of the last fetch'),
    sa.Column('http_last_modified', sa.Text(), nullable=True, comment='Last-Modified of the last fetch'),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False, comment='First time newscrawl stored it (UTC)'),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False, comment='Last time a crawl fetched it (UTC)'),
    sa.Column('last_changed_at', sa.DateTime(timezone=True), nullable=False, comment='Last time its content hash changed (UTC)'),
    sa.ForeignKeyConstraint(['source_id'], ['sources.id'], name=op.f('fk_articles_source_id_sources')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('url', name=op.f('uq_articles_url'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_source_id'), ['source_id'], unique=False)

    op.create_table('article_agencies',
    sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='0-based order of appearance'),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_article_agencies_agency_id_agencies')),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_agencies_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('article_id', 'agency_id', name=op.f('pk_article_agencies')),
    sa.UniqueConstraint('article_id', 'position', name=op.f('uq_article_agencies_article_id'))
    )
    with op.batch_alter_table('article_agencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_agencies_agency_id'), ['agency_id'], unique=False)

    op.create_table('article_authors',
    sa.Column('article_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False, comment='0-based order in the byline'),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_article_authors_article_id_articles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['author_id'], ['authors.id'], name=op.f('fk_article_authors_author_id_authors')),
    sa.PrimaryKeyConstraint('article_id', 'author_id', name=op.f('pk_article_authors')),
    sa.UniqueConstraint('article_id', 'position', name=op.f('uq_article_authors_article_id'))
    )
    with op.batch_alter_table('article_authors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_authors_author_id'), ['author_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('article_authors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_authors_author_id'))

    op.drop_table('article_authors')
    with op.batch_alter_table('article_agencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_agencies_agency_id'))

    op.drop_table('article_agencies')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_source_id'))
        batch_op.drop_index(batch_op.f('ix_articles_published_at'))

    op.drop_table('articles')
    op.drop_table('sources')
    op.drop_table('authors')
    op.drop_table('agencies')
