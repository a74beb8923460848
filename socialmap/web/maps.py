"""Maps built with folium, with Leaflet served from static/ (never a CDN).

folium writes the map set-up (tiles, attribution, clustering); we take its div and script and
leave out its page-level head (CDN links, jQuery, Bootstrap, a viewport that blocks zooming).
Markers for a result list come from the GeoJSON API at run time, so a page never inlines
thousands of services.

Text that people typed (names, addresses) never goes through folium's Tooltip or Popup: folium
pastes those into JavaScript template literals unescaped, where ``${…}`` and ``</script>`` run.
It reaches the script only as JSON (``tojson`` also escapes ``<``, ``>``, ``&`` and ``'``), and
static/js/map.js puts it on the page as text nodes. The script itself is inline, so templates
give it the response's CSP nonce (``<script nonce="{{ csp_nonce() }}">``).

A service's own map is not folium's: its few points go to the page as JSON (``detail_map_data``)
and static/js/map.js draws them with Leaflet only when the resident asks for the map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from flask import current_app, url_for
from markupsafe import Markup

DEFAULT_CENTER = (52.9, 6.0)


@dataclass
class RenderedMap:
    html: Markup
    script: Markup


@cache
def _folium() -> SimpleNamespace:
    """folium and our two map elements, imported with the first map a process draws: folium,
    branca and their templates cost ~0.3 s of a fresh process's start, and most processes (API,
    search pages) never draw a map."""
    import folium
    from branca.element import MacroElement
    from folium.plugins import MarkerCluster
    from jinja2 import Template

    class _GeoJsonLoader(MacroElement):
        """Fetch service markers from our API and add them to the cluster (static/js/map.js)."""

        _template = Template(
            """{% macro script(this, kwargs) %}
            socialmapLoadMarkers({{ this._parent.get_name() }}, {{ this.cluster.get_name() }}, {{ this.url|tojson }});
            {% endmacro %}"""
        )

        def __init__(self, cluster: MarkerCluster, url: str):
            super().__init__()
            self._name = "GeoJsonLoader"
            self.cluster = cluster
            self.url = url

    return SimpleNamespace(folium=folium, MarkerCluster=MarkerCluster, GeoJsonLoader=_GeoJsonLoader)


def _base_map(center, zoom: int):
    folium = _folium().folium
    m = folium.Map(location=list(center), zoom_start=zoom, tiles=None, control_scale=True)
    folium.TileLayer(
        tiles=current_app.config["MAP_TILE_URL"],
        attr=current_app.config["MAP_TILE_ATTRIBUTION"],
        max_zoom=19,
    ).add_to(m)
    return m


def _render(m) -> RenderedMap:
    root = m.get_root()
    root.render()
    return RenderedMap(Markup(root.html.render()), Markup(root.script.render()))


def results_map(geojson_url: str, center=None) -> RenderedMap:
    elements = _folium()
    m = _base_map(center or DEFAULT_CENTER, 11 if center else 9)
    cluster = elements.MarkerCluster(name="services").add_to(m)
    m.add_child(elements.GeoJsonLoader(cluster, geojson_url))
    return _render(m)


def detail_map_data(points: list[tuple[float, float, str]]) -> dict:
    """A service's few locations for static/js/map.js, which draws them only when the resident asks
    for the map. Plain Leaflet there, not folium: drawing a folium map on every service page cost
    5-20 ms for a map most residents never open."""
    return {"tiles": current_app.config["MAP_TILE_URL"], "attribution": current_app.config["MAP_TILE_ATTRIBUTION"],
            "zoom": 14, "points": [{"lat": lat, "lon": lon, "label": label} for lat, lon, label in points]}  # fmt: skip


def asset_urls(cluster: bool = True) -> dict[str, list[str]]:
    """Leaflet's files (fingerprinted URLs); ``cluster=False`` for a service's few pins."""
    css = ["vendor/leaflet/leaflet.css"]
    js = ["vendor/leaflet/leaflet.js"]
    if cluster:
        cluster_folder = "vendor/leaflet.markercluster/"
        css += [cluster_folder + "MarkerCluster.css", cluster_folder + "MarkerCluster.Default.css"]
        js += [cluster_folder + "leaflet.markercluster.js"]
    return {"css": [url_for("static", filename=f) for f in css],
            "js": [url_for("static", filename=f) for f in [*js, "js/map.js"]]}  # fmt: skip


def geojson(features: list[dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))
