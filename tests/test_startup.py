"""A new process answers its first search within 1 s at 50k services (issue #13): what only some
requests or commands need is imported when first used, and building the app does no I/O."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Each costs 0.15-0.6 s of a fresh process's start and is needed by a few requests or commands only.
HEAVY_OPTIONAL_MODULES = [
    "alembic",  # migrations: `socialmap init` and `make-migration` only
    "socialmap.migrate",
    "socialmap.cli",  # the command line is not the web app
    "geopy",  # geocoding an address an editor typed
    "folium",  # maps drawn on the server
    "jsonschema",  # tests only
]

STARTUP = """
import gc, json, sys
import socialmap.wsgi
print(json.dumps({"modules": sorted(sys.modules), "collecting": gc.isenabled()}))
"""


def start_a_process(tmp_path) -> dict:
    environment = {**os.environ, "SOCIALMAP_INSTANCE_PATH": str(tmp_path / "instance"),
                   # nothing listens there: building the app must not connect to the database
                   "SOCIALMAP_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none",
                   "SOCIALMAP_SECRET_KEY": "test-secret", "SOCIALMAP_PRODUCTION": "true",
                   "SOCIALMAP_RATELIMIT_STORAGE_URI": "memory://"}  # fmt: skip
    started = subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, env=environment, capture_output=True,
                             text=True, timeout=120)  # fmt: skip
    assert started.returncode == 0, started.stderr[-2000:]
    return json.loads(started.stdout.splitlines()[-1])


def test_the_wsgi_app_is_built_without_heavy_optional_modules_or_io(tmp_path):
    started = start_a_process(tmp_path)
    imported = [name for name in HEAVY_OPTIONAL_MODULES if name in started["modules"]]
    assert imported == []
    assert not (tmp_path / "instance" / "search-index").exists()  # the index opens with the first search


def test_garbage_collection_is_back_on_once_the_app_is_built(tmp_path):
    assert start_a_process(tmp_path)["collecting"] is True
