"""Fill Dutch and Frisian translations from tab-separated files (msgid, nl, fy).

Used after `make messages` when several changes brought new strings at once: each line is
``msgid<TAB>nl<TAB>fy``; for plurals ``singular|plural<TAB>nl one|nl other<TAB>fy one|fy other``.
Only empty or fuzzy entries are filled, so reviewed translations are never overwritten.

    .venv/bin/python tools/fill_translations.py new-strings.tsv [more.tsv ...]
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent


def read_rows(paths: list[str]) -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{path}:{number}: expected msgid<TAB>nl<TAB>fy, got {len(parts)} fields")
            msgid, nl, fy = (p.replace("\\n", "\n") for p in parts)
            rows[msgid] = {"nl": nl, "fy": fy}
    return rows


def fill(language: str, rows: dict[str, dict[str, str]]) -> list[str]:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    filled = []
    for message in catalog:
        if not message.id:
            continue
        key = "|".join(message.id) if message.pluralizable else message.id
        row = rows.get(key)
        if row is None:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if all(strings) and "fuzzy" not in message.flags:
            continue
        text = row[language]
        message.string = tuple(text.split("|")) if message.pluralizable else text
        message.flags.discard("fuzzy")
        filled.append(key)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False)
    return filled


if __name__ == "__main__":
    found = read_rows(sys.argv[1:])
    for lang in ("nl", "fy"):
        print(f"{lang}: filled {len(fill(lang, found))} of {len(found)}")
