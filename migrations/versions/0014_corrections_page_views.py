"""corrections_page_views: residents' correction suggestions and service page views per month (issue 15)

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('correction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('escalated_at', sa.DateTime(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.Column('handled_note', sa.String(length=500), nullable=True),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_correction_service_id_service'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction'))
    )
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_correction_handled_at'), ['handled_at'], unique=False)
    op.create_table('page_view',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_page_view_service_id_service'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('service_id', 'month', name=op.f('pk_page_view'))
    )


def downgrade() -> None:
    op.drop_table('page_view')
    with op.batch_alter_table('correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_handled_at'))
        batch_op.drop_index(batch_op.f('ix_correction_created_at'))
        batch_op.drop_index(batch_op.f('ix_correction_service_id'))
    op.drop_table('correction')
