"""reference version: one row every process compares its reference-data caches with

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 20:40:00

- reference_version: a single row (id 1) whose version is raised whenever reference data (taxonomy,
  tiers, gazetteer) is loaded; processes clear their caches when it moves (socialmap/reference.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('reference_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0}])


def downgrade() -> None:
    op.drop_table('reference_version')
