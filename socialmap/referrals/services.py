"""Recording referral decisions and their outcomes. Flush, never commit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from socialmap import clock
from socialmap.accounts.access import NotAllowed, require_referrer
from socialmap.accounts.pseudonyms import submission_hash
from socialmap.catalogue.models import Service, utcnow
from socialmap.catalogue.queries import taxonomy_codes
from socialmap.extensions import db
from socialmap.i18n import _, ngettext
from socialmap.referrals.models import (
    DECISIONS,
    ESCALATED,
    ESCALATION_REASONS,
    NO_PRODUCT,
    OUTCOMES,
    PREVENTION,
    AuditEntry,
    Referral,
    default_decision,
)

UNDO_MINUTES = 15


@dataclass
class ReferralError(Exception):
    errors: dict[str, str]


def record_referral(user, service: Service | None, instead_of: str, place, reason: str | None,
                    submission_key: str, decision: str | None = None) -> tuple[Referral, bool]:  # fmt: skip
    """(referral, created). The same submission key from the same worker returns the first record: double
    clicks and retries count once. Only a keyed hash of the key is stored and looked up.

    Without a decision, a product means front-line help instead of it and "none" means prevention, as
    every referral was read before decisions had types. An escalation (indicated_care) names the product
    escalated to and why, and no service. Errors are per field, for showing next to it."""
    require_referrer(user)
    worker = user.pseudonym
    hashed_key = submission_hash(worker, submission_key)
    existing = _submitted_before(worker, hashed_key)
    if existing is not None:
        return existing, False
    decision = decision or default_decision(instead_of)
    errors = _decision_errors(decision, service, instead_of, reason)
    if place is None:
        errors["place"] = _("Give the household's village.")
    if not user.teams:
        errors["team"] = _("Your account is not in a social team yet. Ask the municipality to add you.")
    if not submission_key or len(submission_key) > 64:
        errors["submission_key"] = _("The form is incomplete. Reload the page and try again.")
    if errors:
        raise ReferralError(errors)
    referral = Referral(decision=decision, service=service, team=user.teams[0], worker=worker,
                        instead_of=instead_of, place=place, decided_on=clock.today(), reason=reason or None,
                        submission_key=hashed_key)  # fmt: skip
    try:
        with db.session.begin_nested():  # a retry racing its first attempt: the unique key decides
            db.session.add(referral)
    except IntegrityError:
        existing = _submitted_before(worker, hashed_key)
        if existing is None:
            raise
        return existing, False
    return referral, True


def _submitted_before(worker: str, hashed_key: str) -> Referral | None:
    return db.session.scalars(
        select(Referral).where(Referral.worker == worker, Referral.submission_key == hashed_key)).first()  # fmt: skip


def _unknown(field: str, value: str, codes) -> str:
    return _("Unknown %(field)s “%(value)s”. Choose from: %(codes)s.", field=field, value=value[:50],
             codes=", ".join(codes))  # fmt: skip


def _decision_errors(decision: str, service: Service | None, instead_of: str, reason: str | None) -> dict[str, str]:
    """What does not fit the decision type: each type says which of service, product and reason it needs."""
    errors = {}
    products = taxonomy_codes("product")
    if decision not in DECISIONS:
        return {"decision": _unknown("decision", decision, DECISIONS)}
    if instead_of != NO_PRODUCT and instead_of not in products:
        errors["instead_of"] = _unknown("instead_of", instead_of, (NO_PRODUCT, *products))
    elif decision == PREVENTION and instead_of != NO_PRODUCT:
        errors["instead_of"] = _("Prevention has no indicated care in view: choose “none”, or another decision.")
    elif decision != PREVENTION and instead_of == NO_PRODUCT:
        errors["instead_of"] = _("Choose the indicated care this decision is about.")
    if decision == ESCALATED:
        if service is not None:
            errors["service_id"] = _("An escalation to indicated care names no front-line service.")
        if reason not in ESCALATION_REASONS:
            errors["reason"] = _("Say why there was no suitable front-line option.") if not reason else _unknown(
                "reason", reason, ESCALATION_REASONS)  # fmt: skip
        return errors
    if service is None or not service.is_visible:
        errors["service_id"] = _("There is no service with this number.")
    if reason and reason not in taxonomy_codes("reason"):
        errors["reason"] = _unknown("reason", reason, taxonomy_codes("reason"))
    return errors


def can_undo(referral: Referral) -> bool:
    """Within 15 minutes of the click: later it is a decision, not a mistake."""
    return utcnow() - referral.created_at <= dt.timedelta(minutes=UNDO_MINUTES)


def undo_referral(user, referral: Referral) -> None:
    """A professional can take back their own click within 15 minutes (a mistake, not a decision)."""
    require_referrer(user)
    if referral.worker != user.pseudonym:
        raise NotAllowed()
    if not can_undo(referral):
        raise ReferralError({"referral": _("Only within %(n)s minutes.", n=UNDO_MINUTES)})
    db.session.delete(referral)
    db.session.flush()


def record_outcome(user, referral: Referral, outcome: str) -> None:
    require_referrer(user)
    if referral.worker != user.pseudonym and not user.is_admin:
        raise NotAllowed()
    if referral.decision == ESCALATED:
        raise ReferralError({"outcome": _("An escalation to indicated care has no front-line outcome to record.")})
    if outcome not in OUTCOMES:
        raise ReferralError({"outcome": _("Unknown %(field)s “%(value)s”. Choose from: %(codes)s.", field="outcome",
                                          value=outcome[:50], codes=", ".join(OUTCOMES))})  # fmt: skip
    referral.outcome = outcome
    referral.outcome_on = clock.today()
    db.session.flush()


def follow_up_due_before() -> dt.date:
    return clock.today() - dt.timedelta(days=current_app.config["FOLLOW_UP_DAYS"])


def list_follow_ups(user) -> list[Referral]:
    """The worker's referrals old enough to ask how it went, and not answered yet."""
    return list(db.session.scalars(
        select(Referral).where(Referral.worker == user.pseudonym, Referral.outcome.is_(None),
                               Referral.decision != ESCALATED,  # no front-line help to ask about
                               Referral.decided_on <= follow_up_due_before()).order_by(Referral.decided_on)
    ))  # fmt: skip


def send_follow_up_digests() -> int:
    """One e-mail per professional with follow-ups due (a digest, never one per referral)."""
    from socialmap.accounts.models import User
    from socialmap.mail import external_url, send_mail

    sent = 0
    for user in db.session.scalars(select(User).where(User.is_enabled.is_(True))):
        due = list_follow_ups(user) if user.can_refer else []  # staff accounts are few: the rule, not a role list
        if due:
            send_mail(user.email, ngettext("How did it go? %(num)s referral to follow up",
                                           "How did it go? %(num)s referrals to follow up", len(due)),
                      ngettext("You chose front-line help for %(num)s household a while ago. Please record how it "
                               "went; it takes a click:\n\n%(link)s",
                               "You chose front-line help for %(num)s households a while ago. Please record how it "
                               "went; it takes a click each:\n\n%(link)s", len(due),
                               link=external_url("referrals.follow_ups")))  # fmt: skip
            sent += 1
    return sent


def audit(user, action: str, details: dict) -> None:
    """The actor's pseudonym and role go into the entry itself: user_id is emptied when the account is
    deleted, the entry must still say who looked."""
    db.session.add(AuditEntry(user_id=user.id, actor=user.pseudonym, actor_role=user.role, action=action,
                              details=details))  # fmt: skip
    db.session.flush()
