"""Issue #10 in a real browser: script in an address stays text, the CSP blocks injected script and
reports no violation on our own pages, and the maps still work with the policy on."""

from __future__ import annotations

import pytest

from socialmap.extensions import db
from socialmap.search.service import rebuild_index
from tests.conftest import make_standalone_app, served

EVIL_ADDRESS = "Dorpsstraat 1 </script><script>document.title='XSS'</script> ${document.title='X'}"

# Recorded before any page script runs; Playwright's init scripts are not subject to the page's CSP.
WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sample || ""));
});
"""


@pytest.fixture(scope="module")
def evil_server(tmp_path_factory):
    """A small catalogue of its own: one service whose address holds script."""
    from tests.factories import make_service

    app = make_standalone_app(tmp_path_factory.mktemp("evil"), "evil")
    with app.app_context():
        service = make_service(name="Koffieochtend", place_name="IJlst")
        service.locations[0].address = EVIL_ADDRESS
        db.session.commit()
        service_id = service.id
        rebuild_index()
        db.session.remove()
    with served(app) as base:
        yield base, service_id


def watched_page(new_page):
    """A page that records CSP violations, console messages about them and script errors."""
    page = new_page()
    page.add_init_script(WATCH_CSP)
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda error: page.problems.append(f"pageerror: {error}"))
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.problems


def test_script_in_an_address_stays_text_and_the_map_keeps_its_marker(evil_server, new_page):
    base, service_id = evil_server
    page = watched_page(new_page)
    page.goto(f"{base}/diensten/{service_id}-koffieochtend")
    page.click("#show-map")  # the service page draws its map when asked (issue 16)
    marker = page.wait_for_selector(".detail-map .leaflet-marker-icon", timeout=10_000)
    assert page.title() == "Koffieochtend – Sociale Kaart"
    assert marker.get_attribute("alt") == EVIL_ADDRESS
    marker.hover()
    tooltip = page.wait_for_selector(".leaflet-tooltip", timeout=5_000)
    assert tooltip.inner_text().strip() == EVIL_ADDRESS
    assert page.title() == "Koffieochtend – Sociale Kaart"
    assert violations(page) == []


def test_the_policy_blocks_a_script_without_the_nonce(evil_server, new_page):
    base, service_id = evil_server
    page = watched_page(new_page)
    page.goto(f"{base}/diensten/{service_id}-koffieochtend")
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "document.title = 'XSS'";
        document.body.appendChild(script);
    }""")
    page.wait_for_function("window.__csp.length > 0", timeout=5_000)
    assert page.title() == "Koffieochtend – Sociale Kaart"
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))


def _first_result(page, base) -> str:
    page.goto(f"{base}/zoeken?q=koffie&near=Heeg")
    return page.locator(".result-list .service-card h3 a").first.get_attribute("href")


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_our_own_pages_cause_no_csp_violations(live_server, new_page, lang):
    page = watched_page(new_page)
    pages = {"home": "/", "results": "/zoeken?q=koffie&near=Heeg", "map": "/zoeken/kaart?q=koffie&near=Heeg",
             "service": _first_result(page, live_server)}  # fmt: skip
    for name, path in pages.items():
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.className") == "js", name  # the nonce'd inline script ran
        if name == "service":
            page.click("#show-map")  # Leaflet only when asked (issue 16)
            page.wait_for_selector(".leaflet-marker-icon", timeout=10_000)
        if name in ("map", "service"):
            assert page.locator(".leaflet-marker-icon, .marker-cluster").count() > 0, name
        assert violations(page) == [], name
