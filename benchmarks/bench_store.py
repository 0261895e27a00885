"""Incremental ingest into the SQLite store: does a batch cost the same however big the store?

Generates articles with :func:`newsbrief.eval.synth.generate_corpus` (invented
word statistics, copies, spun copies and syndicated duplicates), ingests them
into a fresh store in batches with ``newsbrief.pipeline.ingest_into`` (one
transaction per batch, as ``newsbrief ingest`` does; the articles span one day
per ``--per-day`` of them, so that stories go quiet as in a real feed) and prints the seconds
each batch took, the store size and the links found. Then, in the same
process, the baseline: what the store's ingest did before it had an index,
a batch copy detection over every stored article, timed once over the whole
corpus (that is the work the last batch used to redo), whose links are compared
with the stored ones, by kind.

Run: ``python benchmarks/bench_store.py --batches 10 --size 1000``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from newsbrief import Article, Store, ingest_into
from newsbrief.eval.synth import generate_corpus
from newsbrief.pipeline import Options, prepare
from newsbrief.store.index import IndexOptions
from newsbrief.reuse.detect import find_copies


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=10)
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--max-postings", type=int, default=IndexOptions().max_postings, help="IndexOptions.max_postings")
    parser.add_argument("--per-day", type=float, default=200.0, help="Articles per day: a stream, not one burst.")
    args = parser.parse_args()
    n = args.batches * args.size
    corpus, story_of = articles(n, args.seed, n / args.per_day)
    options = Options(index=IndexOptions(max_postings=args.max_postings))
    # CPU time as well as wall time: on a shared machine the wall clock says more about the neighbours.
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "store.db"
        with Store(path) as store:
            for low in range(0, len(corpus), args.size):
                began, cpu = time.perf_counter(), time.process_time()
                ingest_into(store, corpus[low : low + args.size], options)
                seconds.append(time.perf_counter() - began)
                cpu_seconds.append(time.process_time() - cpu)
                print(json.dumps({"batch": len(seconds), "stored": store.count_articles(),
                                  "seconds": round(seconds[-1], 2), "cpu_seconds": round(cpu_seconds[-1], 2)}))
            links, _ = store.copies(list(store.assignments()))
            stored = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence): l.kind for l in links}
            stories = len(store.stories())
        size_mb = path.stat().st_size / 1e6 + sum(p.stat().st_size for p in Path(folder).glob("store.db-*")) / 1e6
    began = time.process_time()
    everything = find_copies([prepare(a) for a in corpus])
    baseline = time.process_time() - began
    batch = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence): l.kind for l in everything.links}


    def tally(links: dict, keys: set, kind: str) -> dict[str, int]:
        # Copies are generated within a story only: a link across stories is a false one.
        chosen = [k for k in keys if links[k] == kind]
        return {"links": len(chosen), "across_stories": sum(story_of[k[0]] != story_of[k[2]] for k in chosen)}

    agreement = {
        kind: {
            "both": tally(batch, stored.keys() & batch.keys(), kind),
            "only_incremental": tally(stored, stored.keys() - batch.keys(), kind),
            "only_batch": tally(batch, batch.keys() - stored.keys(), kind),
        }
        for kind in ("verbatim", "reworded")
    }
    print(json.dumps({
        "articles": len(corpus), "batch_size": args.size, "first_batch_s": round(seconds[0], 2),
        "last_batch_s": round(seconds[-1], 2), "last_over_first": round(seconds[-1] / seconds[0], 2),
        "first_batch_cpu_s": round(cpu_seconds[0], 2), "last_batch_cpu_s": round(cpu_seconds[-1], 2),
        "cpu_last_over_first": round(cpu_seconds[-1] / cpu_seconds[0], 2),
        "total_s": round(sum(seconds), 1), "store_mb": round(size_mb, 1), "links": len(links), "stories": stories,
        "batch_links_all": len(everything.links), "baseline_full_recompute_cpu_s": round(baseline, 2),
        "links_vs_batch": agreement,
    }))


if __name__ == "__main__":
    main()
