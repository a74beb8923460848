"""The Whoosh full-text index. This is the only module that imports whoosh.

One document per searchable service. Text fields are analysed per language (Dutch with the
Snowball stemmer from PyStemmer; Frisian with the light stemmer below, since no Frisian
stemmer exists). Each document also stores a compact JSON `meta` with what filters, facets
and distances need, so a search never asks the database about services it will not show.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import logging
import os
import pickle
import shutil
import struct
import threading
import time
import zlib
from array import array
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import Stemmer
from whoosh import index as whoosh_index
from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec
from whoosh.fields import ID, KEYWORD, STORED, TEXT, FieldConfigurationError, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.filetables import FileFormatError
from whoosh.filedb.structfile import _SIZEMAP, StructFile
from whoosh.formats import Existence
from whoosh.support.charset import accent_map
from whoosh.system import IS_LITTLE

from socialmap.search.dimensions import STORED_KEYS

log = logging.getLogger(__name__)

# An index with another version than SCHEMA_VERSION is rebuilt. The version is derived (below
# make_schema): a hash of the schema, the field weights, the stop words and the keys every document
# stores (search/dimensions.py), so a change there cannot be forgotten. Bump ANALYSIS_REVISION by
# hand only for a change in analysis code none of those show (a stemmer rule).
ANALYSIS_REVISION = 10
VERSION_FILE = "socialmap-schema-version"
STATE_FILE = "socialmap-state.json"

DUTCH_STOPWORDS = frozenset(
    "de het een en van in op aan met voor bij of als is zijn te om door over naar uit tot je u ik "
    "we wij ze zij hij die dat dit er ook maar nog wel niet geen hun haar mijn jouw ons onze".split()
)
ENGLISH_STOPWORDS = frozenset("the a an and of in on at with for to or is are be by from".split())
# "yn" is the preposition (in), "in" the article (a); "e" is what is left of "'e" (yn 'e hûs).
FRISIAN_STOPWORDS = frozenset(
    "de it in en fan op oan mei foar by of is binne te om troch nei út yn e jo my myn ik wy hy se hja har "
    "harren dy dat dit der ek mar noch wol net gjin oer ta as hoe wat wêr wer bin bist ha haw hawwe protte".split()
)

_dutch_stemmer = Stemmer.Stemmer("dutch")
_english_stemmer = Stemmer.Stemmer("english")
_TOKENS = r"\w+(?:[-']\w+)*"


# Module-level functions, because Whoosh pickles the schema (and so the analyzers) into the index.
def dutch_stem(word: str) -> str:
    return _dutch_stemmer.stemWord(word)


def english_stem(word: str) -> str:
    return _english_stemmer.stemWord(word)


def frisian_stem(word: str) -> str:
    """A light Frisian stemmer (none exists): the regular plural and verb-noun endings meet.

    -ingen/-ings → -ing (ferwizings, foarsjenningen); then a plural -s (sjauffeurs, útstapkes);
    then -en or -e (doarpen/doarp, fytsen/fytse, kuierjen/kuierje, minsken/minske, iten/ite).
    Index and query words go through the same steps, so a too-short stem only makes two words meet.
    """
    for ending in ("ingen", "ings"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + "ing"
    if len(word) > 4 and word.endswith("s") and word[-2] not in "s'":
        word = word[:-1]
    if len(word) > 3 and word.endswith("en"):
        return word[:-2]
    if len(word) > 2 and word.endswith("e"):
        return word[:-1]
    return word


def _analyzer(stopwords: frozenset[str], stem=None):
    chain = RegexTokenizer(_TOKENS) | LowercaseFilter() | StopFilter(stoplist=stopwords, minsize=1)
    if stem is not None:
        chain = chain | StemFilter(stemfn=stem, cachesize=100_000)
    return chain | CharsetFilter(accent_map)


DUTCH = _analyzer(DUTCH_STOPWORDS, dutch_stem)
FRISIAN = _analyzer(FRISIAN_STOPWORDS, frisian_stem)
ENGLISH = _analyzer(ENGLISH_STOPWORDS, english_stem)
PLAIN = RegexTokenizer(_TOKENS) | LowercaseFilter() | CharsetFilter(accent_map)
ALL_STOPWORDS = DUTCH_STOPWORDS | FRISIAN_STOPWORDS | ENGLISH_STOPWORDS
MULTILINGUAL = _analyzer(ALL_STOPWORDS)

# Field → (analyzer, boost). Names rank above descriptions.
TEXT_FIELDS = {
    "name_nl": (DUTCH, 4.0),
    "name_fy": (FRISIAN, 4.0),
    "name_en": (ENGLISH, 3.0),
    "organization": (DUTCH, 2.5),
    "themes_text": (MULTILINGUAL, 2.0),
    "description_nl": (DUTCH, 1.0),
    "description_fy": (FRISIAN, 1.0),
    "description_en": (ENGLISH, 1.0),
}
PHRASE_FIELDS = ("name_nl", "name_fy", "description_nl", "description_fy")
PAIR_SEPARATOR = " "  # never inside a token (_TOKENS), so a pair cannot be mistaken for a word


def word_pair(first: str, second: str) -> str:
    return f"{first}{PAIR_SEPARATOR}{second}"


class WordPairs(Filter):
    """When indexing, each word and then the pair it makes with the word before it: a phrase is
    then found as the documents holding all of its pairs (`SearchIndex.docs_with_phrase`), from
    posting lists like any word, instead of word positions. Stop words are gone by now, as they
    were from Whoosh's renumbered positions, so "koffie in de ochtend" holds "koffie ochtend".
    Query analysis passes words through unchanged."""

    def __call__(self, tokens):
        previous = None
        for token in tokens:
            yield token
            if token.mode != "index":
                continue
            word = token.text
            if previous is not None:
                token.text = word_pair(previous, word)
                yield token
                token.text = word
            previous = word


class Words(TEXT):
    """A text field that only says which documents hold a word: the search weighs fields and
    words itself (service.py), never with Whoosh's scores, so no term frequencies, no field
    lengths and no positions are written (phrases are word pairs, `WordPairs`)."""

    def __init__(self, analyzer, field_boost: float = 1.0):
        super().__init__(analyzer=analyzer, phrase=False, field_boost=field_boost)
        self.scorable = False
        self.format = Existence(field_boost=field_boost)


class LeanCodec(W3Codec):
    """Whoosh's codec without length statistics: no field is scorable (`Words`), and asking for
    the length of each posting's field would look for a length column on disk once per posting."""

    length_stats = False

    def __init__(self, blocklimit: int = 128, compression: int = 0, inlinelimit: int = 1):
        # Posting blocks not zlib-compressed: ~6 % of a rebuild, and every posting read at search time.
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)


