"""Keeping entries fresh: reminders after 6 months, the one-click "still correct" link, hiding after 12."""

from __future__ import annotations

import datetime as dt

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from socialmap import clock
from socialmap.accounts.services import make_link_token, read_link_token
from socialmap.catalogue.models import Organization, Service, utcnow
from socialmap.extensions import db
from socialmap.ids import read_id
from socialmap.mail import external_url


def confirm_link(service: Service) -> str:
    """Signed and expiring; the reminder's time is part of it, and confirming clears that time, so
    the link works once."""
    token = make_link_token("confirm", {"service": service.id, "sent": reminder_stamp(service)})
    return external_url("catalogue.still_correct", token=token)


def service_for_confirm_link(token: str) -> Service | None:
    """The service a "still correct" link is for, while the link is valid and unused, else None."""
    payload = read_link_token("confirm", token, max_age=current_app.config["FRESHNESS_REMIND_DAYS"] * 24 * 3600)
    service_id = read_id(payload.get("service")) if isinstance(payload, dict) else None
    service = db.session.get(Service, service_id) if service_id else None
    if service is None or not payload.get("sent") or reminder_stamp(service) != payload["sent"]:
        return None
    return service


def reminder_stamp(service: Service) -> str:
    return service.reminder_sent_at.isoformat() if service.reminder_sent_at else ""


def hidden_before() -> dt.date:
    """Entries nobody confirmed since this date are hidden from residents."""
    return clock.today() - dt.timedelta(days=current_app.config["FRESHNESS_HIDE_DAYS"])


def send_reminders() -> int:
    """E-mail each organisation's editors about entries unconfirmed for the reminder period; once each."""
    from socialmap.accounts import emails
    from socialmap.accounts.models import User, organization_member

    cutoff = clock.today() - dt.timedelta(days=current_app.config["FRESHNESS_REMIND_DAYS"])
    services = db.session.scalars(
        select(Service).join(Organization).options(selectinload(Service.organization))
        .where(Service.deleted_at.is_(None), Service.status == "active", Organization.status == "active")
        .where(or_(Service.assured_at.is_(None), Service.assured_at < cutoff))
        .where(Service.reminder_sent_at.is_(None))
    ).all()  # fmt: skip
    by_organization: dict[int, list[Service]] = {}
    for service in services:
        by_organization.setdefault(service.organization_id, []).append(service)
    sent = 0
    for organization_id, due in by_organization.items():
        editors = db.session.scalars(
            select(User).join(organization_member).where(organization_member.c.organization_id == organization_id,
                                                         User.is_enabled.is_(True))
        ).all()  # fmt: skip
        if not editors:
            continue  # nobody to ask: the municipal dashboard lists these
        for service in due:
            service.reminder_sent_at = utcnow()
        links = {s.id: confirm_link(s) for s in due}
        for editor in editors:
            emails.send_freshness_reminder(editor.email, due, links)
            sent += 1
    db.session.flush()
    return sent
