"""The licence of the published data, chosen per deployment (SOCIALMAP_DATA_LICENCE)."""

from __future__ import annotations

from socialmap.config import ConfigError, env_str

# SPDX id → (name, URL). A deployment that needs another licence adds it here.
LICENCES = {
    "CC0-1.0": ("CC0 1.0 Universal (public domain dedication)", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
}
DEFAULT_LICENCE = "CC0-1.0"


def current_data_licence() -> dict:
    """For templates (the about page)."""
    from flask import current_app

    return data_licence(current_app.config)


def data_licence(config) -> dict:
    """The app's DATA_LICENCE (tests) or SOCIALMAP_DATA_LICENCE; an unknown id is refused, not guessed."""
    code = config.get("DATA_LICENCE") or env_str("DATA_LICENCE", DEFAULT_LICENCE)
    if code not in LICENCES:
        raise ConfigError(f"SOCIALMAP_DATA_LICENCE must be one of {', '.join(LICENCES)}, not {code!r}")
    name, url = LICENCES[code]
    return {"id": code, "name": name, "url": url}
