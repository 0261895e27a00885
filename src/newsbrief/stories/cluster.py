"""Group articles into stories: one story per real-world event.

Two articles about one event share its particulars: the names of the people
and places, the figures, the wording of the wire copy they both reprint. Two
events of the same kind (two earthquakes, two celebrities entering rehab) share
only the vocabulary of their kind. Articles are compared as TF-IDF vectors of
their :mod:`~newsbrief.stories.features` (title and lead weighed up, proper
names weighed up), with copied sentences found by the reuse stage as extra
evidence, and never across more than a time window when both are dated.

**Batch** (:func:`cluster_stories`, used by ``newsbrief brief``) groups by
*shared nearest neighbours* (Jarvis & Patrick 1973; Ertöz, Steinbach & Kumar
2003). Each article lists its ``neighbours`` most similar articles (above
``min_similarity``, and at least ``relative_similarity`` of the similarity of
its nearest); two articles are close when their lists overlap, and
groups are joined by average linkage on that overlap while it reaches
``min_shared``. Overlap of neighbour lists is a matter of rank, not of raw
cosine: a tight story and a loose one are judged alike, and two look-alike
events stay apart as long as each article's nearest neighbours are its own
event's, even when the two events are about as similar as the articles of a
loose story are to each other. The lists are drawn from a bounded number of
*candidates* per article (see :class:`_KeyPostings`: articles near it in
publication order among those sharing one of its heaviest terms, and those
it shares copied text with), so the cost grows linearly with the articles.

**Stream** (:class:`StoryClusterer`, used by ``newsbrief ingest``) takes the
articles in publication order, a batch (one ``ingest``) at a time with
:meth:`StoryClusterer.add_batch`: the batch is grouped by the batch algorithm
together with the articles of the open stories, and the grouping is laid onto
the stories given so far (see there). A clusterer that lives across batches
computes only what each batch changes; one made afresh (each ``newsbrief
ingest`` replays its open stories into a new one) lists its whole window once.
One at a time (:meth:`StoryClusterer.add`,
cheaper per article), an article joins the open story whose articles it is
most similar to on average (average linkage against the story's summed
vectors) when that reaches ``join_similarity``; else it starts a story. Two open stories whose articles come to be as similar on average as
``merge_similarity`` merge: the smaller one's id then points to the other
(``Story.merged_into``). Story ids never change. A story with no article
within ``window`` of the newest one goes dormant: it takes no more articles
and leaves memory (:meth:`StoryClusterer.drain_dormant`), and term
frequencies are kept in bounded space, so memory stays flat however long the
stream.

Story ids are derived from the story's first article in publication order, so
the same input gives the same ids in both modes.
"""

from __future__ import annotations

import hashlib
import heapq
import math
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from newsbrief.model import ArticleText, CopyLink, Story, utc_key
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor, FeatureOptions, unit_vector, unit_vectors

__all__ = [
    "StoryOptions",
    "StoryClusterer",
    "cluster_stories",
    "batch_idf",
    "smoothed_idf",
    "copy_evidence",
    "copy_evidence_pairs",
    "raised_by_copies",
    "story_id_for",
    "time_order",
    "is_dormant",
]

Vector = dict[str, float]

_MERGE_CANDIDATES = 5
"""Open stories (the article's closest) checked for a merge after each article."""

_KEY_TERMS = 20
"""Heaviest terms of an article or open story (its names and particulars): the
stream compares an article only with stories that share one of its key terms."""

_POSTING_REACH = 20
"""Batch: an article's candidates are the articles this many places before or after
it in the posting (publication order) of one of its key terms."""

_CANDIDATES = 20
"""Batch: candidates per article, the best by shared key terms, whose cosine is computed."""

_BLOCK_ROWS = 2000
"""Batch: articles whose candidates are found and scored at once (bounds memory)."""

_DENSE_ROWS = 128
"""Batch: articles whose vectors are laid out dense to score their candidates."""

_SCORED_CANDIDATES = 5
"""Stories, the best by shared key terms, whose similarity to an article is computed in full."""

_MAX_POSTINGS = 40
"""A key term shared by more open stories than this is not used to find candidates."""

_EXTRACTOR_ARTICLES = 20_000
"""Articles a stream's feature extractor reads before it is replaced (bounded word memo)."""

_REWEIGH_GROWTH = 1.2
"""A stream without fixed ``idf`` weighs its held vectors again once the log of the
articles it has counted grows by this factor (its rare terms' weights then have)."""

_RELIST_ARTICLES = 5_000
"""A stream whose window (held articles and batch) is no larger than this weighs and
lists it all anew at every batch: cheap there, and without fixed ``idf`` the weights
of a young stream still move with every batch."""

_VOCABULARY_SLACK = 2
"""A stream's term columns are renumbered, dropping those no held article uses, once
they are this many times as many as after the last renumbering (bounded memory)."""


@dataclass(frozen=True)
class StoryOptions:
    """Options of story grouping (see the module docstring for what each does).

    ``neighbours``, ``min_similarity``, ``min_shared``: the batch grouping;
    ``headline_min_similarity``: the least cosine of a pair of headline-only items
    (a titles-only feed's): a few words share few terms, so the cosines of
    headlines about one event run lower than those of full articles;
    ``min_rest_similarity``: the least cosine a pair of articles keeps without its
    heaviest shared term (one shared name alone does not make two articles one
    story; two headline-only items are spared, as their few words may share just one);
    ``relative_similarity``: a neighbour must also be at least this share of
    as similar as the article's nearest one (in a small collection the few
    nearest may otherwise include another event altogether);
    ``linkage_cap``: in its averages a group counts as at most this many
    articles, so that a big story (whose articles cannot all share neighbours
    when each lists only a few) still takes its late articles.
    ``join_similarity``, ``merge_similarity``: the stream's joins and merges.
    ``copy_weight``: how much copied text counts: an article whose every
    sentence is copied from another is then ``copy_weight`` of the way to
    identical. ``window``: two dated articles further apart than this are never
    compared (nor linked by their own similarity), and a stream story goes
    dormant after it. Undated articles may still link two dated groups further
    apart (coverage of one event resumes weeks later: a trial, an anniversary).
    ``max_gap``: if set, two groups whose dated articles are all further apart
    than this never join, however undated articles link them (an undated report
    that fits two events months apart is then no bridge between them). Off by
    default: on ECB+ the gold events hold dated articles up to two years apart
    that only undated ones join, and 90 days cost 0.012 BCubed F1 there
    (docs/benchmarks.md). ``story_terms``:
    terms kept per open stream story, ``max_terms``: terms whose document
    frequency a stream keeps (both bound memory). ``idle_articles``: a stream
    story that took none of this many articles goes dormant whatever the dates
    (so undated streams stay bounded too).
    """

    features: FeatureOptions = field(default_factory=FeatureOptions)
    neighbours: int = 5
    min_similarity: float = 0.25
    headline_min_similarity: float = 0.2
    min_rest_similarity: float = 0.02
    min_shared: float = 0.1
    relative_similarity: float = 0.5
    linkage_cap: int = 8
    join_similarity: float = 0.25
    merge_similarity: float = 0.25
    copy_weight: float = 0.5
    window: timedelta = timedelta(days=7)
    max_gap: timedelta | None = None
    story_terms: int = 300
    max_terms: int = 30_000
    idle_articles: int = 20_000


def story_id_for(first_article: str) -> str:
    """The id of a story started by ``first_article``: a hash, since record ids
    given by users may share any prefix."""
    return "s-" + hashlib.sha256(first_article.encode("utf-8")).hexdigest()[:12]


def is_dormant(last_seen: datetime | None, now: datetime | None, window: timedelta) -> bool:
    """Whether a story whose latest article was published at ``last_seen`` is dormant
    at ``now``: quiet for longer than ``window`` (a new article about it then starts
    a story). Undated, either of them: not dormant by the clock.

    The stream puts stories to sleep by it, the store replays the stories it leaves
    open and listings show it, so all three agree.

    >>> is_dormant(datetime(2026, 3, 1), datetime(2026, 3, 9), timedelta(days=7))
    True
    >>> is_dormant(datetime(2026, 3, 1), None, timedelta(days=7))
    False
    """
    return now is not None and last_seen is not None and utc_key(now) - utc_key(last_seen) > window


class _Published(Protocol):
    @property
    def published(self) -> datetime | None: ...


