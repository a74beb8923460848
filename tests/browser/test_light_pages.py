"""Light pages and one place to ask in a real browser (issue 16, items 5 and 7). Map tiles cannot load
here (the test browser reaches only the app), which is the failure the pages must explain."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot


def without_map_markers(violations: list[dict]) -> list[dict]:
    """Markers and clusters overlap on a map by nature; WCAG 2.5.8's "equivalent" exception applies:
    the list beside the map links to the same services with full-size targets."""
    return [v for v in violations
            if not (v["id"] == "target-size" and all(_is_map_marker(str(n)) for n in v["nodes"]))]


def _is_map_marker(selector: str) -> bool:
    # axe names a node by its title when that is unique, else by Leaflet's marker classes.
    return selector.startswith(("['div[title=", "['img[title=")) or "leaflet-marker-icon" in selector


def open_service_in_sneek(page, base, lang="nl"):
    page.goto(f"{base}/plaatsen/sneek?lang={lang}")
    page.locator(".service-card h3 a").first.click()
    page.wait_for_load_state("networkidle")


def test_the_service_page_fetches_leaflet_only_when_the_resident_asks_for_the_map(live_server, new_page):
    page = new_page(viewport=PHONE)
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    open_service_in_sneek(page, live_server)
    assert not [url for url in fetched if "leaflet" in url]
    assert page.evaluate("typeof window.L") == "undefined"
    assert page.locator("#detail-map").is_hidden()
    page.click("#show-map")
    page.wait_for_selector("#detail-map .leaflet-container", timeout=10_000)
    assert [url for url in fetched if "leaflet.js" in url]
    page.wait_for_selector("#map-tile-note", state="visible", timeout=10_000)  # tiles are unreachable here


def test_without_javascript_the_map_link_opens_the_map_page(live_server, new_page):
    page = new_page(viewport=PHONE, javascript=False)
    open_service_in_sneek(page, live_server)
    page.click("#show-map")
    page.wait_for_load_state()
    assert "/zoeken/kaart" in page.url
    assert page.locator(".map-list li").count() > 0


def test_the_map_page_lists_the_results_names_clusters_and_says_tiles_failed(live_server, new_page):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server}/zoeken/kaart?near=Sneek&lang=nl")
    assert page.locator(".map-list li").count() > 0
    page.wait_for_selector(".marker-cluster", timeout=10_000)
    title = page.locator(".marker-cluster").first.get_attribute("title")
    assert title and ("voorzieningen rond" in title or "services near" in title)  # till nl is compiled
    page.wait_for_selector("#map-tile-note", state="visible", timeout=10_000)


def test_a_service_page_names_who_to_ask_in_its_village(live_server, new_page):
    page = new_page(viewport=PHONE)
    open_service_in_sneek(page, live_server)
    box = page.locator(".contact-point")
    assert "Gebiedsteam Snits" in box.inner_text()
    assert box.locator('a[href^="tel:"]').count() == 1


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_service_and_map_pages_on_a_phone_have_no_serious_accessibility_violations(live_server, new_page, lang):
    page = new_page(viewport=PHONE)
    open_service_in_sneek(page, live_server, lang)
    assert axe_violations(page) == []
    screenshot(page, f"light-service-{lang}-phone")
    page.click("#show-map")
    page.wait_for_selector("#map-tile-note", state="visible", timeout=10_000)
    screenshot(page, f"light-service-map-{lang}-phone")
    page.goto(f"{live_server}/zoeken/kaart?near=Sneek&lang={lang}")
    page.wait_for_selector(".marker-cluster", timeout=10_000)
    page.wait_for_selector("#map-tile-note", state="visible", timeout=10_000)
    assert without_map_markers(axe_violations(page)) == []
    screenshot(page, f"light-map-{lang}-phone")


def test_on_a_wide_screen_the_list_stands_beside_the_map(live_server, new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(f"{live_server}/zoeken/kaart?near=Sneek&lang=nl")
    frame, listing = page.locator(".results-map").bounding_box(), page.locator(".map-list").bounding_box()
    assert listing["x"] >= frame["x"] + frame["width"] and listing["y"] < frame["y"] + frame["height"]
    screenshot(page, "light-map-nl-desktop")
