"""/vrijwilligerswerk, the organisation's and village's pages, and posting/ending from the dashboard."""

import datetime as dt

import pytest

from socialmap.activities.models import Activity
from socialmap.volunteering.models import Vacancy
from tests.factories import make_service, personas, place

SOON = dt.date.today() + dt.timedelta(days=20)


@pytest.fixture
def cast(db):
    people = personas()
    people.vacancy = Vacancy(organization=people.own, title="Kookvrijwilliger eetpunt", place=place("Heeg"),
                             description_nl="Koken voor twintig dorpsgenoten.",
                             description_fy="Koken foar tweintich doarpsgenoaten.", hours_per_week=3.5,
                             contact="Anneke, 0515-555 123", expires_on=SOON)  # fmt: skip
    db.session.add(people.vacancy)
    db.session.commit()
    return people


def test_residents_find_vacancies_near_their_village_in_dutch_and_frisian(client, cast):
    nl = client.get("/vrijwilligerswerk?near=Heeg&lang=nl").get_data(as_text=True)
    assert "Kookvrijwilliger eetpunt" in nl and "Koken voor twintig" in nl and "3,5" in nl
    fy = client.get("/vrijwilligerswerk?near=Heech&lang=fy").get_data(as_text=True)
    assert "Koken foar tweintich" in fy and 'lang="fy"' in fy
    far = client.get("/vrijwilligerswerk?near=Exloo").get_data(as_text=True)
    assert "Kookvrijwilliger eetpunt" not in far


def test_an_unknown_village_suggests_the_right_one(client, cast):
    page = client.get("/vrijwilligerswerk?near=Heg&lang=nl")
    assert page.status_code == 200
    assert "/vrijwilligerswerk?near=Heeg" in page.get_data(as_text=True)


def test_the_organisation_and_village_pages_show_current_vacancies(client, cast):
    assert "Kookvrijwilliger eetpunt" in client.get(f"/organisaties/{cast.own.id}").get_data(as_text=True)
    assert "Kookvrijwilliger eetpunt" in client.get("/plaatsen/heeg").get_data(as_text=True)


def test_an_editor_posts_and_ends_a_vacancy_from_the_dashboard(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    dashboard = client.get("/beheer").get_data(as_text=True)
    assert "Kookvrijwilliger eetpunt" in dashboard
    form = {"title": "Klusvrijwilliger", "description_nl": "Kleine klussen bij ouderen.", "place": "Heeg",
            "hours_per_week": "2", "contact": "Jan, 0515-555 321", "expires_on": SOON.isoformat()}  # fmt: skip
    response = client.post(f"/beheer/organisaties/{cast.own.id}/vacatures/nieuw", data=form)
    assert response.status_code == 302
    assert "Klusvrijwilliger" in client.get("/vrijwilligerswerk?near=Heeg").get_data(as_text=True)
    assert client.post(f"/beheer/vacatures/{cast.vacancy.id}/beeindigen").status_code == 302
    assert "Kookvrijwilliger eetpunt" not in client.get("/vrijwilligerswerk?near=Heeg").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Vacancy, cast.vacancy.id).ended_at is not None


def test_the_form_names_what_is_wrong(client, auth, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/organisaties/{cast.own.id}/vacatures/nieuw?lang=nl",
                           data={"title": "x" * 10_000, "expires_on": "2020-01-01"})  # fmt: skip
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="f-expires_on-error"' in page and 'id="f-title-error"' in page and 'id="f-contact-error"' in page


def test_another_organisations_editor_cannot_post_or_end(client, auth, cast):
    auth.login(cast.other_org_editor)
    assert client.get(f"/beheer/organisaties/{cast.own.id}/vacatures/nieuw").status_code == 403
    assert client.post(f"/beheer/vacatures/{cast.vacancy.id}/beeindigen").status_code == 403


def test_the_village_page_shows_this_weeks_activities(client, db, cast):
    service = make_service(cast.own, name="Dorpskamer Heeg", place_name="Heeg")
    db.session.add(Activity(service=service, title="Bingomiddag", date=dt.date.today() + dt.timedelta(days=2),
                            opens=dt.time(14), closes=dt.time(16)))  # fmt: skip
    db.session.add(Activity(service=service, title="Kerstmarkt", date=dt.date.today() + dt.timedelta(days=12),
                            opens=dt.time(14), closes=dt.time(16)))  # fmt: skip
    db.session.commit()
    nl = client.get("/plaatsen/heeg?lang=nl").get_data(as_text=True)
    assert "Bingomiddag" in nl and "Kerstmarkt" not in nl
    service_page = client.get(f"/diensten/{service.id}", follow_redirects=True).get_data(as_text=True)
    assert "Bingomiddag" in service_page and "Kerstmarkt" in service_page
