"""Reads for the referral form: where the household lives, and what the form starts with."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from socialmap.extensions import db
from socialmap.places.models import Place, Postcode
from socialmap.places.queries import (
    PlaceAmbiguous,
    PlaceNotFound,
    is_coordinates,
    nearest_place,
    resolve_near,
    resolve_place_name,
)
from socialmap.referrals.models import HELP_DECISIONS, Referral

_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")


def household_place(text: str) -> Place:
    """The village a professional typed or searched near: a name (Dutch or Frisian, "Name, Municipality"
    to choose), a postcode (its village; a postcode that touches several villages asks which) or
    rounded coordinates (the nearest village). Raises PlaceNotFound or PlaceAmbiguous."""
    text = text.strip()
    postcode = _POSTCODE.match(text)
    if postcode:
        places = {row.place_id: row.place for row in db.session.scalars(
            select(Postcode).options(joinedload(Postcode.place)).where(Postcode.pc4 == postcode.group(1)))}  # fmt: skip
        # A PC4 often takes in a small place beside its village (8621: Heeg, 1995 residents, and Indijk,
        # 110): the household most likely lives in the village that holds four in five of the residents,
        # and the form shows it in a field the worker can still change. Otherwise we ask.
        by_size = sorted(places.values(), key=lambda p: -(p.population or 0))
        top, rest = by_size[0].population or 0 if by_size else 0, sum(p.population or 0 for p in by_size[1:])
        if top > 0 and top >= 4 * rest:
            return by_size[0]
        if len(places) > 1:
            raise PlaceAmbiguous(text, sorted(places.values(), key=lambda p: p.name_nl))
        if places:
            return next(iter(places.values()))
        raise PlaceNotFound(text)
    if is_coordinates(text):
        point = resolve_near(text)
        found = point.place or nearest_place(point.latitude, point.longitude)
        if found is None:
            raise PlaceNotFound(text)
        return found
    return resolve_place_name(text)


def place_choice(place: Place, language: str) -> str:
    """What the village field holds for a place: a name that resolves back to exactly this place."""
    name = place.display_name(language)
    try:
        if resolve_place_name(name).id == place.id:
            return name
    except (PlaceNotFound, PlaceAmbiguous):
        pass
    return f"{name}, {place.municipality.name}"


@dataclass
class FormDefaults:
    """What the referral form starts with. `choices`: the villages an ambiguous search could mean."""

    village: str = ""
    product: str = ""
    choices: list[Place] = field(default_factory=list)


def form_defaults(near_text: str, product: str, products: set[str], language: str) -> FormDefaults:
    """The household's village comes from the search (never from the service's own place: the service
    in Sneek may well help a household in Heeg); the product is the one searched alternatives for."""
    defaults = FormDefaults(product=product if product in products else "")
    if near_text.strip():
        try:
            defaults.village = place_choice(household_place(near_text), language)
        except PlaceAmbiguous as error:
            defaults.choices = list(error.candidates)
        except PlaceNotFound:
            pass
    return defaults


def list_team_places(user) -> list[Place]:
    """The villages of the municipalities of the user's teams (all villages for a user without one)."""
    query = select(Place)
    municipality_ids = {team.municipality_id for team in user.teams if team.municipality_id}
    if municipality_ids:
        query = query.where(Place.municipality_id.in_(municipality_ids))
    return list(db.session.scalars(query))


EXPERIENCE_FROM = 5  # a team's own experience with a service shows from this many decisions on


def team_experience(team_ids: frozenset[int]) -> dict[int, tuple[int, int]]:
    """{service id: (times the teams chose it, times it helped)} for services the teams chose at least
    EXPERIENCE_FROM times: what the team learnt, shown beside the service when they next look."""
    if not team_ids:
        return {}
    helped = func.sum(case((Referral.outcome == "helped", 1), else_=0))
    rows = db.session.execute(
        select(Referral.service_id, func.count(), helped)
        .where(Referral.team_id.in_(team_ids), Referral.decision.in_(HELP_DECISIONS))
        .group_by(Referral.service_id).having(func.count() >= EXPERIENCE_FROM))  # fmt: skip
    return {service_id: (used, int(helped or 0)) for service_id, used, helped in rows}
