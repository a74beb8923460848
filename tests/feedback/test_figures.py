"""What a listing brings its organisation: page views per month (no cookie, nothing about the reader)
and referrals by social teams, on the dashboard."""

from __future__ import annotations

import re

from sqlalchemy import select

from socialmap.feedback.models import PageView
from socialmap.referrals.services import record_referral
from tests.factories import make_service, personas, place

BROWSER = {"User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 "
                         "Mobile Safari/537.36"}  # fmt: skip


def figures_row(page: str, service_name: str) -> list[str]:
    """The cells of the service's row in the dashboard's figures table."""
    table = page[page.index('class="overview figures"'):]
    row = re.search(rf"<th scope=\"row\">{re.escape(service_name)}</th>(.*?)</tr>", table, re.S).group(1)
    return re.findall(r"<td>(.*?)</td>", row)


def test_each_read_of_a_service_page_counts_once_without_setting_a_cookie(client, auth, db):
    cast = personas()
    service = make_service(cast.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.commit()
    for _ in range(2):
        response = client.get(f"/diensten/{service.id}", headers=BROWSER, follow_redirects=True)
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session") is None

    auth.login(cast.volunteer_editor)
    assert figures_row(client.get("/beheer").get_data(as_text=True), "Boodschappenhulp Heeg")[0] == "2"


def test_the_counter_is_one_row_per_service_per_month(app, client, db):
    app.config["PAGE_VIEW_FLUSH_SECONDS"] = 0  # written after every read
    service = make_service(name="Koffieochtend")
    db.session.commit()
    for _ in range(3):
        client.get(f"/diensten/{service.id}-koffieochtend", headers=BROWSER)
    rows = db.session.execute(select(PageView.service_id, PageView.views)).all()
    assert [tuple(r) for r in rows] == [(service.id, 3)]


def test_crawlers_and_link_previews_are_not_counted(client, db):
    service = make_service(name="Koffieochtend")
    db.session.commit()
    for agent in ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                  "WhatsApp/2.23 link preview", "curl/8.5.0", ""):  # fmt: skip
        assert client.get(f"/diensten/{service.id}-koffieochtend", headers={"User-Agent": agent}).status_code == 200
    assert db.session.scalars(select(PageView)).all() == []


def test_referrals_show_per_service_with_fewer_than_five_as_less_than_5(client, auth, db):
    cast = personas()
    few = make_service(cast.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    many = make_service(cast.own, name="Maaltijden Heeg", place_name="Heeg")
    make_service(cast.own, name="Breiclub Heeg", place_name="Heeg")  # no referrals
    for service, count in ((few, 3), (many, 6)):
        for n in range(count):
            record_referral(cast.social_worker, service, "none", place("Heeg"), None, f"{service.id}-{n}")
    db.session.commit()

    auth.login(cast.volunteer_editor)
    page = client.get("/beheer").get_data(as_text=True)
    assert figures_row(page, "Boodschappenhulp Heeg")[2] == "&lt; 5"  # this quarter
    assert figures_row(page, "Maaltijden Heeg")[2] == "6"
    assert figures_row(page, "Breiclub Heeg")[2] == "0"
    auth.logout()
    auth.login(cast.other_org_editor)
    assert "Maaltijden Heeg" not in client.get("/beheer").get_data(as_text=True)
