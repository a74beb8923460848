"""A plain HSDS package from elsewhere: the specification's own example data package (examples/csv,
Open Referral, CC BY-SA 4.0; copy in tests/hsds/schema/example_csv) with its address moved to IJlst.
Its service comes in as a draft for Súdwest-Fryslân's editors, the placeholder latitude 100 and
longitude 101 are named by file and line, every row of the service is kept, residents see nothing."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from sqlalchemy import func, select

from socialmap.catalogue.models import Service
from socialmap.cli import main
from socialmap.hsds.models import HsdsDraft
from tests.factories import make_user, municipality, personas

EXAMPLE = Path(__file__).parent / "schema" / "example_csv"


def moved_to_ijlst(tmp_path) -> Path:
    package = tmp_path / "example"
    shutil.copytree(EXAMPLE, package)
    path = package / "addresses.csv"
    with path.open(encoding="utf-8") as file:
        reader = csv.DictReader(file)
        rows, columns = list(reader), reader.fieldnames
    for row in rows:
        row.update(city="IJlst", postal_code="8651 AB", country="NL", region="Súdwest-Fryslân", state_province="")
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return package


def ids_in(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as file:
        return {row["id"] for row in csv.DictReader(file)}


def test_the_specifications_example_comes_in_as_a_draft_with_its_placeholders_named(runner, db, tmp_path):
    package = moved_to_ijlst(tmp_path)
    result = runner.invoke(main, ["import-hsds", str(package)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if "locations.csv" in line and " 2" in line and "latitude" in line and "100" in line]
    assert [line for line in lines if "locations.csv" in line and "longitude" in line and "101" in line]
    assert db.session.scalar(select(func.count(Service.id))) == 0  # residents see nothing yet

    draft = db.session.scalars(select(HsdsDraft)).one()
    assert draft.name == "Community Counselling"
    assert draft.municipality_id == municipality("Súdwest-Fryslân").id
    # Nothing of the service is lost: its rows in every table, and the foreign taxonomy as attributes.
    for table in ("services", "locations", "addresses", "schedules", "phones", "service_at_locations",
                  "service_areas", "languages", "cost_options", "contacts", "organizations", "funding"):
        source = EXAMPLE / ("service_at_location.csv" if table == "service_at_locations" else f"{table}.csv")
        kept = {row["id"] for row in draft.data.get(table, [])}
        linked = ids_in(source) & kept
        assert linked, table
    # The example's one attribute points at nothing in the package: kept and named, not dropped.
    assert draft.data["unattached"]["attributes"][0]["taxonomy_term_id"] == "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    assert draft.data["unattached"]["taxonomy_terms"][0]["taxonomy"] == "taxonomy"
    assert [line for line in lines if "attributes.csv" in line and " 2" in line]

    again = runner.invoke(main, ["import-hsds", str(package)])
    assert again.exit_code == 0
    assert db.session.scalar(select(func.count(HsdsDraft.id))) == 1


def test_the_villages_editors_see_the_draft_and_others_do_not(client, auth, runner, db, tmp_path):
    people = personas()
    elsewhere = make_user("municipal_editor", "redactie@bo.example.org", municipality="Borger-Odoorn")
    db.session.commit()
    assert runner.invoke(main, ["import-hsds", str(moved_to_ijlst(tmp_path))]).exit_code == 0
    assert client.get("/beheer/hsds-concepten").status_code == 401
    auth.login(people.municipal_editor)
    assert 'href="/beheer/hsds-concepten"' in client.get("/beheer").get_data(as_text=True)  # from the dashboard
    page = client.get("/beheer/hsds-concepten").get_data(as_text=True)
    assert "Community Counselling" in page and "latitude" in page
    auth.logout()
    auth.login(elsewhere)
    assert "Community Counselling" not in client.get("/beheer/hsds-concepten").get_data(as_text=True)
    auth.logout()
    auth.login(people.volunteer_editor)
    assert client.get("/beheer/hsds-concepten").status_code == 403