_Dated = TypeVar("_Dated", bound=_Published)


def time_order(items: Iterable[_Dated]) -> list[_Dated]:
    """Publication order of articles (texts or features); undated ones keep their
    input order after the dated ones before them."""
    items = list(items)
    floor = datetime.min
    keyed = []
    for position, item in enumerate(items):
        when = item.published
        key = utc_key(when) if when else floor
        floor = key if when else floor
        keyed.append((key, position, item))
    return [item for _, _, item in sorted(keyed, key=lambda x: (x[0], x[1]))]


_MIN_DOCUMENTS = 100
"""Document frequencies are read as if among at least this many articles: ten headlines
say little about which words are common, and half of them naming "Boulder" makes it
the event's particular, not common vocabulary (per ECB+ topic, ~22 articles, BCubed
F1 0.853 without the floor and 0.917 with it; collections of 100 or more unchanged)."""


def smoothed_idf(documents: float, frequency: float) -> float:
    """The weight of a term in ``frequency`` of ``documents`` articles:
    ``log((1 + N) / (1 + df)) + 1`` with ``N`` at least :data:`_MIN_DOCUMENTS`.

    >>> round(smoothed_idf(1000, 9), 3), round(smoothed_idf(10, 5), 3)
    (5.606, 3.823)
    """
    return math.log((1.0 + max(documents, _MIN_DOCUMENTS)) / (1.0 + frequency)) + 1.0


