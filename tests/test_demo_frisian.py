"""The Frisian demo texts say what the Dutch ones say (issue 18): numbers, prices and key facts."""

import csv
import re

import pytest

from socialmap.cli import DEMO_FILE

NUMBER_WORDS = {"nl": {"twee": "2", "drie": "3", "zes": "6", "tien": "10"},
                "fy": {"twa": "2", "trije": "3", "seis": "6", "tsien": "10"}}  # fmt: skip
# fact: (in the Dutch text, in the Frisian text)
FACTS = {
    "price": (r"bijdrage|betaalt|kost|vergoeding|prijzen", r"bydrage|betelje|kostje|kostet|fergoeding|prizen"),
    "free": (r"gratis", r"fergees"),
    "DigiD": (r"DigiD", r"DigiD"),
    "wheelchair": (r"rolstoel", r"rolstoel"),
    "confidential": (r"vertrouwelijk", r"fertroulik"),
    "no indication needed": (r"indicatie", r"yndikaasje"),
    "how to sign up": (
        r"aanmeld|meld u|reserveer|\bbel\b|afspraak|aanvragen",
        r"opjaan|op te jaan|jou jo|oanmeld|reservearje|belje|ôfspraak|oanfreegje",
    ),
    "the social team": (r"sociaal team|gebiedsteam", r"sosjaal team|gebietsteam"),
}
# Slips the Frisian review found more than once; none may come back.
SLIPS = [r"fideobellen", r"kuierje of fytse\b", r"\bâlders\b", r"\bleafste\b", r"\bneiste\b", r"wêr't jo tegearre",
         r"IJsbrechtum", r"\bsliepe, ite\b", r"feilich maile\b"]  # fmt: skip


def demo_rows():
    with DEMO_FILE.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["description_fy"]]


def numbers(text: str, language: str) -> set[str]:
    words = NUMBER_WORDS[language]
    found = set(re.findall(r"\d+", text))
    return found | {words[w] for w in re.findall(r"\w+", text.lower()) if w in words}


def test_there_are_frisian_rows_to_compare():
    assert len(demo_rows()) > 150


@pytest.mark.parametrize("row", demo_rows(), ids=lambda row: row["external_id"])
def test_the_frisian_description_carries_the_same_facts(row):
    dutch, frisian = row["description_nl"], row["description_fy"]
    assert numbers(frisian, "fy") == numbers(dutch, "nl")
    missing = [fact for fact, (nl, fy) in FACTS.items()
               if re.search(nl, dutch, re.IGNORECASE) and not re.search(fy, frisian, re.IGNORECASE)]  # fmt: skip
    assert missing == [], f"{row['name']}: {dutch!r} / {frisian!r}"


def test_the_recurring_slips_are_gone():
    found = [(row["external_id"], slip) for row in demo_rows() for slip in SLIPS
             if re.search(slip, row["description_fy"] + " " + row["name_fy"] + " " + row["organization"])]  # fmt: skip
    assert found == []


def test_two_different_services_do_not_share_a_frisian_name():
    names = {}
    for row in demo_rows():
        key = (row["municipality"], row["place"], row["name_fy"])
        assert names.setdefault(key, row["name"]) == row["name"], key
