"""MinHash signatures and a banded LSH index for near-duplicate text.

The pieces, in the order the data flows:

1. :func:`shingle_hashes` turns a token list into the set of its word
   *k*-shingles (every run of *k* consecutive tokens), each as a 32-bit hash.
2. :class:`MinHasher` keeps, for each of ``num_perm`` random hash functions
   ``h_j``, the smallest ``h_j`` over the shingles: the *signature*. For two
   sets A and B and a random ``h`` (ideally a random permutation), the element
   of A ∪ B with the smallest hash is equally likely to be any of them, and both minima are equal exactly when
   it lies in A ∩ B, so ``P[min h(A) = min h(B)] = |A ∩ B| / |A ∪ B| = J``.
3. :func:`jaccard` estimates J as the share of equal signature positions, with
   standard error ``sqrt(J (1 - J) / num_perm)``.
4. :class:`LSHIndex` finds pairs of similar signatures without comparing every
   pair: see its docstring for the S-curve.
5. For whole collections, all at once: :func:`sequence_shingles` and
   :meth:`MinHasher.signatures_of_runs` over many texts laid end to end,
   :func:`band_keys` (64-bit LSH keys that a database can index) and
   :func:`similar_pairs`. :func:`newsbrief.reuse.detect.near_duplicates` finds
   syndicated articles with them, with :class:`NearDuplicateOptions`.

>>> tokens_a = "the flood cut the northern rail line on monday morning".split()
>>> tokens_b = "the flood cut the northern rail line on monday night".split()
>>> hasher = MinHasher(num_perm=128, seed=1)
>>> sig_a, sig_b = hasher.signatures([shingle_hashes(tokens_a, k=2), shingle_hashes(tokens_b, k=2)])
>>> index = LSHIndex(threshold=0.5, num_perm=128)
>>> index.add("a", sig_a)
>>> index.query(sig_b)
['a']
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import numpy.typing as npt

__all__ = [
    "LSHIndex",
    "MinHasher",
    "NearDuplicateOptions",
    "band_keys",
    "choose_bands",
    "jaccard",
    "sequence_shingles",
    "shingle_hashes",
    "similar_pairs",
    "signature_from_bytes",
    "signature_to_bytes",
]

_UINT64 = np.uint64
_SHIFT32 = _UINT64(32)
# MurmurHash3's 32-bit finaliser constants.
_FMIX32_1 = np.uint32(0x85EBCA6B)
_FMIX32_2 = np.uint32(0xC2B2AE35)
_SHIFT13 = np.uint32(13)
_SHIFT16 = np.uint32(16)
_GOLDEN = 0x9E3779B97F4A7C15
_MASK64 = (1 << 64) - 1
# Signatures are stored as little-endian uint32 whatever the machine.
_SIGNATURE_DTYPE = np.dtype("<u4")
# Cells (shingles x permutations) hashed per block in MinHasher.signatures:
# 8 MiB of uint64. Blocks are laid out permutation-major so that every numpy
# inner loop runs over thousands of shingles; short inner loops (one row of
# 128 permutations) cost several times more per cell.
_BLOCK_CELLS = 1 << 20
_MAX_K = 64


def _mix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's fmix32, in place: a fixed bijection of 32-bit words in
    which every input bit flips each output bit with probability about 1/2."""
    values ^= values >> _SHIFT16
    values *= _FMIX32_1
    values ^= values >> _SHIFT13
    values *= _FMIX32_2
    values ^= values >> _SHIFT16
    return values


def _splitmix64(index: int) -> int:
    """Element ``index`` of the splitmix64 sequence of seed 0: a fixed, well-mixed 64-bit word."""
    z = (index + 1) * _GOLDEN & _MASK64
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9 & _MASK64
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB & _MASK64
    return z ^ (z >> 31)


# One fixed multiplier per position in a shingle, so shingles are order sensitive.
_POSITION_MULTIPLIERS = tuple(_UINT64(_splitmix64(position)) for position in range(_MAX_K))


def _token_hashes(tokens: Sequence[str]) -> np.ndarray:
    """CRC-32 of each token's UTF-8 bytes, as uint64."""
    try:
        return np.fromiter(map(zlib.crc32, map(str.encode, tokens)), dtype=np.uint64, count=len(tokens))
    except UnicodeEncodeError:
        # A lone surrogate (broken input) cannot be strict UTF-8; this path is
        # lossless but twice as slow, so it is only the fallback.
        encoded = (token.encode("utf-8", "surrogatepass") for token in tokens)
        return np.fromiter(map(zlib.crc32, encoded), dtype=np.uint64, count=len(tokens))


