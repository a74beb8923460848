"""/api/hsds/: the catalogue as Open Referral HSDS 3.0, read-only and public (CORS for any origin)."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass

from flask import Blueprint, current_app, jsonify, request, url_for
from werkzeug.datastructures import MultiDict

from socialmap.api.errors import error_response
from socialmap.hsds import queries
from socialmap.hsds.mapping import (
    HSDS_VERSION,
    VOCABULARIES,
    organization_json,
    prune,
    service_at_location_json,
    service_json,
    taxonomy_json,
    taxonomy_term_json,
    tier_term_json,
)
from socialmap.i18n import _
from socialmap.licence import data_licence
from socialmap.search.params import MAX_QUERY_LENGTH, BadParameter, parse_search_args
from socialmap.search.service import search_services
from socialmap.security import public_data

bp = Blueprint("hsds", __name__, url_prefix="/api/hsds")

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
TRUE, FALSE = ("true", "1", "yes"), ("false", "0", "no", "")


class Refused(Exception):
    def __init__(self, code: str, field: str, message: str):
        self.code, self.field, self.message = code, field, message


@bp.errorhandler(Refused)
def refused(error: Refused):
    return error_response(400, error.code, error.message, error.field)


def _base() -> str:
    return request.url_root.rstrip("/")


def _int(name: str, default: int, low: int, high: int) -> int:
    text = request.args.get(name, "").strip()
    if not text:
        return default
    if not re.fullmatch(r"\d{1,9}", text) or not low <= int(text) <= high:
        raise Refused(f"bad_{name}", name, _("This must be a whole number from %(low)s to %(high)s.", low=low,
                                             high=high))  # fmt: skip
    return int(text)


def _flag(name: str) -> bool:
    text = request.args.get(name, "").strip().lower()
    if text not in TRUE + FALSE:
        raise Refused(f"bad_{name}", name, _("This must be true or false."))
    return text in TRUE


def _uuid(name: str) -> str | None:
    text = request.args.get(name, "").strip().lower()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise Refused(f"bad_{name}", name, _("This must be an identifier (a UUID).")) from None


def _moment(name: str) -> dt.datetime | None:
    text = request.args.get(name, "").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "+"))
    except ValueError:
        raise Refused(f"bad_{name}", name, _("This must be a date or date and time, such as 2026-01-31T12:00:00Z.")) \
            from None
    if moment.tzinfo is not None:  # we store UTC without a zone
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment


@dataclass
class Paging:
    page: int
    per_page: int

    @classmethod
    def read(cls) -> Paging:
        if request.args.get("format", "json") != "json":
            raise Refused("bad_format", "format", _("Only the format json is offered."))
        return cls(_int("page", 1, 1, 10**6), _int("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE))

    def body(self, total: int, contents: list) -> dict:
        """HSDS's Page: the header of every list (docs/hsds/api_reference.md, Lists and Pagination)."""
        pages = max(1, -(-total // self.per_page))
        return {
            "total_items": total,
            "total_pages": pages,
            "page_number": self.page,
            "size": len(contents),
            "first_page": self.page == 1,
            "last_page": self.page >= pages,
            "empty": total == 0,
            "contents": prune(contents),
        }


def _search_ids() -> list[int] | None:
    text = request.args.get("search", "").strip()
    if not text:
        return None
    if len(text) > MAX_QUERY_LENGTH:
        raise Refused("bad_search", "search", _("The search text is longer than %(n)s characters. Please shorten it.",
                                                n=MAX_QUERY_LENGTH))  # fmt: skip
    try:
        params = parse_search_args(MultiDict({"q": text})).params
    except BadParameter as error:
        raise Refused(error.code, "search", error.message) from None
    return search_services(params).ordered_ids


def _filtered_services():
    """Every documented filter of /services and /service_at_locations, cumulative (AND)."""
    term = vocabulary = organization = None
    if (key := _uuid("taxonomy_term_id")) is not None:
        term = queries.find_term(key) or ("none", None)
    if (key := _uuid("taxonomy_id")) is not None:
        vocabulary = queries.find_vocabulary(key) or "none"
    if (key := _uuid("organization_id")) is not None:
        found = queries.find_organization(key)
        organization = found.id if found else 0
    query = queries.filter_services(queries.published_services(), term=term, vocabulary=vocabulary,
                                    organization_id=organization, modified_after=_moment("modified_after"),
                                    ids=_search_ids())  # fmt: skip
    return query


@bp.get("/")
@public_data
def root():
    licence = data_licence(current_app.config)
    return jsonify(version=HSDS_VERSION, profile=url_for("hsds.profile", _external=True),
                   openapi_url=url_for("openapi.document_json", _external=True), license=licence)  # fmt: skip


@bp.get("/services")
@public_data
def list_services():
    paging = Paging.read()
    minimal, full = _flag("minimal"), _flag("full")
    total, services = queries.page_of(_filtered_services(), paging.page, paging.per_page)
    if minimal:
        contents = [{"id": s["id"], "last_modified": s.get("last_modified")}
                    for s in (service_json(x, _base(), full=False) for x in services)]  # fmt: skip
    else:
        contents = [service_json(s, _base(), full=full) for s in services]
    return jsonify(paging.body(total, contents))


@bp.get("/services/<string:service_uuid>")
@public_data
def get_service(service_uuid: str):
    found = queries.find_service_id(service_uuid.lower())
    service = queries.get_service(found) if found is not None else None
    if service is None:
        return error_response(404, "not_found", _("There is no service with this number."))
    return jsonify(prune(service_json(service, _base())))


@bp.get("/organizations")
@public_data
def list_organizations():
    paging = Paging.read()
    total, organizations = queries.page_of_organizations(paging.page, paging.per_page)
    return jsonify(paging.body(total, [organization_json(o) for o in organizations]))


@bp.get("/organizations/<string:organization_uuid>")
@public_data
def get_organization(organization_uuid: str):
    organization = queries.find_organization(organization_uuid.lower())
    if organization is None:
        return error_response(404, "not_found", _("There is no organisation with this number."))
    return jsonify(prune(organization_json(organization)))


@bp.get("/taxonomies")
@public_data
def list_taxonomies():
    paging = Paging.read()
    everything = [taxonomy_json(v, _base()) for v in VOCABULARIES]
    start = (paging.page - 1) * paging.per_page
    return jsonify(paging.body(len(everything), everything[start:start + paging.per_page]))


@bp.get("/taxonomy_terms")
@public_data
def list_taxonomy_terms():
    paging = Paging.read()
    vocabulary = None
    if (key := _uuid("taxonomy_id")) is not None:
        vocabulary = queries.find_vocabulary(key) or "none"
    terms, tiers = queries.list_all_terms()
    everything = [taxonomy_term_json(t, _base()) for t in terms] + [tier_term_json(t, _base()) for t in tiers]
    if vocabulary is not None:
        everything = [t for t in everything if t["taxonomy"] == f"socialmap-{vocabulary}"]
    start = (paging.page - 1) * paging.per_page
    return jsonify(paging.body(len(everything), everything[start:start + paging.per_page]))


@bp.get("/service_at_locations")
@public_data
def list_service_at_locations():
    paging = Paging.read()
    query = _filtered_services()
    postcode = request.args.get("postcode", "").strip().replace(" ", "")
    proximity = request.args.get("proximity", "").strip()
    if postcode:
        if not re.fullmatch(r"\d{4}([A-Za-z]{2})?", postcode):
            raise Refused("bad_postcode", "postcode", _("A postcode is four digits, optionally with two letters."))
        distance = None
        if proximity:
            if not re.fullmatch(r"\d{1,6}", proximity) or int(proximity) == 0:
                raise Refused("bad_proximity", "proximity", _("The distance must be a number of metres above 0."))
            distance = float(proximity)
        query = queries.serving_postcode(query, postcode[:4], distance)
    total, services = queries.page_of(query, paging.page, paging.per_page)
    contents = [service_at_location_json(s, loc, i, with_service=True)
                for s in services for i, loc in enumerate(s.locations)]  # fmt: skip
    # Paged by service: each page holds the locations of `per_page` services.
    return jsonify(paging.body(total, contents))


@bp.get("/profile")
@public_data
def profile():
    from socialmap.config import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "hsds-profile.md").read_text(encoding="utf-8")
    return current_app.response_class(text, mimetype="text/markdown")
