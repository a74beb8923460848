"""Set translations from a TSV on stdin: language<TAB>msgid<TAB>msgstr (one per line).

For developers adding a handful of strings; bulk translation goes through the .po files.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

root = Path(__file__).resolve().parent.parent / "translations"
updates: dict[str, dict[str, str]] = {}
for line in sys.stdin.read().splitlines():
    if line.strip():
        language, msgid, msgstr = line.split("\t")
        updates.setdefault(language, {})[msgid] = msgstr
for language, strings in updates.items():
    path = root / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for msgid, msgstr in strings.items():
        if msgid not in catalog:
            sys.exit(f"{language}: no msgid {msgid!r}")
        catalog[msgid].string = msgstr
        catalog[msgid].flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
