"""Copy detection over JSONL partitions that Dask workers read themselves.

:func:`~newsbrief.engine.local.find_copies_on` sends every text from the client.
Here each worker reads its own partition files, splits the sentences, computes
the partition's features (:func:`~newsbrief.reuse.detect.table_of_sentences`)
and keeps the sentence texts, packed as UTF-8 bytes. The client gathers only the
flat feature arrays and each article's id, date and sentence count, runs the
global step (:func:`~newsbrief.reuse.detect.links_from_source`) on them, and
fetches from the workers just the texts it shows or tests (heads of verbatim
groups, linked and boilerplate sentences). Partitions are concatenated in the
order given, so the links are those of local mode on the same articles in the
same order::

    with DaskEngine(workers=2) as engine:
        result = find_copies_partitioned(engine.client, split_jsonl("articles.jsonl", "parts"))

Article ids must be unique across partitions (local mode keeps one article per
id; a partition cannot see the others' ids), else :class:`ValueError`.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from newsbrief.ingest.readers import read_articles
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import (
    CopyOptions,
    CopyResult,
    SentenceTable,
    concat_tables,
    links_from_source,
    table_of_sentences,
)

__all__ = ["find_copies_partitioned", "split_jsonl"]


def split_jsonl(path: str | Path, folder: str | Path, lines: int = 20_000) -> list[Path]:
    """Write the lines of JSONL file ``path`` to files of ``lines`` lines each in ``folder``, in order.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "all.jsonl").write_text("".join(f'{{"id": "{k}"}}\\n' for k in range(5)))
    >>> [p.name for p in split_jsonl(folder / "all.jsonl", folder / "parts", lines=2)]
    ['part-00000.jsonl', 'part-00001.jsonl', 'part-00002.jsonl']
    """
    if lines < 1:
        raise ValueError(f"lines must be at least 1, got {lines}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with open(path, encoding="utf-8") as source:
        records = (line for line in source if line.strip())
        while chunk := list(islice(records, lines)):
            written.append(folder / f"part-{len(written):05d}.jsonl")
            written[-1].write_text("".join(chunk), encoding="utf-8")
    return written


@dataclass(frozen=True)
class _Summary:
    """What the client needs of a partition: its features and per-article facts, no texts."""

    table: SentenceTable
    ids: list[str]
    published: list[datetime | None]
    counts: list[int]


@dataclass(frozen=True)
class _StoredTexts:
    """A partition's sentence texts, kept on the worker as one UTF-8 buffer.

    One bytes object and an offsets array instead of millions of ``str``
    objects: a quarter of the memory for mostly-ASCII news text.
    """

    buffer: bytes
    offsets: np.ndarray  # int64, one more than sentences

    def texts(self, rows: np.ndarray) -> list[str]:
        return [self.buffer[self.offsets[r] : self.offsets[r + 1]].decode("utf-8") for r in rows.tolist()]


def _load(path: str) -> tuple[_StoredTexts, _Summary]:
    """Read, split and featurise one partition (runs on a worker)."""
    texts = [prepare(article) for article in read_articles([path])]
    counts = [len(t.sentences) for t in texts]
    sentences = [s.text for t in texts for s in t.sentences]
    article = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    index = np.array([s.index for t in texts for s in t.sentences], dtype=np.int32)
    encoded = [s.encode("utf-8") for s in sentences]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    summary = _Summary(
        table_of_sentences(sentences, article, index),
        [t.id for t in texts],
        [t.article.published for t in texts],
        counts,
    )
    return _StoredTexts(b"".join(encoded), offsets), summary


def _texts_of(stored: _StoredTexts, rows: np.ndarray) -> list[str]:
    return stored.texts(rows)


class _PartitionedTexts:
    """A :class:`~newsbrief.reuse.detect.SentenceSource` whose texts stay on the workers."""

    def __init__(self, client: Any, stored: list[Any], summaries: Sequence[_Summary]) -> None:
        self._client = client
        self._stored = stored
        self.ids = [i for s in summaries for i in s.ids]
        self.published = [p for s in summaries for p in s.published]
        self.sentence_counts = [c for s in summaries for c in s.counts]
        self._starts = np.cumsum([0] + [len(s.table) for s in summaries]).astype(np.int64)

    def texts(self, rows: np.ndarray) -> list[str]:
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return []
        partition = np.searchsorted(self._starts, rows, side="right") - 1
        asked = {int(p): self._client.submit(_texts_of, self._stored[p], rows[partition == p] - self._starts[p], pure=False)
                 for p in np.unique(partition)}
        answers = dict(zip(asked, self._client.gather(list(asked.values()))))
        # Back into the order asked: the k-th row of each partition is its answer's k-th text.
        out: list[str] = [""] * len(rows)
        for p, texts in answers.items():
            for where, text in zip(np.flatnonzero(partition == p).tolist(), texts):
                out[where] = text
        return out


def find_copies_partitioned(client: Any, paths: Sequence[str | Path], options: CopyOptions | None = None) -> CopyResult:
    """:func:`~newsbrief.reuse.detect.find_copies` over the articles of ``paths``, read by the workers.

    ``client`` is a :class:`distributed.Client`; each path (a JSONL file or
    anything :func:`~newsbrief.ingest.readers.read_articles` reads) is one
    partition, read and split on a worker, and its sentence texts stay there.
    The result equals ``find_copies`` on all the articles in path order.
    """
    loaded = client.map(_load, [str(p) for p in paths], pure=False)
    stored = client.map(operator.itemgetter(0), loaded)
    summary_futures = client.map(operator.itemgetter(1), loaded)
    summaries: list[_Summary] = client.gather(summary_futures)
    # The summaries are now here: drop the workers' copies, keep their texts.
    del loaded, summary_futures
    source = _PartitionedTexts(client, stored, summaries)
    if len(set(source.ids)) != len(source.ids):
        raise ValueError("article ids repeat across partitions; give each article one id")
    table = concat_tables([s.table for s in summaries], [len(s.ids) for s in summaries])
    del summaries
    try:
        return links_from_source(table, source, options)
    finally:
        client.cancel(stored)
