"""The village widget: what is in and serves a village, in nl/fy/en, small, framable by any site
(only these pages), and the copy-paste snippet for the village's municipal editors."""

from __future__ import annotations

from socialmap.config import PROJECT_ROOT
from tests.factories import make_org, make_service, personas


def make_catalogue(db):
    org = make_org("Dorpshuis De Brink")
    make_service(org, name="Koffieochtend", name_fy="Kofjemoarn", place_name="IJlst")
    make_service(org, name="Taalcafé Sneek", place_name="Sneek", area=("IJlst",))
    make_service(org, name="Breiclub Exloo", place_name="Exloo")
    db.session.commit()


def test_the_widget_lists_what_is_in_and_serves_the_village(client, db):
    make_catalogue(db)
    response = client.get("/embed/plaatsen/ijlst")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Koffieochtend" in page and "Taalcafé Sneek" in page and "Breiclub Exloo" not in page
    assert 'target="_blank"' in page and "<form" not in page
    frisian = client.get("/embed/plaatsen/ijlst?lang=fy").get_data(as_text=True)
    assert 'lang="fy"' in frisian and "Kofjemoarn" in frisian and "Drylts" in frisian
    english = client.get("/embed/plaatsen/ijlst?lang=en").get_data(as_text=True)
    assert "Help in and for IJlst" in english


def test_the_widget_and_its_stylesheet_stay_under_30_kb(client, db):
    org = make_org("Dorpshuis De Brink")
    for n in range(60):
        make_service(org, name=f"Een dienst met een flink lange naam nummer {n}", place_name="IJlst")
    db.session.commit()
    page = client.get("/embed/plaatsen/ijlst").get_data()
    css = (PROJECT_ROOT / "static" / "css" / "embed.css").read_bytes()
    assert len(page) + len(css) <= 30 * 1024


def test_only_the_widget_may_be_framed_by_other_sites(client, db):
    make_catalogue(db)
    for path in ("/embed/plaatsen/ijlst", "/embed/zoeken?q=koffie&near=IJlst"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
        assert "X-Frame-Options" not in response.headers
    for path in ("/", "/plaatsen/ijlst", "/over", "/api/"):
        response = client.get(path)
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Frame-Options"] == "DENY"


def test_the_search_widget_finds_and_explains(client, db):
    make_catalogue(db)
    assert "Koffieochtend" in client.get("/embed/zoeken?q=koffie").get_data(as_text=True)
    assert client.get("/embed/zoeken?near=Nergenshuizen").status_code in (200, 400)
    assert client.get("/embed/plaatsen/nergenshuizen").status_code == 404


def test_municipal_editors_of_the_village_see_the_snippet(client, auth, db):
    people = personas()
    make_catalogue(db)
    db.session.commit()
    assert "<iframe" not in client.get("/plaatsen/ijlst").get_data(as_text=True)
    auth.login(people.municipal_editor)
    page = client.get("/plaatsen/ijlst").get_data(as_text=True)
    assert "&lt;iframe src=&#34;http://localhost/embed/plaatsen/ijlst&#34;" in page
