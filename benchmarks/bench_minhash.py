"""Benchmark newsbrief's MinHash signatures against datasketch's ``MinHash.bulk``.

Generates ``--docs`` articles with :mod:`newsbrief.eval.synth` (word statistics
learned at run time from the Lee corpus in ``../shared``; nothing of it is
stored), cuts each into word ``k``-shingles, then times in one run, best of
``--repeat``:

* datasketch: building the shingles as ``bytes`` (what datasketch hashes) and
  ``MinHash.bulk`` over them, for each ``--datasketch-schemes`` scheme
  (``affine32`` is datasketch's default; ``legacy`` is its ``(a x + b) mod
  (2^61 - 1)`` scheme);
* newsbrief: :func:`~newsbrief.reuse.minhash.shingle_hashes` from the tokens and
  :meth:`~newsbrief.reuse.minhash.MinHasher.signatures` over those hashes;
* building an :class:`~newsbrief.reuse.minhash.LSHIndex` of all signatures
  and listing its candidate pairs;
* what the pipeline does with them: whole-article near-duplicates with
  :func:`~newsbrief.reuse.detect.near_duplicates` (signatures of each
  article's normalised tokens, vectorised LSH), timed and scored against the
  generator's syndicated reprints (a reprint and its original, or two reprints
  of one original, are a true pair).

It then checks, on syndicated near-duplicates, articles sharing copied
sentences and random pairs, that both libraries' Jaccard estimates lie within
four standard errors of the exact Jaccard of the shingle sets, and exits with
status 1 if one does not.

Run::

    /tmp/nbvenv/bin/python benchmarks/bench_minhash.py --docs 5000
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from newsbrief.eval.synth import WordStats, generate_corpus
from newsbrief.model import Article
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import article_signatures, near_duplicates, sentence_table
from newsbrief.reuse.minhash import LSHIndex, MinHasher, NearDuplicateOptions, band_keys, jaccard, shingle_hashes, similar_pairs

SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
WORD = re.compile(r"\w+")


def best_time(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest wall time of ``repeat`` runs, and the last run's result.

    The shortest run is the one least disturbed by other work on the machine.
    """
    best, result = math.inf, None
    for _ in range(repeat):
        gc.collect()
        began = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - began)
    return best, result


def shingle_bytes(tokens: Sequence[str], k: int) -> list[bytes]:
    """Word ``k``-shingles as UTF-8 bytes, as datasketch takes them; like
    :func:`shingle_hashes`, a text shorter than ``k`` is one shingle."""
    if len(tokens) < k:
        return [" ".join(tokens).encode("utf-8")] if tokens else []
    return [" ".join(tokens[i : i + k]).encode("utf-8") for i in range(len(tokens) - k + 1)]


def exact_jaccard(a: Sequence[str], b: Sequence[str], k: int) -> float:
    """The Jaccard similarity of the word ``k``-shingle sets of two token lists."""
    set_a, set_b = set(shingle_bytes(a, k)), set(shingle_bytes(b, k))
    union = set_a | set_b
    return len(set_a & set_b) / len(union) if union else 1.0


