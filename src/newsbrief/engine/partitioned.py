"""Copy detection over partitions held by Dask workers, in bounded memory.

:func:`~newsbrief.engine.local.find_copies_on` runs the global step in one
process over the features of every sentence. Here no process holds them all:
each worker reads its own partitions (JSONL files, or batches of texts sent once),
splits and featurises them and keeps them, with their sentence texts packed as
UTF-8. The global step of :func:`~newsbrief.reuse.detect.links_from_source` then
runs piece by piece, on the part of the corpus each piece needs, with the same
functions as in one process:

1. **Small reductions**: token document frequencies (the IDF weights) summed
   over partitions (:func:`~newsbrief.reuse.detect.merge_token_counts`).
2. **Surface groups**: each partition sends its sentences' surface hashes to
   eight buckets by hash range; each bucket finds the hashes two or more
   sentences carry. The client gets only those verbatim groups (a small
   share of the rows), decides which are kept and which are boilerplate, asking
   the partitions for the word profiles of just the articles it must compare.
3. **Index**: each partition weighs its group representatives with the
   corpus-wide IDF and counts their tokens; the counts are summed to choose the
   indexed tokens (the adaptive cap); the index of the rare indexed tokens is
   put together once and copied to the workers.
4. **Candidates and scores**: each partition finds the candidate pairs whose
   first sentence it holds, fetches the tokens of the second sentences from the
   partitions holding them, and scores the pairs there. The client gets the sure
   pairs; the partitions then send only the grey-zone pairs between articles
   that a verbatim or sure link joins (no other is ever checked), and the client
   fetches the features of just the rows it decides on and runs the same
   grey-zone checks and aligned-span scores as one process.
5. **Result**: the client asks for the texts of the linked and boilerplate
   sentences only, and the workers make the link objects (with their aligned
   spans) in shares; near-duplicates come from per-article MinHash signatures.

Partitions are concatenated in the order given, so the links, near-duplicates
and boilerplate are those of local mode on the same articles in the same order::

    with DaskEngine(workers=2) as engine:
        result = find_copies_partitioned(engine.client, split_jsonl("articles.jsonl", "parts"))

The client holds the articles' ids and dates, the verbatim groups, the rows it
decides on and the result; each worker its partitions and the index. Article ids must be unique
across partitions (local mode keeps one article per id; a partition cannot see
the others' ids), else :class:`ValueError`.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, islice, pairwise
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from newsbrief.engine.local import _compact as _sentences
from newsbrief.errors import InputError
from newsbrief.ingest.readers import read_articles
from newsbrief.model import ArticleText, CopyLink
from newsbrief.pipeline import prepare
from newsbrief.reuse.align import AlignOptions
from newsbrief.reuse.detect import (
    CopyOptions,
    CopyResult,
    SentenceTable,
    TokenCounts,
    _add_scored,
    _sub_table,
    _article_pair_codes,
    _article_profiles,
    _boilerplate_groups,
    _candidate_pairs,
    _cells,
    _index_columns,
    _kept_groups,
    _link_order,
    _linked_rows,
    _links_and_furniture,
    _matrices,
    _profile_cosine,
    _scored_pairs,
    _shared_groups,
    _supported_pairs,
    _verbatim_pairs,
    article_signatures,
    merge_token_counts,
    near_duplicates,
    table_of_sentences,
)

__all__ = ["find_copies_partitioned", "find_copies_scattered", "split_jsonl"]


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
    # Every line, blank ones too, so that line n of partition k is line
    # k * lines + n of the file, which is where its problems are reported.
    # Bytes, not text: a line that is not UTF-8 is the workers' to report.
    with open(path, "rb") as source:
        while chunk := list(islice(source, lines)):
            written.append(folder / f"part-{len(written):05d}.jsonl")
            written[-1].write_bytes(b"".join(chunk))
    return written


@dataclass(frozen=True)
class _Part:
    """One partition, kept on a worker: features, sentence texts and article facts.

    The texts are one UTF-8 buffer and an offsets array instead of millions of
    ``str`` objects: a quarter of the memory for mostly-ASCII news text.
    """

    table: SentenceTable  # articles numbered within the partition
    buffer: bytes
    text_offsets: np.ndarray  # int64, one more than rows
    distinct: np.ndarray  # distinct tokens per row
    counts: TokenCounts
    ids: list[str]
    published: list[datetime | None]
    problems: list[InputError]  # records that could not be read (at their line in the partition)

    def texts(self, rows: np.ndarray) -> list[str]:
        return [self.buffer[self.text_offsets[r] : self.text_offsets[r + 1]].decode("utf-8") for r in rows.tolist()]


Batch = tuple[list[str], np.ndarray, np.ndarray, list[str], list[datetime | None]]


def _compact(texts: Sequence[ArticleText]) -> Batch:
    """What a worker needs of ``texts``: the sentences as the local engine sends
    them (:func:`newsbrief.engine.local._compact`), article ids and dates."""
    return (*_sentences(texts), [t.id for t in texts], [t.article.published for t in texts])


def _part_of_batch(batch: Batch, problems: Sequence[InputError] = ()) -> _Part:
    """Featurise a batch of split articles (runs on a worker)."""
    sentences, article, index, ids, published = batch
    table = table_of_sentences(sentences, article, index)
    encoded = [s.encode("utf-8") for s in sentences]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    vocabulary, _, cell_rows, cell_columns = _cells(table)
    return _Part(
        table,
        b"".join(encoded),
        offsets,
        np.bincount(cell_rows, minlength=len(table)),
        TokenCounts(vocabulary, np.bincount(cell_columns, minlength=len(vocabulary)), len(table)),
        ids,
        published,
        list(problems),
    )


def _load(path: str) -> _Part:
    """Read, split and featurise one partition file, noting the records it cannot read (runs on a worker)."""
    problems: list[InputError] = []
    articles = read_articles([path], on_error=problems.append)
    return _part_of_batch(_compact([prepare(article) for article in articles]), problems)


def _facts(part: _Part) -> tuple[int, list[str], list[datetime | None], list[InputError]]:
    return len(part.table), part.ids, part.published, part.problems


def _token_counts(part: _Part) -> TokenCounts:
    return part.counts


def _texts_of(part: _Part, rows: np.ndarray) -> tuple[list[str], np.ndarray]:
    return part.texts(rows), part.table.sentence[rows]


def _stack(tables: Sequence[SentenceTable]) -> SentenceTable:
    """The rows of ``tables`` one after another, article numbers kept."""
    shifts = np.cumsum([0] + [int(t.offsets[-1]) for t in tables[:-1]])
    return SentenceTable(
        np.concatenate([t.article for t in tables]),
        np.concatenate([t.sentence for t in tables]),
        np.concatenate([t.surface for t in tables]),
        np.concatenate([[0]] + [t.offsets[1:] + shift for t, shift in zip(tables, shifts)]).astype(np.int64),
        np.concatenate([t.tokens for t in tables]),
    )


# Surface buckets: the top bits of the 64-bit surface hash, so that the buckets
# taken in order list the hashes in order, as one process does.
_SURFACE_BITS = 3


def _surface_pieces(part: _Part, row_start: int, article_start: int) -> list[tuple[np.ndarray, ...]]:
    """The partition's worded rows (surface hash, global row, global article,
    distinct tokens), one piece per surface bucket."""
    rows = np.flatnonzero(part.distinct > 0)
    surface = part.table.surface[rows]
    bucket = (surface >> np.uint64(64 - _SURFACE_BITS)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    bounds = np.searchsorted(bucket[order], np.arange((1 << _SURFACE_BITS) + 1))
    columns = (surface, rows + row_start, part.table.article[rows] + article_start, part.distinct[rows])
    return [tuple(c[order[low:high]] for c in columns) for low, high in pairwise(bounds)]


def _bucket_groups(*pieces: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The verbatim groups of one surface bucket: their sizes, their global rows,
    those rows' articles and each first row's distinct tokens; groups in hash order."""
    surface, rows, article, distinct = (np.concatenate(column) for column in zip(*pieces))
    groups = _shared_groups(surface, rows)
    flat = np.concatenate([np.empty(0, dtype=np.int64), *groups])
    order = np.argsort(rows)
    at = order[np.searchsorted(rows, flat, sorter=order)]
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    return sizes, flat, article[at], distinct[at[np.cumsum(sizes) - sizes]]


