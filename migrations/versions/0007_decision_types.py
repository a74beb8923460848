"""decision types: every stepped-care decision counts

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 20:15:00

- referral.decision: front_line, prevention, bridging, step_down or indicated_care. Old rows get the
  type they were read as: "none" as the product is prevention, any product is front-line help instead
  of it (the only two things the button could record before).
- referral.service_id may be NULL: an escalation to indicated care chooses no front-line service.
- team.kind: social_team (every team so far) or gp_practice (practice nurse / POH refer too).
"""
import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.add_column(sa.Column('decision', sa.String(length=20), nullable=True))
    referral = sa.table('referral', sa.column('decision', sa.String), sa.column('instead_of', sa.String))
    op.execute(referral.update().values(
        decision=sa.case((referral.c.instead_of == 'none', 'prevention'), else_='front_line')))
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.alter_column('decision', existing_type=sa.String(length=20), nullable=False)
        batch_op.alter_column('service_id', existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='social_team', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('team', schema=None) as batch_op:
        batch_op.drop_column('kind')
    # Escalations have no service and no place in the old schema: they go.
    referral = sa.table('referral', sa.column('decision', sa.String))
    op.execute(referral.delete().where(referral.c.decision == 'indicated_care'))
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.alter_column('service_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('decision')
