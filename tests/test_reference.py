"""Reference data is cached per process, and every process follows a load made by any other through
the database (the reference_version row), without a restart."""

import pytest
from sqlalchemy import select, text

from socialmap import reference
from socialmap.catalogue.models import TaxonomyTerm
from socialmap.catalogue.taxonomy import load_taxonomies


@pytest.fixture
def renamed(db, monkeypatch):
    """The theme "meeting" renamed in the database, as a taxonomy load would; put back afterwards."""
    monkeypatch.setattr(reference, "CHECK_SECONDS", 0)
    term = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == "theme",
                                                          TaxonomyTerm.code == "meeting")).one()  # fmt: skip
    original = term.label_nl
    yield term
    term.label_nl = original
    db.session.commit()
    reference.clear()


def theme_label_shown(client) -> bool:
    return "Samenkomen en bijpraten" in client.get("/zoeken?theme=meeting").get_data(as_text=True)


def test_another_process_loading_reference_data_is_followed_without_a_restart(client, db, renamed):
    assert not theme_label_shown(client)  # the labels are now cached in this process
    renamed.label_nl = "Samenkomen en bijpraten"
    db.session.commit()
    assert not theme_label_shown(client)  # still cached: nobody said it changed
    # another process (say `socialmap init` on another machine) loaded it and raised the version
    db.session.execute(text("DELETE FROM reference_version"))
    db.session.execute(text("INSERT INTO reference_version (id, version) VALUES (1, 99)"))
    db.session.commit()
    assert theme_label_shown(client)


def test_a_load_in_this_process_clears_its_caches_and_tells_the_others(client, db, renamed):
    assert not theme_label_shown(client)
    renamed.label_nl = "Samenkomen en bijpraten"
    reference.changed()  # what loading the taxonomy or the gazetteer ends with
    db.session.commit()
    assert theme_label_shown(client)


def test_loading_the_taxonomy_raises_the_reference_version(db):
    def version():
        return db.session.execute(text("SELECT version FROM reference_version WHERE id = 1")).scalar() or 0

    before = version()
    load_taxonomies()
    db.session.commit()
    assert version() == before + 1