def _profiles_of(part: _Part, counts: TokenCounts, excluded: np.ndarray, wanted: np.ndarray) -> sp.csr_matrix:
    """The word profiles of articles ``wanted`` of the partition, rows ``excluded`` left out."""
    rows = np.flatnonzero(np.isin(part.table.article, wanted))
    sub = _sub_table(part.table, rows)
    m = _matrices(sub, counts)
    return _article_profiles(sub.article, m.binary, m.idf, np.searchsorted(rows, excluded[np.isin(excluded, rows)]), wanted)


@dataclass(frozen=True)
class _Representatives:
    """A partition's group representatives: their rows and their indexed tokens."""

    rows: np.ndarray
    binary: sp.csr_matrix


def _representatives(part: _Part, counts: TokenCounts, excluded: np.ndarray, min_tokens: int) -> _Representatives:
    """The rows of the partition that represent their surface group in the index."""
    rows = np.flatnonzero(part.distinct >= min_tokens)
    rows = rows[~np.isin(rows, excluded)]
    return _Representatives(rows, _matrices(_sub_table(part.table, rows), counts).binary)


def _token_frequencies(reps: _Representatives) -> np.ndarray:
    return np.bincount(reps.binary.indices, minlength=reps.binary.shape[1])


def _rows(reps: _Representatives) -> np.ndarray:
    return reps.rows


