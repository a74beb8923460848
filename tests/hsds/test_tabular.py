"""HSDS tabular packages: export → import into an empty catalogue gives the same catalogue; problems
are named by file line and column and nothing is written."""

from __future__ import annotations

import csv
import datetime as dt
import json
import urllib.request
import zipfile

import pytest
from sqlalchemy import delete, func, select

from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Organization, Service
from socialmap.cli import DEMO_FILE, main
from socialmap.extensions import db as _db
from tests.conftest import make_standalone_app, served

VOLATILE = {"last_modified", "assured_date", "metadata"}


def catalogue_as_hsds(client) -> dict:
    """Every service, fully nested, without what an import sets anew (dates, metadata)."""
    body = client.get("/api/hsds/services?per_page=500&full=true").get_json()
    return {s["id"]: {k: v for k, v in s.items() if k not in VOLATILE} for s in body["contents"]}


def empty_the_catalogue(db):
    for service in db.session.scalars(select(Service)):
        db.session.delete(service)
    db.session.flush()
    db.session.execute(delete(Organization))
    db.session.commit()


def test_export_then_import_into_an_empty_catalogue_gives_the_same_catalogue(client, runner, db, tmp_path):
    import_services(DEMO_FILE, source="demo")
    paused, deleted = db.session.scalars(select(Service).order_by(Service.id).limit(2))
    paused.status = "paused"
    deleted.deleted_at = dt.datetime(2026, 1, 1)
    db.session.commit()
    before = catalogue_as_hsds(client)
    assert len(before) >= 40
    result = runner.invoke(main, ["export-hsds", str(tmp_path / "package")])
    assert result.exit_code == 0, result.output
    package = json.loads((tmp_path / "package" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    assert {r["path"] for r in package["resources"]} >= {"services.csv", "organizations.csv", "locations.csv",
                                                          "schedules.csv", "service_areas.csv", "attributes.csv"}
    empty_the_catalogue(db)
    assert catalogue_as_hsds(client) == {}

    result = runner.invoke(main, ["import-hsds", str(tmp_path / "package")])
    assert result.exit_code == 0, result.output
    assert f"Import klaar: {len(before)} nieuw, 0 bijgewerkt" in result.output
    after = catalogue_as_hsds(client)
    assert after == before
    # The things the issue names survived, not only the ids.
    some = [s for s in after.values() if s.get("name_fy") and s.get("description_en")]
    assert some
    assert any(s["service_areas"] for s in after.values())
    assert any(sal["schedules"] for s in after.values() for sal in s["service_at_locations"])
    assert {s["status"] for s in after.values()} == {"active", "temporarily closed", "defunct"}


def test_a_zip_package_imports_too_and_twice_changes_nothing(client, runner, db, tmp_path):
    import_services(DEMO_FILE, source="demo")
    db.session.commit()
    runner.invoke(main, ["export-hsds", str(tmp_path / "package")])
    archive = tmp_path / "package.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in (tmp_path / "package").iterdir():
            zipped.write(path, f"package/{path.name}")
    result = runner.invoke(main, ["import-hsds", str(archive)])
    assert result.exit_code == 0, result.output
    assert "0 nieuw, 0 bijgewerkt" in result.output


def test_problems_name_the_line_and_column_and_nothing_is_written(client, runner, db, tmp_path):
    import_services(DEMO_FILE, source="demo")
    db.session.commit()
    runner.invoke(main, ["export-hsds", str(tmp_path / "package")])
    empty_the_catalogue(db)
    services = tmp_path / "package" / "services.csv"
    with services.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows, columns = list(reader), reader.fieldnames
    rows[2]["name"] = ""
    with services.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with services.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        line = next(reader.line_num for i, _row in enumerate(reader) if i == 2)
    result = runner.invoke(main, ["import-hsds", str(tmp_path / "package")])
    assert result.exit_code != 0
    assert f"regel {line}, kolom name" in result.output
    assert "er is niets veranderd" in result.output
    assert db.session.scalar(select(func.count(Service.id))) == 0


@pytest.fixture(scope="module")
def served_api(tmp_path_factory):
    """The project's own HSDS API with the demo catalogue, served locally from a database of its own."""
    app = make_standalone_app(tmp_path_factory.mktemp("served"), "served")
    with app.app_context():
        import_services(DEMO_FILE, source="demo")
        _db.session.commit()
        expected = len(list(_db.session.scalars(select(Service.id))))
        _db.session.remove()
    with served(app) as base:
        yield f"{base}/api/hsds/", expected
    with app.app_context():
        _db.engine.dispose()


def test_import_walks_the_pages_of_an_hsds_api(client, runner, db, served_api):
    url, expected = served_api
    result = runner.invoke(main, ["import-hsds", url])
    assert result.exit_code == 0, result.output
    assert f"Import klaar: {expected} nieuw, 0 bijgewerkt" in result.output
    ours = catalogue_as_hsds(client)
    with urllib.request.urlopen(f"{url}services?full=true&per_page=500", timeout=30) as response:
        theirs = {s["id"]: {k: v for k, v in s.items() if k not in VOLATILE}
                  for s in json.loads(response.read())["contents"]}  # fmt: skip
    assert ours == theirs


def test_an_address_that_is_not_http_is_refused(runner, db):
    result = runner.invoke(main, ["import-hsds", "ftp://example.org/api/"])
    assert result.exit_code != 0
