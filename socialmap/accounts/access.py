"""The checks the service layer makes before every write or private read.

The rules themselves are properties of `User` (accounts/models.py); this module only applies them
to the object at hand and raises `NotAllowed`, which views turn into 403 and the API into its JSON
403. Services call these, so the web, the API and the command line cannot disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from socialmap.catalogue.models import ChangeRequest, Organization, Revision, Service


class NotAllowed(Exception):
    """The acting user may not do this (403)."""


def signed_in(actor) -> bool:
    return actor is not None and bool(getattr(actor, "is_authenticated", False))


def require(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed()


def organization_of(target: Organization | Service | ChangeRequest | Revision) -> Organization:
    """The organisation whose municipality decides who may act on this object."""
    # Accounts sit below the catalogue (the catalogue imports these checks), so the object is told
    # apart by its table rather than its class.
    table = getattr(target, "__tablename__", None)
    if table == "organization":
        return target
    if table in ("service", "change_request"):
        return target.organization
    if table == "revision":
        return target.service.organization
    raise TypeError(f"no organisation for {target!r}")


def can_edit(actor, target) -> bool:
    return signed_in(actor) and actor.can_edit_organization(organization_of(target))


def require_editor_of(actor, target) -> None:
    """Its organisation's editors, the curators of its municipality, administrators."""
    require(can_edit(actor, target))


def require_curator_of(actor, target) -> None:
    """A municipal editor of the organisation's municipality, or an administrator."""
    require(signed_in(actor) and actor.can_curate(organization_of(target).municipality_id))


def require_curator_of_municipality(actor, municipality_id: int | None) -> None:
    """For what has no organisation yet (a new listing in this municipality)."""
    require(signed_in(actor) and actor.can_curate(municipality_id))


def require_referrer(actor) -> None:
    """Professionals (and administrators) record decisions for their social team."""
    require(signed_in(actor) and actor.can_refer)
