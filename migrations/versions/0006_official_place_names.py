"""official place names: which of a place's two names is the official one

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 12:00:00

- place.official_language ("nl" or "fy"): the villages of former Littenseradiel and Boarnsterhim
  and It Heidenskip have an official Frisian name only (Easterein, Raerd …); every page shows it,
  the Dutch form (Oosterend, Rauwerd …) stays a search alias.
- Their address follows the official name (/plaatsen/oosterend → /plaatsen/easterein) where that
  address is free; the old one keeps working (the place view redirects names it knows).
- Ysbrechtum has one name: the obsolete spelling IJsbrechtum is no longer its Frisian name.

`socialmap init` (load_gazetteer) sets the same from data/gazetteer; this revision does it for a
database that is only migrated. The list is a frozen copy of data/gazetteer/places_detail.csv
(official_woonplaats ≠ name_nl) at this revision.
"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

MUNICIPALITY = "Súdwest-Fryslân"
OFFICIAL_FRISIAN = {  # name_nl → official (Frisian) name
    "Bozum": "Boazum", "Britswerd": "Britswert", "Deersum": "Dearsum", "Oosterend": "Easterein",
    "Oosterwierum": "Easterwierrum", "Hennaard": "Hinnaard", "Edens": "Iens", "Het Heidenschap": "It Heidenskip",
    "Kubaard": "Kûbaard", "Lutkewierum": "Lytsewierrum", "Poppingawier": "Poppenwier", "Rauwerd": "Raerd",
    "Roodhuis": "Reahûs", "Sijbrandaburen": "Sibrandabuorren", "Terzool": "Tersoal", "Waaxens": "Waaksens",
    "Wieuwerd": "Wiuwert",
}


def _slug(text: str) -> str:
    # frozen copy of socialmap.text.slugify at this revision
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def upgrade() -> None:
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.add_column(sa.Column('official_language', sa.String(length=2), server_default='nl',
                                      nullable=False))
    place = sa.table('place', sa.column('id', sa.Integer), sa.column('municipality_id', sa.Integer),
                     sa.column('slug', sa.String), sa.column('name_nl', sa.String), sa.column('name_fy', sa.String),
                     sa.column('official_language', sa.String))
    municipality = sa.table('municipality', sa.column('id', sa.Integer), sa.column('name', sa.String))
    connection = op.get_bind()
    owner = connection.execute(sa.select(municipality.c.id).where(municipality.c.name == MUNICIPALITY)).scalar()
    if owner is None:
        return  # an empty database: `socialmap init` loads the gazetteer with the new field
    used = set(connection.execute(sa.select(place.c.slug)).scalars())
    rows = connection.execute(sa.select(place.c.id, place.c.slug, place.c.name_nl).where(
        place.c.municipality_id == owner, place.c.name_nl.in_(list(OFFICIAL_FRISIAN)))).all()
    for place_id, slug, name_nl in rows:
        values = {"official_language": "fy"}
        wanted = _slug(OFFICIAL_FRISIAN[name_nl])
        if slug == _slug(name_nl) and wanted not in used:
            values["slug"] = wanted
            used.discard(slug)
            used.add(wanted)
        connection.execute(place.update().where(place.c.id == place_id).values(**values))
    connection.execute(place.update().where(place.c.municipality_id == owner, place.c.name_nl == "Ysbrechtum")
                       .values(name_fy="Ysbrechtum"))


def downgrade() -> None:
    # Addresses and the Ysbrechtum spelling stay: both were wrong before, and `socialmap init` keeps them.
    with op.batch_alter_table('place', schema=None) as batch_op:
        batch_op.drop_column('official_language')