def duplicate_pairs(records: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The (original, syndicated near-duplicate) pairs of the corpus, as indexes."""
    index_of = {record["id"]: i for i, record in enumerate(records)}
    return [(index_of[r["duplicate_of"]], i) for i, r in enumerate(records) if r["duplicate_of"] in index_of]


def syndicated_pairs(records: list[dict[str, Any]]) -> set[tuple[str, str]]:
    """Every pair of articles that reproduce one original (the original included), ids sorted."""
    parent = {r["id"]: r["duplicate_of"] for r in records}

    def original(article: str) -> str:
        while parent.get(article):
            article = parent[article]
        return article

    families: dict[str, list[str]] = {}
    for record in records:
        families.setdefault(original(record["id"]), []).append(record["id"])
    return {tuple(sorted((a, b))) for members in families.values() for i, a in enumerate(members) for b in members[i + 1 :]}


def check_pairs(records: list[dict[str, Any]], rng: np.random.Generator) -> list[tuple[int, int, str]]:
    """Up to 5 syndicated near-duplicate pairs, 3 pairs sharing copied
    sentences, and 2 random pairs."""
    index_of = {record["id"]: i for i, record in enumerate(records)}
    duplicates = [(a, b, "near-duplicate") for a, b in duplicate_pairs(records)]
    copies = [
        (index_of[r["copied_from"][0]["source"]], i, "copies")
        for i, r in enumerate(records)
        if r["copied_from"] and r["duplicate_of"] is None and r["copied_from"][0]["source"] in index_of
    ]
    random_pairs = [(int(a), int(b), "random") for a, b in rng.choice(len(records), size=(2, 2), replace=False)]
    return duplicates[:5] + copies[:3] + random_pairs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=5000, help="how many generated articles (default 5000)")
    parser.add_argument("--k", type=int, default=5, help="words per shingle (default 5)")
    parser.add_argument("--num-perm", type=int, default=128, help="signature length (default 128)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each step; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--datasketch-schemes", default="affine32,legacy",
        help="comma-separated datasketch MinHash schemes to time, or '' for none (default affine32,legacy)",
    )
    parser.add_argument(
        "--stats-from", type=Path, default=SHARED / "data" / "lee" / "lee_background.jsonl",
        help="JSONL of real texts to learn word statistics from (default: the Lee corpus in ../shared)",
    )
    args = parser.parse_args(argv)
    schemes = [s for s in args.datasketch_schemes.split(",") if s]

    texts = [json.loads(line)["text"] for line in args.stats_from.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = list(generate_corpus(args.docs, seed=args.seed, stats=WordStats.from_texts(texts)))
    tokens = [WORD.findall(record["text"].lower()) for record in records]
    shingles = sum(max(1, len(t) - args.k + 1) for t in tokens if t)
    print(f"{args.docs} generated articles, {np.mean([len(t) for t in tokens]):.0f} words each on average, "
          f"{shingles} word {args.k}-shingles; {args.num_perm} permutations; best of {args.repeat} runs")

    rows: list[tuple[str, float]] = []
    ours_hash_time, hashes = best_time(args.repeat, lambda: [shingle_hashes(t, args.k) for t in tokens])
    hasher = MinHasher(num_perm=args.num_perm, seed=args.seed)
    ours_sig_time, signatures = best_time(args.repeat, lambda: hasher.signatures(hashes))
    rows += [("newsbrief  shingle_hashes (tokens -> hashes)", ours_hash_time),
             ("newsbrief  MinHasher.signatures (hashes -> signatures)", ours_sig_time)]

    minhashes: dict[str, list[Any]] = {}
    bulk_time: dict[str, float] = {}
    bytes_time = 0.0
    if schemes:
        import datasketch
        from datasketch import MinHash

        bytes_time, shingle_sets = best_time(args.repeat, lambda: [shingle_bytes(t, args.k) for t in tokens])
        rows.append((f"datasketch {datasketch.__version__} shingles as bytes (tokens -> bytes)", bytes_time))
        for scheme in schemes:
            bulk_time[scheme], minhashes[scheme] = best_time(
                args.repeat, partial(MinHash.bulk, shingle_sets, num_perm=args.num_perm, seed=args.seed, scheme=scheme)
            )
            rows.append((f"datasketch MinHash.bulk, scheme {scheme} (bytes -> signatures)", bulk_time[scheme]))

    print(f"\n{'step':62s} {'seconds':>8s} {'docs/s':>9s} {'us/doc':>8s}")
    for name, seconds in rows:
        print(f"{name:62s} {seconds:8.3f} {args.docs / seconds:9.0f} {seconds / args.docs * 1e6:8.1f}")

    ours_total = ours_hash_time + ours_sig_time
    for scheme in schemes:
        print(f"\nagainst datasketch scheme {scheme}:")
        print(f"  MinHasher.signatures vs MinHash.bulk, same shingles:        {bulk_time[scheme] / ours_sig_time:6.1f}x")
        print(f"  tokens -> signatures, both sides:                          {(bytes_time + bulk_time[scheme]) / ours_total:6.1f}x")
        print(f"  newsbrief from tokens vs MinHash.bulk from ready bytes:     {bulk_time[scheme] / ours_total:6.1f}x")

    keys = [record["id"] for record in records]

    def build_index() -> LSHIndex:
        built = LSHIndex(threshold=0.5, num_perm=args.num_perm)
        for key, signature in zip(keys, signatures):
            built.add(key, signature)
        return built

    add_time, index = best_time(args.repeat, build_index)
    pairs_time, pairs = best_time(args.repeat, index.candidate_pairs)
    print(f"\nLSHIndex(threshold=0.5): {index.bands} bands x {index.rows} rows; adding {args.docs} signatures "
          f"{add_time:.3f} s ({args.docs / add_time:.0f}/s), candidate_pairs {pairs_time:.3f} s ({len(pairs)} pairs)")
    found = set(pairs)
    similar = [(a, b) for a, b in duplicate_pairs(records) if exact_jaccard(tokens[a], tokens[b], args.k) >= 0.5]
    recalled = sum(tuple(sorted((keys[a], keys[b]))) in found for a, b in similar)
    print(f"syndicated near-duplicates with exact J >= 0.5 among the candidate pairs: {recalled} of {len(similar)}")

    articles = [prepare(Article(id=r["id"], title=r["title"], text=r["text"], source=r["source"])) for r in records]
    table = sentence_table(articles)
    near_time, near = best_time(args.repeat, lambda: near_duplicates(keys, *article_signatures(table, len(keys))))
    truth = syndicated_pairs(records)
    found_near = {(d.a, d.b) for d in near}
    print(f"\nnear_duplicates (reuse.detect: 3-shingles of match tokens, estimated J >= 0.5), signatures and LSH "
          f"{near_time:.3f} s ({args.docs / near_time:.0f} articles/s): {len(found_near)} pairs; syndicated pairs "
          f"{len(truth)}, found {len(found_near & truth)}, other pairs found {len(found_near - truth)}")
    # The margin around the threshold: every LSH candidate pair with its estimate.
    options = NearDuplicateOptions()
    article_sigs, _ = article_signatures(table, len(keys), options)
    first, second, estimate = similar_pairs(article_sigs, band_keys(article_sigs, *options.bands()), 0.0)
    syndicated = np.array([tuple(sorted((keys[a], keys[b]))) in truth for a, b in zip(first, second)], dtype=bool)
    print(f"LSH candidates {len(first)}: estimated J of syndicated pairs from {estimate[syndicated].min(initial=1.0):.3f}, "
          f"of the others up to {estimate[~syndicated].max(initial=0.0):.3f}")

    tolerance_ok = True
    print(f"\n{'pair':28s} {'kind':15s} {'exact J':>8s} {'newsbrief':>9s} " + " ".join(f"{s:>9s}" for s in schemes))
    for a, b, kind in check_pairs(records, np.random.default_rng(args.seed)):
        exact = exact_jaccard(tokens[a], tokens[b], args.k)
        # Four standard errors, plus one position for 32-bit hash collisions.
        tolerance = 4 * math.sqrt(exact * (1 - exact) / args.num_perm) + 1 / args.num_perm
        estimates = [jaccard(signatures[a], signatures[b])] + [minhashes[s][a].jaccard(minhashes[s][b]) for s in schemes]
        tolerance_ok &= all(abs(e - exact) <= tolerance for e in estimates)
        print(f"{keys[a] + ' ' + keys[b]:28s} {kind:15s} {exact:8.3f} " + " ".join(f"{e:9.3f}" for e in estimates))
    print("estimates within 4 standard errors of the exact Jaccard:", "yes" if tolerance_ok else "NO")
    return 0 if tolerance_ok else 1


if __name__ == "__main__":
    sys.exit(main())