def make_schema() -> Schema:
    # Word pairs only where phrases are looked for.
    fields = {name: Words(analyzer | WordPairs() if name in PHRASE_FIELDS else analyzer, field_boost=boost)
              for name, (analyzer, boost) in TEXT_FIELDS.items()}  # fmt: skip
    return Schema(
        service_id=ID(stored=True, unique=True),
        theme=KEYWORD(),  # theme codes, so synonyms like "eenzaam" reach the loneliness theme
        spell=Words(PLAIN),  # unstemmed words for "did you mean"
        meta=STORED(),
        **fields,
    )


def schema_version(stored_keys: Iterable[str] = STORED_KEYS) -> str:
    """ANALYSIS_REVISION and a hash of everything an index built by another version would differ in."""
    schema = make_schema()
    described = [f"{name}:{type(schema[name]).__name__}:{getattr(schema[name], 'field_boost', 1.0)}:"
                 f"{schema[name].stored}:{name in PHRASE_FIELDS}" for name in sorted(schema.names())]  # fmt: skip
    words = [sorted(DUTCH_STOPWORDS), sorted(ENGLISH_STOPWORDS), sorted(FRISIAN_STOPWORDS)]
    digest = zlib.crc32(json.dumps([described, words, sorted(stored_keys)]).encode())
    return f"{ANALYSIS_REVISION}-{digest:08x}"


SCHEMA_VERSION = schema_version()


PARALLEL_FROM = 5000  # documents; below this, starting writer processes costs more than it saves
PARALLEL_BATCH = 100  # documents handed to a writer process at a time
# Postings a writer keeps in memory before it sorts them out to a run file on disk; merging the
# runs back (every posting pickled and read again) doubled a writer's work. The writer processes of
# a dedicated rebuild (the CLI) get enough for 25k services each (~0.7 GB by Whoosh's count, returned
# when they exit; the word pairs of the phrase fields are a fifth of the postings, and 512 spilled);
# a rebuild in a server process's thread stays small, since that process lives on.
WRITER_MB_PARALLEL = 768
WRITER_MB = 256


def writer_processes(expected: int) -> int:
    """Whoosh analyses text in Python, so a big rebuild is split over the cores — but only from a
    process without other threads: forking a threaded server process could copy a held lock."""
    if expected < PARALLEL_FROM or threading.active_count() > 1:
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


MAX_CACHED_POSTINGS = 200_000  # (segment, field, token) posting lists kept in memory


@dataclass
class IndexDocument:
    """What the catalogue hands the index for one service."""

    service_id: int
    texts: dict[str, str]
    theme_codes: Sequence[str]
    meta: dict


class IndexDamaged(Exception):
    """The index files could not be read as an index: rebuild it from the database."""


# What reading truncated or overwritten index files raises inside Whoosh (found by truncating and
# overwriting a real index at many offsets; a short varint read is a TypeError from ord()). Only
# the Whoosh calls themselves are guarded, so a plain bug in our own code is not mistaken for damage
# and hidden behind a rebuild. Not here: StorageError ("Storage was closed") and LockError.
DAMAGE_ERRORS = (
    struct.error, EOFError, pickle.UnpicklingError, zlib.error, ValueError, IndexError, TypeError, OSError,
    whoosh_index.IndexError, FileFormatError,
)  # fmt: skip
# Opening reads the table of contents and each segment's file directory, which are pickles:
# unpickling damaged bytes can raise nearly anything (see the pickle docs).
OPENING_DAMAGE_ERRORS = (AttributeError, ImportError, MemoryError, FieldConfigurationError)


def _is_damage(error: Exception, opening: bool) -> bool:
    # Whoosh reports a bad block or file header with a bare Exception ("Block tag error b''").
    return (isinstance(error, DAMAGE_ERRORS) or type(error) is Exception
            or (opening and isinstance(error, OPENING_DAMAGE_ERRORS)))  # fmt: skip


def _storage(path: str | Path) -> FileStorage:
    return _UnmappedStorage(str(path), supports_mmap=False)


class _UnmappedStorage(FileStorage):
    """Index files read with positional reads, never memory-mapped.

    Whoosh maps each segment file into memory by default; when that file is truncated while mapped,
    the next read is a SIGBUS that kills the whole process without a log line. Plain reads of a
    truncated file come back short, which Whoosh turns into errors we can catch (`DAMAGE_ERRORS`).
    Whoosh's own unmapped mode is not enough: its sub-files share one file position, so two request
    threads reading the same segment read each other's bytes (wrong postings, decoding errors)."""

    def open_file(self, name, **kwargs):
        return _PositionalFile(_Window(_Descriptor(self._fpath(name))), name=name, **kwargs)


class _Descriptor:
    """A read-only file descriptor, closed when the last window on it is freed, not when Whoosh
    closes the file: like a memory map, a searcher another thread still uses keeps reading while a
    rebuild closes the index and swaps the folder."""

    def __init__(self, path: str):
        self.fd = -1
        self.fd = os.open(path, os.O_RDONLY)
        self.size = os.fstat(self.fd).st_size

    def __del__(self, _close=os.close):  # bound now: at interpreter exit `os` may be gone
        if self.fd >= 0:
            _close(self.fd)


class _Window(io.RawIOBase):
    """Bytes [start, start + length) of an open file. Every read names its own position
    (`os.pread`) and each thread has its own place in the window: a segment reader shares one
    postings file between request threads, and Whoosh reads a posting block as seek, then read."""

    def __init__(self, descriptor: _Descriptor, start: int = 0, length: int | None = None):
        self._descriptor, self._start, self._here = descriptor, start, threading.local()
        self._length = descriptor.size - start if length is None else length

    def window(self, start: int, length: int) -> _Window:
        return _Window(self._descriptor, self._start + start, length)

    def pread(self, position: int, size: int) -> bytes:
        size = min(size, self._length - position)
        return os.pread(self._descriptor.fd, size, self._start + position) if size > 0 else b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def read(self, size: int | None = -1) -> bytes:
        here = getattr(self._here, "pos", 0)
        data = self.pread(here, self._length - here if size is None or size < 0 else size)
        self._here.pos = here + len(data)
        return data

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        self._here.pos = offset + (0, self.tell(), self._length)[whence]
        return self._here.pos

    def tell(self) -> int:
        return getattr(self._here, "pos", 0)


