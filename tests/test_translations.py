"""Every user-facing string is translated in nl, fy and en, with the same placeholders."""

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from socialmap.config import PROJECT_ROOT

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
         "-o", str(pot), "--no-location", "--project=socialmap", "."],
        cwd=PROJECT_ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with pot.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


@pytest.mark.parametrize("language", ["nl", "fy", "en"])
def test_catalogue_is_complete_and_consistent(extracted, language):
    with (PROJECT_ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    messages = {m.id: m for m in catalog if m.id}
    missing = [msgid for msgid in extracted if msgid not in messages]
    assert missing == [], f"run `make messages`: {missing[:5]}"
    for msgid in extracted:
        message = messages[msgid]
        assert "fuzzy" not in message.flags, msgid
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        for text in strings:
            assert text, f"{language}: untranslated {msgid!r}"
            assert set(PLACEHOLDER.findall(text)) <= set(PLACEHOLDER.findall(" ".join(ids))), msgid
