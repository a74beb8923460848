"""Role rules are decided once (User properties): pages, links, buttons and the API agree."""

import pytest

from socialmap.accounts.services import create_token
from tests.factories import make_service, make_user, personas

ALTERNATIVES = "/professionals/alternatieven"


@pytest.fixture
def cast(db):
    people = personas()
    make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg", alternatives=("household_help",))
    people.lone_professional = make_user("professional", "zonder-team@example.org")
    db.session.commit()
    return people


def nav(page: str) -> str:
    return page.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]


def test_a_municipal_editor_checks_alternatives_but_is_offered_no_referral_they_may_not_make(client, auth, cast):
    auth.login(cast.municipal_editor)
    page = client.get(f"{ALTERNATIVES}?product=household_help&near=Heeg")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Boodschappenhulp Heeg" in html
    assert 'action="/verwijzingen"' not in html  # no Refer button: municipal editors have no team
    assert ALTERNATIVES in nav(html) and "/verwijzingen/opvolgen" not in nav(html)
    assert client.get("/verwijzingen/opvolgen").status_code == 403


def test_a_professional_gets_the_page_the_button_and_the_follow_up(client, auth, cast):
    auth.login(cast.social_worker)
    html = client.get(f"{ALTERNATIVES}?product=household_help&near=Heeg").get_data(as_text=True)
    assert 'action="/verwijzingen"' in html
    assert ALTERNATIVES in nav(html) and "/verwijzingen/opvolgen" in nav(html) and "/rapportages" in nav(html)
    assert client.get("/verwijzingen/opvolgen").status_code == 200


def test_an_organisation_editor_sees_none_of_it(client, auth, cast):
    auth.login(cast.volunteer_editor)
    html = client.get("/beheer").get_data(as_text=True)
    assert ALTERNATIVES not in nav(html) and "/rapportages" not in nav(html)
    assert client.get(ALTERNATIVES).status_code == 403


def test_a_professional_without_a_team_is_not_offered_reports_they_cannot_open(client, auth, cast):
    auth.login(cast.lone_professional)
    html = client.get("/beheer").get_data(as_text=True)
    assert "/rapportages" not in nav(html)
    assert client.get("/rapportages.csv").status_code == 403


def test_the_report_api_follows_the_same_rule_as_the_report_page(client, auth, db, cast):
    headers = {}
    for person, status in ((cast.social_worker, 200), (cast.municipal_editor, 200), (cast.lone_professional, 403),
                           (cast.volunteer_editor, 403)):  # fmt: skip
        headers = {"Authorization": f"Bearer {create_token(person)[0]}"}
        db.session.commit()
        assert client.get("/api/v1/reports/referrals", headers=headers).status_code == status, person.email
        auth.login(person)
        assert client.get("/rapportages.csv").status_code == status, person.email
        auth.logout()
