"""Brief quality and speed on DUC 2006, beside sumy's summarizers and NIST's lead baseline.

One process, one core: newsbrief generic, newsbrief focused on each cluster's query
(``--use-query``), the lead baseline and sumy's LexRank, TextRank, LSA, SumBasic and
KL-Sum, all on the same clusters with the same 250-word budget, scored by
:mod:`newsbrief.eval.rouge` (jackknifed recall, as DUC reported it). Prints one table
and the ratios the targets are stated in; ``--json`` keeps everything.

    /tmp/nbvenv/bin/python benchmarks/bench_briefs.py               # all 50 clusters, ~25 min
    /tmp/nbvenv/bin/python benchmarks/bench_briefs.py --limit 5 --no-baselines

Seconds are per cluster and cover everything a summarizer does with the raw
articles (sentence splitting included; for newsbrief also copy detection). The NIST
figures printed for reference are the official ones from the data's README.
"""

from __future__ import annotations

import os

# One core, as the target says: pin the process and keep BLAS (sumy's LSA) single-threaded.
# Set before numpy is imported anywhere.
for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from newsbrief.eval.briefs import (
    LEAD,
    NEWSBRIEF,
    SUMY_SUMMARIZERS,
    SummarizerRun,
    format_table,
    read_clusters,
    report,
    run_summarizer,
)

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "duc2006" / "duc2006_main.jsonl"
# Official NIST ROUGE-2 recall of DUC 2006 (README of the data): best system, second, baseline.
NIST_BEST_R2 = 0.09505
NIST_SECOND_R2 = 0.08987


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--words", type=int, default=250)
    parser.add_argument("--limit", type=int, help="only the first N clusters")
    parser.add_argument("--no-baselines", action="store_true", help="newsbrief only")
    parser.add_argument("--json", type=Path, help="write all scores and timings here")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    clusters = read_clusters(args.data, args.limit)
    print(f"{len(clusters)} clusters of {args.data.name}, {args.words} words, one core", flush=True)

    def run(name: str, use_query: bool = False) -> SummarizerRun:
        result = run_summarizer(name, clusters, args.words, use_query)
        print(f"  done: {name}{' (query)' if use_query else ''}", file=sys.stderr, flush=True)
        return result

    generic = run(NEWSBRIEF)
    focused = dataclasses.replace(run(NEWSBRIEF, use_query=True), name="newsbrief --use-query")
    baselines = [] if args.no_baselines else [run(name) for name in (LEAD, *SUMY_SUMMARIZERS)]

    # The ratio lines under the table compare plain "newsbrief" (generic) with the baselines.
    print(format_table([generic, focused, *baselines]))
    print(f"newsbrief --use-query R-2 {focused.scores.r2:.4f} / DUC 2006 best system's (NIST) {NIST_BEST_R2:.4f}"
          f" = {focused.scores.r2 / NIST_BEST_R2:.3f}x (second system {NIST_SECOND_R2:.4f})")
    if args.json:
        args.json.write_text(json.dumps({
            "generic": report([generic, *baselines], data=str(args.data), words=args.words, use_query=False),
            "focus": report([focused], data=str(args.data), words=args.words, use_query=True),
        }, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
