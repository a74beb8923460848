"""Reads for activities and closures: a service's coming ones, a village's week, closures for opening lines."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from socialmap.activities.models import Activity, Closure
from socialmap.extensions import db

WEEK = 7
# How far an opening line looks ahead for the next open day past a closure.
CLOSURE_HORIZON_DAYS = 62


@dataclass
class Dated:
    """A service's coming activities (by date and time) and closures that have not ended."""

    activities: list[Activity] = field(default_factory=list)
    closures: list[Closure] = field(default_factory=list)


def list_dated(service_ids: list[int], today: dt.date) -> dict[int, Dated]:
    """Per service id (every id present): its activities from today and its closures not yet over."""
    found: dict[int, Dated] = {service_id: Dated() for service_id in service_ids}
    if not service_ids:
        return found
    for activity in db.session.scalars(
            select(Activity).where(Activity.service_id.in_(service_ids), Activity.date >= today)
            .order_by(Activity.date, Activity.opens, Activity.id)):  # fmt: skip
        found[activity.service_id].activities.append(activity)
    for closure in db.session.scalars(
            select(Closure).where(Closure.service_id.in_(service_ids), Closure.ends_on >= today)
            .order_by(Closure.starts_on, Closure.id)):  # fmt: skip
        found[closure.service_id].closures.append(closure)
    return found


def list_week_activities(service_ids: list[int], today: dt.date) -> list[Activity]:
    """Activities of these services from today through the next six days ("this week in Exloo")."""
    if not service_ids:
        return []
    return list(db.session.scalars(
        select(Activity).options(joinedload(Activity.service))
        .where(Activity.service_id.in_(service_ids), Activity.date >= today,
               Activity.date < today + dt.timedelta(days=WEEK))
        .order_by(Activity.date, Activity.opens, Activity.id)))  # fmt: skip


def list_closure_spans(today: dt.date) -> dict[int, list[tuple[dt.date, dt.date]]]:
    """Every service's closures that touch the coming weeks, as (first day, last day): one small
    query per page, whatever the number of cards on it."""
    spans: dict[int, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    rows = db.session.execute(
        select(Closure.service_id, Closure.starts_on, Closure.ends_on)
        .where(Closure.ends_on >= today, Closure.starts_on <= today + dt.timedelta(days=CLOSURE_HORIZON_DAYS))
    )  # fmt: skip
    for service_id, starts_on, ends_on in rows:
        spans[service_id].append((starts_on, ends_on))
    return dict(spans)


def get_activity(activity_id: int) -> Activity | None:
    return db.session.get(Activity, activity_id)


def get_closure(closure_id: int) -> Closure | None:
    return db.session.get(Closure, closure_id)
