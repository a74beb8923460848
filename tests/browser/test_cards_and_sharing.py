"""Issue 16, items 2–4: on a 375 × 740 phone the results come first, the filters fold behind one button,
a card has phone and address, a service page can be sent on, and lists and sheets print as handouts."""

import re

import pytest

from tests.browser.conftest import axe_violations, screenshot

PHONE_740 = {"width": 375, "height": 740}
SEARCHES = {"nl": "/zoeken?q=eenzaamheid&near=IJlst&lang=nl", "fy": "/zoeken?q=iensumens&near=Drylts&lang=fy"}


def first_service_path(page, base, lang) -> str:
    page.goto(base + SEARCHES[lang])
    return page.locator(".result-list .service-card h3 a").first.get_attribute("href")


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_the_first_result_is_on_the_first_screen_of_a_phone(live_server, new_page, lang):
    page = new_page(viewport=PHONE_740)
    page.goto(live_server + SEARCHES[lang])
    heading = page.locator(".result-list > li").first.locator("h3").bounding_box()
    assert heading["y"] + heading["height"] <= PHONE_740["height"], heading
    assert not page.locator(".filters form").is_visible()  # folded behind "Filteren"
    screenshot(page, f"results-{lang}-phone-740")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_filters_work_on_a_phone_with_and_without_javascript(live_server, new_page, javascript):
    page = new_page(viewport=PHONE_740, javascript=javascript)
    page.goto(live_server + SEARCHES["nl"])
    before = page.locator(".result-count").inner_text()
    page.click(".filters summary")
    first_choice = page.locator(".filters input[name=theme]").first
    value = first_choice.get_attribute("value")
    first_choice.check()
    page.click(".filters button[type=submit]")
    page.wait_for_load_state()
    assert f"theme={value}" in page.url
    assert page.locator(f".filters input[name=theme][value={value}]").is_checked()
    assert "(1 " in page.locator(".filters summary").inner_text()  # "Filteren (1 gekozen)"
    assert page.locator(".result-list > li").count() > 0 and page.locator(".result-count").inner_text() != before


def test_the_filters_are_open_on_a_wide_screen_with_javascript(live_server, new_page):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto(live_server + SEARCHES["nl"])
    assert page.locator(".filters form").is_visible()


def test_a_result_card_on_a_phone_shows_a_phone_number_to_call_and_the_address(live_server, new_page):
    page = new_page(viewport=PHONE_740)
    page.goto(live_server + SEARCHES["fy"])
    card = page.locator(".result-list .service-card").first
    call = card.locator(".card-contact .phone a")
    assert call.is_visible() and re.fullmatch(r"tel:\+?\d{9,}", call.get_attribute("href"))
    assert card.locator(".card-contact .address").is_visible()
    assert re.search(r"\d{4} [A-Z]{2}", card.locator(".card-contact .address").inner_text())  # postcode


def test_keyboard_users_can_skip_to_the_results(live_server, new_page):
    page = new_page(viewport=PHONE_740)
    page.goto(live_server + SEARCHES["nl"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#results"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "results"


@pytest.mark.parametrize("lang", ["nl", "fy"])
def test_a_service_page_can_be_sent_on_from_a_phone(live_server, new_page, lang):
    page = new_page(viewport=PHONE_740)
    page.goto(live_server + first_service_path(page, live_server, lang) + f"?lang={lang}")
    share = page.locator(".share")
    for link in ("mailto:", "sms:", "/diensten/"):
        assert share.locator(f'a[href^="{link}"]').is_visible()
    assert page.url.split("?")[0] in share.locator('a[href^="mailto:"]').get_attribute("href").replace("%3A", ":")
    # the browser's own share sheet only where there is one (headless chromium has none)
    assert page.locator("#share-button").is_visible() == page.evaluate("!!navigator.share")
    screenshot(page, f"detail-{lang}-phone-740")
    share.locator('a[href^="/diensten/"]').click()
    page.wait_for_load_state()
    assert page.locator(".sheet-qr svg.qr").is_visible()
    screenshot(page, f"sheet-{lang}-phone-740")


def test_a_phone_with_a_share_sheet_offers_it_for_the_page(live_server, new_page):
    page = new_page(viewport=PHONE_740)
    page.add_init_script("navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };")
    page.goto(live_server + first_service_path(page, live_server, "nl"))
    page.click("#share-button")
    shared = page.evaluate("window.sharedData")
    assert shared["url"] == page.url and shared["title"] == page.locator("h1").inner_text()


@pytest.mark.parametrize("lang", ["nl", "fy"])
@pytest.mark.parametrize("name", ["results", "detail", "sheet"])
def test_cards_share_and_sheet_pages_have_no_serious_accessibility_violations_on_a_phone(
    live_server, new_page, name, lang
):
    page = new_page(viewport=PHONE_740)
    path = SEARCHES[lang] if name == "results" else first_service_path(page, live_server, lang)
    if name == "sheet":
        path = re.sub(r"^/diensten/(\d+)-.*$", r"/diensten/\1/blad", path)
    page.goto(f"{live_server}{path}{'&' if '?' in path else '?'}lang={lang}")
    if name == "results":
        page.click(".filters summary")  # the folded filters are checked too
    assert axe_violations(page) == []


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_twenty_results_print_on_at_most_two_a4_pages_with_their_phone_numbers(live_server, new_page):
    page = new_page()
    page.goto(live_server + SEARCHES["nl"])
    cards = page.locator(".result-list > li")
    assert cards.count() == 20
    phones = {a.get_attribute("href") for a in page.locator(".result-list .phone a").all()}
    pdf = page.pdf(format="A4")
    assert 1 <= pdf_pages(pdf) <= 2
    # each phone number is a link in the PDF (an uncompressed URI annotation), so it is printed on the page
    printed = {uri.decode() for uri in re.findall(rb"/URI \((tel:[^)]*)\)", pdf)}
    assert len(phones) > 5 and phones <= printed, phones - printed
    try:
        from pypdf import PdfReader
    except ImportError:
        return
    import io

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert page.locator(".result-list .phone a").first.inner_text() in text


def test_a_printed_service_page_shows_its_website_once(live_server, new_page):
    page = new_page()
    page.goto(live_server + first_service_path(page, live_server, "nl"))
    page.emulate_media(media="print")
    website = page.locator('.contact a[href^="http"]').first
    assert website.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal")
    assert not page.locator(".share").is_visible()


def test_the_sheet_of_a_service_prints_on_one_page(live_server, new_page):
    page = new_page()
    path = first_service_path(page, live_server, "fy")
    page.goto(live_server + re.sub(r"^/diensten/(\d+)-.*$", r"/diensten/\1/blad", path) + "?lang=fy")
    assert pdf_pages(page.pdf(format="A4")) == 1
