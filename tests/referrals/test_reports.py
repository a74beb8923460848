"""Reports on a seeded scenario, with exact numbers."""

import csv
import datetime as dt
import io

import pytest

from socialmap.accounts.models import Team
from socialmap.accounts.services import create_token
from socialmap.referrals import reports
from socialmap.referrals.models import AuditEntry, Referral
from tests.factories import make_org, make_service, make_user, municipality, personas, place


@pytest.fixture
def scenario(db):
    """Two teams, three services, nine decisions in two months."""
    people = personas()
    swf = municipality("Súdwest-Fryslân").id
    small = make_org("Kleine Club", municipality_id=swf, is_trusted=True)
    people.small_editor = make_user("organisation_editor", "klein@example.org", small)
    meals = make_service(people.own, name="Eetpunt Heeg", place_name="Heeg", tier=4, themes=("meals", "meeting"))
    debts = make_service(people.own, name="Geldhulp Sneek", place_name="Sneek", tier=3, themes=("debts",))
    club = make_service(small, name="Kaartclub", place_name="Heeg", tier=2, themes=("meeting",))
    team_a, team_b = Team(name="Gebiedsteam Snits", municipality_id=swf), Team(name="Gebiedsteam Boalsert")
    db.session.add_all([team_b])
    db.session.flush()
    team_a = db.session.query(Team).filter_by(name="Gebiedsteam Snits").one()
    rows = [  # service, team, instead of, village, date, outcome
        (meals, team_a, "household_help", "Heeg", "2026-09-03", "helped"),
        (meals, team_a, "none", "Heeg", "2026-09-10", "helped"),
        (meals, team_b, "group_day_care", "IJlst", "2026-09-15", "escalated"),
        (debts, team_a, "debt_counselling", "Sneek", "2026-09-20", None),
        (debts, team_a, "debt_counselling", "Sneek", "2026-10-01", "partly"),
        (debts, team_b, "none", "Bolsward", "2026-10-02", "did_not_go"),
        (meals, team_b, "household_help", "Heeg", "2026-10-05", "unknown"),
        (club, team_a, "none", "Heeg", "2026-10-06", "helped"),
        (club, team_b, "none", "Heeg", "2026-10-07", None),
    ]
    for i, (service, team, instead_of, village, day, outcome) in enumerate(rows):
        db.session.add(Referral(service=service, team=team, worker="abc", instead_of=instead_of, place=place(village),
                                decided_on=dt.date.fromisoformat(day), outcome=outcome,
                                submission_key=f"seed-{i}"))  # fmt: skip
    db.session.commit()
    return people