class _PositionalFile(StructFile):
    """Whoosh's file wrapper over a `_Window`: the positional reads (`get…`) and sub-files of a
    compound segment read at their own offsets, like Whoosh's memory-mapped files do."""

    def __init__(self, window: _Window, name=None, onclose=None):
        super().__init__(window, name=name, onclose=onclose)
        self.is_real = False  # arrays through read(), not array.fromfile on the whole file

    def subset(self, offset, length, name=None):
        return _PositionalFile(self.file.window(offset, length), name=name or self._name)

    def get(self, position, length):
        return self.file.pread(position, length)

    def get_array(self, position, typecode, length):
        values = array(typecode)
        values.frombytes(self.get(position, length * _SIZEMAP[typecode]))
        if IS_LITTLE:
            values.byteswap()
        return values


@dataclass(frozen=True)
class FollowState:
    """Where an index folder stands in the database's change log (search/follower.py).

    `seq`: the newest change-log row it holds; `gaps`: (row id, first seen at) of lower ids that
    were missing when it was read (a transaction still open then, or rolled back) and are still
    looked for; `generation`: the database's index generation when it was built; `build`: which
    build of the folder this is, so a process notices that another one swapped in a new folder.
    """

    generation: int = 0
    seq: int = 0
    gaps: tuple[tuple[int, float], ...] = ()
    build: str = ""

    def to_json(self) -> str:
        return json.dumps({"generation": self.generation, "seq": self.seq, "gaps": self.gaps, "build": self.build})

    @classmethod
    def from_json(cls, text: str) -> FollowState:
        data = json.loads(text)
        gaps = tuple((int(i), float(t)) for i, t in data.get("gaps", ()))
        return cls(int(data["generation"]), int(data["seq"]), gaps, str(data.get("build", "")))


