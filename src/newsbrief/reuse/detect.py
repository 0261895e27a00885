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
     threshold get the aligned-span check, pair by pair, where the context
     allows (between articles already linked by a verbatim or confident reworded
     copy, on words no close match explains).
     Pairs the context turns down, and pairs of sentences that both copy a third
     one, are linked only when their words are *kept in place* (the surviving
     words in sequence at the same spacing: a rewording word for word, see
     :func:`~newsbrief.reuse.align.kept_in_place`).
   * Whole-article near-duplicates (syndicated wire copy) do not come from the
     links: :func:`near_duplicates` compares MinHash signatures of each
     article's shingles (:func:`article_signatures`), a function of the article
     alone, so a store can keep them and find the same pairs incrementally.

Who copied from whom is worked out from the links in :mod:`newsbrief.reuse.graph`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

import numpy as np
import scipy.sparse as sp

from newsbrief.model import ArticleText, CopyLink, NearDuplicate, SentenceRef, utc_key
from newsbrief.reuse.align import (
    AlignOptions,
    Words,
    kept_in_place,
    local_window,
    many_copy_spans,
    only_a_name,
    only_the_frame,
    says_otherwise,
    shared_wording,
    span_similarity,
    windows_overlap,
    word_keys,
)
from newsbrief.reuse.minhash import NearDuplicateOptions, band_keys, sequence_shingles, similar_pairs
from newsbrief.text.normalise import TokenNormaliser, hash64, word_spans, words
from newsbrief.text.sentences import without_dateline