def report(client, token, **args):
    response = client.get("/api/v1/reports/referrals", query_string=args,
                          headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert response.status_code == 200, response.get_json()
    return response.get_json()


@pytest.fixture
def token(db, scenario):
    value, _ = create_token(scenario.municipal_editor)
    db.session.commit()
    return value


def test_counts_per_month_with_outcomes(db, scenario):
    """The exact numbers before suppression (reports.protect), which no report publishes as such."""
    referrals = reports.load_referrals(reports.ReportFilter())
    rows, summary = reports.group(referrals, "month"), reports.summary(referrals)
    assert [(r["key"], r["count"]) for r in rows] == [("2026-09", 4), ("2026-10", 5)]
    assert rows[0]["outcomes"] == {"helped": 2, "partly": 0, "escalated": 1, "did_not_go": 0, "unknown": 0,
                                   "pending": 1}  # fmt: skip
    assert summary["total"] == 9
    assert summary["decisions"] == {"front_line": 5, "prevention": 4, "bridging": 0, "step_down": 0,
                                    "indicated_care": 0}  # fmt: skip
    assert summary["substitution_share"] == 1.0
    assert summary["outcome_rates"]["helped"] == round(3 / 7, 3)


def test_the_api_publishes_the_month_report_with_small_counts_suppressed(client, token):
    body = report(client, token, group_by="month")
    # September (4) is "< 5"; with the total of 9 shown, October (5) would give it away, so it is hidden too.
    assert [(r["key"], r["count"]) for r in body["rows"]] == [("2026-09", "< 5"), ("2026-10", "≥ 5")]
    assert body["rows"][0]["outcomes"] == {"helped": "< 5", "partly": 0, "escalated": "< 5", "did_not_go": 0,
                                           "unknown": 0, "pending": "< 5"}  # fmt: skip
    assert body["summary"]["total"] == 9
    # 4 of the 9 were prevention: "< 5", and the 5 instead of indicated care would give it away.
    assert body["summary"]["decisions"]["prevention"] == "< 5"
    assert body["summary"]["decisions"]["front_line"] == "≥ 5"
    assert body["summary"]["substitution_share"] is None
    assert body["summary"]["outcome_rates"]["helped"] is None


def test_per_team_theme_tier_product_place_organisation(db, scenario):
    referrals = reports.load_referrals(reports.ReportFilter())
    by = {g: {r["key"]: r["count"] for r in reports.group(referrals, g)}
          for g in ("team", "theme", "tier", "product", "place", "organization")}  # fmt: skip
    assert by["team"] == {"Gebiedsteam Snits": 5, "Gebiedsteam Boalsert": 4}
    assert by["theme"] == {"meals": 4, "meeting": 6, "debts": 3}
    assert by["tier"] == {"4": 4, "3": 3, "2": 2}
    assert by["product"] == {"none": 4, "household_help": 2, "debt_counselling": 2, "group_day_care": 1}
    assert by["place"] == {"Heeg": 5, "Sneek": 2, "IJlst": 1, "Bolsward": 1}
    assert by["organization"] == {"Vrijwilligers Heeg": 7, "Kleine Club": 2}


def test_period_and_municipality_filters(client, token):
    october = report(client, token, group_by="month", **{"from": "2026-10-01", "to": "2026-10-31"})
    # Five decisions with five different outcomes, each "< 5": a count of 5 would say each is 1.
    assert [(r["key"], r["count"]) for r in october["rows"]] == [("2026-10", "≥ 5")]
    assert october["summary"]["total"] == "≥ 5"
    assert client.get("/api/v1/reports/referrals?municipality=borger-odoorn",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 400  # fmt: skip
    assert client.get("/api/v1/reports/referrals?from=gisteren",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 400  # fmt: skip


def test_organisations_see_their_own_counts_with_small_ones_suppressed(client, auth, scenario):
    auth.login(scenario.volunteer_editor)
    own = client.get("/organisatie/verwijzingen").get_data(as_text=True)
    assert "<td>4</td>" not in own and "<td>3</td>" not in own
    assert '<th scope="row">Eetpunt Heeg</th><td>&lt; 5</td><td>0</td><td>&lt; 5</td>' in own  # 2026-Q4, then Q3
    auth.logout()
    auth.login(scenario.small_editor)
    small = client.get("/organisatie/verwijzingen").get_data(as_text=True)
    assert '<th scope="row">Kaartclub</th><td>&lt; 5</td>' in small and "Eetpunt" not in small


def test_the_report_page_has_charts_and_the_csv_has_dutch_headings(client, auth, db, scenario):
    auth.login(scenario.municipal_editor)
    page = client.get("/rapportages?group_by=team&lang=nl").get_data(as_text=True)
    assert page.count('<svg class="chart" role="img"') == 2
    export = client.get("/rapportages.csv?group_by=team&lang=nl")
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:2] == ["team", "Aantal besluiten"]
    assert rows[1][:2] == ["Gebiedsteam Snits", "≥ 5"]  # 9 in all and "< 5" for the other team
    assert rows[2][:2] == ["Gebiedsteam Boalsert", "< 5"]
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions == ["report_viewed", "report_exported"]


def test_organisation_editors_cannot_open_the_municipal_report(client, auth, scenario):
    auth.login(scenario.other_org_editor)
    assert client.get("/rapportages.csv").status_code == 403
