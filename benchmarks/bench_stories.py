"""Stories: event-level grouping on ECB+ and DUC 2006 beside baselines, a held-out check,
stream against batch, and stream throughput and memory on a generated 100k-article corpus.

    python benchmarks/bench_stories.py                    # everything (a few minutes on 2 cores)
    python benchmarks/bench_stories.py --only ecb         # ECB+ only: full, held-out, titles only
    python benchmarks/bench_stories.py --only throughput     # 100k-article stream, in its own process
    python benchmarks/bench_stories.py --only ingest --articles 25000 --ingest-size 5000  # real ingests
    python benchmarks/bench_stories.py --only gap         # ECB+ with StoryOptions.max_gap 30/90/365 days

Sections (each prints its own table; baselines run in the same process on the same articles):

* ``ecb``: ECB+ topics 1-35 (772 articles, 70 events, two look-alike events per topic).
  newsbrief batch (as ``brief``) and stream (in publication order, ``--ingest-size`` articles
  per ingest as repeated ``ingest``, and one at a time) against scikit-learn TF-IDF +
  agglomerative clustering (average and
  complete link), whose distance threshold is tuned on the very labels being scored.
  **Held-out**: a few of newsbrief's parameters are tuned on the odd topics and scored on the
  even ones, and the other way round; the baselines' thresholds are tuned the same way. Then
  **titles only**: every article cut to its title, as a headline feed gives. Then **small
  batches**: each topic grouped alone, full text and titles only (a user briefing one small
  pile or feed).
* ``duc``: DUC 2006, 50 topic clusters of 25 articles. Undated, the clusters are far-apart
  topics and should come out whole; dated, a story is an event and a topic that spans months
  splits into its events, so there only precision says something.
* ``stream``: a generated corpus (``newsbrief.eval.synth``, word statistics from the Lee
  background corpus) with known stories: BCubed of stream (ingests of 1,000, and one at a
  time) and batch on its first 10,000 articles.
* ``throughput`` (only when asked, so it runs in a process of its own): the stream over all
  ``--articles`` (default 100,000) in publication order on one core, 5,000 articles at a
  time: CPU seconds in sentence splitting, feature extraction and assignment
  (``add_features`` one article at a time, the sequential step; with ``--ingest-size N``,
  ``add_batch_features`` N articles at a time) counted apart, and the
  process's resident memory and the clusterer's held state every 10,000 articles (dormant
  stories drained as they fall asleep). Copy detection is not part of it.
* ``ingest`` (only when asked): what a real ``newsbrief ingest`` costs, ``--articles`` generated
  articles into a new SQLite store ``--ingest-size`` (default 5,000) at a time with
  ``pipeline.ingest_into``: CPU seconds per ingest in sentence splitting, copies and indexing, and
  stories (reading the open stories back from the store, replaying them, ``add_batch``, writing).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # before numpy is imported: one core means one BLAS thread
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable, Hashable, Mapping, Sequence  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import timedelta  # noqa: E402
from itertools import islice  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from newsbrief.eval.stories import (  # noqa: E402
    LabelledArticles,
    SystemRun,
    evaluate_stories,
    format_table,
    newsbrief_batch,
    newsbrief_stream,
    read_labelled,
    score,
    tfidf_agglomerative,
)
from newsbrief.eval.synth import WordStats, generate_corpus  # noqa: E402
from newsbrief.model import Article  # noqa: E402
from newsbrief.pipeline import Options, prepare  # noqa: E402
from newsbrief.stories.cluster import StoryClusterer, StoryOptions  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSBRIEF_SHARED", ROOT.parent / "shared"))
ECB = SHARED / "data" / "ecbplus" / "ecbplus_topics_1-35.jsonl"
DUC = SHARED / "data" / "duc2006" / "duc2006_main.jsonl"
LEE = SHARED / "data" / "lee" / "lee_background.jsonl"

INGEST_SIZE = 100
"""Articles per ingest of the stream runs on the real sets (a few hours to a day of one outlet's feed)."""

# The held-out grid: a few values around the defaults of the batch grouping.
GRID = [
    {"neighbours": k, "min_shared": shared, "relative_similarity": relative}
    for k in (4, 5)
    for shared in (0.06, 0.1, 0.14)
    for relative in (0.4, 0.5, 0.6)
]


def _subset(data: LabelledArticles, keep: Callable[[str], bool]) -> LabelledArticles:
    ids = {i for i in data.gold if keep(i)}
    return LabelledArticles(tuple(t for t in data.texts if t.id in ids), {i: data.gold[i] for i in ids})


def _topic(article: str) -> int:
    return int(article.split("_")[0])


def _line(name: str, scores: Any, note: str = "") -> str:
    return (f"{name:<46} B3 P {scores.bcubed_precision:.3f} R {scores.bcubed_recall:.3f} F1 {scores.bcubed_f1:.3f}"
            f"  pairwise P {scores.pairwise_precision:.3f} F1 {scores.pairwise_f1:.3f}  {note}")


def ecb() -> None:
    data = read_labelled(ECB)
    print(f"## ECB+ topics 1-35: {len(data.texts)} articles, {len(set(data.gold.values()))} events\n")
    runs = list(evaluate_stories(data))
    for size in (INGEST_SIZE, 1):
        name = f"newsbrief stream, ingests of {size}" if size > 1 else "newsbrief stream, one at a time"
        runs.insert(1, _run(name, lambda size=size: newsbrief_stream(data.texts, ingest_size=size), data.gold))
    # The file lists each topic's articles together, and 561 of its 772 are undated, which keep
    # the file's order in a stream: a stream that meets them in another order does worse.
    shuffled = list(data.texts)
    random.Random(0).shuffle(shuffled)
    runs.insert(3, _run(f"newsbrief stream, ingests of {INGEST_SIZE}, file shuffled",
                        lambda: newsbrief_stream(shuffled, ingest_size=INGEST_SIZE), data.gold))
    print(format_table(runs))
    for run in runs[1:3]:
        print(f"{run.name} - batch BCubed F1: {run.scores.bcubed_f1 - runs[0].scores.bcubed_f1:+.3f}")

    print("\n### Held-out: tuned on one half of the topics, scored on the other\n")
    halves = {"odd": _subset(data, lambda i: _topic(i) % 2 == 1), "even": _subset(data, lambda i: _topic(i) % 2 == 0)}
    for tune, test in (("odd", "even"), ("even", "odd")):
        best = max(GRID, key=lambda p: score(_batch(halves[tune], p), halves[tune].gold).bcubed_f1)
        print(_line(f"newsbrief defaults on {test}", score(newsbrief_batch(halves[test].texts), halves[test].gold)))
        print(_line(f"newsbrief tuned on {tune}, on {test}", score(_batch(halves[test], best), halves[test].gold),
                    json.dumps(best)))
        for linkage in ("average", "complete"):
            _, threshold = tfidf_agglomerative(halves[tune].texts, halves[tune].gold, linkage)
            found = _tfidf_at(halves[test], linkage, threshold)
            print(_line(f"tfidf+agglomerative ({linkage}) tuned on {tune}, on {test}", score(found, halves[test].gold),
                        f"threshold {threshold}"))

    print("\n### Titles only (each article cut to its title)\n")
    titles = LabelledArticles(
        tuple(prepare(replace(t.article, text=t.article.title)) for t in data.texts if t.article.title), data.gold
    )
    titles = _subset(titles, lambda i: i in {t.id for t in titles.texts})
    print(format_table(list(evaluate_stories(titles))))

    for name, whole in (("full text", data), ("titles only", titles)):
        print(f"\n### Small batches, {name}: each topic grouped alone (~22 articles, two events), mean over topics\n")
        _per_topic(whole)


def _per_topic(data: LabelledArticles) -> None:
    """Mean BCubed F1 and pairwise precision over the topics, each topic a batch of its own;
    the baselines' thresholds tuned once on all topics together (as one would pick a setting)."""
    topics = sorted({_topic(t.id) for t in data.texts})
    parts = [_subset(data, lambda i, k=k: _topic(i) == k) for k in topics]
    systems: dict[str, Callable[[LabelledArticles], Mapping[str, Hashable]]] = {
        "newsbrief": lambda part: newsbrief_batch(part.texts)
    }
    for linkage in ("average", "complete"):
        _, threshold = tfidf_agglomerative(data.texts, data.gold, linkage)
        systems[f"tfidf+agglomerative ({linkage}, {threshold})"] = (
            lambda part, linkage=linkage, threshold=threshold: _tfidf_at(part, linkage, threshold)
        )
    for name, run in systems.items():
        scores = [score(run(part), part.gold) for part in parts]
        f1 = sum(s.bcubed_f1 for s in scores) / len(scores)
        precision = sum(s.pairwise_precision for s in scores) / len(scores)
        print(f"{name:<46} mean B3 F1 {f1:.3f}  mean pairwise P {precision:.3f}  ({len(parts)} topics)")


def _batch(data: LabelledArticles, params: Mapping[str, Any]) -> dict[str, str]:
    return newsbrief_batch(data.texts, Options(stories=StoryOptions(**params)))


def _tfidf_at(data: LabelledArticles, linkage: str, threshold: float) -> dict[str, int]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(
        [f"{t.article.title}\n{t.article.text}" for t in data.texts]
    )
    labels = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=threshold
    ).fit_predict(cosine_distances(matrix))
    return {t.id: int(label) for t, label in zip(data.texts, labels, strict=True)}


