"""search change-log pruning watermark (issue 13)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 01:20:00

- search_change_pruning: one row per `socialmap prune-changes` that deleted rows; every
  search_change row up to through_id is gone, so an index that had not followed that far rebuilds.
"""
from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('search_change_pruning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('through_id', sa.Integer(), nullable=False),
    sa.Column('pruned_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_change_pruning'))
    )


def downgrade() -> None:
    op.drop_table('search_change_pruning')
