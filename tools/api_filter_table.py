"""Write docs/api.md's table of search parameters; its filter rows come from the search dimensions.

    .venv/bin/python tools/api_filter_table.py          # rewrites the table between the markers
    .venv/bin/python tools/api_filter_table.py --check  # exit 1 when docs/api.md is stale

tests/search/test_dimensions.py fails, showing the expected table, when the documentation is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "api.md"
BEGIN = "<!-- parameters: written by tools/api_filter_table.py from socialmap/search/dimensions.py -->"
END = "<!-- end of parameters -->"
# The parameters that are not filters: before and after the filters.
HEAD = """| parameter | values |
|---|---|
| `q` | words, at most 200 characters. Dutch stemming, Frisian ↔ Dutch synonyms, one typo allowed in words of 5+ letters |
| `near` | a place in Dutch or Frisian (`IJlst`, `Drylts`, case and accents free; `Name, Municipality` to choose), a postcode (`8651`, `8651 AB`) or `lat,lon` |
| `radius_km` | with `near`: above 0, at most 100; default 15 |"""  # noqa: E501
TAIL = """| `lang` | `nl` (default), `fy`, `en` |
| `page`, `per_page` | page from 1; `per_page` 1–100, default 20 |"""


def parameter_table() -> str:
    """The table, one row per filter of the search in the order of the dimensions."""
    from socialmap.catalogue.taxonomy import vocabulary_file
    from socialmap.search import dimensions

    rows = [HEAD]
    for d in dimensions.FILTERS:
        values = d.doc
        if d.vocabulary:
            path = vocabulary_file(d.vocabulary).relative_to(ROOT)
            values = f"codes from `{path.as_posix()}`" + (f"; {values}" if values else "")
        rows.append(f"| `{d.param}` | {values} |")
    rows.append(TAIL)
    return "\n".join(rows)


def documented(text: str) -> str:
    return text.split(BEGIN, 1)[1].split(END, 1)[0].strip("\n")


def main(argv: list[str]) -> int:
    text = DOCS.read_text(encoding="utf-8")
    if "--check" in argv:
        return int(documented(text) != parameter_table())
    before, rest = text.split(BEGIN, 1)
    after = rest.split(END, 1)[1]
    DOCS.write_text(f"{before}{BEGIN}\n\n{parameter_table()}\n\n{END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
