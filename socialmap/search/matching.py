"""Step 3b of a search (search/service.py): the query's concepts → which services match and how well.

Takes the index (posting lists, vocabulary), the snapshot (arrays of this index state), the query
text, its concepts (search/query.py) and the scope (services within reach and confirmed); gives a
`TextMatch`: a mask of matching services and `scores(selected)` for those that survive the filters.
Also the "did you mean" suggestion when nothing matches. docs/search.md, "Matching" and "Relevance".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from socialmap.search import index as ix
from socialmap.search.snapshot import Snapshot
from socialmap.search.synonyms import load_synonyms
from socialmap.text import edit_distance, normalize_name

# Where a word is found (docs/search.md, "Relevance"): the service's own name over its description
# over its theme labels over its organisation's name (an organisation called "Dorpshuis …" must not
# outrank the village hall's own activities).
FIELD_WEIGHTS = {"name_nl": 4.0, "name_fy": 4.0, "name_en": 4.0, "description_nl": 2.0, "description_fy": 2.0,
                 "description_en": 2.0, "themes_text": 1.5, "organization": 1.5}  # fmt: skip
# How it is found: the exact word, only its stem, a synonym, the theme a synonym group names, a
# typo correction — each weaker than the one before.
EXACT, STEM, SYNONYM, TYPO = 1.0, 0.85, 0.5, 0.3
THEME_EXPANSION = 0.6  # a field-less weight: below a synonym in a description
THEME_EXPANSION_BELOW = 3  # themes widen a word only when it finds fewer services than this within reach
FIELD_SPREAD = 0.05  # a word found in several fields counts a little more than in its best one
PHRASE_BONUS = 3.0  # the exact phrase in a name or description
TYPO_MIN_LENGTH = 5

TYPO_CACHE_SIZE = 20_000
_typo_cache: tuple[object, dict[str, list[str]]] = (None, {})  # (searcher it was made for, word → neighbours)


@dataclass
class WordMatch:
    """How one word or phrase of the query is found, before theme expansion: per document (full
    arrays over the snapshot) the strongest way it is found — field weight × exact, stem, synonym or
    typo — and the sum over every way, so scoring a search is two gathers, not one per field and
    alternative. Kept per index state (`Snapshot.cached_value`), with the themes its synonym groups name."""

    best: np.ndarray
    spread: np.ndarray
    docs: np.ndarray
    themes: tuple[str, ...]
    typo: bool


@dataclass
class ConceptMatch:
    """One word or phrase of this search: its `WordMatch`, widened to its themes when it finds
    little within reach, and its rarity."""

    word: WordMatch
    docs: np.ndarray
    expansion: tuple[float, np.ndarray] | None = None  # (weight, theme documents)
    idf: float = 0.0
    in_scope: bool = False

    def score(self, selected: np.ndarray) -> np.ndarray:
        best, spread = self.word.best[selected], self.word.spread[selected]
        if self.expansion is not None:
            weight, mask = self.expansion
            found = mask[selected] * weight
            best = np.maximum(best, found)
            spread = spread + found
        return best + FIELD_SPREAD * (spread - best)


@dataclass
class TextMatch:
    """Which documents match the words, and how to score them (only those that survive the filters)."""

    docs: np.ndarray  # mask
    concepts: list[ConceptMatch]
    phrase_docs: np.ndarray | None = None
    phrase_weight: float = 0.0

    def scores(self, selected: np.ndarray) -> np.ndarray:
        """Per selected document: for each word its best field weight (× how it was found) × the
        word's idf, summed; × the share of the query's idf it covers; + the phrase bonus."""
        total, covered = np.zeros(len(selected)), np.zeros(len(selected))
        for concept in self.concepts:
            found = concept.score(selected)
            total += found * concept.idf
            covered += (found > 0) * (concept.idf if concept.in_scope else 0.0)
        possible = sum(c.idf for c in self.concepts if c.in_scope)
        if possible:
            total *= covered / possible  # matching more of the words ranks higher
        if self.phrase_docs is not None:
            total += self.phrase_docs[selected] * self.phrase_weight
        return total


def match_words(index, snapshot: Snapshot, text: str, concepts: list[str], scope: np.ndarray) -> TextMatch:
    """Soft matching (docs/search.md): a service matching any word is a candidate, ranked by the
    words it matches; with three or more words that occur within reach it must match half of them."""
    matches = [_concept_match(index, snapshot, c, scope) for c in concepts]
    if not matches:
        return TextMatch(np.zeros(snapshot.size, bool), [])
    total_docs = max(snapshot.count, 1)
    for concept in matches:
        concept.idf = math.log(1 + total_docs / (1 + int(np.count_nonzero(concept.docs))))
        concept.in_scope = bool((concept.docs & scope).any())
    matched = sum(c.docs.astype(np.int8) for c in matches)
    present = sum(c.in_scope for c in matches)
    match = TextMatch(matched >= (math.ceil(present / 2) if present >= 3 else 1), matches)
    if not (match.docs & scope).any():
        match.docs = matched >= 1  # scattered words still find something, ranked by what they match
    if len(matches) > 1 and match.docs.any():
        match.phrase_docs = snapshot.cached_mask(("phrases", text), lambda: _phrase_mask(index, snapshot, text))
        match.phrase_weight = PHRASE_BONUS * max(c.idf for c in matches)
    return match


def suggestion(index, text: str) -> str | None:
    """'Did you mean': each unknown word replaced by the most common index word one or two edits away."""
    synonyms = load_synonyms()
    words = normalize_name(text).split()
    changed = False
    corrected = []
    for word in words:
        if word in ix.ALL_STOPWORDS or index.word_frequency(word) or synonyms.groups_for(word) or len(word) < 3:
            corrected.append(word)
            continue
        vocabulary = set(index.vocabulary_near(word, 2)) | set(synonyms.by_term)
        near = [(edit_distance(w, word), -index.word_frequency(w), w)
                for w in vocabulary if abs(len(w) - len(word)) <= 2]  # fmt: skip
        near = [n for n in near if n[0] <= 2]
        if near:
            corrected.append(min(near)[2])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def _concept_match(index, snapshot: Snapshot, concept: str, scope: np.ndarray) -> ConceptMatch:
    """The word's match (`_word_match`), and the themes its synonym groups name, but only when
    that finds little within reach."""
    word = _word_match(index, snapshot, concept)
    match = ConceptMatch(word, word.docs)
    if word.themes and np.count_nonzero(word.docs & scope) < THEME_EXPANSION_BELOW:
        expansion = _posting_mask(index, snapshot, "any", "theme", tuple((code,) for code in word.themes))
        match.expansion = (THEME_EXPANSION * (TYPO if word.typo else 1.0), expansion)
        match.docs = word.docs | expansion
    return match


def _word_match(index, snapshot: Snapshot, concept: str) -> WordMatch:
    """The word itself in every field; its synonyms (data/synonyms.csv); typo corrections when the
    word is neither in the index nor in the synonym list. Posting lists become masks once per
    index state, and the word's best and summed weights per document once per index state."""

    def build() -> WordMatch:
        synonyms = load_synonyms()
        groups = list(synonyms.groups_for(concept))
        typos = [] if groups else _typo_neighbours(index, concept)
        typo_groups = [g for typo in typos for g in synonyms.groups_for(typo)]
        related = [t for t in dict.fromkeys(t for g in groups for t in g.terms) if t != concept]
        typo_related = [t for t in dict.fromkeys(t for g in typo_groups for t in g.terms) if t not in typos]
        own = _field_documents(index, snapshot, [concept], EXACT)
        other = (_field_documents(index, snapshot, related, SYNONYM) + _field_documents(index, snapshot, typos, TYPO)
                 + _field_documents(index, snapshot, typo_related, TYPO * SYNONYM))  # fmt: skip
        spelling = index.analyse("spell", concept)
        exact = _posting_mask(index, snapshot, "any", "spell", (spelling,)) if len(spelling) == 1 else None
        exactness = np.where(exact, EXACT, STEM) if exact is not None else None
        best, spread = np.zeros(snapshot.size), np.zeros(snapshot.size)
        # Only where each field finds the word (usually far fewer documents than the snapshot):
        # elsewhere it adds nothing, so the sums and maxima come out the same as over every document.
        for (weight, found_at), own_word in [(pair, True) for pair in own] + [(pair, False) for pair in other]:
            found = weight * exactness[found_at] if own_word and exactness is not None else weight
            best[found_at] = np.maximum(best[found_at], found)
            spread[found_at] += found
        docs = best > 0  # every weight is positive
        themes = tuple(sorted({code for g in groups + typo_groups for code in g.themes}))
        return WordMatch(best, spread, docs, themes, bool(typos))

    return snapshot.cached_value(("word", concept), build)


