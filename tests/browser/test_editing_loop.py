"""The organisation's editing loop in the browser, in Dutch and in Frisian (issue #15): a waiting edit
shown to its author, rejected with a message that reaches the organisation; two editors at once; the
imported state restored; "full" public at once."""

from __future__ import annotations

import io

import pytest

from socialmap.accounts.services import create_user
from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Organization, Service
from socialmap.extensions import db
from socialmap.i18n import _, force_locale
from socialmap.mail import outbox_messages
from socialmap.search.service import rebuild_index
from tests.browser.conftest import DESKTOP, STAFF_PASSWORD, axe_violations, screenshot, sign_in
from tests.conftest import make_standalone_app, served
from tests.factories import csv_text, service_row

LANGUAGES = {"nl": "nl-NL", "fy": "fy-NL"}
UNTRUSTED, TRUSTED = "Dorpshuis De Brink", "Vrijwilligers Heeg"
ORGANISATION_EDITOR, TRUSTED_EDITOR, CURATOR = "brink@example.org", "heeg@example.org", "gemeente@example.org"
# One service per journey and language, so that the journeys do not meet.
SERVICES = {f"{journey} {lang}": organization for lang in LANGUAGES
            for journey, organization in (("Koffieochtend", UNTRUSTED), ("Boodschappenhulp", TRUSTED),
                                          ("Taalcafé", UNTRUSTED), ("Maaltijdservice", UNTRUSTED),
                                          ("Klusjesdienst", TRUSTED))}  # fmt: skip


@pytest.fixture(scope="module")
def loop(tmp_path_factory):
    """A catalogue of its own (imported, so the import is each service's first state) with an untrusted
    and a trusted organisation, their editors and the municipality's editor, on a free port."""
    app = make_standalone_app(tmp_path_factory.mktemp("loop"), "loop")
    app.config["LOGIN_RATE_LIMIT"] = "100 per minute"  # a dozen sign-ins of the same people within a minute
    with app.app_context():
        rows = [service_row(name=name, organization=org, place="Heeg") for name, org in SERVICES.items()]
        import_services(io.StringIO(csv_text(rows)))
        db.session.flush()
        brink = db.session.query(Organization).filter_by(name=UNTRUSTED).one()
        heeg = db.session.query(Organization).filter_by(name=TRUSTED).one()
        heeg.is_trusted = True
        for email, organization in ((ORGANISATION_EDITOR, brink), (TRUSTED_EDITOR, heeg)):
            editor = create_user(email, "organisation_editor", STAFF_PASSWORD)
            editor.organizations.append(organization)
        create_user(CURATOR, "municipal_editor", STAFF_PASSWORD, municipality="Súdwest-Fryslân")
        db.session.commit()
        rebuild_index()
        ids = {s.name_nl: s.id for s in db.session.query(Service)}
        db.session.remove()
    with served(app) as base:
        yield app, base, ids


def fresh(app, service_id: int) -> Service:
    """The service as the database has it now (a new session, not the browser's)."""
    db.session.remove()
    return db.session.get(Service, service_id)


