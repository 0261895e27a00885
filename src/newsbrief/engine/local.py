"""Run copy detection in this process or on local cores.

:func:`find_copies_on` takes articles already split into sentences;
:func:`find_copies_in_files` reads the files itself, and the engine's workers
read (JSONL files by byte ranges), split and featurise their own share, so that
only arrays and the articles come back, never one object per sentence.

>>> from newsbrief.model import Article, ArticleText
>>> from newsbrief.text.sentences import sentences_of
>>> body = "Flood waters cut the northern rail line on Monday morning."
>>> texts = [ArticleText(Article(id=i, title="", text=body), sentences_of(i, body)) for i in "ab"]
>>> [l.kind for l in find_copies_on(LocalEngine(), texts).links]
['verbatim']
"""

from __future__ import annotations

import gc
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Protocol, TypeVar

import numpy as np

from newsbrief.errors import InputError
from newsbrief.ingest.readers import JSONL_SUFFIXES, IngestOptions, JsonlRange, jsonl_ranges, read_articles, read_jsonl_range
from newsbrief.model import Article, ArticleText, first_of_each_id
from newsbrief.reuse.detect import (
    CopyOptions,
    CopyResult,
    SentenceTable,
    TokenCounts,
    _sub_table,
    article_signatures,
    concat_tables,
    links_from_source,
    links_from_table,
    merge_token_counts,
    table_of_sentences,
    token_counts,
)
from newsbrief.text.sentences import split_sentences

__all__ = ["Engine", "LocalEngine", "find_copies_on", "find_copies_in_files", "FileCopies"]

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
        with ProcessPoolExecutor(max_workers=self.workers, initializer=_leave_interrupts_to_the_parent) as pool:
            try:
                return list(pool.map(function, items))
            except KeyboardInterrupt:
                # Stopped now, not after the items under way (minutes of work): the workers
                # ignore Ctrl-C. No public way to stop them before Python 3.14's terminate_workers():
                # the private map is read defensively, so a Python without it only waits for them.
                for process in list((getattr(pool, "_processes", None) or {}).values()):
                    process.terminate()
                pool.shutdown(wait=False, cancel_futures=True)
                raise


