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
    pass


def downgrade() -> None:
    pass