def batch_idf(features: Sequence[ArticleFeatures]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term over a batch of articles."""
    frequency: dict[str, int] = defaultdict(int)
    for f in features:
        for term in f.terms:
            frequency[term] += 1
    return {term: smoothed_idf(len(features), count) for term, count in frequency.items()}


def copy_evidence(links: Iterable[CopyLink], sentences: Mapping[str, int]) -> dict[tuple[str, str], float]:
    """Share of copied text between linked articles, per article pair (ids sorted).

    The share is the score-weighted number of distinct sentences of the shorter
    article that carry copied text, over its number of sentences: a reprint
    scores about 1, a shared boilerplate line in a long article next to 0.
    ``sentences`` gives each article's sentence count.
    """
    best: dict[tuple[str, str], dict[tuple[str, int], float]] = defaultdict(dict)
    for link in links:
        a, b = link.a, link.b
        if a.article == b.article:
            continue
        if (sentences.get(a.article, 0), a.article) > (sentences.get(b.article, 0), b.article):
            a, b = b, a  # count sentences of the shorter article
        pair = (min(a.article, b.article), max(a.article, b.article))
        seen = best[pair]
        seen[(a.article, a.sentence)] = max(seen.get((a.article, a.sentence), 0.0), link.score)
    shares = {}
    for pair, scores in best.items():
        shorter = min(max(sentences.get(pair[0], 0), 1), max(sentences.get(pair[1], 0), 1))
        shares[pair] = min(1.0, sum(scores.values()) / shorter)
    return shares


def copy_evidence_pairs(
    shares: Mapping[tuple[str, str], float], position: Mapping[str, int], options: StoryOptions
) -> list[tuple[int, int, float]]:
    """The copy evidence of each pair of :func:`copy_evidence` ``shares`` whose articles
    are both at ``position`` (article -> row): (row, row, ``copy_weight`` times the share),
    each pair once, in the order of ``shares``.

    >>> copy_evidence_pairs({("a", "b"): 0.8, ("a", "z"): 1.0}, {"b": 0, "a": 1}, StoryOptions())
    [(1, 0, 0.4)]
    """
    return [
        (position[a], position[b], options.copy_weight * share)
        for (a, b), share in shares.items()
        if a in position and b in position
    ]


_Similarity = TypeVar("_Similarity", float, np.ndarray)


def raised_by_copies(similarity: _Similarity, evidence: _Similarity) -> _Similarity:
    """A similarity raised by copy evidence (both in [0, 1], floats or arrays alike):
    ``1 - (1 - similarity) * (1 - evidence)``, a noisy-or: the pair falls short of
    identical only as far as both the similarity and the copied text leave it.

    >>> raised_by_copies(0.5, 0.4)
    0.7
    """
    return 1.0 - (1.0 - similarity) * (1.0 - evidence)


def _sentence_counts(texts: Iterable[ArticleText]) -> dict[str, int]:
    return {t.id: len(t.sentences) for t in texts}


# ---------------------------------------------------------------------------
# Batch: shared nearest neighbours, average linkage.


def _run_ranks(keys: np.ndarray) -> np.ndarray:
    """Position of each item within its run of equal ``keys`` (``keys`` sorted)."""
    if not len(keys):
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return np.arange(len(keys)) - np.repeat(starts, np.diff(np.r_[starts, len(keys)]))


def _top_per_row(rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, count: int) -> np.ndarray:
    """Indexes of each row's ``count`` largest values (ties by column), best first within a row."""
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    later = slice(1, None), slice(None, -1)
    if np.all((rows[later[0]] > rows[later[1]]) | ((rows[later[0]] == rows[later[1]]) & (cols[later[0]] >= cols[later[1]]))):
        # Already in (row, column) order, as most callers give them: one stable sort
        # on the row less the value scaled below 1/2 gives the lexsort's order, in a
        # sixth of the time (values closer than ~1e-11 of the largest tie, by column),
        # and it need only see the entries that can be among their row's best.
        key = rows - vals / (2.0 * np.abs(vals).max() + 1.0)
        order = _kept_by_row(rows, key, count)
        order = order[np.argsort(key[order], kind="stable")]
    else:
        order = np.lexsort((cols, -vals, rows))
    return order[_run_ranks(rows[order]) < count]


def _kept_by_row(rows: np.ndarray, key: np.ndarray, count: int) -> np.ndarray:
    """Indexes (ascending) of the entries whose ``key`` is among the ``count`` smallest of
    their row (``rows`` sorted), ties at the last place all kept: the only entries the
    sort of :func:`_top_per_row` needs to see.

    A row's ``count``-th smallest is found by a partial sort (linear) of the rows laid
    out dense: a row of a candidate search holds hundreds of entries of which 20 are
    kept, and sorting them all was a third of the search (a scratch timing: 57 ms against
    32 ms for 2,000 rows). Where a few rows are far longer than the others the dense
    layout would be mostly padding: then everything is kept.
    """
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    lengths = np.diff(np.r_[starts, len(rows)])
    width = int(lengths.max())
    if width <= count or len(starts) * width > 4 * len(rows):
        return np.arange(len(rows))
    run = np.repeat(np.arange(len(starts)), lengths)
    dense = np.full((len(starts), width), np.inf)
    dense[run, np.arange(len(rows)) - starts[run]] = key
    last = np.partition(dense, count - 1, axis=1)[:, count - 1]
    return np.flatnonzero(key <= last[run])


class _KeyPostings:
    """Each article's ``_KEY_TERMS`` heaviest terms, and for each term the articles
    that have it as a key term, in publication order.

    Two articles of one event share some of their heaviest terms (its names,
    places, figures). An article's candidates are the articles that come within
    ``_POSTING_REACH`` places of it, before or after, in the posting of one of its
    key terms: at most ``2 * _POSTING_REACH * _KEY_TERMS`` of them, however large
    the collection. A term on thousands of articles (a word of the kind of event)
    then links each article to the few published nearest it, and a big story's
    articles still reach their neighbours in time through its names.
    """

    def __init__(self, matrix: sp.csr_matrix) -> None:
        coo = matrix.tocoo()
        keep = _top_per_row(coo.row, coo.col, coo.data, _KEY_TERMS)
        keep.sort()  # back to row order
        self._index(coo.row[keep], coo.col[keep], coo.data[keep], matrix.shape[0])

    @classmethod
    def of_keys(cls, rows: np.ndarray, terms: np.ndarray, weights: np.ndarray, count: int) -> _KeyPostings:
        """The postings of ``count`` articles whose key terms (found before) are
        ``terms`` with ``weights`` on ``rows``, in row order."""
        postings = cls.__new__(cls)
        postings._index(rows, terms, weights, count)
        return postings

    def _index(self, rows: np.ndarray, terms: np.ndarray, weights: np.ndarray, count: int) -> None:
        self.rows, self.terms, self.weights = rows, terms, weights
        # Rows are in publication order: sorting by term then row gives each posting in time order.
        by_term = np.lexsort((self.rows, self.terms))
        self.posting_rows, self.posting_terms = self.rows[by_term], self.terms[by_term]
        self.posting_weights = self.weights[by_term]
        self.place = np.empty(len(by_term), dtype=np.int64)
        self.place[by_term] = np.arange(len(by_term))
        self.first_entry = np.searchsorted(self.rows, np.arange(count + 1))

    def candidates(self, start: int, stop: int, days: np.ndarray, window: float) -> tuple[np.ndarray, np.ndarray]:
        """Rows ``start:stop``'s candidates (row, column): each row's ``_CANDIDATES`` best
        by the weight of the key terms they share, none further apart than ``window`` days."""
        low, high = self.first_entry[start], self.first_entry[stop]
        offsets = np.r_[-_POSTING_REACH:0, 1 : _POSTING_REACH + 1]
        near = self.place[low:high, None] + offsets[None, :]
        near = np.clip(near, 0, len(self.posting_rows) - 1)
        same = self.posting_terms[near] == self.terms[low:high, None]
        found = near[same]  # only these entries are read again
        rows = np.broadcast_to(self.rows[low:high, None], near.shape)[same]
        cols = self.posting_rows[found]
        weights = np.broadcast_to(self.weights[low:high, None], near.shape)[same] * self.posting_weights[found]
        ok = (rows != cols) & ~(np.abs(days[rows] - days[cols]) > window)  # NaN gap: undated, allowed
        # To CSR and back sums the weights of a pair found through several terms.
        coo = sp.coo_matrix((weights[ok], (rows[ok] - start, cols[ok])), shape=(stop - start, len(days))).tocsr().tocoo()
        best = _top_per_row(coo.row, coo.col, coo.data, _CANDIDATES)
        return coo.row[best] + start, coo.col[best]


def _pair_similarities(
    matrix: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, least_rest: float | np.ndarray
) -> np.ndarray:
    """``matrix[rows[i]] . matrix[cols[i]]`` for each i (the cosines of those pairs; ``rows``
    ascending), 0 where the cosine without the pair's heaviest shared term is below
    ``least_rest``.

    One shared word, however rare, is not a story: a town's name makes a ferry's
    delay look like a crane collapse there when both articles are short.
    """
    cosines, heaviest = np.zeros(len(rows)), np.zeros(len(rows))
    # A few hundred rows at a time are laid out dense over the terms they use; each
    # pair then reads its row's weights at its column's terms (no copy of the row per pair).
    column = np.full(matrix.shape[1], -1, dtype=np.int64)
    bounds = np.r_[np.searchsorted(rows, np.arange(rows[0], rows[-1] + 1, _DENSE_ROWS)) if len(rows) else [], len(rows)]
    for low, high in zip(bounds[:-1], bounds[1:], strict=True):
        if low == high:
            continue
        first, last = int(rows[low]), int(rows[high - 1]) + 1
        near = matrix[first:last]
        used = np.zeros(len(column), dtype=bool)
        used[near.indices] = True
        terms = np.flatnonzero(used)
        column[terms] = np.arange(len(terms))
        width = len(terms) + 1  # the last column: terms the rows lack
        dense = np.zeros((last - first) * width)
        dense[np.repeat(np.arange(last - first) * width, np.diff(near.indptr)) + column[near.indices]] = near.data
        other = matrix[cols[low:high]]
        lengths = np.diff(other.indptr)
        pair = np.repeat(np.arange(high - low), lengths)
        products = dense.take(np.repeat((rows[low:high] - first) * width, lengths) + column[other.indices]) * other.data
        column[terms] = -1
        cosines[low:high] = np.bincount(pair, weights=products, minlength=high - low)
        heaviest[low:high] = np.maximum.reduceat(np.r_[products, 0.0], other.indptr[:-1])
        heaviest[low:high][lengths == 0] = 0.0
    return np.where(cosines - heaviest >= least_rest, cosines, 0.0)


class _Particulars:
    """What each article is about in particular (``ArticleFeatures.particulars``: the
    names it gives the weight of its title, "Toyota", "Tundra"), and every term it has.

    Two articles that each have such names and neither of whose names the other
    mentions at all are about two things of one kind ("Toyota recalls 100,000 Tundra
    pickups" / "Honda recalls 200,000 CR-V SUVs"): they are not candidates of each other, however much vocabulary of their kind
    they share. Articles of one event mention its particulars, if not in their titles
    then in their text.
    """

    def __init__(self, features: Sequence[ArticleFeatures]) -> None:
        self.names = [f.particulars for f in features]
        self.terms = [f.terms for f in features]  # the features' own: no view made per article
        self.named = np.array([bool(names) for names in self.names], dtype=bool)

    def apart(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Which pairs ``rows[k], cols[k]`` are about different particulars."""
        apart = np.zeros(len(rows), dtype=bool)
        names, terms = self.names, self.terms
        both = np.flatnonzero(self.named[rows] & self.named[cols])
        # Asked of the terms, isdisjoint looks up the few names in them; asked of the
        # names, it would walk every term (a dict view is not a set to a frozenset).
        apart[both] = [
            terms[b].keys().isdisjoint(names[a]) and terms[a].keys().isdisjoint(names[b])
            for a, b in zip(rows[both].tolist(), cols[both].tolist())
        ]
        return apart


def _candidate_similarities(
    matrix: sp.csr_matrix,
    postings: _KeyPostings,
    start: int,
    stop: int,
    days: np.ndarray,
    headline_only: np.ndarray,
    evidence: sp.csr_matrix,
    particulars: _Particulars,
    options: StoryOptions,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows ``start:stop``'s candidates (see :class:`_KeyPostings`) and the articles they
    share copied text with, as (row, column, similarity) in row order: the cosine with
    the copy evidence, at least ``min_similarity`` (``headline_min_similarity`` where
    both articles are ``headline_only``), none further apart than the window, none about
    other particulars (:class:`_Particulars`)."""
    n = matrix.shape[0]
    window = options.window.total_seconds() / 86400
    rows, cols = postings.candidates(start, stop, days, window)
    copied = evidence[start:stop].tocoo()
    rows = np.concatenate([rows, copied.row + start])
    cols = np.concatenate([cols, copied.col])
    pair = np.unique(rows.astype(np.int64) * n + cols)
    rows, cols = pair // n, pair % n
    # Two headlines share few words, and one of them (the town's name) may be all they share.
    short = headline_only[rows] & headline_only[cols]
    least_rest = np.where(short, 0.0, options.min_rest_similarity)
    # A pair found both ways (two articles of the block) is scored once: the cosine is symmetric.
    mirror = np.minimum(np.searchsorted(pair, cols * n + rows), max(0, len(pair) - 1))
    twin = (rows > cols) & (pair[mirror] == cols * n + rows)
    vals = np.empty(len(rows))
    vals[~twin] = _pair_similarities(matrix, rows[~twin], cols[~twin], least_rest[~twin])
    vals[twin] = vals[mirror[twin]]
    if evidence.nnz:
        vals = raised_by_copies(vals, np.asarray(evidence[rows, cols]).ravel())
    gap = np.abs(days[rows] - days[cols])
    ok = (vals >= np.where(short, options.headline_min_similarity, options.min_similarity)) & ~(gap > window)
    if ok.any():
        # Copied text is no exception: a reprint mentions the names its source gives.
        kept = np.flatnonzero(ok)
        ok[kept[particulars.apart(rows[kept], cols[kept])]] = False
    return rows[ok], cols[ok], vals[ok]


def _close_to_nearest(rows: np.ndarray, vals: np.ndarray, options: StoryOptions) -> np.ndarray:
    """Which entries of neighbour lists (row by row, nearest first) come near their
    row's nearest: in a small or sparse collection the k nearest may include
    another event altogether."""
    nearest = vals[np.arange(len(rows)) - _run_ranks(rows)]
    return vals >= options.relative_similarity * nearest


def _neighbour_lists(
    matrix: sp.csr_matrix, days: np.ndarray, headline_only: np.ndarray, evidence: sp.csr_matrix,
    particulars: _Particulars, options: StoryOptions,
) -> sp.csr_matrix:
    """Each article's ``neighbours`` most similar others among its candidates (see
    :class:`_KeyPostings`) and the articles it shares copied text with, as a 0/1 matrix."""
    n = matrix.shape[0]
    postings = _KeyPostings(matrix)
    keep_rows, keep_cols = [], []
    for start in range(0, n, _BLOCK_ROWS):
        rows, cols, vals = _candidate_similarities(
            matrix, postings, start, min(n, start + _BLOCK_ROWS), days, headline_only, evidence, particulars, options
        )
        top = _top_per_row(rows, cols, vals, options.neighbours)
        rows, cols, vals = rows[top], cols[top], vals[top]  # row by row, nearest first
        close = _close_to_nearest(rows, vals, options)
        keep_rows.append(rows[close])
        keep_cols.append(cols[close])
    rows, cols = np.concatenate(keep_rows), np.concatenate(keep_cols)
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))


