"""session version: signing out, a password change or a reset ends every session of the account

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 19:30:00

- user_account.session_version: a number stored in the session at sign-in and compared on every
  request; raising it makes every session made before invalid (on every device).
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_version')
