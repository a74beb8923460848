"""Plain functions that turn catalogue data into what a page shows; testable without a request."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import get_day_names
from markupsafe import Markup
from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue.models import Schedule, Service, Tier, TierLabel
from socialmap.extensions import db
from socialmap.i18n import _l, pick_text
from socialmap.web.markdown import markdown_to_text

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def now_local() -> dt.datetime:
    return dt.datetime.now(LOCAL_TIME).replace(tzinfo=None)


@lru_cache(maxsize=8)
def day_names(language: str) -> list[str]:
    """Monday first, in the page's language (Babel has Frisian: moandei … snein)."""
    names = get_day_names("wide", locale=language)
    return [names[i] for i in range(7)]


@dataclass
class OpeningMoment:
    is_open_now: bool
    weekday: int
    opens: dt.time
    closes: dt.time
    on: dt.date | None = None  # the day itself, when a closure puts it a week or more ahead


# How far past a closure the opening line looks for the next open day.
CLOSURE_LOOKAHEAD_DAYS = 62


def next_opening(schedules: list[Schedule], moment: dt.datetime,
                 closed: list[tuple[dt.date, dt.date]] | tuple = ()) -> OpeningMoment | None:  # fmt: skip
    """Open now (until when), or the next time it opens within a week; `closed` holds the service's
    closures as (first day, last day), on which it is not open whatever its hours say."""
    if not schedules:
        return None
    if closed:
        return _next_opening_around(schedules, moment, closed)
    today, time_now = moment.weekday(), moment.time()
    for schedule in schedules:
        if schedule.is_open_at(moment):
            return OpeningMoment(True, today, schedule.opens_at, schedule.closes_at)
    best = None
    for schedule in schedules:
        days_ahead = (schedule.weekday - today) % 7
        if days_ahead == 0 and schedule.opens_at <= time_now:
            days_ahead = 7
        key = (days_ahead, schedule.opens_at)
        if best is None or key < best[0]:
            best = (key, schedule)
    schedule = best[1]
    return OpeningMoment(False, schedule.weekday, schedule.opens_at, schedule.closes_at)


def _next_opening_around(schedules: list[Schedule], moment: dt.datetime,
                         closed: list[tuple[dt.date, dt.date]] | tuple) -> OpeningMoment | None:  # fmt: skip
    """Day by day from today, skipping closed days; None when closed for the whole look-ahead."""
    for days_ahead in range(CLOSURE_LOOKAHEAD_DAYS + 7):
        day = moment.date() + dt.timedelta(days=days_ahead)
        if any(first <= day <= last for first, last in closed):
            continue
        for schedule in sorted((s for s in schedules if s.weekday == day.weekday()), key=lambda s: s.opens_at):
            if days_ahead == 0 and schedule.is_open_at(moment):
                return OpeningMoment(True, schedule.weekday, schedule.opens_at, schedule.closes_at)
            if days_ahead == 0 and schedule.opens_at <= moment.time():
                continue
            return OpeningMoment(False, schedule.weekday, schedule.opens_at, schedule.closes_at,
                                 day if days_ahead >= 7 else None)  # fmt: skip
    return None


def service_text(service: Service, language: str) -> tuple[str, str]:
    """(description, language used): the organisation's text in the page's language, else Dutch."""
    return pick_text(
        {"nl": service.description_nl, "fy": service.description_fy, "en": service.description_en}, language
    )


@reference.cached(maxsize=4)
def _tier_labels(database_url: str) -> tuple[dict, dict]:
    # Reference data: read once per process and database.
    defaults = {
        t.level: {"nl": t.label_nl, "fy": t.label_fy, "en": t.label_en} for t in db.session.scalars(select(Tier))
    }
    own = {
        (t.municipality_id, t.level): {"nl": t.label_nl, "fy": t.label_fy, "en": t.label_en}
        for t in db.session.scalars(select(TierLabel))
    }
    return defaults, own


def tier_label(level: int, municipality_id: int | None, language: str) -> str:
    """The municipality's own name for the tier (Borger-Odoorn's rainbow arcs) or the common one."""
    defaults, own = _tier_labels(str(db.engine.url))
    labels = own.get((municipality_id, level)) or defaults.get(level) or {}
    return labels.get(language) or labels.get("nl") or str(level)


def service_municipality_id(service: Service) -> int | None:
    return service.locations[0].place.municipality_id if service.locations else None


# The help level in plain words (B1), the same in every municipality; a municipality's own name for
# it ("Boog 3 – algemene voorzieningen") is shown beside it as a second line (municipal_tier_label).
TIER_PLAIN = {
    1: _l("Arrange it yourself"),
    2: _l("With help from family, neighbours or volunteers"),
    3: _l("General provision, no assessment needed"),
    4: _l("Shared provision, no assessment needed"),
    5: _l("Only with an assessment by the municipality"),
}
# Kinds whose name the plain tier words already say: "Algemene voorziening" next to
# "Algemene voorziening, zonder indicatie" says it twice.
_KINDS_SAID_BY_TIER = {3: {"general_service"}}


def tier_plain(level: int) -> str:
    return str(TIER_PLAIN.get(level, level))


def tier_plain_words() -> dict[int, str]:
    """Every help level's plain words in the request's language, for a page that shows many cards."""
    return {level: str(words) for level, words in TIER_PLAIN.items()}


def municipal_tier_label(level: int, municipality_id: int | None, language: str) -> str | None:
    """The municipality's own name for the tier, when it has one (Borger-Odoorn, Bronckhorst)."""
    _defaults, own = _tier_labels(str(db.engine.url))
    labels = own.get((municipality_id, level))
    return (labels.get(language) or labels.get("nl")) if labels else None


def kind_repeats_tier(kind_code: str, level: int) -> bool:
    return kind_code in _KINDS_SAID_BY_TIER.get(level, ())


def name_language(service, language: str) -> str:
    """The language of the name a page shows: a Dutch name on a Frisian page is marked lang="nl"."""
    return language if getattr(service, f"name_{language}", None) else "nl"


def card_summary(service, language: str, length: int = 180) -> tuple[str, str]:
    """(summary, language): the description without mark-up, cut at a word within ``length`` characters."""
    text, text_language = service_text(service, language)
    text = markdown_to_text(text)
    if len(text) > length:
        text = text[: length - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text, text_language


def tel_href(phone: str | None) -> str:
    """tel:0515555427 for "0515-555 427": digits and a leading + only ("+31 (0)515 …" is dialled without the 0)."""
    phone = (phone or "").strip()
    if phone.startswith("+"):
        phone = phone.replace("(0)", "")
    return "tel:" + ("+" if phone.startswith("+") else "") + "".join(ch for ch in phone if ch.isdigit())


def qr_svg(url: str) -> Markup:
    """A QR code for ``url`` as inline SVG (sized by CSS), for the printable sheet of a service."""
    import segno  # only the sheet needs it: not imported when a process starts

    return Markup(segno.make(url, error="m").svg_inline(scale=1, omitsize=True, svgclass="qr"))  # noqa: S704 — our own URL


TEMPLATE_HELPERS = {
    "tier_plain": tier_plain,
    "tier_plain_words": tier_plain_words,
    "municipal_tier_label": municipal_tier_label,
    "kind_repeats_tier": kind_repeats_tier,
    "name_language": name_language,
    "card_summary": card_summary,
    "tel_href": tel_href,
}
