"""Copy detection: speed on generated corpora, quality on constructed and labelled data.

    python benchmarks/bench_copies.py --sizes 10000 100000 --workers 2   # speed + synth truth
    python benchmarks/bench_copies.py --quality                          # spun DUC + Clough-Stevenson
    python benchmarks/bench_copies.py --sizes 100000 --workers 2 --dask  # also the partitioned path on a
                                                                         # LocalCluster: time, == local result
    python benchmarks/bench_copies.py --end-to-end 100000 --workers 2    # the `copies` command on a JSONL file
    python benchmarks/bench_copies.py --end-to-end 10000 --against ../main/src   # and another source tree, same run

Generated corpora follow the word statistics of ../shared/data (see bench_pipeline.py) and
carry the truth of which sentence was copied from which. Sentences are split before the clock
starts: the timed part is copy detection proper (features, index, scoring, boilerplate). With
``--dask`` the same texts also go through :func:`newsbrief.engine.partitioned.find_copies_scattered`
on a LocalCluster of ``--workers`` processes (started before the clock): both cores work on the
global step too.

``--end-to-end N`` writes the same generated corpus as a JSONL file (before the clock) and times
``python -m newsbrief copies FILE --workers W --format json -o OUT`` as a user runs it: start-up,
reading, cleaning, sentence splitting, detection and writing the JSON. CPU seconds and peak
resident memory are those of the command and its worker processes (``RUSAGE_CHILDREN``: the
peak is the largest single process). ``--against SRC`` runs the same command with another
source tree (e.g. the main branch's ``src``) right after, and says whether the outputs are identical.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pipeline import ROOT, SHARED, generated, real_records  # noqa: E402

from newsbrief.engine.local import LocalEngine, find_copies_on  # noqa: E402
from newsbrief.eval.copies import evaluate, synth_scores  # noqa: E402
from newsbrief.eval.synth import WordStats, generate_corpus  # noqa: E402
from newsbrief.model import Article  # noqa: E402
from newsbrief.pipeline import prepare  # noqa: E402


def _cpu() -> float:
    """CPU seconds of this process and its finished children: the machine is shared,
    so wall time alone depends on what others run at the same moment."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def speed(n: int, workers: int, dask: bool) -> None:
    stats = WordStats.from_texts([r["text"] for r in real_records()])
    records = list(generate_corpus(n, seed=7, stats=stats))
    began = time.perf_counter()
    texts = [prepare(Article(id=r["id"], title=r["title"], text=r["text"], source=r["source"])) for r in records]
    split = time.perf_counter() - began
    # Millions of long-lived sentence objects: without this, every full garbage
    # collection walks all of them again (seconds at 100k articles).
    gc.freeze()
    began, cpu = time.perf_counter(), _cpu()
    result = find_copies_on(LocalEngine(workers), texts)
    seconds, cpu = time.perf_counter() - began, _cpu() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"generated {n:>8,}: {seconds:7.1f} s  {n / seconds:8.0f} articles/s on {workers} worker(s) "
          f"(CPU {cpu:.1f} s; load average {os.getloadavg()[0]:.1f})  peak {peak:,.0f} MB  links {len(result.links):,}  "
          f"[sentence splitting before the clock: {split:.1f} s]", flush=True)
    if n <= 20_000:
        scores = synth_scores(records, texts, result.links)
        for kind, s in scores.items():
            print(f"    {kind:<9} P {s.precision:.3f}  R {s.recall:.3f}  F1 {s.f1:.3f}  ({s.true_positives}/{s.found} found, {s.expected} expected)")
    if dask:
        from newsbrief.engine.dask import DaskEngine
        from newsbrief.engine.partitioned import find_copies_scattered

        with DaskEngine(workers=workers) as engine:
            before, cpu = engine.client.run(_cpu), _cpu()
            began = time.perf_counter()
            remote = find_copies_scattered(engine.client, texts)
            seconds = time.perf_counter() - began
            after, cpu = engine.client.run(_cpu), _cpu() - cpu
        worker_cpu = sum(after[w] - before[w] for w in after)
        print(f"    partitioned, LocalCluster of {workers} workers: {seconds:7.1f} s  {n / seconds:8.0f} articles/s "
              f"(CPU client {cpu:.1f} s, workers {worker_cpu:.1f} s; load average {os.getloadavg()[0]:.1f}); "
              f"identical result: {remote == result}", flush=True)


def _copies_command(corpus: Path, out: Path, workers: int, src: Path) -> str:
    """Run ``newsbrief copies`` on ``corpus`` with sources ``src``, print what it cost; the output's digest."""
    before, load = resource.getrusage(resource.RUSAGE_CHILDREN), os.getloadavg()[0]
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "newsbrief", "copies", str(corpus), "--workers", str(workers),
                    "--format", "json", "-o", str(out)], check=True, env={**os.environ, "PYTHONPATH": str(src)})
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    articles = sum(1 for line in corpus.open("rb") if line.strip())
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:16]
    print(f"copies {corpus.name} ({articles:,} articles) with {src}: {seconds:6.1f} s  {articles / seconds:6.0f} articles/s "
          f"on {workers} worker(s) (CPU {cpu:.1f} s; peak RSS {after.ru_maxrss / 1024:,.0f} MB; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)  output {digest}", flush=True)
    return digest


def end_to_end(n: int, workers: int, against: Path | None) -> None:
    """Time the ``copies`` command from a JSONL file of ``n`` generated articles."""
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / f"generated-{n}.jsonl"
        generated(n, corpus)
        mine = _copies_command(corpus, Path(folder) / "copies.json", workers, ROOT / "src")
        if against is not None:
            theirs = _copies_command(corpus, Path(folder) / "against.json", workers, against.resolve())
            print(f"    identical output: {mine == theirs}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--dask", action="store_true",
                        help="also run the partitioned path on a Dask LocalCluster and compare the result")
    parser.add_argument("--quality", action="store_true", help="spun DUC 2006 benchmark and Clough-Stevenson")
    parser.add_argument("--end-to-end", type=int, nargs="*", default=[], metavar="N",
                        help="time the `copies` command on a JSONL file of N generated articles")
    parser.add_argument("--against", type=Path, help="with --end-to-end: also run another source tree, compare outputs")
    args = parser.parse_args()
    for n in args.sizes:
        speed(n, args.workers, args.dask)
    for n in args.end_to_end:
        end_to_end(n, args.workers, args.against)
    if args.quality:
        print(json.dumps(evaluate(SHARED), indent=2))


if __name__ == "__main__":
    main()
