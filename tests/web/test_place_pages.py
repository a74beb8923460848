"""A village page shows twenty cards, and links on to the next twenty without JavaScript (issue 13)."""

from __future__ import annotations

import re

from tests.factories import make_org, make_service


def test_a_village_page_shows_twenty_cards_and_links_to_the_rest(client, db):
    org = make_org("Dorpshuis Heeg")
    names = {f"Dienst {n:02d}" for n in range(25)}
    for name in names:
        make_service(org, name=name, place_name="Heeg")
    db.session.commit()

    first = client.get("/plaatsen/heeg?lang=en")
    html = first.get_data(as_text=True)
    shown = set(re.findall(r"Dienst \d\d", html.split('class="result-list"', 1)[1].split("</ul>", 1)[0]))
    assert len(shown) == 20
    next_link = re.search(r'<a href="([^"]+)" rel="next">', html).group(1)
    assert next_link == "/plaatsen/heeg?page=2"

    second = client.get(next_link + "&lang=en").get_data(as_text=True)
    rest = set(re.findall(r"Dienst \d\d", second.split('class="result-list"', 1)[1].split("</ul>", 1)[0]))
    assert rest == names - shown
    assert 'rel="next"' not in second and 'href="/plaatsen/heeg" rel="prev"' in second
    assert client.get("/plaatsen/heeg?page=9").headers["Location"].endswith("/plaatsen/heeg?page=2")
