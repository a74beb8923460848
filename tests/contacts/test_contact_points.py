"""One place to ask (issue 16, item 7): who to ask in a village, on the village, results and service
pages, kept by the municipality's own editors."""

import re

import pytest
from sqlalchemy import select

from socialmap import clock
from socialmap.cli import main
from socialmap.config import DATA_DIR
from socialmap.places.models import ContactPoint
from tests.factories import make_org, make_service, make_user, municipality, place


def make_contact_point(name="Gebiedsteam Snits", municipality_name="Súdwest-Fryslân", places=("Sneek", "IJlst"),
                       **fields):  # fmt: skip
    from socialmap.extensions import db

    point = ContactPoint(municipality_id=municipality(municipality_name).id, name=name,
                         phone=fields.pop("phone", "0515-555 400"), updated_at=clock.utcnow(),
                         places=[place(p) for p in places], **fields)  # fmt: skip
    db.session.add(point)
    db.session.flush()
    return point


def html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


@pytest.fixture
def teams(db):
    points = {
        "snits": make_contact_point(walk_in_nl="Ma 9.00–12.00", walk_in_fy="Moandei 9.00–12.00"),
        "desk": make_contact_point("Klantcontactcentrum Súdwest-Fryslân", places=(), phone="0515-555 000"),
    }
    db.session.commit()
    return points


def test_a_village_page_shows_the_team_that_covers_the_village(client, teams):
    page = html(client.get("/plaatsen/ijlst"))
    assert "Gebiedsteam Snits" in page and 'href="tel:0515555400"' in page and "Ma 9.00–12.00" in page


def test_a_village_no_team_lists_gets_its_municipalitys_desk(client, teams):
    page = html(client.get("/plaatsen/heeg"))
    assert "Klantcontactcentrum Súdwest-Fryslân" in page and "Gebiedsteam Snits" not in page


def test_a_village_in_a_municipality_without_contact_points_shows_none(client, teams):
    assert 'class="contact-point"' not in html(client.get("/plaatsen/exloo"))


def test_the_frisian_page_shows_the_frisian_walk_in_hours(client, teams):
    assert "Moandei 9.00–12.00" in html(client.get("/plaatsen/ijlst?lang=fy"))


def test_a_results_page_with_a_place_shows_who_to_ask_there(client, teams):
    assert "Gebiedsteam Snits" in html(client.get("/zoeken?q=nergens&near=IJlst"))
    assert 'class="contact-point"' not in html(client.get("/zoeken?q=nergens"))


def test_a_service_page_shows_who_to_ask_in_the_services_village(client, teams, db):
    service = make_service(make_org(), place_name="Sneek")
    db.session.commit()
    page = html(client.get(f"/diensten/{service.id}", follow_redirects=True))
    assert "Gebiedsteam Snits" in page


def test_a_municipal_editor_adds_a_contact_point_for_their_municipality(client, auth, db):
    editor = make_user("municipal_editor", municipality="Súdwest-Fryslân")
    db.session.commit()
    auth.login(editor)
    swf = municipality("Súdwest-Fryslân")
    response = client.post(f"/beheer/aanspreekpunten/nieuw?gemeente={swf.slug}", data={
        "name": "Gebiedsteam Boalsert", "phone": "0515-555 410", "walk_in_nl": "Di 9.00–12.00",
        "place": str(place("Bolsward").id), "places": [str(place("Bolsward").id), str(place("Makkum").id)]})
    assert response.status_code == 302
    saved = db.session.scalars(select(ContactPoint)).one()
    assert saved.municipality_id == swf.id and sorted(p.name_nl for p in saved.places) == ["Bolsward", "Makkum"]
    assert "Gebiedsteam Boalsert" in html(client.get("/plaatsen/makkum"))


def test_a_contact_point_needs_a_phone_number(client, auth, db):
    editor = make_user("municipal_editor", municipality="Súdwest-Fryslân")
    db.session.commit()
    auth.login(editor)
    response = client.post(f"/beheer/aanspreekpunten/nieuw?gemeente={municipality('Súdwest-Fryslân').slug}",
                           data={"name": "Gebiedsteam Boalsert", "phone": "bel ons"})
    assert response.status_code == 400
    assert db.session.scalars(select(ContactPoint)).all() == []


