"""Cards a resident can act on, a page to send on, and a sheet to hand over (issue 16, items 2–4 and 9)."""

import re

import pytest

from socialmap.web.markdown import markdown_to_text
from socialmap.web.presenters import tel_href
from tests.factories import make_org, make_service


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def first_card(html: str) -> str:
    return html.split('class="service-card"', 1)[1].split("</article>", 1)[0]


@pytest.fixture
def koffie(db):
    service = make_service(make_org("Dorpshuis De Brink"), name="Koffieochtend", place_name="IJlst",
                           phone="0515-555 427", email="brink@example.org", website="https://brink.example.org",
                           description_nl="Kom **gezellig** langs, zie [onze site](https://brink.example.org).",
                           )  # fmt: skip
    service.locations[0].postcode = "8651 AB"
    db.session.commit()
    return service


def test_a_result_card_shows_a_phone_link_and_the_address(client, koffie):
    card = first_card(html_of(client, "/zoeken?q=koffie&lang=nl"))
    assert '<a href="tel:0515555427">0515-555 427</a>' in card
    assert "Brink 1, 8651 AB IJlst" in card


def test_a_result_card_shows_the_description_without_markdown(client, koffie):
    summary = first_card(html_of(client, "/zoeken?q=koffie")).split('class="summary"', 1)[1].split("</p>", 1)[0]
    assert "Kom gezellig langs, zie onze site." in summary
    assert "**" not in summary and "](" not in summary and "<a" not in summary


def test_the_help_level_is_in_plain_words_with_the_municipalitys_own_name_beside_it(client, db):
    make_service(name="Koffieochtend Exloo", place_name="Exloo", kind="general_service", tier=3)
    make_service(name="Koffieochtend Heeg", place_name="Heeg", kind="general_service", tier=3)
    db.session.commit()
    html = html_of(client, "/zoeken?q=koffieochtend&lang=en")
    cards = {re.search(r">(Koffieochtend \w+)</a>", card).group(1): card for card in html.split("<article")[1:]}
    for card in cards.values():
        assert "General provision, no assessment needed" in card
        assert "General service" not in card  # the plain words already say it
    assert "The municipality calls this: Arc 3 – general provisions" in cards["Koffieochtend Exloo"]
    assert "The municipality calls this" not in cards["Koffieochtend Heeg"]  # Súdwest-Fryslân has no own names


def test_the_help_level_filter_uses_the_same_plain_words(client, koffie):
    filters = html_of(client, "/zoeken?q=koffie&lang=en").split('class="filters"', 1)[1].split("</details>", 1)[0]
    assert "General provision, no assessment needed" in filters


def test_a_dutch_name_on_a_frisian_page_is_marked_as_dutch(client, koffie, db):
    make_service(name="Koffieochtend Heeg", name_fy="Kofjemoarn Heech", place_name="Heeg")
    db.session.commit()
    html = html_of(client, "/zoeken?q=koffieochtend&lang=fy")
    assert re.search(r'<a href="/diensten/\d+-koffieochtend" lang="nl">Koffieochtend</a>', html)
    assert re.search(r'<a href="/diensten/\d+-koffieochtend-heeg">Kofjemoarn Heech</a>', html)
    detail = html_of(client, f"/diensten/{koffie.id}-koffieochtend?lang=fy")
    assert '<h1 lang="nl">Koffieochtend</h1>' in detail
    assert "<h1>Koffieochtend</h1>" in html_of(client, f"/diensten/{koffie.id}-koffieochtend?lang=nl")


def test_the_results_page_folds_the_filters_behind_one_button_and_can_be_skipped_to(client, koffie):
    html = html_of(client, "/zoeken?q=koffie")
    assert '<a class="skip-link" href="#results">' in html
    assert re.search(r'<details class="filters" id="filters">\s*<summary>', html)
    assert 'id="results" tabindex="-1"' in html
    chosen = html_of(client, "/zoeken?q=koffie&theme=meeting&tier=3&lang=en")
    assert re.search(r"<summary>Filter <span class=\"count\">\(2 chosen\)</span></summary>", chosen)


def test_a_filter_chosen_without_javascript_narrows_the_results(client, koffie, db):
    make_service(name="Koffie en taal", place_name="IJlst", themes=("language",))
    db.session.commit()
    html = html_of(client, "/zoeken?q=koffie&theme=language")
    assert "Koffie en taal" in html and ">Koffieochtend</a>" not in html


def test_every_service_page_can_be_sent_on_by_mail_and_text_message(client, koffie):
    html = html_of(client, f"/diensten/{koffie.id}-koffieochtend")
    share = html.split('class="share"', 1)[1].split("</section>", 1)[0]
    page_url = f"http%3A//localhost/diensten/{koffie.id}-koffieochtend"
    assert f'href="mailto:?subject=Koffieochtend&amp;body=Koffieochtend%0A{page_url}"' in share
    assert f'href="sms:?&amp;body=Koffieochtend%20{page_url}"' in share
    assert 'id="share-button"' in share and " hidden>" in share  # the Web Share button shows itself with JavaScript
    assert f'href="/diensten/{koffie.id}/blad"' in share


def test_the_sheet_of_a_service_has_its_details_and_a_qr_code_to_its_page(client, koffie):
    html = html_of(client, f"/diensten/{koffie.id}/blad?lang=fy")
    assert '<h1 lang="nl">Koffieochtend</h1>' in html
    assert '<a href="tel:0515555427">0515-555 427</a>' in html and "brink@example.org" in html
    assert re.search(r'<div role="img" aria-label="[^"]+"><svg viewBox="0 0 \d+ \d+" class="qr">', html)
    assert f"http://localhost/diensten/{koffie.id}-koffieochtend</span>" in html


def test_there_is_no_sheet_of_a_service_that_is_not_published(client, koffie, db):
    koffie.status = "paused"
    db.session.commit()
    assert client.get(f"/diensten/{koffie.id}/blad").status_code == 404
    assert client.get("/diensten/999999/blad").status_code == 404


@pytest.mark.parametrize(("text", "expected"), [
    ("Kom **gezellig** langs!", "Kom gezellig langs!"),
    ("Zie [de website](https://example.org).", "Zie de website."),
    ("Eerste alinea.\n\nTweede\nregel.", "Eerste alinea. Tweede regel."),
    ("- koffie\n- *thee*", "koffie thee"),
    ("<b>geen html</b>", "<b>geen html</b>"),  # shown as text: the template escapes it
    (None, ""),
])  # fmt: skip
def test_markdown_is_reduced_to_its_words(text, expected):
    assert markdown_to_text(text) == expected


@pytest.mark.parametrize(("phone", "href"), [
    ("0515-555 427", "tel:0515555427"), ("+31 (0)515 555427", "tel:+31515555427"), (None, "tel:"),
])  # fmt: skip
def test_phone_links_keep_digits_only(phone, href):
    assert tel_href(phone) == href


def test_a_service_without_a_phone_number_shows_its_organisations(client, db):
    service = make_service(make_org("Buurthulp De Brink", phone="0599-555 100"), name="Boodschappenhulp", phone=None)
    db.session.commit()
    assert '<a href="tel:0599555100">0599-555 100</a>' in first_card(html_of(client, "/zoeken?q=boodschappenhulp"))
    for page in (f"/diensten/{service.id}-boodschappenhulp", f"/diensten/{service.id}/blad"):
        assert '<a href="tel:0599555100">0599-555 100</a>' in html_of(client, page)
