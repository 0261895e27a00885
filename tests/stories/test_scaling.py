"""Batch grouping stays near-linear: bounded candidates per article, whatever the collection.

Structural checks on a generated corpus (``newsbrief.eval.synth``, invented
vocabulary): timings belong in ``benchmarks/bench_stories.py`` and
``benchmarks/bench_pipeline.py``, not here.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from newsbrief.eval.stories import bcubed
from newsbrief.eval.synth import generate_corpus
from newsbrief.ingest.readers import parse_date
from newsbrief.model import Article, ArticleText
from newsbrief.pipeline import prepare
from newsbrief.stories import cluster
from newsbrief.stories.cluster import StoryOptions, batch_idf, cluster_stories, time_order
from newsbrief.stories.features import FeatureExtractor, unit_vectors


@pytest.fixture(scope="module")
def corpus() -> tuple[list[ArticleText], dict[str, str]]:
    records = list(generate_corpus(1500, seed=3))
    texts = [
        prepare(Article(r["id"], r["title"], r["text"], source=r["source"], published=parse_date(r["published"])))
        for r in records
    ]
    return texts, {r["id"]: r["story"] for r in records}


def _candidates(texts: list[ArticleText]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    ordered = time_order(texts)
    features = [FeatureExtractor()(t) for t in ordered]
    idf = batch_idf(features)
    matrix = unit_vectors(features, idf, 1.0, {})
    days = np.array([t.article.published.timestamp() / 86400 for t in ordered])
    rows, cols = cluster._KeyPostings(matrix).candidates(0, len(ordered), days, StoryOptions().window.days)
    return rows, cols, days


def test_candidates_per_article_do_not_grow_with_the_collection(corpus: tuple[list[ArticleText], dict[str, str]]) -> None:
    texts, gold = corpus
    biggest = max(Counter(gold.values()).values())
    # The biggest story has more articles than a key term's reach covers: its
    # articles are not all compared with one another.
    assert biggest > 2 * cluster._POSTING_REACH
    per_article = []
    for size in (500, 1500):
        rows, cols, days = _candidates(texts[:size])
        counts = np.bincount(rows, minlength=size)
        per_article.append(counts.mean())
        assert counts.max() <= cluster._CANDIDATES
        assert not np.any(rows == cols)
        assert np.all(np.abs(days[rows] - days[cols]) <= StoryOptions().window.days)
    # Three times the articles, not three times the candidates each.
    assert per_article[1] <= 1.2 * per_article[0]


def test_bounded_candidates_still_find_the_stories(corpus: tuple[list[ArticleText], dict[str, str]]) -> None:
    texts, gold = corpus
    found = {a: s.id for s in cluster_stories(texts) for a in s.articles}
    precision, recall, _ = bcubed(found, gold)
    assert precision >= 0.98 and recall >= 0.95
