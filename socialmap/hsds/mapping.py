"""The catalogue as Open Referral HSDS 3.0 objects, plus the fields of our Dutch profile.

Every object gets a UUID derived (uuid5) from what identifies it outside this database: a service
from its source and external id, an organisation from its slug, a term from its vocabulary and
code, a place from its slug. Re-importing the same data therefore gives the same ids, and a
partner's copy keeps pointing at the right thing. Database ids never leave the process.

The Dutch profile (docs/hsds-profile.md) adds fields a plain HSDS client ignores: the Frisian and
English texts (``name_fy`` …), the tier of the stepped model, ``alternatives_for`` and service
areas as villages or whole municipalities.
"""

from __future__ import annotations

import datetime as dt
import uuid

from socialmap.catalogue.fields import LIST_FIELDS
from socialmap.catalogue.models import Location, Organization, Schedule, Service, TaxonomyTerm, Tier
from socialmap.places.models import Municipality, Place

HSDS_VERSION = "3.0"
PROFILE_PATH = "/docs/hsds-profile"
# The namespace of every UUID we derive; fixed forever (changing it would change every id).
NAMESPACE = uuid.UUID("6f1c2a3e-5b7d-4e0a-9c1f-2d8e4b6a0c51")
LANGS = ("nl", "fy", "en")
# status → HSDS status. A paused service is expected back; a deleted one is gone.
STATUS = {"active": "active", "paused": "temporarily closed"}
DEFUNCT = "defunct"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Our vocabularies as HSDS taxonomies (the tier scale is one too); service links by link_type.
VOCABULARIES = ("theme", "audience", "kind", "tier", "cost", "product", "language", "accessibility",
                "application_process")
LINK_TYPES = {"kind": "kind", "tier": "tier", "cost": "cost", "theme": "theme", "audience": "audience",
              "product": "alternative_for", "language": "language", "accessibility": "accessibility",
              "application_process": "application_process"}  # fmt: skip


def make_uuid(*parts: object) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(p) for p in parts)))


def service_uuid(source: str, external_id: str | None, service_id: int) -> str:
    # Services made in the editor have no external id: their own number is their identity here.
    return make_uuid("service", source, external_id) if external_id else make_uuid("service", "id", service_id)


def organization_uuid(slug: str) -> str:
    return make_uuid("organization", slug)


def taxonomy_uuid(vocabulary: str) -> str:
    return make_uuid("taxonomy", vocabulary)


def term_uuid(vocabulary: str, code: object) -> str:
    return make_uuid("taxonomy_term", vocabulary, code)


def place_uuid(slug: str) -> str:
    return make_uuid("place", slug)


def _stamp(moment: dt.datetime | None) -> str | None:
    return moment.replace(microsecond=0).isoformat() + "Z" if moment else None


def service_status(service: Service) -> str:
    if service.deleted_at is not None:
        return DEFUNCT
    return STATUS.get(service.status, "inactive")


def _texts(obj, field: str) -> dict:
    """``name_fy``, ``name_en`` … of the profile (the Dutch text is the HSDS field itself)."""
    return {f"{field}_{lang}": getattr(obj, f"{field}_{lang}") or None for lang in ("fy", "en")}


def taxonomy_json(vocabulary: str, base_url: str) -> dict:
    return {
        "id": taxonomy_uuid(vocabulary),
        "name": f"socialmap-{vocabulary}",
        "description": f"Sociale Kaart vocabulary '{vocabulary}'",
        "uri": f"{base_url}{PROFILE_PATH}#taxonomy-{vocabulary}",
        "version": "1",
    }


def term_json(vocabulary: str, code: object, labels: dict[str, str], base_url: str) -> dict:
    return {
        "id": term_uuid(vocabulary, code),
        "code": str(code),
        "name": labels["nl"],
        "description": labels["nl"],
        "taxonomy": f"socialmap-{vocabulary}",
        "taxonomy_id": taxonomy_uuid(vocabulary),
        "language": "nl",
        "name_fy": labels.get("fy") or None,
        "name_en": labels.get("en") or None,
    }


def taxonomy_term_json(term: TaxonomyTerm, base_url: str) -> dict:
    labels = {lang: getattr(term, f"label_{lang}") for lang in LANGS}
    return term_json(term.vocabulary, term.code, labels, base_url)


