"""The public search API: shape, languages, and a clear 400 for every bad parameter."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_org, make_service


@pytest.fixture
def catalogue(db):
    org = make_org("Dorpshuis De Brink")
    services = {
        "koffie": make_service(org, name="Koffieochtend", name_fy="Kofjemoarn", place_name="IJlst",
                               description_nl="Koffie en een praatje.", description_fy="Kofje en in praatsje.",
                               schedules=((2, "09:30", "11:30"),), themes=("meeting", "loneliness")),
        "alleen_nl": make_service(org, name="Taalcafé", place_name="Sneek", themes=("language",),
                                  description_nl="Samen Nederlands oefenen."),
    }  # fmt: skip
    db.session.commit()
    return {k: s.id for k, s in services.items()}


def test_search_returns_the_documented_shape(client, catalogue):
    body = client.get("/api/v1/services?q=koffie&near=Drylts").get_json()
    assert set(body) == {"total", "page", "per_page", "near", "suggestion", "facets", "items"}
    assert body["near"] == {"name": "IJlst", "lat": 53.01009, "lon": 5.62312}
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    item = body["items"][0]
    assert item["id"] == catalogue["koffie"]
    assert item["name"] == "Koffieochtend"
    assert item["lang"] == "nl"
    assert item["organization"]["name"] == "Dorpshuis De Brink"
    assert item["themes"] == ["meeting", "loneliness"]
    assert item["distance_km"] == 0.0
    assert item["locations"][0]["place"] == "IJlst"
    assert item["locations"][0]["opening_hours"] == [{"day": "wo", "opens": "09:30", "closes": "11:30"}]
    assert item["url"].endswith(f"/diensten/{catalogue['koffie']}")
    assert body["facets"]["theme"] == {"loneliness": 1, "meeting": 1}


def test_texts_come_in_the_asked_language_with_dutch_fallback(client, catalogue):
    items = {i["id"]: i for i in client.get("/api/v1/services?lang=fy&per_page=100").get_json()["items"]}
    frisian, dutch_only = items[catalogue["koffie"]], items[catalogue["alleen_nl"]]
    assert (frisian["name"], frisian["description"], frisian["lang"]) == ("Kofjemoarn", "Kofje en in praatsje.", "fy")
    assert (dutch_only["description"], dutch_only["lang"]) == ("Samen Nederlands oefenen.", "nl")
    assert frisian["locations"][0]["place"] == "Drylts"


def test_a_single_service_and_a_missing_one(client, catalogue):
    assert client.get(f"/api/v1/services/{catalogue['koffie']}").get_json()["name"] == "Koffieochtend"
    missing = client.get("/api/v1/services/999999")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["code"] == "not_found"


def test_places_autocomplete_knows_both_languages(client):
    expected = {"name": "IJlst", "official_name": "IJlst", "name_nl": "IJlst", "name_fy": "Drylts",
                "municipality": "Súdwest-Fryslân", "lat": 53.01009, "lon": 5.62312}  # fmt: skip
    assert client.get("/api/v1/places?q=dryl").get_json()[0] == expected
    assert client.get("/api/v1/places?q=ijls").get_json()[0]["name_fy"] == "Drylts"


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("q=" + "a" * 201, "q_too_long", "q"),
        ("near=Nergenshuizen", "unknown_place", "near"),
        ("near=95,5", "bad_coordinates", "near"),
        ("near=" + "b" * 201, "near_too_long", "near"),
        ("near=IJlst&radius_km=0", "bad_radius_km", "radius_km"),
        ("near=IJlst&radius_km=101", "bad_radius_km", "radius_km"),
        ("near=IJlst&radius_km=ver", "bad_radius_km", "radius_km"),
        ("radius_km=nan", "bad_radius_km", "radius_km"),
        ("tier=5", "unknown_tier", "tier"),
        ("tier=een", "unknown_tier", "tier"),
        ("theme=knitting", "unknown_theme", "theme"),
        ("kind=castle", "unknown_kind", "kind"),
        ("audience=aliens", "unknown_audience", "audience"),
        ("cost=cheap", "unknown_cost", "cost"),
        ("municipality=amsterdam", "unknown_municipality", "municipality"),
        ("place=Atlantis", "unknown_place", "place"),
        ("open=someday", "bad_open", "open"),
        ("lang=de", "bad_lang", "lang"),
        ("page=0", "bad_page", "page"),
        ("page=x", "bad_page", "page"),
        ("per_page=101", "bad_per_page", "per_page"),
        ("per_page=0", "bad_per_page", "per_page"),
    ],
)
def test_every_bad_parameter_gets_a_clear_400(client, query, code, field):
    response = client.get(f"/api/v1/services?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]


def test_errors_speak_the_asked_language(client):
    dutch = client.get("/api/v1/services?tier=9").get_json()["error"]["message"]
    frisian = client.get("/api/v1/services?tier=9&lang=fy").get_json()["error"]["message"]
    english = client.get("/api/v1/services?tier=9&lang=en").get_json()["error"]["message"]
    assert english == "The tier must be 1, 2, 3 or 4."
    assert len({dutch, frisian, english}) == 3


def test_an_unknown_place_comes_with_suggestions(client):
    error = client.get("/api/v1/services?near=Drylst").get_json()["error"]
    assert error["code"] == "unknown_place"
    assert error["suggestions"][0]["name_fy"] == "Drylts"


def test_an_ambiguous_place_lists_the_candidates(client, db):
    from sqlalchemy import func, select

    from socialmap.places.models import PlaceName

    name = db.session.execute(
        select(PlaceName.normalized).group_by(PlaceName.normalized)
        .having(func.count(func.distinct(PlaceName.place_id)) > 1).order_by(PlaceName.normalized)
    ).scalars().first()  # fmt: skip
    response = client.get(f"/api/v1/services?near={name}")
    if response.status_code == 200:  # one of them is the official woonplaats: chosen on purpose
        assert response.get_json()["near"] is not None
    else:
        error = response.get_json()["error"]
        assert error["code"] == "ambiguous_place"
        assert len(error["candidates"]) > 1


PARAMETERS = ["q", "near", "radius_km", "tier", "theme", "kind", "audience", "cost", "municipality", "place",
              "open", "lang", "page", "per_page"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(PARAMETERS), st.text(max_size=60), max_size=5))
def test_no_parameter_combination_gives_a_server_error(client, catalogue, params):
    response = client.get("/api/v1/services", query_string=params)
    assert response.status_code in (200, 400)
    body = response.get_json()
    assert ("items" in body) if response.status_code == 200 else ("error" in body)
