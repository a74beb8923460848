"""vacancies_activities: volunteer vacancies, one-off activities and closures of services (issue 15)

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('vacancy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=False),
    sa.Column('description_fy', sa.Text(), nullable=True),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('area_municipality_id', sa.Integer(), nullable=True),
    sa.Column('hours_per_week', sa.Float(), nullable=False),
    sa.Column('contact', sa.String(length=200), nullable=False),
    sa.Column('expires_on', sa.Date(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['area_municipality_id'], ['municipality.id'], name=op.f('fk_vacancy_area_municipality_id_municipality')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_vacancy_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_vacancy_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_vacancy_place_id_place')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_vacancy'))
    )
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_area_municipality_id'), ['area_municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_expires_on'), ['expires_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_vacancy_place_id'), ['place_id'], unique=False)

    op.create_table('vacancy_area_place',
    sa.Column('vacancy_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['place.id'], name=op.f('fk_vacancy_area_place_place_id_place')),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancy.id'], name=op.f('fk_vacancy_area_place_vacancy_id_vacancy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('vacancy_id', 'place_id', name=op.f('pk_vacancy_area_place'))
    )
    with op.batch_alter_table('vacancy_area_place', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vacancy_area_place_place_id'), ['place_id'], unique=False)

    op.create_table('activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('date', sa.Date(), nullable=False),
    sa.Column('opens', sa.Time(), nullable=False),
    sa.Column('closes', sa.Time(), nullable=False),
    sa.Column('description_nl', sa.Text(), nullable=True),
    sa.Column('description_fy', sa.Text(), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_activity_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_activity_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity'))
    )
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_activity_date'), ['date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_service_id'), ['service_id'], unique=False)

    op.create_table('closure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('source', sa.String(length=40), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_closure_created_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['service_id'], ['service.id'], name=op.f('fk_closure_service_id_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_closure'))
    )
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_closure_ends_on'), ['ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_closure_service_id'), ['service_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('closure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_closure_service_id'))
        batch_op.drop_index(batch_op.f('ix_closure_ends_on'))
    op.drop_table('closure')
    with op.batch_alter_table('activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_service_id'))
        batch_op.drop_index(batch_op.f('ix_activity_date'))
    op.drop_table('activity')
    with op.batch_alter_table('vacancy_area_place', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_area_place_place_id'))
    op.drop_table('vacancy_area_place')
    with op.batch_alter_table('vacancy', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vacancy_place_id'))
        batch_op.drop_index(batch_op.f('ix_vacancy_organization_id'))
        batch_op.drop_index(batch_op.f('ix_vacancy_expires_on'))
        batch_op.drop_index(batch_op.f('ix_vacancy_area_municipality_id'))
    op.drop_table('vacancy')
