"""Browser tests: the app with the demo catalogue on a local port, driven by Debian's chromium."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from socialmap.catalogue.importer import import_services
from socialmap.cli import DEMO_CONTACT_POINTS, DEMO_FILE
from socialmap.config import PROJECT_ROOT
from socialmap.contacts.services import load_contact_points
from socialmap.extensions import db
from socialmap.search.service import rebuild_index
from tests.conftest import make_standalone_app, served

CHROMIUM = os.environ.get("SOCIALMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]  # fmt: skip
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The real app, demo catalogue loaded, served on 127.0.0.1 on a free port."""
    app = make_standalone_app(tmp_path_factory.mktemp("live"), "live")
    with app.app_context():
        import_services(DEMO_FILE, source="demo")
        load_contact_points(DEMO_CONTACT_POINTS.read_text(encoding="utf-8"))
        db.session.commit()
        _seed_people_and_referrals()
        rebuild_index()
        db.session.remove()
    with served(app) as base:
        yield base


STAFF_PASSWORD = "browser test password"


def _seed_people_and_referrals() -> None:
    """A municipal editor and a professional, and a few decisions so the report has charts."""
    import datetime as dt

    from socialmap.accounts.services import create_user
    from socialmap.catalogue.models import Service
    from socialmap.places.models import Place
    from socialmap.referrals.models import Referral

    create_user("redactie@example.org", "municipal_editor", STAFF_PASSWORD, municipality="Súdwest-Fryslân")
    worker = create_user("werker@example.org", "professional", STAFF_PASSWORD, team="Gebiedsteam Snits")
    heeg = db.session.query(Place).filter_by(name_nl="Heeg").first()
    services = db.session.query(Service).order_by(Service.id).limit(3).all()
    # 10 a month, 5 of each kind and outcome: counts below 5 would show as "< 5", without bars, and
    # three "< 5" adding up to a shown 12 would give each other away and hide the rest too.
    for i in range(20):
        j = i // 2  # the decision's number within its month
        db.session.add(Referral(service=services[j % len(services)], team=worker.teams[0], worker=worker.pseudonym,
                                instead_of="household_help" if j % 2 else "none", place=heeg,
                                decided_on=dt.date(2026, 9 + i % 2, 1 + j), submission_key=f"browser-{i}",
                                outcome="helped" if j < 5 else None))  # fmt: skip
    db.session.commit()


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/inloggen")
    page.fill("#email", email)
    page.fill("#password", STAFF_PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} not found: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def new_page(browser):
    """new_page(viewport=PHONE, javascript=True, locale="nl-NL") → a fresh page with its own cookies."""
    contexts = []

    def make(viewport=DESKTOP, javascript=True, locale="nl-NL"):
        context = browser.new_context(viewport=viewport, java_script_enabled=javascript, locale=locale)
        # The machine has no internet: map tiles are refused at once instead of timing out.
        context.route("**/*", lambda route: route.abort() if not route.request.url.startswith("http://127.0.0.1")
                      else route.continue_())  # fmt: skip
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def axe_violations(page) -> list[dict]:
    """Serious and critical WCAG 2.x A/AA violations reported by axe-core on the current page."""
    page.evaluate(AXE.read_text())  # not a <script> tag: the CSP refuses inline scripts without our nonce
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
            values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
