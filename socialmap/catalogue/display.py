"""What staff pages show for the strings of a service's fields and for history entries: labels in the
page's language, never codes (a kind, a step, a theme, places free or full, "update")."""

from __future__ import annotations

from socialmap.catalogue import fields
from socialmap.catalogue import queries as q
from socialmap.i18n import _l, current_language

ACTIONS = {
    "import": _l("Imported (first known state)"), "create": _l("Added"), "update": _l("Changed"),
    "pause": _l("Paused"), "reopen": _l("Opened again"), "delete": _l("Deleted"), "restore": _l("Delete undone"),
    "revert": _l("Earlier version restored"), "confirm": _l("Confirmed as still correct"),
}  # fmt: skip
STATUSES = {"active": _l("public"), "paused": _l("paused")}


def action_label(action: str) -> str:
    return str(ACTIONS.get(action, action))


def value_text(name: str, value) -> str:
    """A field's value as people read it: the labels of codes, the name of a step."""
    value = "" if value is None else str(value)
    if not value:
        return ""
    field = fields.BY_NAME.get(name)
    language = current_language()
    if name == "capacity":
        return str(fields.CAPACITY_LABELS.get(value, value))
    if name == "status":
        return str(STATUSES.get(value, value))
    if name == "tier":
        tiers = {str(t.level): t.label(language) for t in q.list_tiers()}
        return tiers.get(value, value)
    if field is not None and field.vocabulary:
        terms = {t.code: t.label(language) for t in q.list_terms(field.vocabulary)}
        return ", ".join(terms.get(code, code) for code in value.split(";") if code)
    return value
