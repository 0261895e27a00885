"""End-to-end speed: JSONL in, story briefs out. Articles per second and peak memory.

Each corpus runs in a fresh child process, so its peak RSS is its own.

    python benchmarks/bench_pipeline.py                      # real (../shared/data) + generated 10k
    python benchmarks/bench_pipeline.py --sizes 10000 100000 # generated corpora of those sizes
    python benchmarks/bench_pipeline.py --entities           # with spaCy NER in the facts (slow)

Real articles: ECB+ (772), DUC 2006 (1,250 documents) and Lee (300) from ../shared/data.
Generated corpora follow the word statistics of those texts (newsbrief.eval.synth) without copying them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
DATA = SHARED / "data"


def real_records() -> list[dict]:
    """About 2,300 real articles from ../shared/data as newsbrief records."""
    records = []
    with (DATA / "ecbplus" / "ecbplus_topics_1-35.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            records.append({"id": f"ecb-{doc['id']}", "title": doc["title"], "text": doc["text"], "published": doc["date"]})
    with (DATA / "duc2006" / "duc2006_main.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            for doc in cluster["docs"]:
                records.append({"id": f"{cluster['id']}-{doc['id']}", "title": doc["title"], "text": doc["text"],
                                "published": doc["date"], "source": doc["id"][:3]})
    with (DATA / "lee" / "lee_background.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            doc = json.loads(line)
            records.append({"id": f"lee-{doc['id']}", "title": "", "text": doc["text"]})
    return records


def generated(n: int, path: Path) -> None:
    from newsbrief.eval.synth import WordStats, generate_corpus, write_jsonl

    texts = [r["text"] for r in real_records()]
    write_jsonl(generate_corpus(n, seed=7, stats=WordStats.from_texts(texts)), path)


def child(path: str, entities: bool) -> None:
    """Run the pipeline on one JSONL file and print a JSON line of measurements."""
    from newsbrief import Options, build_briefs, read_articles
    from newsbrief.facts.story import FactOptions

    stages: dict[str, float] = {}
    began = time.perf_counter()
    articles = list(read_articles([path], on_error=lambda e: None))
    stages["read"] = time.perf_counter() - began
    last = [time.perf_counter()]

    def progress(stage: str, done: int, total: int) -> None:
        if done == total:
            now = time.perf_counter()
            stages[stage] = stages.get(stage, 0.0) + now - last[0]
            last[0] = now

    briefs = build_briefs(articles, Options(facts=FactOptions(entities=entities)), progress=progress)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    links = sum(len(b.copies) for b in briefs)
    print(json.dumps({"articles": len(articles), "seconds": seconds, "peak_mb": peak, "stories": len(briefs),
                      "links": links, "stages": stages}))


def measure(label: str, path: Path, entities: bool) -> dict:
    command = [sys.executable, __file__, "--child", str(path)] + (["--entities"] if entities else [])
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{label}: the pipeline failed:\n{out.stderr}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["label"] = label
    stages = " ".join(f"{k}={v:.1f}s" for k, v in result["stages"].items())
    print(f"{label:<16} {result['articles']:>8} articles {result['seconds']:>8.1f} s "
          f"{result['articles'] / result['seconds']:>8.0f} art/s  peak {result['peak_mb']:>7.0f} MB  "
          f"{result['stories']:>7} stories {result['links']:>8} links   [{stages}]", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000], help="generated corpus sizes")
    parser.add_argument("--no-real", action="store_true", help="skip the real articles")
    parser.add_argument("--entities", action="store_true", help="also run spaCy NER for the facts panel (slow)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.entities)
        return
    print(f"entities (spaCy NER): {'on' if args.entities else 'off'}; {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f} at start")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_real:
            path = Path(tmp) / "real.jsonl"
            path.write_text("".join(json.dumps(r) + "\n" for r in real_records()), encoding="utf-8")
            results.append(measure("real (shared)", path, args.entities))
        for n in args.sizes:
            path = Path(tmp) / f"gen{n}.jsonl"
            generated(n, path)
            results.append(measure(f"generated {n:,}", path, args.entities))
    gen = [r for r in results if r["label"].startswith("generated")]
    if len(gen) >= 2:
        small, big = gen[0], gen[-1]
        growth = (big["seconds"] / big["articles"]) / (small["seconds"] / small["articles"])
        print(f"cost per article grows {growth:.2f}x from {small['articles']:,} to {big['articles']:,} articles "
              f"(1.00 = linear)")
        for stage in small["stages"]:
            if stage in big["stages"]:
                stage_growth = (big["stages"][stage] / big["articles"]) / (small["stages"][stage] / small["articles"])
                print(f"  {stage}: {stage_growth:.2f}x")
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
