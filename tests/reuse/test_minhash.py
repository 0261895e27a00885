"""Tests of MinHash signatures, Jaccard estimates and the LSH index."""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from scipy import integrate

from newsbrief.reuse import minhash
from newsbrief.reuse.minhash import (
    LSHIndex,
    MinHasher,
    choose_bands,
    jaccard,
    shingle_hashes,
    signature_from_bytes,
    signature_to_bytes,
)

WORDS = [
    "river", "bank", "flood", "levee", "rain", "storm", "town", "mayor",
    "council", "road", "bridge", "farm", "cattle", "school", "power", "line",
]


def four_sigma(similarity: float, num_perm: int) -> float:
    """Four standard errors of the MinHash estimate of ``similarity``."""
    return 4 * math.sqrt(similarity * (1 - similarity) / num_perm)


def overlapping_sets(rng: np.random.Generator, size: int, similarity: float) -> tuple[np.ndarray, np.ndarray, float]:
    """Two sets of distinct random 32-bit keys, each of ``size``, with Jaccard
    close to ``similarity``; returns them and their exact Jaccard."""
    shared = round(2 * size * similarity / (1 + similarity))
    keys = rng.choice(1 << 32, size=2 * size - shared, replace=False).astype(np.uint32)
    a, b = keys[:size], keys[size - shared :]
    return a, b, shared / (2 * size - shared)


def fmix32(x: int) -> int:
    """MurmurHash3's 32-bit finaliser, written from its definition."""
    x ^= x >> 16
    x = x * 0x85EBCA6B & 0xFFFFFFFF
    x ^= x >> 13
    x = x * 0xC2B2AE35 & 0xFFFFFFFF
    return x ^ (x >> 16)


# --- shingles -------------------------------------------------------------


def test_shingle_hashes_slide_over_the_tokens_in_order() -> None:
    tokens = WORDS[:9]
    hashes = shingle_hashes(tokens, k=3)
    assert hashes.dtype == np.uint32 and len(hashes) == 7
    for start in range(7):
        assert hashes[start] == shingle_hashes(tokens[start : start + 3], k=3)[0]
    assert shingle_hashes(tokens[2::-1], k=3)[0] != hashes[0]


def test_every_ordering_of_words_gets_its_own_hash() -> None:
    shingles = list(itertools.permutations(WORDS[:8], 5))
    hashes = np.concatenate([shingle_hashes(list(s), k=5) for s in shingles])
    assert len(np.unique(hashes)) == len(shingles)


def test_text_shorter_than_k_is_one_shingle_of_what_is_there() -> None:
    assert len(shingle_hashes(["flood", "warning"], k=5)) == 1
    assert shingle_hashes(["flood", "warning"], k=5)[0] == shingle_hashes(["flood", "warning"], k=2)[0]
    assert shingle_hashes(["flood", "warning"], k=5)[0] != shingle_hashes(["warning", "flood"], k=5)[0]
    empty = shingle_hashes([], k=5)
    assert empty.dtype == np.uint32 and len(empty) == 0


def test_k_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        shingle_hashes(WORDS, k=0)
    with pytest.raises(ValueError):
        shingle_hashes(WORDS, k=65)


def test_tokens_with_lone_surrogates_still_hash() -> None:
    hashes = shingle_hashes(["bad\ud800", "bad\udc00", "bad"], k=1)
    assert len(set(hashes.tolist())) == 3


def test_hashes_and_signatures_are_the_same_in_another_process() -> None:
    # Another process with another str hash seed: nothing may depend on
    # Python's salted hash(). The module is loaded from its file alone, so the
    # child does not pay for importing the whole package.
    script = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('minhash', {minhash.__file__!r})\n"
        "module = importlib.util.module_from_spec(spec)\n"
        # As importlib's recipe does: dataclasses look their module up there.
        "sys.modules['minhash'] = module\n"
        "spec.loader.exec_module(module)\n"
        f"h = module.shingle_hashes({WORDS!r}, k=5)\n"
        "sys.stdout.write(' '.join(map(str, h.tolist() + module.MinHasher(num_perm=16, seed=7).signature(h).tolist())))\n"
    )
    hash_seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    child = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True).stdout
    here = shingle_hashes(WORDS, k=5)
    assert child == " ".join(map(str, here.tolist() + MinHasher(num_perm=16, seed=7).signature(here).tolist()))


