"""Small text helpers shared by places, catalogue import and search."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(text: str) -> str:
    """Lower-case and strip accents: 'Súdwest-Fryslân' → 'sudwest-fryslan'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(text: str) -> str:
    """Key for matching names typed by people: no accents, case, hyphens or punctuation.

    'Súdwest-Fryslân', 'sudwest fryslan' and 'SUDWEST–FRYSLAN' share one key. The Dutch
    'ij' stays two letters, so 'IJlst' and 'Ijlst' match too.
    """
    return _NON_WORD.sub(" ", fold(text)).strip()


def slugify(text: str) -> str:
    return normalize_name(text).replace(" ", "-")
