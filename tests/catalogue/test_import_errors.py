"""The import says what is wrong: a place in another municipality, and the nearest spelling of an
unknown place, municipality or code."""

import io

import pytest

from socialmap.catalogue.importer import ImportFailed, import_services
from tests.factories import csv_text, service_row


def problems(**overrides) -> list:
    with pytest.raises(ImportFailed) as failure:
        import_services(io.StringIO(csv_text([service_row(**overrides)])), source="import")
    return failure.value.problems


def test_a_place_in_another_municipality_is_an_error_naming_both(db):
    [problem] = problems(municipality="Bronckhorst", place="Sneek")
    assert problem.column == "place"
    assert "Sneek" in problem.message and "Bronckhorst" in problem.message and "Súdwest-Fryslân" in problem.message


def test_an_unknown_place_gets_the_nearest_spelling(db):
    [problem] = problems(place="Drylst")
    assert problem.column == "place" and "Drylst" in problem.message and "Drylts" in problem.message


def test_an_unknown_municipality_gets_the_nearest_spelling(db):
    found = problems(municipality="Sudwest Fryslan X")
    assert [p.column for p in found] == ["municipality"]
    assert "Súdwest-Fryslân" in found[0].message


def test_an_unknown_code_gets_the_nearest_spelling_first(db):
    [problem] = problems(themes="meeting;lonelyness")
    assert problem.column == "themes"
    assert "“lonelyness”" in problem.message and "“loneliness”" in problem.message


def test_a_service_area_may_reach_over_the_border(db):
    # a service in IJlst that also helps people in Exloo (Borger-Odoorn)
    import_services(io.StringIO(csv_text([service_row(service_area="Heeg;Exloo")])), source="import")
