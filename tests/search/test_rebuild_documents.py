"""A full rebuild reads the catalogue as plain rows (issue 13: 50k services within 40 s); what it
writes for each service must be exactly what an edit writes for it, or a service would be found
differently before and after a `socialmap reindex`."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy.orm import Session

from socialmap.catalogue.models import Location, Schedule
from socialmap.search.documents import document_for, iter_searchable_documents, searchable_ids
from tests.factories import make_org, make_service, place


def test_a_rebuild_writes_for_each_service_what_an_edit_writes(db, caplog):
    varied = make_service(name="Vervoer en koffie", name_fy="Ferfier en kofje", name_en="Transport and coffee",
                          place_name="Bolsward", kind="volunteer_group", tier=2, themes=("transport", "meeting"),
                          audiences=("older_people", "carers"), alternatives=(_product(db),), cost="contribution",
                          area=("Heeg", "Oosthem"), area_municipalities=("Súdwest-Fryslân",),
                          schedules=((0, "09:00", "12:00"), (3, "13:00", "16:00")),
                          description_fy="Wy ride nei de dokter.", description_en="We drive you to the doctor.",
                          capacity="full", assured_at=dt.date(2026, 3, 1))  # fmt: skip
    second_office = Location(place=place("Exloo"), address="Hoofdstraat 2", latitude=52.88, longitude=6.86,
                             schedules=[Schedule(weekday=5, opens_at=dt.time(10), closes_at=dt.time(11))])  # fmt: skip
    varied.locations.append(second_office)
    plain = make_service(name="Koffieochtend", place_name="Exloo", cost="free", assured_at=None)
    make_service(name="Gesloten dienst", place_name="Heeg", status="inactive")
    make_service(name="Van een aanmelding", place_name="Heeg", org=make_org(status="pending"))
    db.session.commit()

    with Session(db.engine) as session, caplog.at_level(logging.INFO):
        ids = searchable_ids(session)
        rebuilt = list(iter_searchable_documents(session, ids, batch_size=1))
    edited = [document_for(db.session.get(type(varied), service_id)) for service_id in ids]

    assert [d.service_id for d in rebuilt] == [varied.id, plain.id]
    for mine, theirs in zip(rebuilt, edited, strict=True):
        assert mine.texts == theirs.texts
        assert mine.theme_codes == theirs.theme_codes
        assert mine.meta == theirs.meta
    assert rebuilt == edited
    assert not [r for r in caplog.records if "ORM objects" in r.getMessage()], "read as rows, not ORM objects"


def _product(db) -> str:
    from sqlalchemy import select

    from socialmap.catalogue.models import TaxonomyTerm

    return db.session.scalars(select(TaxonomyTerm.code).where(TaxonomyTerm.vocabulary == "product")).first()
