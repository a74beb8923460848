"""Migration 0006 on a database that already holds the gazetteer (issue 18)."""

from alembic import command
from sqlalchemy import text

from socialmap.extensions import db as _db
from socialmap.migrate import alembic_config
from tests.conftest import DB_KIND, make_app, make_postgres_database


def test_it_gives_villages_their_official_frisian_name_and_address(tmp_path):
    if DB_KIND == "postgresql":
        url, drop = make_postgres_database()
    else:
        url, drop = f"sqlite:///{tmp_path / 'old.db'}", (lambda: None)
    app = make_app(url, tmp_path)
    try:
        with app.app_context(), _db.engine.connect() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "0005")
            connection.execute(text("INSERT INTO municipality (id, slug, name) VALUES (1, 'sudwest-fryslan', "
                                    "'Súdwest-Fryslân')"))  # fmt: skip
            for place_id, slug, name_nl, name_fy in [(1, "oosterend", "Oosterend", "Easterein"),
                                                     (2, "ysbrechtum", "Ysbrechtum", "IJsbrechtum"),
                                                     (3, "ijlst", "IJlst", "Drylts")]:  # fmt: skip
                connection.execute(text(
                    "INSERT INTO place (id, municipality_id, slug, name_nl, name_fy, kind, latitude, longitude) "
                    "VALUES (:id, 1, :slug, :nl, :fy, 'woonplaats', 53.0, 5.6)"),
                    {"id": place_id, "slug": slug, "nl": name_nl, "fy": name_fy})  # fmt: skip
            connection.commit()
            command.upgrade(config, "head")
            connection.commit()
            rows = connection.execute(text("SELECT name_nl, name_fy, slug, official_language FROM place ORDER BY id"))
            assert [tuple(row) for row in rows] == [("Oosterend", "Easterein", "easterein", "fy"),
                                                    ("Ysbrechtum", "Ysbrechtum", "ysbrechtum", "nl"),
                                                    ("IJlst", "Drylts", "ijlst", "nl")]  # fmt: skip
        with app.app_context():
            _db.engine.dispose()
    finally:
        drop()