def tier_term_json(tier: Tier, base_url: str) -> dict:
    labels = {lang: getattr(tier, f"label_{lang}") for lang in LANGS}
    return term_json("tier", tier.level, labels, base_url)


def _attribute(service_key: str, link_type: str, term: dict) -> dict:
    return {
        "id": make_uuid("attribute", service_key, link_type, term["id"]),
        "link_id": service_key,
        "link_type": link_type,
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "value": term["code"],
        "taxonomy_term": term,
    }


def service_attributes(service: Service, base_url: str) -> list[dict]:
    key = service_uuid(service.source, service.external_id, service.id)
    pairs = [("kind", taxonomy_term_json(service.kind, base_url)), ("tier", tier_term_json(service.tier, base_url))]
    if service.cost is not None:
        pairs.append(("cost", taxonomy_term_json(service.cost, base_url)))
    # every code-list field of catalogue/fields.py (themes, audiences, languages …), by its vocabulary
    pairs += [(LINK_TYPES[f.vocabulary], taxonomy_term_json(t, base_url))
              for f in LIST_FIELDS for t in getattr(service, f.name)]
    return [_attribute(key, link_type, term) for link_type, term in pairs]


def organization_json(organization: Organization) -> dict:
    return {
        "id": organization_uuid(organization.slug),
        "name": organization.name,
        "description": organization.description or "",
        "email": organization.email or None,
        "website": organization.website or None,
        "phones": [_phone(make_uuid("phone", "organization", organization.slug), organization.phone)]
        if organization.phone else [],
        "municipality": organization.municipality.name if organization.municipality else None,
    }


def _phone(key: str, number: str) -> dict:
    return {"id": key, "number": number, "type": "voice"}


def _schedule_json(location_key: str, sal_key: str, schedule: Schedule) -> dict:
    return {
        "id": make_uuid("schedule", location_key, schedule.weekday, schedule.opens_at, schedule.closes_at),
        "service_at_location_id": sal_key,
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": WEEKDAYS[schedule.weekday],
        "opens_at": schedule.opens_at.strftime("%H:%M"),
        "closes_at": schedule.closes_at.strftime("%H:%M"),
        "notes": schedule.note or None,
        "timezone": 1,  # Europe/Amsterdam (summer time +2 is the client's to apply)
    }


def location_key(service_key: str, location: Location, position: int) -> str:
    # The n-th location of a service: an import replaces locations, so their row ids change.
    return make_uuid("location", service_key, position)


def service_at_location_json(service: Service, location: Location, position: int, with_service: bool = False) -> dict:
    service_key = service_uuid(service.source, service.external_id, service.id)
    loc_key = location_key(service_key, location, position)
    sal_key = make_uuid("service_at_location", service_key, position)
    place = location.place
    body = {
        "id": sal_key,
        "service_id": service_key,
        "location_id": loc_key,
        "schedules": [_schedule_json(loc_key, sal_key, s) for s in location.schedules],
        "location": {
            "id": loc_key,
            "location_type": "physical",
            "name": location.name or place.official_name,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": [{
                "id": make_uuid("address", loc_key),
                "location_id": loc_key,
                "address_1": location.address or "",
                "city": place.official_name,
                "region": place.municipality.name,
                "state_province": "",
                "postal_code": location.postcode or "",
                "country": "NL",
                "address_type": "physical",
            }],
            "place": _place_ref(place),
            "approximate": location.approximate or None,  # the profile: the village's point, not the address's
            # the service's accessibility, at each of its locations
            "accessibility": [{"id": make_uuid("accessibility", loc_key, t.code), "location_id": loc_key,
                               "description": t.label_nl, "details": t.code} for t in service.accessibility],
        },
    }  # fmt: skip
    if with_service:
        body["service"] = service_json(service, "", full=False)
    return body


def _place_ref(place: Place) -> dict:
    return {"id": place_uuid(place.slug), "slug": place.slug, "name": place.official_name, "name_nl": place.name_nl,
            "name_fy": place.name_fy, "municipality": place.municipality.name}  # fmt: skip


def _area_place(service_key: str, place: Place) -> dict:
    return {
        "id": make_uuid("service_area", service_key, "place", place.slug),
        "service_id": service_key,
        "name": place.official_name,
        "description": place.municipality.name,
        "extent_type": "village",
        "uri": place.slug,
        "place": _place_ref(place),
    }


