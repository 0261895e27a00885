"""Facts: accuracy against the hand labels on DUC 2006, and speed on 25-article stories.

    python benchmarks/bench_facts.py                 # accuracy (dev, test, all) + speed on 10 clusters
    python benchmarks/bench_facts.py --clusters 50   # speed on every DUC 2006 cluster

Accuracy: figures, dates and entities found in the labelled articles, scored per field by
newsbrief.eval.facts (labels: benchmarks/data/facts_duc2006_labels.jsonl, guidelines in
benchmarks/data/README.md). "dev" articles are the ones whose errors were looked at while the
extractors were written; "test" ones were labelled at the same time and never looked at.

Speed: each DUC 2006 cluster is one story of 25 articles. The process is pinned to one core
with one BLAS thread, sentences are split before the clock starts, and each story is timed
twice, the faster run kept: story_facts without entities (figures, dates, timeline,
disagreements), and the spaCy entity tagger alone (the model is loaded once, before).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy is imported: one core means one BLAS thread
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

from newsbrief.eval.facts import evaluate_facts, scores_table  # noqa: E402
from newsbrief.facts.entities import EntityTagger  # noqa: E402
from newsbrief.facts.story import fact_sentences, story_facts  # noqa: E402
from newsbrief.model import Article  # noqa: E402
from newsbrief.pipeline import prepare  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
DUC = SHARED / "data" / "duc2006" / "duc2006_main.jsonl"
LABELS = ROOT / "benchmarks" / "data" / "facts_duc2006_labels.jsonl"


def accuracy(tagger: EntityTagger) -> None:
    for split in ("dev", "test", None):
        print(f"\n### {split or 'all'} articles\n")
        print(scores_table(evaluate_facts(LABELS, DUC, tagger, split)))


def _best_of_two(run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(2):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def speed(tagger: EntityTagger, clusters: int) -> None:
    rows = []
    with DUC.open(encoding="utf-8") as lines:
        for line in list(lines)[:clusters]:
            cluster = json.loads(line)
            texts = [
                prepare(Article(id=d["id"], title=d["title"], text=d["text"], source=d["id"][:3],
                                published=datetime.fromisoformat(d["date"])))
                for d in cluster["docs"]
            ]  # fmt: skip
            words = sum(len(t.article.text.split()) + len(t.article.title.split()) for t in texts)
            body = [s for s in fact_sentences(texts) if s.index >= 0]
            rules = _best_of_two(lambda: story_facts(texts))
            ner = _best_of_two(lambda: tagger(body))
            rows.append((cluster["id"], len(texts), words, rules, ner))
            print(f"{cluster['id']}  {len(texts)} articles {words:>6} words   figures+dates+disagreements "
                  f"{rules:6.3f} s   entities {ner:6.3f} s", flush=True)
    words = [r[2] for r in rows]
    rules = [r[3] for r in rows]
    ner = [r[4] for r in rows]
    print(f"\n{len(rows)} stories of 25 articles, median {statistics.median(words):.0f} words:")
    print(f"  figures + dates + timeline + disagreements: median {statistics.median(rules):.3f} s, "
          f"max {max(rules):.3f} s per story")
    print(f"  entities (spaCy NER): median {statistics.median(ner):.2f} s, max {max(ner):.2f} s per story, "
          f"{sum(words) / sum(ner):,.0f} words/s")
    print(f"  all facts with entities: median {statistics.median(a + b for a, b in zip(rules, ner)):.2f} s per story")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10, help="DUC 2006 clusters (stories) to time")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"cores used: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else 'all'}")
    tagger = EntityTagger()
    accuracy(tagger)
    print()
    speed(tagger, args.clusters)


if __name__ == "__main__":
    main()
