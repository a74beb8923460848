"""Services as JSON, in the requested language with Dutch as the fallback."""

from __future__ import annotations

from flask import url_for

from socialmap import clock
from socialmap.activities.models import Activity, Closure
from socialmap.activities.queries import Dated, list_dated
from socialmap.catalogue.fields import LIST_FIELDS, PUBLIC_TEXTS
from socialmap.catalogue.models import WEEKDAY_CODES, Service
from socialmap.i18n import pick_text


def places_served(service: Service, language: str) -> list[str]:
    names = [loc.place.display_name(language) for loc in service.locations]
    names += [p.display_name(language) for p in service.area_places]
    names += [m.display_name(language) for m in service.area_municipalities]
    return list(dict.fromkeys(names))


def activity_json(activity: Activity, language: str) -> dict:
    description, used = activity.description(language)
    return {"id": activity.id, "title": activity.title, "date": activity.date.isoformat(),
            "opens": activity.opens.strftime("%H:%M"), "closes": activity.closes.strftime("%H:%M"),
            "description": description or None, "lang": used}  # fmt: skip


def closure_json(closure: Closure) -> dict:
    return {"id": closure.id, "from": closure.starts_on.isoformat(), "to": closure.ends_on.isoformat(),
            "reason": closure.reason}  # fmt: skip


def service_item(service: Service, language: str, distance_km: float | None = None,
                 dated: Dated | None = None) -> dict:  # fmt: skip
    """`dated`: the service's coming activities and closures when the caller read them for a whole page."""
    if dated is None:
        dated = list_dated([service.id], clock.today())[service.id]
    description, used = pick_text(
        {"nl": service.description_nl, "fy": service.description_fy, "en": service.description_en}, language
    )
    return {
        "id": service.id,
        "external_id": service.external_id,
        "name": service.name(language),
        "description": description,
        "lang": used,
        "organization": {"id": service.organization.id, "name": service.organization.name},
        "kind": service.kind.code,
        "tier": service.tier_level,
        # the code-list fields (themes, audiences, alternatives_for …), as declared in catalogue/fields.py
        **{f.name: [t.code for t in getattr(service, f.name)] for f in LIST_FIELDS},
        # the texts per language of catalogue/fields.py (how to get in …), in the asked language or Dutch
        **{key: pick_text({lang: getattr(service, attribute) for lang, attribute in by_language.items()},
                          language)[0] or None for key, by_language in PUBLIC_TEXTS.items()},
        "cost": service.cost.code if service.cost else None,
        "places_served": places_served(service, language),
        "locations": [
            {
                "place": loc.place.display_name(language),
                "address": loc.address,
                "postcode": loc.postcode,
                "latitude": loc.latitude,
                "longitude": loc.longitude,
                "approximate": loc.approximate,  # the village's point, not the address's
                "opening_hours": [
                    {"day": WEEKDAY_CODES[s.weekday], "opens": s.opens_at.strftime("%H:%M"),
                     "closes": s.closes_at.strftime("%H:%M")}
                    for s in loc.schedules
                ],  # fmt: skip
            }
            for loc in service.locations
        ],
        "phone": service.phone,
        "email": service.email,
        "website": service.website,
        "assured_at": service.assured_at.isoformat() if service.assured_at else None,
        "capacity": {"status": service.capacity,
                     "since": service.capacity_date.isoformat() if service.capacity_date else None}
        if service.capacity else None,
        "activities": [activity_json(a, language) for a in dated.activities],
        "closures": [closure_json(c) for c in dated.closures],
        "version": service.version,
        "distance_km": round(distance_km, 2) if distance_km is not None else None,
        "url": url_for("web.service_detail", service_id=service.id, _external=True),
    }
