"""Sociale Kaart: the social map of front-line help for Dutch rural municipalities."""

from __future__ import annotations

# First of all: no garbage collection while the app is imported (socialmap/startup.py).
from socialmap import startup  # isort: skip
from typing import Any

from flask import Flask
from flask_babel import refresh as refresh_locale
from werkzeug.middleware.proxy_fix import ProxyFix

import socialmap.models  # noqa: F401  (every feature's tables, before any query is built)
from socialmap import health, logs, reference, security
from socialmap.api.errors import refuse_nul_bytes
from socialmap.config import PROJECT_ROOT, Config, to_dict
from socialmap.extensions import babel, csrf, db, limiter
from socialmap.i18n import select_locale
from socialmap.ids import IdConverter


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the app: config, extensions, blueprints. No database or index I/O here."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    app.config.from_mapping(to_dict(Config(overrides or {})))
    app.config.update(overrides or {})
    app.instance_path = app.config["INSTANCE_PATH"]
    # Before any route is added: every `<int:…>` is an id within the database's range (else 404).
    app.url_map.converters["int"] = IdConverter

    if app.config["PROXY_HOPS"]:
        # Behind nginx or a load balancer: the client's address (rate limits), scheme (secure
        # cookies, links in e-mails) and host come from its X-Forwarded-* headers, for that many hops.
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
    logs.init_app(app)

    db.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    # Each request chooses its own language, even when an app context is shared (tests, CLI).
    app.before_request(refresh_locale)
    # Before the other request hooks (sign-in limits, CSRF): none of them should see such input.
    app.before_request(refuse_nul_bytes)
    # Reference data cached by this process follows loads made by any other (socialmap/reference.py).
    app.before_request(reference.follow)

    csrf.init_app(app)
    limiter.init_app(app)
    security.init_app(app)  # CSP with a nonce per request, nosniff, no framing, referrer policy

    from socialmap import accounts, activities, api, catalogue, feedback, hsds, referrals, search, volunteering, web

    search.init_app(app)
    health.init_app(app)
    accounts.init_app(app)
    catalogue.init_app(app)
    referrals.init_app(app)
    api.init_app(app)
    hsds.init_app(app)
    volunteering.init_app(app)
    activities.init_app(app)
    feedback.init_app(app)
    web.init_app(app)
    startup.app_built()
    return app
