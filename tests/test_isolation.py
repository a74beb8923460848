"""The fixtures must be able to see a view that forgets to commit."""

from sqlalchemy import func, select

from socialmap.catalogue.models import Organization
from socialmap.extensions import db as _db


def test_a_view_that_does_not_commit_leaves_nothing_behind(app, client, db):
    @app.post("/_test/write-without-commit")
    def write_without_commit():
        _db.session.add(Organization(name="Vergeten commit", slug="vergeten-commit"))
        _db.session.flush()
        return "ok"

    @app.post("/_test/write-and-commit")
    def write_and_commit():
        _db.session.add(Organization(name="Wel bewaard", slug="wel-bewaard"))
        _db.session.commit()
        return "ok"

    assert client.post("/_test/write-without-commit").status_code == 200
    assert client.post("/_test/write-and-commit").status_code == 200
    names = set(db.session.scalars(select(Organization.name)))
    assert "Vergeten commit" not in names
    assert "Wel bewaard" in names
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1
