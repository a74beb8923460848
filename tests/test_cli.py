import re

import pytest
from sqlalchemy import func, select

from socialmap.catalogue.models import Service
from socialmap.cli import main
from tests.factories import csv_text, service_row


def test_import_reports_each_problem_and_exits_non_zero(runner, app, db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_text([service_row(), service_row(place="Nergenshuizen")]), encoding="utf-8")
    result = runner.invoke(main, ["import", str(bad)])
    assert result.exit_code == 1
    assert "bad.csv: regel 3, kolom place" in result.output
    assert "Traceback" not in result.output
    assert db.session.scalar(select(func.count(Service.id))) == 0


def test_import_prints_a_summary(runner, app, db, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(csv_text([service_row(external_id="a"), service_row(external_id="b")]), encoding="utf-8")
    first = runner.invoke(main, ["import", str(good)])
    second = runner.invoke(main, ["import", str(good)])
    assert first.exit_code == second.exit_code == 0
    assert first.output.strip().splitlines()[-1] == "Import klaar: 2 nieuw, 0 bijgewerkt, 0 ongewijzigd."
    assert second.output.strip().splitlines()[-1] == "Import klaar: 0 nieuw, 0 bijgewerkt, 2 ongewijzigd."


def test_import_of_a_missing_file_is_a_message(runner, app):
    result = runner.invoke(main, ["import", "/nonexistent/file.csv"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "/nonexistent/file.csv" in result.output


@pytest.mark.parametrize("damage", [b"\x00", b"\xff\xfe"])
def test_import_of_a_file_with_a_nul_byte_or_broken_utf8_is_one_line_and_changes_nothing(runner, app, db, tmp_path,
                                                                                        damage):  # fmt: skip
    text = csv_text([service_row(external_id="a"), service_row(external_id="b")]).encode()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(text.replace(b"Koffieochtend", b"Koffie" + damage + b"ochtend", 1))
    result = runner.invoke(main, ["import", str(bad)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert re.search(r"bad\.csv\D+2\b", result.output)  # the file and the line (the first row)
    assert db.session.scalar(select(func.count(Service.id))) == 0
