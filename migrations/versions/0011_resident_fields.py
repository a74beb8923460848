"""resident fields: how to get in, languages spoken, accessibility; approximate locations (issue 16)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 22:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('service_application_process',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_application_process_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_term.id'], name=op.f('fk_service_application_process_term_id_taxonomy_term')),
    sa.PrimaryKeyConstraint('service_id', 'term_id', name=op.f('pk_service_application_process'))
    )
    with op.batch_alter_table('service_application_process', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_application_process_term_id'), ['term_id'], unique=False)

    op.create_table('service_language',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_language_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_term.id'], name=op.f('fk_service_language_term_id_taxonomy_term')),
    sa.PrimaryKeyConstraint('service_id', 'term_id', name=op.f('pk_service_language'))
    )
    with op.batch_alter_table('service_language', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_language_term_id'), ['term_id'], unique=False)

    op.create_table('service_accessibility',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_service_accessibility_service_id_service'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['term_id'], ['taxonomy_term.id'], name=op.f('fk_service_accessibility_term_id_taxonomy_term')),
    sa.PrimaryKeyConstraint('service_id', 'term_id', name=op.f('pk_service_accessibility'))
    )
    with op.batch_alter_table('service_accessibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_accessibility_term_id'), ['term_id'], unique=False)

    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.add_column(sa.Column('application_process_nl', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('application_process_fy', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('application_process_en', sa.String(length=300), nullable=True))
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.add_column(sa.Column('approximate', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('location', schema=None) as batch_op:
        batch_op.drop_column('approximate')
    with op.batch_alter_table('service', schema=None) as batch_op:
        batch_op.drop_column('application_process_en')
        batch_op.drop_column('application_process_fy')
        batch_op.drop_column('application_process_nl')

    with op.batch_alter_table('service_accessibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_accessibility_term_id'))
    op.drop_table('service_accessibility')

    with op.batch_alter_table('service_language', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_language_term_id'))
    op.drop_table('service_language')

    with op.batch_alter_table('service_application_process', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_application_process_term_id'))
    op.drop_table('service_application_process')