def shingle_hashes(tokens: Sequence[str], k: int = 5) -> np.ndarray:
    """32-bit hashes of the word ``k``-shingles of ``tokens``, in text order.

    Each token is hashed once (CRC-32 of its UTF-8 bytes, which is stable across
    runs, unlike Python's salted ``hash``) and the shingles are hashed by
    :func:`sequence_shingles`. A text of fewer than ``k`` tokens gives one
    shingle of all its tokens; an empty one gives none. ``k`` is at most 64.
    Repeated shingles are kept (a MinHash signature does not depend on them).

    Examples
    --------
    >>> h = shingle_hashes("a b c d e f".split(), k=5)
    >>> h.dtype, len(h)
    (dtype('uint32'), 2)
    >>> bool(h[1] == shingle_hashes("b c d e f".split(), k=5)[0])
    True
    >>> len(shingle_hashes(["only", "three", "tokens"], k=5))
    1
    """
    if not 1 <= k <= _MAX_K:
        raise ValueError(f"k must lie in [1, {_MAX_K}], got {k}")
    values = _token_hashes(tokens)
    if len(values) >= k:
        return (_windows(values, k) >> _SHIFT32).astype(np.uint32)
    hashes, _ = _shingles(values, np.array([len(values)], dtype=np.int64), k)
    return hashes


