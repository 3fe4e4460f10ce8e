"""Near-duplicate bodies by MinHash and LSH: the story-clustering algorithm (pure, no database).

Each article body becomes a set of word 4-grams (its *shingles*) summarised by a 126-value
MinHash signature (datasketch's scheme, computed here with numpy). Signatures are cut into 42
bands of 3 values; each band hashes to a bucket, so two bodies that overlap a lot share a
bucket with high probability (0.84 at a Jaccard similarity of 0.35, 0.98 at 0.45) and
unrelated ones almost never do (0.005 at 0.05). ``newscrawl.db.clusters`` keeps the buckets
and the stories in the database; ``newscrawl.clustering.evaluation`` scores the matcher on
labelled texts.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

NUM_PERM = 126
SHINGLE_WORDS = 4
BANDS = 42
ROWS = NUM_PERM // BANDS
SEED = 1
SCHEME = f"minhash{NUM_PERM}-w{SHINGLE_WORDS}-b{BANDS}r{ROWS}"
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
    words = _WORD.findall(unicodedata.normalize("NFKC", text or "").casefold())
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
        width = ROWS * 4
        out = []
        for band in range(BANDS):
            chunk = self.values[band * width : (band + 1) * width]
            digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
            out.append(int.from_bytes(digest, "little", signed=True))
        return out


# datasketch's MinHash(num_perm=126, seed=1, hashfunc=sha1_hash32, scheme="affine32"), computed
# here with numpy: importing datasketch pulls in scipy (most of a second per crawl), and one
# vectorised pass over a body's shingles is cheaper than its per-sketch bookkeeping. The
# values are the same bit for bit (tests/test_fast_paths.py compares them with datasketch).
_MAX_HASH = (1 << 32) - 1
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
"""The MurmurHash3 32-bit finalizer datasketch mixes every input hash with (shifts, multipliers)."""


@lru_cache(maxsize=1)
def _permutations() -> tuple[Any, Any]:
    """The affine permutations (a odd, b) datasketch draws for this seed and size."""
    import numpy as np

    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def minhash_values(grams: Iterable[str]) -> bytes:
    """The MinHash values (``NUM_PERM`` little-endian uint32) of a set of shingles."""
    import numpy as np

    sha1 = hashlib.sha1
    # sha1_hash32: the first four bytes of each shingle's SHA-1, read as a little-endian uint32.
    digests = b"".join([sha1(g.encode("utf-8")).digest()[:4] for g in grams])
    if not digests:
        return np.full(NUM_PERM, _MAX_HASH, dtype="<u4").tobytes()
    hv = np.frombuffer(digests, dtype="<u4").astype(np.uint32).reshape(-1, 1)
    s1, m1, s2, m2, s3 = _FMIX32
    hv = hv ^ (hv >> np.uint32(s1))
    hv = hv * np.uint32(m1)
    hv = hv ^ (hv >> np.uint32(s2))
    hv = hv * np.uint32(m2)
    hv = hv ^ (hv >> np.uint32(s3))
    a, b = _permutations()
    values = (hv * a + b).min(axis=0)  # uint32 arithmetic wraps: that is the modulo 2^32
    return values.astype("<u4").tobytes()


def signature(text: str) -> Signature | None:
    """The MinHash signature of a body, or None when it is too short to compare."""
    grams = shingles(text)
    if len(grams) < MIN_SHINGLES:
        return None
    return Signature(minhash_values(grams), len(grams))


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
