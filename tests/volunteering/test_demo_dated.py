"""`socialmap demo` loads vacancies, activities and closures in all four municipalities, dated from today."""

import datetime as dt

from sqlalchemy import select

from socialmap.activities.models import Activity, Closure
from socialmap.cli import main
from socialmap.volunteering.models import Vacancy

MUNICIPALITIES = {"Borger-Odoorn", "Bronckhorst", "Súdwest-Fryslân", "Midden-Groningen"}


def _municipality(vacancy: Vacancy) -> str:
    if vacancy.place:
        return vacancy.place.municipality.name
    return vacancy.area_municipality.name if vacancy.area_municipality else vacancy.area_places[0].municipality.name


def test_the_demo_has_current_vacancies_and_activities_in_every_municipality(runner, db):
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    today = dt.date.today()
    vacancies = db.session.scalars(select(Vacancy)).all()
    assert {_municipality(v) for v in vacancies} == MUNICIPALITIES
    assert all(v.expires_on > today and v.source == "demo" for v in vacancies)
    activities = db.session.scalars(select(Activity)).all()
    assert {a.service.locations[0].place.municipality.name for a in activities} == MUNICIPALITIES
    assert all(a.date >= today for a in activities)
    assert any(a.date < today + dt.timedelta(days=7) for a in activities)  # "this week in …" has something
    closures = db.session.scalars(select(Closure)).all()
    assert closures and all(c.ends_on >= today for c in closures)


def test_loading_the_demo_again_replaces_its_dated_rows(runner, db):
    assert runner.invoke(main, ["demo"]).exit_code == 0
    counts = (db.session.query(Vacancy).count(), db.session.query(Activity).count())
    assert runner.invoke(main, ["demo"]).exit_code == 0
    assert (db.session.query(Vacancy).count(), db.session.query(Activity).count()) == counts


def test_residents_find_demo_vacancies_near_their_village(runner, client):
    assert runner.invoke(main, ["demo"]).exit_code == 0
    for village in ("Exloo", "Drylts", "Vorden", "Siddeburen"):
        found = client.get("/api/v1/vacancies", query_string={"near": village}).get_json()
        assert found["total"] > 0, village
