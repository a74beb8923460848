"""Every field of a service, declared once.

The import format, the edit form, the conflict page, the history, the editor API and the public API
loop over `FIELDS`; adding a field to a service means one entry here (plus its column, migration,
translations and tests — see docs/adding-a-field.md). A field's `name` is its import column, its form
field, its editor-API key and its key in revisions; people see its `label` (nl/fy/en through the
catalogues), never the name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from socialmap.catalogue.models import CAPACITY_STATES, WEEKDAY_CODES, Location, Service
from socialmap.i18n import _, _l
from socialmap.text import is_email_address, is_phone_number


def _location(service: Service) -> Location | None:
    # The form and the import describe one location; a service in several villages shows its first.
    return service.locations[0] if service.locations else None


def _text(attribute: str) -> Callable[[Service], str]:
    return lambda service: getattr(service, attribute) or ""


def _codes(attribute: str) -> Callable[[Service], str]:
    return lambda service: ";".join(t.code for t in getattr(service, attribute))


def _at_location(read: Callable[[Location], str]) -> Callable[[Service], str]:
    return lambda service: read(location) if (location := _location(service)) else ""


def _schedule(service: Service) -> str:
    location = _location(service)
    schedules = location.schedules if location else []
    return "; ".join(f"{WEEKDAY_CODES[s.weekday]} {s.opens_at:%H:%M}-{s.closes_at:%H:%M}" for s in schedules)


def _service_area(service: Service) -> str:
    return ";".join(["*"] * bool(service.area_municipalities) + [p.name_nl for p in service.area_places])


# Checks of a text field's value (not empty): an error message, or None.


def _email(value: str) -> str | None:
    return None if is_email_address(value) else _("“%(value)s” is not an e-mail address", value=value)


def _website(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and "." in parts.netloc and " " not in value:
        return None
    return _("“%(value)s” is not a web address starting with https://", value=value)


def _phone(value: str) -> str | None:
    return None if is_phone_number(value) else _("“%(value)s” is not a phone number", value=value)


def _capacity(value: str) -> str | None:
    if value in CAPACITY_STATES:
        return None
    return _("unknown code “%(code)s”; use one of: %(codes)s", code=value, codes=", ".join(CAPACITY_STATES))


def _date(value: str) -> str | None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return _("“%(value)s” is not a date like 2026-12-31", value=value)
    return None


@dataclass(frozen=True)
class ServiceField:
    name: str  # import column, form field, API key, revision key
    label: object  # lazily translated
    group: str  # the form's section: what, where, when, contact
    read: Callable[[Service], str]  # the service as the string of the import format
    widget: str = "text"  # text, textarea, select, checks (a code list)
    vocabulary: str | None = None  # taxonomy vocabulary of its codes
    attribute: str | None = None  # the Service column a text field is stored in, as is
    hint: object | None = None
    required: bool = False  # in the import file
    max_length: int | None = None
    imported: bool = True  # a column of the import file (else only editors set it)
    reviewed: bool = True  # an organisation that is not trusted yet waits for review (else it applies at once)
    check: Callable[[str], str | None] | None = None  # a value (not empty) → an error message, or None
    one: object | None = None  # a code field: the error when a row gives more than one code
    public: str | None = None  # a text per language (name ends in _nl/_fy/_en): its key in the public API

    @property
    def is_list(self) -> bool:
        return self.widget == "checks"

    @property
    def kind(self) -> str:
        """How the import checks and stores it: `text` (its `attribute`, as typed), `code` (one term of
        its vocabulary, stored as `<name>_id`), `codes` (terms of its vocabulary, the relationship named
        `name`), or `other` (tier, place, schedule …: resolved by the importer itself)."""
        if self.vocabulary:
            return "codes" if self.is_list else "code"
        return "text" if self.attribute else "other"


FIELDS: tuple[ServiceField, ...] = (
    ServiceField("name", _l("Name (Dutch)"), "what", _text("name_nl"), attribute="name_nl", required=True,
                 max_length=200),
    ServiceField("name_fy", _l("Name (Frisian)"), "what", _text("name_fy"), attribute="name_fy", max_length=200),
    ServiceField("name_en", _l("Name (English)"), "what", _text("name_en"), attribute="name_en", max_length=200),
    ServiceField("description_nl", _l("Description (Dutch)"), "what", _text("description_nl"), "textarea",
                 attribute="description_nl", required=True, max_length=5000,
                 hint=_l("Plain words. You may use **bold**, *italic*, lists and links.")),
    ServiceField("description_fy", _l("Description (Frisian)"), "what", _text("description_fy"), "textarea",
                 attribute="description_fy", max_length=5000),
    ServiceField("description_en", _l("Description (English)"), "what", _text("description_en"), "textarea",
                 attribute="description_en", max_length=5000),
    ServiceField("kind", _l("Kind of help"), "what", lambda s: s.kind.code if s.kind else "", "select",
                 vocabulary="kind", required=True, one=_l("give one kind")),
    ServiceField("tier", _l("Step"), "what", lambda s: str(s.tier_level) if s.tier_level else "", "select",
                 required=True),
    ServiceField("themes", _l("Themes"), "what", _codes("themes"), "checks", vocabulary="theme", required=True),
    ServiceField("audiences", _l("For whom"), "what", _codes("audiences"), "checks", vocabulary="audience"),
    ServiceField("languages", _l("Languages spoken"), "what", _codes("languages"), "checks", vocabulary="language"),
    ServiceField("cost", _l("Cost"), "what", lambda s: s.cost.code if s.cost else "", "select", vocabulary="cost",
                 one=_l("give one cost code")),
    ServiceField("alternatives_for", _l("Can be an alternative for (indicated care)"), "what",
                 _codes("alternatives_for"), "checks", vocabulary="product"),
    ServiceField("municipality", _l("Municipality"), "where", _at_location(lambda loc: loc.place.municipality.name),
                 "select", required=True),
    ServiceField("place", _l("Village or town"), "where", _at_location(lambda loc: loc.place.name_nl),
                 required=True, hint=_l("In Dutch or Frisian, for example IJlst or Drylts.")),
    ServiceField("address", _l("Street and number"), "where", _at_location(lambda loc: loc.address or ""),
                 max_length=200),
    ServiceField("postcode", _l("Postcode"), "where", _at_location(lambda loc: loc.postcode or ""),
                 hint=_l("For example 8651 AB.")),
    ServiceField("service_area", _l("Also helps people in"), "where", _service_area,
                 hint=_l("Villages separated by ;, or * for the whole municipality.")),
    ServiceField("latitude", _l("Latitude (optional)"), "where", _at_location(lambda loc: f"{loc.latitude:.6f}")),
    ServiceField("longitude", _l("Longitude (optional)"), "where", _at_location(lambda loc: f"{loc.longitude:.6f}")),
    ServiceField("accessibility", _l("Accessibility"), "where", _codes("accessibility"), "checks",
                 vocabulary="accessibility"),
    ServiceField("schedule", _l("Opening hours"), "when", _schedule,
                 hint=_l("For example: ma 09:00-12:00; wo 13:30-16:00 (ma di wo do vr za zo).")),
    # Places free or full change often and only hide or show: every organisation sets them at once.
    ServiceField("capacity", _l("Places"), "when", _text("capacity"), "select", imported=False, reviewed=False,
                 check=_capacity),
    ServiceField("capacity_date", _l("Places: since (date)"), "when",
                 lambda s: s.capacity_date.isoformat() if s.capacity_date else "", imported=False,
                 reviewed=False, hint=_l("For example 2026-12-31."), check=_date),
    ServiceField("application_process", _l("How to get in"), "contact", _codes("application_process"), "checks",
                 vocabulary="application_process"),
    ServiceField("application_process_nl", _l("How to get in, in your words (Dutch)"), "contact",
                 _text("application_process_nl"), attribute="application_process_nl", max_length=300,
                 public="application_process_text", hint=_l("For example: ring the bell at the side door.")),
    ServiceField("application_process_fy", _l("How to get in, in your words (Frisian)"), "contact",
                 _text("application_process_fy"), attribute="application_process_fy", max_length=300,
                 public="application_process_text"),
    ServiceField("application_process_en", _l("How to get in, in your words (English)"), "contact",
                 _text("application_process_en"), attribute="application_process_en", max_length=300,
                 public="application_process_text"),
    ServiceField("phone", _l("Phone"), "contact", _text("phone"), attribute="phone", max_length=40, check=_phone),
    ServiceField("email", _l("E-mail address"), "contact", _text("email"), attribute="email", max_length=200,
                 check=_email),
    ServiceField("website", _l("Website"), "contact", _text("website"), attribute="website", max_length=300,
                 check=_website),
)  # fmt: skip

BY_NAME = {f.name: f for f in FIELDS}
NAMES = tuple(f.name for f in FIELDS)
LIST_FIELDS = tuple(f for f in FIELDS if f.kind == "codes")
CODE_FIELDS = tuple(f for f in FIELDS if f.kind == "code")  # one term, stored as <name>_id
VOCABULARIES = tuple(dict.fromkeys(f.vocabulary for f in FIELDS if f.vocabulary))  # taxonomy.py loads each
# Text stored as typed (empty → NULL): the import compares and writes these by their attribute.
STORED_TEXT = tuple(f for f in FIELDS if f.kind == "text")
# Texts per language the public API gives in the reader's language: key → {language: attribute}
PUBLIC_TEXTS: dict[str, dict[str, str]] = {}
for _field in FIELDS:
    if _field.public:
        PUBLIC_TEXTS.setdefault(_field.public, {})[_field.name[-2:]] = _field.attribute
# The row's identity in an import file: not a field of the service, never edited.
IDENTITY_COLUMNS = {"external_id": 100, "organization": 200}  # column → maximum length
IMPORT_COLUMNS = (*IDENTITY_COLUMNS, *(f.name for f in FIELDS if f.imported))
REQUIRED_COLUMNS = (*IDENTITY_COLUMNS, *(f.name for f in FIELDS if f.required))
MAX_LENGTH = {**IDENTITY_COLUMNS, **{f.name: f.max_length for f in FIELDS if f.max_length}}
CAPACITY_LABELS = {"available": _l("places free"), "full": _l("full"), "waitlist": _l("waiting list")}
assert set(CAPACITY_LABELS) == set(CAPACITY_STATES)


def label(name: str) -> str:
    """What people read for a field name (history, review queue, conflict page, form errors)."""
    field = BY_NAME.get(name)
    if field is not None:
        return str(field.label)
    return str(_OTHER_LABELS[name]) if name in _OTHER_LABELS else name


# Keys that are not fields but appear in revisions and errors.
_OTHER_LABELS = {"status": _l("Status"), "form": _l("Form"), "external_id": _l("External id"),
                 "organization": _l("Organisation")}  # fmt: skip


def service_row(service: Service) -> dict[str, str]:
    """A service as the strings of the edit form (and the import format)."""
    return {f.name: f.read(service) for f in FIELDS}
