"""Run copy detection in this process or on local cores.

>>> from newsbrief.model import Article, ArticleText
>>> from newsbrief.text.sentences import sentences_of
>>> body = "Flood waters cut the northern rail line on Monday morning."
>>> texts = [ArticleText(Article(id=i, title="", text=body), sentences_of(i, body)) for i in "ab"]
>>> [l.kind for l in find_copies_on(LocalEngine(), texts).links]
['verbatim']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Protocol, TypeVar

import numpy as np

from newsbrief.model import ArticleText
from newsbrief.reuse.detect import (
    CopyOptions,
    CopyResult,
    SentenceTable,
    concat_tables,
    links_from_table,
    table_of_sentences,
)

__all__ = ["Engine", "LocalEngine", "find_copies_on"]

T = TypeVar("T")
R = TypeVar("R")


class Engine(Protocol):
    """Something that applies a function to every item of a list, results in order."""

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class LocalEngine:
    """``workers`` processes on this machine (1: in this process, no pool)."""

    def __init__(self, workers: int = 1) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers

    def map(self, function: Callable[[T], R], items: Sequence[T]) -> list[R]:
        if self.workers == 1 or len(items) < 2:
            return [function(item) for item in items]
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            return list(pool.map(function, items))


def find_copies_on(
    engine: Engine, texts: Sequence[ArticleText], options: CopyOptions | None = None, batch_size: int = 2000
) -> CopyResult:
    """:func:`~newsbrief.reuse.detect.find_copies` with the per-article work on ``engine``.

    The features of each batch of ``batch_size`` articles are computed by the
    engine; the global step (index, scoring, boilerplate) runs here. The batches
    are concatenated in order, so every engine gives the same links.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    batches = [texts[low : low + batch_size] for low in range(0, len(texts), batch_size)]
    # Workers get plain sentence strings and two small arrays, not ArticleText
    # objects: pickling thousands of dataclasses cost more than the work saved.
    tables = engine.map(_table_of_batch, [_compact(batch) for batch in batches])
    return links_from_table(concat_tables(tables, [len(b) for b in batches]), texts, options)


Batch = tuple[list[str], np.ndarray, np.ndarray]


def _compact(texts: Sequence[ArticleText]) -> Batch:
    """The sentence texts of ``texts``, each one's article position and sentence number."""
    counts = [len(text.sentences) for text in texts]
    article = np.repeat(np.arange(len(texts), dtype=np.int64), counts)
    return ([s.text for t in texts for s in t.sentences], article,
            np.array([s.index for t in texts for s in t.sentences], dtype=np.int32))


def _table_of_batch(batch: Batch) -> SentenceTable:
    return table_of_sentences(*batch)
