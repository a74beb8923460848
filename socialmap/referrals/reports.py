"""Indicators from stepped-care decisions: counts per decision type, the substitution share, outcome rates.

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
from socialmap.catalogue.queries import taxonomy_codes
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places.models import Place
from socialmap.places.queries import list_municipalities
from socialmap.referrals.models import DECISIONS, ESCALATED, FRONT_LINE, HELP_DECISIONS, OUTCOMES, Referral
from socialmap.search.params import BadParameter

GROUPS = ("month", "team", "team_kind", "tier", "theme", "product", "place", "organization")
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


NO_SERVICE = "-"  # the key of an escalation under theme and organisation: no front-line service was chosen
INDICATED_TIER = "5"  # an escalation counts under the tier of indicated care (individual provisions)


def _keys(referral: Referral, group_by: str) -> list[str]:
    service = referral.service
    if group_by == "month":
        return [referral.decided_on.strftime("%Y-%m")]
    if group_by == "team":
        return [referral.team.name]
    if group_by == "team_kind":  # social teams beside GP practices
        return [referral.team.kind]
    if group_by == "product":
        return [referral.instead_of]
    if group_by == "place":
        return [referral.place.name_nl]
    if service is None:
        return [INDICATED_TIER if group_by == "tier" else NO_SERVICE]
    if group_by == "tier":
        return [str(service.tier_level)]
    if group_by == "theme":
        return [t.code for t in service.themes] or [NO_SERVICE]
    return [service.organization.name]


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _counts(referrals: list[Referral]) -> dict:
    """Decisions per type, the front-line help among them, and the outcomes of that help ("pending":
    not answered yet). Escalations have no outcome: no front-line help was given to follow up."""
    decisions = Counter(r.decision for r in referrals)
    outcomes = Counter(r.outcome or "pending" for r in referrals if r.decision in HELP_DECISIONS)
    return {"count": len(referrals), "decisions": {code: decisions.get(code, 0) for code in DECISIONS},
            "front_line_help": sum(decisions.get(code, 0) for code in HELP_DECISIONS),
            "outcomes": {code: outcomes.get(code, 0) for code in (*OUTCOMES, "pending")}}  # fmt: skip


def group(referrals: list[Referral], group_by: str, date_from: dt.date | None = None,
          date_to: dt.date | None = None) -> list[dict]:  # fmt: skip
    """[{"key", "count", "decisions", "front_line_help", "outcomes"}]; months in order (a month without
    decisions in the period shows as 0), else largest first. A service with several themes counts once
    under each theme."""
    grouped: dict[str, list[Referral]] = {}
    for referral in referrals:
        for key in _keys(referral, group_by):
            grouped.setdefault(key, []).append(referral)
    if group_by == "month":
        first = min([*grouped, *([date_from.strftime("%Y-%m")] if date_from else [])], default=None)
        last = max([*grouped, *([date_to.strftime("%Y-%m")] if date_to else [])], default=None)
        keys = _months(first, last) if first and last and (grouped or date_from and date_to) else []
        keys = keys[-120:]  # ten years at most: an open "from" in 1990 is not a thousand empty rows
    else:
        keys = sorted(grouped, key=lambda k: (-len(grouped[k]), k))
    return [{"key": key, **_counts(grouped.get(key, []))} for key in keys]


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def summary(referrals: list[Referral]) -> dict:
    """Totals, the substitution share and the outcome rates. The substitution share is front-line help
    instead of indicated care over that plus the escalations to indicated care: of the times a team
    weighed indicated care, how often it chose help close to home. Prevention, bridging (help while
    waiting) and stepping down are reported beside it, never inside it. Outcome rates are over the
    follow-ups answered ("unknown" included). Exact numbers: pass them through protect() first."""
    counts = _counts(referrals)
    decisions, outcomes = counts["decisions"], counts["outcomes"]
    answered = counts["front_line_help"] - outcomes["pending"]
    return {"total": counts["count"], "decisions": decisions, "front_line_help": counts["front_line_help"],
            "substitution_share": _share(decisions[FRONT_LINE], decisions[FRONT_LINE] + decisions[ESCALATED]),
            "outcomes": outcomes,
            "outcome_rates": {code: _share(outcomes[code], answered) for code in OUTCOMES}}  # fmt: skip


SMALL = f"< {SMALL_COUNT}"  # 1 to 4 decisions
HIDDEN = f"≥ {SMALL_COUNT}"  # 5 or more, hidden so that a "< 5" beside it cannot be worked out by subtraction


def suppressed(count: int) -> str | int:
    """The one rule for every published count: 1 to 4 shows as "< 5", so no household stands out."""
    return SMALL if 0 < count < SMALL_COUNT else count


def _cells(counts: dict) -> dict[tuple, int]:
    """The counts of a row or of the summary as cells: (), ("d", type), ("help",), ("o", outcome)."""
    cells = {(): counts["count"], ("help",): counts["front_line_help"]}
    cells |= {("d", code): n for code, n in counts["decisions"].items()}
    cells |= {("o", code): n for code, n in counts["outcomes"].items()}
    return cells


def _sums(prefix: tuple) -> list[tuple[tuple, list[tuple]]]:
    """The sums within a row (or the summary) a reader can check: every decision is front-line help or
    an escalation; front-line help is one of four types; and it has one outcome (or none yet)."""
    return [
        (prefix, [prefix + ("help",), prefix + ("d", ESCALATED)]),
        (prefix + ("help",), [prefix + ("d", code) for code in HELP_DECISIONS]),
        (prefix + ("help",), [prefix + ("o", code) for code in (*OUTCOMES, "pending")]),
    ]


def protect(rows: list[dict], totals: dict, group_by: str) -> tuple[list[dict], dict]:
    """The rows of group() and the summary() as they may be published (web, CSV, API, charts).

    Every count of 1 to 4 becomes "< 5". Counts that add up to a published total could still give a
    hidden one away by subtraction: a row of 7 with 5 helped and "< 5" partly (partly is 2), or a row
    of 5 with five outcomes of "< 5" (each is 1). So for every such sum (decisions by type, front-line
    help by outcome, in each row and in the summary, and per column when each decision falls in exactly
    one row: every grouping but theme) we check what a reader who knows these rules can work out, a
    hidden count being 1 to 4 ("< 5") or at least 5 ("≥ 5"). While some hidden count follows exactly,
    the smallest other non-zero count of that sum is hidden too (as "≥ 5": it is never below 5, or it
    would already be hidden), and only when there is none, the sum's total. Parts go before totals: the
    totals are what a municipality reads. A share (the substitution share, the outcome rates) is given
    only when every number it is computed from is published; otherwise it would give the hidden number
    back. Limits: this protects one answer. Comparing answers (another period, another grouping) can
    still narrow a number down; the audit log records who asks.
    """
    total_counts = {"count": totals["total"], "front_line_help": totals["front_line_help"],
                    "decisions": totals["decisions"], "outcomes": totals["outcomes"]}  # fmt: skip
    values = {("total", *cell): n for cell, n in _cells(total_counts).items()}
    lines = _sums(("total",))
    for i, row in enumerate(rows):
        values |= {(i, *cell): n for cell, n in _cells(row).items()}
        lines += _sums((i,))
    if group_by != "theme" and rows:  # a decision with several themes counts under each of them
        lines += [(("total", *cell), [(i, *cell) for i in range(len(rows))]) for cell in _cells(total_counts)]
    hidden = {cell for cell, value in values.items() if 0 < value < SMALL_COUNT}

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

    def published(prefix) -> dict:
        substitution = [(prefix, "d", FRONT_LINE), (prefix, "d", ESCALATED)]
        share = None
        if not hidden & set(substitution):
            share = _share(values[substitution[0]], values[substitution[0]] + values[substitution[1]])
        return {"count": show((prefix,)), "decisions": {code: show((prefix, "d", code)) for code in DECISIONS},
                "front_line_help": show((prefix, "help")), "substitution_share": share,
                "outcomes": {code: show((prefix, "o", code)) for code in (*OUTCOMES, "pending")}}  # fmt: skip

    published_rows = [{"key": row["key"], **published(i)} for i, row in enumerate(rows)]
    summary_cells = published("total")
    rates_known = not hidden & {("total", "help"), *(("total", "o", code) for code in (*OUTCOMES, "pending"))}
    published_totals = {
        "total": summary_cells.pop("count"), **summary_cells,
        "outcome_rates": {code: rate if rates_known else None for code, rate in totals["outcome_rates"].items()},
    }
    return published_rows, published_totals


def published_report(filters: ReportFilter, group_by: str) -> tuple[list[dict], dict]:
    """The rows and the summary as every report publishes them (page, CSV, API): suppressed."""
    referrals = load_referrals(filters)
    rows = group(referrals, group_by, filters.date_from, filters.date_to)
    return protect(rows, summary(referrals), group_by)


def quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def organization_quarters(organization_ids: list[int], filters: ReportFilter) -> tuple[list[str], list[dict]]:
    """(quarters, rows): per service of the organisations, per quarter, how many households teams sent
    there and how many it helped (by the teams' follow-up), every count of 1 to 4 as "< 5". Nothing is
    summed across quarters or services, so no hidden count follows by subtraction."""
    scope = ReportFilter(filters.date_from, filters.date_to, organization_ids=frozenset(organization_ids))
    counts: dict[int, dict[str, Counter]] = {}
    services: dict[int, Service] = {}
    for referral in load_referrals(scope):
        services[referral.service_id] = referral.service
        per_quarter = counts.setdefault(referral.service_id, {})
        tally = per_quarter.setdefault(quarter(referral.decided_on), Counter())
        tally["referred"] += 1
        tally["helped"] += referral.outcome == "helped"
    quarters = sorted({q for per_quarter in counts.values() for q in per_quarter}, reverse=True)
    rows = [{"service": services[service_id],
             "quarters": {q: {k: suppressed(per_quarter.get(q, Counter())[k]) for k in ("referred", "helped")}
                          for q in quarters}}
            for service_id, per_quarter in counts.items()]  # fmt: skip
    return quarters, sorted(rows, key=lambda row: row["service"].name_nl)


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


def report_municipalities(user) -> list:
    """The municipalities a user's reports can be about: a municipal editor's own, a team member's
    teams' (all four for administrators). The pickers offer only these."""
    everything = list_municipalities()
    if user.is_admin:
        return everything
    if user.is_municipal_editor:
        ids = user.curated_municipality_ids or frozenset()
    else:
        ids = {team.municipality_id for team in user.teams}
    return [m for m in everything if m.id in ids]


def parse_coverage_args(args, user, scope: ReportFilter):
    """(municipality, product, filters) for the coverage map; the page passes defaults for what is
    missing, the API asks for both. Raises BadParameter."""
    filters, _group_by = parse_report_args({k: v for k, v in args.items() if k in ("from", "to")}, scope)
    allowed = report_municipalities(user)
    chosen = args.get("municipality", "").strip()
    municipality = next((m for m in allowed if chosen in (m.slug, m.name)), None)
    if municipality is None:
        raise BadParameter("unknown_municipality", "municipality", _("Choose one of your municipalities: %(names)s.",
                           names=", ".join(m.name for m in allowed)))  # fmt: skip
    product = args.get("product", "").strip()
    if product not in taxonomy_codes("product"):
        raise BadParameter("unknown_product", "product", _("Choose the indicated care to look at."))
    return municipality, product, filters
