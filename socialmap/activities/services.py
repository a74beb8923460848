"""Writes for activities and closures: post them, and the demo catalogue's. Flush, never commit."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import delete, select

from socialmap.accounts.access import require_editor_of
from socialmap.activities.models import Activity, Closure
from socialmap.catalogue.models import Service
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.validate import LONG_TEXT, MAX_DAYS_AHEAD, SHORT_TEXT, Checker, ValidationFailed


def read_activity(data: dict, today: dt.date) -> dict:
    """`title`, `date`, `opens`, `closes`, optional `description_nl`/`description_fy`; ValidationFailed
    names every field that is wrong."""
    check = Checker(data)
    values = {
        "title": check.text("title", SHORT_TEXT),
        "date": check.date("date", today),
        "opens": check.time("opens"),
        "closes": check.time("closes"),
        "description_nl": check.text("description_nl", LONG_TEXT, required=False),
        "description_fy": check.text("description_fy", LONG_TEXT, required=False),
    }
    if values["opens"] and values["closes"] and values["closes"] <= values["opens"]:
        check.errors["closes"] = _("The end time must be after the start time.")
    if check.errors:
        raise ValidationFailed(check.errors)
    return values


def read_closure(data: dict, today: dt.date) -> dict:
    """`from` and `to` (both inclusive, not in the past), optional `reason`."""
    check = Checker(data)
    starts_on, ends_on = check.date("from", today), check.date("to", today)
    reason = check.text("reason", SHORT_TEXT, required=False)
    if starts_on and ends_on and ends_on < starts_on:
        check.errors["to"] = _("The last day must not be before the first day.")
    if check.errors:
        raise ValidationFailed(check.errors)
    return {"starts_on": starts_on, "ends_on": ends_on, "reason": reason}


def post_activity(actor, service: Service, data: dict, today: dt.date) -> Activity:
    """The service's organisation (or its municipality) adds a one-off activity. NotAllowed first,
    then ValidationFailed. Shown at once: it is news, like capacity, not a change to review."""
    require_editor_of(actor, service)
    activity = Activity(service=service, created_by_id=actor.id, **read_activity(data, today))
    db.session.add(activity)
    db.session.flush()
    return activity


def post_closure(actor, service: Service, data: dict, today: dt.date) -> Closure:
    """Closed from … to …: the opening line then says when it opens after that."""
    require_editor_of(actor, service)
    closure = Closure(service=service, created_by_id=actor.id, **read_closure(data, today))
    db.session.add(closure)
    db.session.flush()
    return closure


def load_demo_activities(path: Path, today: dt.date) -> int:
    """Replace the demo catalogue's activities and closures by those of `path` (rows of kind
    `activity` or `closure`, services by their demo external_id). Days count from `today`
    (`in_days`, `days`), so they are always ahead, whenever the demo is loaded."""
    db.session.execute(delete(Activity).where(Activity.source == "demo"))
    db.session.execute(delete(Closure).where(Closure.source == "demo"))
    services = dict(db.session.execute(select(Service.external_id, Service.id).where(Service.source == "demo")).all())
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            service_id = services.get(row["service"])
            if service_id is None:
                continue
            first = today + dt.timedelta(days=int(row["in_days"]))
            if row["kind"] == "activity":
                values = read_activity({**row, "date": first.isoformat()}, today)
                db.session.add(Activity(service_id=service_id, source="demo", **values))
            else:
                last = first + dt.timedelta(days=min(int(row["days"] or 1), MAX_DAYS_AHEAD) - 1)
                values = read_closure({"from": first.isoformat(), "to": last.isoformat(), "reason": row["title"]},
                                      today)  # fmt: skip
                db.session.add(Closure(service_id=service_id, source="demo", **values))
            count += 1
    db.session.flush()
    return count


def remove_activity(actor, activity: Activity) -> None:
    """Cancelled, or posted by mistake."""
    require_editor_of(actor, activity.service)
    db.session.delete(activity)
    db.session.flush()


def remove_closure(actor, closure: Closure) -> None:
    require_editor_of(actor, closure.service)
    db.session.delete(closure)
    db.session.flush()
