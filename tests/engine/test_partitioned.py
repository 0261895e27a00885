"""Partitions held by the workers of a real Dask LocalCluster give local mode's result,
with no process running the global step over the whole corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief.engine.partitioned import (
    find_copies_partitioned,
    find_copies_scattered,
    split_jsonl,
)
from newsbrief.eval.synth import WordStats, generate_corpus, write_jsonl
from newsbrief.ingest.readers import read_articles
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import find_copies


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    records = list(generate_corpus(300, seed=5, stats=WordStats.invented(size=2000, seed=2)))
    # Invented furniture on unrelated articles: a credit line (boilerplate from two
    # carriers) and a line many carry (boilerplate when they are otherwise unrelated),
    # so that relatedness is asked of the partitions and boilerplate texts fetched.
    for record in records[::37]:
        record["text"] += "\n\nStory filed by the Quayside Wire news desk."
    for record in records[::29]:
        record["text"] += "\n\nThe evening digest lists ferry times, tide tables and the market notes for the week."
    write_jsonl(records, path)
    return path


@pytest.fixture(scope="module")
def local(corpus_file: Path):  # type: ignore[no-untyped-def]
    return find_copies([prepare(a) for a in read_articles([corpus_file])])


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    from newsbrief.engine.dask import DaskEngine

    with DaskEngine(workers=2, memory_limit="1GiB") as engine:
        yield engine.client


def test_split_jsonl_keeps_every_line_in_order(corpus_file: Path, tmp_path: Path) -> None:
    parts = split_jsonl(corpus_file, tmp_path, lines=70)
    assert len(parts) == 5  # 300 lines: 4 x 70 + 20
    assert "".join(p.read_text(encoding="utf-8") for p in parts) == corpus_file.read_text(encoding="utf-8")


def test_split_jsonl_copies_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    # Reporting such a line (at its line) is the readers' job, not a crash here.
    source = tmp_path / "mixed.jsonl"
    source.write_bytes(b'{"title": "Caf\xe9"}\n{"title": "ok"}\n\x00\xff\n')
    parts = split_jsonl(source, tmp_path / "parts", lines=2)
    assert b"".join(p.read_bytes() for p in parts) == source.read_bytes() and len(parts) == 2


def test_the_corpus_exercises_every_step(local) -> None:  # type: ignore[no-untyped-def]
    assert len(local.links) > 20 and local.near_duplicates
    assert {l.kind for l in local.links} == {"verbatim", "reworded"} and any(l.first for l in local.links)
    furniture = {ref.text for ref in local.boilerplate}
    assert furniture == {"Story filed by the Quayside Wire news desk.",
                         "The evening digest lists ferry times, tide tables and the market notes for the week."}


@pytest.mark.parametrize(("lines", "links_per_task"), [(70, 7), (300, 20_000)])
def test_partitions_on_a_local_cluster_give_local_results(  # type: ignore[no-untyped-def]
    corpus_file: Path, tmp_path: Path, client, local, lines: int, links_per_task: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbrief.engine import partitioned

    # Link objects are made in shares on the workers: several shares, or one.
    monkeypatch.setattr(partitioned, "_LINKS_PER_TASK", links_per_task)
    remote = find_copies_partitioned(client, split_jsonl(corpus_file, tmp_path, lines=lines))
    assert remote.links == local.links
    assert remote.boilerplate == local.boilerplate
    assert remote.near_duplicates == local.near_duplicates


def test_a_partition_with_nothing_to_index_changes_nothing(corpus_file: Path, tmp_path: Path, client) -> None:  # type: ignore[no-untyped-def]
    parts = split_jsonl(corpus_file, tmp_path, lines=100)
    short = tmp_path / "short.jsonl"
    # Only stock phrases too short to index, repeated within the one article.
    short.write_text(json.dumps({"id": "short-1", "title": "", "text": "It rained. He said so. We left early. " * 4}) + "\n",
                     encoding="utf-8")
    paths = [parts[0], short, *parts[1:]]
    assert find_copies_partitioned(client, paths) == find_copies([prepare(a) for a in read_articles(paths)])


def test_scattered_texts_give_local_results(corpus_file: Path, client, local) -> None:  # type: ignore[no-untyped-def]
    texts = [prepare(a) for a in read_articles([corpus_file])]
    assert find_copies_scattered(client, texts, batch_size=80) == local


def test_repeated_ids_across_partitions_are_refused(corpus_file: Path, client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="ids repeat"):
        find_copies_partitioned(client, [corpus_file, corpus_file])


def test_unreadable_records_raise_or_are_reported_and_skipped(corpus_file: Path, tmp_path: Path, client, local) -> None:  # type: ignore[no-untyped-def]
    from newsbrief.errors import InputError, InputWarning

    parts = split_jsonl(corpus_file, tmp_path, lines=150)
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON"):
        find_copies_partitioned(client, [*parts, broken])
    problems: list[InputError] = []
    assert find_copies_partitioned(client, [*parts, broken], on_error=problems.append) == local
    assert [(p.path, p.line) for p in problems] == [(str(broken), 2)]
    # A warning found on a worker comes back a warning (its record read, undated).
    dated = tmp_path / "dated.jsonl"
    dated.write_text(json.dumps({"id": "x-1", "title": "Pier shut", "published": "next tuesday-ish",
                                 "text": "The harbour authority closed the east pier on Monday."}) + "\n", encoding="utf-8")
    problems = []
    find_copies_partitioned(client, [*parts, dated], on_error=problems.append)
    assert [(type(p), p.path, p.line) for p in problems] == [(InputWarning, str(dated), 1)]


def test_token_counts_of_batches_add_up_to_the_whole(corpus_file: Path) -> None:
    import numpy as np

    from newsbrief.reuse.detect import _matrices, concat_tables, merge_token_counts, sentence_table, token_counts

    texts = [prepare(a) for a in read_articles([corpus_file])]
    first, second = sentence_table(texts[:120]), sentence_table(texts[120:])
    whole = concat_tables([first, second], [120, len(texts) - 120])
    merged, alone = merge_token_counts([token_counts(first), token_counts(second)]), token_counts(whole)
    assert merged.rows == alone.rows == len(whole)
    assert np.array_equal(merged.vocabulary, alone.vocabulary) and np.array_equal(merged.df, alone.df)
    # A batch weighed with the corpus-wide counts has the whole table's weights for its rows.
    assert np.array_equal(_matrices(second, merged).weight, _matrices(whole).weight[len(first):])