# --- signatures -----------------------------------------------------------


def test_signature_is_min_of_multiply_add_shift_of_mixed_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks, so that sets straddle block edges and the per-block
    # minima must be combined.
    monkeypatch.setattr(minhash, "_BLOCK_CELLS", 8 * 7)
    rng = np.random.default_rng(3)
    sets = [rng.integers(0, 1 << 32, size=n, dtype=np.uint64).astype(np.uint32) for n in (5, 0, 1, 23, 7, 0, 16)]
    hasher = MinHasher(num_perm=8, seed=5)
    a, b = hasher.parameters
    got = hasher.signatures(sets)
    assert got.shape == (7, 8) and got.dtype == np.uint32
    for keys, row in zip(sets, got):
        if len(keys) == 0:
            assert row.tolist() == [0xFFFFFFFF] * 8
            continue
        expected = [
            min(((int(aj) * fmix32(int(x)) + int(bj)) % (1 << 64)) >> 32 for x in keys)
            for aj, bj in zip(a, b)
        ]
        assert row.tolist() == expected


def test_signature_ignores_order_and_repeats() -> None:
    keys = np.random.default_rng(0).integers(0, 1 << 32, size=300, dtype=np.uint64).astype(np.uint32)
    hasher = MinHasher(num_perm=64)
    shuffled = np.concatenate([keys[::-1], keys[:50]])
    assert np.array_equal(hasher.signature(keys), hasher.signature(shuffled))


def test_same_seed_same_signatures_and_other_seed_other_ones() -> None:
    keys = [shingle_hashes(WORDS, k=k) for k in (1, 2, 5)]
    first, second = MinHasher(seed=11).signatures(keys), MinHasher(seed=11).signatures(keys)
    assert np.array_equal(first, second)
    assert not np.array_equal(first, MinHasher(seed=12).signatures(keys))


def test_signatures_match_one_at_a_time() -> None:
    rng = np.random.default_rng(1)
    sets = [rng.integers(0, 1 << 32, size=n, dtype=np.uint64).astype(np.uint32) for n in rng.integers(0, 40, size=30)]
    hasher = MinHasher(num_perm=32)
    assert np.array_equal(hasher.signatures(sets), np.stack([hasher.signature(s) for s in sets]))
    assert hasher.signatures([]).shape == (0, 32)
    # An empty list (a float64 array to numpy) is an empty set, not an error.
    assert np.array_equal(hasher.signatures([[], sets[1]]), np.stack([hasher.signature(sets[0][:0]), hasher.signature(sets[1])]))


@pytest.mark.parametrize(
    "keys",
    [np.array([1 << 32], dtype=np.int64), np.array([-1]), np.array([0.5]), np.zeros((2, 2), dtype=np.uint32)],
)
def test_keys_outside_32_bits_are_refused(keys: np.ndarray) -> None:
    with pytest.raises(ValueError):
        MinHasher(num_perm=8).signature(keys)


def test_int64_keys_within_32_bits_are_accepted() -> None:
    hasher = MinHasher(num_perm=8)
    keys = np.array([0, 7, 0xFFFFFFFF], dtype=np.int64)
    assert np.array_equal(hasher.signature(keys), hasher.signature(keys.astype(np.uint32)))


# --- Jaccard estimates ----------------------------------------------------


@pytest.mark.parametrize("similarity", [0.05, 0.2, 0.5, 0.8, 0.95])
def test_estimate_is_within_four_standard_errors(similarity: float) -> None:
    rng = np.random.default_rng(int(similarity * 100))
    hasher = MinHasher(num_perm=128)
    for _ in range(5):
        a, b, exact = overlapping_sets(rng, 400, similarity)
        sig_a, sig_b = hasher.signatures([a, b])
        assert abs(jaccard(sig_a, sig_b) - exact) <= four_sigma(exact, 128)


