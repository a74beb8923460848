"""The coverage map ("witte vlekken", issue 12): villages of a municipality with their front-line
alternatives for a product and the escalations for lack of one; page, CSV and API."""

import csv
import datetime as dt
import io

import pytest

from socialmap.accounts.models import Team
from socialmap.accounts.services import create_token
from socialmap.referrals.models import Referral
from tests.factories import make_service, personas, place


@pytest.fixture
def gaps(db):
    people = personas()
    make_service(people.own, name="Huishoudhulp Heeg", place_name="Heeg", alternatives=("household_help",))
    team = db.session.query(Team).filter_by(name="Gebiedsteam Snits").one()
    escalations = [("Makkum", "none_nearby", 6), ("Makkum", "full_or_waiting_list", 1), ("Heeg", "declined", 5),
                   ("Workum", "none_nearby", 2)]  # fmt: skip
    n = 0
    for village, reason, count in escalations:
        for _ in range(count):
            n += 1
            db.session.add(Referral(decision="indicated_care", service=None, team=team, worker="abcdefabcdef",
                                    instead_of="household_help", place=place(village), reason=reason,
                                    decided_on=dt.date(2026, 10, 1), submission_key=f"gap-{n}"))  # fmt: skip
    people.token, _ = create_token(people.municipal_editor)
    db.session.commit()
    return people


def test_the_api_lists_every_village_with_alternatives_and_escalations(client, gaps):
    response = client.get("/api/v1/reports/coverage?municipality=sudwest-fryslan&product=household_help",
                          headers={"Authorization": f"Bearer {gaps.token}"})  # fmt: skip
    assert response.status_code == 200
    rows = {row["place"]: row for row in response.get_json()["rows"]}
    assert rows["Heeg"] == {"place": "Heeg", "municipality": "Súdwest-Fryslân", "product": "household_help",
                            "alternatives": 1, "not_found": 0}  # "declined" is no gap  # fmt: skip
    assert rows["Makkum"]["alternatives"] == 0 and rows["Makkum"]["not_found"] == 7
    assert rows["Workum"]["not_found"] == "< 5"
    assert len(rows) > 20  # every village, not only those with decisions
    assert rows["Sneek"]["alternatives"] == 1  # Heeg lies within the default radius


def test_the_api_asks_for_one_of_the_callers_municipalities_and_a_product(client, gaps):
    headers = {"Authorization": f"Bearer {gaps.token}"}
    other = client.get("/api/v1/reports/coverage?municipality=borger-odoorn&product=household_help", headers=headers)
    assert other.status_code == 400 and other.get_json()["error"]["field"] == "municipality"
    no_product = client.get("/api/v1/reports/coverage?municipality=sudwest-fryslan", headers=headers)
    assert no_product.status_code == 400 and no_product.get_json()["error"]["field"] == "product"


def test_the_page_shows_the_map_and_the_villages_without_any_in_red(client, auth, gaps):
    auth.login(gaps.municipal_editor)
    page = client.get("/rapportages/witte-vlekken?product=household_help&lang=nl").get_data(as_text=True)
    assert '<svg class="chart coverage-map"' in page
    assert '<tr class="gap"><th scope="row">Makkum</th><td>0' in page
    assert '<tr><th scope="row">Heeg</th><td>1</td>' in page
    assert "Borger-Odoorn" not in page  # only the editor's municipalities are offered
    export = client.get("/rapportages/witte-vlekken.csv?municipality=sudwest-fryslan&product=household_help&lang=nl")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    by_village = {row[0]: row for row in rows[1:]}
    assert by_village["Workum"][4] == "< 5" and by_village["Makkum"][3:] == ["0", "7"]


def test_organisation_editors_cannot_open_the_coverage_map(client, auth, gaps):
    auth.login(gaps.volunteer_editor)
    assert client.get("/rapportages/witte-vlekken").status_code == 403
