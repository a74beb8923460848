"""Step 3a of a search (search/service.py): the query text → the words and known phrases that carry
its topic ("concepts"). Takes the text; gives a tuple of concepts. Filler words ("hulp bij",
"help foar", "looking for") are left out when there is anything else, so they never remove or
reorder results (docs/search.md, "Matching")."""

from __future__ import annotations

from functools import lru_cache

from socialmap.search.index import ALL_STOPWORDS
from socialmap.search.synonyms import load_synonyms, split_concepts

# Words that carry no topic ("hulp bij opvoeden", "help foar âlderein", "help with forms"): left out
# when the query has other words, so they never remove or reorder results.
FILLER_WORDS = ALL_STOPWORDS | frozenset(
    "hulp help helpen ondersteuning zoek zoeken zoekt gezocht nodig graag wil willen kan kunnen iemand iets "
    "mij me mijn m'n ik jij je uw hoe waar wat wie welke waarom wanneer ben heb hebben moet moeten bij naar "
    "voor met een de het in op om er dichtbij buurt omgeving "
    "sykje siket nedich wol kin ien eat my myn my jo hoe wer wêr wat wa yn nei mei foar by oan út "
    "need needs want looking look find finding someone something me my i you your near nearby with for to "
    "at a an the in on please some support".split()
)


def query_concepts(text: str) -> list[str]:
    """The words and known phrases of a query that carry its topic; filler words only when there
    is nothing else ("hulp" alone still searches)."""
    return list(_query_concepts(text))


@lru_cache(maxsize=10_000)  # the synonym list is read once per process (load_synonyms)
def _query_concepts(text: str) -> tuple[str, ...]:
    concepts = split_concepts(text, load_synonyms())
    content = [c for c in concepts if c not in FILLER_WORDS]
    return tuple(content or [c for c in concepts if c not in ALL_STOPWORDS])
