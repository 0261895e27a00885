"""Incremental ingest into the SQLite store: does a batch cost the same however big
the store, and does it find what one batch run over everything finds?

Generates articles with :func:`newsbrief.eval.synth.generate_corpus` (invented
word statistics, copies, spun copies and syndicated duplicates), ingests them
into a fresh store in batches with ``newsbrief.pipeline.ingest_into`` (one
transaction per batch, as ``newsbrief ingest`` does; the articles span one day
per ``--per-day`` of them, so that stories go quiet as in a real feed) and
prints the CPU and wall seconds each batch took, the index cap it used, the
store size and the links found. Then, in the same process, batch copy detection over every article,
compared with what the store holds, by kind (links: both / only incremental /
only batch; near-duplicates likewise):

* ``batch``: ``find_copies``, as ``newsbrief copies`` runs it (its index cap
  adapts to the whole corpus); its CPU time is what the store's ingest cost
  before it had an index (every ingest reran it over the whole store);
* ``batch_store_cap``: the same with the store's rule for the index cap
  (``--max-postings``, or by default ``store.index.pair_budget_cap`` over the
  whole corpus's token counts, printed as ``final_cap``), so that the
  remaining differences are those of word frequencies and caps changing as the
  store grows: an ingest weighs words by the store as it was then, the batch
  run by the final corpus;
* with ``--oracle-counts``, the ingest is repeated into a second store with the
  final corpus's token counts in place of the store's and the final cap, which
  removes that cause too. For each link that still differs, it says whether one of its sentences
  has, in the batch run, another copy in an article of a later batch: the grey
  zone links only sentences not already explained by a sure copy, and at
  ingest time a later copy cannot explain one yet.
* ``batch_half_vs_whole``: a batch run over the first half of the articles
  against a batch run over all of them, on the links within the first half:
  a batch run itself changes its reworded links as the corpus grows.

Run: ``python benchmarks/bench_store.py --batches 10 --size 1000 --oracle-counts``
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np

from newsbrief import Article, Store, ingest_into
from newsbrief.eval.synth import generate_corpus
from newsbrief.model import CopyLink, NearDuplicate
from newsbrief.pipeline import Options, prepare
from newsbrief.reuse.detect import TokenCounts, find_copies, links_from_table, sentence_table, token_counts
from newsbrief.store import index as store_index
from newsbrief.store.index import IndexOptions, index_cap, pair_budget_cap


def articles(n: int, seed: int, days: float) -> tuple[list[Article], dict[str, str]]:
    """Generated articles, and the story each was generated for."""
    records = list(generate_corpus(n, seed=seed, days=days))
    found = [
        Article(
            id=r["id"], title=r["title"], text=r["text"], source=r["source"], url=r["url"],
            published=datetime.fromisoformat(r["published"].replace("Z", "+00:00")),
        )
        for r in records
    ]
    return found, {r["id"]: r["story"] for r in records}


def ingest(path: Path, corpus: Sequence[Article], size: int, options: Options) -> tuple[dict, set, dict[str, Any]]:
    """Ingest ``corpus`` in batches of ``size``, printing each batch's cost; the
    stored links (key -> kind), near-duplicate pairs and a summary."""
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    with Store(path) as store:
        for low in range(0, len(corpus), size):
            # CPU time as well as wall time: on a shared machine the wall clock says more about the neighbours.
            began, cpu = time.perf_counter(), time.process_time()
            ingest_into(store, corpus[low : low + size], options)
            seconds.append(time.perf_counter() - began)
            cpu_seconds.append(time.process_time() - cpu)
            # The store now holds what the batch was weighed against, so its cap is the one the batch used.
            nothing = TokenCounts(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64), 0)
            cap = options.index.max_postings or index_cap(store, nothing, options.copies.pair_budget)
            print(json.dumps({"batch": len(seconds), "stored": store.count_articles(), "seconds": round(seconds[-1], 2),
                              "cpu_seconds": round(cpu_seconds[-1], 2), "cap": cap, "load": os.getloadavg()[0]}), flush=True)
        links, duplicates = store.copies(list(store.assignments()))
        stories = len(store.stories())
    size_mb = sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1e6
    summary = {
        "first_batch_cpu_s": round(cpu_seconds[0], 2),
        "later_batches_cpu_s": [round(min(cpu_seconds[1:] or [0]), 2), round(max(cpu_seconds[1:] or [0]), 2)],
        "cpu_last_over_second": round(cpu_seconds[-1] / cpu_seconds[min(1, len(cpu_seconds) - 1)], 2),
        "total_s": round(sum(seconds), 1), "store_mb": round(size_mb, 1), "links": len(links), "stories": stories,
    }
    return keyed(links), pairs(duplicates), summary


def store_rule_cap(table: Any, fixed: int | None, budget: float) -> int:
    """The index cap an ingest would use with everything in ``table`` stored."""
    if fixed is not None:
        return fixed
    values, tokens = np.unique(token_counts(table).df, return_counts=True)
    return pair_budget_cap(zip(values.tolist(), tokens.tolist()), len(table), budget)


def keyed(links: Iterable[CopyLink]) -> dict[tuple[str, int, str, int], str]:
    return {(l.a.article, l.a.sentence, l.b.article, l.b.sentence): l.kind for l in links}


def pairs(duplicates: Iterable[NearDuplicate]) -> set[tuple[str, str, float]]:
    return {(d.a, d.b, d.similarity) for d in duplicates}


def agreement(stored: dict, batch: dict, story_of: dict[str, str], names: tuple[str, str] = ("incremental", "batch")) -> dict[str, Any]:
    """Links in both, only in the store, only in the batch run (or the runs
    ``names`` says), by kind; with how many link two different generated stories
    (copies are made within a story only)."""

    def tally(links: dict, keys: set, kind: str) -> dict[str, int]:
        chosen = [k for k in keys if links[k] == kind]
        return {"links": len(chosen), "across_stories": sum(story_of[k[0]] != story_of[k[2]] for k in chosen)}

    return {
        kind: {
            "both": tally(batch, stored.keys() & batch.keys(), kind),
            f"only_{names[0]}": tally(stored, stored.keys() - batch.keys(), kind),
            f"only_{names[1]}": tally(batch, batch.keys() - stored.keys(), kind),
        }
        for kind in ("verbatim", "reworded")
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--max-postings", type=int, default=IndexOptions().max_postings,
                        help="IndexOptions.max_postings: a fixed index cap (default: adapted to the store)")
    parser.add_argument("--per-day", type=float, default=200.0, help="Articles per day: a stream, not one burst.")
    parser.add_argument("--oracle-counts", action="store_true", help="Also ingest with the final corpus's token counts.")
    args = parser.parse_args()
    n = args.batches * args.size
    corpus, story_of = articles(n, args.seed, n / args.per_day)
    options = Options(index=IndexOptions(max_postings=args.max_postings))
    with tempfile.TemporaryDirectory() as folder:
        stored, stored_pairs, summary = ingest(Path(folder) / "store.db", corpus, args.size, options)

    texts = [prepare(a) for a in corpus]
    began = time.process_time()
    everything = find_copies(texts, options.copies)
    baseline = time.process_time() - began
    table = sentence_table(texts)
    budget = options.copies.pair_budget
    final_cap = store_rule_cap(table, args.max_postings, budget)
    capped = links_from_table(table, texts, options.copies, index_cap=final_cap)
    batch, batch_capped = keyed(everything.links), keyed(capped.links)
    result: dict[str, Any] = {
        "articles": len(corpus), "batch_size": args.size, **summary, "final_cap": final_cap, "load": os.getloadavg(),
        "batch_links_all": len(everything.links), "baseline_full_recompute_cpu_s": round(baseline, 2),
        "near_duplicates": {"stored": len(stored_pairs), "batch": len(pairs(everything.near_duplicates)),
                            "identical": stored_pairs == pairs(everything.near_duplicates)},
        "links_vs_batch": agreement(stored, batch, story_of),
        "links_vs_batch_store_cap": agreement(stored, batch_capped, story_of),
    }
    if args.oracle_counts:
        final = token_counts(table)

        def oracle(store: Store, table: Any, new_table: Any) -> TokenCounts:
            # The final corpus's counts, for the tokens of this subset.
            vocabulary = np.unique(table.tokens)
            return TokenCounts(vocabulary, final.df[np.searchsorted(final.vocabulary, vocabulary)], final.rows)

        store_index.corpus_counts = oracle  # type: ignore[assignment]
        with tempfile.TemporaryDirectory() as folder:
            at_final_cap = Options(index=IndexOptions(max_postings=final_cap))
            with_oracle, _, _ = ingest(Path(folder) / "oracle.db", corpus, args.size, at_final_cap)
        result["oracle_counts_vs_batch_store_cap"] = agreement(with_oracle, batch_capped, story_of)
        batch_of = {a.id: k // args.size for k, a in enumerate(corpus)}
        copies_of: dict[tuple[str, int], set[str]] = {}
        for a, sa, b, sb in batch_capped:
            copies_of.setdefault((a, sa), set()).add(b)
            copies_of.setdefault((b, sb), set()).add(a)

        def copied_later(key: tuple[str, int, str, int]) -> bool:
            a, sa, b, sb = key
            now = max(batch_of[a], batch_of[b])
            return any(batch_of[c] > now for c in copies_of.get((a, sa), set()) | copies_of.get((b, sb), set()))

        differing = with_oracle.keys() ^ batch_capped.keys()
        result["oracle_differences"] = {"links": len(differing), "a_sentence_copied_in_a_later_batch": sum(map(copied_later, differing))}
    half = texts[: len(texts) // 2]
    in_half = {t.id for t in half}
    half_table = sentence_table(half)
    half_links = keyed(links_from_table(half_table, half, options.copies, index_cap=store_rule_cap(half_table, args.max_postings, budget)).links)
    whole_within = {k: v for k, v in batch_capped.items() if k[0] in in_half and k[2] in in_half}
    result["batch_half_vs_whole"] = agreement(half_links, whole_within, story_of, ("half", "whole"))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
