"""Small text helpers shared by places, catalogue import and search."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")
# Loose on purpose: people type addresses and numbers in many ways; these catch typing slips.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{6,20}$")


def is_email_address(text: str) -> bool:
    return bool(_EMAIL.match(text))


def is_phone_number(text: str) -> bool:
    return bool(_PHONE.match(text))


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


def edit_distance(a: str, b: str) -> int:
    """Optimal string alignment distance: like Levenshtein, but a swap of neighbours is one edit
    ('schuldhlup' → 'schuldhulp' is one typo, not two)."""
    if a == b:
        return 0
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
