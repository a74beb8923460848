"""The headline figure with its denominator (issue 12): the substitution share from seeded decisions of
every type, matched against a hand count, and small counts suppressed in every cell of web, CSV and API."""

import csv
import datetime as dt
import io
import re

import pytest

from socialmap.accounts.models import Team
from socialmap.accounts.services import create_token
from socialmap.referrals.models import Referral
from socialmap.referrals.reports import GROUPS
from tests.factories import make_service, personas, place

# decision, product, village, team, month, count — hand count below
SEED = [
    ("front_line", "household_help", "Heeg", "A", "2026-09", 6),
    ("indicated_care", "household_help", "Heeg", "A", "2026-09", 5),
    ("bridging", "household_help", "Heeg", "A", "2026-11", 5),
    ("step_down", "household_help", "Heeg", "A", "2026-11", 5),
    ("front_line", "individual_support", "Sneek", "B", "2026-11", 9),
    ("indicated_care", "individual_support", "Sneek", "B", "2026-11", 7),
    ("prevention", "none", "Sneek", "B", "2026-09", 7),
]
SMALL = [  # counts of 1 to 4 in every dimension
    ("step_down", "household_help", "Heeg", "A", "2026-11", 2),
    ("indicated_care", "individual_support", "Bolsward", "B", "2026-10", 3),
    ("prevention", "none", "IJlst", "A", "2026-08", 1),
    ("bridging", "respite_care", "Sneek", "B", "2026-11", 4),
]


@pytest.fixture(params=[SEED])
def seeded(request, db):
    people = personas()
    service = make_service(people.own, name="Huishoudhulp Heeg", place_name="Heeg", tier=3)
    teams = {"A": db.session.query(Team).filter_by(name="Gebiedsteam Snits").one(), "B": Team(name="Dorpsteam B")}
    teams["B"].municipality_id = teams["A"].municipality_id
    n = 0
    for decision, product, village, team, month, count in request.param:
        for _ in range(count):
            n += 1
            escalated = decision == "indicated_care"
            db.session.add(Referral(
                decision=decision, service=None if escalated else service, team=teams[team], worker="abcdefabcdef",
                instead_of=product, place=place(village), decided_on=dt.date.fromisoformat(f"{month}-0{1 + n % 9}"),
                reason="none_nearby" if escalated else None, submission_key=f"seed-{n}"))  # fmt: skip
    token, _ = create_token(people.municipal_editor)
    db.session.commit()
    people.token = token
    return people


def api(client, seeded, **args):
    response = client.get("/api/v1/reports/referrals", query_string=args,
                          headers={"Authorization": f"Bearer {seeded.token}"})  # fmt: skip
    assert response.status_code == 200
    return response.get_json()


def test_the_substitution_share_matches_a_hand_count(client, seeded):
    body = api(client, seeded, group_by="product")
    # front_line 6 + 9 = 15, escalations 5 + 7 = 12: 15 of 27. Bridging, stepping down, prevention stay out.
    assert body["summary"]["substitution_share"] == round(15 / 27, 3)
    assert body["summary"]["decisions"] == {"front_line": 15, "indicated_care": 12, "bridging": 5, "step_down": 5,
                                            "prevention": 7}  # fmt: skip
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["household_help"]["substitution_share"] == round(6 / 11, 3)
    assert rows["individual_support"]["substitution_share"] == round(9 / 16, 3)
    assert rows["none"]["substitution_share"] is None  # prevention only: no denominator
    by_team = {row["key"]: row for row in api(client, seeded, group_by="team")["rows"]}
    assert by_team["Gebiedsteam Snits"]["substitution_share"] == round(6 / 11, 3)
    by_place = {row["key"]: row for row in api(client, seeded, group_by="place")["rows"]}
    assert by_place["Heeg"]["substitution_share"] == round(6 / 11, 3)
    by_tier = {row["key"]: row for row in api(client, seeded, group_by="tier")["rows"]}
    assert by_tier["5"]["decisions"]["indicated_care"] == 12  # escalations count under indicated care
    by_month = {row["key"]: row for row in api(client, seeded, group_by="month")["rows"]}
    assert by_month["2026-11"]["substitution_share"] == round(9 / 16, 3)


@pytest.mark.parametrize("seeded", [SEED + SMALL], indirect=True)
def test_a_share_is_left_out_when_a_part_of_it_is_hidden(client, seeded):
    rows = {row["key"]: row for row in api(client, seeded, group_by="place")["rows"]}
    assert rows["Bolsward"]["decisions"]["indicated_care"] == "< 5" and rows["Bolsward"]["substitution_share"] is None


def test_months_without_decisions_show_as_zero(client, seeded):
    rows = api(client, seeded, group_by="month")["rows"]
    assert [row["key"] for row in rows] == ["2026-09", "2026-10", "2026-11"]  # nothing in October
    assert rows[1]["count"] == 0 and rows[1]["decisions"]["front_line"] == 0


def _numbers(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            if key not in ("substitution_share", "outcome_rates"):
                yield from _numbers(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _numbers(inner)
    elif isinstance(value, int) and not isinstance(value, bool):
        yield value


@pytest.mark.parametrize("seeded", [SEED + SMALL], indirect=True)
@pytest.mark.parametrize("group_by", GROUPS)
def test_no_count_from_one_to_four_is_published_anywhere(client, auth, seeded, group_by):
    body = api(client, seeded, group_by=group_by)
    assert not [n for n in _numbers({"summary": body["summary"], "rows": body["rows"]}) if 0 < n < 5]
    auth.login(seeded.municipal_editor)
    page = client.get(f"/rapportages?group_by={group_by}&lang=nl").get_data(as_text=True)
    cells = re.findall(r"<td>(\d+)</td>", page) + re.findall(r'y="\d+">(\d+)</text>', page)
    assert not [c for c in cells if 0 < int(c) < 5]
    assert not re.search(r"[:,(] [1-4]\b(?! %)", page.split("<h2>")[1])  # the summary list
    export = client.get(f"/rapportages.csv?group_by={group_by}&lang=nl").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";"))
    share_column = rows[0].index("Substitutieaandeel (%)") if "Substitutieaandeel (%)" in rows[0] else 7
    assert not [cell for row in rows[1:] for i, cell in enumerate(row[1:], 1)
                if i != share_column and cell.isdigit() and 0 < int(cell) < 5]  # fmt: skip


def test_the_report_page_names_the_share_and_its_parts(client, auth, seeded):
    auth.login(seeded.municipal_editor)
    page = client.get("/rapportages?group_by=product&lang=en").get_data(as_text=True)
    assert "Substitution share: 56 %" in page
    assert "shares of the follow-ups answered" in page
