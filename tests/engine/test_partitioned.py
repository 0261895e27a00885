"""Workers reading their own JSONL partitions on a real Dask LocalCluster give local mode's links."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.engine.partitioned import find_copies_partitioned, split_jsonl
from newsbrief.eval.synth import WordStats, generate_corpus, write_jsonl
from newsbrief.ingest.readers import read_articles
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import find_copies


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    records = list(generate_corpus(300, seed=5, stats=WordStats.invented(size=2000, seed=2)))
    # An invented credit line on unrelated articles: boilerplate, whose texts the
    # client must fetch from the workers too.
    for record in records[::37]:
        record["text"] += "\n\nStory filed by the Quayside Wire news desk."
    write_jsonl(records, path)
    return path


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from newsbrief.engine.dask import DaskEngine

    with DaskEngine(workers=2, memory_limit="1GiB") as engine:
        yield engine.client


def test_split_jsonl_keeps_every_line_in_order(corpus_file: Path, tmp_path: Path) -> None:
    parts = split_jsonl(corpus_file, tmp_path, lines=70)
    assert len(parts) == 5  # 300 lines: 4 x 70 + 20
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == corpus_file.read_text(encoding="utf-8")


def test_partitions_on_a_local_cluster_give_local_links(corpus_file: Path, tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    local = find_copies([prepare(a) for a in read_articles([corpus_file])])
    assert len(local.links) > 20 and len(local.boilerplate) >= 2 and local.near_duplicates
    assert {l.kind for l in local.links} == {"verbatim", "reworded"} and any(l.first for l in local.links)
    remote = find_copies_partitioned(client, split_jsonl(corpus_file, tmp_path, lines=70))
    assert remote == local


def test_repeated_ids_across_partitions_are_refused(corpus_file: Path, tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="ids repeat"):
        find_copies_partitioned(client, [corpus_file, corpus_file])