def _area_municipality(service_key: str, municipality: Municipality) -> dict:
    return {
        "id": make_uuid("service_area", service_key, "municipality", municipality.slug),
        "service_id": service_key,
        "name": municipality.name,
        "description": municipality.name,
        "extent_type": "municipality",
        "uri": municipality.slug,
    }


_OWN_NAMES = {"nl": "Nederlands", "fy": "Frysk", "en": "English"}


def _languages(service: Service) -> list[tuple[str, str]]:
    """The languages spoken, as the organisation gave them; else those its texts are written in."""
    if service.languages:
        return [(t.code, _OWN_NAMES.get(t.code, t.label_en)) for t in service.languages]
    written = [lang for lang in _OWN_NAMES if lang == "nl" or getattr(service, f"description_{lang}")]
    return [(lang, _OWN_NAMES[lang]) for lang in written]


def _application_process(service: Service) -> str | None:
    """HSDS's free text: how to get in (the codes' Dutch labels), then the organisation's own words."""
    parts = [", ".join(t.label_nl for t in service.application_process), service.application_process_nl or ""]
    return ". ".join(p for p in parts if p) or None


def service_json(service: Service, base_url: str, full: bool = True) -> dict:
    """The service as HSDS; ``full`` nests every child, else only the direct properties."""
    key = service_uuid(service.source, service.external_id, service.id)
    body = {
        "id": key,
        "organization_id": organization_uuid(service.organization.slug),
        "name": service.name_nl,
        "description": service.description_nl,
        "url": service.website or None,
        "email": service.email or None,
        "status": service_status(service),
        "assured_date": service.assured_at.isoformat() if service.assured_at else None,
        "last_modified": _stamp(service.updated_at),
        **_texts(service, "name"),
        **_texts(service, "description"),
        "application_process": _application_process(service),
        "application_process_nl": service.application_process_nl or None,  # the profile: the organisation's words
        **_texts(service, "application_process"),
        "tier": service.tier_level,
        "external_id": service.external_id,
        "source": service.source,
    }
    if not full:
        return body
    body.update({
        "organization": organization_json(service.organization),
        "phones": [_phone(make_uuid("phone", key), service.phone)] if service.phone else [],
        "service_at_locations": [service_at_location_json(service, loc, i) for i, loc in enumerate(service.locations)],
        "service_areas": [_area_place(key, p) for p in service.area_places]
        + [_area_municipality(key, m) for m in service.area_municipalities],
        "languages": [{"id": make_uuid("language", key, lang), "service_id": key, "code": lang, "name": name}
                      for lang, name in _languages(service)],
        "cost_options": [{"id": make_uuid("cost_option", key), "service_id": key,
                          "option": service.cost.label_nl, "amount_description": service.cost.code}]
        if service.cost is not None else [],
        "attributes": service_attributes(service, base_url),
        "alternatives_for": [t.code for t in service.alternatives_for],
        "metadata": [{
            "id": make_uuid("metadata", key, service.version),
            "resource_id": key,
            "resource_type": "service",
            "last_action_date": _stamp(service.updated_at) or "",
            "last_action_type": "update" if service.version > 1 else "create",
            "field_name": "",
            "previous_value": "",
            "replacement_value": "",
            "updated_by": service.source,
        }],
    })  # fmt: skip
    if service.capacity:
        # HSDS 3.1 service_capacity (id, unit, available, updated required). We know a state, not a
        # count: "available" is at least one place (1), "full" and "waitlist" none (0); the state
        # itself is the description.
        body["capacities"] = [{
            "id": make_uuid("capacity", key),
            "service_id": key,
            "unit": {"id": make_uuid("unit", "place"), "name": "place"},
            "available": 1 if service.capacity == "available" else 0,
            "description": service.capacity,
            "updated": (service.capacity_date.isoformat() + "T00:00:00Z") if service.capacity_date
            else _stamp(service.updated_at),
        }]  # fmt: skip
    return body


def prune(value):
    """Drop absent values: HSDS types its optional fields (a string, never null), so a missing email
    is left out rather than sent as null."""
    if isinstance(value, dict):
        return {k: prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [prune(v) for v in value]
    return value