def _days(gap: timedelta | None) -> float:
    """A gap in days, no gap at all being an infinite one."""
    return math.inf if gap is None else gap.total_seconds() / 86400


def _average_linkage(
    shared: sp.csr_matrix, scale: float, threshold: float, cap: int, days: np.ndarray, gap: float
) -> list[int]:
    """Average-linkage agglomeration over a sparse similarity: ``shared[i, j] / scale``
    summed over two groups' pairs, over the number of pairs, each group counted as
    at most ``cap`` articles. Returns a group per row (the group's first row).

    ``days``: each row's publication day (NaN: undated). Two groups whose dated
    articles lie more than ``gap`` days apart never join: an undated article
    linked to both is no bridge between events months apart (a story that runs
    longer keeps joining, since each day of it is near the next).

    Groups only ever join linked groups, so each connected part of ``shared`` is
    grouped on its own, in a dense matrix: the parts are small (a story and the
    articles around it), and a dense step is a few array operations.
    """
    n = shared.shape[0]
    upper = sp.triu(shared, k=1).tocoo()
    _, part = connected_components(upper, directed=False)
    # Each part's rows numbered from 0 in row order, and the parts' dense
    # matrices laid end to end in one array.
    sizes = np.bincount(part)
    starts = np.r_[0, np.cumsum(sizes)]
    order = np.argsort(part, kind="stable")
    place = np.empty(n, dtype=np.int64)
    place[order] = np.arange(n) - np.repeat(starts[:-1], sizes)
    offsets = np.r_[0, np.cumsum(sizes * sizes)]
    dense = np.zeros(offsets[-1])
    of = part[upper.row]
    for rows, cols in ((upper.row, upper.col), (upper.col, upper.row)):
        dense[offsets[of] + place[rows] * sizes[of] + place[cols]] = upper.data / scale
    groups = np.arange(n)
    for p in np.flatnonzero(sizes > 1).tolist():
        rows, m = order[starts[p] : starts[p + 1]], int(sizes[p])
        links = dense[offsets[p] : offsets[p + 1]].reshape(m, m)
        groups[rows] = rows[_link_part(links, threshold, cap, days[rows], gap)]
    return groups.tolist()


def _link_part(links: np.ndarray, threshold: float, cap: int, days: np.ndarray, gap: float) -> np.ndarray:
    """:func:`_average_linkage` of one connected part, ``links`` its dense symmetric
    sums (changed in place): the first row of each row's group.

    Each step joins the two linked groups of highest average at or above
    ``threshold`` whose dated articles are within ``gap`` days of each other
    (``days``, NaN for undated), ties to the pair of lowest rows; the later group
    joins the earlier, whose row then holds the sums of both.
    """
    m = len(links)
    parent = np.arange(m)
    if m == 2:  # most parts: two articles, their link is their average
        apart = abs(days[0] - days[1]) > gap  # False when either is undated
        parent[1] = 0 if links[0, 1] >= threshold and not apart else 1
        return parent
    size = np.ones(m, dtype=np.int64)
    average = np.where(links > 0, links, -np.inf)  # groups of one: the sum is the average
    first, last = days.copy(), days.copy()  # each group's dated span (NaN: none dated)
    while True:
        # The first maximum of the symmetric matrix is the pair of lowest rows.
        i, j = divmod(int(np.argmax(average)), m)
        if not average[i, j] >= threshold:
            break
        if first[j] - last[i] > gap or first[i] - last[j] > gap:  # False when either is undated
            average[i, j] = average[j, i] = -np.inf
            continue
        first[i], last[i] = np.fmin(first[i], first[j]), np.fmax(last[i], last[j])
        parent[j] = i
        size[i] += size[j]
        links[i] += links[j]
        links[i, i] = links[i, j] = 0.0
        links[:, i] = links[i]
        links[:, j] = 0.0  # gone: no longer linked to any group
        weight = np.minimum(size, cap)  # each group counted as at most cap articles
        row = links[i] / (weight[i] * weight)
        row[links[i] <= 0] = -np.inf
        average[i], average[:, i] = row, row
        average[j], average[:, j] = -np.inf, -np.inf
    while not np.array_equal(parent, parent[parent]):
        parent = parent[parent]
    return parent


def cluster_stories(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None
) -> list[Story]:
    """Group ``texts`` into stories (batch mode; see the module docstring).

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def text(id, title, body):
    ...     return ArticleText(Article(id=id, title=title, text=body), sentences_of(id, body))
    >>> stories = cluster_stories([
    ...     text("a1", "Dam bursts near Tarn", "The Tarn dam burst on Monday, flooding 40 homes in Alby."),
    ...     text("a2", "Tarn dam failure floods homes", "Forty homes in Alby were flooded when the Tarn dam burst."),
    ...     text("a3", "Council approves budget", "Northgate council approved a $412 million budget."),
    ... ])
    >>> [s.articles for s in stories]
    [('a1', 'a2'), ('a3',)]
    """
    options = options or StoryOptions()
    ordered = time_order(texts)
    if not ordered:
        return []
    extract = FeatureExtractor(options.features)
    features = [extract(t) for t in ordered]
    idf = batch_idf(features)
    shares = copy_evidence(copies, _sentence_counts(ordered))
    stories = []
    for indexes in _group_features(features, shares, idf, smoothed_idf(len(features), 0), options):
        dates = [ordered[i].article.published for i in indexes if ordered[i].article.published]
        stories.append(
            Story(
                id=story_id_for(ordered[indexes[0]].id),
                articles=tuple(ordered[i].id for i in indexes),
                first_seen=min(dates, key=utc_key) if dates else None,
                last_seen=max(dates, key=utc_key) if dates else None,
            )
        )
    return stories


def _evidence_matrix(
    position: Mapping[str, int], size: int, shares: Mapping[tuple[str, str], float], options: StoryOptions
) -> sp.csr_matrix:
    """The copy evidence between the articles at ``position`` (article -> row, of ``size``
    rows: an id given twice has one), both ways."""
    rows, cols, vals = [], [], []
    for i, j, evidence in copy_evidence_pairs(shares, position, options):
        rows += [i, j]
        cols += [j, i]
        vals += [evidence] * 2
    return sp.csr_matrix((vals, (rows, cols)), shape=(size, size))


def _group_features(
    features: Sequence[ArticleFeatures],
    shares: Mapping[tuple[str, str], float],
    idf: Mapping[str, float],
    default_idf: float,
    options: StoryOptions,
) -> list[list[int]]:
    """The batch grouping of articles already featurised and in publication order:
    lists of indexes into ``features``, each in order, the lists in order of their
    first. ``shares``: :func:`copy_evidence` of their copy links; ``idf`` and
    ``default_idf``: term weights (see :func:`~newsbrief.stories.features.unit_vector`).
    :func:`cluster_stories` and :meth:`StoryClusterer.add_batch` both group with it."""
    matrix = unit_vectors(features, idf, default_idf, {}, options.features)
    evidence = _evidence_matrix({f.id: i for i, f in enumerate(features)}, len(features), shares, options)
    days = np.array([utc_key(f.published).timestamp() / 86400 if f.published else np.nan for f in features])
    headline_only = np.array([f.headline_only for f in features], dtype=bool)
    particulars = _Particulars(features)
    nearest = _neighbour_lists(matrix, days, headline_only, evidence, particulars, options)
    # An article is in its own list: two articles that are each other's only
    # neighbour then share two of k + 1.
    extended = nearest + sp.identity(len(features), format="csr")
    shared = (extended @ extended.T).tocsr()
    groups = _average_linkage(
        shared, options.neighbours + 1.0, options.min_shared, options.linkage_cap, days, _days(options.max_gap)
    )
    members: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    return sorted(members.values(), key=lambda m: m[0])


# ---------------------------------------------------------------------------
# Stream: average linkage against open stories, merges, dormancy.


