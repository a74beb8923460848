"""Reads of the catalogue."""

from __future__ import annotations

from sqlalchemy import Select, func, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from socialmap import reference
from socialmap.catalogue import fields
from socialmap.catalogue.models import Location, Organization, Service, TaxonomyTerm, Tier
from socialmap.extensions import db
from socialmap.places.models import Place


def has_demo_services() -> bool:
    """The demo catalogue is loaded as source 'demo'; pages then show a notice."""
    return db.session.scalar(select(Service.id).where(Service.source == "demo").limit(1)) is not None


def count_places_and_services() -> dict[int, tuple[int, int]]:
    """Municipality id -> (its places, its visible services located there), in one query.
    The service count walks every location (~0.1–0.3 s at 50k services): callers keep the answer per
    content version (web/views.py)."""
    places = select(Place.municipality_id, func.count(Place.id).label("n")).group_by(Place.municipality_id).subquery()
    services = (
        select(Place.municipality_id, func.count(func.distinct(Location.service_id)).label("n"))
        .select_from(Location).join(Service, Service.id == Location.service_id)
        .join(Place, Place.id == Location.place_id)
        .where(Service.status == "active", Service.deleted_at.is_(None)).group_by(Place.municipality_id)
    ).subquery()  # fmt: skip
    rows = db.session.execute(
        select(places.c.municipality_id, places.c.n, func.coalesce(services.c.n, 0))
        .outerjoin(services, services.c.municipality_id == places.c.municipality_id)
    )
    return {municipality_id: (place_count, service_count) for municipality_id, place_count, service_count in rows}




def visible_services() -> Select:
    return select(Service).where(Service.status == "active", Service.deleted_at.is_(None))


# What a service in the API's list shows (api/serialize.py): no tier object (its level is a column), and
# the code lists of catalogue/fields.py read together in one query, not one query each (filled in
# before anything reads them, so they are never loaded lazily).
API_LIST_OPTIONS = (
    joinedload(Service.organization),
    joinedload(Service.kind),
    joinedload(Service.cost),
    selectinload(Service.area_places),
    selectinload(Service.area_municipalities),
    selectinload(Service.locations).joinedload(Location.place),
    selectinload(Service.locations).selectinload(Location.schedules),
)
# A service page and a card show the same, with its tier and every code-list field of catalogue/fields.py
# (themes, audiences, languages …). Many-to-one relations come along in the same query; collections in
# one query each.
DISPLAY_OPTIONS = (
    *API_LIST_OPTIONS,
    joinedload(Service.tier),
    *(selectinload(getattr(Service, f.name)) for f in fields.LIST_FIELDS),
)


def get_services_for_api(ids: list[int]) -> list[Service]:
    """The services of an API page in the order given, with what their JSON needs: 7 queries for any
    page instead of 11 (the six code-list fields took one query each)."""
    if not ids:
        return []
    found = {s.id: s for s in db.session.scalars(
        select(Service).options(*API_LIST_OPTIONS).where(Service.id.in_(ids))).unique()}  # fmt: skip
    links = union_all(*(
        select(literal(f.name).label("field"), table.c.service_id, table.c.term_id).where(table.c.service_id.in_(ids))
        for f in fields.LIST_FIELDS for table in [getattr(Service, f.name).property.secondary]
    ))  # fmt: skip
    rows = db.session.execute(links).all()
    terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm).where(
        TaxonomyTerm.id.in_({row.term_id for row in rows})))} if rows else {}  # fmt: skip
    chosen: dict[tuple[int, str], list[TaxonomyTerm]] = {}
    for row in rows:
        chosen.setdefault((row.service_id, row.field), []).append(terms[row.term_id])
    for service in found.values():
        for f in fields.LIST_FIELDS:  # in the relationships' own order (TaxonomyTerm.position)
            value = sorted(chosen.get((service.id, f.name), []), key=lambda t: t.position)
            set_committed_value(service, f.name, value)
    return [found[i] for i in ids if i in found]


def get_visible_service_name(service_id: int) -> str | None:
    """The Dutch name of a visible service (its address is made of it), without loading the service."""
    return db.session.scalar(visible_services().with_only_columns(Service.name_nl).where(Service.id == service_id))