class SearchIndex:
    """Opens, follows and rebuilds the on-disk index of one process (docs/search.md).

    The folder may be shared by the processes of one machine; every write to it (following the
    change log, swapping in a rebuilt folder) happens under the folder lock, a file beside it.
    A process reopens its searcher only when it has seen the database move on, so a search
    never reads the disk to find out whether something changed."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.RLock()
        self._index = None
        self._searcher = None
        self._pinned = threading.local()
        self.state: FollowState | None = None  # of the open searcher; None while nothing is open
        self.needs_rebuild = False
        self.head_checked_at = float("-inf")  # when follower.prepare last asked the database (monotonic)
        self._damaged_build: str | None = None  # the build found damaged: not reopened
        self.snapshot = None  # filled by the search service; tied to one searcher
        self._segment_columns: dict[str, object] = {}
        self._segment_postings: dict[tuple, np.ndarray] = {}
        self._postings_files: dict[str, PostingsFile] = {}
        self._postings_lock = threading.Lock()
        self._segment_sizes: dict[str, tuple[str, int]] = {}  # segment id → (its file, its size when first seen)
        self._postings_segments: tuple[object, list] = (None, [])  # (searcher, [(reader, first docnum, segment id)])

    # -- opening -------------------------------------------------------------------------
    def _version_ok(self, folder: Path | None = None) -> bool:
        version_file = (folder or self.path) / VERSION_FILE
        return version_file.exists() and version_file.read_text().strip() == str(SCHEMA_VERSION)

    def is_usable(self) -> bool:
        """True when an index of the current schema exists and opens."""
        try:
            if not self._version_ok() or not (self.path / STATE_FILE).exists():
                return False
            if not whoosh_index.exists_in(str(self.path)):
                return False
            ix = _storage(self.path).open_index()
            with ix.searcher() as searcher:
                searcher.doc_count()
            return True
        except Exception:  # noqa: BLE001 — whatever it is, this folder cannot serve
            log.warning("search index at %s is unreadable", self.path, exc_info=True)
            return False

    def is_open(self) -> bool:
        return self._searcher is not None and not self.needs_rebuild

    def open(self) -> bool:
        """Open the folder's index when it is usable; False when there is none to answer from."""
        with self._lock:
            if self.is_open():
                return True
            if self.needs_rebuild and self._damaged_build == self._disk_build():
                return False  # the same damaged folder: wait for the rebuild
            if not self.is_usable():
                return False
            try:
                self.reopen()
            except (IndexDamaged, FileNotFoundError, ValueError):
                return False
            self.needs_rebuild = False
            return True

    def reopen(self) -> None:
        """Open what the folder holds now (its index and its place in the change log); called
        with the folder lock held, so the two belong together."""
        with self._lock, self._reading(opening=True):
            index = _storage(self.path).open_index()
            searcher = index.searcher()
            # Another thread may still search the old searcher: it is left to the garbage collector.
            self._index, self._searcher, self.state = index, searcher, self.read_state()

    def _disk_build(self) -> str | None:
        try:
            return self.read_state().build
        except (OSError, ValueError, KeyError):
            return None

    def read_state(self, folder: Path | None = None) -> FollowState:
        return FollowState.from_json(((folder or self.path) / STATE_FILE).read_text())

    @contextmanager
    def _reading(self, opening: bool = False):
        """Around Whoosh reads: what only damaged files cause is logged once and raised as
        IndexDamaged, and the index is marked for the rebuild that repairs it."""
        try:
            yield
        except Exception as error:  # noqa: BLE001 — anything but damage is re-raised unchanged
            if not _is_damage(error, opening):
                raise
            self.needs_rebuild = True
            self._damaged_build = self.state.build if self.state else None
            log.error("search index at %s is damaged (%s: %s); rebuilding it from the database",
                      self.path, type(error).__name__, error)  # fmt: skip
            raise IndexDamaged(str(self.path)) from error

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher = None
            self._index = None
            self.state = None

    @contextmanager
    def pinned(self):
        """One searcher for a whole search, from its first read to its last, even when another
        thread reopens the index meanwhile."""
        with self._lock:
            searcher = self._searcher
        if searcher is None:
            raise IndexDamaged(str(self.path))  # closed under us: the caller falls back
        self._pinned.searcher = searcher
        try:
            yield searcher
        finally:
            self._pinned.searcher = None

    def current_searcher(self):
        """The searcher of the search under way."""
        return getattr(self._pinned, "searcher", None) or self.searcher()

    def searcher(self):
        """The search under way's searcher, else the newest this process has open."""
        pinned = getattr(self._pinned, "searcher", None)
        if pinned is not None:
            return pinned
        with self._lock:
            if self._searcher is None and not self.open():
                raise IndexDamaged(str(self.path))
            return self._searcher

    # -- writing (the caller holds the folder lock) ---------------------------------------
    @contextmanager
    def folder_lock(self, timeout: float | None = None, name: str = "lock"):
        """The lock beside the folder (it survives the folder being swapped). Yields whether it
        was taken within `timeout` seconds (None: wait as long as it takes)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path.with_name(f"{self.path.name}.{name}"), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if deadline is not None and time.monotonic() >= deadline:
                        yield False
                        return
                    time.sleep(0.02)
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def build(self, documents: Iterable[IndexDocument], expected: int = 0) -> tuple[Path, int]:
        """Write a fresh index into a side folder (the caller holds the "build" lock); searches
        keep reading the old one. `expected`: about how many documents come."""
        staging = self.path.with_name(self.path.name + ".new")
        if staging.exists():
            shutil.rmtree(staging)
        staging.mkdir(parents=True)
        # Memory-mapped while it is written (Whoosh reads back what it wrote): nobody else reads
        # this folder, so a truncated file cannot hit a running search.
        ix = FileStorage(str(staging)).create_index(make_schema())
        count = 0
        processes = writer_processes(expected)
        # Several processes each write their own segment; merging them afterwards would be
        # serial again, and searches read several segments fine.
        options = {"procs": processes, "multisegment": True, "batchsize": PARALLEL_BATCH} if processes > 1 else {}
        writer = ix.writer(limitmb=WRITER_MB_PARALLEL if processes > 1 else WRITER_MB, codec=LeanCodec(), **options)
        for document in documents:
            writer.add_document(**_fields(document))
            count += 1
        writer.commit()
        write_postings(staging)
        (staging / VERSION_FILE).write_text(str(SCHEMA_VERSION))
        return staging, count

    def swap_in(self, staging: Path, state: FollowState) -> None:
        """Put a built folder in place of the live one (folder lock held), under Whoosh's write
        lock of the live index, so no writer outside our own locks is cut off halfway."""
        _write_state(staging, state)
        writelock = None
        if self.path.is_dir():  # not exists_in(): it reads the table of contents, which may be damaged
            writelock = _storage(self.path).lock("MAIN_WRITELOCK")
            writelock.acquire(blocking=True)
        try:
            old = self.path.with_name(self.path.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            if self.path.exists():
                self.path.rename(old)
            staging.rename(self.path)
            shutil.rmtree(old, ignore_errors=True)
        finally:
            if writelock is not None:
                writelock.release()
        self.reopen()
        self.needs_rebuild = False

    def apply(self, documents: Iterable[IndexDocument], removed_ids: Iterable[int], state: FollowState) -> None:
        """Write followed changes and the folder's new place in the change log (folder lock held)."""
        documents, removed_ids = list(documents), list(removed_ids)
        if documents or removed_ids:
            with self._reading(opening=True):
                writer = _storage(self.path).open_index().writer(timeout=5.0, codec=LeanCodec())
            for service_id in removed_ids:
                writer.delete_by_term("service_id", str(service_id))
            for document in documents:
                writer.update_document(**_fields(document))
            writer.commit()
        _write_state(self.path, state)

    # -- reading -------------------------------------------------------------------------
    def analyse(self, field: str, text: str) -> tuple[str, ...]:
        return _analyse(field, text)

    def vocabulary_near(self, word: str, max_distance: int = 2) -> list[str]:
        """Index words (unstemmed) within Levenshtein distance of `word`, for typos and suggestions."""
        reader = self.current_searcher().reader()
        with self._reading():
            return list(reader.terms_within("spell", word, max_distance, prefix=1))

    def docs_with_any(self, field: str, alternatives: Sequence[Sequence[str]]) -> np.ndarray:
        """Document numbers whose `field` holds all tokens of at least one alternative (deleted
        documents included: the caller keeps only live ones).

        Built from one posting list per token, combined with numpy set operations instead of
        Whoosh's Python-level Or/And matchers."""
        sets = []
        checked: set[str] = set()  # segment files whose size this call has checked
        for tokens in alternatives:
            postings = [self._postings(field, token, checked) for token in tokens]
            docs = postings[0]
            for other in postings[1:]:
                docs = _intersection(docs, other)
            sets.append(docs)
        return sets[0] if len(sets) == 1 else _union(sets)

    def prefetch_postings(self, terms: Iterable[tuple[str, str]]) -> None:
        """Looks up the posting lists of many (field, token) terms at once and keeps them (as
        `_postings` does): one vectorised search of each segment's term hashes instead of one
        per term. A word's first search asks ~100 terms, its synonyms in every field, and most
        are in no segment."""
        terms = [(field, token) for field, token in dict.fromkeys(terms) if field in POSTED_FIELDS]
        keys = [_term_key(field, token) for field, token in terms]  # the same in every segment
        hashes = np.fromiter((_term_hash(key) for key in keys), dtype=np.uint64, count=len(keys))
        for reader, _offset, segment_id in self._posting_segments():
            missing = [i for i, (field, token) in enumerate(terms)
                       if (segment_id, field, token) not in self._segment_postings]  # fmt: skip
            if not missing:
                continue
            self._check_segment_file(reader, segment_id)
            try:
                found = self._postings_file(reader, segment_id).lookup_many(
                    [terms[i] for i in missing], [keys[i] for i in missing], hashes[missing])
            except PostingsDamaged:
                continue  # `_postings` looks them up one by one and derives the file again
            if len(self._segment_postings) + len(missing) > MAX_CACHED_POSTINGS:
                self._segment_postings.clear()  # odd queries must not grow memory without end
            for i, docs in zip(missing, found, strict=True):
                self._segment_postings[(segment_id, *terms[i])] = docs

    def _posting_segments(self) -> list[tuple[object, int, str]]:
        """(segment reader, first docnum, segment id) of the current searcher; when that changed,
        the posting lists, files and sizes kept for segments it no longer has are dropped."""
        searcher = self.current_searcher()
        owner, segments = self._postings_segments
        if owner is not searcher:
            # Asked once per searcher, not once per token: a word's first use looks up ~100 tokens,
            # and Whoosh's segment_id() and leaf_readers() were a fifth of that.
            segments = [(reader, offset, reader.segment().segment_id()) for reader, offset in _segments(searcher)]
            self._postings_segments = (searcher, segments)
            live_segments = {segment_id for _reader, _offset, segment_id in segments}
            # list(): another request thread may add to the dict while this one prunes it
            kept = list(self._segment_postings.items())
            self._segment_postings = {k: v for k, v in kept if k[0] in live_segments}
            self._postings_files = {k: v for k, v in list(self._postings_files.items()) if k in live_segments}
            self._segment_sizes = {k: v for k, v in list(self._segment_sizes.items()) if k in live_segments}
        return segments

    def _postings(self, field: str, token: str, checked: set[str]) -> np.ndarray:
        """Sorted document numbers with `token` in `field`, from each segment's postings file
        (`PostingsFile`): a lookup and one read, never Whoosh's decoding in Python (~1 µs a
        posting, 150 ms for a two-word query's first use at 50k services). Kept per segment, so
        after an edit only the new small segment is read. Arrays, not sets: the garbage
        collector does not walk their contents."""
        parts = []
        for reader, offset, segment_id in self._posting_segments():
            key = (segment_id, field, token)
            local = self._segment_postings.get(key)
            if local is None:
                if len(self._segment_postings) > MAX_CACHED_POSTINGS:
                    self._segment_postings.clear()  # odd queries must not grow memory without end
                local = self._segment_token_postings(reader, segment_id, field, token, checked)
                self._segment_postings[key] = local
            if len(local):  # most of a word's synonyms are in no segment: nothing to add or join
                parts.append(local + offset if offset else local)
        return parts[0] if len(parts) == 1 else np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)

    def _segment_token_postings(self, reader, segment_id: str, field: str, token: str, checked: set[str]) -> np.ndarray:
        if field not in POSTED_FIELDS:
            with self._reading():
                ids = reader.postings(field, token).all_ids() if (field, token) in reader else ()
                return np.fromiter(ids, dtype=np.int64)
        if segment_id not in checked:  # once per call, not per token: a stat is a fifth of a lookup
            self._check_segment_file(reader, segment_id)
            checked.add(segment_id)
        postings = self._postings_file(reader, segment_id)
        try:
            return postings.lookup(field, token)
        except PostingsDamaged as damage:
            log.warning("search index at %s: %s; deriving it again from the segment", self.path, damage)
        with self._postings_lock:
            # Derived from the segment, kept in memory and written again for the next process.
            if self._postings_files.get(segment_id) is postings:
                with self._reading():
                    arrays = derive_postings(reader)
                save_postings(self.path, segment_id, arrays)
                self._postings_files[segment_id] = PostingsFile.from_arrays(arrays)
            return self._postings_files[segment_id].lookup(field, token)

    def _check_segment_file(self, reader, segment_id: str) -> None:
        """A search no longer reads Whoosh's postings, which is where a segment file cut short
        under a running process used to show (`_reading`); its size is checked instead, against
        the size it had when this process first looked."""
        path, opened = self._segment_sizes.get(segment_id, (None, None))
        if path is None:
            segment = reader.segment()
            if not segment.is_compound():
                return
            path = str(self.path / segment.make_filename(".seg"))
        try:
            size = os.stat(path).st_size
        except FileNotFoundError:
            return  # a rebuilt folder was swapped in: this searcher reads the old files it holds open
        if opened is None:
            self._segment_sizes[segment_id] = (path, size)
        elif size < opened:
            with self._reading():
                raise EOFError(f"segment file {path} was cut short")

    def _postings_file(self, reader, segment_id: str) -> PostingsFile:
        """The segment's postings file as the rebuild (or the first reader of a followed segment)
        wrote it; derived from the segment when it is missing or unreadable."""
        postings = self._postings_files.get(segment_id)
        if postings is not None:
            return postings
        with self._postings_lock:  # one thread reads or derives it; the others wait for that
            postings = self._postings_files.get(segment_id)
            if postings is None:
                path = postings_path(self.path, segment_id)
                try:
                    postings = PostingsFile.open(path, reader.doc_count_all())
                except FileNotFoundError:
                    pass
                except (OSError, PostingsDamaged) as damage:
                    log.warning("search index at %s: postings file %s unreadable (%s)", self.path, path.name, damage)
                if postings is None:
                    with self._reading():
                        arrays = derive_postings(reader)
                    save_postings(self.path, segment_id, arrays)
                    postings = PostingsFile.from_arrays(arrays)
                self._postings_files[segment_id] = postings
            return postings

    def words_one_edit_away(self, word: str) -> list[str]:
        """Index words sharing a one-letter deletion with `word` (so at most two edits away; the
        caller checks the distance), from the deletion lists of each segment's postings file: a
        few array lookups, where a deletion index of the whole vocabulary took ~0.5 s to make at
        50k services, once per index state."""
        variants = _deletions(word)
        found: set[str] = set()
        for reader, _offset in _segments(self.current_searcher()):
            postings = self._postings_file(reader, reader.segment().segment_id())
            found |= postings.spelled_words_sharing_a_deletion(variants)
        found.discard(word)
        return sorted(found)

    def docs_with_phrase(self, field: str, tokens: Sequence[str]) -> np.ndarray:
        """Document numbers whose `field` (one of PHRASE_FIELDS) holds every consecutive pair of
        `tokens` (deleted documents included): for two words exactly the phrase; for more, a
        document may hold the pairs in different places (docs/search.md)."""
        if len(tokens) < 2:
            return self.docs_with_any(field, [tokens])
        return self.docs_with_any(field, [[word_pair(a, b) for a, b in zip(tokens, tokens[1:], strict=False)]])

    def word_frequency(self, word: str) -> int:
        """In how many services this (unstemmed, folded) word occurs."""
        reader = self.current_searcher().reader()
        with self._reading():
            return reader.doc_frequency("spell", word)



