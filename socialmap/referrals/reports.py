"""Indicators from referral decisions: counts, the share that replaced indicated care, outcome rates.

Grouping happens in Python over the filtered decisions: a municipality records thousands a year,
not millions, and the same code then runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialmap.catalogue.models import Service
from socialmap.extensions import db
from socialmap.places.models import Place
from socialmap.referrals.models import NO_PRODUCT, OUTCOMES, Referral

GROUPS = ("month", "team", "tier", "theme", "product", "place", "organization")
SMALL_COUNT = 5  # organisations see "< 5" below this, so a single household cannot be singled out


@dataclass
class ReportFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    municipality_ids: frozenset[int] | None = None  # None: all
    team_ids: frozenset[int] | None = None
    organization_ids: frozenset[int] | None = None


def load_referrals(filters: ReportFilter) -> list[Referral]:
    query = select(Referral).join(Place, Place.id == Referral.place_id).options(
        selectinload(Referral.team), selectinload(Referral.place),
        selectinload(Referral.service).selectinload(Service.themes),
        selectinload(Referral.service).selectinload(Service.organization),
    )  # fmt: skip
    if filters.date_from:
        query = query.where(Referral.decided_on >= filters.date_from)
    if filters.date_to:
        query = query.where(Referral.decided_on <= filters.date_to)
    if filters.municipality_ids is not None:
        query = query.where(Place.municipality_id.in_(filters.municipality_ids))
    if filters.team_ids is not None:
        query = query.where(Referral.team_id.in_(filters.team_ids))
    if filters.organization_ids is not None:
        query = query.join(Service, Service.id == Referral.service_id).where(
            Service.organization_id.in_(filters.organization_ids))  # fmt: skip
    return list(db.session.scalars(query))


def _keys(referral: Referral, group_by: str) -> list[str]:
    service = referral.service
    if group_by == "month":
        return [referral.decided_on.strftime("%Y-%m")]
    if group_by == "team":
        return [referral.team.name]
    if group_by == "tier":
        return [str(service.tier_level)]
    if group_by == "theme":
        return [t.code for t in service.themes] or ["-"]
    if group_by == "product":
        return [referral.instead_of]
    if group_by == "place":
        return [referral.place.name_nl]
    return [service.organization.name]


def group(referrals: list[Referral], group_by: str) -> list[dict]:
    """[{"key", "count", "outcomes": {code: n, "pending": n}}]; months in order, else largest first.
    A service with several themes counts once under each theme."""
    counts: Counter = Counter()
    outcomes: dict[str, Counter] = {}
    for referral in referrals:
        for key in _keys(referral, group_by):
            counts[key] += 1
            outcomes.setdefault(key, Counter())[referral.outcome or "pending"] += 1
    keys = sorted(counts) if group_by == "month" else sorted(counts, key=lambda k: (-counts[k], k))
    return [{"key": key, "count": counts[key],
             "outcomes": {code: outcomes[key].get(code, 0) for code in (*OUTCOMES, "pending")}}
            for key in keys]  # fmt: skip


def summary(referrals: list[Referral]) -> dict:
    """Totals and rates; rates are over decisions with a recorded outcome ("unknown" included)."""
    total = len(referrals)
    instead = sum(1 for r in referrals if r.instead_of != NO_PRODUCT)
    outcomes = Counter(r.outcome or "pending" for r in referrals)
    answered = total - outcomes.get("pending", 0)
    return {
        "total": total,
        "instead_of_indicated_care": instead,
        "share_instead_of_indicated_care": round(instead / total, 3) if total else None,
        "outcomes": {code: outcomes.get(code, 0) for code in (*OUTCOMES, "pending")},
        "outcome_rates": {code: round(outcomes.get(code, 0) / answered, 3) if answered else None for code in OUTCOMES},
    }


def suppressed(count: int) -> str | int:
    return f"< {SMALL_COUNT}" if 0 < count < SMALL_COUNT else count


def organization_counts(organization_ids: list[int], filters: ReportFilter) -> list[tuple[str, str | int]]:
    """Referrals to each of an organisation's services, small counts suppressed."""
    scope = ReportFilter(filters.date_from, filters.date_to, organization_ids=frozenset(organization_ids))
    by_service: Counter = Counter(r.service.name_nl for r in load_referrals(scope))
    return [(name, suppressed(count)) for name, count in sorted(by_service.items())]
