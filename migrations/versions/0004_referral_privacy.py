"""referral privacy: keyed worker pseudonyms, hashed per-worker submission keys, actor in the audit log

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 10:00:00

Run it with the production PSEUDONYM_KEY set (SOCIALMAP_PSEUDONYM_KEY, or the SECRET_KEY it is
derived from when unset), the same way the app reads it: the rewritten pseudonyms must be the ones
the running app computes, or workers lose their follow-up lists.

- referral.worker: the unkeyed sha256("socialmap-worker:<id>")[:12] becomes the keyed HMAC. Both
  are computed for every id up to the highest user id (deleted accounts included: ids are
  sequential, which is exactly why the old value was reversible). A value that matches no id is
  replaced by a keyed hash of itself, so it stays grouped but is no longer reversible.
- referral.submission_key: the raw key (an integrator may have sent a case number) becomes
  HMAC(worker + ":" + key), unique per worker instead of globally.
- audit_entry.actor / actor_role: the actor's pseudonym and role, filled in for entries whose user
  still exists, so the entry names its actor after the account is deleted.

The formulas are a frozen copy of socialmap/accounts/pseudonyms.py (was referrals/pseudonyms.py) at this revision.
"""
import hashlib
import hmac

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _pseudonym_key() -> bytes:
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config["PSEUDONYM_KEY"].encode()
    from socialmap.config import Config

    return Config().PSEUDONYM_KEY.encode()


def _keyed(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _old_pseudonym(user_id: int) -> str:
    return hashlib.sha256(f"socialmap-worker:{user_id}".encode()).hexdigest()[:12]


def _new_pseudonym(key: bytes, user_id: int) -> str:
    return _keyed(key, f"worker:{user_id}")[:12]


def _highest_user_id(connection) -> int:
    """Beyond the highest id still present: the newest accounts may have been deleted (an HMAC per id is
    cheap, and an id that never existed matches nothing)."""
    return connection.execute(sa.text("SELECT COALESCE(MAX(id), 0) FROM user_account")).scalar_one() + 10_000


def upgrade() -> None:
    connection = op.get_bind()
    key = _pseudonym_key()
    old_to_new = {_old_pseudonym(i): _new_pseudonym(key, i) for i in range(1, _highest_user_id(connection) + 1)}

    rows = connection.execute(sa.text("SELECT id, worker, submission_key FROM referral")).all()
    for referral_id, worker, submission_key in rows:
        new_worker = old_to_new.get(worker) or _keyed(key, f"legacy-worker:{worker}")[:12]
        connection.execute(
            sa.text("UPDATE referral SET worker = :worker, submission_key = :key WHERE id = :id"),
            {"worker": new_worker, "key": _keyed(key, f"{new_worker}:{submission_key}"), "id": referral_id},
        )

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_constraint('uq_referral_submission_key', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_referral_worker_submission_key'), ['worker', 'submission_key'])

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('actor', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('actor_role', sa.String(length=30), nullable=True))
        batch_op.create_index(batch_op.f('ix_audit_entry_actor'), ['actor'], unique=False)

    users = connection.execute(sa.text(
        "SELECT DISTINCT u.id, u.role FROM audit_entry a JOIN user_account u ON u.id = a.user_id")).all()
    for user_id, role in users:
        connection.execute(
            sa.text("UPDATE audit_entry SET actor = :actor, actor_role = :role WHERE user_id = :id"),
            {"actor": _new_pseudonym(key, user_id), "role": role, "id": user_id},
        )


def downgrade() -> None:
    """Pseudonyms go back to the unkeyed form where the user id is known; the raw submission keys
    cannot come back (that is the point), the hashes stay and are unique on their own."""
    connection = op.get_bind()
    key = _pseudonym_key()
    new_to_old = {_new_pseudonym(key, i): _old_pseudonym(i) for i in range(1, _highest_user_id(connection) + 1)}

    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_entry_actor'))
        batch_op.drop_column('actor_role')
        batch_op.drop_column('actor')

    for new, old in new_to_old.items():
        connection.execute(sa.text("UPDATE referral SET worker = :old WHERE worker = :new"), {"old": old, "new": new})

    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_constraint('uq_referral_worker_submission_key', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_referral_submission_key'), ['submission_key'])
