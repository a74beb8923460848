"""Staff in the browser: the report's charts, and a professional's referral from a service page."""

from tests.browser.conftest import DESKTOP, axe_violations, screenshot, sign_in


def test_the_report_charts_render(live_server, new_page):
    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server, "redactie@example.org")
    # the seeded months only: decisions other browser tests record today would add a small month
    page.goto(f"{live_server}/rapportages?group_by=month&from=2026-09-01&to=2026-10-31&lang=nl")
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box["width"] > 200 and box["height"] > 20
    assert charts.first.locator("rect").count() == 2  # September and October
    screenshot(page, "report-nl-desktop")
    assert axe_violations(page) == []


def test_a_professional_records_a_referral_from_a_service_page(live_server, new_page):
    page = new_page(viewport=DESKTOP)
    sign_in(page, live_server, "werker@example.org")
    page.goto(f"{live_server}/zoeken?q=boodschappen&near=Heeg&lang=nl")
    page.locator(".result-list .service-card h3 a").first.click()
    page.wait_for_load_state()
    page.locator("details.referral summary").click()
    page.select_option("details.referral select[name=instead_of]", "household_help")
    page.fill("details.referral input[name=place]", "Heeg")  # a service page has no search: the village starts empty
    page.click("details.referral button[type=submit]")
    page.wait_for_load_state()
    assert page.locator(".flash").count() == 1
    assert "/verwijzingen/opvolgen" in page.url or page.locator("h1").count() == 1
