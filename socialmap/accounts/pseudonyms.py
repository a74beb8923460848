"""Keyed pseudonyms: which worker recorded a referral, without saying who.

A plain hash over sequential user ids can be reversed by anyone with the code (hash every id and
compare), so both the pseudonym and the stored submission keys are HMACs with PSEUDONYM_KEY, a
secret kept outside the database. migrations/versions/0004_referral_privacy.py holds a frozen copy
of these formulas: change them only together with a new migration.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app

PSEUDONYM_LENGTH = 12  # hex characters (48 bits): no collisions among a few thousand workers


def keyed_hash(text: str) -> str:
    key = current_app.config["PSEUDONYM_KEY"].encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def worker_pseudonym(user_id: int) -> str:
    return keyed_hash(f"worker:{user_id}")[:PSEUDONYM_LENGTH]


def submission_hash(worker: str, client_key: str) -> str:
    """What is stored of an Idempotency-Key or form submission key: scoped to the worker, and never the
    raw value (an integrator might still send a case number)."""
    return keyed_hash(f"{worker}:{client_key}")
