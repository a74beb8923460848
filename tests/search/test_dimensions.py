"""The search dimensions are declared once (search/dimensions.py): what the documents store is what
the search reads, the index version follows it, and every page and document lists every filter."""

import re
import runpy
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from socialmap.search import dimensions
from socialmap.search.documents import document_for
from socialmap.search.index import SCHEMA_VERSION, schema_version
from socialmap.search.snapshot import SegmentColumns
from tests.factories import make_service

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
TOOL = Path(__file__).resolve().parents[2] / "tools" / "api_filter_table.py"


class ReadKeys(dict):
    """A document's meta that remembers which keys the search read."""

    read: set[str] = set()

    def __getitem__(self, key):
        ReadKeys.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        ReadKeys.read.add(key)
        return super().get(key, default)


def test_documents_store_what_the_search_reads(db):
    service = make_service(name="Koffieochtend", themes=("meeting",), capacity="full", alternatives=("household_help",))
    db.session.commit()
    meta = document_for(service).meta
    assert set(meta) == set(dimensions.STORED_KEYS)
    ReadKeys.read = set()
    SegmentColumns([ReadKeys(meta)])
    assert ReadKeys.read <= set(dimensions.STORED_KEYS)
    assert {key for d in dimensions.DIMENSIONS for key in d.stored} <= ReadKeys.read


def test_the_index_version_follows_the_stored_keys():
    assert schema_version() == SCHEMA_VERSION
    assert schema_version((*dimensions.STORED_KEYS, "languages")) != SCHEMA_VERSION


@pytest.fixture
def catalogue(db):
    make_service(name="Koffieochtend", place_name="IJlst", themes=("meeting",), capacity="full")
    db.session.commit()


def test_clear_filters_clears_every_filter(client, catalogue):
    chosen = "&".join(f"{d.param}={value}" for d, value in (
        (dimensions.BY_KEY["theme"], "meeting"), (dimensions.BY_KEY["capacity"], "full"),
        (dimensions.BY_KEY["cost"], "free")))  # fmt: skip
    html = client.get(f"/zoeken?q=koffie&{chosen}").get_data(as_text=True)
    link = re.search(r'<a href="([^"]*)">Filters wissen</a>', html)
    kept = parse_qs(urlsplit(html_unescape(link[1])).query)
    assert kept == {"q": ["koffie"]}


def test_the_api_documentation_lists_every_filter_as_the_dimensions_declare_it():
    tool = runpy.run_path(str(TOOL))
    expected = tool["parameter_table"]()
    assert tool["documented"](DOCS.read_text(encoding="utf-8")) == expected, (
        "docs/api.md is stale: run `.venv/bin/python tools/api_filter_table.py`; the table should be:\n" + expected)
    for param in dimensions.FILTER_PARAMS:
        assert f"| `{param}` |" in expected, param


def test_the_api_counts_every_filter(client, catalogue):
    facets = client.get("/api/v1/services?q=koffie").get_json()["facets"]
    assert set(facets) == set(dimensions.FILTER_PARAMS)
    assert facets["capacity"] == {"full": 1}