# Sorted posting lists combined through a mask over the document numbers: a mask of the index's
# size costs less than sorting the lists (np.intersect1d, np.unique), a tenth of a word's first search.
def _intersection(docs: np.ndarray, other: np.ndarray) -> np.ndarray:
    """The document numbers in both sorted, duplicate-free lists (sorted)."""
    if not len(docs) or not len(other):
        return docs[:0]
    present = np.zeros(int(docs[-1]) + 1, dtype=bool)
    present[docs] = True
    other = other[other < len(present)]
    return other[present[other]]


def _union(sets: list[np.ndarray]) -> np.ndarray:
    """The document numbers in any of the sorted lists, sorted and each once."""
    size = max((int(docs[-1]) + 1 for docs in sets if len(docs)), default=0)
    present = np.zeros(size, dtype=bool)
    for docs in sets:
        present[docs] = True
    return np.flatnonzero(present).astype(np.int64, copy=False)


def _segments(searcher) -> list:
    """(segment reader, first docnum) pairs; an empty index has none."""
    return [(reader, offset) for reader, offset in searcher.reader().leaf_readers() if reader.segment() is not None]


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def _analyse(field: str, text: str) -> tuple[str, ...]:
    return _analyse_with(id(TEXT_FIELDS[field][0]) if field in TEXT_FIELDS else id(PLAIN), text)


