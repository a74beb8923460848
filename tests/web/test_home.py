import re

from sqlalchemy import func, select

from socialmap.places.models import Municipality, Place
from tests.factories import make_service


def test_home_lists_municipalities_with_their_place_count(client, db):
    counts = dict(
        db.session.execute(
            select(Municipality.name, func.count(Place.id)).join(Place).group_by(Municipality.name)
        ).all()
    )
    page = client.get("/").get_data(as_text=True)
    for name, count in counts.items():
        assert re.search(rf"<td>{name}</td><td>{count}</td>", page), name


def test_home_speaks_dutch_by_default_and_frisian_on_request(client):
    assert '<html lang="nl" class="no-js">' in client.get("/").get_data(as_text=True)
    english = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert '<html lang="en" class="no-js">' in english
    assert '<html lang="fy" class="no-js">' in client.get("/?lang=fy").get_data(as_text=True)


def test_demo_notice_shows_only_while_demo_data_is_loaded(client, db):
    notice = 'class="demo-notice"'
    assert notice not in client.get("/").get_data(as_text=True)
    make_service(source="demo")
    db.session.commit()
    assert notice in client.get("/").get_data(as_text=True)