def _index_slice(reps: _Representatives, columns: np.ndarray) -> sp.csr_matrix:
    # Counts of shared tokens are small integers: float32 holds them exactly in half the memory.
    return reps.binary[:, columns].astype(np.float32).tocsr()


def _transposed_index(*slices: sp.csr_matrix) -> sp.csr_matrix:
    return sp.vstack(slices, format="csr").T.tocsr()


def _wanted_parts(pairs: tuple[np.ndarray, np.ndarray], rep_starts: np.ndarray) -> list[int]:
    """The partitions holding the rows of candidate ``pairs`` (global representative positions)."""
    return np.unique(_locate(rep_starts, np.concatenate(pairs))).tolist()


def _rows_for(
    part: _Part, representatives: np.ndarray, pairs: tuple[np.ndarray, np.ndarray], rep_starts: np.ndarray, q: int,
    row_start: int, article_start: int,
) -> tuple[np.ndarray, np.ndarray, SentenceTable]:
    """The ``representatives`` (rows) of partition ``q`` (this one) that ``pairs``
    name: their positions, global rows and table (global article numbers)."""
    positions = np.unique(np.concatenate(pairs))
    positions = positions[_locate(rep_starts, positions) == q]
    rows = representatives[positions - rep_starts[q]]
    return positions, rows + row_start, _rows_of(part, rows, article_start)


@dataclass(frozen=True)
class _Scored:
    """A partition's scored candidate pairs, in global rows and articles."""

    sure: tuple[np.ndarray, ...]  # rows a, rows b, dice, articles a, articles b
    grey: tuple[np.ndarray, ...]  # rows a, rows b, articles a, articles b


def _score(
    counts: TokenCounts, pairs: tuple[np.ndarray, np.ndarray], align: AlignOptions,
    *fetched: tuple[np.ndarray, np.ndarray, SentenceTable],
) -> _Scored:
    """Score candidate ``pairs`` (global representative positions) on the tables of their rows."""
    positions = np.concatenate([f[0] for f in fetched])  # ascending: partitions in order
    rows = np.concatenate([f[1] for f in fetched])
    table = _stack([f[2] for f in fetched])
    a, b = np.searchsorted(positions, pairs[0]), np.searchsorted(positions, pairs[1])
    dice, sure, grey = _scored_pairs(_matrices(table, counts), a, b, align)
    article = table.article
    return _Scored(
        (rows[a[sure]], rows[b[sure]], dice[sure], article[a[sure]], article[b[sure]]),
        (rows[a[grey]], rows[b[grey]], article[a[grey]], article[b[grey]]),
    )


