"""Issue #18 in the browser: what a Frisian-speaking resident sees."""

import re

from tests.browser.conftest import PHONE, screenshot
from tests.browser.test_resident_journeys import search


def test_a_frisian_service_page_writes_its_months_in_lowercase(live_server, new_page):
    page = new_page(viewport=PHONE)
    search(page, live_server, "kofje", "Drylts", "fy")
    page.locator(".result-list .service-card h3 a").first.click()
    page.wait_for_load_state()
    text = page.locator("main").inner_text()
    months = re.findall(r"\b\d{1,2} (\w+) \d{4}\b", text)
    assert months, "the service page shows when it was last checked"
    assert all(month == month.lower() for month in months), months
    screenshot(page, "service-fy-phone-dates")


def test_the_dutch_page_names_easterein_by_its_official_name(live_server, new_page):
    page = new_page()
    page.goto(f"{live_server}/plaatsen/oosterend?lang=nl")  # the old Dutch address still leads there
    assert page.url.split("?")[0].endswith("/plaatsen/easterein")
    assert "Easterein" in page.locator("h1").inner_text()
    assert "Oosterend" not in page.locator("h1").inner_text()


def test_iten_yn_drylts_typed_as_one_sentence_finds_meals_in_ijlst(live_server, new_page):
    page = new_page(viewport=PHONE)
    search(page, live_server, "iten yn Drylts", "", "fy")
    assert page.locator("#q").input_value() == "iten"  # the village moved to the place field
    assert "Drylts" in page.locator("#near").input_value()
    top3 = page.locator(".result-list .service-card h3 a").all_inner_texts()[:3]
    assert "Miel oan hûs" in top3, top3  # meals delivered at home, located in IJlst
    screenshot(page, "iten-yn-drylts-phone")
