"""The curated bilingual synonym list (data/synonyms.csv): Dutch ↔ Frisian and everyday words → themes."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from socialmap.config import DATA_DIR
from socialmap.text import normalize_name

SYNONYMS_FILE = DATA_DIR / "synonyms.csv"


@dataclass(frozen=True)
class SynonymGroup:
    """Words that find each other. Everyday words marked '>' in the file ('>alleen') are one-way:
    typing them finds the group and its themes, but 'eenzaamheid' does not search for 'alleen'."""

    terms: tuple[str, ...]  # the two-way terms
    themes: tuple[str, ...]
    one_way: tuple[str, ...] = ()


@dataclass(frozen=True)
class Synonyms:
    by_term: dict[str, tuple[SynonymGroup, ...]]
    phrases: tuple[str, ...]  # multi-word terms, longest first

    def groups_for(self, term: str) -> tuple[SynonymGroup, ...]:
        return self.by_term.get(normalize_name(term), ())

    def one_edit_away(self, word: str) -> set[str]:
        """Listed terms that could be one typo away from `word` (checked exactly by the caller)."""
        return {t for t in self.by_term if abs(len(t) - len(word)) <= 1 and (t[:1] == word[:1] or t[1:2] == word[1:2])}


@lru_cache(maxsize=1)
def load_synonyms(path: Path = SYNONYMS_FILE) -> Synonyms:
    by_term: dict[str, list[SynonymGroup]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            raw = [x.strip() for x in row["terms"].split(";") if x.strip()]
            terms = tuple(normalize_name(x) for x in raw if not x.startswith(">"))
            one_way = tuple(normalize_name(x[1:]) for x in raw if x.startswith(">"))
            themes = tuple(t.strip() for t in (row.get("themes") or "").split(";") if t.strip())
            group = SynonymGroup(terms, themes, one_way)
            for term in terms + one_way:
                by_term.setdefault(term, []).append(group)
    phrases = tuple(sorted((t for t in by_term if " " in t), key=len, reverse=True))
    return Synonyms({k: tuple(v) for k, v in by_term.items()}, phrases)


def split_concepts(text: str, synonyms: Synonyms) -> list[str]:
    """Words of a query, keeping known multi-word phrases ('niemand om mee te praten') together."""
    normalized = normalize_name(text)
    found: list[tuple[int, str]] = []
    for phrase in synonyms.phrases:
        if phrase not in normalized:
            continue  # a plain substring test first: most queries hold none of the phrases
        for match in re.finditer(rf"(?<!\S){re.escape(phrase)}(?!\S)", normalized):
            found.append((match.start(), phrase))
            normalized = normalized[: match.start()] + " " * len(phrase) + normalized[match.end() :]
    position = 0
    for word in normalized.split(" "):
        if word:
            found.append((normalized.index(word, position), word))
        position += len(word) + 1
    return [concept for _start, concept in sorted(found)]