def test_estimate_is_unbiased_on_random_and_on_consecutive_keys() -> None:
    # The mean of 200 independent estimates has a standard error 1/sqrt(200)
    # of one estimate's; consecutive integers are the classic bad case for
    # pairwise independent hashing.
    hasher = MinHasher(num_perm=128)
    rng = np.random.default_rng(2)
    random_errors, run_errors = [], []
    for i in range(200):
        a, b, exact = overlapping_sets(rng, 300, 1 / 3)
        random_errors.append(jaccard(*hasher.signatures([a, b])) - exact)
        run = np.arange(i * 10_000, i * 10_000 + 300, dtype=np.uint32)
        run_errors.append(jaccard(*hasher.signatures([run, run + np.uint32(150)])) - 1 / 3)
    bound = four_sigma(1 / 3, 128) / math.sqrt(200)
    assert abs(np.mean(random_errors)) <= bound
    assert abs(np.mean(run_errors)) <= bound


def test_jaccard_counts_equal_positions() -> None:
    assert jaccard(np.array([5, 6, 7, 8]), np.array([5, 0, 7, 0])) == 0.5
    with pytest.raises(ValueError):
        jaccard(np.array([1, 2]), np.array([1, 2, 3]))
    with pytest.raises(ValueError):
        jaccard(np.array([]), np.array([]))


