"""Home and other pages that span features."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from socialmap.catalogue.queries import get_visible_service, has_demo_services, list_municipality_overview
from socialmap.i18n import LANGUAGES, current_language

bp = Blueprint("web", __name__)

LANGUAGE_NAMES = {"nl": "Nederlands", "fy": "Frysk", "en": "English"}


def template_globals() -> dict:
    return {
        "lang": current_language(),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "show_demo_notice": has_demo_services(),
        "url_with_lang": _url_with_lang,
    }


def _url_with_lang(code: str) -> str:
    """The current page and query in another language, so the switch keeps the page."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    query = "&".join(f"{k}={v}" for k, values in args.items() for v in values)
    return f"{request.path}?{query}"


@bp.get("/")
def home():
    return render_template("web/home.html", municipalities=list_municipality_overview())


@bp.get("/diensten/<int:service_id>")
def service_detail(service_id: int):
    service = get_visible_service(service_id)
    if service is None:
        abort(404)
    return render_template("web/service.html", service=service)