def _sure(scored: _Scored) -> tuple[np.ndarray, ...]:
    return scored.sure


def _supported_grey(scored: _Scored, supported: np.ndarray, articles: int) -> tuple[np.ndarray, ...]:
    """The grey-zone pairs between articles that a verbatim or sure link joins
    (``supported``: pair codes ``low * articles + high``): the only ones checked."""
    a, b, article_a, article_b = scored.grey
    keep = np.isin(_article_pair_codes(article_a, article_b, articles), supported)
    return a[keep], b[keep], article_a[keep], article_b[keep]


def _rows_of(part: _Part, rows: np.ndarray, article_start: int) -> SentenceTable:
    """Rows ``rows`` of the partition, global article numbers."""
    sub = _sub_table(part.table, rows)
    return SentenceTable(sub.article + article_start, sub.sentence, sub.surface, sub.offsets, sub.tokens)


def _signatures(part: _Part, options: CopyOptions) -> tuple[np.ndarray, np.ndarray]:
    return article_signatures(part.table, len(part.ids), options.near_duplicate)


def _size(reps: _Representatives) -> int:
    return len(reps.rows)


def _locate(starts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The partition of each global row (or article, or representative) in ``values``,
    partitions starting at ``starts``."""
    return np.searchsorted(starts, values, side="right") - 1


class _RowSpace:
    """The rows the client works on, numbered densely, with their articles."""

    def __init__(self, rows: np.ndarray, article: np.ndarray) -> None:
        self.rows, first = np.unique(rows, return_index=True)
        self.article = article[first]

    def of(self, rows: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.rows, rows)


class _Cluster:
    """The partitions on the cluster, where they sit in the corpus, and how to ask them for texts."""

    def __init__(self, client: Any, parts: list[Any]) -> None:
        self.client = client
        self.parts = parts
        facts = client.gather(client.map(_facts, parts, pure=False))
        self.problems = [(p, error) for p, f in enumerate(facts) for error in f[3]]
        self.ids = [i for f in facts for i in f[1]]
        self.published = [p for f in facts for p in f[2]]
        self.row_starts = np.cumsum([0] + [f[0] for f in facts]).astype(np.int64)
        self.article_starts = np.cumsum([0] + [len(f[1]) for f in facts]).astype(np.int64)

    def per_part(self, starts: np.ndarray, values: np.ndarray) -> dict[int, np.ndarray]:
        """Global ``values`` by partition, made local to it, in their order."""
        where = _locate(starts, values)
        return {int(p): values[where == p] - starts[p] for p in np.unique(where)}

    def texts(self, rows: np.ndarray) -> list[str]:
        return self.texts_and_sentences(rows)[0]

    def texts_and_sentences(self, rows: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The texts and sentence numbers of global ``rows``, fetched from their partitions."""
        rows = np.asarray(rows, dtype=np.int64)
        where = _locate(self.row_starts, rows)
        asked = {p: self.client.submit(_texts_of, self.parts[p], local, pure=False)
                 for p, local in self.per_part(self.row_starts, rows).items()}
        texts: list[str] = [""] * len(rows)
        sentences = np.zeros(len(rows), dtype=np.int32)
        for p, (found, numbers) in zip(asked, self.client.gather(list(asked.values()))):
            # The k-th row of each partition is its answer's k-th.
            at = np.flatnonzero(where == p)
            sentences[at] = numbers
            for k, text in zip(at.tolist(), found):
                texts[k] = text
        return texts, sentences


@dataclass(frozen=True)
class _Listed:
    """A :class:`~newsbrief.reuse.detect.SentenceSource` over lists: the articles'
    ids and dates, and the texts of the rows a result shows."""

    ids: list[str]
    published: list[datetime | None]
    shown: list[str]

    def texts(self, rows: np.ndarray) -> list[str]:
        return [self.shown[r] for r in rows.tolist()]


def _links_of(found: dict[tuple[int, int], tuple[str, float]], table: SentenceTable, source: _Listed) -> tuple[CopyLink, ...]:
    """The :class:`~newsbrief.model.CopyLink` objects of a share of the links, with their spans (runs on a worker)."""
    return _links_and_furniture(found, [], table, source)[0]


def _share(
    pairs: np.ndarray, kinds: list[tuple[str, float]], article: np.ndarray, sentences: np.ndarray, texts: list[str],
    cluster: _Cluster,
) -> tuple[dict[tuple[int, int], tuple[str, float]], SentenceTable, _Listed]:
    """Links ``pairs`` (rows of ``article``, ``sentences`` and ``texts``) renumbered
    to their own rows and articles, with the table and source they are made from."""
    rows = np.unique(pairs)
    articles = np.unique(article[rows])
    table = SentenceTable(np.searchsorted(articles, article[rows]), sentences[rows], np.zeros(len(rows), dtype=np.uint64),
                          np.zeros(len(rows) + 1, dtype=np.int64), np.empty(0, dtype=np.uint64))
    found = {(x, y): kind for (x, y), kind in zip(np.searchsorted(rows, pairs).tolist(), kinds)}
    return found, table, _Listed([cluster.ids[a] for a in articles.tolist()], [cluster.published[a] for a in articles.tolist()],
                                 [texts[r] for r in rows.tolist()])


_LINKS_PER_TASK = 20_000
_NO_ROWS = np.empty(0, dtype=np.int64)


def _global_step(cluster: _Cluster, options: CopyOptions) -> CopyResult:
    """The global step of :func:`~newsbrief.reuse.detect.links_from_source` over the cluster's partitions."""
    client, parts, align = cluster.client, cluster.parts, options.align
    if len(set(cluster.ids)) != len(cluster.ids):
        raise ValueError("article ids repeat across partitions; give each article one id")
    if cluster.row_starts[-1] == 0:
        return CopyResult((), ())
    counts = client.submit(merge_token_counts, client.map(_token_counts, parts, pure=False), pure=False)
    signatures = client.map(_signatures, parts, [options] * len(parts), pure=False)

    # Verbatim groups, found bucket by bucket of surface hashes.
    pieces = [client.submit(_surface_pieces, part, int(cluster.row_starts[p]), int(cluster.article_starts[p]), pure=False)
              for p, part in enumerate(parts)]
    buckets = [client.submit(_bucket_groups, *[client.submit(operator.getitem, piece, b, pure=False) for piece in pieces],
                             pure=False) for b in range(1 << _SURFACE_BITS)]
    sizes, rows, row_articles, head_distinct = (np.concatenate(c) for c in zip(*client.gather(buckets)))
    del pieces, buckets
    space = _RowSpace(rows, row_articles)
    all_groups = np.split(space.of(rows), np.cumsum(sizes)[:-1]) if len(sizes) else []
    heads = np.array([g[0] for g in all_groups], dtype=np.int64)
    groups, credit = _kept_groups(all_groups, head_distinct, cluster.texts(space.rows[heads]), options)
    excluded = cluster.per_part(cluster.row_starts, space.rows[np.concatenate([_NO_ROWS, *groups])])

    def relatedness(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted, where = np.unique(np.concatenate([a, b]), return_inverse=True)
        asked = [client.submit(_profiles_of, parts[p], counts, excluded.get(p, _NO_ROWS), local, pure=False)
                 for p, local in cluster.per_part(cluster.article_starts, wanted).items()]
        return _profile_cosine(sp.vstack(client.gather(asked), format="csr"), where[: len(a)], where[len(a) :])

    boilerplate = _boilerplate_groups(groups, credit, space.article, relatedness, options)
    not_representing = cluster.per_part(cluster.row_starts, np.sort(space.rows[np.concatenate(
        [_NO_ROWS] + [g[1:] for g in all_groups] + [groups[g] for g in boilerplate])]))
    group_rows = [space.rows[g] for g in groups]
    del all_groups

    # The index: representatives weighed corpus-wide, the rare tokens chosen over all of them.
    reps = [client.submit(_representatives, part, counts, not_representing.get(p, _NO_ROWS), align.min_tokens, pure=False)
            for p, part in enumerate(parts)]
    rep_counts = client.gather(client.map(_size, reps, pure=False))
    scored: list[Any] = []
    if sum(rep_counts) >= 2:
        df_here = np.sum(client.gather(client.map(_token_frequencies, reps, pure=False)), axis=0)
        columns = np.sort(_index_columns(df_here, sum(rep_counts), options.pair_budget))
        slices = client.map(_index_slice, reps, [columns] * len(reps), pure=False)
        # From here on only the representatives' rows are needed, not their token matrices.
        representatives = client.map(_rows, reps, pure=False)
        del reps
        transposed = client.submit(_transposed_index, *slices, pure=False)
        client.replicate([transposed])
        rep_starts = np.cumsum([0] + rep_counts).astype(np.int64)
        # Each partition's candidates (first row there) are scored on one worker,
        # with the rows of both sides fetched from the partitions holding them.
        candidates = [client.submit(_candidate_pairs, s, options.min_index_shared, transposed, int(rep_starts[p]), pure=False)
                      for p, s in enumerate(slices)]
        wanted = client.gather(client.map(_wanted_parts, candidates, [rep_starts] * len(parts), pure=False))
        for pairs, holders in zip(candidates, wanted):
            if holders:
                fetched = [client.submit(_rows_for, parts[q], representatives[q], pairs, rep_starts, q, int(cluster.row_starts[q]),
                                         int(cluster.article_starts[q]), pure=False) for q in holders]
                scored.append(client.submit(_score, counts, pairs, align, *fetched, pure=False))
        del candidates, slices, transposed, representatives
    sure = [np.concatenate([c[0][:0], *c]) for c in zip(*client.gather(client.map(_sure, scored, pure=False)))]
    sure = sure or [_NO_ROWS, _NO_ROWS, np.empty(0), _NO_ROWS, _NO_ROWS]
    articles = len(cluster.ids)

    def in_rows_of(space: _RowSpace) -> tuple[list[np.ndarray], dict[tuple[int, int], tuple[str, float]], dict[int, list[int]], list[tuple[int, int, float]]]:
        """Groups, verbatim links, group members and sure pairs in the rows of ``space``."""
        groups = [space.of(g) for g in group_rows]
        found = _verbatim_pairs(groups, boilerplate, space.article)
        members = {int(g[0]): g.tolist() for k, g in enumerate(groups) if k not in boilerplate}
        return groups, found, members, list(zip(space.of(sure[0]).tolist(), space.of(sure[1]).tolist(), sure[2].tolist()))

    # Grey-zone pairs are checked only between articles a verbatim or sure link
    # joins: the partitions send just those.
    space = _RowSpace(np.concatenate([space.rows, sure[0], sure[1]]), np.concatenate([space.article, sure[3], sure[4]]))
    _, found, members, accepted = in_rows_of(space)
    supported = np.array(sorted(_supported_pairs(space.article, _linked_rows(found, accepted, members), articles)), dtype=np.int64)
    supported_future = client.scatter(supported, broadcast=True)
    grey = [np.concatenate([c[0][:0], *c]) for c in zip(*client.gather(
        [client.submit(_supported_grey, s, supported_future, articles, pure=False) for s in scored]))] or [_NO_ROWS] * 4
    del scored

    # Every row the decisions read, with its features: verbatim groups and scored pairs.
    space = _RowSpace(np.concatenate([space.rows, grey[0], grey[1]]), np.concatenate([space.article, grey[2], grey[3]]))
    groups, found, members, accepted = in_rows_of(space)
    asked = [client.submit(_rows_of, parts[p], local, int(cluster.article_starts[p]), pure=False)
             for p, local in cluster.per_part(cluster.row_starts, space.rows).items()]
    if asked:
        table = _stack(client.gather(asked))
        m = _matrices(table, client.gather(counts))
        _add_scored(found, members, space.article, m, table.offsets, accepted, space.of(grey[0]), space.of(grey[1]), align,
                    lambda rows: cluster.texts(space.rows[rows]))

    # The result, with the texts and sentence numbers of the rows it shows only.
    boilerplate_rows = np.array([r for g in sorted(boilerplate) for r in groups[g]], dtype=np.int64)
    pairs = np.array(list(found), dtype=np.int64).reshape(-1, 2)
    shown = np.unique(np.concatenate([pairs.ravel(), boilerplate_rows]))
    texts, sentences = cluster.texts_and_sentences(space.rows[shown])
    article, pairs, kinds = space.article[shown], np.searchsorted(shown, pairs), list(found.values())
    # The link objects (with their aligned spans) are made on the workers, a share each.
    shares = [client.submit(_links_of, *_share(pairs[low : low + _LINKS_PER_TASK], kinds[low : low + _LINKS_PER_TASK],
                                                article, sentences, texts, cluster), pure=False)
              for low in range(0, len(kinds), _LINKS_PER_TASK)]
    table = SentenceTable(article, sentences, np.zeros(len(shown), dtype=np.uint64),
                          np.zeros(len(shown) + 1, dtype=np.int64), np.empty(0, dtype=np.uint64))
    _, furniture = _links_and_furniture({}, np.searchsorted(shown, boilerplate_rows).tolist(), table,
                                        _Listed(cluster.ids, cluster.published, texts))
    links = tuple(sorted(chain.from_iterable(client.gather(shares)), key=_link_order))
    signed = client.gather(signatures)
    duplicates = near_duplicates(cluster.ids, np.concatenate([s[0] for s in signed]),
                                 np.concatenate([s[1] for s in signed]), options.near_duplicate)
    return CopyResult(links, duplicates, furniture)


def _run(
    client: Any, parts: list[Any], options: CopyOptions | None,
    on_error: Callable[[InputError], None] | None = None, names: Sequence[str] = (),
) -> CopyResult:
    try:
        cluster = _Cluster(client, parts)
        for p, found in cluster.problems:
            error = found.moved(names[p])
            if on_error is None:
                raise error
            on_error(error)
        return _global_step(cluster, options or CopyOptions())
    finally:
        client.cancel(parts)


def find_copies_partitioned(
    client: Any, paths: Sequence[str | Path], options: CopyOptions | None = None,
    on_error: Callable[[InputError], None] | None = None,
) -> CopyResult:
    """:func:`~newsbrief.reuse.detect.find_copies` over the articles of ``paths``, read by the workers.

    ``client`` is a :class:`distributed.Client`; each path (a JSONL file or
    anything :func:`~newsbrief.ingest.readers.read_articles` reads) is one
    partition, read, split and kept on a worker, so the workers must see the
    paths. The result equals ``find_copies`` on all the articles in path order.
    A record a worker cannot read raises its :class:`~newsbrief.errors.InputError`
    here, or, given ``on_error``, is passed to it and left out, as with
    :func:`~newsbrief.ingest.readers.read_articles`.
    """
    names = [str(p) for p in paths]
    return _run(client, client.map(_load, names, pure=False), options, on_error, names)


def find_copies_scattered(
    client: Any, texts: Sequence[ArticleText], options: CopyOptions | None = None, batch_size: int = 20_000
) -> CopyResult:
    """:func:`~newsbrief.reuse.detect.find_copies` over split ``texts``, sent once
    to the workers in batches of ``batch_size`` that they keep as partitions.

    >>> from newsbrief.engine.dask import DaskEngine
    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "Flood waters cut the northern rail line on Monday morning."
    >>> texts = [ArticleText(Article(id=i, title="", text=body), sentences_of(i, body)) for i in "abc"]
    >>> with DaskEngine(workers=1, memory_limit="1GiB") as engine:
    ...     [l.kind for l in find_copies_scattered(engine.client, texts, batch_size=2).links]
    ['verbatim', 'verbatim', 'verbatim']
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    batches = [_compact(texts[low : low + batch_size]) for low in range(0, len(texts), batch_size)]
    return _run(client, client.map(_part_of_batch, client.scatter(batches), pure=False), options)