@dataclass
class _Held:
    """An article of an open story as :meth:`StoryClusterer.add_batch` keeps it
    between batches, so that a batch scores only what it brings."""

    features: ArticleFeatures
    serial: int = 0  # place in the order articles were first put into columns (publication order)
    day: float = np.nan  # publication day (NaN: undated)
    # Its ``neighbours`` nearest articles (serials, nearest first, before the cut near
    # the nearest) and their similarities; None until a batch has listed them.
    near: np.ndarray | None = None
    near_vals: np.ndarray | None = None


class _Columns:
    """The vectors of the held articles that are weighed (in the columns of the clusterer's
    vocabulary, each row's ascending) and their ``_KEY_TERMS`` heaviest terms: a row per
    article, rows laid end to end.

    A batch appends the rows it weighs; a grouping takes the window's rows, in window
    order, with one indexing of each matrix, which also drops the rows of articles gone
    to sleep. Joining every held article's small arrays anew at each batch cost about
    0.1 s an ingest with 17,000 held (a scratch timing).
    """

    def __init__(self) -> None:
        self.row: dict[str, int] = {}  # article -> row
        self.vectors = sp.csr_matrix((0, 1))
        self.keys = sp.csr_matrix((0, 1))

    def add(self, articles: Sequence[str], vectors: sp.csr_matrix, keys: sp.csr_matrix) -> None:
        """Append the rows of ``articles`` (new to the columns): their ``vectors`` and ``keys``."""
        self.row.update(zip(articles, range(self.vectors.shape[0], self.vectors.shape[0] + len(articles))))
        width = max(vectors.shape[1], self.vectors.shape[1])  # the vocabulary grows
        self.vectors, self.keys = (
            sp.vstack([sp.csr_matrix(m, shape=(m.shape[0], width)) for m in pair], format="csr")
            for pair in ((self.vectors, vectors), (self.keys, keys))
        )

    def take(self, articles: Sequence[str], width: int) -> None:
        """Keep the rows of ``articles`` only (all weighed), in their order, ``width`` columns wide
        (rows of articles gone from the window are dropped: bounded memory)."""
        rows = np.fromiter(map(self.row.__getitem__, articles), np.int64, len(articles))
        self.vectors, self.keys = (sp.csr_matrix(m[rows], shape=(len(articles), width)) for m in (self.vectors, self.keys))
        self.row = dict(zip(articles, range(len(articles))))

    def vector(self, article: str) -> tuple[np.ndarray, np.ndarray]:
        """The columns and weights of the article's vector."""
        row = self.row[article]
        low, high = self.vectors.indptr[row], self.vectors.indptr[row + 1]
        return self.vectors.indices[low:high], self.vectors.data[low:high]


@dataclass
class _OpenStory:
    id: str
    serial: int  # order in which stories were started: the older wins a tie
    articles: list[str]
    vector_sum: Vector
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    # The same as naive UTC (``utc_key``), which the story clock compares: converted once.
    first_key: datetime | None = None
    last_key: datetime | None = None
    keys: frozenset[str] = frozenset()
    touched: int = 0  # the clusterer's article count when it last took an article
    # Articles (held in the window) whose vectors are not in ``vector_sum`` yet: batches
    # and replays leave them to be summed when one article at a time next needs the sums.
    unsummed: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.articles)

    def widen(self, first: datetime | None, last: datetime | None) -> None:
        """Stretch the story's dated span to begin by ``first`` and end by ``last`` (None:
        undated); of two dates of one instant, it keeps the one it has."""
        if first is not None:
            key = utc_key(first)
            if self.first_key is None or key < self.first_key:
                self.first_seen, self.first_key = first, key
        if last is not None:
            key = key if last is first else utc_key(last)
            if self.last_key is None or key > self.last_key:
                self.last_seen, self.last_key = last, key


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    # The shared terms are few: intersect the keys (in C) before multiplying. The
    # intersection's order changes with the hash seed: fsum's total does not.
    return math.fsum(a[t] * b[t] for t in a.keys() & b.keys())