def sequence_shingles(token_hashes: npt.ArrayLike, lengths: npt.ArrayLike, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of many token sequences at once, and how many each has.

    ``token_hashes`` are 32-bit token hashes of several sequences laid end to
    end, ``lengths[i]`` of them for sequence ``i``. A shingle's hash is the top
    32 bits of ``sum_p R_p t_p mod 2^64`` over its token hashes ``t_p``, with a
    fixed 64-bit multiplier ``R_p`` per position: vector multiply-shift hashing,
    which for random ``R_p`` makes two different shingles collide with
    probability about ``2^-32``. A sequence of fewer than ``k`` tokens gives one
    shingle of all its tokens, an empty one none. The hashes come in sequence
    and text order; shingles never span two sequences.

    >>> hashes, counts = sequence_shingles(np.array([5, 6, 7, 8, 9], dtype=np.uint32), [3, 0, 2], k=2)
    >>> counts.tolist()
    [2, 0, 1]
    >>> bool(hashes[2] == sequence_shingles(np.array([8, 9], dtype=np.uint32), [2], k=2)[0][0])
    True
    """
    if not 1 <= k <= _MAX_K:
        raise ValueError(f"k must lie in [1, {_MAX_K}], got {k}")
    values = _check_uint32(np.asarray(token_hashes), "token hashes").astype(np.uint64)
    sizes = np.asarray(lengths, dtype=np.int64)
    if sizes.ndim != 1 or (sizes < 0).any() or int(sizes.sum()) != len(values):
        raise ValueError(f"lengths must be non-negative and add up to the {len(values)} token hashes")
    return _shingles(values, sizes, k)


def _windows(values: np.ndarray, k: int) -> np.ndarray:
    """``sum_p R_p values[i + p] mod 2^64`` for every window of ``k`` values, by ``k`` slices."""
    stop = len(values) - k + 1
    windows = values[:stop] * _POSITION_MULTIPLIERS[0]
    for position in range(1, k):
        # Arithmetic wraps modulo 2^64 on purpose: a fixed linear mix.
        windows += values[position : position + stop] * _POSITION_MULTIPLIERS[position]
    return windows


def _shingles(values: np.ndarray, sizes: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`sequence_shingles` of checked uint64 ``values`` (each below 2^32)."""
    counts = np.where(sizes > 0, np.maximum(sizes - k + 1, 1), 0)
    # Every window of k tokens (a window may cross into the next sequence; only
    # those starting early enough in theirs are kept).
    windows = _windows(values, k) if len(values) >= k else np.empty(0, dtype=np.uint64)
    ends = np.cumsum(sizes)
    total = int(counts.sum())
    # Where each shingle starts.
    first = np.repeat(ends - sizes - (np.cumsum(counts) - counts), counts) + np.arange(total, dtype=np.int64)
    combined = np.empty(total, dtype=np.uint64)
    short = np.repeat(sizes < k, counts)
    combined[~short] = windows[first[~short]]
    # A sequence shorter than k is one shingle of the tokens it has.
    starts, stops = first[short], np.repeat(ends, counts)[short]
    partial = values[starts] * _POSITION_MULTIPLIERS[0]
    for position in range(1, k):
        inside = starts + position < stops
        partial += np.where(inside, values[np.where(inside, starts + position, 0)], _UINT64(0)) * _POSITION_MULTIPLIERS[position]
    combined[short] = partial
    return (combined >> _SHIFT32).astype(np.uint32), counts


class MinHasher:
    """MinHash signatures of shingle-hash sets, ``num_perm`` values each.

    Hash function ``j`` is multiply-add-shift hashing (Dietzfelbinger 1996; see
    Thorup, *High Speed Hashing for Integers and Strings*, 2015)::

        h_j(x) = ((a_j * x + b_j) mod 2^64) >> 32       x < 2^32, a_j, b_j < 2^64

    With ``a_j, b_j`` uniform this family is strongly universal (pairwise
    independent): the guarantee of the Carter-Wegman ``(a x + b) mod p`` family
    with the Mersenne prime ``p = 2^61 - 1`` (datasketch's legacy scheme), but
    with no modulo: one multiply and one add per shingle and permutation in
    wrapping uint64 arithmetic, which numpy vectorises. (Exact arithmetic
    modulo ``2^61 - 1`` takes some 17 numpy operations per cell and is several
    times slower.) The signature value ``j`` is ``min_x h_j(x)``, the top half
    of the 64-bit minimum, so the shift is done once per set, not per shingle.

    Pairwise independence is not quite enough for MinHash on structured keys:
    on runs of consecutive integers the estimate of J = 1/3 comes out about
    0.05 low. So every key is first passed through MurmurHash3's fmix32, a
    fixed bijection of 32-bit words (as datasketch does), which makes such keys
    look random. It costs one pass over the keys, not over keys x permutations.

    The ``a_j, b_j`` come from ``numpy.random.RandomState(seed)``, whose stream
    numpy keeps fixed across versions, so stored signatures stay comparable.
    An empty set gets the signature of all ``2^32 - 1``.

    Examples
    --------
    >>> hasher = MinHasher(num_perm=64, seed=1)
    >>> sig = hasher.signature(np.array([3, 1, 4, 1, 5], dtype=np.uint32))
    >>> sig.shape, sig.dtype
    ((64,), dtype('uint32'))
    >>> bool((sig == MinHasher(num_perm=64, seed=1).signature(np.array([5, 4, 3, 1], dtype=np.uint32))).all())
    True
    """

    def __init__(self, num_perm: int = 128, seed: int = 1) -> None:
        if num_perm < 1:
            raise ValueError(f"num_perm must be at least 1, got {num_perm}")
        self.num_perm = num_perm
        self.seed = seed
        generator = np.random.RandomState(seed)
        multipliers = generator.randint(0, 1 << 64, size=num_perm, dtype=np.uint64)
        increments = generator.randint(0, 1 << 64, size=num_perm, dtype=np.uint64)
        for array in (multipliers, increments):
            array.flags.writeable = False
        self._multipliers, self._increments = multipliers, increments

    def __repr__(self) -> str:
        return f"MinHasher(num_perm={self.num_perm}, seed={self.seed})"

    @property
    def parameters(self) -> tuple[np.ndarray, np.ndarray]:
        """The read-only ``(a, b)`` arrays of the ``num_perm`` hash functions."""
        return self._multipliers, self._increments

    def signature(self, hashes: npt.ArrayLike) -> np.ndarray:
        """The signature (``num_perm`` uint32) of one set of 32-bit hashes."""
        signature: np.ndarray = self.signatures([hashes])[0]
        return signature

    def signatures(self, hash_arrays: Sequence[npt.ArrayLike]) -> np.ndarray:
        """Signatures of many sets at once: an ``(n, num_perm)`` uint32 array.

        >>> MinHasher(num_perm=8).signatures([np.array([1, 2], dtype=np.uint32), np.array([], dtype=np.uint32)]).shape
        (2, 8)
        """
        arrays = [np.asarray(hashes) for hashes in hash_arrays]
        lengths = np.fromiter(map(len, arrays), dtype=np.int64, count=len(arrays))
        # Empty arrays are left out: np.asarray([]) is float64 and would turn
        # the whole concatenation into floats.
        values = np.concatenate([a for a in arrays if len(a)]) if lengths.any() else np.empty(0, dtype=np.uint32)
        return self.signatures_of_runs(values, lengths)

    def signatures_of_runs(self, hashes: npt.ArrayLike, lengths: npt.ArrayLike) -> np.ndarray:
        """Signatures of sets laid end to end: set ``i`` is the next ``lengths[i]``
        of ``hashes``. An ``(len(lengths), num_perm)`` uint32 array.

        The hashes are processed in blocks of 8 MiB (every permutation of
        thousands of shingles at once), and each block is reduced per set with
        ``np.minimum.reduceat``, so memory stays bounded and small sets cost no
        Python work of their own.

        >>> hasher = MinHasher(num_perm=8)
        >>> runs = hasher.signatures_of_runs(np.array([1, 2, 3], dtype=np.uint32), [2, 0, 1])
        >>> bool((runs[2] == hasher.signature(np.array([3], dtype=np.uint32))).all())
        True
        """
        lengths = np.asarray(lengths, dtype=np.int64)
        minima = np.full((len(lengths), self.num_perm), 0xFFFFFFFF, dtype=np.uint32)
        values = np.asarray(hashes)
        if values.size:  # an empty list is float64 to numpy, yet a valid empty run
            _check_uint32(values, "shingle hashes")
        total = int(lengths.sum())
        if (lengths < 0).any() or total != len(values):
            raise ValueError(f"lengths must be non-negative and add up to the {len(values)} hashes")
        if total:
            ends = np.cumsum(lengths)
            starts = ends - lengths
            multipliers, increments = self._multipliers[:, None], self._increments[:, None]
            block_width = max(1, _BLOCK_CELLS // self.num_perm)
            block = np.empty((self.num_perm, min(block_width, total)), dtype=np.uint64)
            for low in range(0, total, block_width):
                high = min(low + block_width, total)
                hashed = block[:, : high - low]
                keys = _mix32(values[low:high].astype(np.uint32)).astype(np.uint64)
                np.multiply(multipliers, keys, out=hashed)
                hashed += increments
                # The sets with shingles in [low, high): a set cut by a block edge
                # is reduced in both blocks and the two minima are combined.
                sets = np.arange(np.searchsorted(ends, low, side="right"), np.searchsorted(starts, high, side="left"))
                sets = sets[lengths[sets] > 0]
                segment_starts = np.maximum(starts[sets], low) - low
                # The top half of a minimum is the minimum of the top halves.
                block_minima = (np.minimum.reduceat(hashed, segment_starts, axis=1) >> _SHIFT32).astype(np.uint32)
                minima[sets] = np.minimum(minima[sets], block_minima.T)
        return minima


def _check_uint32(values: np.ndarray, what: str) -> np.ndarray:
    """``values`` if it is a 1-D array of integers in [0, 2^32), else ValueError."""
    if values.ndim != 1 or values.dtype.kind not in "ui":
        raise ValueError(f"{what} must be a 1-D integer array, got {values.dtype} with {values.ndim} dimensions")
    wide = values.dtype.itemsize > 4 or values.dtype.kind == "i"
    if wide and values.size and (values.min() < 0 or values.max() > 0xFFFFFFFF):
        raise ValueError(f"{what} must lie in [0, 2^32)")
    return values


def jaccard(sig_a: np.ndarray, sig_b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two sets from their signatures.

    The share of positions where the signatures agree; each position agrees with
    probability J, so the estimate is unbiased with standard error
    ``sqrt(J (1 - J) / num_perm)``.

    >>> jaccard(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 4]))
    0.75
    """
    a, b = np.asarray(sig_a), np.asarray(sig_b)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError(f"signatures must be non-empty 1-D arrays of one length, got shapes {a.shape} and {b.shape}")
    return float(np.count_nonzero(a == b)) / a.size


def choose_bands(
    threshold: float, num_perm: int, false_positive_weight: float = 0.5, false_negative_weight: float = 0.5
) -> tuple[int, int]:
    """The ``(bands, rows)``, ``bands * rows <= num_perm``, that minimise the
    weighted error of LSH at a Jaccard ``threshold``.

    A pair of similarity ``s`` becomes a candidate with probability
    ``P(s) = 1 - (1 - s^r)^b``. The false positive mass is the area under P
    below the threshold, ``∫_0^t P(s) ds``, and the false negative mass the area
    above it, ``∫_t^1 (1 - P(s)) ds``; the choice minimises their weighted sum,
    as datasketch does. P is a polynomial of degree ``b r <= num_perm``, so
    Gauss-Legendre quadrature with ``num_perm // 2 + 1`` nodes integrates it
    exactly.

    >>> choose_bands(0.5, 128)
    (25, 5)
    """
    if not 0.0 < threshold < 1.0:
        raise ValueError(f"threshold must lie in (0, 1), got {threshold}")
    if num_perm < 1:
        raise ValueError(f"num_perm must be at least 1, got {num_perm}")
    bands, rows = zip(*[(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)])
    b = np.array(bands, dtype=np.float64)[:, None]
    r = np.array(rows, dtype=np.float64)[:, None]
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def area(low: float, high: float, false_negative: bool) -> np.ndarray:
        s = (high - low) / 2 * nodes + (high + low) / 2
        miss = (1.0 - s**r) ** b  # 1 - P(s), per (b, r) row
        return ((miss if false_negative else 1.0 - miss) @ weights) * (high - low) / 2

    error = false_positive_weight * area(0.0, threshold, False) + false_negative_weight * area(threshold, 1.0, True)
    best = int(np.argmin(error))  # the first minimum: fewest bands, then fewest rows
    return bands[best], rows[best]


class LSHIndex:
    """Banded locality-sensitive hashing over MinHash signatures.

    The first ``bands * rows`` values of a signature are cut into ``bands``
    slices of ``rows`` values; two keys are candidates when they agree on every
    value of at least one slice. As each value agrees with probability ``s`` (the
    Jaccard similarity), a pair is a candidate with probability
    ``1 - (1 - s^rows)^bands``: an S-curve that rises steeply around
    ``(1 / bands)^(1 / rows)``. ``bands`` and ``rows`` come from
    :func:`choose_bands` for the ``threshold``.

    Each band is a dict from the bytes of a slice to the key holding it (a list
    of keys once several share it), so adding, removing and querying cost
    ``bands`` dict look-ups whatever the size of the index. Most slices are held
    by one key, and storing that key bare rather than in a one-item list saves
    about 90 bytes per key and band.

    Examples
    --------
    >>> hasher = MinHasher()
    >>> index = LSHIndex(threshold=0.5)
    >>> index.add("x", hasher.signature(np.arange(100, dtype=np.uint32)))
    >>> index.add("y", hasher.signature(np.arange(10, 110, dtype=np.uint32)))
    >>> index.add("z", hasher.signature(np.arange(500, 600, dtype=np.uint32)))
    >>> index.candidate_pairs()
    [('x', 'y')]
    >>> index.remove("x")
    >>> len(index), "x" in index
    (2, False)
    """

    def __init__(
        self,
        threshold: float = 0.5,
        num_perm: int = 128,
        false_positive_weight: float = 0.5,
        false_negative_weight: float = 0.5,
    ) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        self.bands, self.rows = choose_bands(threshold, num_perm, false_positive_weight, false_negative_weight)
        width = self.rows * _SIGNATURE_DTYPE.itemsize
        self._cuts = [(band * width, (band + 1) * width) for band in range(self.bands)]
        self._buckets: list[dict[bytes, str | list[str]]] = [{} for _ in range(self.bands)]
        self._slices_of: dict[str, list[bytes]] = {}

    def __repr__(self) -> str:
        return (
            f"LSHIndex(threshold={self.threshold}, num_perm={self.num_perm}, "
            f"bands={self.bands}, rows={self.rows}, keys={len(self)})"
        )

    def __len__(self) -> int:
        return len(self._slices_of)

    def __contains__(self, key: object) -> bool:
        return key in self._slices_of

    def _slices(self, signature: np.ndarray) -> list[bytes]:
        values = _check_uint32(np.asarray(signature), "a signature")
        if len(values) != self.num_perm:
            raise ValueError(f"expected a signature of {self.num_perm} values, got {len(values)}")
        # One dtype whatever the caller passes, so equal values give equal bytes.
        raw = values.astype(_SIGNATURE_DTYPE, copy=False).tobytes()
        return [raw[start:end] for start, end in self._cuts]

    def add(self, key: str, signature: np.ndarray) -> None:
        """Index ``signature`` under ``key``; a key already in the index is a ValueError."""
        if key in self._slices_of:
            raise ValueError(f"key {key!r} is already in the index")
        slices = self._slices(signature)
        self._slices_of[key] = slices
        for buckets, piece in zip(self._buckets, slices):
            held = buckets.get(piece)
            if held is None:
                buckets[piece] = key
            elif isinstance(held, str):
                buckets[piece] = [held, key]
            else:
                held.append(key)

    def remove(self, key: str) -> None:
        """Drop ``key`` from the index; an unknown key is a KeyError."""
        slices = self._slices_of.pop(key)
        for buckets, piece in zip(self._buckets, slices):
            held = buckets[piece]
            if isinstance(held, str):
                del buckets[piece]
            else:
                held.remove(key)
                if len(held) == 1:
                    buckets[piece] = held[0]

    def query(self, signature: np.ndarray) -> list[str]:
        """The keys sharing at least one band with ``signature``, sorted."""
        found: set[str] = set()
        for buckets, piece in zip(self._buckets, self._slices(signature)):
            held = buckets.get(piece)
            if isinstance(held, str):
                found.add(held)
            elif held is not None:
                found.update(held)
        return sorted(found)

    def candidate_pairs(self) -> list[tuple[str, str]]:
        """Every pair of indexed keys sharing a band, once each as ``(a, b)`` with
        ``a < b``, sorted."""
        pairs: set[tuple[str, str]] = set()
        for buckets in self._buckets:
            for held in buckets.values():
                if not isinstance(held, str):
                    pairs.update(combinations(sorted(held), 2))
        return sorted(pairs)


# LSH for near-duplicates leans towards recall, as datasketch's
# ``MinHashLSH(weights=(0.1, 0.9))``: a missed pair is lost for good, while a
# spare candidate costs one comparison of two signatures.
_BAND_WEIGHTS = (0.1, 0.9)
_PAIR_BLOCK = 1 << 16  # candidate pairs compared at once


@dataclass(frozen=True)
class NearDuplicateOptions:
    """How whole-article near-duplicates (syndicated wire copy) are found.

    Each article is a set of word ``shingle``-shingles of its normalised tokens
    (see :func:`sequence_shingles`), summarised by a signature of ``num_perm``
    values from ``MinHasher(num_perm, seed)``. Two articles are near-duplicates
    when their signatures agree on at least ``threshold`` of the positions (the
    estimated Jaccard similarity; standard error ``sqrt(J (1 - J) / num_perm)``,
    0.044 at 0.5 with 128). An article of fewer than ``min_tokens`` tokens (a
    one-line item, a page of furniture) is never a near-duplicate.

    Candidates come from banded LSH (:func:`band_keys`), ``bands x rows`` from
    :func:`choose_bands` with weights 0.1 on false positives and 0.9 on false
    negatives. For the defaults that is 32 bands of 4 rows, and a pair of
    Jaccard ``s`` shares a band with probability ``1 - (1 - s^4)^32``: 0.87 at
    ``s = 0.5``, 0.988 at 0.6, 0.9998 at 0.7, but 0.05 at 0.2 and 0.003 at 0.1,
    so unrelated articles are almost never compared.

    >>> NearDuplicateOptions().bands()
    (32, 4)
    """

    threshold: float = 0.5
    shingle: int = 3
    num_perm: int = 128
    seed: int = 1
    min_tokens: int = 10

    def hasher(self) -> MinHasher:
        """The :class:`MinHasher` of these options."""
        return MinHasher(self.num_perm, self.seed)

    def bands(self) -> tuple[int, int]:
        """``(bands, rows)`` of the LSH step."""
        return choose_bands(self.threshold, self.num_perm, *_BAND_WEIGHTS)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band of each signature: an ``(n, bands)`` int64 array.

    Band ``b`` of a signature is its values ``b * rows`` to ``(b + 1) * rows``;
    its key is ``(c_b + sum_r m_r v_r) mod 2^64`` with fixed 64-bit constants, so
    equal bands get equal keys, keys of different bands differ, and two
    different bands collide with probability about ``2^-64`` (a collision only
    adds a candidate, which the signature comparison then rejects). Keys are
    signed so that SQLite can store them as integers.

    >>> keys = band_keys(np.array([[1, 2, 3, 4], [1, 2, 9, 9]], dtype=np.uint32), bands=2, rows=2)
    >>> keys.shape, bool(keys[0, 0] == keys[1, 0]), bool(keys[0, 1] == keys[1, 1])
    ((2, 2), True, False)
    """
    values = np.asarray(signatures)
    if values.ndim != 2 or bands * rows > values.shape[1]:
        raise ValueError(f"need an (n, >= {bands * rows}) array of signatures, got shape {values.shape}")
    cut = _check_uint32(values[:, : bands * rows].ravel(), "signatures").astype(np.uint64).reshape(len(values), bands, rows)
    keys = np.tile(np.array([_splitmix64(_BAND_CONSTANTS + b) for b in range(bands)], dtype=np.uint64), (len(values), 1))
    for row in range(rows):
        # Wrapping uint64 arithmetic, as in shingle hashing.
        keys += cut[:, :, row] * _UINT64(_splitmix64(_MAX_K + row))
    return keys.view(np.int64)


# Where the band constants start in the splitmix64 sequence (after the shingle
# and row multipliers), so that no two constants are the same.
_BAND_CONSTANTS = 1 << 20


def similar_pairs(signatures: np.ndarray, keys: np.ndarray, threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row pairs ``i < j`` that share a band key and whose signatures agree on
    at least ``threshold`` of their positions: ``(i, j, estimate)`` arrays,
    sorted by ``(i, j)``. ``keys`` is :func:`band_keys` of ``signatures``.

    Vectorised: per band, rows are sorted by key and every pair within a run of
    equal keys is a candidate; candidates are compared in blocks.

    >>> hasher = MinHasher()
    >>> sigs = hasher.signatures([np.arange(100, dtype=np.uint32), np.arange(10, 110, dtype=np.uint32),
    ...                           np.arange(500, 600, dtype=np.uint32)])
    >>> first, second, estimate = similar_pairs(sigs, band_keys(sigs, 32, 4), 0.5)
    >>> list(zip(first.tolist(), second.tolist()))
    [(0, 1)]
    """
    n = len(keys)
    codes = np.empty(0, dtype=np.int64)
    for band in np.asarray(keys).T:
        order = np.argsort(band, kind="stable")
        ordered = band[order]
        run_start = np.flatnonzero(np.append(True, ordered[1:] != ordered[:-1]))
        run_end = np.append(run_start[1:], n)
        # Each row pairs with the rows after it in its run.
        later = np.repeat(run_end, run_end - run_start) - np.arange(n) - 1
        if not later.any():
            continue
        position = np.repeat(np.arange(n), later)
        partner = position + 1 + np.arange(len(position)) - np.repeat(np.cumsum(later) - later, later)
        a, b = order[position], order[partner]
        codes = np.union1d(codes, np.minimum(a, b).astype(np.int64) * n + np.maximum(a, b))
    first, second = codes // max(n, 1), codes % max(n, 1)
    agree = np.empty(len(codes), dtype=np.float64)
    for low in range(0, len(codes), _PAIR_BLOCK):
        a, b = first[low : low + _PAIR_BLOCK], second[low : low + _PAIR_BLOCK]
        agree[low : low + _PAIR_BLOCK] = np.count_nonzero(signatures[a] == signatures[b], axis=1)
    estimate = agree / max(np.shape(signatures)[1], 1)
    keep = estimate >= threshold
    return first[keep], second[keep], estimate[keep]


def signature_to_bytes(signature: np.ndarray) -> bytes:
    """A signature as bytes (little-endian uint32, 4 bytes a value) for storage.

    >>> signature_to_bytes(np.array([1, 258], dtype=np.uint32))
    b'\\x01\\x00\\x00\\x00\\x02\\x01\\x00\\x00'
    """
    return _check_uint32(np.asarray(signature), "a signature").astype(_SIGNATURE_DTYPE).tobytes()


def signature_from_bytes(data: bytes, num_perm: int) -> np.ndarray:
    """The uint32 signature stored by :func:`signature_to_bytes`.

    >>> signature_from_bytes(signature_to_bytes(np.array([7, 9], dtype=np.uint32)), 2)
    array([7, 9], dtype=uint32)
    """
    if len(data) != num_perm * _SIGNATURE_DTYPE.itemsize:
        raise ValueError(f"expected {num_perm * _SIGNATURE_DTYPE.itemsize} bytes for {num_perm} values, got {len(data)}")
    return np.frombuffer(data, dtype=_SIGNATURE_DTYPE).astype(np.uint32)
