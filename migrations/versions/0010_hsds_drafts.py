"""hsds_draft: services from plain HSDS packages waiting to be classified (issue 17)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 20:35:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hsds_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('hsds_id', sa.String(length=100), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('problems', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_hsds_draft_municipality_id_municipality')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hsds_draft')),
    sa.UniqueConstraint('source', 'hsds_id', name=op.f('uq_hsds_draft_source_hsds_id'))
    )
    with op.batch_alter_table('hsds_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hsds_draft_municipality_id'), ['municipality_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('hsds_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hsds_draft_municipality_id'))
    op.drop_table('hsds_draft')