@dataclass
class StoryClusterer:
    """Assigns articles to stories as they arrive (stream mode; see the module docstring).

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def text(id, title, body):
    ...     return ArticleText(Article(id=id, title=title, text=body), sentences_of(id, body))
    >>> clusterer = StoryClusterer()
    >>> first = clusterer.add(text("a1", "Dam bursts near Tarn", "The Tarn dam burst on Monday, flooding 40 homes."))
    >>> first == story_id_for("a1")
    True
    >>> clusterer.add(text("a2", "Tarn dam failure floods homes", "Forty homes were flooded when the Tarn dam burst.")) == first
    True

    ``idf``: fixed term weights (e.g. :func:`batch_idf` of a known collection);
    without it the weights follow the document frequencies of what was added
    so far, kept in bounded space. ``taken_ids``: story ids given before (a
    store's), which a new story must not take: one that an article removed and
    read again would start (its id derived from that article) gets the id of
    ``"<article>#2"`` (``#3``, ...) instead.
    """

    options: StoryOptions = field(default_factory=StoryOptions)
    idf: Mapping[str, float] | None = None
    taken_ids: Container[str] = ()
    assignments: dict[str, str] = field(default_factory=dict)
    merged_into: dict[str, str] = field(default_factory=dict)
    document_frequency: Counter[str] = field(default_factory=Counter)
    documents: float = 0.0
    _extract: FeatureExtractor | None = None
    _extracted: int = 0
    _open: dict[str, _OpenStory] = field(default_factory=dict)
    _dormant: dict[str, Story] = field(default_factory=dict)
    _started: int = 0
    _merged: list[Story] = field(default_factory=list)
    _postings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _sentences: dict[str, int] = field(default_factory=dict)
    _now: datetime | None = None  # the latest date seen, naive UTC
    _tick: int = 0
    _idf_cache: dict[str, float] = field(default_factory=dict)
    _idf_documents: float = 0.0
    _recent: OrderedDict[str, None] = field(default_factory=OrderedDict)
    _window: dict[str, _Held] = field(default_factory=dict)
    _columns: _Columns = field(default_factory=_Columns)
    _vocabulary: dict[str, int] = field(default_factory=dict)
    _vocabulary_used: int = 0
    _serial: int = 0
    _counted: int = 0
    _reweighed: int = 0
    _batch_idf: dict[str, float] | None = None
    _batch_default_idf: float = 0.0
    _unsummed: bool = False  # some open story has unsummed articles

    def add(self, text: ArticleText, copies: Sequence[CopyLink] = (), story: str | None = None) -> str:
        """Assign one article; return its story id.

        Cheaper per article than :meth:`add_batch`, but an article is judged against
        the stories as they stand, never against the articles that come after it, so
        look-alike events merge more often (ECB+ BCubed F1 0.854 against 0.948 in
        batches of 100: ``docs/benchmarks.md``). Where articles arrive in bursts,
        prefer :meth:`add_batch`.

        ``copies``: links between this article and articles already added.
        ``story``: a known assignment (replaying a store), taken as is; the
        article is counted now and weighed when first compared (without fixed
        ``idf``, by the frequencies of that time).
        """
        if text.id in self.assignments:
            return self.assignments[text.id]
        return self.add_features(self.extract(text), copies, story)

    def extract(self, text: ArticleText) -> ArticleFeatures:
        """The features :meth:`add_features` takes (made apart, e.g. on other cores)."""
        # The extractor's normaliser remembers every word it has seen: a fresh one
        # now and then keeps memory bounded (the features do not depend on it).
        if self._extract is None or self._extracted >= _EXTRACTOR_ARTICLES:
            self._extract, self._extracted = FeatureExtractor(self.options.features), 0
        self._extracted += 1
        return self._extract(text)

    def add_features(self, features: ArticleFeatures, copies: Sequence[CopyLink] = (), story: str | None = None) -> str:
        """:meth:`add` for an article already turned into :class:`ArticleFeatures`."""
        article = features.id
        if article in self.assignments:
            return self.assignments[article]
        when = features.published
        if story is not None:
            # Taken as is: the article is weighed when a batch next groups the window.
            self._count(features)
            self._advance(when)
            self._sentences[article] = features.sentences
            target = self._replay(article, when, story)
            if target in self._open:  # an article replayed into a dormant story stays out of the window
                self._window[article] = _Held(features)
            return target
        vector = self._vector(features)
        self._advance(when)
        self._sentences[article] = features.sentences
        self._sum_held()
        scores = self._scores(vector, when, 0.0 if features.headline_only else self.options.min_rest_similarity)
        if copies:
            for pair, share in copy_evidence(copies, self._sentences).items():
                if article not in pair:
                    continue
                story_id = self.assignments.get(pair[1] if pair[0] == article else pair[0])
                if story_id in self._open:
                    scores[story_id] = raised_by_copies(scores.get(story_id, 0.0), self.options.copy_weight * share)
        ranked = sorted(scores, key=lambda s: (-scores[s], s))
        if ranked and scores[ranked[0]] >= self.options.join_similarity:
            target = ranked[0]
        else:
            target = self._start(self._new_id(article), when)
        self._join(target, article, vector, when)
        # Only stories the article is close to can have come close to its story.
        near = [s for s in ranked[:_MERGE_CANDIDATES] if scores[s] >= self.options.merge_similarity / 2]
        return self._merge_around(target, near)

    def add_batch(self, texts: Sequence[ArticleText], copies: Sequence[CopyLink] = ()) -> dict[str, str]:
        """Assign a batch of articles (one ``ingest``) at once; return each one's story id.

        The batch is grouped together with the articles of the open stories by the
        batch algorithm (that of :func:`cluster_stories`), so an article is placed once the
        others of its batch are known: the first article of a second event of a
        kind, which one at a time joins the first event's story, here finds the
        articles of its own event. The grouping is then laid onto the stories as
        they are: an article joins the open story with most articles in its group
        (the older on a tie) or, if none, starts one with the other new articles of
        the group; open stories the grouping puts wholly into one group merge (the
        larger absorbs the smaller, whose id then points to it). Stories keep their
        articles and their ids. ``copies``: links among the batch and with the
        articles before it.

        Only what the batch changes is computed. The held articles keep their
        vectors and neighbour lists from the batches before; a new article's list
        is drawn from its candidates in the whole window, and a held article's list
        takes the new articles that come near it. Average linkage only joins groups
        that share neighbours, so only the parts of the window linked to a new
        article are grouped (a few thousand articles of an open window of tens of
        thousands): what the whole window's grouping would give there, the rest
        staying as decided. All held vectors are weighed alike: by fixed ``idf``,
        or by the document frequencies at the last reweighing, done at every batch
        while the window is small (``_RELIST_ARTICLES``, lists made anew too) and
        then each time the log of the articles counted grows by a fifth.

        The window is the open stories' articles added by this method or replayed
        (``add(..., story=...)``); their vectors and lists are held while their
        story is open, so memory follows the window, not the stream. Replayed
        articles have no lists yet: the first batch after them lists them.

        >>> from newsbrief.model import Article
        >>> from newsbrief.text.sentences import sentences_of
        >>> def text(id, title, body):
        ...     return ArticleText(Article(id=id, title=title, text=body), sentences_of(id, body))
        >>> found = StoryClusterer().add_batch([
        ...     text("a1", "Dam bursts near Tarn", "The Tarn dam burst on Monday, flooding 40 homes in Alby."),
        ...     text("a2", "Tarn dam failure floods homes", "Forty homes in Alby were flooded when the Tarn dam burst."),
        ...     text("a3", "Council approves budget", "Northgate council approved a $412 million budget."),
        ... ])
        >>> found["a1"] == found["a2"] == story_id_for("a1"), found["a3"] == story_id_for("a3")
        (True, True)
        """
        return self.add_batch_features([self.extract(t) for t in time_order(texts) if t.id not in self.assignments], copies)

    def add_batch_features(self, features: Sequence[ArticleFeatures], copies: Sequence[CopyLink] = ()) -> dict[str, str]:
        """:meth:`add_batch` for articles already turned into :class:`ArticleFeatures`, in publication order.

        >>> from newsbrief.model import Article
        >>> from newsbrief.text.sentences import sentences_of
        >>> def text(id, title, body):
        ...     return ArticleText(Article(id=id, title=title, text=body), sentences_of(id, body))
        >>> clusterer = StoryClusterer()
        >>> features = [clusterer.extract(t) for t in (
        ...     text("a1", "Dam bursts near Tarn", "The Tarn dam burst on Monday, flooding 40 homes in Alby."),
        ...     text("a2", "Tarn dam failure floods homes", "Forty homes in Alby were flooded when the Tarn dam burst."),
        ... )]
        >>> clusterer.add_batch_features(features) == {"a1": story_id_for("a1"), "a2": story_id_for("a1")}
        True
        >>> clusterer.add_batch_features(features)  # added before: nothing new
        {}
        """
        new = {f.id: f for f in features if f.id not in self.assignments}
        if not new:
            return {}
        # The whole batch is counted before any of it is weighed: on one batch the
        # weights are then those of the batch grouping.
        for item in new.values():
            self._count(item)
        relist = len(self._window) + len(new) <= _RELIST_ARTICLES
        if relist or (self.idf is None and math.log1p(self._counted) > _REWEIGH_GROWTH * math.log1p(self._reweighed)):
            self._reweigh(relist)
        for article, item in new.items():
            self._sentences[article] = item.sentences
            self._window[article] = _Held(item)
        # Where each new article goes: an open story, or the story its group's first new article starts.
        decided: dict[str, str] = {}
        for group in self._regroup(new.keys(), copy_evidence(copies, self._sentences)):
            arrivals = [a for a in group if a in new]
            if not arrivals:
                continue  # no new evidence: the stories there stay as they were decided
            held = Counter(self._resolve(self.assignments[a]) for a in group if a not in new)
            # A story counts only when most of it is in the group: a stray article
            # of another event does not pull a new event into its story.
            stories = [self._open[s] for s in held if s in self._open and 2 * held[s] > self._open[s].size]
            target = story_id_for(arrivals[0])
            if stories:
                target = max(stories, key=lambda s: (held[s.id], -s.serial)).id
                for story in sorted(stories, key=lambda s: s.serial):
                    if story.id != target and held[story.id] == story.size:
                        target = self._merge_pair(self._open[target], story)
            decided.update(dict.fromkeys(arrivals, target))
        # A decided story that goes to sleep before the batch's later articles reach
        # it (the batch spans more than the window) is continued by a new one.
        continued: dict[str, str] = {}
        for article, item in new.items():
            when = item.published
            self._advance(when)
            target = self._resolve(continued.get(decided[article], decided[article]))
            if target not in self._open:  # a story this batch starts, or one just gone to sleep
                started = self._new_id(article) if self._taken(target) else target
                continued[decided[article]] = target = self._start(started, when)
            self._join(target, article, None, when)
        return {article: self.assignments[article] for article in new}

    def _batch_vectors(self, features: Sequence[ArticleFeatures]) -> sp.csr_matrix:
        """The articles' unit vectors as batches weigh them, in the columns of the
        clusterer's vocabulary: under the fixed ``idf``, or the frequencies as they
        were at the last :meth:`_reweigh`, so that every held vector is weighed
        alike (the groupings follow small changes in weights)."""
        if self.idf is None and self._batch_idf is not None:
            idf, default = self._batch_idf, self._batch_default_idf
        else:
            idf, default = self._idf_of(features)
        return unit_vectors(features, idf, default, self._vocabulary, self.options.features)

    def _reweigh(self, relist: bool) -> None:
        """Without fixed ``idf``, weigh the held articles again by the document
        frequencies as they are now; with ``relist``, drop their lists too (they are
        made anew). A large window keeps them: listing it anew would cost several
        batches, and weights that grew this little seldom change who is nearest."""
        if self.idf is None:
            self._reweighed = self._counted
            self._batch_idf = {term: smoothed_idf(self.documents, count) for term, count in self.document_frequency.items()}
            self._batch_default_idf = smoothed_idf(self.documents, 0.0)
            self._columns = _Columns()  # the window weighed again when next grouped
        if relist:
            for held in self._window.values():
                held.near = held.near_vals = None

    def _hold(self, articles: Sequence[str]) -> None:
        """Weigh held ``articles`` (in window order) into the columns, with their key terms."""
        if not articles:
            return
        held = [self._window[a] for a in articles]
        matrix = self._batch_vectors([h.features for h in held])
        rows = np.repeat(np.arange(len(held)), np.diff(matrix.indptr))
        keys = np.sort(_top_per_row(rows, matrix.indices, matrix.data, _KEY_TERMS))  # ties by column, as in the batch
        key_bounds = np.searchsorted(rows[keys], np.arange(len(held) + 1))
        self._columns.add(articles, matrix, sp.csr_matrix((matrix.data[keys], matrix.indices[keys], key_bounds), shape=matrix.shape))
        for h in held:
            if not h.serial:  # weighed again, an article keeps its place
                self._serial += 1
                h.serial = self._serial
            h.day = utc_key(h.features.published).timestamp() / 86400 if h.features.published else np.nan

    def _regroup(self, arrivals: Collection[str], shares: Mapping[tuple[str, str], float]) -> list[list[str]]:
        """The batch grouping of the window (whose last articles are ``arrivals``): the
        groups linked to new articles, each in window order, in order of their first."""
        ids, held = list(self._window), list(self._window.values())
        self._hold([a for a in ids if a not in self._columns.row])
        self._columns.take(ids, max(1, len(self._vocabulary)))
        self._renumber_terms()
        n, options = len(held), self.options
        matrix, keys = self._columns.vectors, self._columns.keys
        postings = _KeyPostings.of_keys(
            np.repeat(np.arange(n), np.diff(keys.indptr)), keys.indices.astype(np.int64), keys.data, n
        )
        days = np.array([h.day for h in held])
        headline_only = np.array([h.features.headline_only for h in held], dtype=bool)
        serials = np.array([h.serial for h in held])
        evidence = _evidence_matrix({a: i for i, a in enumerate(ids)}, n, shares, options)
        particulars = _Particulars([h.features for h in held])
        # Articles not listed yet (the batch, and articles replayed since the last
        # batch) are the window's last: list them; the others are offered them.
        fresh = next(i for i, h in enumerate(held) if h.near is None)
        offers = []
        for start in range(fresh, n, _BLOCK_ROWS):
            stop = min(n, start + _BLOCK_ROWS)
            rows, cols, vals = _candidate_similarities(
                matrix, postings, start, stop, days, headline_only, evidence, particulars, options
            )
            listed = cols < fresh
            offers.append((cols[listed], serials[rows[listed]], vals[listed]))
            self._set_near(held, start, stop, rows, serials[cols], vals)
        rows, cols, vals = (np.concatenate(part) for part in zip(*offers, strict=True))
        if len(rows):
            offered = np.unique(rows)
            self._set_near(held, 0, fresh, *self._near_arrays(held, offered, rows, cols, vals))
        # Shared nearest neighbours over the whole window; average linkage only joins
        # linked groups, so grouping the parts linked to new articles groups those as
        # grouping the whole window would.
        rows, cols, vals = self._near_arrays(held, np.arange(n))
        close = _close_to_nearest(rows, vals, options)
        rows, cols = np.r_[rows[close], np.arange(n)], np.r_[cols[close], serials]  # an article is in its own list
        columns, cols = np.unique(cols, return_inverse=True)
        lists = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, len(columns)))
        shared = (lists @ lists.T).tocsr()
        new = np.array([a in arrivals for a in ids])
        _, part = connected_components(shared, directed=False)
        linked = np.flatnonzero(np.isin(part, part[new]))
        groups = _average_linkage(
            shared[linked][:, linked], options.neighbours + 1.0, options.min_shared, options.linkage_cap,
            days[linked], _days(options.max_gap),
        )
        members: dict[int, list[str]] = defaultdict(list)
        for index, group in zip(linked.tolist(), groups, strict=True):
            members[group].append(ids[index])
        return list(members.values())

    @staticmethod
    def _near_arrays(
        held: Sequence[_Held], indexes: np.ndarray, *offered: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The lists of ``held[indexes]`` as (row, serial, similarity), row by row, nearest
        first, followed by ``offered`` (rows, serials, similarities) if given."""
        parts = [held[i] for i in indexes.tolist()]
        rows = np.repeat(indexes, [len(h.near) for h in parts])
        cols = np.concatenate([h.near for h in parts]) if parts else np.zeros(0, np.int64)
        vals = np.concatenate([h.near_vals for h in parts]) if parts else np.zeros(0)
        if offered:
            rows, cols, vals = np.r_[rows, offered[0]], np.r_[cols, offered[1]], np.r_[vals, offered[2]]
        return rows, cols, vals

    def _set_near(self, held: Sequence[_Held], start: int, stop: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray) -> None:
        """Keep the ``neighbours`` nearest of (row, serial, similarity) as the lists of rows
        in ``start:stop`` that have an entry (every one, when they are listed the first time)."""
        top = _top_per_row(rows, cols, vals, self.options.neighbours)
        rows, cols, vals = rows[top], cols[top], vals[top]
        bounds = np.searchsorted(rows, np.arange(start, stop + 1))
        for row in range(start, stop):
            low, high = bounds[row - start], bounds[row - start + 1]
            if low < high or held[row].near is None:
                held[row].near, held[row].near_vals = cols[low:high], vals[low:high]

    def _renumber_terms(self) -> None:
        """Drop the term columns no held article uses, once they have piled up (bounded memory)."""
        if len(self._vocabulary) <= max(self.options.max_terms, _VOCABULARY_SLACK * self._vocabulary_used):
            return
        columns = self._columns
        used = np.unique(columns.vectors.indices)
        names = [""] * len(self._vocabulary)
        for term, column in self._vocabulary.items():
            names[column] = term
        # Columns keep their order, so ties between terms break as before.
        self._vocabulary = {names[column]: new for new, column in enumerate(used.tolist())}
        self._vocabulary_used = len(used)
        columns.vectors, columns.keys = (
            sp.csr_matrix((m.data, np.searchsorted(used, m.indices), m.indptr), shape=(m.shape[0], max(1, len(used))))
            for m in (columns.vectors, columns.keys)
        )

    def story_of(self, article: str) -> str | None:
        """The current story of an added article (following merges), or ``None``."""
        return self.assignments.get(article)

    def stories(self) -> list[Story]:
        """The live stories held (open and dormant, not merged away), in order of their first article."""
        live = list(self._dormant.values()) + [
            Story(s.id, tuple(s.articles), s.first_seen, s.last_seen) for s in self._open.values() if s.articles
        ]
        position = {article: i for i, article in enumerate(self.assignments)}
        return sorted(live, key=lambda s: position[s.articles[0]])

    def merged_stories(self) -> list[Story]:
        """Stories merged away since the start (or the last :meth:`drain_dormant`), each with ``merged_into``."""
        return [Story(s.id, (), s.first_seen, s.last_seen, self.merged_into.get(s.id)) for s in self._merged]

    def drain_dormant(self) -> list[Story]:
        """Hand over the dormant stories and forget them (and their articles): bounded memory."""
        dormant, self._dormant = list(self._dormant.values()), {}
        for story in dormant:
            for article in story.articles:
                self.assignments.pop(article, None)
                self._sentences.pop(article, None)
        self._merged = []
        # Keep only the pointers that still lead to a story held here.
        self.merged_into = {
            old: new for old, new in self.merged_into.items() if self._resolve(new) in self._open
        }
        return dormant

    # -- internals ---------------------------------------------------------
    def _resolve(self, story: str) -> str:
        while story in self.merged_into:
            story = self.merged_into[story]
        return story

    def _taken(self, story_id: str) -> bool:
        return story_id in self._open or story_id in self._dormant or story_id in self.merged_into or story_id in self.taken_ids

    def _new_id(self, article: str) -> str:
        """The id of the story ``article`` starts (see ``taken_ids``)."""
        story_id, again = story_id_for(article), 1
        while self._taken(story_id):
            again += 1
            story_id = story_id_for(f"{article}#{again}")
        return story_id

    def _start(self, story_id: str, when: datetime | None) -> str:
        self._started += 1
        self._open[story_id] = story = _OpenStory(story_id, self._started, [], {})
        story.widen(when, when)
        return story_id

    def _replay(self, article: str, when: datetime | None, story: str) -> str:
        """Put an article where a store says it is."""
        target = self._resolve(story)
        if target in self._dormant:
            # An undated or late article of a story that has gone quiet: it stays asleep.
            old = self._dormant[target]
            self._dormant[target] = Story(old.id, old.articles + (article,), old.first_seen, old.last_seen)
            self.assignments[article] = target
            return target
        if target not in self._open:
            self._start(target, when)
        self._join(target, article, None, when)
        return target

    def _vector(self, features: ArticleFeatures) -> Vector:
        self._count(features)
        return self._weights(features)

    def _count(self, features: ArticleFeatures) -> None:
        """Count the article's terms into the document frequencies (without fixed ``idf``)."""
        if self.idf is not None:
            return
        self.documents += 1
        self._counted += 1
        frequency = self.document_frequency
        frequency.update(features.terms.keys())
        if len(frequency) > self.options.max_terms:
            # Halve every count and forget the rarest: the weights stay about the
            # same (they depend on ratios), the table stays bounded.
            self.documents /= 2
            self.document_frequency = Counter({t: c / 2 for t, c in frequency.items() if c >= 2.0})
            self._idf_documents = 0.0  # the weights are recomputed at the next article

    def _weights(self, features: ArticleFeatures) -> Vector:
        """The article's unit vector, under the fixed ``idf`` or the frequencies counted so far."""
        return unit_vector(features, *self._idf_of([features]), self.options.features)

    def _idf_of(self, features: Sequence[ArticleFeatures]) -> tuple[Mapping[str, float], float]:
        """Term weights covering ``features``, and that of an unknown term: the fixed
        ``idf``, or the frequencies counted so far."""
        if self.idf is not None:
            return self.idf, smoothed_idf(len(self.idf), 0)
        frequency = self.document_frequency
        # Weights are recomputed once the collection has grown by a fiftieth: a
        # stream of thousands of articles a minute need not take a logarithm per term.
        cache = self._idf_cache
        if self.documents > self._idf_documents * 1.02:
            cache.clear()
            self._idf_documents = self.documents
        for item in features:
            for term in item.terms:
                if term not in cache:
                    cache[term] = smoothed_idf(self.documents, frequency[term])
        return cache, smoothed_idf(self.documents, 0.0)

    def _scores(self, vector: Vector, when: datetime | None, least_rest: float) -> dict[str, float]:
        """Average similarity of the article to each open story's articles; 0 where all
        but ``least_rest`` of it comes from one shared term (a town's name), as in the
        batch's pairs, but for a headline-only article, whatever the story's articles are
        (a story keeps no count of its headline-only ones)."""
        # Candidates share key terms with the article; scoring only the best few
        # in full keeps the cost flat however many stories are open.
        shared: dict[str, float] = defaultdict(float)
        # (weight, term) pairs compare as the key (weight, term) would, without a call per term.
        for _, term in heapq.nlargest(_KEY_TERMS, zip(vector.values(), vector.keys())):
            postings = self._postings.get(term, ())
            # A key term of very many open stories tells none of them apart.
            if len(postings) <= _MAX_POSTINGS:
                for story_id in postings:
                    shared[story_id] += vector[term]
        window = self.options.window
        key = utc_key(when) if when is not None else None  # once, not per candidate
        scores = {}
        for _, story_id in heapq.nlargest(_SCORED_CANDIDATES, zip(shared.values(), shared.keys())):
            story = self._open[story_id]
            if key is not None and story.first_key is not None and story.first_key - key > window:
                continue  # a late article from long before the story began
            sums = story.vector_sum
            products = [vector[t] * sums[t] for t in vector.keys() & sums.keys()]
            total = math.fsum(products)  # the same whatever order the intersection gives (_dot)
            scores[story_id] = total / story.size if products and total - max(products) >= least_rest * story.size else 0.0
        return scores

    def _join(self, story_id: str, article: str, vector: Vector | None, when: datetime | None) -> None:
        """Put the article into the open story (and its vector into the story's sum, if given)."""
        story = self._open[story_id]
        story.articles.append(article)
        story.touched = self._tick
        self._recent[story_id] = None
        self._recent.move_to_end(story_id)
        self.assignments[article] = story_id
        if vector is not None:
            self._add_vectors(story, [vector])
        else:
            story.unsummed.append(article)
            self._unsummed = True
        story.widen(when, when)

    def _sum_held(self) -> None:
        """Add the vectors batches and replays left out of the open stories' sums."""
        if not self._unsummed:
            return
        self._unsummed = False
        stories = [story for story in self._open.values() if story.unsummed]
        pending = {article for story in stories for article in story.unsummed}
        # In window order, so that serials stay in publication order.
        self._hold([a for a in self._window if a not in self._columns.row and a in pending])
        terms = [""] * len(self._vocabulary)
        for term, column in self._vocabulary.items():
            terms[column] = term
        for story in stories:
            vectors = [
                dict(zip([terms[c] for c in cols.tolist()], vals.tolist(), strict=True))
                for cols, vals in map(self._columns.vector, (a for a in story.unsummed if a in self._window))
            ]
            story.unsummed = []
            self._add_vectors(story, [v for v in vectors if v], rekey=True)

    def _add_vectors(self, story: _OpenStory, vectors: Iterable[Mapping[str, float]], rekey: bool = False) -> None:
        """Add to the story's summed vector, keep its heaviest terms (bounded memory)
        and index its key terms (found again if ``rekey``)."""
        total = story.vector_sum
        for vector in vectors:
            for term, weight in vector.items():
                total[term] = total.get(term, 0.0) + weight
        # Cut back to ``story_terms`` only past twice that: the sort is then rare.
        if len(total) > 2 * self.options.story_terms:
            ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
            story.vector_sum = total = dict(ranked[: self.options.story_terms])
        # The key terms of a big story hardly move: look again every few articles.
        if rekey or story.size <= _KEY_TERMS // 4 or story.size % 4 == 0:
            self._set_keys(story, frozenset(t for _, t in heapq.nlargest(_KEY_TERMS, zip(total.values(), total.keys()))))
        else:
            self._set_keys(story, story.keys & total.keys())

    def _set_keys(self, story: _OpenStory, keys: frozenset[str]) -> None:
        for term in story.keys - keys:
            self._postings[term].discard(story.id)
            if not self._postings[term]:
                del self._postings[term]
        for term in keys - story.keys:
            self._postings[term].add(story.id)
        story.keys = keys

    def _merge_around(self, story_id: str, candidates: Sequence[str]) -> str:
        """Merge ``story_id`` with every open candidate story now as similar as ``merge_similarity``."""
        current = story_id
        for other_id in sorted(candidates):
            if other_id not in self._open or other_id == current:
                continue
            story, other = self._open[current], self._open[other_id]
            linkage = _dot(story.vector_sum, other.vector_sum) / (story.size * other.size)
            if linkage < self.options.merge_similarity:
                continue
            current = self._merge_pair(story, other)
        return current

    def _merge_pair(self, story: _OpenStory, other: _OpenStory) -> str:
        """Merge two open stories: the larger absorbs the smaller; of two the same size, the older.
        Returns the survivor's id."""
        keep, lose = (story, other) if (story.size, -story.serial) >= (other.size, -other.serial) else (other, story)
        self._absorb(keep, lose)
        return keep.id

    def _absorb(self, keep: _OpenStory, lose: _OpenStory) -> None:
        for article in lose.articles:
            self.assignments[article] = keep.id
        keep.articles += lose.articles
        self._add_vectors(keep, [lose.vector_sum])
        keep.unsummed += lose.unsummed
        keep.widen(lose.first_seen, lose.last_seen)
        self._set_keys(lose, frozenset())
        del self._open[lose.id]
        del self._recent[lose.id]
        self.merged_into[lose.id] = keep.id
        self._merged.append(Story(lose.id, (), lose.first_seen, lose.last_seen, keep.id))

    def _advance(self, when: datetime | None) -> None:
        """Count the article, move the clock to ``when``, and put to sleep the stories
        quiet for longer than the window (or for ``idle_articles`` articles)."""
        self._tick += 1
        if when is not None:
            key = utc_key(when)
            if self._now is None or key > self._now:
                self._now = key
        now = self._now
        # Stories in order of their latest article: only the front can be stale.
        while self._recent:
            story = self._open[next(iter(self._recent))]
            idle = self._tick - story.touched > self.options.idle_articles
            if not (idle or is_dormant(story.last_key, now, self.options.window)):
                break
            self._sleep(story)

    def _sleep(self, story: _OpenStory) -> None:
        for article in story.articles:
            self._window.pop(article, None)
            self._columns.row.pop(article, None)  # its row goes at the next grouping
        self._set_keys(story, frozenset())
        del self._open[story.id]
        del self._recent[story.id]
        self._dormant[story.id] = Story(story.id, tuple(story.articles), story.first_seen, story.last_seen)