def test_an_editor_cannot_keep_another_municipalitys_contact_points(client, auth, teams, db):
    outsider = make_user("municipal_editor", municipality="Borger-Odoorn")
    db.session.commit()
    auth.login(outsider)
    snits = teams["snits"]
    assert client.get(f"/beheer/aanspreekpunten/{snits.id}").status_code == 403
    assert client.post(f"/beheer/aanspreekpunten/{snits.id}", data={"name": "X", "phone": "0599-555 111"}
                       ).status_code == 403  # fmt: skip
    assert client.post(f"/beheer/aanspreekpunten/{snits.id}/verwijderen").status_code == 403
    swf = municipality("Súdwest-Fryslân")
    assert client.post(f"/beheer/aanspreekpunten/nieuw?gemeente={swf.slug}",
                       data={"name": "X", "phone": "0599-555 111"}).status_code == 403  # fmt: skip
    listing = html(client.get("/beheer/aanspreekpunten"))
    assert "Gebiedsteam Snits" not in listing and "Borger-Odoorn" in listing
    assert db.session.get(ContactPoint, snits.id).name == "Gebiedsteam Snits"


def test_an_organisation_editor_has_no_contact_point_management(client, auth, db):
    editor = make_user("organisation_editor", organization=make_org())
    db.session.commit()
    auth.login(editor)
    assert client.get("/beheer/aanspreekpunten").status_code == 403


def test_the_municipal_editor_removes_a_contact_point(client, auth, teams, db):
    editor = make_user("municipal_editor", municipality="Súdwest-Fryslân")
    db.session.commit()
    auth.login(editor)
    assert client.post(f"/beheer/aanspreekpunten/{teams['snits'].id}/verwijderen").status_code == 302
    assert [p.name for p in db.session.scalars(select(ContactPoint))] == ["Klantcontactcentrum Súdwest-Fryslân"]


def test_the_demo_file_gives_every_municipality_a_contact_point(runner, db):
    result = runner.invoke(main, ["contact-points", str(DATA_DIR / "demo" / "contact_points.csv")])
    assert result.exit_code == 0, result.output
    covered = {p.municipality.name for p in db.session.scalars(select(ContactPoint))}
    assert covered == {"Borger-Odoorn", "Bronckhorst", "Midden-Groningen", "Súdwest-Fryslân"}
    again = runner.invoke(main, ["contact-points", str(DATA_DIR / "demo" / "contact_points.csv")])
    assert again.exit_code == 0 and len(db.session.scalars(select(ContactPoint)).all()) == 6


def test_a_csv_with_an_unknown_village_changes_nothing(runner, db, tmp_path):
    bad = tmp_path / "points.csv"
    bad.write_text("municipality,name,phone,places\nSúdwest-Fryslân,Gebiedsteam Snits,0515-555 400,Sneek;Atlantis\n",
                   encoding="utf-8")  # fmt: skip
    result = runner.invoke(main, ["contact-points", str(bad)])
    assert result.exit_code != 0 and "Atlantis" in result.output
    assert db.session.scalars(select(ContactPoint)).all() == []


def test_a_csv_with_a_too_long_walk_in_text_or_a_bad_email_changes_nothing(runner, db, tmp_path):
    bad = tmp_path / "points.csv"
    bad.write_text("municipality,name,phone,email,walk_in_nl\n"
                   f"Bronckhorst,Sociaal team,0575-555 750,geen-adres,{'x' * 301}\n", encoding="utf-8")  # fmt: skip
    result = runner.invoke(main, ["contact-points", str(bad)])
    assert result.exit_code != 0 and "walk_in_nl" in result.output
    assert db.session.scalars(select(ContactPoint)).all() == []


def test_the_edit_form_shows_the_villages_it_covers_as_ticked_boxes(client, auth, teams, db):
    editor = make_user("municipal_editor", municipality="Súdwest-Fryslân")
    db.session.commit()
    auth.login(editor)
    page = html(client.get(f"/beheer/aanspreekpunten/{teams['snits'].id}"))
    ticked = re.findall(r'<input checked id="places-\d+" name="places" type="checkbox" value="(\d+)"', page)
    assert sorted(int(i) for i in ticked) == sorted([place("Sneek").id, place("IJlst").id])
    assert "Heeg" in html(client.get(f"/beheer/aanspreekpunten/nieuw?gemeente={municipality('Súdwest-Fryslân').slug}"))
    assert "/beheer/aanspreekpunten" in html(client.get("/beheer"))  # the dashboard links to the list
