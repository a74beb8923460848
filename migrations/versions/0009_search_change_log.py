"""search change log and index generation (issue 13)

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 20:30:00

- search_change: one row per changed service, location or organisation, written in the same
  transaction as the change; every process's index follows it by id.
- search_generation: one row per `socialmap reindex`; its newest id is the index generation.
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_change'))
    )
    op.create_table('search_generation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_generation'))
    )


def downgrade() -> None:
    op.drop_table('search_generation')
    op.drop_table('search_change')
