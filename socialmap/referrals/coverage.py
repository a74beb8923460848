"""The coverage map ("witte vlekken"): per village of a municipality, how many front-line alternatives
for an indicated-care product serve it or lie within the default radius, and how often a team escalated
for lack of one (none nearby, or full / a waiting list). Where to start a group."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from socialmap.extensions import db
from socialmap.places.models import Municipality, Place
from socialmap.places.queries import ResolvedPoint
from socialmap.referrals.models import ESCALATED, GAP_REASONS
from socialmap.referrals.reports import ReportFilter, load_referrals, suppressed
from socialmap.search.service import DEFAULT_RADIUS_KM, SearchParams, search_services


@dataclass
class CoverageRow:
    place: Place
    alternatives: int  # the catalogue is public: an exact number
    not_found: int | str  # escalations for lack of an alternative, 1-4 as "< 5"


def list_coverage(municipality: Municipality, product: str, filters: ReportFilter) -> list[CoverageRow]:
    """Every village of the municipality (hamlets left out: they are counted with their village), the
    alternatives a professional would be shown there (the same search as the alternatives page), and
    the escalations for lack of one within the filters' period and scope. Villages without any first."""
    scope = ReportFilter(filters.date_from, filters.date_to, frozenset({municipality.id}), filters.team_ids)
    gaps: dict[int, int] = {}
    for referral in load_referrals(scope):
        if referral.decision == ESCALATED and referral.reason in GAP_REASONS and referral.instead_of == product:
            gaps[referral.place_id] = gaps.get(referral.place_id, 0) + 1
    # a hamlet appears only when a household there was escalated: it is otherwise counted with its village
    places = db.session.scalars(select(Place).where(
        Place.municipality_id == municipality.id, (Place.kind != "hamlet") | Place.id.in_(gaps))).all()  # fmt: skip
    rows = []
    for place in places:
        near = ResolvedPoint(place.latitude, place.longitude, place=place)
        found = search_services(SearchParams(near=near, radius_km=DEFAULT_RADIUS_KM, include_stale=True, per_page=1,
                                             filters={"alternative": frozenset({product})}))  # fmt: skip
        rows.append(CoverageRow(place, found.total, suppressed(gaps.get(place.id, 0))))
    return sorted(rows, key=lambda r: (r.alternatives > 0, r.place.name_nl))