def test_estimate_on_real_articles_and_their_truncations(shared: Path) -> None:
    lines = (shared / "data" / "lee" / "lee_background.jsonl").read_text(encoding="utf-8").splitlines()[:20]
    hasher = MinHasher(num_perm=128)
    for line in lines:
        tokens = re.findall(r"\w+", json.loads(line)["text"].lower())
        cut = tokens[: 2 * len(tokens) // 3]
        full_set, cut_set = set(zip(*(tokens[i:] for i in range(5)))), set(zip(*(cut[i:] for i in range(5))))
        exact = len(full_set & cut_set) / len(full_set | cut_set)
        sig_full, sig_cut = hasher.signatures([shingle_hashes(tokens), shingle_hashes(cut)])
        assert abs(jaccard(sig_full, sig_cut) - exact) <= four_sigma(exact, 128)


# --- LSH ------------------------------------------------------------------


def brute_force_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """The (bands, rows) of least error, by adaptive quadrature of the S-curve."""
    best, best_error = (0, 0), math.inf
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            def miss(s: float, bands: int = bands, rows: int = rows) -> float:
                return (1 - s**rows) ** bands

            false_positive = integrate.quad(lambda s: 1 - miss(s), 0, threshold)[0]
            false_negative = integrate.quad(miss, threshold, 1)[0]
            error = 0.5 * false_positive + 0.5 * false_negative
            if error < best_error:
                best, best_error = (bands, rows), error
    return best


@pytest.mark.parametrize(("threshold", "num_perm"), [(0.5, 128), (0.8, 64), (0.3, 32)])
def test_bands_minimise_the_weighted_error(threshold: float, num_perm: int) -> None:
    assert choose_bands(threshold, num_perm) == brute_force_bands(threshold, num_perm)


def test_band_choice_follows_the_weights() -> None:
    # Weighting misses more buys recall: shorter bands (a lower S-curve knee).
    bands, rows = choose_bands(0.5, 128)
    recall_bands, recall_rows = choose_bands(0.5, 128, false_positive_weight=0.1, false_negative_weight=0.9)
    assert (1 / recall_bands) ** (1 / recall_rows) < (1 / bands) ** (1 / rows)
    with pytest.raises(ValueError):
        choose_bands(1.0, 128)


def test_index_finds_pairs_above_threshold_and_few_below() -> None:
    rng = np.random.default_rng(4)
    hasher = MinHasher(num_perm=128)
    index = LSHIndex(threshold=0.5, num_perm=128)
    near, far = set(), set()
    for i in range(40):
        base, close, _ = overlapping_sets(rng, 200, 0.8)
        # 67 keys of the base and 133 new ones: J = 67 / 333 ~ 0.2.
        distant = np.concatenate([base[:67], rng.integers(0, 1 << 32, size=133, dtype=np.uint64).astype(np.uint32)])
        signatures = hasher.signatures([base, close, distant])
        for key, signature in zip((f"{i:02d}-base", f"{i:02d}-near", f"{i:02d}-far"), signatures):
            index.add(key, signature)
        near.add((f"{i:02d}-base", f"{i:02d}-near"))
        far.add((f"{i:02d}-base", f"{i:02d}-far"))
    pairs = set(index.candidate_pairs())
    assert near <= pairs
    # Every candidate is a base with one of its own variants (or the variants
    # with each other): unrelated sets never share a band.
    assert all(a[:2] == b[:2] for a, b in pairs)
    far_found = len(pairs & far)
    # A pair of similarity s is a candidate with probability 1 - (1 - s^r)^b.
    p = 1 - (1 - (67 / 333) ** index.rows) ** index.bands
    assert far_found <= 40 * p + 4 * math.sqrt(40 * p * (1 - p)) + 1


def index_of_copies(names: Sequence[str], keys: np.ndarray) -> tuple[MinHasher, LSHIndex]:
    """A hasher and an index holding the signature of ``keys`` under every name."""
    hasher = MinHasher()
    index = LSHIndex(threshold=0.5)
    for name in names:
        index.add(name, hasher.signature(keys))
    return hasher, index


def test_query_returns_sorted_similar_keys() -> None:
    keys = np.arange(1000, dtype=np.uint32)
    hasher, index = index_of_copies(("c", "a", "b"), keys)
    index.add("other", hasher.signature(keys + np.uint32(5000)))
    assert index.query(hasher.signature(keys[:950])) == ["a", "b", "c"]
    assert index.query(hasher.signature(keys + np.uint32(100_000))) == []


def test_remove_takes_a_key_out_of_every_answer() -> None:
    keys = np.arange(500, dtype=np.uint32)
    hasher, index = index_of_copies(("a", "b", "c"), keys)
    index.remove("b")
    assert len(index) == 2 and "b" not in index and "a" in index
    assert index.query(hasher.signature(keys)) == ["a", "c"]
    assert index.candidate_pairs() == [("a", "c")]
    index.remove("a")
    assert index.candidate_pairs() == []
    index.remove("c")
    assert len(index) == 0 and index.query(hasher.signature(keys)) == []
    assert all(not buckets for buckets in index._buckets)
    index.add("b", hasher.signature(keys))
    assert index.query(hasher.signature(keys)) == ["b"]
    with pytest.raises(KeyError):
        index.remove("missing")


def test_bad_additions_are_refused() -> None:
    index = LSHIndex(threshold=0.5, num_perm=64)
    signature = MinHasher(num_perm=64).signature(np.arange(10, dtype=np.uint32))
    index.add("a", signature)
    with pytest.raises(ValueError):
        index.add("a", signature)
    with pytest.raises(ValueError):
        index.add("b", signature[:32])
    with pytest.raises(ValueError):
        index.add("c", signature.astype(np.float64))


def test_candidate_pairs_are_sorted_unique_and_independent_of_insertion_order() -> None:
    rng = np.random.default_rng(5)
    hasher = MinHasher()
    groups = [rng.integers(0, 1 << 32, size=300, dtype=np.uint64).astype(np.uint32) for _ in range(6)]
    items = [(f"doc{g}{copy}", hasher.signature(groups[g][copy * 10 :])) for g in range(6) for copy in range(3)]
    orders = [list(items), list(reversed(items)), [items[i] for i in rng.permutation(len(items))]]
    answers = []
    for order in orders:
        index = LSHIndex(threshold=0.5)
        for key, signature in order:
            index.add(key, signature)
        answers.append(index.candidate_pairs())
    assert answers[0] == answers[1] == answers[2]
    pairs = answers[0]
    assert pairs == sorted(set(pairs)) and all(a < b for a, b in pairs)
    # Three copies of one set share every band: three pairs, each listed once.
    assert [p for p in pairs if p[0].startswith("doc0")] == [("doc00", "doc01"), ("doc00", "doc02"), ("doc01", "doc02")]


# --- storage --------------------------------------------------------------


def test_signature_bytes_round_trip_little_endian() -> None:
    signature = MinHasher(num_perm=16).signature(shingle_hashes(WORDS))
    data = signature_to_bytes(signature)
    assert len(data) == 64
    restored = signature_from_bytes(data, 16)
    assert restored.dtype == np.uint32 and np.array_equal(restored, signature)
    assert signature_to_bytes(np.array([1, 256], dtype=np.uint64)) == b"\x01\x00\x00\x00\x00\x01\x00\x00"
    with pytest.raises(ValueError):
        signature_from_bytes(data, 15)
    with pytest.raises(ValueError):
        signature_to_bytes(np.array([1 << 32], dtype=np.uint64))


# --- many sequences at once, band keys, near-duplicate pairs ---------------


def test_sequence_shingles_equal_one_sequence_at_a_time() -> None:
    rng = np.random.default_rng(8)
    lengths = [0, 1, 2, 3, 4, 0, 17, 5, 60]
    tokens = rng.integers(0, 1 << 32, size=sum(lengths), dtype=np.uint64)
    hashes, counts = minhash.sequence_shingles(tokens, lengths, k=3)
    assert counts.tolist() == [0, 1, 1, 1, 2, 0, 15, 3, 58]
    pieces = np.split(hashes, np.cumsum(counts)[:-1])
    starts = np.cumsum([0] + lengths[:-1])
    for piece, start, length in zip(pieces, starts, lengths):
        alone, _ = minhash.sequence_shingles(tokens[start : start + length], [length], k=3)
        assert piece.tolist() == alone.tolist()
    # The same tokens cut elsewhere give other shingles: none spans two sequences.
    joined, _ = minhash.sequence_shingles(tokens, [sum(lengths)], k=3)
    assert set(hashes.tolist()) != set(joined.tolist())
    with pytest.raises(ValueError):
        minhash.sequence_shingles(tokens, [1, 2], k=3)


def test_signatures_of_runs_equal_signatures_of_arrays() -> None:
    rng = np.random.default_rng(9)
    arrays = [rng.integers(0, 1 << 32, size=n, dtype=np.uint64).astype(np.uint32) for n in (5, 0, 300, 1)]
    hasher = MinHasher(num_perm=32)
    runs = hasher.signatures_of_runs(np.concatenate(arrays), [len(a) for a in arrays])
    assert (runs == hasher.signatures(arrays)).all()
    assert (runs[1] == 0xFFFFFFFF).all()
    with pytest.raises(ValueError):
        hasher.signatures_of_runs(np.concatenate(arrays), [1, 2])


def test_band_keys_change_with_their_own_band_only() -> None:
    rng = np.random.default_rng(10)
    signature = rng.integers(0, 1 << 32, size=16, dtype=np.uint64).astype(np.uint32)
    edited = signature.copy()
    edited[5] += 1  # band 1 of 4 rows
    swapped = np.concatenate([signature[4:8], signature[:4], signature[8:]])  # bands 0 and 1 trade places
    keys = minhash.band_keys(np.stack([signature, edited, swapped]), bands=4, rows=4)
    assert keys.dtype == np.int64 and keys.shape == (3, 4)
    assert (keys[0] == keys[1]).tolist() == [True, False, True, True]
    # Equal values in another band give another key, so bands never mix.
    assert (keys[0] == keys[2]).tolist() == [False, False, True, True]
    assert len(set(keys[0].tolist())) == 4


def _families(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """Signatures of 30 families of a base set and three variants at Jaccard
    about 0.9, 0.55 and 0.25 to it, named ``family-variant``."""
    names, sets = [], []
    for family in range(30):
        base = rng.choice(1 << 32, size=200, replace=False).astype(np.uint32)
        for variant, similarity in enumerate((1.0, 0.9, 0.55, 0.25)):
            shared = round(400 * similarity / (1 + similarity))  # |A ∩ B| for J = similarity, |A| = |B| = 200
            fresh = rng.integers(0, 1 << 32, size=200 - shared, dtype=np.uint64).astype(np.uint32)
            names.append(f"{family:02d}-{variant}")
            sets.append(np.concatenate([base[:shared], fresh]))
    return names, MinHasher().signatures(sets)


def test_similar_pairs_are_the_lsh_candidates_at_or_above_the_threshold() -> None:
    names, signatures = _families(np.random.default_rng(11))
    options = minhash.NearDuplicateOptions()
    bands, rows = options.bands()
    index = LSHIndex(0.5, 128, false_positive_weight=0.1, false_negative_weight=0.9)
    assert (index.bands, index.rows) == (bands, rows)
    for name, signature in zip(names, signatures):
        index.add(name, signature)
    keys = minhash.band_keys(signatures, bands, rows)
    first, second, estimate = minhash.similar_pairs(signatures, keys, 0.0)
    assert {(names[a], names[b]) for a, b in zip(first, second)} == set(index.candidate_pairs())
    first, second, estimate = minhash.similar_pairs(signatures, keys, 0.5)
    expected = {(a, b) for a, b in index.candidate_pairs() if jaccard(signatures[names.index(a)], signatures[names.index(b)]) >= 0.5}
    assert {(names[a], names[b]) for a, b in zip(first, second)} == expected
    assert all(estimate[k] == jaccard(signatures[first[k]], signatures[second[k]]) for k in range(len(first)))
    assert list(zip(first, second)) == sorted(zip(first, second)) and (first < second).all()
    # Base, 0.9 and (mostly) 0.55 variants pair up within a family; nothing pairs across families.
    assert all(names[a][:2] == names[b][:2] for a, b in zip(first, second))
    assert {(f"{f:02d}-0", f"{f:02d}-1") for f in range(30)} <= expected


def test_similar_pairs_do_not_depend_on_row_order() -> None:
    names, signatures = _families(np.random.default_rng(12))
    order = np.random.default_rng(13).permutation(len(names))
    options = minhash.NearDuplicateOptions()

    def pairs(rows: np.ndarray) -> set[tuple[str, str, float]]:
        chosen = signatures[rows]
        first, second, estimate = minhash.similar_pairs(chosen, minhash.band_keys(chosen, *options.bands()), 0.5)
        return {(*sorted((names[rows[a]], names[rows[b]])), e) for a, b, e in zip(first, second, estimate)}

    assert pairs(np.arange(len(names))) == pairs(order)


def test_near_duplicate_bands_catch_pairs_above_the_threshold() -> None:
    # The S-curve of the default options, as their docstring gives it.
    bands, rows = minhash.NearDuplicateOptions().bands()
    assert bands * rows <= 128

    def candidate(s: float) -> float:
        return 1 - (1 - s**rows) ** bands

    assert candidate(0.5) > 0.85 and candidate(0.6) > 0.98 and candidate(0.7) > 0.999
    assert candidate(0.2) < 0.06 and candidate(0.1) < 0.005


def test_seeds_are_not_near_duplicates_but_a_reprint_is(seed_paths: list[Path]) -> None:
    from newsbrief.model import Article
    from newsbrief.pipeline import prepare
    from newsbrief.reuse.detect import find_copies

    seeds = [prepare(Article.create(title=p.stem, text=p.read_text(encoding="utf-8"), source=p.stem)) for p in seed_paths]
    assert find_copies(seeds).near_duplicates == ()
    # A syndicated reprint of the first seed under another outlet's intro line.
    body = seeds[0].article.text
    reprint = prepare(Article.create(title="Reprint", source="Reprinter",
                                     text="Our correspondent sends this report from the region.\n" + body))
    found = find_copies([*seeds, reprint]).near_duplicates
    assert [{d.a, d.b} for d in found] == [{seeds[0].id, reprint.id}]
    assert 0.8 < found[0].similarity < 1.0


def test_articles_too_short_are_never_near_duplicates() -> None:
    from newsbrief.model import Article
    from newsbrief.pipeline import prepare
    from newsbrief.reuse.detect import article_signatures, near_duplicates, sentence_table

    short = "Bridge closed."
    texts = [prepare(Article.create(title="", text=short, source=s)) for s in "ab"]
    signatures, eligible = article_signatures(sentence_table(texts), 2)
    assert (signatures[0] == signatures[1]).all() and not eligible.any()
    assert near_duplicates([t.id for t in texts], signatures, eligible) == ()