def get_visible_service(service_id: int) -> Service | None:
    query = visible_services().options(*DISPLAY_OPTIONS).where(Service.id == service_id)
    return db.session.scalars(query).unique().first()


def list_terms(vocabulary: str) -> list[TaxonomyTerm]:
    return list(
        db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary).order_by(TaxonomyTerm.position)
        )
    )


def list_tiers() -> list[Tier]:
    return list(db.session.scalars(select(Tier).order_by(Tier.level)))


@reference.cached(maxsize=64)
def _codes(database_url: str, vocabulary: str) -> tuple[str, ...]:
    return tuple(t.code for t in list_terms(vocabulary))


def taxonomy_codes(vocabulary: str) -> tuple[str, ...]:
    """The codes of a vocabulary. Reference data: read once per process and database
    (it changes only with `socialmap init`, which a restart follows)."""
    return _codes(str(db.engine.url), vocabulary)


def list_map_points(ids: list[int]) -> list[tuple]:
    """(service id, names, latitude, longitude, place's names) for each location of these services, for the
    map; the place names the map's clusters ("17 services near Sneek")."""
    if not ids:
        return []
    rows = db.session.execute(
        select(Service.id, Service.name_nl, Service.name_fy, Service.name_en, Location.latitude, Location.longitude,
               Place.name_nl, Place.name_fy, Place.official_language)
        .join(Location, Location.service_id == Service.id)
        .join(Place, Place.id == Location.place_id)
        .where(Service.id.in_(ids))
    ).all()
    order = {service_id: i for i, service_id in enumerate(ids)}
    return sorted(rows, key=lambda row: order[row[0]])


def list_organization_service_ids(organization_id: int) -> list[int]:
    """The organisation's public services, by name."""
    query = visible_services().with_only_columns(Service.id).where(Service.organization_id == organization_id)
    return list(db.session.scalars(query.order_by(Service.name_nl)))


def get_organization(organization_id: int) -> Organization | None:
    return db.session.get(Organization, organization_id)


def list_editable_services(organization_ids: list[int]) -> list[Service]:
    """An organisation's services for its editors: paused and deleted ones too."""
    if not organization_ids:
        return []
    query = select(Service).options(*DISPLAY_OPTIONS).where(Service.organization_id.in_(organization_ids))
    return list(db.session.scalars(query.order_by(Service.name_nl)).unique())


# -- a curator's lists: only the organisations of the municipalities they curate -----------------
def _curated_by(query: Select, curator) -> Select:
    """Organisations of the curator's municipalities (every one for administrators, none for others).
    The query must select from or join Organization."""
    ids = curator.curated_municipality_ids
    return query if ids is None else query.where(Organization.municipality_id.in_(sorted(ids)))


def list_pending_changes(curator) -> list:
    """The curator's review queue, oldest first."""
    from socialmap.catalogue.models import ChangeRequest

    query = select(ChangeRequest).join(Organization).where(ChangeRequest.status == "pending")
    return list(db.session.scalars(_curated_by(query, curator).order_by(ChangeRequest.created_at)))


def list_pending_organizations(curator) -> list[Organization]:
    """Organisations that signed up in the curator's municipalities, waiting for approval."""
    query = select(Organization).where(Organization.status == "pending")
    return list(db.session.scalars(_curated_by(query, curator).order_by(Organization.created_at)))


def list_invitable_organizations(curator) -> list[Organization]:
    """The listings a curator may invite an organisation to manage, by name."""
    return list(db.session.scalars(_curated_by(select(Organization), curator).order_by(Organization.name)))


def list_stale_services(curator, confirmed_before) -> list[Service]:
    """Services in the curator's municipalities nobody confirmed since `confirmed_before` (a date), oldest first."""
    query = (
        select(Service).join(Organization)
        .where(Service.deleted_at.is_(None), Service.status == "active")
        .where((Service.assured_at.is_(None)) | (Service.assured_at < confirmed_before))
    )  # fmt: skip
    return list(db.session.scalars(_curated_by(query, curator).order_by(Service.assured_at)))


def list_revisions(service_id: int) -> list:
    from socialmap.catalogue.models import Revision

    return list(db.session.scalars(select(Revision).where(Revision.service_id == service_id)
                                   .order_by(Revision.created_at.desc(), Revision.id.desc())))  # fmt: skip