def _run(name: str, run: Callable[[], Mapping[str, str]], gold: Mapping[str, str]) -> SystemRun:
    start = time.perf_counter()
    found = run()
    return SystemRun(name, score(found, gold), time.perf_counter() - start, found)


def duc() -> None:
    records = []
    with DUC.open(encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            records += [(cluster["id"], doc) for doc in cluster["docs"]]
    for dated in (False, True):
        texts = tuple(
            prepare(Article(doc["id"], doc["title"], doc["text"],
                            published=_date(doc["date"]) if dated else None))
            for _, doc in records
        )
        data = LabelledArticles(texts, {doc["id"]: cluster for cluster, doc in records})
        print(f"\n## DUC 2006, {len(texts)} articles in 50 topic clusters, {'dated' if dated else 'undated'}\n")
        # The baselines read no dates: they are the same dated or not, so they run once.
        runs = list(evaluate_stories(data, baselines=not dated))
        runs.insert(1, _run(f"newsbrief stream, ingests of {INGEST_SIZE}",
                            lambda data=data: newsbrief_stream(data.texts, ingest_size=INGEST_SIZE), data.gold))
        print(format_table(runs))


def _date(value: str) -> Any:
    from newsbrief.ingest.readers import parse_date

    return parse_date(value)


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def _stats() -> WordStats:
    return WordStats.from_texts(json.loads(line)["text"] for line in LEE.open(encoding="utf-8"))


def stream(articles: int) -> None:
    print("\n## Generated corpus: stream against batch on the first 10,000 articles\n")
    records = list(islice(generate_corpus(articles, seed=7, stats=_stats()), 10_000))
    texts = tuple(prepare(_article(r)) for r in records)
    gold = {r["id"]: r["story"] for r in records}
    runs = [_run("newsbrief", lambda: newsbrief_batch(texts), gold),
            _run("newsbrief stream, ingests of 1,000", lambda: newsbrief_stream(texts, ingest_size=1000), gold),
            _run("newsbrief stream, one at a time", lambda: newsbrief_stream(texts, ingest_size=1), gold)]
    print(format_table(runs))
    for run in runs[1:]:
        print(f"{run.name} - batch BCubed F1: {run.scores.bcubed_f1 - runs[0].scores.bcubed_f1:+.4f}")


def throughput(articles: int, ingest_size: int) -> None:
    stats = _stats()
    mode = "one at a time" if ingest_size == 1 else f"ingests of {ingest_size:,}"
    print(f"\n## Stream throughput and memory, {articles:,} generated articles ({mode}), one core\n")
    clusterer = StoryClusterer()
    # CPU seconds of this process (the machine is shared: wall time depends on the neighbours).
    seconds = {"sentences": 0.0, "features": 0.0, "assignment": 0.0}
    wall = 0.0
    print(f"{'articles':>9} {'RSS MB':>8} {'open stories':>13} {'held articles':>14} {'df terms':>9} {'assign/s CPU':>13}")
    window_start, window_seconds = 0, 0.0
    # Assignments and truth go to a file, not to memory: the RSS column is the stream's own.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        corpus = generate_corpus(articles, seed=7, stats=stats)
        count = 0
        # Features are made a chunk at a time, then the chunk is assigned: the assignment
        # clock then times the sequential step alone (features can be made on other cores).
        while chunk := list(islice(corpus, max(5000, ingest_size))):
            start = time.process_time()
            texts = [prepare(_article(record)) for record in chunk]
            middle = time.process_time()
            features = [clusterer.extract(text) for text in texts]
            after, after_wall = time.process_time(), time.perf_counter()
            for low in range(0, len(features), ingest_size):
                if ingest_size == 1:
                    clusterer.add_features(features[low])
                else:
                    clusterer.add_batch_features(features[low : low + ingest_size])
                count += min(ingest_size, len(features) - low)
                if count % 1000 == 0 or ingest_size > 1:
                    for story in clusterer.drain_dormant():
                        log.writelines(f"F {a} {story.id}\n" for a in story.articles)
            done = time.process_time()
            wall += time.perf_counter() - after_wall
            seconds["sentences"] += middle - start
            seconds["features"] += after - middle
            seconds["assignment"] += done - after
            window_seconds += done - after
            log.writelines(f"T {record['id']} {record['story']}\n" for record in chunk)
            del texts, features
            if count % 10_000 == 0:
                print(f"{count:>9,} {_rss_mb():>8.1f} {len(clusterer.stories()):>13,} {len(clusterer.assignments):>14,}"
                      f" {len(clusterer.document_frequency):>9,} {(count - window_start) / window_seconds:>13.0f}")
                window_start, window_seconds = count, 0.0
        for story in clusterer.stories():
            log.writelines(f"F {a} {story.id}\n" for a in story.articles)
        log.seek(0)
        found: dict[str, str] = {}
        truth: dict[str, str] = {}
        for line in log:
            kind, article, story = line.split()
            (truth if kind == "T" else found)[article] = story
    total = articles / seconds["assignment"]
    method = "add_features" if ingest_size == 1 else "add_batch_features"
    print(f"\narticles per CPU second: assignment ({method}) {total:,.0f}; feature extraction "
          f"{articles / seconds['features']:,.0f}; sentence splitting {articles / seconds['sentences']:,.0f}; "
          f"all three {articles / sum(seconds.values()):,.0f}. Assignment per wall second: {articles / wall:,.0f}; "
          f"load average at the end {os.getloadavg()[0]:.1f}")
    print(_line("stream over the whole corpus", score(found, truth)))


def ingest(articles: int, ingest_size: int) -> None:
    from newsbrief.pipeline import ingest_into
    from newsbrief.store import Store

    print(f"\n## newsbrief ingest of {articles:,} generated articles, {ingest_size:,} per ingest, one core\n")
    print(f"{'stored':>8} {'CPU s':>7} {'articles/s':>11} {'sentences s':>12} {'copies+index s':>15} {'stories s':>10}")
    records = [_article(r) for r in generate_corpus(articles, seed=7, stats=_stats())]
    with tempfile.TemporaryDirectory() as folder, Store(str(Path(folder) / "store.db")) as store:
        for low in range(0, articles, ingest_size):
            marks: dict[str, float] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if done == total:  # CPU clock when each stage ends
                    marks[stage] = time.process_time()

            start = time.process_time()
            ingest_into(store, records[low : low + ingest_size], progress=progress)
            took = time.process_time() - start
            print(f"{low:>8,} {took:>7.1f} {ingest_size / took:>11.0f} {marks['sentences'] - start:>12.1f}"
                  f" {marks['copies'] - marks['sentences']:>15.1f} {marks['stories'] - marks['copies']:>10.1f}", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


def _article(record: Mapping[str, Any]) -> Article:
    from newsbrief.ingest.readers import parse_date

    return Article(record["id"], record["title"], record["text"], source=record["source"],
                   published=parse_date(record["published"]))


def max_gap() -> None:
    """ECB+ with ``StoryOptions.max_gap`` set: what keeping undated articles from bridging
    dated groups far apart costs on its gold events (some hold dates two years apart)."""
    data = read_labelled(ECB)
    print("\n### ECB+ with max_gap (undated articles bridge no wider gap)\n")
    for days in (30, 90, 365, None):
        options = Options(stories=StoryOptions(max_gap=None if days is None else timedelta(days=days)))
        for stream in (False, True):
            run = next(evaluate_stories(data, stream=stream, baselines=False, options=options))
            print(_line(f"max_gap {days or 'none'} days, {'stream' if stream else 'batch'}", run.scores))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["ecb", "duc", "stream", "throughput", "ingest", "gap"])
    parser.add_argument("--articles", type=int, default=100_000, help="generated articles for the stream section")
    parser.add_argument("--ingest-size", type=int, default=1,
                        help="throughput: articles per add_batch (1: add_features one at a time); ingest: "
                             "articles per ingest (default 5,000)")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start\n")
    if args.only in (None, "ecb"):
        ecb()
    if args.only in (None, "duc"):
        duc()
    if args.only in (None, "stream"):
        stream(args.articles)
    if args.only == "gap":
        max_gap()
    if args.only == "throughput":  # apart, in a fresh process, so the memory figures are its own
        throughput(args.articles, args.ingest_size)
    elif args.only == "ingest":
        ingest(args.articles, args.ingest_size if args.ingest_size > 1 else 5000)
    elif args.only is None:
        print("\n(throughput and memory: run again with --only throughput, in a process of its own)")


if __name__ == "__main__":
    main()
