"""`socialmap make-migration` numbers its revision the way the repository does (0001, 0002 …)."""

from pathlib import Path

from socialmap import migrate
from socialmap.cli import main

VERSIONS = Path(__file__).resolve().parents[1] / "migrations" / "versions"


def test_make_migration_numbers_the_revision_after_the_highest(runner, monkeypatch):
    written = {}
    monkeypatch.setattr(migrate.command, "revision", lambda config, **options: written.update(options))
    result = runner.invoke(main, ["make-migration", "service languages"])
    assert result.exit_code == 0, result.output
    highest = max(int(path.name[:4]) for path in VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert written["rev_id"] == f"{highest + 1:04d}"
    assert written["message"] == "service languages"
