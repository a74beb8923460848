"""A resident's journeys in headless chromium: Frisian and Dutch, phone and desktop, with and without JavaScript."""

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot


def search(page, base, q, near, lang):
    page.goto(f"{base}/?lang={lang}")
    page.fill("#q", q)
    page.fill("#near", near)
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_frisian_resident_finds_help_and_switches_to_dutch(live_server, new_page, viewport, javascript):
    page = new_page(viewport=viewport, javascript=javascript)
    search(page, live_server, "iensumens", "Drylts", "fy")
    assert page.locator("html").get_attribute("lang") == "fy"
    assert "Drylts" in page.locator("h1").inner_text()
    results = page.locator(".result-list .service-card h3 a")
    assert results.count() > 0
    first_name = results.first.inner_text()
    results.first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == first_name
    detail_path = re.sub(r"\?.*", "", page.url)
    page.click(".language-switch a[lang=nl]")
    page.wait_for_load_state()
    assert re.sub(r"\?.*", "", page.url) == detail_path
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h2").first.inner_text() == "Wat"
    # the choice is remembered: a bare URL now comes in Dutch
    page.goto(live_server + "/")
    assert page.locator("html").get_attribute("lang") == "nl"


def test_a_lonely_resident_of_drylts_finds_her_own_village_room_first_on_a_phone(live_server, new_page):
    """Issue #11: the own village first. Buddy projects 3-7 km away that do not serve IJlst used to
    come first and Dorpskamer IJlst 7th."""
    page = new_page(viewport=PHONE)
    search(page, live_server, "iensumens", "Drylts", "fy")
    top3 = page.locator(".result-list .service-card h3 a").all_inner_texts()[:3]
    assert "Doarpskeamer Drylts" in top3, top3  # Dorpskamer IJlst, named in Frisian on a Frisian page
    screenshot(page, "iensumens-drylts-phone")


def test_the_language_switch_keeps_the_search(live_server, new_page):
    page = new_page()
    search(page, live_server, "schulden", "Snits", "fy")
    page.click(".language-switch a[lang=nl]")
    page.wait_for_load_state()
    assert "q=schulden" in page.url and "near=Snits" in page.url
    assert "Sneek" in page.locator("h1").inner_text()  # place names follow the page's language


def test_an_unknown_place_suggests_the_right_one(live_server, new_page):
    page = new_page()
    search(page, live_server, "koffie", "Drylst", "nl")
    suggestion = page.locator(".place-choices a").first
    assert "IJlst" in suggestion.inner_text()
    suggestion.click()
    page.wait_for_load_state()
    assert page.locator(".result-list li").count() > 0


def test_the_map_loads_markers_from_the_api(live_server, new_page):
    page = new_page()
    page.goto(f"{live_server}/zoeken/kaart?q=koffie&near=Heeg")
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster", timeout=10_000)
    assert page.locator(".leaflet-marker-icon, .marker-cluster").count() > 0


PAGES = {
    "home": "/",
    "results": "/zoeken?q=eenzaamheid&near=IJlst",
    "detail": None,  # the first result of the search above
    "place": "/plaatsen/ijlst",
}


def _detail_url(page, base, lang):
    page.goto(f"{base}{PAGES['results']}&lang={lang}")
    return page.locator(".result-list .service-card h3 a").first.get_attribute("href")


@pytest.mark.parametrize("lang", ["nl", "fy"])
@pytest.mark.parametrize("name", list(PAGES))
def test_pages_have_no_serious_accessibility_violations(live_server, new_page, name, lang):
    page = new_page()
    path = PAGES[name] or _detail_url(page, live_server, lang)
    page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["nl", "fy"])
@pytest.mark.parametrize(("device", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_of_the_main_pages(live_server, new_page, lang, device, viewport):
    page = new_page(viewport=viewport)
    for name, path in PAGES.items():
        path = path or _detail_url(page, live_server, lang)
        page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
        page.wait_for_load_state("networkidle")
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert fits, f"{name} scrolls sideways"
        screenshot(page, f"{name}-{lang}-{device}")


def test_a_service_page_prints_on_at_most_two_pages(live_server, new_page):
    page = new_page()
    page.goto(live_server + _detail_url(page, live_server, "nl"))
    pdf = page.pdf(format="A4")
    assert 1 <= len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2


@pytest.mark.parametrize("name", ["home", "results", "place"])
def test_pages_fit_a_320_pixel_screen(live_server, new_page, name):
    page = new_page(viewport={"width": 320, "height": 640})
    page.goto(f"{live_server}{PAGES[name]}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_keyboard_users_can_skip_to_the_content(live_server, new_page):
    page = new_page()
    page.goto(live_server + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
