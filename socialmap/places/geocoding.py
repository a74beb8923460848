"""Where an address really is: geocoding with geopy (Nominatim or Photon) when one is configured.

Rural PC4 postcode areas can span several villages, so a postcode's centroid may point at the wrong
village. With SOCIALMAP_GEOCODER set, an address is looked up (at SOCIALMAP_GEOCODER_URL, for example
a municipality's own server) and the answer is used only when it lies near the village the address
names; otherwise, and without a geocoder, the location gets its village's coordinates and is marked
approximate. A geocoder that is down never stops an import or an edit: it only makes it approximate.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app

from socialmap.geo import haversine_km

log = logging.getLogger(__name__)

USER_AGENT = "sociale-kaart/1 (geocoding the addresses of a municipal social map)"
# An answer farther than this from the village's point is another place with the same street name.
MAX_FROM_VILLAGE_KM = 5.0
# The public services ask for at most one request a second (a municipality's own server: no limit).
PUBLIC_MIN_INTERVAL_S = 1.0
_last_request = [0.0]
_lock = threading.Lock()


@dataclass(frozen=True)
class Found:
    latitude: float
    longitude: float
    address: str  # as the geocoder describes it, for the editor to check


def configured() -> bool:
    return bool(current_app.config.get("GEOCODER"))


def _geocoder():
    # geopy is imported here, not when a process starts (~0.15 s of a fresh process's first answer)
    from geopy.geocoders import Nominatim, Photon

    name = current_app.config["GEOCODER"]
    options = {"user_agent": USER_AGENT, "timeout": current_app.config.get("GEOCODER_TIMEOUT", 5)}
    if current_app.config.get("GEOCODER_URL"):
        url = urlsplit(current_app.config["GEOCODER_URL"])
        options.update(scheme=url.scheme or "https", domain=(url.netloc + url.path).rstrip("/"))
    return {"nominatim": Nominatim, "photon": Photon}[name](**options)


def geocode(address: str, postcode: str | None, place: str, near: tuple[float, float]) -> Found | None:
    """The address in `place`, if a geocoder is configured, answers, and finds it near the village's
    point `near`; else None (the caller then uses the village's coordinates)."""
    if not configured() or not address:
        return None
    from geopy.exc import GeopyError

    query = ", ".join(part for part in (address, postcode, place, "Nederland") if part)
    try:
        if not current_app.config.get("GEOCODER_URL"):
            with _lock:  # a whole import file asks one address after another: keep to their usage policy
                time.sleep(max(0.0, _last_request[0] + PUBLIC_MIN_INTERVAL_S - time.monotonic()))
                _last_request[0] = time.monotonic()
        location = _geocoder().geocode(query, exactly_one=True)
    except (GeopyError, OSError, ValueError) as error:
        log.warning("geocoder did not answer for %r: %s", query, error)
        return None
    if location is None:
        return None
    if haversine_km(location.latitude, location.longitude, *near) > MAX_FROM_VILLAGE_KM:
        log.info("geocoder placed %r %.1f km from the village; using the village", query,
                 haversine_km(location.latitude, location.longitude, *near))
        return None
    return Found(round(location.latitude, 6), round(location.longitude, 6), location.address or query)
