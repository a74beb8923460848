"""/vrijwilligerswerk on a phone in Dutch and Frisian: readable, no sideways scrolling, axe-core clean;
the village page shows this week's activities."""

from __future__ import annotations

import datetime as dt

import pytest

from socialmap.extensions import db
from tests.browser.conftest import PHONE, axe_violations, screenshot
from tests.conftest import make_standalone_app, served

WORDS = {"nl": ("Vrijwilligerswerk bij Heeg", "Deze week in Heeg"),
         "fy": ("Frijwilligerswurk by Heech", "Dizze wike yn Heech")}  # fmt: skip


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory):
    from socialmap.activities.models import Activity
    from socialmap.search.service import rebuild_index
    from socialmap.volunteering.models import Vacancy
    from tests.factories import make_org, make_service, municipality, place

    app = make_standalone_app(tmp_path_factory.mktemp("vacancies"), "vacancies")
    with app.app_context():
        organization = make_org("Doarpshûs De Pipe", municipality_id=municipality("Súdwest-Fryslân").id)
        service = make_service(organization, name="Dorpskamer De Pipe", place_name="Heeg",
                               schedules=((0, "09:30", "11:30"), (3, "09:30", "11:30")))  # fmt: skip
        soon = dt.date.today() + dt.timedelta(days=30)
        db.session.add_all([
            Vacancy(organization=organization, title="Gastvrouw of gastheer in de dorpskamer", place=place("Heeg"),
                    description_nl="Je zet koffie, maakt een praatje en zorgt dat iedereen zich welkom voelt.",
                    description_fy="Do setst kofje, makkest in praatsje en soarchst dat elkenien him wolkom fielt.",
                    hours_per_week=3, contact="Wietske, 0515-555 412", expires_on=soon),
            Vacancy(organization=organization, title="Chauffeur voor de vrijwillige vervoersdienst",
                    area_municipality=municipality("Súdwest-Fryslân"), hours_per_week=4,
                    description_nl="Je rijdt inwoners naar de huisarts, het ziekenhuis of de winkel, met je eigen "
                                   "auto en een kilometervergoeding.",
                    contact="Klaas, 0515-555 987", expires_on=soon + dt.timedelta(days=30)),
            Activity(service=service, title="Bingomiddag", date=dt.date.today() + dt.timedelta(days=1),
                     opens=dt.time(14), closes=dt.time(16, 30)),
        ])  # fmt: skip
        db.session.commit()
        rebuild_index()
        db.session.remove()
    with served(app) as base:
        yield base


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_vacancies_near_a_village_read_well_on_a_phone(catalogue, new_page, lang):
    heading, week = WORDS[lang]
    page = new_page(viewport=PHONE, locale="fy-NL" if lang == "fy" else "nl-NL")
    page.goto(f"{catalogue}/vrijwilligerswerk?near=Heeg&lang={lang}")
    assert page.locator("h1").inner_text().strip() == heading
    assert page.locator("article.vacancy-card").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, f"vacancies-{lang}-phone")
    page.goto(f"{catalogue}/plaatsen/heeg?lang={lang}")
    assert week in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
    screenshot(page, f"place-week-{lang}-phone")