__all__ = [
    "CopyOptions",
    "CREDIT_LINE",
    "STOCK_PHRASE",
    "CopyResult",
    "SentenceTable",
    "sentence_table",
    "table_of_sentences",
    "concat_tables",
    "unique_pairs",
    "links_from_table",
    "SentenceSource",
    "links_from_source",
    "link_spans",
    "find_copies",
    "article_signatures",
    "near_duplicates",
    "TokenCounts",
    "token_counts",
    "merge_token_counts",
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
      | (?:editors?|nonsubscribers|subscribers)\s*:
      | visit\b.*\b(?:web\s*site|www\.|on\s+the\s+(?:world\s+wide\s+)?web)
    )
    | all\s+rights\s+reserved
    | \b(?:fax|tel|telephone)\b\W*\+?\d | \bsales\s+representatives?\b | \bplease\s+(?:call|contact)\b
    | \bwill\s+move\b.*\b(?:category|[ap]\.m\.) | /[^/()]*\bphoto\)\W*$
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
    (a byline, "Story filed by ...", "Copyright ...", "Share", a syndicate's
    contact and schedule notes, see :data:`CREDIT_LINE`) or a stock phrase
    (:data:`STOCK_PHRASE`: "It was not immediately clear what would happen
    next."), which no one copies for its content; those are furniture once
    any two of their carriers are unrelated.
    ``min_verbatim_words``: a sentence with fewer content tokens than the
    aligner's ``min_tokens`` is still linked when copied word for word if it
    has this many words in all.
    ``near_duplicate``: how whole-article near-duplicates are found (MinHash
    signatures of normalised word shingles, banded LSH, estimated Jaccard).
    """

    align: AlignOptions = field(default_factory=AlignOptions)
    pair_budget: float = 40.0
    min_index_shared: int = 2
    boilerplate_articles: int = 5
    min_verbatim_words: int = 7
    boilerplate_relatedness: float = 0.2
    near_duplicate: NearDuplicateOptions = field(default_factory=NearDuplicateOptions)


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

    def tokens_by_sentence(self, article_ids: Sequence[str]) -> dict[tuple[str, int], list[int]]:
        """(article id, sentence index) -> that sentence's match-token hashes, the batch's
        articles being ``article_ids`` (in batch order)."""
        tokens, bounds = self.tokens.tolist(), self.offsets.tolist()
        return {
            (article_ids[article], sentence): tokens[bounds[k] : bounds[k + 1]]
            for k, (article, sentence) in enumerate(zip(self.article.tolist(), self.sentence.tolist(), strict=True))
        }


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
    # A copy that drops the wire's dateline ("LEEDS (Reuters) - ") is still verbatim.
    encoded = (normaliser or TokenNormaliser()).encode([without_dateline(s) for s in sentences])
    # Token hashes, not batch-local ids, so that batches made anywhere line up.
    hashes = np.array([hash64(token) for token in encoded.vocabulary], dtype=np.uint64)
    return SentenceTable(
        np.asarray(article, dtype=np.int64),
        np.asarray(index, dtype=np.int32),
        encoded.surface,
        encoded.offsets,
        hashes[encoded.tokens] if len(hashes) else np.empty(0, dtype=np.uint64),
    )


def unique_pairs(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distinct (first, second) pairs of two int64 arrays, as rows of a two-column
    array sorted by first, then second: ``np.unique(np.stack(...), axis=0)``, whose
    sort of whole rows as bytes is about four times slower on millions of pairs.

    >>> unique_pairs(np.array([3, 1, 3, 1]), np.array([0, 2, 0, 1])).tolist()
    [[1, 1], [1, 2], [3, 0]]
    """
    order = np.lexsort((second, first))
    first, second = first[order], second[order]
    keep = np.ones(len(order), dtype=bool)
    keep[1:] = (first[1:] != first[:-1]) | (second[1:] != second[:-1])
    return np.stack([first[keep], second[keep]], axis=1)


def _sub_table(table: SentenceTable, rows: np.ndarray) -> SentenceTable:
    """Rows ``rows`` of ``table``, in that order."""
    lengths = np.diff(table.offsets)[rows]
    offsets = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    positions = np.repeat(table.offsets[:-1][rows] - offsets[:-1], lengths) + np.arange(offsets[-1])
    return SentenceTable(table.article[rows], table.sentence[rows], table.surface[rows], offsets, table.tokens[positions])


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


@dataclass(frozen=True)
class TokenCounts:
    """How many sentences of a corpus hold each token: what the IDF weights are made of.

    ``vocabulary``: the token hashes, sorted (a token's dense id is its position);
    ``df``: the sentences holding each; ``rows``: the sentences in all. Counted per
    batch with :func:`token_counts` and added up with :func:`merge_token_counts`,
    so that a cluster holding the batches apart weighs words as one process does.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def table(body):
    ...     return sentence_table([ArticleText(Article(id="a", title="", text=body), sentences_of("a", body))])
    >>> both = merge_token_counts([token_counts(table("Rail line cut.")), token_counts(table("Rail line open."))])
    >>> both.rows, sorted(both.df.tolist())
    (2, [1, 1, 2, 2])
    """

    vocabulary: np.ndarray  # uint64, sorted
    df: np.ndarray  # int64
    rows: int


def _cells(table: SentenceTable, vocabulary: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The vocabulary (the table's own unless given), every token position's dense
    id, and the (row, column) of each distinct token of each row, by row then column."""
    if vocabulary is None:
        vocabulary, ids = np.unique(table.tokens, return_inverse=True)
    else:
        ids = np.searchsorted(vocabulary, table.tokens)
    width = max(len(vocabulary), 1)
    row_of = np.repeat(np.arange(len(table), dtype=np.int64), np.diff(table.offsets))
    cells = np.sort(row_of * width + ids)
    if len(cells):
        cells = cells[np.append(True, cells[1:] != cells[:-1])]
    return vocabulary, ids.astype(np.int64), cells // width, cells % width


def token_counts(table: SentenceTable) -> TokenCounts:
    """The :class:`TokenCounts` of the sentences of ``table``."""
    vocabulary, _, _, columns = _cells(table)
    return TokenCounts(vocabulary, np.bincount(columns, minlength=len(vocabulary)), len(table))


def merge_token_counts(parts: Sequence[TokenCounts]) -> TokenCounts:
    """The :class:`TokenCounts` of the union of the corpora counted in ``parts``."""
    if not parts:
        return TokenCounts(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64), 0)
    vocabulary, where = np.unique(np.concatenate([p.vocabulary for p in parts]), return_inverse=True)
    df = np.zeros(len(vocabulary), dtype=np.int64)
    np.add.at(df, where, np.concatenate([p.df for p in parts]))
    return TokenCounts(vocabulary, df, sum(p.rows for p in parts))


def _matrices(table: SentenceTable, counts: TokenCounts | None = None) -> _Matrices:
    """The matrices of ``table``, its words weighed by ``counts`` (default: the table's own)."""
    rows = len(table)
    vocabulary, ids, cell_rows, cell_columns = _cells(table, None if counts is None else counts.vocabulary)
    columns = len(vocabulary)
    df = np.bincount(cell_columns, minlength=columns) if counts is None else counts.df
    idf = np.log((1.0 + (rows if counts is None else counts.rows)) / (1.0 + df)) + 1.0
    ones = np.ones(len(cell_rows), dtype=np.float64)
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


def _candidate_pairs(
    index: sp.csr_matrix, min_shared: int, transposed: sp.csr_matrix | None = None, offset: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Row pairs ``i < j`` sharing at least ``min_shared`` indexed tokens.

    ``index`` may be a slice of the whole index, its rows being rows ``offset``
    on of the whole, whose transpose is then ``transposed``: the pairs whose
    first row is in the slice, so that slices can be worked on apart.
    """
    firsts, seconds = [], []
    transposed = index.T.tocsr() if transposed is None else transposed
    step = max(1, _PAIR_CHUNK // max(1, int(index.nnz / max(index.shape[0], 1)) ** 2 + 1))
    for low in range(0, index.shape[0], step):
        product = (index[low : low + step] @ transposed).tocoo()
        low += offset
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
    groups: list[np.ndarray],
    credit: np.ndarray,
    article: np.ndarray,
    relatedness: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]],
    options: CopyOptions,
) -> set[int]:
    """Surface groups whose carriers are otherwise unrelated articles.

    ``article[row]`` is the article of each row of the groups. Relatedness is the
    idf-weighted cosine of two carriers' word sets, leaving out the sentences they
    share verbatim with any other article (:func:`_article_profiles`);
    ``relatedness(a, b)`` gives it for article pairs ``a[k], b[k]`` with whether
    both have such words. A group's relatedness is the mean over its first
    carrier paired with up to ``4 * boilerplate_articles`` others, asked for all
    groups at once and only for the groups it could make furniture.
    """
    if not groups:
        return set()
    # Per group, its first row in each carrying article, articles in id order,
    # up to 4 * boilerplate_articles + 1 of them: the first is compared with the others.
    all_rows = np.concatenate(groups)
    articles = int(article[all_rows].max()) + 1
    group_ids = np.repeat(np.arange(len(groups), dtype=np.int64), [len(rows) for rows in groups])
    codes, where = np.unique(group_ids * articles + article[all_rows], return_index=True)
    picked_group = codes // articles
    starts = np.flatnonzero(np.append(True, picked_group[1:] != picked_group[:-1]))
    rank = np.arange(len(codes)) - np.repeat(starts, np.diff(np.append(starts, len(codes))))
    picked = all_rows[where]
    head = picked[starts][np.searchsorted(picked_group[starts], picked_group)]
    others = (rank >= 1) & (rank <= 4 * options.boilerplate_articles)
    first_rows, other_rows, owners = head[others], picked[others], picked_group[others]
    if not len(owners):
        return set()
    a, b = article[first_rows], article[other_rows]
    carriers = np.bincount(owners, minlength=len(groups)) + 1
    # Only a group with many carriers or a credit line can be furniture (below),
    # so only its carriers' relatedness is worth working out.
    judged = ((carriers >= options.boilerplate_articles) | credit)[owners]
    cosine, informative = np.zeros(len(a)), np.zeros(len(a), dtype=bool)
    if judged.any():
        cosine[judged], informative[judged] = relatedness(a[judged], b[judged])
    group_ids = owners[informative]
    counted = np.bincount(group_ids, minlength=len(groups))
    mean = np.bincount(group_ids, weights=cosine[informative], minlength=len(groups)) / np.maximum(counted, 1)
    least = np.full(len(groups), np.inf)
    np.minimum.at(least, group_ids, cosine[informative])
    # A credit line or stock phrase is furniture once two of its carriers are unrelated,
    # even if others are articles of one story (a syndicate's footer under its wire copy).
    unrelated = (counted > 0) & ((mean < options.boilerplate_relatedness) | (credit & (least < options.boilerplate_relatedness)))
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


def _article_profiles(
    article: np.ndarray, binary: sp.csr_matrix, idf: np.ndarray, excluded: np.ndarray, wanted: np.ndarray
) -> sp.csr_matrix:
    """The words of articles ``wanted`` (a row each, in that order) outside rows ``excluded``.

    ``binary`` is the rows' sentence x token matrix and ``article[row]`` their
    articles. Each word counts once, weighted by idf so that "year" and "people"
    do not make two articles look related; columns sorted, so that sums over a
    profile come out the same wherever it was made.
    """
    position = np.full(int(article.max(initial=-1)) + 1, -1, dtype=np.int64)
    position[wanted] = np.arange(len(wanted))
    rows = np.flatnonzero(position[article] >= 0)
    rows = rows[~np.isin(rows, excluded)]
    membership = sp.csr_matrix((np.ones(len(rows)), (position[article[rows]], rows)), shape=(len(wanted), binary.shape[0]))
    profiles = (membership @ binary).tocsr()
    profiles.eliminate_zeros()
    profiles.data[:] = idf[profiles.indices]
    profiles.sort_indices()
    return profiles


def _profile_cosine(profiles: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cosine of profile rows ``a[k]`` and ``b[k]``, and whether both have words: a
    carrier with no other words (a one-sentence item) tells nothing either way."""
    sizes = np.asarray(profiles.multiply(profiles).sum(axis=1)).ravel()
    dot = np.zeros(len(a))
    for low in range(0, len(a), _PAIR_CHUNK):
        dot[low : low + _PAIR_CHUNK] = np.asarray(
            profiles[a[low : low + _PAIR_CHUNK]].multiply(profiles[b[low : low + _PAIR_CHUNK]]).sum(axis=1)
        ).ravel()
    return dot / np.sqrt(np.maximum(sizes[a] * sizes[b], 1.0)), (sizes[a] > 0) & (sizes[b] > 0)


def _shared_groups(surface: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """Rows ``rows`` by equal ``surface`` hash, for each hash that two or more of them
    carry (verbatim copies): rows ascending in a group, groups in hash order."""
    order = np.lexsort((rows, surface))
    surface, rows = surface[order], rows[order]
    starts = np.flatnonzero(np.append(True, surface[1:] != surface[:-1]))
    sizes = np.diff(np.append(starts, len(rows)))
    shared = sizes >= 2
    return np.split(rows[np.repeat(shared, sizes)], np.cumsum(sizes[shared])[:-1]) if shared.any() else []


def _kept_groups(
    groups: list[np.ndarray], head_distinct: np.ndarray, heads: Sequence[str], options: CopyOptions
) -> tuple[list[np.ndarray], np.ndarray]:
    """The surface groups worth linking, given their first rows' distinct tokens
    and texts, and which of those are credit lines (:data:`CREDIT_LINE`).

    A sentence with few content words is still a verbatim copy when it is long
    enough not to be a stock phrase ("He declined to comment.").
    """
    kept = [
        (rows, head) for rows, head, distinct in zip(groups, heads, head_distinct.tolist())
        if distinct >= options.align.min_tokens or len(words(head)) >= options.min_verbatim_words
    ]
    bare = [without_dateline(head) for _, head in kept]
    credit = np.array([bool(CREDIT_LINE.search(line) or STOCK_PHRASE.match(line)) for line in bare], dtype=bool)
    return [rows for rows, _ in kept], credit


#: The stock phrases of news writing, which unrelated stories share word for word without
#: copying each other: "It was not immediately clear what would happen next.", "The company
#: did not immediately respond to a request for comment."
STOCK_PHRASE = re.compile(
    r"""^\W*(?:
        it\s+(?:was|is)\s+(?:not|unclear)\s+(?:immediately\s+)?(?:clear|known)\b
      | .{0,60}\b(?:did\s+not|didn't)\s+(?:immediately\s+)?(?:respond|reply|return)\b.{0,40}\b(?:comment|request|calls?|messages?|e-?mails?)\b
      | .{0,60}\bcould\s+not\s+(?:immediately\s+)?be\s+reached\s+for\s+comment\b
      | .{0,60}\bdeclined\s+to\s+(?:comment|elaborate|give\s+details)\b
      | (?:no\s+one|nobody)\s+(?:was|were)\s+(?:hurt|injured|killed)\b
      | the\s+cause\s+of\s+the\s+\w+\s+(?:is|was|remains)\s+(?:under\s+investigation|not\s+(?:yet\s+)?known|unknown|unclear)\b
      | (?:an\s+)?investigations?\s+(?:is|are)\s+(?:continuing|ongoing|under\s+way)\b
    ).{0,80}$""",
    re.IGNORECASE | re.VERBOSE,
)


def _verbatim_pairs(groups: list[np.ndarray], boilerplate: set[int], article: np.ndarray) -> dict[tuple[int, int], tuple[str, float]]:
    """Verbatim links between the rows of each group that is not boilerplate, across articles."""
    found: dict[tuple[int, int], tuple[str, float]] = {}
    for g, rows in enumerate(groups):
        if g in boilerplate:
            continue
        for x in range(len(rows)):
            for y in range(x + 1, len(rows)):
                if article[rows[x]] != article[rows[y]]:
                    found[(int(rows[x]), int(rows[y]))] = ("verbatim", 1.0)
    return found


def _scored_pairs(m: _Matrices, first: np.ndarray, second: np.ndarray, align: AlignOptions) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weighted Dice of candidate row pairs, which are sure copies and which are in the grey zone."""
    shared_weight, shared_count = _shared_weight(m, first, second)
    dice = 2.0 * shared_weight / (m.weight[first] + m.weight[second])
    sure = dice >= align.reworded_threshold
    return dice, sure, ~sure & (dice >= align.grey_threshold) & (shared_count >= align.min_shared)


def _grey_to_check(
    article: np.ndarray,
    found: dict[tuple[int, int], tuple[str, float]],
    sure: Sequence[tuple[int, int, float]],
    copies: Sequence[tuple[int, int, float]],
    members: dict[int, list[int]],
    grey_first: np.ndarray,
    grey_second: np.ndarray,
    tokens: Callable[[int], list[int]],
    idf: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Which grey-zone pairs get the aligned-span check, and which were turned
    down only because a copy already found explains them.

    ``article[row]`` is each row's article; ``found`` the verbatim links, ``sure``
    the pairs of group representatives above the Dice threshold, ``copies`` those
    of them that are copies (:func:`_copies_only`), ``members`` each
    representative's group and ``tokens(row)`` a row's token ids.
    A grey-zone pair is weak evidence on its own (three words in a row such as
    "sat at the kitchen table" match by chance across a big corpus), so it is
    checked only between articles already linked by a verbatim or clearly
    reworded copy: there, more shared facts are expected. A sure pair that is
    no copy (one speaker on two statements, a figure changed) lends no such
    support: two independent reports of one event share those. And a sentence whose
    copy is already found is *explained* where that copy matches it (its
    :func:`~newsbrief.reuse.align.local_window` against the copy): a weak match
    to another sentence on the same words is far more often a paraphrase of the
    same event than a second copy, so a pair is not checked when the words
    either sentence matches overlap words it already shares with a linked
    sentence. Words outside every explained window are free: a sentence the
    copier merged from two sources can be linked to the second source too.
    The second array marks the pairs turned down for being explained only (their
    articles are linked), which :func:`_kept_in_place_pairs` looks at again.
    """
    articles = int(article.max(initial=0)) + 1
    explained = np.zeros(len(grey_first), dtype=bool)
    # Any close match explains the words it covers; only copies make support.
    linked = _linked_rows(found, sure, members)
    supported_pairs = _supported_pairs(article, _linked_rows(found, copies, members), articles)
    supported = np.array(sorted(supported_pairs), dtype=np.int64)
    # Vectorised for the usual case of two sentences carried once each, linked to
    # nothing yet; the others are checked one by one.
    check = np.isin(_article_pair_codes(article[grey_first], article[grey_second], articles), supported)
    busy_rows = np.array(sorted(set(linked) | set(members)), dtype=np.int64)
    for k in np.flatnonzero(check & (np.isin(grey_first, busy_rows) | np.isin(grey_second, busy_rows))).tolist():
        a, b = int(grey_first[k]), int(grey_second[k])
        rows_a, rows_b = members.get(a, [a]), members.get(b, [b])
        if not any(_pair_code(article, x, y, articles) in supported_pairs for x in rows_a for y in rows_b):
            check[k] = False
            continue
        tokens_a, tokens_b = tokens(a), tokens(b)
        window_a, window_b = local_window(tokens_a, set(tokens_b), idf), local_window(tokens_b, set(tokens_a), idf)

        def explained_at(row: int, mine: list[int], window: tuple[int, int]) -> bool:
            """Whether ``window`` of ``row`` overlaps its window against a sentence it is linked to."""
            return any(windows_overlap(window, local_window(mine, set(tokens(z)), idf)) for z in linked.get(row, ()))

        explained[k] = any(explained_at(x, tokens_a, window_a) for x in rows_a) or any(
            explained_at(y, tokens_b, window_b) for y in rows_b
        )
        check[k] = not explained[k]
    return check, explained


def _linked_rows(
    found: dict[tuple[int, int], tuple[str, float]], sure: Sequence[tuple[int, int, float]], members: dict[int, list[int]]
) -> dict[int, set[int]]:
    """Each row's partners by the verbatim links ``found`` and the ``sure`` pairs of representatives."""
    linked: dict[int, set[int]] = {}
    for x, y in found:
        linked.setdefault(x, set()).add(y)
        linked.setdefault(y, set()).add(x)
    for a, b, _ in sure:
        for x, y in _carrier_pairs(a, b, members):
            linked.setdefault(x, set()).add(y)
            linked.setdefault(y, set()).add(x)
    return linked


def _carrier_pairs(a: int, b: int, members: dict[int, list[int]]) -> Iterator[tuple[int, int]]:
    """Every pair of a carrier of representative ``a``'s group and one of ``b``'s
    (a representative of no kept group carries only itself)."""
    for x in members.get(a, (a,)):
        for y in members.get(b, (b,)):
            yield x, y


def _supported_pairs(article: np.ndarray, linked: dict[int, set[int]], articles: int) -> set[int]:
    """The article pairs (as :func:`_pair_code`) that ``linked`` rows join: where a grey-zone pair may be checked."""
    return {_pair_code(article, x, y, articles) for x, partners in linked.items() for y in partners}


def _add_scored(
    found: dict[tuple[int, int], tuple[str, float]],
    members: dict[int, list[int]],
    article: np.ndarray,
    m: _Matrices,
    offsets: np.ndarray,
    sure: list[tuple[int, int, float]],
    grey_first: np.ndarray,
    grey_second: np.ndarray,
    align: AlignOptions,
    texts: Callable[[np.ndarray], list[str]],
) -> None:
    """Reworded links from the scored candidates into ``found``: the ``sure`` pairs
    of representatives (with their Dice), the grey-zone pairs that pass their
    check, and the pairs that the grey zone's context rules turn down or never
    see but whose words are kept in place (:func:`_kept_in_place_pairs`).
    ``texts(rows)`` gives the sentence texts of rows, asked for those last pairs only.

    Grey-zone pairs between articles that no verbatim or sure link joins
    (:func:`_supported_pairs`) are never checked, so they may be left out.
    The sure pairs that are no copies (:func:`_copies_only`: one speaker on two
    statements, a name alone, a figure changed) are found first: two independent
    reports of one event share such sentences, and they must not lend their
    articles the support that lets a grey-zone pair through.
    """
    copies = _copies_only(sure, texts, align)
    check, explained = _grey_to_check(
        article, found, sure, copies, members, grey_first, grey_second,
        lambda row: m.ids[offsets[row] : offsets[row + 1]].tolist(), m.idf,
    )
    accepted = list(copies)
    spanned = []
    for a, b in zip(grey_first[check].tolist(), grey_second[check].tolist()):
        score = _span_score(m.ids, m.idf, offsets, a, b, align)
        if score is not None:
            spanned.append((a, b, score))
    accepted += _with_wording(spanned, texts, align)
    explained_pairs = set(zip(grey_first[explained].tolist(), grey_second[explained].tolist()))
    accepted += _kept_in_place_pairs(m, offsets, sorted(explained_pairs | _co_copies(accepted, members, article)), align, texts)
    _add_reworded(found, copies + _copies_only(accepted[len(copies) :], texts, align), members, article)


def _words_of(
    pairs: Sequence[tuple[int, int, float]], texts: Callable[[np.ndarray], list[str]], normaliser: TokenNormaliser | None = None,
    frames: bool = True,
) -> dict[int, Words]:
    """The :class:`~newsbrief.reuse.align.Words` of every row of ``pairs``, their texts
    asked for at once (with their attribution frames if ``frames``)."""
    rows = np.unique(np.array([row for a, b, _ in pairs for row in (a, b)], dtype=np.int64))
    text_of = dict(zip(rows.tolist(), texts(rows)))
    keys = word_keys(list(text_of.values()), normaliser or TokenNormaliser(), frames)
    return {row: keys[text] for row, text in text_of.items()}


def _with_wording(
    pairs: list[tuple[int, int, float]], texts: Callable[[np.ndarray], list[str]], align: AlignOptions
) -> list[tuple[int, int, float]]:
    """The span-matched ``pairs`` that share ``align.min_shared`` words of wording
    (:func:`~newsbrief.reuse.align.shared_wording`): a short aligned span made
    of names and figures ("twenty people hurt" / "injured twenty") is what two
    reports of one event share, not copied text."""
    if not pairs:
        return pairs
    of = _words_of(pairs, texts, frames=False)
    return [(a, b, score) for a, b, score in pairs if shared_wording(of[a], of[b]) >= align.min_shared]


def _copies_only(
    pairs: list[tuple[int, int, float]], texts: Callable[[np.ndarray], list[str]], align: AlignOptions
) -> list[tuple[int, int, float]]:
    """``pairs`` but those whose sentences share one name and nothing else
    (:func:`~newsbrief.reuse.align.only_a_name`), share their attribution frame but
    not what is said (:func:`~newsbrief.reuse.align.only_the_frame`) or say otherwise (negated, a word
    put for its opposite, a figure changed: :func:`~newsbrief.reuse.align.says_otherwise`),
    which a high Dice does not make copies."""
    if not pairs:
        return pairs
    normaliser = TokenNormaliser()
    of = _words_of(pairs, texts, normaliser)
    return [
        (a, b, score) for a, b, score in pairs
        if not only_a_name(of[a], of[b], align) and not only_the_frame(of[a], of[b])
        and not says_otherwise(of[a], of[b], normaliser)
    ]  # fmt: skip


_CO_COPY_PARTNERS = 32
"""Reworded copies of one sentence, the closest, among which co-copies are looked for."""


def _co_copies(
    accepted: Sequence[tuple[int, int, float]], members: dict[int, list[int]], article: np.ndarray
) -> set[tuple[int, int]]:
    """Pairs of representatives ``a < b`` that are not linked but are both linked
    (by ``accepted`` pairs) to one other representative, with a carrier each in
    different articles: two copies of one sentence, which the index may not have
    paired (their shared words may all be common ones) and which either's link to
    the common source would otherwise explain away."""
    partners: dict[int, set[int]] = {}
    scored: dict[int, list[tuple[float, int]]] = {}
    for a, b, score in accepted:
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
        scored.setdefault(a, []).append((-score, b))
        scored.setdefault(b, []).append((-score, a))
    pairs = set()
    for linked in scored.values():
        # A sentence reworded by very many outlets: its closest copies only, so the pairs stay few.
        ordered = sorted(b for _, b in sorted(linked)[:_CO_COPY_PARTNERS])
        for k, a in enumerate(ordered):
            for b in ordered[k + 1 :]:
                if b not in partners[a] and any(article[x] != article[y] for x, y in _carrier_pairs(a, b, members)):
                    pairs.add((a, b))
    return pairs


def _kept_in_place_pairs(
    m: _Matrices, offsets: np.ndarray, pairs: Sequence[tuple[int, int]], align: AlignOptions,
    texts: Callable[[np.ndarray], list[str]],
) -> list[tuple[int, int, float]]:
    """The row ``pairs`` that are copies on their own words alone, with their
    aligned-span Dice: at least grey-zone overlap, the span check passed, and
    their words kept in place with the same figures and names
    (:func:`~newsbrief.reuse.align.kept_in_place`).

    These are pairs the context rules of the grey zone set aside (no link
    between their articles yet, or a link that explains the words), because
    a match of scattered words is then more often a paraphrase of the same
    event; a copier's rewording in place is not.
    """
    if not pairs:
        return []
    first, second = (np.array(side, dtype=np.int64) for side in zip(*pairs))
    _, sure, grey = _scored_pairs(m, first, second, align)
    scored = [
        (a, b, score) for a, b in zip(first[sure | grey].tolist(), second[sure | grey].tolist())
        if (score := _span_score(m.ids, m.idf, offsets, a, b, align)) is not None
    ]
    if not scored:
        return []
    rows = np.unique(np.array([row for a, b, _ in scored for row in (a, b)], dtype=np.int64))
    text_of = dict(zip(rows.tolist(), texts(rows)))
    keys = word_keys(list(text_of.values()), TokenNormaliser(), frames=False)
    return [(a, b, score) for a, b, score in scored if kept_in_place(keys[text_of[a]], keys[text_of[b]], align)]


def _span_score(ids: np.ndarray, idf: np.ndarray, offsets: np.ndarray, a: int, b: int, align: AlignOptions) -> float | None:
    """The aligned-span Dice of rows ``a`` and ``b`` (token ``ids`` of row ``k`` at
    ``offsets[k]:offsets[k + 1]``) when it makes them a reworded copy, else ``None``:
    a shared clause must be most of one of the two sentences (``min_span_cover``)."""
    match = span_similarity(ids[offsets[a] : offsets[a + 1]].tolist(), ids[offsets[b] : offsets[b + 1]].tolist(), idf)
    copied = (
        match.span_dice >= align.span_threshold and match.containment >= align.min_containment
        and match.covered >= align.min_span_cover
    )
    return match.span_dice if copied else None


def _add_reworded(
    found: dict[tuple[int, int], tuple[str, float]],
    accepted: Sequence[tuple[int, int, float]],
    members: dict[int, list[int]],
    article: np.ndarray,
) -> None:
    """Reworded links between every carrier of each accepted pair of representatives, into ``found``."""
    for a, b, score in accepted:
        for x, y in _carrier_pairs(a, b, members):
            if article[x] != article[y]:
                found[(min(x, y), max(x, y))] = ("reworded", round(score, 4))


class SentenceSource(Protocol):
    """What the global step needs to know of the articles behind a table, beyond its arrays.

    ``ids`` and ``published`` are per article position of the table;
    ``texts(rows)`` gives the sentence text of each table row asked for. It is asked only for the few rows it needs (heads of verbatim groups, linked
    and boilerplate rows), so the texts may live elsewhere, e.g. on the Dask
    workers that read them (:mod:`newsbrief.engine.partitioned`).
    """

    @property
    def ids(self) -> Sequence[str]: ...

    @property
    def published(self) -> Sequence[datetime | None]: ...

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

    def texts(self, rows: np.ndarray) -> list[str]:
        return [_text(self.articles, self.table, int(row)) for row in rows]


def links_from_table(
    table: SentenceTable,
    texts: Sequence[ArticleText],
    options: CopyOptions | None = None,
    counts: TokenCounts | None = None,
    index_cap: int | None = None,
) -> CopyResult:
    """Copy links, near-duplicates and boilerplate from the features of ``texts``.

    ``texts`` may be part of a larger corpus (a store's new articles and their
    candidates): ``counts``, the corpus's :class:`TokenCounts` (holding every
    token of ``table``), then weighs the words as over the whole corpus, and
    ``index_cap`` indexes for candidates the tokens carried by at most that many
    of the corpus's sentences (by default, the adaptive cap over ``table``: see
    ``CopyOptions.pair_budget``), so that the same tokens are indexed whichever
    part of the corpus is given.
    """
    return links_from_source(table, _TextsInMemory(texts, table), options, counts, index_cap)


def links_from_source(
    table: SentenceTable,
    source: SentenceSource,
    options: CopyOptions | None = None,
    counts: TokenCounts | None = None,
    index_cap: int | None = None,
    signatures: tuple[np.ndarray, np.ndarray] | None = None,
) -> CopyResult:
    """:func:`links_from_table` with the articles' ids, dates and texts given by ``source``.

    The steps are functions of their own so that :mod:`newsbrief.engine.partitioned`
    can run each on the part of the corpus it needs and get the same links.
    ``signatures``: the articles' :func:`article_signatures`, when already made
    (they depend on each article alone, so workers can make them batch by batch).
    """
    options = options or CopyOptions()
    align = options.align
    if len(table) == 0:
        return CopyResult((), ())
    m = _matrices(table, counts)
    worded = np.flatnonzero(m.distinct > 0)
    # Surface groups: the first row of each represents it.
    all_groups = _shared_groups(table.surface[worded], worded)
    heads = np.array([rows[0] for rows in all_groups], dtype=np.int64)
    groups, credit = _kept_groups(all_groups, m.distinct[heads], source.texts(heads), options)

    def relatedness(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        wanted, where = np.unique(np.concatenate([a, b]), return_inverse=True)
        profiles = _article_profiles(table.article, m.binary, m.idf, np.concatenate(groups), wanted)
        return _profile_cosine(profiles, where[: len(a)], where[len(a) :])

    boilerplate = _boilerplate_groups(groups, credit, table.article, relatedness, options)
    found = _verbatim_pairs(groups, boilerplate, table.article)
    members = {int(rows[0]): rows.tolist() for g, rows in enumerate(groups) if g not in boilerplate}
    representatives = worded[m.distinct[worded] >= align.min_tokens]
    not_representing = [rows[1:] for rows in all_groups] + [groups[g] for g in boilerplate]
    representatives = representatives[~np.isin(representatives, np.concatenate([np.empty(0, dtype=np.int64), *not_representing]))]
    if len(representatives) >= 2:
        binary = m.binary[representatives]
        df_here = np.bincount(binary.indices, minlength=binary.shape[1])
        if index_cap is None:
            columns = _index_columns(df_here, len(representatives), options.pair_budget)
        else:
            columns = np.flatnonzero((m.df <= index_cap) & (df_here >= 2))
        index = binary[:, np.sort(columns)].tocsr()
        first, second = _candidate_pairs(index, options.min_index_shared)
        first, second = representatives[first], representatives[second]
        dice, sure, grey = _scored_pairs(m, first, second, align)
        accepted = list(zip(first[sure].tolist(), second[sure].tolist(), dice[sure].tolist()))
        _add_scored(found, members, table.article, m, table.offsets, accepted, first[grey], second[grey], align, source.texts)

    boilerplate_rows = [int(r) for g in sorted(boilerplate) for r in groups[g]]
    links, furniture = _links_and_furniture(found, boilerplate_rows, table, source)
    signed, eligible = signatures or article_signatures(table, len(source.ids), options.near_duplicate)
    return CopyResult(links, near_duplicates(source.ids, signed, eligible, options.near_duplicate), furniture)


def _links_and_furniture(
    found: dict[tuple[int, int], tuple[str, float]], boilerplate_rows: list[int], table: SentenceTable, source: SentenceSource
) -> tuple[tuple[CopyLink, ...], tuple[SentenceRef, ...]]:
    """The links ``found`` between rows of ``table`` and the boilerplate rows, with their texts, sorted."""
    # One request for every text the result shows: cheap when the texts live elsewhere.
    wanted = np.unique(np.array([row for pair in found for row in pair] + boilerplate_rows, dtype=np.int64))
    text_of = dict(zip(wanted.tolist(), source.texts(wanted)))
    ids, published = source.ids, source.published
    links = [_link(ids, published, table, text_of, x, y, kind, score) for (x, y), (kind, score) in found.items()]
    links = [replace(link, spans=spans) for link, spans in zip(links, link_spans(links))]
    links.sort(key=_link_order)
    furniture = sorted(
        (SentenceRef(ids[table.article[r]], int(table.sentence[r]), text_of[r]) for r in boilerplate_rows),
        key=lambda ref: (ref.article, ref.sentence),
    )
    return tuple(links), tuple(furniture)


def link_spans(links: Sequence[CopyLink]) -> list[tuple[tuple[int, int, int, int], ...]]:
    """The aligned spans (``CopyLink.spans``) of each of ``links``, from its kind
    and two texts: a verbatim link has one run, from its first word to its last
    (after a dateline, which a copy may drop);
    a reworded one the runs of :func:`~newsbrief.reuse.align.many_copy_spans`
    (the words of all its sentences normalised at once).

    >>> from newsbrief.model import SentenceRef
    >>> text = "Flood waters cut the rail line."
    >>> link_spans([CopyLink(SentenceRef("a", 0, text), SentenceRef("b", 3, text), "verbatim", 1.0)])
    [((0, 30, 0, 30),)]
    """
    reworded = [k for k, link in enumerate(links) if link.kind == "reworded"]
    runs = dict(zip(reworded, many_copy_spans([(links[k].a.text, links[k].b.text) for k in reworded], TokenNormaliser())))
    found = []
    for k, link in enumerate(links):
        if k in runs:
            found.append(runs[k])
            continue
        words_a, words_b = (_after_dateline(link.a.text), _after_dateline(link.b.text))
        found.append(((words_a[0][0], words_a[-1][1], words_b[0][0], words_b[-1][1]),) if words_a and words_b else ())
    return found


def _after_dateline(text: str) -> list[tuple[int, int]]:
    """The word spans of ``text`` after the dateline it may open with: what a verbatim copy shares."""
    skip = len(text) - len(without_dateline(text))
    return [span for span in word_spans(text) if span[0] >= skip]


def _link_order(link: CopyLink) -> tuple[str, int, str, int]:
    """Where a link goes in a result: by its first sentence, then its second."""
    return link.a.article, link.a.sentence, link.b.article, link.b.sentence


def _pair_code(article: np.ndarray, x: int, y: int, articles: int) -> int:
    """The unordered pair of the articles of rows ``x`` and ``y`` as one number."""
    a, b = int(article[x]), int(article[y])
    return min(a, b) * articles + max(a, b)


def _article_pair_codes(first: np.ndarray, second: np.ndarray, articles: int) -> np.ndarray:
    """:func:`_pair_code` of many pairs, given by the articles of their two rows."""
    return np.minimum(first, second) * articles + np.maximum(first, second)


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
    """The link between rows ``x`` and ``y``, the smaller article id first, without
    its spans (:func:`link_spans` works them out for many links at once)."""
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
    """The article published first, or ``None`` when dates are missing or equal
    (dates with and without a time zone compared alike)."""
    if pa is None or pb is None or (ka := utc_key(pa)) == (kb := utc_key(pb)):
        return None
    return a if ka < kb else b


def article_signatures(
    table: SentenceTable, articles: int, options: NearDuplicateOptions | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures of the ``articles`` articles of ``table``, and which are
    long enough to be near-duplicates: an ``(articles, num_perm)`` uint32 array
    and a bool array.

    An article's set is the word shingles of its match tokens in text order
    (aliases, spellings and numbers folded, stop words dropped, stems), so that
    house style and light spinning change little. It depends on the article
    alone: computed per batch, on a worker or from a store's features, it is the same.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "Flood waters cut the northern rail line near Tarn on Monday. Crews worked all night to clear the tracks."
    >>> texts = [ArticleText(Article(id=i, title="", text=body), sentences_of(i, body)) for i in "ab"]
    >>> signatures, eligible = article_signatures(sentence_table(texts), 2)
    >>> signatures.shape, eligible.tolist(), bool((signatures[0] == signatures[1]).all())
    ((2, 128), [True, True], True)
    """
    options = options or NearDuplicateOptions()
    lengths = np.diff(table.offsets)
    tokens = table.tokens
    if (np.diff(table.article) < 0).any():
        # Each article's tokens must be together, in text order.
        order = np.argsort(table.article, kind="stable")
        counts = lengths[order]
        tokens = tokens[np.repeat(table.offsets[:-1][order] - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())]
    per_article = np.bincount(table.article, weights=lengths, minlength=articles).astype(np.int64)
    # 64-bit token hashes folded to the 32 bits that shingle hashing takes.
    folded = (tokens ^ (tokens >> np.uint64(32))) & np.uint64(0xFFFFFFFF)
    hashes, counts = sequence_shingles(folded, per_article, options.shingle)
    return options.hasher().signatures_of_runs(hashes, counts), per_article >= options.min_tokens


def near_duplicates(
    ids: Sequence[str], signatures: np.ndarray, eligible: np.ndarray, options: NearDuplicateOptions | None = None
) -> tuple[NearDuplicate, ...]:
    """Pairs of articles ``ids`` whose :func:`article_signatures` say they are
    nearly the same text: candidates from banded LSH, kept when the estimated
    Jaccard similarity of their shingle sets (the ``similarity``, to 4 places)
    is at least ``options.threshold``. Each pair is decided on its own two
    signatures, so the pairs among any subset of articles are those of the
    whole collection within it. Sorted, article ``a`` having the smaller id.

    >>> from newsbrief.reuse.minhash import MinHasher
    >>> sigs = MinHasher().signatures([np.arange(100, dtype=np.uint32), np.arange(5, 105, dtype=np.uint32)])
    >>> [(d.a, d.b) for d in near_duplicates(["y", "x"], sigs, np.array([True, True]))]
    [('x', 'y')]
    """
    options = options or NearDuplicateOptions()
    rows = np.flatnonzero(eligible)
    chosen = signatures[rows]
    first, second, estimate = similar_pairs(chosen, band_keys(chosen, *options.bands()), options.threshold)
    found = []
    for a, b, similarity in zip(rows[first].tolist(), rows[second].tolist(), estimate.tolist()):
        low, high = sorted((ids[a], ids[b]))
        found.append(NearDuplicate(low, high, round(similarity, 4)))
    return tuple(sorted(found, key=lambda d: (d.a, d.b)))