_ANALYZERS_BY_ID = {id(analyzer): analyzer for analyzer in (PLAIN, *(a for a, _boost in TEXT_FIELDS.values()))}


@lru_cache(maxsize=50_000)
def _analyse_with(analyzer_id: int, text: str) -> tuple[str, ...]:
    """Kept per analyzer (Whoosh's cannot be hashed: by id), not per field: the eight text fields
    share four analyzers, and a word's first search analyses it and its synonyms for every field."""
    return tuple(token.text for token in _ANALYZERS_BY_ID[analyzer_id](text, mode="query"))


def _fields(document: IndexDocument) -> dict:
    texts = {name: document.texts.get(name) or "" for name in TEXT_FIELDS}
    spell = " ".join(v for k, v in texts.items() if v)
    return {
        "service_id": str(document.service_id),
        "theme": " ".join(document.theme_codes),
        "spell": spell,
        "meta": json.dumps(document.meta, separators=(",", ":")),
        **texts,
    }


POSTINGS_PREFIX = "socialmap-postings-"  # not Whoosh's: its clean-up leaves these files alone
POSTINGS_FORMAT = 2  # of the file below; part of its name, so another format is derived again
POSTINGS_MAGIC = b"SMPOST\x00\x01"
POSTED_FIELDS = frozenset(TEXT_FIELDS) | {"theme", "spell"}  # what docs_with_any is asked about
SPELL_KEY = b"spell\x00"  # how the words of the `spell` field begin in a postings file


class PostingsDamaged(Exception):
    """A postings file that does not hold what its header promises."""


def postings_path(folder: Path, segment_id: str) -> Path:
    return folder / f"{POSTINGS_PREFIX}{segment_id}-{SCHEMA_VERSION}-{POSTINGS_FORMAT}.bin"


def _term_key(field: str, token: str | bytes) -> bytes:
    return field.encode() + b"\x00" + (token if isinstance(token, bytes) else token.encode("utf-8"))


def _term_hash(key: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(key, digest_size=8).digest(), "little")


class PostingsFile:
    """One segment's posting lists as arrays: the terms' 64-bit hashes (sorted), where each
    term's local document numbers start, the terms themselves (a hash is checked against its
    term) and a CRC per list. The small arrays are read whole and checked when the file is opened;
    a list is read with one positional read when asked for and checked against its CRC. Not
    memory-mapped, like the Whoosh files (`_UnmappedStorage`): a file truncated while mapped kills
    the process; a short read is only a PostingsDamaged, and the segment is read again instead."""

    def __init__(self, documents: int, arrays: dict[str, np.ndarray], read_docs):
        self.documents, self.keys, self.starts, self.crcs = documents, arrays["keys"], arrays["starts"], arrays["crcs"]
        self.text_starts, self.texts, self._read_docs = arrays["text_starts"], arrays["texts"].tobytes(), read_docs
        self.deletion_keys, self.deletion_terms = arrays["deletion_keys"], arrays["deletion_terms"]

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> PostingsFile:
        docs = arrays["docs"]
        return cls(int(arrays["documents"][0]), arrays, lambda start, stop: docs[start:stop])

    @classmethod
    def open(cls, path: Path, documents: int) -> PostingsFile:
        descriptor = _Descriptor(str(path))
        head = os.pread(descriptor.fd, 12, 0)
        if len(head) < 12 or head[:8] != POSTINGS_MAGIC:
            raise PostingsDamaged(f"{path.name}: no postings header")
        length = int.from_bytes(head[8:], "little")
        try:
            header = json.loads(os.pread(descriptor.fd, length, 12))
            layout = {name: (np.dtype(dtype), int(count), 12 + length + int(offset), crc)
                      for name, (dtype, count, offset, crc) in header["arrays"].items()}  # fmt: skip
        except (ValueError, TypeError, KeyError) as error:
            raise PostingsDamaged(f"{path.name}: header unreadable ({error})") from error
        if header.get("format") != POSTINGS_FORMAT or header.get("documents") != documents:
            raise PostingsDamaged(f"{path.name}: for {header.get('documents')} documents, the segment has {documents}")
        for dtype, count, offset, _crc in layout.values():
            if offset + count * dtype.itemsize > descriptor.size:
                raise PostingsDamaged(f"{path.name}: cut short")
        small = {}
        for name, (dtype, count, offset, crc) in layout.items():
            if name != "docs":
                data = os.pread(descriptor.fd, count * dtype.itemsize, offset)
                if zlib.crc32(data) != crc:
                    raise PostingsDamaged(f"{path.name}: {name} damaged")
                small[name] = np.frombuffer(data, dtype=dtype)
        docs_type, docs_count, docs_offset, _crc = layout["docs"]

        def read_docs(start: int, stop: int) -> np.ndarray:
            size = docs_type.itemsize
            data = os.pread(descriptor.fd, (stop - start) * size, docs_offset + start * size)
            if len(data) != (stop - start) * size:
                raise PostingsDamaged(f"{path.name}: cut short")
            return np.frombuffer(data, docs_type)

        starts, text_starts = small["starts"], small["text_starts"]
        if (len(starts) != len(small["keys"]) + 1 or starts[-1] != docs_count or np.any(np.diff(starts) < 0)
                or len(text_starts) != len(starts) or text_starts[-1] != len(small["texts"])
                or len(small["deletion_keys"]) != len(small["deletion_terms"])
                or np.any(small["deletion_terms"] >= len(small["keys"]))):  # fmt: skip
            raise PostingsDamaged(f"{path.name}: inconsistent")
        return cls(documents, small, read_docs)

    def lookup(self, field: str, token: str) -> np.ndarray:
        """Sorted local document numbers of the term; raises PostingsDamaged when its list does
        not match its CRC."""
        key = _term_key(field, token)
        wanted = _term_hash(key)
        return self._lookup_from(int(np.searchsorted(self.keys, np.uint64(wanted))), key, wanted, field, token)

    def lookup_many(self, terms: list[tuple[str, str]], keys: list[bytes], wanted: np.ndarray) -> list[np.ndarray]:
        """`lookup` of each (field, token), given its `_term_key` and `_term_hash` (uint64), with
        one search of the hashes for all of them."""
        ats = np.searchsorted(self.keys, wanted)
        hit = np.zeros(len(keys), dtype=bool)
        if len(self.keys):
            hit = self.keys[np.minimum(ats, len(self.keys) - 1)] == wanted
        nothing = np.empty(0, dtype=np.int64)
        rows = zip(ats.tolist(), keys, wanted.tolist(), terms, hit.tolist(), strict=True)
        return [self._lookup_from(at, key, hashed, *term) if found else nothing
                for at, key, hashed, term, found in rows]

    def _lookup_from(self, at: int, key: bytes, wanted: int, field: str, token: str) -> np.ndarray:
        while at < len(self.keys) and int(self.keys[at]) == wanted:
            if self.texts[self.text_starts[at] : self.text_starts[at + 1]] == key:
                try:
                    docs = self._read_docs(int(self.starts[at]), int(self.starts[at + 1]))
                except OSError as error:
                    raise PostingsDamaged(f"the posting list of {field}:{token} is unreadable ({error})") from error
                if len(docs) != self.starts[at + 1] - self.starts[at] or zlib.crc32(docs) != self.crcs[at]:
                    raise PostingsDamaged(f"the posting list of {field}:{token} is damaged")
                return docs.astype(np.int64)
            at += 1
        return np.empty(0, dtype=np.int64)

    def spelled_words_sharing_a_deletion(self, variants: set[str]) -> set[str]:
        """Words of the `spell` field that are, or lose one letter to become, one of `variants`."""
        hashes = np.array([_term_hash(variant.encode()) for variant in variants], dtype=np.uint64)
        firsts = np.searchsorted(self.deletion_keys, hashes, side="left")
        lasts = np.searchsorted(self.deletion_keys, hashes, side="right")
        found = set()
        for first, last in zip(firsts.tolist(), lasts.tolist(), strict=True):
            for term in self.deletion_terms[first:last].tolist():
                word = self.texts[self.text_starts[term] + len(SPELL_KEY) : self.text_starts[term + 1]].decode()
                if _deletions(word) & variants:  # a 64-bit hash may collide; the word itself may not
                    found.add(word)
        return found


