"""How to get in, the languages spoken and accessibility (issue 16), added through the registries only:
shown on the service page, and "Frisian spoken" is a search filter with facet counts."""

import pytest

from tests.factories import make_service, term


@pytest.fixture
def catalogue(db):
    frysk = make_service(name="Kofjemoarn Drylts", place_name="IJlst", kind="village_room",
                         languages=[term("language", "nl"), term("language", "fy")],
                         accessibility=[term("accessibility", "wheelchair"), term("accessibility", "hearing_loop")],
                         application_process=[term("application_process", "walk_in")],
                         application_process_nl="Bel aan bij de zijdeur.",
                         application_process_fy="Bel oan by de sydoar.")  # fmt: skip
    dutch = make_service(name="Koffieochtend Sneek", place_name="Sneek", languages=[term("language", "nl")],
                         application_process=[term("application_process", "appointment")])  # fmt: skip
    db.session.commit()
    return {"frysk": frysk.id, "dutch": dutch.id}


def test_the_service_page_says_how_to_get_in_what_is_spoken_and_how_accessible(client, catalogue):
    html = client.get(f"/diensten/{catalogue['frysk']}?lang=fy", follow_redirects=True).get_data(as_text=True)
    assert "Gewoan binnenrinne. <span>Bel oan by de sydoar.</span>" in html
    assert "Nederlânsk, Frysk" in html
    assert "Tagonklik mei in rolstoel, Ringlieding" in html
    english = client.get(f"/diensten/{catalogue['frysk']}?lang=en", follow_redirects=True).get_data(as_text=True)
    assert '<span lang="nl">Bel aan bij de zijdeur.</span>' in english  # no English text: the Dutch one, marked


def test_frisian_spoken_is_a_filter_with_facet_counts(client, catalogue):
    body = client.get("/api/v1/services?language=fy").get_json()
    assert [item["id"] for item in body["items"]] == [catalogue["frysk"]]
    assert body["facets"]["language"] == {"fy": 1, "nl": 2}  # a filter's own counts leave it out
    assert body["items"][0]["application_process"] == ["walk_in"]
    assert body["items"][0]["application_process_text"] == "Bel aan bij de zijdeur."
    assert body["items"][0]["accessibility"] == ["wheelchair", "hearing_loop"]
    refused = client.get("/api/v1/services?language=frysk")
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "unknown_language"


def test_the_frisian_results_page_offers_frisian_spoken(client, catalogue):
    html = client.get("/zoeken?q=koffie&lang=fy").get_data(as_text=True)
    assert 'name="language" value="fy"' in html
    assert 'Frysk <span class="count">(1)</span>' in html


def test_hsds_carries_languages_application_process_and_accessibility(client, catalogue):
    listing = client.get("/api/hsds/services?full=true").get_json()["contents"]
    frysk = next(s for s in listing if s["name"] == "Kofjemoarn Drylts")
    assert [(lang["code"], lang["name"]) for lang in frysk["languages"]] == [("nl", "Nederlands"), ("fy", "Frysk")]
    assert frysk["application_process"] == "Gewoon binnenlopen. Bel aan bij de zijdeur."
    location = frysk["service_at_locations"][0]["location"]
    assert [a["details"] for a in location["accessibility"]] == ["wheelchair", "hearing_loop"]
