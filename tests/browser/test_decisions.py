"""Issue 12 as a social worker tries it: alternatives for household help near postcode 8621, the form
already says Heeg and household help, one click records it; "No suitable alternative" records an
escalation with its reason; the coverage map shows Heeg."""

import re

from tests.browser.conftest import PHONE, axe_violations, screenshot, sign_in


def test_a_worker_records_front_line_help_and_an_escalation_from_the_alternatives_page(live_server, new_page):
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, "werker@example.org")
    page.goto(f"{live_server}/professionals/alternatieven?lang=nl")
    page.select_option("#product", "household_help")
    page.fill("#near", "8621")
    page.click("form.search-form button[type=submit]")
    page.wait_for_load_state()
    card = page.locator(".result-list .service-card").first
    service_name = card.locator("h3").inner_text()
    card.locator("details.referral summary").click()
    form = card.locator("details.referral form")
    assert form.locator("select[name=instead_of]").input_value() == "household_help"
    assert form.locator("input[name=place]").input_value() == "Heeg"
    screenshot(page, "decisions-alternatives-phone")
    form.locator("button[type=submit]").click()  # the one click
    page.wait_for_load_state()
    assert page.locator(".flash").count() == 1
    page.goto(f"{live_server}/verwijzingen/opvolgen?lang=nl")
    recent = page.locator("li", has_text=service_name).first.inner_text()
    assert "Huishoudelijke hulp" in recent and "Heeg" in recent

    page.goto(f"{live_server}/professionals/alternatieven?product=household_help&near=8621&lang=nl")
    escalation = page.locator("form.escalation-form")
    assert escalation.locator("select[name=reason]").input_value() == "not_suitable"  # there were alternatives
    escalation.locator("select[name=reason]").select_option("full_or_waiting_list")
    # "Geen passend alternatief" once the lead merges the translations; the English msgid until then
    escalation.get_by_role("button", name=re.compile("Geen passend alternatief|No suitable alternative")).click()
    page.wait_for_load_state()
    assert page.locator(".flash").count() == 1
    page.goto(f"{live_server}/verwijzingen/opvolgen?lang=nl")
    first = page.locator("ul.result-list").last.locator("li").first.inner_text()
    assert re.search(r"zorg met indicatie|indicated care", first) and "Huishoudelijke hulp" in first and "Heeg" in first
    assert re.search(r"vol of wachtlijst|full or waiting list", first)  # the reason chosen


def test_the_coverage_page_shows_heeg(live_server, new_page):
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, "redactie@example.org")
    page.goto(f"{live_server}/rapportages/witte-vlekken?product=household_help&lang=nl")
    assert page.locator("table.coverage th[scope=row]", has_text="Heeg").count() == 1
    assert page.locator("svg.coverage-map circle").count() > 10
    box = page.locator("svg.coverage-map").bounding_box()
    assert box["width"] <= PHONE["width"]  # the map fits on the phone
    screenshot(page, "decisions-coverage-phone")
    assert axe_violations(page) == []
