"""List msgids without a translation (or fuzzy) per language: python tools/untranslated.py [nl fy]."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

root = Path(__file__).resolve().parent.parent / "translations"
for language in sys.argv[1:] or ["nl", "fy", "en"]:
    with (root / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (not all(strings) or message.fuzzy):
            print(f"{language}\t{message.id!r}")
