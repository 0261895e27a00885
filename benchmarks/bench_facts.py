"""Facts: accuracy against the hand labels on DUC 2006, and speed on 25-article stories.

    python benchmarks/bench_facts.py                 # accuracy (dev, test, all) + speed on 10 clusters
    python benchmarks/bench_facts.py --clusters 50   # speed on every DUC 2006 cluster
    python benchmarks/bench_facts.py --pipeline      # what entities add to build_briefs on all of DUC 2006

Accuracy: figures, dates and entities found in the labelled articles, scored per field by
newsbrief.eval.facts (labels: benchmarks/data/facts_duc2006_labels.jsonl, guidelines in
benchmarks/data/README.md). "dev" articles are the ones whose errors were looked at while the
extractors were written; "test" ones were labelled at the same time and never looked at.

Speed: each DUC 2006 cluster is one story of 25 articles. The process is pinned to one core
with one BLAS thread, sentences are split before the clock starts, and each story is timed
twice, the faster run kept: story_facts without entities (figures, dates, timeline,
disagreements), and the spaCy entity tagger alone (the model is loaded once, before), reading
name windows (the default) and, as the baseline, whole sentences; the mentions both find are
counted to show what the windows cost.
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


def _published(day: str) -> datetime | None:
    try:
        return datetime.fromisoformat(day)
    except ValueError:
        return None  # a few DUC dates are not dates ("1997-00-...")


def _best_of_two(run) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(2):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times)


def _mentions(facts: list) -> set:  # type: ignore[type-arg]
    return {(f.article, f.sentence, f.span, f.what) for f in facts}


def speed(tagger: EntityTagger, clusters: int) -> None:
    whole = EntityTagger(window=None)
    rows = []
    same = only_whole = only_windows = 0
    with DUC.open(encoding="utf-8") as lines:
        for line in list(lines)[:clusters]:
            cluster = json.loads(line)
            texts = [
                prepare(Article(id=d["id"], title=d["title"], text=d["text"], source=d["id"][:3],
                                published=_published(d["date"])))
                for d in cluster["docs"]
            ]  # fmt: skip
            words = sum(len(t.article.text.split()) + len(t.article.title.split()) for t in texts)
            body = [s for s in fact_sentences(texts) if s.index >= 0]
            rules = _best_of_two(lambda texts=texts: story_facts(texts))
            ner = _best_of_two(lambda body=body: tagger(body))
            sentences = _best_of_two(lambda body=body: whole(body))
            windows, baseline = _mentions(tagger(body)), _mentions(whole(body))
            same, only_whole, only_windows = (same + len(windows & baseline), only_whole + len(baseline - windows),
                                              only_windows + len(windows - baseline))
            rows.append((cluster["id"], len(texts), words, rules, ner, sentences))
            print(f"{cluster['id']}  {len(texts)} articles {words:>6} words   figures+dates+disagreements "
                  f"{rules:6.3f} s   entities {ner:6.3f} s (whole sentences {sentences:6.3f} s)", flush=True)
    words = [r[2] for r in rows]
    rules = [r[3] for r in rows]
    ner = [r[4] for r in rows]
    print(f"\n{len(rows)} stories of 25 articles, median {statistics.median(words):.0f} words:")
    print(f"  figures + dates + timeline + disagreements: median {statistics.median(rules):.3f} s, "
          f"max {max(rules):.3f} s per story")
    print(f"  entities (spaCy NER): median {statistics.median(ner):.2f} s, max {max(ner):.2f} s per story, "
          f"{sum(words) / sum(ner):,.0f} words/s")
    whole_ner = [r[5] for r in rows]
    print(f"  entities reading whole sentences (baseline): median {statistics.median(whole_ner):.2f} s per story, "
          f"{sum(words) / sum(whole_ner):,.0f} words/s; windows are {sum(whole_ner) / sum(ner):.2f}x faster")
    print(f"  mentions: {same} found both ways, {only_whole} only in whole sentences, {only_windows} only in windows "
          f"({same / (same + only_whole):.1%} of the baseline's mentions kept)")
    total = [a + b for a, b in zip(rules, ner, strict=True)]
    print(f"  all facts with entities: median {statistics.median(total):.2f} s, max {max(total):.2f} s per story; "
          f"{sum(t < 1 for t in total)} of {len(total)} stories under 1 s")


def pipeline_cost() -> None:
    """build_briefs on the 1,250 DUC 2006 articles, with and without entities."""
    from newsbrief import build_briefs
    from newsbrief.facts import FactOptions
    from newsbrief.pipeline import Options

    articles = []
    with DUC.open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            articles += [
                Article(id=f"{cluster['id']}-{d['id']}", title=d["title"], text=d["text"], source=d["id"][:3],
                        published=_published(d["date"]))
                for d in cluster["docs"]
            ]  # fmt: skip
    for entities in (False, True):
        began = time.perf_counter()
        briefs = build_briefs(articles, Options(facts=FactOptions(entities=entities)))
        print(f"build_briefs, {len(articles)} articles, {len(briefs)} stories, entities {'on' if entities else 'off'}: "
              f"{time.perf_counter() - began:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clusters", type=int, default=10, help="DUC 2006 clusters (stories) to time")
    parser.add_argument("--pipeline", action="store_true", help="only time build_briefs with and without entities")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    print(f"cores used: {len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else 'all'}")
    if args.pipeline:
        pipeline_cost()
        return
    tagger = EntityTagger()
    accuracy(tagger)
    print()
    speed(tagger, args.clusters)


if __name__ == "__main__":
    main()
