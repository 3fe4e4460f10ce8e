"""Near-duplicate bodies by MinHash and LSH: the story-clustering algorithm (pure, no database).

Each article body becomes a set of word 4-grams (its *shingles*, hashed from per-word hashes)
summarised by a 126-value MinHash signature computed with numpy. Signatures are cut into 42
bands of 3 values; each band hashes to a bucket, so two bodies that overlap a lot share a
bucket with high probability (0.84 at a Jaccard similarity of 0.35, 0.98 at 0.45) and
unrelated ones almost never do (0.005 at 0.05). ``newscrawl.db.clusters`` keeps the buckets
and the stories in the database; ``newscrawl.clustering.evaluation`` scores the matcher on
labelled texts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NUM_PERM = 126
SHINGLE_WORDS = 4
BANDS = 42
ROWS = NUM_PERM // BANDS
SEED = 1
SCHEME = f"minhash{NUM_PERM}-xw{SHINGLE_WORDS}-b{BANDS}r{ROWS}"
"""Stored with every signature; signatures of another scheme are never compared."""
MIN_SHINGLES = 20
"""Bodies with fewer distinct shingles (about 23 words) get a story of their own, unmatched."""
MATCH_JACCARD = 0.45
"""Two bodies are one story when their estimated Jaccard similarity reaches this..."""
MATCH_CONTAINMENT = 0.75
CONTAINMENT_FLOOR = 0.25
"""...or when most of the shorter one is inside the longer one (a trimmed copy)."""

_WORD = re.compile(r"\w+")


def shingles(text: str) -> set[str]:
    """Distinct word 4-grams of a text, case- and width-folded (any script)."""
    words = _words(text or "")
    # Each window of SHINGLE_WORDS consecutive words, joined by one space (zip of shifted lists
    # builds the same strings as slicing, without a slice object per window).
    return set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)))


@dataclass(frozen=True)
class Signature:
    """A MinHash signature (``NUM_PERM`` uint32 values) and the size of the set it summarises."""

    values: bytes
    size: int

    def hashvalues(self) -> Any:
        import numpy as np

        return np.frombuffer(self.values, dtype="<u4")

    def buckets(self) -> list[int]:
        """One signed 64-bit LSH bucket per band; the band number is part of the hash."""
        import numpy as np

        bands = self.hashvalues().astype(np.uint64).reshape(BANDS, ROWS)
        key = np.arange(1, BANDS + 1, dtype=np.uint64)
        multiplier = np.uint64(_GRAM_MULTIPLIER)
        for row in range(ROWS):
            key = key * multiplier + bands[:, row]
        return [int(v) for v in _fmix64(key).view(np.int64)]


# The signature (scheme "xw" since migration 0011; before it, datasketch's SHA-1 per shingle):
# every word is hashed once (xxHash32 of its UTF-8), each window of SHINGLE_WORDS word hashes is
# combined into one 64-bit shingle hash with numpy (a polynomial in the word hashes, then the
# MurmurHash3 64-bit finalizer), and the distinct shingle hashes go through NUM_PERM affine
# permutations of 32-bit values (a odd, b, from numpy's RandomState(SEED), as datasketch draws
# them). About half the CPU of hashing each shingle string from Python, and the same accuracy:
# the matches on the labelled texts are the same (tests/test_clusters.py).
_MAX_HASH = (1 << 32) - 1
_GRAM_MULTIPLIER = 0x9E3779B97F4A7C15
_FMIX64 = (33, 0xFF51AFD7ED558CCD, 33, 0xC4CEB9FE1A85EC53, 33)
"""The MurmurHash3 64-bit finalizer (shifts, multipliers): spreads the combined word hashes."""


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    """The affine permutations (a odd, b) for this seed and size."""
    import numpy as np

    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix64(x: Any) -> Any:
    import numpy as np

    s1, m1, s2, m2, s3 = _FMIX64
    x = x ^ (x >> np.uint64(s1))
    x = x * np.uint64(m1)
    x = x ^ (x >> np.uint64(s2))
    x = x * np.uint64(m2)
    return x ^ (x >> np.uint64(s3))


def _words(text: str) -> list[str]:
    """The words shingles are made of: case- and width-folded (any script)."""
    if text.isascii():  # NFKC changes no ASCII text, and casefold is lower there
        return _WORD.findall(text.lower())
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(text: str) -> Any:
    """The distinct 64-bit hashes (sorted numpy uint64) of a text's word 4-grams."""
    import numpy as np
    from xxhash import xxh32_intdigest

    words = _words(text or "")
    count = len(words) - SHINGLE_WORDS + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    hashed = np.fromiter(
        [xxh32_intdigest(word.encode()) for word in words], dtype=np.uint64, count=len(words)
    )
    multiplier = np.uint64(_GRAM_MULTIPLIER)
    grams = hashed[:count]
    for offset in range(1, SHINGLE_WORDS):  # uint64 arithmetic wraps: a polynomial mod 2^64
        grams = grams * multiplier + hashed[offset : offset + count]
    return np.unique(_fmix64(grams))


def minhash_values(hashes: Any) -> bytes:
    """The MinHash values (``NUM_PERM`` little-endian uint32) of distinct shingle hashes."""
    import numpy as np

    if len(hashes) == 0:
        return np.full(NUM_PERM, _MAX_HASH, dtype="<u4").tobytes()
    hv = (hashes >> np.uint64(32)).astype(np.uint32).reshape(-1, 1)
    a, b = _permutations()
    values = (hv * a + b).min(axis=0)  # uint32 arithmetic wraps: that is the modulo 2^32
    return values.astype("<u4").tobytes()


def signature(text: str) -> Signature | None:
    """The MinHash signature of a body, or None when it is too short to compare."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    return Signature(minhash_values(hashes), len(hashes))


def similarity(a: Signature, b: Signature) -> tuple[float, float]:
    """(estimated Jaccard similarity, estimated containment of the smaller set in the larger)."""
    import numpy as np

    return scores(int(np.count_nonzero(a.hashvalues() == b.hashvalues())), a.size, b.size)


def scores(equal: int, size_a: int, size_b: int) -> tuple[float, float]:
    """:func:`similarity` from the number of equal signature values and the two set sizes."""
    jaccard = float(equal) / NUM_PERM
    # |A ∩ B| = J (|A| + |B|) / (1 + J)
    overlap = jaccard * (size_a + size_b) / (1 + jaccard)
    containment = min(1.0, overlap / min(size_a, size_b))
    return jaccard, containment


def match_counts(sig: Signature, others: Sequence[Signature]) -> list[int]:
    """How many of ``sig``'s values each of ``others`` shares (one comparison for them all)."""
    if not others:
        return []
    import numpy as np

    matrix = np.frombuffer(b"".join(o.values for o in others), dtype="<u4")
    return (matrix.reshape(len(others), NUM_PERM) == sig.hashvalues()).sum(axis=1).tolist()


def is_match(jaccard: float, containment: float) -> bool:
    return jaccard >= MATCH_JACCARD or (
        containment >= MATCH_CONTAINMENT and jaccard >= CONTAINMENT_FLOOR
    )
