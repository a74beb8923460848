"""A query parameter named like a route value (?slug=) or like one of url_for's own keywords (?_scheme=)
is left out of the links and redirects a page makes from the visitor's query, instead of failing (500)."""

from __future__ import annotations

import pytest

from tests.factories import make_service


@pytest.mark.parametrize("query", ["slug=elders", "service_id=1", "_scheme=javascript&_external=1", "_method=POST"])
def test_the_short_service_address_redirects_whatever_the_query(client, db, query):
    service = make_service(name="Koffieochtend")
    db.session.commit()
    for url in (f"/diensten/{service.id}?{query}&lang=fy", f"/diensten/{service.id}-koffie?{query}&lang=fy"):
        response = client.get(url)
        assert response.status_code == 301, url
        assert response.headers["Location"] == f"/diensten/{service.id}-koffieochtend?lang=fy"


def test_a_misspelt_village_address_redirects_without_a_slug_parameter(client, db):
    make_service(name="Koffieochtend", place_name="Heeg")
    db.session.commit()
    response = client.get("/plaatsen/Heeg?slug=elders&page=1")
    assert response.status_code == 301 and response.headers["Location"] == "/plaatsen/heeg?page=1"


@pytest.mark.parametrize("url", ["/over?_scheme=x", "/zoeken?q=koffie&_method=POST", "/plaatsen/heeg?_anchor=x"])
def test_pages_with_url_for_keywords_in_their_query_still_answer(client, db, url):
    make_service(name="Koffieochtend", place_name="Heeg")
    db.session.commit()
    response = client.get(url)
    assert response.status_code == 200
    assert "_scheme" not in response.get_data(as_text=True) and "#x" not in response.get_data(as_text=True)
