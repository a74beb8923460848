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
from socialmap.i18n import _
from socialmap.places.models import Place
from socialmap.places.queries import list_municipalities
from socialmap.referrals.models import NO_PRODUCT, OUTCOMES, Referral
from socialmap.search.params import BadParameter

GROUPS = ("month", "team", "tier", "theme", "product", "place", "organization")
SMALL_COUNT = 5  # every report shows "< 5" below this, so a single household cannot be singled out


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
    """Totals and rates; rates are over decisions with a recorded outcome ("unknown" included).
    Exact numbers: pass them through protect() before anyone sees them."""
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


SMALL = f"< {SMALL_COUNT}"  # 1 to 4 decisions
HIDDEN = f"≥ {SMALL_COUNT}"  # 5 or more, hidden so that a "< 5" beside it cannot be worked out by subtraction


def suppressed(count: int) -> str | int:
    """The one rule for every published count: 1 to 4 shows as "< 5", so no household stands out."""
    return SMALL if 0 < count < SMALL_COUNT else count


def protect(rows: list[dict], totals: dict, group_by: str) -> tuple[list[dict], dict]:
    """The rows of group() and the summary() as they may be published (web, CSV, API, charts).

    Every count of 1 to 4 becomes "< 5". Counts that add up to a published total could still give a
    hidden one away by subtraction: a row of 7 with 5 helped and "< 5" partly (partly is 2), or a row
    of 5 with five outcomes of "< 5" (each is 1). So for every such sum (the outcomes of a row, of the
    summary, and per column when each decision falls in exactly one row: every grouping but theme)
    we check what a reader who knows these rules can work out, a hidden count being 1 to 4 ("< 5") or
    at least 5 ("≥ 5"). While some hidden count follows exactly, the smallest other non-zero count of
    that sum is hidden too (as "≥ 5": it is never below 5, or it would already be hidden), and only
    when there is none, the sum's total. Parts go before totals: the totals are what a municipality
    reads. The share "instead of indicated care" and the outcome rates are given only when every
    number they are computed from is published; otherwise they would give the hidden number back.
    Limits: this protects one answer. Comparing answers (another period, another grouping) can still
    narrow a number down; the audit log records who asks.
    """
    outcome_codes = (*OUTCOMES, "pending")
    values: dict[tuple, int] = {("total",): totals["total"], ("instead",): totals["instead_of_indicated_care"]}
    values |= {("total", code): totals["outcomes"][code] for code in outcome_codes}
    lines = [(("total",), [("total", code) for code in outcome_codes])]
    for i, row in enumerate(rows):
        values[(i,)] = row["count"]
        values |= {(i, code): row["outcomes"][code] for code in outcome_codes}
        lines.append(((i,), [(i, code) for code in outcome_codes]))
    if group_by != "theme" and rows:  # a decision with several themes counts under each of them
        lines.append((("total",), [(i,) for i in range(len(rows))]))
        lines += [(("total", code), [(i, code) for i in range(len(rows))]) for code in outcome_codes]
    hidden = {cell for cell, value in values.items() if 0 < value < SMALL_COUNT}
    # Decisions not instead of indicated care are never shown, but they are the total minus "instead".
    not_instead = values[("total",)] - values[("instead",)]
    if ("total",) not in hidden and 0 < not_instead < SMALL_COUNT:
        hidden.add(("instead",))
        if values[("total",)] - SMALL_COUNT <= 1:  # "instead" ≥ 5 would still leave exactly 1
            hidden.add(("total",))

    def exposed(total: tuple, parts: list[tuple]) -> bool:
        """Whether a hidden cell of this sum can be worked out exactly from what is shown."""
        hidden_parts = [cell for cell in parts if cell in hidden]
        if total in hidden:
            return not hidden_parts
        rest = values[total] - sum(values[cell] for cell in parts if cell not in hidden)
        bounds = [(1, SMALL_COUNT - 1) if values[cell] < SMALL_COUNT else (SMALL_COUNT, rest) for cell in hidden_parts]
        for i, (low, high) in enumerate(bounds):
            others = bounds[:i] + bounds[i + 1:]
            if max(low, rest - sum(h for _, h in others)) >= min(high, rest - sum(lo for lo, _ in others)):
                return True
        return False

    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            if not exposed(total, parts):
                continue
            candidates = [cell for cell in parts if cell not in hidden and values[cell] > 0]
            if not candidates and total not in hidden:
                candidates = [total]
            if candidates:
                hidden.add(min(candidates, key=values.__getitem__))
                changed = True

    def show(cell: tuple) -> int | str:
        if cell not in hidden:
            return values[cell]
        return suppressed(values[cell]) if values[cell] < SMALL_COUNT else HIDDEN

    published_rows = [{"key": row["key"], "count": show((i,)),
                       "outcomes": {code: show((i, code)) for code in outcome_codes}}
                      for i, row in enumerate(rows)]  # fmt: skip
    share_known = not hidden & {("total",), ("instead",)}
    rates_known = not hidden & {("total",), *(("total", code) for code in outcome_codes)}
    published_totals = {
        "total": show(("total",)),
        "instead_of_indicated_care": show(("instead",)),
        "share_instead_of_indicated_care": totals["share_instead_of_indicated_care"] if share_known else None,
        "outcomes": {code: show(("total", code)) for code in outcome_codes},
        "outcome_rates": {code: rate if rates_known else None for code, rate in totals["outcome_rates"].items()},
    }
    return published_rows, published_totals


def organization_counts(organization_ids: list[int], filters: ReportFilter) -> list[tuple[str, str | int]]:
    """Referrals to each of an organisation's services, small counts suppressed."""
    scope = ReportFilter(filters.date_from, filters.date_to, organization_ids=frozenset(organization_ids))
    by_service: Counter = Counter(r.service.name_nl for r in load_referrals(scope))
    return [(name, suppressed(count)) for name, count in sorted(by_service.items())]


# Shared by the report page and the report API (the API never imports a page's module).
def report_scope(user) -> ReportFilter | None:
    """What a user may see: municipal editors their municipalities, team members their teams."""
    if not user.can_see_reports:
        return None
    if user.is_admin:
        return ReportFilter()
    if user.is_municipal_editor:
        return ReportFilter(municipality_ids=user.curated_municipality_ids)
    return ReportFilter(team_ids=user.team_ids)


def parse_report_args(args, scope: ReportFilter) -> tuple[ReportFilter, str]:
    """Validated period, municipality and grouping; raises BadParameter."""
    dates = {}
    for name in ("from", "to"):
        value = args.get(name, "").strip()
        if value:
            try:
                dates[name] = dt.date.fromisoformat(value)
            except ValueError:
                raise BadParameter(f"bad_{name}", name, _("Give a date like 2026-01-31.")) from None
    group_by = args.get("group_by", "month")
    if group_by not in GROUPS:
        raise BadParameter("bad_group_by", "group_by", _("Choose from: %(codes)s.", codes=", ".join(GROUPS)))
    municipalities = scope.municipality_ids
    chosen = args.get("municipality", "").strip()
    if chosen:
        found = next((m for m in list_municipalities() if chosen in (m.slug, m.name)), None)
        if found is None or (municipalities is not None and found.id not in municipalities):
            raise BadParameter("unknown_municipality", "municipality", _("Unknown municipality “%(name)s”.",
                                                                         name=chosen[:50]))  # fmt: skip
        municipalities = frozenset({found.id})
    return ReportFilter(dates.get("from"), dates.get("to"), municipalities, scope.team_ids), group_by
