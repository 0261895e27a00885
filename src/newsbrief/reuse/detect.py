"""Find copied sentences, page furniture and near-duplicate articles in a collection.

The work is split in two so that it can run on many cores or a Dask cluster
(:mod:`newsbrief.engine`) and give the same answer as on one core:

1. **Features** (:func:`sentence_table`, per batch of articles, independent):
   each sentence gets a 64-bit hash of its surface words (equal hashes =
   verbatim copies) and the 64-bit hashes of its match tokens, in text order
   (aliases, spellings, numbers, stems and synonyms folded).
2. **Links** (:func:`links_from_table`, once, over the concatenated features):

   * Token hashes become dense ids (sorted, so the numbering does not depend on
     how the articles were batched); document frequency and IDF are counted
     over sentences.
   * Sentences with equal surface hashes form a *surface group*. A group carried
     by many articles that are otherwise unrelated (their remaining words have
     little in common) and that share no other, rarer line with each other is
     **boilerplate**: "Share", legal footers; so is a credit line (byline,
     "Story filed by ...") carried by two or more unrelated articles. It is
     reported as such and never linked. Other groups give **verbatim** links
     between all their carriers.
   * One representative per surface group goes into the **index** for reworded
     copies: an inverted index of its tokens, computed as a sparse matrix product
     ``X Xᵀ`` over the tokens whose document frequency is below an adaptive cap
     (the cap is the largest that keeps the number of index pairs within
     ``pair_budget`` per sentence, so the cost stays linear in the corpus). Two
     sentences sharing at least ``min_index_shared`` of those tokens are a
     candidate pair; no other pair is ever compared.
   * Candidates are scored all at once with sparse row products (weighted Dice,
     see :mod:`newsbrief.reuse.align`); those in the grey zone below the Dice
     threshold get the aligned-span check, pair by pair.
   * Articles most of whose sentences are linked to each other are near-duplicates.

Who copied from whom is worked out from the links in :mod:`newsbrief.reuse.graph`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from newsbrief.model import ArticleText, CopyLink, NearDuplicate, SentenceRef
from newsbrief.reuse.align import AlignOptions, span_similarity
from newsbrief.text.normalise import TokenNormaliser, hash64, words

__all__ = [
    "CopyOptions",
    "CREDIT_LINE",
    "CopyResult",
    "SentenceTable",
    "sentence_table",
    "table_of_sentences",
    "concat_tables",
    "links_from_table",
    "SentenceSource",
    "links_from_source",
    "find_copies",
]

_PAIR_CHUNK = 1 << 18  # candidate pairs scored per sparse product

#: Lines that credit or frame an article rather than tell its story: bylines,
#: filing and syndication notes, copyright, sharing and subscription prompts.
CREDIT_LINE = re.compile(
    r"""^\W*(?:
        (?:story|article|report|photos?|text|column)\s+(?:filed|written|reported|provided|sent)\s+by
      | (?:(?:additional\s+)?reporting|writing|editing|compiled|distributed|provided|syndicated)\s+by
      | by\s+(?:[A-Z][\w.'’-]*\s*){1,4}(?:,.*)?$
      | (?:copyright|\(c\)|©)
      | share(?:\s+(?:this|on|via)\b|\W*$) | advertisement\W*$
      | (?:subscribe|follow\s+us|read\s+more|click\s+here|sign\s+up|contact\s+us)\b
      | (?:for\s+(?:more|further)\s+information)
    )
    | all\s+rights\s+reserved
    """,
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class CopyOptions:
    """Options of copy detection.

    ``pair_budget``: index pairs allowed per sentence; tokens too frequent to fit
    are left out of the index (never out of the scoring). ``min_index_shared``:
    indexed tokens two sentences must share to be compared.
    Boilerplate: a sentence carried verbatim by articles that are otherwise
    unrelated (the mean cosine similarity of their other words is below
    ``boilerplate_relatedness``), such as a byline or a syndication note;
    relatedness is measured against up to ``4 * boilerplate_articles`` carriers.
    It takes ``boilerplate_articles`` such carriers, or two for a credit line
    (a byline, "Story filed by ...", "Copyright ...", "Share", see
    :data:`CREDIT_LINE`), which no one copies for its content.
    ``min_verbatim_words``: a sentence with fewer content tokens than the
    aligner's ``min_tokens`` is still linked when copied word for word if it
    has this many words in all.
    ``near_duplicate``: share of both articles' sentences that must be linked for
    a whole-article near-duplicate.
    """

    align: AlignOptions = field(default_factory=AlignOptions)
    pair_budget: float = 40.0
    min_index_shared: int = 2
    boilerplate_articles: int = 5
    min_verbatim_words: int = 7
    boilerplate_relatedness: float = 0.2
    near_duplicate: float = 0.8


@dataclass(frozen=True)
class CopyResult:
    """Copy links (sorted), near-duplicate article pairs and boilerplate sentences."""

    links: tuple[CopyLink, ...]
    near_duplicates: tuple[NearDuplicate, ...]
    boilerplate: tuple[SentenceRef, ...] = ()


@dataclass(frozen=True)
class SentenceTable:
    """The features of every sentence of a batch of articles, as flat arrays.

    Row ``k`` is sentence ``sentence[k]`` of article ``article[k]`` (an index into
    the batch); its match-token hashes are ``tokens[offsets[k]:offsets[k + 1]]``.
    """

    article: np.ndarray  # int64
    sentence: np.ndarray  # int32
    surface: np.ndarray  # uint64
    offsets: np.ndarray  # int64, one more than rows
    tokens: np.ndarray  # uint64

    def __len__(self) -> int:
        return len(self.article)


def sentence_table(texts: Sequence[ArticleText], normaliser: TokenNormaliser | None = None) -> SentenceTable:
    """Surface hash and match-token hashes of every sentence of ``texts``.

    Depends on nothing but the texts, so batches can be computed anywhere and
    concatenated with :func:`concat_tables`.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "Flood waters cut the rail line. Crews worked all night."
    >>> table = sentence_table([ArticleText(Article(id="a", title="", text=body), sentences_of("a", body))])
    >>> len(table), table.offsets.tolist()
    (2, [0, 5, 8])
    """
    sentences = [s for text in texts for s in text.sentences]
    article = np.repeat(np.arange(len(texts), dtype=np.int64), [len(text.sentences) for text in texts])
    index = np.array([s.index for s in sentences], dtype=np.int32)
    return table_of_sentences([s.text for s in sentences], article, index, normaliser)


def table_of_sentences(
    sentences: Sequence[str], article: np.ndarray, index: np.ndarray, normaliser: TokenNormaliser | None = None
) -> SentenceTable:
    """:func:`sentence_table` from plain sentence texts, their article positions
    and sentence numbers: the compact form that is cheap to send to a worker."""
    encoded = (normaliser or TokenNormaliser()).encode(sentences)
    # Token hashes, not batch-local ids, so that batches made anywhere line up.
    hashes = np.array([hash64(token) for token in encoded.vocabulary], dtype=np.uint64)
    return SentenceTable(
        np.asarray(article, dtype=np.int64),
        np.asarray(index, dtype=np.int32),
        encoded.surface,
        encoded.offsets,
        hashes[encoded.tokens] if len(hashes) else np.empty(0, dtype=np.uint64),
    )


def concat_tables(tables: Sequence[SentenceTable], sizes: Sequence[int]) -> SentenceTable:
    """One table of batches ``tables`` whose batches held ``sizes`` articles, in order."""
    if not tables:
        return sentence_table([])
    shifts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    token_shifts = np.concatenate([[0], np.cumsum([t.offsets[-1] for t in tables])[:-1]]).astype(np.int64)
    return SentenceTable(
        np.concatenate([t.article + shift for t, shift in zip(tables, shifts)]),
        np.concatenate([t.sentence for t in tables]),
        np.concatenate([t.surface for t in tables]),
        np.concatenate([[0]] + [t.offsets[1:] + shift for t, shift in zip(tables, token_shifts)]).astype(np.int64),
        np.concatenate([t.tokens for t in tables]),
    )


@dataclass(frozen=True)
class _Matrices:
    """Dense token ids and the sentence x token matrices of a table."""

    ids: np.ndarray  # dense token id per token position
    binary: sp.csr_matrix  # 1 where a sentence has a token
    weighted: sp.csr_matrix  # idf where a sentence has a token
    weight: np.ndarray  # W(sentence): sum of its distinct tokens' idf
    distinct: np.ndarray  # distinct tokens per sentence
    idf: np.ndarray
    df: np.ndarray


def _matrices(table: SentenceTable) -> _Matrices:
    rows = len(table)
    vocabulary, ids = np.unique(table.tokens, return_inverse=True)
    columns = len(vocabulary)
    lengths = np.diff(table.offsets)
    row_of = np.repeat(np.arange(rows, dtype=np.int64), lengths)
    cells = np.sort(row_of * max(columns, 1) + ids)
    if len(cells):
        cells = cells[np.append(True, cells[1:] != cells[:-1])]
    cell_rows, cell_columns = cells // max(columns, 1), cells % max(columns, 1)
    df = np.bincount(cell_columns, minlength=columns)
    idf = np.log((1.0 + rows) / (1.0 + df)) + 1.0
    ones = np.ones(len(cells), dtype=np.float64)
    binary = sp.csr_matrix((ones, (cell_rows, cell_columns)), shape=(rows, columns))
    weighted = sp.csr_matrix((idf[cell_columns], (cell_rows, cell_columns)), shape=(rows, columns))
    return _Matrices(
        ids.astype(np.int64),
        binary,
        weighted,
        np.asarray(weighted.sum(axis=1)).ravel(),
        np.bincount(cell_rows, minlength=rows),
        idf,
        df,
    )


def _index_columns(df_of_representatives: np.ndarray, representatives: int, budget: float) -> np.ndarray:
    """Columns indexed for candidates: the rarest tokens whose pairs fit in the budget."""
    order = np.argsort(df_of_representatives, kind="stable")
    pairs = np.cumsum(df_of_representatives[order] * (df_of_representatives[order] - 1) / 2.0)
    fits = order[pairs <= budget * max(representatives, 1)]
    return fits[df_of_representatives[fits] >= 2]


def _candidate_pairs(index: sp.csr_matrix, min_shared: int) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs ``i < j`` sharing at least ``min_shared`` indexed tokens."""
    firsts, seconds = [], []
    transposed = index.T.tocsr()
    step = max(1, _PAIR_CHUNK // max(1, int(index.nnz / max(index.shape[0], 1)) ** 2 + 1))
    for low in range(0, index.shape[0], step):
        product = (index[low : low + step] @ transposed).tocoo()
        keep = (product.data >= min_shared) & (product.col > product.row + low)
        firsts.append(product.row[keep].astype(np.int64) + low)
        seconds.append(product.col[keep].astype(np.int64))
    if not firsts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    return np.concatenate(firsts), np.concatenate(seconds)


def _shared_weight(m: _Matrices, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shared idf weight and shared distinct tokens of row pairs, vectorised in chunks."""
    weights, counts = [], []
    for low in range(0, len(first), _PAIR_CHUNK):
        a, b = first[low : low + _PAIR_CHUNK], second[low : low + _PAIR_CHUNK]
        overlap = m.weighted[a].multiply(m.binary[b])
        weights.append(np.asarray(overlap.sum(axis=1)).ravel())
        counts.append(np.diff(overlap.tocsr().indptr) if overlap.nnz else np.zeros(len(a), dtype=np.int64))
    if not weights:
        return np.empty(0), np.empty(0, dtype=np.int64)
    return np.concatenate(weights), np.concatenate(counts)


def _boilerplate_groups(
    groups: list[np.ndarray], credit: np.ndarray, table: SentenceTable, m: _Matrices, options: CopyOptions
) -> set[int]:
    """Surface groups whose carriers are otherwise unrelated articles.

    Relatedness is the idf-weighted cosine of two carriers' word sets, leaving
    out the sentences they share verbatim with any other article; a
    group's relatedness is the mean over its first carrier paired with up to
    ``4 * boilerplate_articles`` others, computed for all groups at once.
    """
    if not groups:
        return set()
    # Each article's words outside the sentences it shares verbatim with others.
    shared_rows = np.concatenate([rows for rows in groups if len(rows) > 1] or [np.empty(0, dtype=np.int64)])
    kept = np.ones(len(table), dtype=bool)
    kept[shared_rows] = False
    articles = int(table.article.max()) + 1
    membership = sp.csr_matrix((kept.astype(np.float64), (table.article, np.arange(len(table)))), shape=(articles, len(table)))
    profiles = (membership @ m.binary).tocsr()
    profiles.eliminate_zeros()
    # Each word present once, weighted by idf so that "year" and "people" do
    # not make two articles look related.
    profiles.data[:] = m.idf[profiles.indices]
    sizes = np.asarray(profiles.multiply(profiles).sum(axis=1)).ravel()
    # Per group, its first row in each carrying article, articles in id order,
    # up to 4 * boilerplate_articles + 1 of them: the first is compared with the others.
    all_rows = np.concatenate(groups)
    group_ids = np.repeat(np.arange(len(groups), dtype=np.int64), [len(rows) for rows in groups])
    codes, where = np.unique(group_ids * articles + table.article[all_rows], return_index=True)
    picked_group = codes // articles
    starts = np.flatnonzero(np.append(True, picked_group[1:] != picked_group[:-1]))
    rank = np.arange(len(codes)) - np.repeat(starts, np.diff(np.append(starts, len(codes))))
    picked = all_rows[where]
    head = picked[starts][np.searchsorted(picked_group[starts], picked_group)]
    others = (rank >= 1) & (rank <= 4 * options.boilerplate_articles)
    first_rows, other_rows, owners = head[others], picked[others], picked_group[others]
    if not len(owners):
        return set()
    a, b = table.article[first_rows], table.article[other_rows]
    dot = np.zeros(len(a))
    for low in range(0, len(a), _PAIR_CHUNK):
        dot[low : low + _PAIR_CHUNK] = np.asarray(
            profiles[a[low : low + _PAIR_CHUNK]].multiply(profiles[b[low : low + _PAIR_CHUNK]]).sum(axis=1)
        ).ravel()
    # A carrier with no other words (a one-sentence item) tells nothing either way.
    informative = (sizes[a] > 0) & (sizes[b] > 0)
    cosine = dot / np.sqrt(np.maximum(sizes[a] * sizes[b], 1.0))
    group_ids = np.array(owners)[informative]
    counted = np.bincount(group_ids, minlength=len(groups))
    mean = np.bincount(group_ids, weights=cosine[informative], minlength=len(groups)) / np.maximum(counted, 1)
    unrelated = (counted > 0) & (mean < options.boilerplate_relatedness)
    carriers = np.bincount(np.array(owners), minlength=len(groups)) + 1
    # Many unrelated carriers make furniture; so do two or more for a credit
    # line ("Story filed by Cox Newspapers"). Length alone is no sign: a short
    # line shared by two articles may well be a copied quote.
    many = unrelated & (carriers >= options.boilerplate_articles) & ~credit
    # A line that travels with other copied lines is copied content: when most
    # of its carriers also share a line that few articles carry (not furniture
    # itself) with the first carrier, it is kept as a copy.
    if many.any():
        few = np.flatnonzero((carriers < options.boilerplate_articles) & ~credit)
        few_pairs = np.isin(owners, few)
        travelling = np.unique(np.minimum(a, b)[few_pairs] * articles + np.maximum(a, b)[few_pairs])
        together = np.isin(np.minimum(a, b) * articles + np.maximum(a, b), travelling)
        # Pairs within a small group are the group's own first-and-other pairs, so a
        # pair counts as travelling together only through a *different* group.
        owned = np.isin(owners, np.flatnonzero(many))
        shared_elsewhere = np.bincount(owners[owned & together], minlength=len(groups))
        many &= shared_elsewhere < 0.5 * (carriers - 1)
    furniture = unrelated & (many | credit)
    return set(np.flatnonzero(furniture).tolist())


class SentenceSource(Protocol):
    """What the global step needs to know of the articles behind a table, beyond its arrays.

    ``ids``, ``published`` and ``sentence_counts`` are per article position of the
    table; ``texts(rows)`` gives the sentence text of each table row asked for.
    It is asked only for the few rows it needs (heads of verbatim groups, linked
    and boilerplate rows), so the texts may live elsewhere, e.g. on the Dask
    workers that read them (:mod:`newsbrief.engine.partitioned`).
    """

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def published(self) -> Sequence[datetime | None]: ...

    @property
    def sentence_counts(self) -> Sequence[int]: ...

    def texts(self, rows: np.ndarray) -> list[str]: ...


@dataclass(frozen=True)
class _TextsInMemory:
    """A :class:`SentenceSource` over articles held in this process."""

    articles: Sequence[ArticleText]
    table: SentenceTable

    @property
    def ids(self) -> list[str]:
        return [t.id for t in self.articles]

    @property
    def published(self) -> list[datetime | None]:
        return [t.article.published for t in self.articles]

    @property
    def sentence_counts(self) -> list[int]:
        return [len(t.sentences) for t in self.articles]

    def texts(self, rows: np.ndarray) -> list[str]:
        return [_text(self.articles, self.table, int(row)) for row in rows]


def links_from_table(table: SentenceTable, texts: Sequence[ArticleText], options: CopyOptions | None = None) -> CopyResult:
    """Copy links, near-duplicates and boilerplate from the features of ``texts``."""
    return links_from_source(table, _TextsInMemory(texts, table), options)


def links_from_source(table: SentenceTable, source: SentenceSource, options: CopyOptions | None = None) -> CopyResult:
    """:func:`links_from_table` with the articles' ids, dates and texts given by ``source``."""
    options = options or CopyOptions()
    align = options.align
    if len(table) == 0:
        return CopyResult((), ())
    m = _matrices(table)
    worded = np.flatnonzero(m.distinct > 0)
    # Surface groups: the first row of each represents it; only groups of two
    # or more rows (verbatim copies) are listed, in row order.
    _, first, group_of, group_sizes = np.unique(
        table.surface[worded], return_index=True, return_inverse=True, return_counts=True
    )
    representatives = np.sort(worded[first])
    representatives = representatives[m.distinct[representatives] >= align.min_tokens]
    shared_groups = np.flatnonzero(group_sizes >= 2)
    in_shared = np.isin(group_of, shared_groups)
    order = np.argsort(group_of[in_shared], kind="stable")
    groups = np.split(worded[in_shared][order], np.cumsum(group_sizes[shared_groups])[:-1]) if len(shared_groups) else []
    # A sentence with few content words is still a verbatim copy when it is
    # long enough not to be a stock phrase ("He declined to comment.").
    heads = source.texts(np.array([rows[0] for rows in groups], dtype=np.int64))
    kept = [
        (rows, head) for rows, head in zip(groups, heads)
        if m.distinct[rows[0]] >= align.min_tokens or len(words(head)) >= options.min_verbatim_words
    ]
    groups = [rows for rows, _ in kept]
    credit = np.array([bool(CREDIT_LINE.search(head)) for _, head in kept], dtype=bool)
    boilerplate = _boilerplate_groups(groups, credit, table, m, options)

    found: dict[tuple[int, int], tuple[str, float]] = {}
    for g, rows in enumerate(groups):
        if g in boilerplate:
            continue
        for x in range(len(rows)):
            for y in range(x + 1, len(rows)):
                if table.article[rows[x]] != table.article[rows[y]]:
                    found[(int(rows[x]), int(rows[y]))] = ("verbatim", 1.0)

    furniture_rows = {int(r) for g in boilerplate for r in groups[g]}
    representatives = representatives[~np.isin(representatives, np.array(sorted(furniture_rows), dtype=np.int64))]
    members = {int(rows[0]): rows.tolist() for g, rows in enumerate(groups) if g not in boilerplate}
    if len(representatives) >= 2:
        binary = m.binary[representatives]
        df_here = np.bincount(binary.indices, minlength=binary.shape[1])
        columns = _index_columns(df_here, len(representatives), options.pair_budget)
        index = binary[:, np.sort(columns)].tocsr()
        first, second = _candidate_pairs(index, options.min_index_shared)
        first, second = representatives[first], representatives[second]
        shared_weight, shared_count = _shared_weight(m, first, second)
        dice = 2.0 * shared_weight / (m.weight[first] + m.weight[second])
        sure = dice >= align.reworded_threshold
        grey = ~sure & (dice >= align.grey_threshold) & (shared_count >= align.min_shared)
        accepted = [(int(a), int(b), float(d)) for a, b, d in zip(first[sure], second[sure], dice[sure])]
        # A grey-zone pair is weak evidence on its own (three words in a row
        # such as "sat at the kitchen table" match by chance across a big
        # corpus), so it is taken only between articles already linked by a
        # verbatim or clearly reworded copy: there, more shared facts are expected.
        # And a sentence whose copy is already found is explained: a weak match
        # to yet another sentence is far more often a paraphrase of the same
        # event than a second copy, so grey-zone links join unexplained sentences only.
        articles = int(table.article.max()) + 1
        supported_pairs: set[int] = set()
        explained = np.zeros(len(table), dtype=bool)
        for x, y in found:
            supported_pairs.add(_pair_code(table, x, y, articles))
            explained[[x, y]] = True
        for a, b, _ in accepted:
            for x in members.get(a, (a,)):
                for y in members.get(b, (b,)):
                    supported_pairs.add(_pair_code(table, x, y, articles))
                explained[x] = True
            explained[members.get(b, [b])] = True
        supported = np.array(sorted(supported_pairs), dtype=np.int64)
        grey_first, grey_second = first[grey], second[grey]
        # Vectorised for the usual case of two sentences carried once each; the
        # members of verbatim groups are checked one by one.
        low = np.minimum(table.article[grey_first], table.article[grey_second])
        high = np.maximum(table.article[grey_first], table.article[grey_second])
        plain = np.isin(low * articles + high, supported) & ~explained[grey_first] & ~explained[grey_second]
        grouped = np.isin(grey_first, list(members)) | np.isin(grey_second, list(members))
        for a, b, simple in zip(grey_first.tolist(), grey_second.tolist(), (plain & ~grouped).tolist()):
            if not simple:
                if not (a in members or b in members):
                    continue
                rows_a, rows_b = members.get(a, [a]), members.get(b, [b])
                if not any(_pair_code(table, x, y, articles) in supported_pairs for x in rows_a for y in rows_b):
                    continue
                if explained[rows_a].any() or explained[rows_b].any():
                    continue
            match = span_similarity(
                m.ids[table.offsets[a] : table.offsets[a + 1]].tolist(),
                m.ids[table.offsets[b] : table.offsets[b + 1]].tolist(),
                m.idf,
            )
            if match.span_dice >= align.span_threshold and match.containment >= align.min_containment:
                accepted.append((a, b, match.span_dice))
        for a, b, score in accepted:
            for x in members.get(a, (a,)):
                for y in members.get(b, (b,)):
                    if table.article[x] != table.article[y]:
                        found[(min(x, y), max(x, y))] = ("reworded", round(score, 4))

    boilerplate_rows = [int(r) for g in sorted(boilerplate) for r in groups[g]]
    # One request for every text the result shows: cheap when the texts live elsewhere.
    wanted = np.unique(np.array([row for pair in found for row in pair] + boilerplate_rows, dtype=np.int64))
    text_of = dict(zip(wanted.tolist(), source.texts(wanted)))
    ids, published = source.ids, source.published
    links = [_link(ids, published, table, text_of, x, y, kind, score) for (x, y), (kind, score) in found.items()]
    links.sort(key=lambda l: (l.a.article, l.a.sentence, l.b.article, l.b.sentence))
    furniture = sorted(
        (SentenceRef(ids[table.article[r]], int(table.sentence[r]), text_of[r]) for r in boilerplate_rows),
        key=lambda ref: (ref.article, ref.sentence),
    )
    sizes = dict(zip(ids, source.sentence_counts))
    return CopyResult(tuple(links), _near_duplicates(sizes, links, options.near_duplicate), tuple(furniture))


def _pair_code(table: SentenceTable, x: int, y: int, articles: int) -> int:
    """The unordered pair of the articles of rows ``x`` and ``y`` as one number."""
    a, b = int(table.article[x]), int(table.article[y])
    return min(a, b) * articles + max(a, b)


def _text(texts: Sequence[ArticleText], table: SentenceTable, row: int) -> str:
    return texts[table.article[row]].sentences[_position(texts, table, row)].text


def _position(texts: Sequence[ArticleText], table: SentenceTable, row: int) -> int:
    """Where row ``row``'s sentence sits in its article's tuple of sentences."""
    sentences = texts[table.article[row]].sentences
    index = int(table.sentence[row])
    if 0 <= index < len(sentences) and sentences[index].index == index:
        return index
    return next(k for k, s in enumerate(sentences) if s.index == index)


def _link(
    ids: Sequence[str], published: Sequence[datetime | None], table: SentenceTable, text_of: dict[int, str],
    x: int, y: int, kind: str, score: float,
) -> CopyLink:
    if (ids[table.article[x]], int(table.sentence[x])) > (ids[table.article[y]], int(table.sentence[y])):
        x, y = y, x
    ax, ay = int(table.article[x]), int(table.article[y])
    return CopyLink(
        a=SentenceRef(ids[ax], int(table.sentence[x]), text_of[x]),
        b=SentenceRef(ids[ay], int(table.sentence[y]), text_of[y]),
        kind=kind,  # type: ignore[arg-type]
        score=score,
        first=_earlier(ids[ax], published[ax], ids[ay], published[ay]),
    )


def find_copies(texts: Sequence[ArticleText], options: CopyOptions | None = None) -> CopyResult:
    """Copied sentences between articles, near-duplicate articles and boilerplate.

    Each link names the two sentences (article ``a`` has the smaller id), its
    kind (``verbatim`` or ``reworded``), a score in [0, 1] and the earlier
    carrier when publication times tell.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def text(id, body):
    ...     return ArticleText(Article(id=id, title="", text=body), sentences_of(id, body))
    >>> a = text("a", "Flood waters cut the northern rail line on Monday morning.")
    >>> b = text("b", "Flood waters cut the northern rail line on Monday morning.")
    >>> c = text("c", "On Monday morning, flood water severed the northern rail line, officials said.")
    >>> [(l.a.article, l.b.article, l.kind) for l in find_copies([a, b, c]).links]
    [('a', 'b', 'verbatim'), ('a', 'c', 'reworded'), ('b', 'c', 'reworded')]
    """
    return links_from_table(sentence_table(texts), texts, options)


def _earlier(a: str, pa: datetime | None, b: str, pb: datetime | None) -> str | None:
    """The article published first, or ``None`` when dates are missing or equal."""
    if pa is None or pb is None or pa == pb:
        return None
    return a if pa < pb else b


def _near_duplicates(sizes: dict[str, int], links: Sequence[CopyLink], threshold: float) -> tuple[NearDuplicate, ...]:
    covered: dict[tuple[str, str], tuple[set[int], set[int]]] = defaultdict(lambda: (set(), set()))
    for link in links:
        sa, sb = covered[(link.a.article, link.b.article)]
        sa.add(link.a.sentence)
        sb.add(link.b.sentence)
    found = []
    for (a, b), (sa, sb) in sorted(covered.items()):
        similarity = (len(sa) + len(sb)) / max(1, sizes[a] + sizes[b])
        if len(sa) >= threshold * sizes[a] and len(sb) >= threshold * sizes[b]:
            found.append(NearDuplicate(a, b, round(similarity, 4)))
    return tuple(found)
