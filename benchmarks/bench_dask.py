"""Copy detection on a Dask LocalCluster whose workers read JSONL partitions themselves.

    python -m newsbrief.eval.synth --articles 10000 --out /tmp/gen10k.jsonl \
        --stats-from ../shared/data/lee/lee_background.jsonl
    python benchmarks/bench_dask.py /tmp/gen10k.jsonl --lines 2000 --compare-local   # identical to local mode?
    python benchmarks/bench_dask.py /tmp/gen1m.jsonl --workers 2 --lines 25000       # scale: time, CPU, peak memory

The file is split into partitions of ``--lines`` lines (not timed); the timed part is
:func:`newsbrief.engine.partitioned.find_copies_partitioned`: workers read, split and featurise
their partitions and run the global step on them piece by piece; the client gets the verbatim
groups and scored pairs and decides. Peak memory is each process's maximum resident set
(``ru_maxrss``); the LocalCluster's scheduler runs inside the client process, so its memory counts
as the client's.
"""

from __future__ import annotations

import argparse
import os
import resource
import tempfile
import time
from pathlib import Path

from newsbrief.engine.dask import DaskEngine
from newsbrief.engine.partitioned import find_copies_partitioned, split_jsonl
from newsbrief.ingest.readers import read_articles
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import find_copies


def _usage() -> tuple[float, float]:
    """CPU seconds and peak resident MB of the calling process (run on each worker too)."""
    times = os.times()
    return times.user + times.system, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jsonl", type=Path, help="generated articles (python -m newsbrief.eval.synth)")
    parser.add_argument("--lines", type=int, default=20_000, help="articles per partition")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="8GiB", help="per worker")
    parser.add_argument("--compare-local", action="store_true", help="also run find_copies in one process and compare")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        parts = split_jsonl(args.jsonl, folder, lines=args.lines)
        with DaskEngine(workers=args.workers, memory_limit=args.memory_limit) as engine:
            before = engine.client.run(_usage)
            client_cpu = _usage()[0]
            began = time.perf_counter()
            result = find_copies_partitioned(engine.client, parts)
            seconds = time.perf_counter() - began
            client_cpu, client_peak = _usage()[0] - client_cpu, _usage()[1]
            after = engine.client.run(_usage)
        articles = sum(1 for path in parts for line in path.open(encoding="utf-8") if line.strip())
    worker_cpu = sum(after[w][0] - before[w][0] for w in after)
    print(f"{articles:,} articles in {len(parts)} partitions on a LocalCluster of {args.workers} workers: "
          f"{seconds:.1f} s wall, {articles / seconds:,.0f} articles/s (load average {os.getloadavg()[0]:.1f})")
    print(f"    CPU: client {client_cpu:.1f} s, workers {worker_cpu:.1f} s")
    print(f"    peak memory: client {client_peak:,.0f} MB; workers "
          + ", ".join(f"{after[w][1]:,.0f} MB" for w in sorted(after)))
    print(f"    links {len(result.links):,}  near-duplicates {len(result.near_duplicates):,}  "
          f"boilerplate {len(result.boilerplate):,}", flush=True)
    if args.compare_local:
        began = time.perf_counter()
        local = find_copies([prepare(a) for a in read_articles([args.jsonl])])
        print(f"    local mode, one process: {time.perf_counter() - began:.1f} s; identical result: {local == result}")


if __name__ == "__main__":
    main()
