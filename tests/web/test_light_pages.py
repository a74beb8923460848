"""Light pages (issue 16, item 5): compressed, fingerprinted and cached static files, and a weight
budget per page for what a browser fetches on a first visit."""

import gzip
import re

import brotli
import pytest

from socialmap.web.assets import IMMUTABLE
from tests.factories import make_org, make_service

BUDGET = 100 * 1024
SERVICE_PAGE_BUDGET = 50 * 1024
ACCEPT = {"Accept-Encoding": "gzip, br"}
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="(/static/[^"]+)"')


@pytest.fixture
def catalogue(db):
    org = make_org("Dorpshuis De Brink")
    services = [
        make_service(org, name=f"Koffieochtend {n}", place_name="Sneek" if n % 2 else "IJlst",
                     description_nl="Elke week **koffie** drinken en bijpraten met mensen uit het dorp. " * 4,
                     schedules=((2, "09:30", "11:30"),))
        for n in range(25)
    ]  # fmt: skip
    db.session.commit()
    return services


def transferred(client, url: str) -> int:
    """Bytes on the wire: the body as sent, compressed when the server compressed it."""
    response = client.get(url, headers=ACCEPT)
    assert response.status_code == 200, url
    return len(response.get_data())


def first_visit_bytes(client, url: str) -> int:
    """HTML plus every stylesheet and script it names, as a browser with an empty cache fetches them."""
    html_response = client.get(url, headers=ACCEPT)
    assert html_response.status_code == 200, url
    html = decoded(html_response)
    return len(html_response.get_data()) + sum(transferred(client, asset) for asset in set(ASSET.findall(html)))


def decoded(response) -> str:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding")
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return body.decode()


def service_page(service) -> str:
    return f"/diensten/{service.id}"


@pytest.mark.parametrize("kind", ["home", "results", "map", "place"])
def test_every_page_stays_within_100_kb_on_a_first_visit(client, catalogue, kind):
    url = {"home": "/", "results": "/zoeken?q=koffie&near=Sneek", "map": "/zoeken/kaart?q=koffie&near=Sneek",
           "place": "/plaatsen/sneek"}[kind]  # fmt: skip
    assert first_visit_bytes(client, url) <= BUDGET


def test_a_service_page_stays_within_50_kb_on_a_first_visit(client, catalogue):
    response = client.get(service_page(catalogue[0]), follow_redirects=True, headers=ACCEPT)
    url = response.request.path
    assert first_visit_bytes(client, url) <= SERVICE_PAGE_BUDGET


def test_the_service_page_loads_no_leaflet_until_the_resident_asks(client, catalogue):
    html = decoded(client.get(service_page(catalogue[0]), follow_redirects=True))
    assert "leaflet" not in " ".join(ASSET.findall(html))
    assert 'id="show-map"' in html and "/zoeken/kaart?near=" in html  # without JavaScript: the map page


def test_pages_are_sent_compressed_with_brotli_or_gzip(client, catalogue):
    for encoding in ("br", "gzip"):
        response = client.get("/zoeken?q=koffie", headers={"Accept-Encoding": encoding})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert "Koffieochtend" in decoded(response)


def test_css_javascript_and_geojson_are_sent_compressed(client, catalogue):
    html = decoded(client.get("/zoeken/kaart?q=koffie"))
    for asset in ASSET.findall(html):
        assert client.get(asset, headers=ACCEPT).headers.get("Content-Encoding") == "br", asset
    geojson = client.get("/api/v1/services.geojson?q=koffie", headers={"Accept-Encoding": "gzip"})
    assert geojson.headers["Content-Encoding"] == "gzip"
    assert b'"place"' in gzip.decompress(geojson.get_data())


def test_static_urls_carry_the_files_fingerprint_and_are_cached_for_a_year(client, catalogue):
    html = decoded(client.get("/"))
    stylesheet = re.search(r'href="(/static/css/site\.css\?v=[0-9a-f]{12})"', html).group(1)
    response = client.get(stylesheet)
    assert response.headers["Cache-Control"] == IMMUTABLE


def test_the_bare_and_outdated_static_urls_still_work_but_are_revalidated(client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == "no-cache"
        assert "immutable" not in response.headers["Cache-Control"]


def test_html_is_not_cached_for_a_year(client, catalogue):
    response = client.get("/")
    assert "immutable" not in response.headers.get("Cache-Control", "")


def test_the_map_page_lists_the_results_and_names_its_clusters(client, catalogue):
    html = decoded(client.get("/zoeken/kaart?q=koffie&near=Sneek&lang=en"))
    assert html.count('class="map-list"') == 1 and "Koffieochtend 1" in html
    assert 'id="map-tile-note"' in html
    assert "{count} services near {place}" in html  # the clusters' name, filled in by static/js/map.js