def _typo_neighbours(index, word: str) -> list[str]:
    """Index and synonym-list words one edit away (a swap of two letters counts as one).

    Kept per searcher: checking every candidate's edit distance in Python is most of a typo
    search (~30 candidates, ~2 ms at 50k services), and residents repeat the same slips."""
    global _typo_cache
    if len(word) < TYPO_MIN_LENGTH or " " in word or index.word_frequency(word):
        return []
    searcher = index.current_searcher()
    owner, cache = _typo_cache
    if owner is not searcher or len(cache) >= TYPO_CACHE_SIZE:
        cache = {}
        _typo_cache = (searcher, cache)  # replaced whole, so threads never see a half-cleared cache
    found = cache.get(word)
    if found is None:
        candidates = set(index.words_one_edit_away(word)) | load_synonyms().one_edit_away(word)
        found = cache[word] = sorted(w for w in candidates if edit_distance(w, word) == 1)
    return found


def _field_documents(index, snapshot: Snapshot, words: list[str], factor: float) -> list[tuple[float, np.ndarray]]:
    """Per field that can hold the words: its weight × `factor`, and the live documents (sorted,
    each once) with any of them. Not kept as masks: the word's `WordMatch` is kept instead, and
    the index keeps the posting lists."""
    found = []
    by_field = {field_name: tuple(t for t in (index.analyse(field_name, word) for word in words) if t)
                for field_name in FIELD_WEIGHTS}  # fmt: skip
    index.prefetch_postings((field_name, token) for field_name, tokens in by_field.items()
                            for alternative in tokens for token in alternative)  # fmt: skip
    for field_name, weight in FIELD_WEIGHTS.items():
        tokens = by_field[field_name]
        if tokens:
            docnums = index.docs_with_any(field_name, tokens)
            docnums = docnums[docnums < snapshot.size]  # posting lists may name deleted ones: they stay off
            found.append((weight * factor, docnums[snapshot.live[docnums]]))
    return found


def _posting_mask(index, snapshot: Snapshot, kind: str, field_name: str, tokens: tuple) -> np.ndarray:
    """Documents with any of the token alternatives ("any") or with the phrase ("phrase"), as a
    mask kept for this index state."""

    def build() -> np.ndarray:
        if kind == "phrase":
            return snapshot.mask_of(index.docs_with_phrase(field_name, tokens))
        return snapshot.mask_of(index.docs_with_any(field_name, tokens))

    return snapshot.cached_mask((kind, field_name, tokens), build)


def _phrase_mask(index, snapshot: Snapshot, text: str) -> np.ndarray:
    """Documents with the query's words as a phrase in a name or description."""
    phrase_docs = np.zeros(snapshot.size, bool)
    for field_name in ix.PHRASE_FIELDS:
        tokens = index.analyse(field_name, text)
        if len(tokens) > 1:
            phrase_docs |= _posting_mask(index, snapshot, "phrase", field_name, tokens)
    return phrase_docs
