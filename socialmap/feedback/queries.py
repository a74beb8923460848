"""Reads: the corrections an editor should see, and what a listing brings its organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from socialmap import clock
from socialmap.accounts.models import User, municipality_editor, organization_member
from socialmap.catalogue.models import Organization, Service
from socialmap.extensions import db
from socialmap.feedback.models import Correction, PageView
from socialmap.referrals.reports import ReportFilter, organization_quarters, quarter


def list_editor_emails(organization_id: int) -> list[str]:
    """The enabled editors of an organisation."""
    return list(db.session.scalars(
        select(User.email).join(organization_member, organization_member.c.user_id == User.id)
        .where(organization_member.c.organization_id == organization_id, User.is_enabled.is_(True))
        .order_by(User.email)))  # fmt: skip


def list_municipal_editor_emails(municipality_id: int | None) -> list[str]:
    """The enabled municipal editors of a municipality."""
    if municipality_id is None:
        return []
    return list(db.session.scalars(
        select(User.email).join(municipality_editor, municipality_editor.c.user_id == User.id)
        .where(municipality_editor.c.municipality_id == municipality_id, User.is_enabled.is_(True))
        .order_by(User.email)))  # fmt: skip


def list_open_corrections(user) -> list[Correction]:
    """Open corrections of the user's own organisations, and those escalated to the municipalities
    the user curates (all escalated ones for administrators); oldest first."""
    own = [o.id for o in user.organizations]
    curated = user.curated_municipality_ids
    conditions = [Service.organization_id.in_(own)] if own else []
    if curated is None:
        conditions.append(Correction.escalated_at.is_not(None))
    elif curated:
        conditions.append(Correction.escalated_at.is_not(None) & Organization.municipality_id.in_(curated))
    if not conditions:
        return []
    return list(db.session.scalars(
        select(Correction).join(Service, Service.id == Correction.service_id)
        .join(Organization, Organization.id == Service.organization_id)
        .where(Correction.handled_at.is_(None), or_(*conditions))
        .options(selectinload(Correction.service).selectinload(Service.organization))
        .order_by(Correction.created_at, Correction.id)))  # fmt: skip


def list_overdue_corrections(created_before: dt.datetime) -> list[Correction]:
    """Open corrections nobody handled since before this moment, not yet passed to the municipality."""
    return list(db.session.scalars(
        select(Correction).where(Correction.handled_at.is_(None), Correction.escalated_at.is_(None),
                                 Correction.created_at <= created_before)
        .options(selectinload(Correction.service).selectinload(Service.organization))
        .order_by(Correction.created_at, Correction.id)))  # fmt: skip


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def previous_quarter(day: dt.date) -> str:
    return quarter(month_start(day, 3))


@dataclass
class ServiceFigures:
    service: Service
    views: dict[dt.date, int]  # first day of the month -> page views
    referrals: dict[str, int | str]  # "2026-Q4" -> count as the referral report publishes it ("< 5")


def list_service_figures(organization_ids: list[int]) -> tuple[list[dt.date], list[str], list[ServiceFigures]]:
    """(months, quarters, rows): page views of this and last month, and referrals of this and last
    quarter, per service of the organisations. Referrals are the very cells of the organisation's
    referral report (per service per quarter, 1 to 4 as "< 5"): nothing summed, so nothing new to
    subtract from."""
    if not organization_ids:
        return [], [], []
    today = clock.today()
    months = [month_start(today), month_start(today, 1)]
    quarters = [quarter(today), previous_quarter(today)]
    services = list(db.session.scalars(
        select(Service).where(Service.organization_id.in_(organization_ids), Service.deleted_at.is_(None))
        .order_by(Service.name_nl, Service.id)))  # fmt: skip
    views: dict[int, dict[dt.date, int]] = {}
    for row in db.session.execute(select(PageView.service_id, PageView.month, PageView.views).where(
            PageView.service_id.in_([s.id for s in services]), PageView.month.in_(months))):  # fmt: skip
        views.setdefault(row.service_id, {})[row.month] = row.views
    _quarters, referral_rows = organization_quarters(organization_ids, ReportFilter())
    referrals = {row["service"].id: {q: cell["referred"] for q, cell in row["quarters"].items()}
                 for row in referral_rows}  # fmt: skip
    rows = [ServiceFigures(s, views.get(s.id, {}), referrals.get(s.id, {})) for s in services]
    return months, quarters, rows


def dashboard_panel(user) -> dict:
    """What the dashboard shows of this package (it is a template global, so the catalogue's
    dashboard need not know the feedback package)."""
    if not getattr(user, "is_authenticated", False):
        return {"corrections": [], "months": [], "quarters": [], "figures": []}
    from socialmap.feedback.views import write_page_views

    write_page_views(current_app.extensions["page_views"])  # this process's latest counts are in the figures
    months, quarters, figures = list_service_figures([o.id for o in user.organizations])
    return {"corrections": list_open_corrections(user), "months": months, "quarters": quarters, "figures": figures}
