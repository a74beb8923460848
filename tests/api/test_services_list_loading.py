"""The API's list reads its page of services in a fixed number of queries (issue 13), and each item is
the very JSON the single-service endpoint gives."""

from __future__ import annotations

from sqlalchemy import event

from tests.factories import make_org, make_service


def test_each_listed_service_is_the_same_json_as_its_own_answer(client, db):
    org = make_org("Dorpshuis Heeg")
    make_service(org, name="Koffieochtend", place_name="Heeg", themes=("meeting", "loneliness"),
                 audiences=("parents", "everyone"), area=("IJlst", "Sneek"), schedules=((1, "09:00", "12:00"),))
    make_service(org, name="Taalcafé", place_name="IJlst", themes=("language",),
                 area_municipalities=("Súdwest-Fryslân",))
    make_service(org, name="Maaltijden", place_name="Exloo", themes=())
    db.session.commit()
    for language in ("nl", "fy", "en"):
        listed = client.get("/api/v1/services", query_string={"lang": language}).json["items"]
        assert len(listed) == 3
        for item in listed:
            assert item == client.get(f"/api/v1/services/{item['id']}", query_string={"lang": language}).json


def test_a_full_page_takes_no_more_queries_than_a_short_one(app, client, db):
    org = make_org("Dorpshuis Heeg")
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    counts = []
    for total in (2, 20):
        while len([s for s in org.services if s.deleted_at is None]) < total:
            make_service(org, name=f"Dienst {len(org.services)}", place_name="Heeg", themes=("meeting", "language"),
                         area=("IJlst",), schedules=((2, "10:00", "11:00"),))  # fmt: skip
        db.session.commit()
        client.get("/api/v1/services", headers={"Cache-Control": "no-cache"})  # the index follows the new ones
        statements.clear()
        assert len(client.get("/api/v1/services", headers={"Cache-Control": "no-cache"}).json["items"]) == total
        # the catalogue's reads; the follower asks for the change log only now and then
        counts.append(len([s for s in statements if "search_" not in s and "_version" not in s]))
    assert counts[0] == counts[1]
