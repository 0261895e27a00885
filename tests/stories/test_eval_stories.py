"""Scoring story grouping (newsbrief.eval.stories) and `newsbrief eval stories`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from story_corpus import gold, texts

from newsbrief.eval.stories import (
    bcubed,
    embedding_agglomerative,
    evaluate_stories,
    newsbrief_batch,
    newsbrief_stream,
    pairwise,
    read_labelled,
    score,
    tfidf_agglomerative,
)


def test_bcubed_and_pairwise_by_hand() -> None:
    truth = {"a": "x", "b": "x", "c": "y", "d": "y"}
    found = {"a": 1, "b": 1, "c": 1, "d": 2}
    precision, recall, f1 = bcubed(found, truth)
    assert precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4) and recall == pytest.approx(0.75)
    assert f1 == pytest.approx(2 * precision * recall / (precision + recall))
    assert pairwise(found, truth) == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert score(truth, truth).bcubed_f1 == 1.0 and score(truth, truth).groups == 2


def _write(path: Path, field: str = "cluster") -> None:
    lines = [
        json.dumps({"id": t.id, "title": t.article.title, "text": t.article.text,
                    "published": t.article.published.isoformat(), field: gold()[t.id]})
        for t in texts()
    ]
    path.write_text("\n".join(lines) + '\n{"id": "broken"\n{"id": "nolabel", "title": "t", "text": "Some words here."}\n',
                    encoding="utf-8")


def test_read_labelled_keeps_labelled_articles_and_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    _write(path, "event")
    data = read_labelled(path, "event")
    assert set(data.gold) == set(gold()) and len(data.texts) == len(gold())
    assert [p.line for p in data.problems] == [len(gold()) + 1]


def test_newsbrief_beats_tuned_tfidf_on_look_alike_events() -> None:
    items = texts()
    ours = score(newsbrief_batch(items), gold())
    baseline, _ = tfidf_agglomerative(items, gold(), "average")
    assert ours.bcubed_f1 == 1.0 and score(baseline, gold()).bcubed_f1 <= ours.bcubed_f1


def test_eval_stories_command(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    _write(path)
    out = tmp_path / "assign.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "newsbrief", "eval", "stories", "--data", str(path), "--assignments", str(out),
         "--no-embedding"],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    rows = {line.split("  ")[0].strip(): line for line in result.stdout.splitlines()}
    assert "newsbrief" in rows and "tfidf+agglomerative (complete)" in rows
    # The broken line starts after the labelled ones; its fault is at its end (column 16).
    broken = path.read_bytes().index(b'{"id": "broken"') + 15
    assert f"{path}:{len(gold()) + 1} (byte {broken}): malformed JSON" in result.stderr
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert {w["id"] for w in written} == set(gold()) and len({w["story"] for w in written}) == 4
    stream = subprocess.run(
        [sys.executable, "-m", "newsbrief", "eval", "stories", "--data", str(path), "--stream", "--no-baselines"],
        capture_output=True, text=True, timeout=300,
    )
    assert stream.returncode == 0 and stream.stdout.splitlines()[1].startswith("newsbrief stream")


def test_ecbplus_slice_look_alike_events(shared: Path) -> None:
    # Three ECB+ topics, each two real events of one kind (two Klitschko title
    # fights, two Indian navy anti-piracy actions, two Saints running backs put
    # on injured reserve): no story may mix the two events of a topic.
    data = read_labelled(shared / "data" / "ecbplus" / "ecbplus_topics_1-35.jsonl")
    keep = {i for i in data.gold if i.split("_")[0] in {"7", "12", "25"}}
    subset = type(data)(tuple(t for t in data.texts if t.id in keep), {i: data.gold[i] for i in keep})
    runs = {run.name: run for run in evaluate_stories(subset, embedding=False)}
    ours = runs["newsbrief"].scores
    assert ours.bcubed_precision == 1.0
    assert ours.bcubed_f1 > max(r.scores.bcubed_f1 for name, r in runs.items() if name != "newsbrief")


class _BagOfNames:
    """A stand-in sentence encoder: one dimension per place name of the invented corpus."""

    NAMES = ("Varenna", "Korvath", "Helmsworth", "Northgate")

    def encode(self, documents: list[str], batch_size: int, normalize_embeddings: bool) -> np.ndarray:
        vectors = np.array([[float(name in d) for name in self.NAMES] for d in documents]) + 1e-9
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_embedding_baseline_clusters_what_the_encoder_sees() -> None:
    found, threshold = embedding_agglomerative(texts(), gold(), _BagOfNames())
    assert score(found, gold()).bcubed_f1 == 1.0 and 0.0 < threshold < 1.0


def test_ecbplus_slice_stream_in_ingests_keeps_look_alike_events_apart(shared: Path) -> None:
    # One article at a time, the first article of each topic's second event joins
    # the first event's story and pulls its event in; an ingest of 50 articles is
    # placed together with the open stories and keeps the events apart.
    data = read_labelled(shared / "data" / "ecbplus" / "ecbplus_topics_1-35.jsonl")
    keep = {i for i in data.gold if i.split("_")[0] in {"7", "12", "25"}}
    texts = tuple(t for t in data.texts if t.id in keep)
    truth = {i: data.gold[i] for i in keep}
    one_at_a_time = score(newsbrief_stream(texts, ingest_size=1), truth)
    ingests = score(newsbrief_stream(texts, ingest_size=50), truth)
    assert ingests.bcubed_precision == 1.0
    assert ingests.bcubed_f1 >= one_at_a_time.bcubed_f1 + 0.2
