"""A resident's correction in the browser, in Dutch and Frisian: sent from the service page without an
account, it reaches the organisation's dashboard; the accessibility statement passes axe-core."""

from __future__ import annotations

import pytest

from socialmap.extensions import db
from tests.browser.conftest import DESKTOP, PHONE, STAFF_PASSWORD, axe_violations, screenshot, sign_in
from tests.conftest import make_standalone_app, served

WORDS = {  # the form's question, and the dashboard's heading, as residents and editors read them
    "nl": ("Klopt er iets niet?", "Correcties van inwoners"),
    "fy": ("Klopt der wat net?", "Korreksjes fan ynwenners"),
}


@pytest.fixture(scope="module")
def village_room(tmp_path_factory):
    """A catalogue of one service whose organisation has an editor, served on a free port."""
    from socialmap.accounts.services import create_user
    from tests.factories import make_org, make_service, municipality

    app = make_standalone_app(tmp_path_factory.mktemp("corrections"), "corrections")
    with app.app_context():
        organization = make_org("Dorpshuis De Pipe", municipality_id=municipality("Súdwest-Fryslân").id)
        service = make_service(organization, name="Koffieochtend De Pipe", place_name="Heeg")
        editor = create_user("dorpshuis@example.org", "organisation_editor", STAFF_PASSWORD)
        editor.organizations.append(organization)
        db.session.commit()
        service_id = service.id
        db.session.remove()
    with served(app) as base:
        yield base, service_id


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_a_residents_correction_reaches_the_organisation(village_room, new_page, lang):
    base, service_id = village_room
    question, heading = WORDS[lang]
    message = f"De koffieochtend is voortaan op donderdag ({lang})."
    resident = new_page(viewport=PHONE, locale="fy-NL" if lang == "fy" else "nl-NL")
    resident.goto(f"{base}/diensten/{service_id}?lang={lang}")
    summary = resident.locator("details.correction summary")
    assert summary.inner_text().strip() == question
    summary.click()
    resident.fill("#correction-message", message)
    screenshot(resident, f"correction-form-{lang}-phone")
    assert axe_violations(resident) == []
    resident.wait_for_timeout(3200)  # people take a few seconds; a bot that posts at once is asked again
    resident.click("details.correction button[type=submit]")
    resident.wait_for_load_state()
    assert resident.url.endswith("/bedankt") or "/bedankt?" in resident.url
    assert "Koffieochtend De Pipe" in resident.locator("main").inner_text()
    screenshot(resident, f"correction-thanks-{lang}-phone")
    assert axe_violations(resident) == []

    editor = new_page(viewport=DESKTOP)
    sign_in(editor, base, "dorpshuis@example.org")
    editor.goto(f"{base}/beheer?lang={lang}")
    assert editor.locator("#corrections-heading").inner_text() == heading
    item = editor.locator(".correction-item", has_text=message)
    assert item.count() == 1
    screenshot(editor, f"correction-dashboard-{lang}-desktop")
    assert axe_violations(editor) == []
    item.locator("button[type=submit]").click()
    editor.wait_for_load_state()
    assert editor.locator(".correction-item", has_text=message).count() == 0


@pytest.mark.parametrize("lang", ["nl", "fy", "en"])
def test_the_accessibility_statement_is_linked_from_every_page_and_passes_axe(live_server, new_page, lang):
    page = new_page(viewport=PHONE)
    page.goto(f"{live_server}/?lang={lang}")
    page.locator("footer a[href='/toegankelijkheid']").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    screenshot(page, f"accessibility-{lang}-phone")
    assert axe_violations(page) == []
