"""contact_point: who to ask in a village when nothing fits (issue 16, item 7)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-29 22:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('contact_point',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('postcode', sa.String(length=7), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('walk_in_nl', sa.String(length=300), nullable=True),
    sa.Column('walk_in_fy', sa.String(length=300), nullable=True),
    sa.Column('walk_in_en', sa.String(length=300), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipality.id'], name=op.f('fk_contact_point_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_contact_point_place_id_place')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact_point')),
    sa.UniqueConstraint('municipality_id', 'name', name=op.f('uq_contact_point_municipality_id_name'))
    )
    op.create_index(op.f('ix_contact_point_municipality_id'), 'contact_point', ['municipality_id'], unique=False)
    op.create_table('contact_point_place',
    sa.Column('contact_point_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_point_id'], ['contact_point.id'], name=op.f('fk_contact_point_place_contact_point_id_contact_point'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_contact_point_place_place_id_place')),
    sa.PrimaryKeyConstraint('contact_point_id', 'place_id', name=op.f('pk_contact_point_place'))
    )
    op.create_index(op.f('ix_contact_point_place_place_id'), 'contact_point_place', ['place_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_contact_point_place_place_id'), table_name='contact_point_place')
    op.drop_table('contact_point_place')
    op.drop_index(op.f('ix_contact_point_municipality_id'), table_name='contact_point')
    op.drop_table('contact_point')