def _leave_interrupts_to_the_parent() -> None:
    """In a worker: Ctrl-C (sent to every process of the terminal's group) is for the
    process that started it to answer, not a traceback from each worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


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


@contextmanager
def _frozen_garbage() -> Iterator[None]:
    """Leave the objects alive now (the corpus's articles) out of the garbage
    collector's full passes for a while: they outlive it, and each pass over
    them costs time while the global step allocates (a second at 100,000
    articles). Nothing is done if the caller froze objects already."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _articles_of(table: SentenceTable, articles: int, keep: np.ndarray) -> tuple[SentenceTable, np.ndarray]:
    """The rows of articles ``keep`` of the ``articles`` of ``table`` (rows grouped
    by article, in order), renumbered ``0, 1, ...`` in that order, and which rows they were."""
    starts = np.searchsorted(table.article, np.arange(articles + 1))
    sizes = np.diff(starts)[keep]
    rows = np.repeat(starts[keep] - (np.cumsum(sizes) - sizes), sizes) + np.arange(sizes.sum())
    kept = _sub_table(table, rows)
    return SentenceTable(np.repeat(np.arange(len(keep), dtype=np.int64), sizes), kept.sentence, kept.surface,
                         kept.offsets, kept.tokens), rows


@dataclass(frozen=True)
class FileCopies:
    """What :func:`find_copies_in_files` found: the copies, the articles their
    links name (in reading order) and how many articles were read (one per id)."""

    result: CopyResult
    linked: tuple[Article, ...]
    read: int


@dataclass(frozen=True)
class _Share:
    """A share of the corpus read, split and featurised by a worker.

    Row ``k`` of ``table`` is the sentence ``articles[table.article[k]].text[bounds[k, 0]:bounds[k, 1]]``.
    """

    articles: list[Article]
    table: SentenceTable
    bounds: np.ndarray  # int64, (rows, 2)
    signatures: tuple[np.ndarray, np.ndarray]  # the articles' MinHash signatures, which are long enough
    counts: TokenCounts
    problems: list[InputError]  # the records of the share that could not be read


def _featurise(articles: list[Article], problems: list[InputError], options: CopyOptions) -> _Share:
    """Split ``articles`` into sentences and featurise them (runs on a worker)."""
    spans = [split_sentences(article.text) for article in articles]
    counts = [len(found) for found in spans]
    bounds = np.array([span for found in spans for span in found], dtype=np.int64).reshape(-1, 2)
    sentences = [article.text[start:end] for article, found in zip(articles, spans) for start, end in found]
    article = np.repeat(np.arange(len(articles), dtype=np.int64), counts)
    # Sentence numbers 0, 1, ... within each article, as sentences_of gives them.
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    index = (np.arange(len(sentences), dtype=np.int64) - starts).astype(np.int32)
    table = table_of_sentences(sentences, article, index)
    signatures = article_signatures(table, len(articles), options.near_duplicate)
    return _Share(articles, table, bounds, signatures, token_counts(table), problems)


def _read_share(share: JsonlRange | list[Article], ingest: IngestOptions, options: CopyOptions) -> _Share:
    """Read (a JSONL range), split and featurise one share (runs on a worker)."""
    if not isinstance(share, JsonlRange):
        return _featurise(share, [], options)
    problems: list[InputError] = []
    articles = list(read_jsonl_range(share, options=ingest, on_error=problems.append))
    return _featurise(articles, problems, options)


@dataclass(frozen=True)
class _InArticles:
    """A :class:`~newsbrief.reuse.detect.SentenceSource` over whole articles and where their sentences sit."""

    articles: Sequence[Article]
    ids: list[str]
    published: list[datetime | None]
    table: SentenceTable
    bounds: np.ndarray

    def texts(self, rows: np.ndarray) -> list[str]:
        rows = np.asarray(rows, dtype=np.int64)
        return [self.articles[a].text[start:end] for a, start, end in
                zip(self.table.article[rows].tolist(), self.bounds[rows, 0].tolist(), self.bounds[rows, 1].tolist())]


def _shares(
    paths: Sequence[str | Path], options: IngestOptions, batch_size: int, range_bytes: int
) -> tuple[list[JsonlRange | list[Article]], list[list[InputError]]]:
    """The shares of ``paths`` in reading order, and the problems found before
    any worker runs, by share: JSONL files are cut into byte ranges, anything
    else is read here."""
    shares: list[JsonlRange | list[Article]] = []
    found: list[list[InputError]] = []
    for given in paths:
        path = Path(given)
        problems: list[InputError] = []
        if path.is_file() and path.suffix.lower() in JSONL_SUFFIXES:
            try:
                ranges: Sequence[JsonlRange | list[Article]] = jsonl_ranges(path, range_bytes)
            except InputError as error:
                problems.append(error)
                ranges = []
        else:
            articles = list(read_articles([path], options=options, on_error=problems.append))
            ranges = [articles[low : low + batch_size] for low in range(0, len(articles), batch_size)]
        if not ranges:
            ranges = [[]]  # somewhere to report the problems
        found.extend([problems] + [[] for _ in ranges[1:]])
        shares.extend(ranges)
    return shares, found


def find_copies_in_files(
    engine: Engine,
    paths: Sequence[str | Path],
    options: CopyOptions | None = None,
    ingest: IngestOptions | None = None,
    on_error: Callable[[InputError], None] | None = None,
    batch_size: int = 2000,
    range_bytes: int = 8_000_000,
) -> FileCopies:
    """:func:`~newsbrief.reuse.detect.find_copies` on the articles of ``paths``,
    read as :func:`~newsbrief.ingest.readers.read_articles` reads them (one
    article per id: the first one read).

    The engine's workers read JSONL files given as paths by byte ranges of
    about ``range_bytes`` (:func:`~newsbrief.ingest.readers.jsonl_ranges`) and
    split and featurise them; other inputs are read here and sent in batches
    of ``batch_size`` articles. Problems go to ``on_error`` in reading order once
    the workers are done (without it, the first is raised).

    >>> import tempfile
    >>> body = "Flood waters cut the northern rail line on Monday morning."
    >>> path = Path(tempfile.mkdtemp()) / "a.jsonl"
    >>> _ = path.write_text("".join(f'{{"id": "{i}", "text": "{body}"}}\\n' for i in "abc"))
    >>> found = find_copies_in_files(LocalEngine(), [path])
    >>> found.read, [(l.a.article, l.b.article) for l in found.result.links]
    (3, [('a', 'b'), ('a', 'c'), ('b', 'c')])
    """
    ingest, options = ingest or IngestOptions(), options or CopyOptions()
    shares, problems = _shares(paths, ingest, batch_size, range_bytes)
    # (Nothing to read still makes one empty share, with arrays of the right shapes.)
    done = engine.map(partial(_read_share, ingest=ingest, options=options), shares) or [_featurise([], [], options)]
    for early, share in zip(problems, done):
        for error in early + share.problems:
            if on_error is None:
                raise error
            on_error(error)
    articles = [a for share in done for a in share.articles]
    table = concat_tables([share.table for share in done], [len(share.articles) for share in done])
    bounds = np.concatenate([np.empty((0, 2), dtype=np.int64)] + [share.bounds for share in done])
    signed = np.concatenate([share.signatures[0] for share in done])
    eligible = np.concatenate([share.signatures[1] for share in done])
    # The shares' token counts added up are the corpus's own, and spare the
    # global step sorting every token to find them.
    counts: TokenCounts | None = merge_token_counts([share.counts for share in done])
    # One article per id, the first read, as everywhere else.
    first = first_of_each_id(a.id for a in articles)
    if len(first) < len(articles):
        counts = None  # they counted the articles left out too
        keep = np.array(first, dtype=np.int64)
        table, rows = _articles_of(table, len(articles), keep)
        articles, bounds, signed, eligible = [articles[k] for k in keep.tolist()], bounds[rows], signed[keep], eligible[keep]
    source = _InArticles(articles, [a.id for a in articles], [a.published for a in articles], table, bounds)
    with _frozen_garbage():
        result = links_from_source(table, source, options, counts, signatures=(signed, eligible))
    named = {l.a.article for l in result.links} | {l.b.article for l in result.links}
    return FileCopies(result, tuple(a for a in articles if a.id in named), len(articles))
