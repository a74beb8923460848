"""content version: one row raised with every committed change a public page shows (issue 13)

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 01:10:00

- content_version: a single row (id 1) whose version moves in the same transaction as any change to
  what residents see; each process's response cache is keyed by it (socialmap/web/cache.py).
"""
import sqlalchemy as sa
from alembic import op

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table('content_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='0', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_version'))
    )
    op.bulk_insert(table, [{'id': 1, 'version': 0}])


def downgrade() -> None:
    op.drop_table('content_version')