def save_form(page) -> None:
    page.click("form.service-form button.primary")
    page.wait_for_load_state()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_an_untrusted_organisations_edit_waits_is_rejected_and_the_organisation_reads_why(loop, new_page, lang):
    app, base, ids = loop
    service_id = ids[f"Koffieochtend {lang}"]
    organisation = new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(organisation, base, ORGANISATION_EDITOR)
    organisation.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    organisation.fill("#f-description_nl", "Elke woensdag koffie, nu ook met taart.")
    save_form(organisation)
    organisation.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    notice = organisation.locator(".pending-change")
    assert notice.count() == 1 and "ook met taart" in notice.inner_text()
    assert organisation.input_value("#f-description_nl") == "Elke woensdag koffie, nu ook met taart."
    screenshot(organisation, f"editing-pending-{lang}-desktop")
    assert axe_violations(organisation) == []
    with app.app_context():
        assert fresh(app, service_id).description_nl == "Elke woensdag koffie en een praatje."  # not public yet

    curator = new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(curator, base, CURATOR)
    curator.goto(f"{base}/beheer?lang={lang}")
    review = curator.locator("article.review", has_text=f"Koffieochtend {lang}")
    review.locator("form[action$='/afwijzen'] input[name=message]").fill("Taart mag niet in de beschrijving.")
    review.locator("form[action$='/afwijzen'] button").click()
    curator.wait_for_load_state()

    organisation.goto(f"{base}/beheer?lang={lang}")
    decision = organisation.locator(".my-changes li", has_text=f"Koffieochtend {lang}")
    assert "Taart mag niet in de beschrijving." in decision.inner_text()
    screenshot(organisation, f"editing-rejected-{lang}-desktop")
    mail = [m for m in outbox_messages(app.config["MAIL_OUTBOX"]) if f"Koffieochtend {lang}" in m["Subject"]][-1]
    assert mail["To"] == ORGANISATION_EDITOR
    body = mail.get_content()
    assert "Taart mag niet in de beschrijving." in body and f"lang={lang}" in body  # in the author's language
    with app.app_context():
        assert fresh(app, service_id).description_nl == "Elke woensdag koffie en een praatje."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_editors_change_different_fields_at_the_same_time_and_both_changes_stay(loop, new_page, lang):
    app, base, ids = loop
    service_id = ids[f"Boodschappenhulp {lang}"]
    anna, bram = new_page(viewport=DESKTOP, locale=LANGUAGES[lang]), new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(anna, base, TRUSTED_EDITOR)
    sign_in(bram, base, CURATOR)
    for page in (anna, bram):  # both open the form before either saves
        page.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    anna.fill("#f-phone", "0515 442211")
    save_form(anna)
    bram.fill("#f-description_nl", "Wij doen boodschappen voor wie niet weg kan.")
    save_form(bram)
    assert bram.locator("table.conflict").count() == 0  # different fields: no conflict page
    with app.app_context():
        service = fresh(app, service_id)
        assert service.phone == "0515 442211"
        assert service.description_nl == "Wij doen boodschappen voor wie niet weg kan."


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_municipal_editor_restores_the_imported_state(loop, new_page, lang):
    app, base, ids = loop
    service_id = ids[f"Taalcafé {lang}"]
    curator = new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(curator, base, CURATOR)
    curator.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    curator.fill("#f-name", "Taalcafé (verkeerd)")
    save_form(curator)
    curator.goto(f"{base}/beheer/diensten/{service_id}/geschiedenis?lang={lang}")
    entries = curator.locator("ol.history > li")
    assert entries.count() == 2  # the change, and the imported state before it
    actions = curator.locator("ol.history > li strong").all_inner_texts()
    assert not {"update", "import", "create"} & set(actions), actions  # people read what happened, not codes
    screenshot(curator, f"editing-history-{lang}-desktop")
    assert axe_violations(curator) == []
    entries.last.locator("button").click()
    curator.wait_for_load_state()
    with app.app_context():
        assert fresh(app, service_id).name_nl == f"Taalcafé {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_full_shows_to_residents_at_once_even_from_an_untrusted_organisation(loop, new_page, lang):
    app, base, ids = loop
    service_id = ids[f"Maaltijdservice {lang}"]
    organisation = new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(organisation, base, ORGANISATION_EDITOR)
    organisation.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    organisation.select_option("#f-capacity", "full")
    save_form(organisation)
    resident = new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    resident.goto(f"{base}/diensten/{service_id}?lang={lang}")
    with app.test_request_context(), force_locale(lang):
        full = _("Full")
    assert full in resident.locator(".capacity").inner_text()
    screenshot(resident, f"editing-full-{lang}-desktop")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_two_editors_change_the_same_field_and_the_second_chooses_on_the_conflict_page(loop, new_page, lang):
    app, base, ids = loop
    service_id = ids[f"Klusjesdienst {lang}"]
    anna, bram = new_page(viewport=DESKTOP, locale=LANGUAGES[lang]), new_page(viewport=DESKTOP, locale=LANGUAGES[lang])
    sign_in(anna, base, TRUSTED_EDITOR)
    sign_in(bram, base, CURATOR)
    for page in (anna, bram):
        page.goto(f"{base}/beheer/diensten/{service_id}?lang={lang}")
    anna.fill("#f-phone", "0515 111111")
    save_form(anna)
    bram.fill("#f-phone", "0515 222222")
    bram.fill("#f-website", "https://klusjes.example.org")
    save_form(bram)
    rows = bram.locator("table.conflict tbody tr")
    assert rows.count() == 1  # only the field both changed
    assert bram.locator("table.conflict input[type=radio]:checked").get_attribute("value") == "0515 111111"
    screenshot(bram, f"editing-conflict-{lang}-desktop")
    assert axe_violations(bram) == []
    bram.locator("table.conflict input[type=radio][value='0515 222222']").check()
    bram.click("form.conflict-form button.primary")
    bram.wait_for_load_state()
    with app.app_context():
        service = fresh(app, service_id)
        assert (service.phone, service.website) == ("0515 222222", "https://klusjes.example.org")
