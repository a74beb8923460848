"""Places as residents and professionals type them: outside the map, misspelt, Frisian, "my location"."""

import html as html_lib
import re

import pytest

from tests.factories import make_service, personas

MUNICIPALITIES = ("Borger-Odoorn", "Bronckhorst", "Súdwest-Fryslân", "Midden-Groningen")


def page(client, url):
    response = client.get(url)
    return response.status_code, html_lib.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("near", ["Amsterdam", "Groningen", "1012", "1012 AB"])
def test_a_place_beyond_the_map_says_which_area_the_map_covers(client, near):
    status, html = page(client, f"/zoeken?q=koffie&near={near}&lang=nl")
    assert status == 200
    assert all(name in html for name in MUNICIPALITIES)
    assert "Steendam" not in html and "Did you mean" not in html and "Bedoelt u" not in html
    assert 'value="koffie"' in html  # the words stay in the form


def test_a_postcode_next_to_the_map_offers_the_nearest_covered_place(client):
    status, html = page(client, "/zoeken?near=8650&lang=en")
    assert status == 200
    assert "Search near IJlst, the nearest place on the map" in html
    assert all(name in html for name in MUNICIPALITIES)


@pytest.mark.parametrize("url", ["/zoeken?near=Heg&lang=en", "/zoeken/kaart?near=Heg&lang=en",
                                 "/plaatsen/heg?lang=en"])  # fmt: skip
def test_a_misspelt_village_gets_suggestions_on_every_page_that_takes_a_place(client, url):
    status, html = page(client, url)
    assert status in (200, 404)
    assert "Did you mean Heeg?" in html


def test_a_misspelt_village_gets_suggestions_on_the_professionals_alternatives_page(client, auth, db):
    cast = personas()
    db.session.commit()
    auth.login(cast.social_worker)
    status, html = page(client, "/professionals/alternatieven?product=household_help&near=Heg&lang=en")
    assert status == 200
    assert re.search(r'<a href="[^"]*near=Heeg[^"]*">Heeg</a>', html), html


def test_a_frisian_place_address_shows_the_village(client):
    response = client.get("/plaatsen/drylts")
    assert response.status_code == 301 and response.headers["Location"].endswith("/plaatsen/ijlst")
    status, html = page(client, "/plaatsen/ijlst?lang=fy")
    assert status == 200 and "Drylts" in html


def test_my_location_travels_rounded_and_shows_the_village_found(client, db):
    make_service(name="Dorpskamer IJlst", place_name="IJlst", themes=("meeting",))
    db.session.commit()
    response = client.get("/zoeken?near=53.01009,5.62312&lang=nl")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "53.01%2C5.62" in location or "53.01,5.62" in location
    assert "53.01009" not in location and "5.62312" not in location
    status, html = page(client, location)
    assert status == 200
    assert re.search(r"<h1>.*IJlst.*</h1>", html, re.S) and 'id="near" name="near" type="text" value="IJlst"' in html
    assert "53.01009" not in html


def test_coordinates_far_from_any_village_are_shown_as_your_location(client):
    status, html = page(client, "/zoeken?near=52.50,5.20&lang=en")
    assert status == 200
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)
    assert "your location" in heading and "52.5" not in heading


def test_a_page_past_the_end_says_one_coherent_thing(client, db):
    make_service(name="Koffieochtend Heeg", place_name="Heeg", themes=("meeting",), description_nl="Koffie.")
    db.session.commit()
    status, html = page(client, "/zoeken?q=koffie&page=999&lang=en")
    assert status == 200
    assert "There is only 1 page of results." in html
    assert "Nothing found" not in html and 'rel="prev"' not in html


def test_an_over_long_query_keeps_the_text_in_the_field(client):
    typed = "hulp bij " + "boodschappen " * 20
    response = client.get("/zoeken", query_string={"q": typed, "near": "Heeg", "lang": "en"})
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "longer than 200 characters" in html
    assert f'value="{typed}"' in html and 'value="Heeg"' in html
