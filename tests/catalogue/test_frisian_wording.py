"""Taxonomy labels, tier texts and interface wording after the Frisian review (issue 18)."""

from sqlalchemy import select

from socialmap.catalogue.models import Tier, TierLabel
from socialmap.places.models import Municipality
from tests.factories import make_user, personas


def test_indicated_care_products_keep_their_official_names_in_frisian(client, auth, db):
    worker = make_user("professional", team="Gebietsteam Snits")
    db.session.commit()
    auth.login(worker)
    html = client.get("/professionals/alternatieven?lang=fy").get_data(as_text=True)
    for label in ("Respytsoarch of logearopfang", "Skuldhulpferliening", "Ambulante jeugdhelp"):
        assert label in html
    assert "Help by skulden" not in html and "Ambulante jeugdsoarch" not in html


def test_tier_texts_say_only_not_alone(db):
    tier = db.session.scalars(select(Tier).where(Tier.level == 5)).one()
    assert "allinnich" in tier.description_fy and "allinne" not in tier.description_fy
    bronckhorst = db.session.scalars(select(TierLabel).join(Municipality).where(
        Municipality.name == "Bronckhorst", TierLabel.level == 5)).one()  # fmt: skip
    assert bronckhorst.label_fy == "Twadde line – allinnich mei in ferwizing"


def test_the_dutch_form_calls_the_language_fries_and_frisian_formatting_words_are_frisian(client, auth, db):
    cast = personas()
    db.session.commit()
    auth.login(cast.volunteer_editor)
    url = f"/beheer/organisaties/{cast.own.id}/diensten/nieuw"
    dutch = client.get(url + "?lang=nl").get_data(as_text=True)
    assert "Beschrijving (Fries)" in dutch and "Frysk" not in dutch.replace(">Frysk<", "")
    assert "**vet**, *cursief*" in dutch
    frisian = client.get(url + "?lang=fy").get_data(as_text=True)
    assert "**fet**, *kursyf*" in frisian
