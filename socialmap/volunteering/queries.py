"""Reads for vacancies: near a village (the /vrijwilligerswerk page and the API), per organisation, per village.

There are few vacancies next to the services (tens per municipality), so the current ones are
read at once and their distance is computed here rather than in the search index.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from socialmap import clock
from socialmap.catalogue.models import Organization
from socialmap.extensions import db
from socialmap.geo import haversine_km
from socialmap.places.models import Place
from socialmap.places.queries import ResolvedPoint
from socialmap.volunteering.models import Vacancy

NEAR_RADIUS_KM = 15.0


@dataclass
class VacancyHit:
    vacancy: Vacancy
    distance_km: float | None  # 0: for the village asked about; None: no village asked about


def _current(today: dt.date):
    return (
        select(Vacancy)
        .join(Organization, Organization.id == Vacancy.organization_id)
        .options(joinedload(Vacancy.organization), joinedload(Vacancy.place).joinedload(Place.municipality),
                 selectinload(Vacancy.area_places), joinedload(Vacancy.area_municipality))
        .where(Vacancy.ended_at.is_(None), Vacancy.expires_on >= today, Organization.status == "active")
    )  # fmt: skip


def _serves(vacancy: Vacancy, place: Place) -> bool:
    return (vacancy.place_id == place.id or any(p.id == place.id for p in vacancy.area_places)
            or vacancy.area_municipality_id == place.municipality_id)  # fmt: skip


def _distance(vacancy: Vacancy, near: ResolvedPoint) -> float | None:
    if near.place is not None and _serves(vacancy, near.place):
        return 0.0
    points = [vacancy.place] if vacancy.place else list(vacancy.area_places)
    distances = [haversine_km(near.latitude, near.longitude, p.latitude, p.longitude) for p in points]
    return min(distances) if distances else None


def list_vacancies_near(near: ResolvedPoint | None, today: dt.date | None = None,
                        radius_km: float = NEAR_RADIUS_KM) -> list[VacancyHit]:  # fmt: skip
    """Current vacancies (not ended, not expired): for the village or within `radius_km` of the point,
    nearest first; without a point, every one, those expiring first on top."""
    today = today or clock.today()
    vacancies = db.session.scalars(_current(today)).unique().all()
    if near is None:
        return [VacancyHit(v, None) for v in sorted(vacancies, key=lambda v: (v.expires_on, v.id))]
    hits = [VacancyHit(v, d) for v in vacancies if (d := _distance(v, near)) is not None and d <= radius_km]
    return sorted(hits, key=lambda hit: (hit.distance_km, hit.vacancy.expires_on, hit.vacancy.id))


def list_organization_vacancies(organization_id: int, today: dt.date | None = None) -> list[Vacancy]:
    """An organisation's current vacancies (its page and its dashboard)."""
    today = today or clock.today()
    query = _current(today).where(Vacancy.organization_id == organization_id).order_by(Vacancy.expires_on, Vacancy.id)
    return list(db.session.scalars(query).unique())


def list_place_vacancies(place: Place, today: dt.date | None = None) -> list[Vacancy]:
    """Current vacancies in this village or for a service area that includes it (the village's page)."""
    today = today or clock.today()
    vacancies = db.session.scalars(_current(today).order_by(Vacancy.expires_on, Vacancy.id)).unique().all()
    return [v for v in vacancies if _serves(v, place)]


def get_vacancy(vacancy_id: int) -> Vacancy | None:
    return db.session.get(Vacancy, vacancy_id)