def derive_postings(reader) -> dict[str, np.ndarray]:
    """A segment's posting lists (POSTED_FIELDS) as PostingsFile arrays, from Whoosh's files.

    Whoosh's own reading decodes a posting at a time in Python; here each posting block (a pickle
    of up to 128 delta-encoded document numbers, whoosh/codec/whoosh3.py) is unpickled whole and
    all blocks are summed up at once with numpy: ~1 s for 25k services instead of ~5.
    Raises what damaged Whoosh files raise (the caller guards it like any Whoosh read)."""
    terms = reader._terms  # the segment's W3TermsReader: Whoosh has no public call for raw blocks
    postfile = terms._postfile
    keys: list[bytes] = []
    deltas: list[int] = []
    block_starts: list[int] = []  # where in `deltas` each block starts (its first id is absolute)
    term_starts = [0]
    for (field, text), info in terms.items():
        if field not in POSTED_FIELDS:
            continue
        keys.append(_term_key(field, text))
        if info.is_inlined():
            ids = info.inlined_postings()[0]
            block_starts.append(len(deltas))
            deltas.extend(b - a for a, b in zip((0, *ids), ids, strict=False))
        else:
            offset, length = info.extent()
            length = length[0] if isinstance(length, tuple) else length  # Whoosh unpacks it as a tuple
            stream = io.BytesIO(postfile.get(offset, length))
            if stream.read(4) != WHOOSH3_HEADER_MAGIC:
                raise ValueError(f"postings of {field}:{text!r}: no block header")
            last = False
            while not last:
                (block_length,) = struct.unpack("!i", stream.read(4))
                last, end = block_length < 0, stream.tell() + abs(block_length)
                compression = pickle.load(stream)[3]  # (count, last id, max weight, compression, …)
                data = stream.read(end - stream.tell())
                block_starts.append(len(deltas))
                deltas.extend(pickle.loads(zlib.decompress(data) if compression else data)[0])
        term_starts.append(len(deltas))
    flat = np.cumsum(np.array(deltas, dtype=np.int64))
    block_starts_array = np.array(block_starts, dtype=np.int64)
    before_block = np.concatenate(([0], flat))[block_starts_array]
    docs = flat - np.repeat(before_block, np.diff(np.append(block_starts_array, len(flat))))
    hashes = np.array([_term_hash(key) for key in keys], dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    old_starts = np.array(term_starts, dtype=np.int64)
    lengths = np.diff(old_starts)[order]
    starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    moved = np.arange(len(docs), dtype=np.int64) + np.repeat(old_starts[:-1][order] - starts[:-1], lengths)
    docs = docs[moved].astype(np.int32)
    sorted_keys = [keys[i] for i in order]
    # SymSpell: every spelled word under itself and each of its one-letter deletions, by hash.
    deletion_hashes, deletion_terms = [], []
    for position, key in enumerate(sorted_keys):
        if key.startswith(SPELL_KEY):
            for variant in _deletions(key[len(SPELL_KEY) :].decode()):
                deletion_hashes.append(_term_hash(variant.encode()))
                deletion_terms.append(position)
    deletion_keys = np.array(deletion_hashes, dtype=np.uint64)
    by_deletion = np.argsort(deletion_keys, kind="stable")
    crcs = np.array([zlib.crc32(docs[a:b]) for a, b in zip(starts[:-1], starts[1:], strict=False)], dtype=np.uint32)
    text_starts = np.concatenate(([0], np.cumsum([len(key) for key in sorted_keys]))).astype(np.int64)
    return {"documents": np.array([reader.doc_count_all()], dtype=np.int64), "keys": hashes[order],
            "starts": starts, "crcs": crcs, "text_starts": text_starts,
            "texts": np.frombuffer(b"".join(sorted_keys), dtype=np.uint8), "deletion_keys": deletion_keys[by_deletion],
            "deletion_terms": np.array(deletion_terms, dtype=np.int32)[by_deletion], "docs": docs}  # fmt: skip


def save_postings(folder: Path, segment_id: str, arrays: dict[str, np.ndarray]) -> None:
    """Written beside and renamed over, like the columns files; not written into a read-only
    folder (the next process derives it again)."""
    path = postings_path(folder, segment_id)
    layout, offset, blobs = {}, 0, []
    for name, values in arrays.items():
        if name == "documents":
            continue
        data = np.ascontiguousarray(values).tobytes()
        layout[name] = [values.dtype.str, len(values), offset, None if name == "docs" else zlib.crc32(data)]
        blobs.append(data + b"\x00" * (-len(data) % 8))
        offset += len(blobs[-1])
    header = {"format": POSTINGS_FORMAT, "documents": int(arrays["documents"][0]), "arrays": layout}
    text = json.dumps(header).encode()
    text = text.ljust(len(text) + (-(12 + len(text)) % 8))  # offsets count from the header's end
    try:
        partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.partial")
        with partial.open("wb") as handle:
            handle.write(POSTINGS_MAGIC + len(text).to_bytes(4, "little") + text)
            for blob in blobs:
                handle.write(blob)
        partial.replace(path)
        _remove_stale(folder, POSTINGS_PREFIX)
    except OSError:
        log.info("search index at %s: postings file not written", folder, exc_info=True)


def write_postings(folder: Path) -> None:
    """Each segment's postings file of a freshly built folder, before it is swapped in."""
    with _storage(folder).open_index().searcher() as searcher:
        for reader, _offset in _segments(searcher):
            save_postings(folder, reader.segment().segment_id(), derive_postings(reader))


def _remove_stale(folder: Path, prefix: str) -> None:
    """Our files of segments no longer in the folder, after a while (another process may still
    be reading them in)."""
    entries = list(folder.iterdir())
    live = {entry.name.split(".", 1)[0] for entry in entries if not entry.name.startswith("socialmap-")}
    for old in entries:
        if not old.name.startswith(prefix):
            continue
        if old.name[len(prefix) :].split("-", 1)[0] not in live and time.time() - old.stat().st_mtime > 600:
            old.unlink(missing_ok=True)


def live_segments(index: SearchIndex, build) -> tuple[object, list[tuple[int, object, np.ndarray]]]:
    """(token, [(first docnum, build([meta, …]), deleted local docnums)] per segment); the token
    changes with the index.

    build()'s result is kept per index segment: after an edit only the new small segment is read,
    not the whole index, so an edit is searchable quickly even with 100k services.
    """
    searcher = index.searcher()
    kept: dict[str, object] = {}
    segments = []
    for reader, offset in _segments(searcher):
        segment = reader.segment()
        columns = index._segment_columns.get(segment.segment_id())
        if columns is None:
            columns = _load_columns(index.path, segment.segment_id(), reader.doc_count_all(), build)
        if columns is None:
            with index._reading():
                metas = [json.loads(reader.stored_fields(local)["meta"]) for local in range(reader.doc_count_all())]
            columns = build(metas)
            _save_columns(index.path, segment.segment_id(), columns)
        kept[segment.segment_id()] = columns
        segments.append((offset, columns, np.fromiter(segment.deleted_docs(), dtype=np.int64)))
    index._segment_columns = kept
    return searcher, segments


COLUMNS_PREFIX = "socialmap-columns-"  # not Whoosh's: its clean-up leaves these files alone


def _columns_file(folder: Path, segment_id: str, build) -> Path | None:
    version = getattr(build, "version", None)
    return folder / f"{COLUMNS_PREFIX}{segment_id}-{SCHEMA_VERSION}-{version()}.npz" if version else None


def _load_columns(folder: Path, segment_id: str, count: int, build):
    """A segment's columns from the file the first process to read it wrote (segments never
    change, so neither does the file); None when there is none or it cannot be read."""
    path = _columns_file(folder, segment_id, build)
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as stored:
            columns = build.from_arrays({name: stored[name] for name in stored.files})
    except Exception:  # noqa: BLE001 — a damaged or half-written cache file: read the segment instead
        log.warning("search index at %s: columns file %s unreadable, reading the segment", folder, path.name)
        return None
    return columns if columns.count == count else None


def _save_columns(folder: Path, segment_id: str, columns) -> None:
    """Written beside and renamed over; files of segments no longer in the folder are removed
    after a while (another process may still be reading them in)."""
    path = _columns_file(folder, segment_id, columns)
    arrays = columns.to_arrays() if path is not None else None
    if arrays is None:
        return
    try:
        partial = path.with_name(f"{path.stem}.{os.getpid()}.{threading.get_ident()}.partial")
        with partial.open("wb") as handle:
            np.savez(handle, **arrays)
        partial.replace(path)
        _remove_stale(folder, COLUMNS_PREFIX)
    except OSError:  # a read-only or vanished folder: the next fresh process reads the segment again
        log.info("search index at %s: columns file not written", folder, exc_info=True)


def write_columns(folder: Path, build) -> None:
    """Write each segment's columns file into a freshly built folder, before it is swapped in: the
    first process to search after a rebuild then loads arrays too, instead of parsing every
    document's meta (~2 s at 50k services on an idle machine; 12 s measured under load)."""
    with _storage(folder).open_index().searcher() as searcher:
        for reader, _offset in _segments(searcher):
            metas = [json.loads(reader.stored_fields(local)["meta"]) for local in range(reader.doc_count_all())]
            _save_columns(folder, reader.segment().segment_id(), build(metas))


def fresh_searcher(index: SearchIndex) -> object:
    """Identifies the index state of the search under way."""
    return index.searcher()


def _write_state(folder: Path, state: FollowState) -> None:
    # Written beside and renamed over: a reader sees the old state or the new, never half of one.
    partial = folder / (STATE_FILE + ".partial")
    partial.write_text(state.to_json())
    partial.replace(folder / STATE_FILE)
