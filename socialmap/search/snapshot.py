"""An in-memory, column-wise copy of the index's `meta` for one index state.

Every per-service question of a search (is it within reach, does it pass the filters, which facet
values does it add, how does it rank) is answered with numpy over arrays indexed by Whoosh
document number, so its cost grows with the number of services only at C speed: a broad word near
a busy village touches thousands of services, and a Python loop over them was the p95.
A set of services is a boolean mask over document numbers; deleted documents are never live.

Data, not decisions: this module holds the arrays of one index state and the caches tied to it;
the steps of a search that read them (reach, filters, matching, facets, order) are their own
modules, listed in search/service.py.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain
from pathlib import Path

import numpy as np

from socialmap.search import dimensions

# Masks of posting lists and filters kept per index state: at 50k services a mask is 50 KB, so
# this keeps ~5,000 of them (every word a busy site sees in a day, with its synonyms).
MASK_CACHE_BYTES = 256 * 2**20
# A query word's scores per document (two float arrays and a mask, search/matching.py `WordMatch`),
# kept per index state: 17 bytes a document, so ~75 words at 50k services.
WORD_CACHE_BYTES = 64 * 2**20
WORD_BYTES_PER_DOCUMENT = 17

# A facet key is a small int standing for one (dimension, value) pair, so counting values is one
# numpy bincount. Keys are numbered per segment (`SegmentColumns.facet_pairs`) and again per index
# state (`Snapshot.facet_pairs`): a table lives as long as the data it describes, so values that
# edits remove leave with their segments instead of piling up for the life of the process.
DIMENSION_ORDER = {key: position for position, key in enumerate(dimensions.KEYS)}


def _facet_pairs(meta: dict) -> list[tuple[str, object]]:
    # Each dimension's values are the union of the meta keys it is stored in (a single value or a list;
    # an empty value counts nothing). A key the documents do not store raises: see dimensions.py.
    pairs = []
    for dimension in dimensions.DIMENSIONS:
        values: set = set()
        for name in dimension.stored:
            value = meta[name]
            if isinstance(value, list):
                values.update(value)
            elif value is not None and value != "":
                values.add(value)
        pairs.extend((dimension.key, v) for v in sorted(values, key=str))
    return pairs


def unit_vectors(latitudes: np.ndarray, longitudes: np.ndarray) -> np.ndarray:
    """(3, n): x, y, z of points on the unit sphere."""
    cos_lat = np.cos(latitudes)
    return np.stack((cos_lat * np.cos(longitudes), cos_lat * np.sin(longitudes), np.sin(latitudes)))


def _pairs(metas: list[dict], name: str) -> tuple[np.ndarray, np.ndarray]:
    """(document, value) pairs of a list-valued meta field, as two arrays."""
    documents = np.repeat(np.arange(len(metas)), [len(m[name]) for m in metas])
    values = np.fromiter(chain.from_iterable(m[name] for m in metas), dtype=np.int64, count=len(documents))
    return documents, values


class SegmentColumns:
    """One index segment's `meta` as arrays over its own document numbers. Built once per segment
    and kept across edits: an edit adds a small segment, so a new snapshot only joins arrays."""

    def __init__(self, metas: list[dict]):
        self.count = len(metas)
        self.service_ids = np.fromiter((m["id"] for m in metas), dtype=np.int64, count=self.count)
        self.assured = np.fromiter((m.get("assured", 0) for m in metas), dtype=np.int64, count=self.count)  # ordinal
        self.sort_keys = np.array([m["sort"] for m in metas], dtype=str)
        # every location as one row: a service with three offices has three rows
        self.location_doc = np.repeat(np.arange(self.count), [len(m["loc"]) for m in metas])
        coordinates = np.array([loc for m in metas for loc in m["loc"]], dtype=np.float64).reshape(-1, 2)
        self.location_lat, self.location_lon = coordinates[:, 0].copy(), coordinates[:, 1].copy()
        numbered: dict[tuple[str, object], int] = {}  # (dimension, value) → this segment's facet key
        keys = [[numbered.setdefault(pair, len(numbered)) for pair in _facet_pairs(m)] for m in metas]
        self.facet_pairs = list(numbered)
        self.facet_lengths = np.fromiter((len(k) for k in keys), dtype=np.int64, count=self.count)
        self.facet_keys = np.fromiter(chain.from_iterable(keys), dtype=np.int64, count=int(self.facet_lengths.sum()))
        self.area_place_doc, self.area_place = _pairs(metas, "area_places")
        self.area_municipality_doc, self.area_municipality = _pairs(metas, "area_munis")
        self.located_doc, self.located_place = _pairs(metas, "places")  # the places of its locations

    # -- the segment's cache file (index.live_segments): a fresh process loads these arrays
    # instead of parsing every document's stored meta (~5 s at 50k services, most of a first answer)
    @staticmethod
    @cache
    def version() -> str:
        """Changes with this module and dimensions.py, so a cache file written by other code is not read."""
        sources = Path(__file__).read_bytes() + Path(dimensions.__file__).read_bytes()
        return f"{zlib.crc32(sources):08x}"

    def to_arrays(self) -> dict[str, np.ndarray] | None:
        """The columns as named arrays, the (dimension, value) pairs the segment's facet keys stand
        for as JSON. None: not every column is an array."""
        arrays = {name: value for name, value in vars(self).items() if name not in ("count", "facet_pairs")}
        if not all(isinstance(value, np.ndarray) for value in arrays.values()):
            return None
        arrays["facet_pairs"] = np.array(json.dumps(self.facet_pairs))
        return arrays

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> SegmentColumns:
        columns = cls.__new__(cls)
        columns.facet_pairs = [(dimension, value) for dimension, value in json.loads(str(arrays.pop("facet_pairs")))]
        for name, value in arrays.items():
            setattr(columns, name, value)
        columns.facet_keys = columns.facet_keys.astype(np.int64, copy=False)
        columns.count = len(columns.service_ids)
        return columns


class Snapshot:
    """Arrays over document numbers 0 … size-1 for one index state; deleted documents are not live."""

    def __init__(self, token: object, segments: list[tuple[int, SegmentColumns, np.ndarray]]):
        """`segments`: (first document number, columns, deleted local document numbers) per segment."""
        self.token = token
        self.size = max((offset + columns.count for offset, columns, _ in segments), default=0)
        self.live = np.zeros(self.size, dtype=bool)
        self.service_ids = np.zeros(self.size, dtype=np.int64)
        self.assured = np.zeros(self.size, dtype=np.int64)
        facet_lengths = np.zeros(self.size, dtype=np.int64)
        for offset, columns, deleted in segments:
            window = slice(offset, offset + columns.count)
            self.live[window] = True
            self.live[deleted + offset] = False
            self.service_ids[window] = columns.service_ids
            self.assured[window] = columns.assured
            facet_lengths[window] = columns.facet_lengths
        # The name order and the location layout are made on first use (name_rank, _locations): a
        # word search needs neither, and together they were ~55 ms of a fresh process's first
        # answer at 50k services. The segments' columns are kept per segment by the index anyway.
        self._segments = segments
        self.count = int(np.count_nonzero(self.live))

        # this index state's facet keys: every segment's pairs, numbered by dimension, then value
        self.facet_pairs: tuple[tuple[str, object], ...] = tuple(sorted(
            {pair for _offset, columns, _deleted in segments for pair in columns.facet_pairs},
            key=lambda pair: (DIMENSION_ORDER[pair[0]], str(pair[1]))))
        self._facet_key = {pair: key for key, pair in enumerate(self.facet_pairs)}
        self.key_count = len(self.facet_pairs)

        joined = self._joined
        # facet keys in compressed rows: the keys of document d are facet_keys[start[d]:start[d + 1]]
        self.facet_start = np.concatenate(([0], np.cumsum(facet_lengths)))
        self.facet_keys = np.concatenate([self._state_keys(columns) for _offset, columns, _deleted in segments]
                                         or [np.empty(0, dtype=np.int64)])
        self.area_place_doc, self.area_place = joined("area_place_doc", True), joined("area_place")
        self.area_municipality_doc, self.area_municipality = joined("area_municipality_doc", True), joined(
            "area_municipality")
        self.located_doc, self.located_place = joined("located_doc", True), joined("located_place")
        self.municipality_wide = np.zeros(self.size, dtype=bool)
        self.municipality_wide[self.area_municipality_doc] = True
        self._masks: dict[object, np.ndarray] = {}
        self._values: dict[object, object] = {}
        self._by_dimension: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}

    def _joined(self, name: str, is_document: bool = False, dtype=np.int64) -> np.ndarray:
        """One array from every segment's; document numbers shifted by the segment's first."""
        parts = [getattr(columns, name) + (offset if is_document else 0) for offset, columns, _ in self._segments]
        return np.concatenate(parts).astype(dtype, copy=False) if parts else np.empty(0, dtype=dtype)

    # Made on first use; two threads may both make one, which is harmless (same arrays).
    @cached_property
    def name_rank(self) -> np.ndarray:
        """Alphabetical position, for browsing and for equal distances."""
        sort_keys = np.zeros(self.size, dtype=str)
        for offset, columns, _deleted in self._segments:
            sort_keys = sort_keys.astype(np.result_type(sort_keys, columns.sort_keys))
            sort_keys[offset : offset + columns.count] = columns.sort_keys
        rank = np.empty(self.size, dtype=np.int64)
        rank[np.lexsort((self.service_ids, sort_keys))] = np.arange(self.size)
        return rank

    @cached_property
    def _locations(self) -> tuple[np.ndarray, ...]:
        """Locations sorted by latitude (the band of a radius is found by binary search), each as a
        point on the unit sphere (a distance then needs no sine per location), and whether its
        service has more than one (then the nearest counts; the others take theirs directly)."""
        latitudes, longitudes = self._joined("location_lat", dtype=float), self._joined("location_lon", dtype=float)
        by_latitude = np.argsort(latitudes, kind="stable")
        doc = self._joined("location_doc", True)[by_latitude]
        lat = latitudes[by_latitude]
        x, y, z = unit_vectors(np.radians(lat), np.radians(longitudes[by_latitude]))
        shared = np.bincount(doc, minlength=self.size)[doc] > 1
        return doc, lat, x, y, z, shared

    location_doc = property(lambda self: self._locations[0])
    location_lat = property(lambda self: self._locations[1])
    location_x = property(lambda self: self._locations[2])
    location_y = property(lambda self: self._locations[3])
    location_z = property(lambda self: self._locations[4])
    location_shared = property(lambda self: self._locations[5])

    def _state_keys(self, columns: SegmentColumns) -> np.ndarray:
        """A segment's facet keys renumbered as this index state's."""
        renumbered = np.array([self._facet_key[pair] for pair in columns.facet_pairs], dtype=np.int64)
        return renumbered[columns.facet_keys] if len(renumbered) else np.empty(0, dtype=np.int64)

    # -- sets of services ----------------------------------------------------------------
    def mask_of(self, docnums: np.ndarray) -> np.ndarray:
        """A mask from document numbers (posting lists may name deleted ones: they stay off)."""
        mask = np.zeros(self.size, dtype=bool)
        mask[docnums[docnums < self.size]] = True
        return mask & self.live

    def cached_mask(self, key: object, build) -> np.ndarray:
        """A mask kept for this index state (filters, posting lists); `build()` makes it once."""
        mask = self._masks.get(key)
        if mask is None:
            if (len(self._masks) + 1) * max(self.size, 1) > MASK_CACHE_BYTES:
                self._masks = {}  # replaced whole: another thread may be reading the old one
            mask = self._masks[key] = build()
        return mask

    def cached_value(self, key: object, build) -> object:
        """A query word's arrays over the documents, kept for this index state (`WORD_CACHE_BYTES`);
        `build()` makes them once."""
        value = self._values.get(key)
        if value is None:
            if (len(self._values) + 1) * WORD_BYTES_PER_DOCUMENT * max(self.size, 1) > WORD_CACHE_BYTES:
                self._values = {}  # replaced whole: another thread may be reading the old one
            value = self._values[key] = build()
        return value

    @cached_property
    def _facet_docs(self) -> np.ndarray:
        """The document of each entry of `facet_keys`."""
        return np.repeat(np.arange(self.size), np.diff(self.facet_start))

    def docs_with_any(self, dimension: str, values: Iterable) -> np.ndarray:
        """Services with any of the values in a facet dimension ("area_municipality": services whose
        service area covers the whole municipality)."""
        values = frozenset(values)

        def build() -> np.ndarray:
            if dimension == "area_municipality":
                return self.mask_of(self.area_municipality_doc[np.isin(self.area_municipality, list(values))])
            keys = [self._facet_key[(dimension, v)] for v in values if (dimension, v) in self._facet_key]
            return self.mask_of(self._facet_docs[np.isin(self.facet_keys, keys)])

        return self.cached_mask(("facet", dimension, values), build)

    def confirmed_since(self, day: int) -> np.ndarray:
        """Services a person confirmed on or after `day` (an ordinal)."""
        return self.cached_mask(("confirmed", day), lambda: self.live & (self.assured >= day))

    # -- facets --------------------------------------------------------------------------
    def count_keys(self, docnums: np.ndarray, dimension: str | None = None) -> np.ndarray:
        """How many of the documents carry each facet key (an array indexed by key); with a
        dimension, only that dimension's keys are counted (the others stay 0)."""
        if dimension is not None:  # a facet's near misses: only its own keys, one or two a document
            starts, keys = self._entries_of(frozenset({dimension}))
            return _count_entries(docnums, starts, keys, self.key_count)
        layout = self._facet_layout
        if len(docnums) < 2 * len(layout.pattern_bits):
            # a few documents: key by key is cheaper than a pass over every pattern
            return _count_entries(docnums, self.facet_start, self.facet_keys, self.key_count)
        # one bincount over the documents' patterns, then each used pattern's bits
        per_pattern = np.bincount(layout.pattern[docnums], minlength=len(layout.pattern_bits))
        used = np.flatnonzero(per_pattern)
        counts = np.zeros(self.key_count, dtype=np.int64)
        counts[layout.packed_keys] = per_pattern[used] @ layout.pattern_bits[used]
        starts, keys = self._entries_of(layout.unpacked)
        return counts + _count_entries(docnums, starts, keys, self.key_count)

    @cached_property
    def _facet_layout(self) -> _FacetLayout:
        """How facet keys are counted (`count_keys`). The dimensions with few values (kind, tier,
        cost, municipality, theme, audience, day: 45 values) are bits of one 64-bit pattern per
        document, and 50k services have only ~600 different patterns: counting them is one bincount
        over the selected documents instead of a pass over each of their ~10 keys. Dimensions with
        many values (places) are counted key by key."""
        dimension_of = [dimension for dimension, _value in self.facet_pairs]
        values = {dimension: dimension_of.count(dimension) for dimension in dict.fromkeys(dimension_of)}
        packed, bits = set(), 0
        for dimension, count in sorted(values.items(), key=lambda item: (item[1], item[0])):
            if bits + count > 64:
                break
            packed.add(dimension)
            bits += count
        packed_keys = np.array([key for key in range(self.key_count) if dimension_of[key] in packed], dtype=np.int64)
        bit_of = np.full(self.key_count, -1, dtype=np.int64)
        bit_of[packed_keys] = np.arange(len(packed_keys))
        entry_bits = bit_of[self.facet_keys]
        docs, entry_bits = self._facet_docs[entry_bits >= 0], entry_bits[entry_bits >= 0]
        pattern = np.zeros(self.size, dtype=np.uint64)
        if len(docs):  # a document's keys are contiguous: OR each run of entries
            firsts = np.flatnonzero(np.concatenate(([True], docs[1:] != docs[:-1])))
            bit_values = np.left_shift(np.uint64(1), entry_bits.astype(np.uint64))
            pattern[docs[firsts]] = np.bitwise_or.reduceat(bit_values, firsts)
        patterns, inverse = np.unique(pattern, return_inverse=True)
        pattern_bits = np.unpackbits(patterns.astype("<u8").view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
        return _FacetLayout(frozenset(values) - frozenset(packed), inverse.reshape(-1),
                            pattern_bits[:, : len(packed_keys)].astype(np.int64), packed_keys)  # fmt: skip

    def _entries_of(self, wanted: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """`facet_start` and `facet_keys` of some dimensions' keys only (a facet's near misses,
        the services that fail only its own filter, count only its own)."""
        found = self._by_dimension.get(wanted)
        if found is None:
            keys = [key for key, (dimension, _value) in enumerate(self.facet_pairs) if dimension in wanted]
            entries = np.isin(self.facet_keys, keys)
            lengths = np.bincount(self._facet_docs[entries], minlength=self.size)
            starts = np.concatenate(([0], np.cumsum(lengths)))
            found = self._by_dimension[wanted] = (starts, self.facet_keys[entries])
        return found


@dataclass(frozen=True)
class _FacetLayout:
    unpacked: frozenset[str]  # dimensions counted key by key
    pattern: np.ndarray  # per document: its pattern
    pattern_bits: np.ndarray  # per pattern: 0/1 for each packed key
    packed_keys: np.ndarray  # the facet key of each bit


def _count_entries(docnums: np.ndarray, facet_start: np.ndarray, facet_keys: np.ndarray, key_count: int) -> np.ndarray:
    """How many of the documents carry each key, from keys in compressed rows."""
    starts = facet_start[docnums]
    lengths = facet_start[docnums + 1] - starts
    total = int(lengths.sum())
    if not total:
        return np.zeros(key_count, dtype=np.int64)
    # positions of every key of every selected document, without a Python loop
    shifts = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.bincount(facet_keys[shifts + np.arange(total)], minlength=key_count)
