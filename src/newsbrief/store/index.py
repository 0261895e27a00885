"""Incremental copy detection and story assignment over a :class:`~newsbrief.store.Store`.

A batch run (:func:`newsbrief.reuse.detect.find_copies`) looks at every article
at once. Over a store that grows by ingests, that would reread everything each
time. Here, the store keeps each sentence's features (surface hash and match
tokens, from :func:`~newsbrief.reuse.detect.sentence_table`) and a posting list
per token, and a new batch is compared only with its **candidates**: stored
articles that carry one of its sentences word for word (surface hash), or that
have a sentence sharing at least ``min_index_shared`` tokens with one of its
sentences, counting only tokens carried by at most the **index cap** of stored
and new sentences. The cap follows the rule of a batch run
(``CopyOptions.pair_budget``: the largest document frequency whose tokens make
no more than the budget of sentence pairs per sentence), applied to the store
and the new articles (:func:`index_cap`, read off the store's histogram of
token counts). Links are then computed by ``reuse.detect`` over candidates +
new articles, from their stored features, with words weighed by the token
counts of the whole store (kept per token, so reading them costs one look-up a
token) and the same cap, and those touching a new article kept.

Near-duplicate articles: the store keeps each article's MinHash signature and
its LSH band keys (indexed by key); a new article's candidates are the stored
articles sharing a band key with it, and each pair is decided on its two
signatures alone, so the pairs are exactly those of a batch run.

The cost of an ingest depends on the batch and its candidates, not on the size
of the store: the cap grows with the store, but the rule keeps the postings of
the tokens under it within the pair budget per sentence, so a new sentence
reads about as many postings (twice the budget, on average) whatever the size.

Stories: the store counts in how many articles each story term appears, which
gives the stream clusterer the IDF of the whole store, and only the stories
still open when the new articles arrive (their latest article within the
clusterer's window) are replayed, from each article's story features, kept by
the store when it was ingested (an older store's articles get theirs the first
time they are replayed), so an ingest does not featurise its window again.

>>> from newsbrief.model import Article
>>> from newsbrief.pipeline import ingest_into
>>> from newsbrief.store import Store
>>> body = "Flood waters cut the northern rail line near Tarn on Monday morning."
>>> with Store(":memory:") as store:
...     _ = ingest_into(store, [Article.create(title="Floods", text=body, source="Herald")])
...     added = ingest_into(store, [Article.create(title="Rail cut", text=body, source="Post")])
...     links, _ = store.copies(list(store.assignments()))
>>> [link.kind for link in links]
['verbatim']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import scipy.sparse as sp

from newsbrief.model import ArticleText, NearDuplicate, utc_key
from newsbrief.reuse.detect import (
    CopyOptions,
    CopyResult,
    SentenceTable,
    TokenCounts,
    article_signatures,
    concat_tables,
    links_from_table,
    merge_token_counts,
    near_duplicates,
    sentence_table,
    token_counts,
    unique_pairs,
)
from newsbrief.reuse.minhash import NearDuplicateOptions, band_keys
from newsbrief.store.sqlite import Store
from newsbrief.stories.cluster import StoryClusterer, StoryOptions, is_dormant, smoothed_idf, time_order
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor

__all__ = [
    "IndexOptions",
    "pair_budget_cap",
    "index_cap",
    "ingest_cap",
    "index_texts",
    "stored_candidates",
    "copies_with_store",
    "stored_near_duplicates",
    "corpus_counts",
    "stream_clusterer",
    "stored_story_terms",
    "ensure_index",
]


@dataclass(frozen=True)
class IndexOptions:
    """``max_postings``: a token carried by more stored and new sentences than this
    is too common to look candidates up by and to compare sentences through;
    ``None`` (the default) adapts it to the store as a batch run adapts its
    index to its corpus (:func:`index_cap`). ``max_carriers``: stored carriers
    of one verbatim sentence taken as candidates (enough for ``reuse.detect`` to
    tell page furniture from copying, with its default ``boilerplate_articles``)."""

    max_postings: int | None = None
    max_carriers: int = 21


def pair_budget_cap(histogram: Iterable[tuple[int, int]], rows: int, budget: float) -> int:
    """The largest document frequency ``d`` such that the sentence pairs sharing a
    token carried by at most ``d`` of ``rows`` sentences number no more than
    ``budget`` per sentence: the rule of ``CopyOptions.pair_budget``, taken by whole
    frequencies (a batch run may also take part of the next one). ``histogram``
    gives ``(df, tokens)`` by ascending ``df``, and is read only up to the cap.

    >>> pair_budget_cap([(1, 50), (2, 10), (3, 4), (10, 2)], rows=4, budget=6.0)
    3
    """
    allowed, pairs, cap = budget * max(rows, 1), 0.0, 0
    for df, tokens in histogram:
        pairs += tokens * df * (df - 1) / 2.0
        if pairs > allowed:
            break
        cap = df
    return cap


def index_cap(store: Store, new: TokenCounts, budget: float) -> int:
    """:func:`pair_budget_cap` over the stored sentences and the not yet stored ones
    counted in ``new``: the cap a batch run over both would give. Reads the
    counts of ``new``'s tokens and the store's histogram up to the cap, not the
    store's whole vocabulary."""
    return pair_budget_cap(store.df_histogram(new), store.count_sentences() + new.rows, budget)


def ingest_cap(store: Store, new_table: SentenceTable, copies: CopyOptions, options: IndexOptions) -> int:
    """The index cap of an ingest of ``new_table``: ``options.max_postings`` or, by
    default, :func:`index_cap` with ``copies.pair_budget``."""
    if options.max_postings is not None:
        return options.max_postings
    return index_cap(store, token_counts(new_table), copies.pair_budget)


def stored_story_terms(store: Store, article_ids: Sequence[str], options: StoryOptions) -> Counter[str]:
    """In how many of the stored ``article_ids`` each story term appears (the counts
    behind ``batch_idf``), from their kept features (their texts where none are kept)."""
    kept, made = _kept_and_made(store, article_ids, options)
    return _term_counts([*kept.values(), *made])


def _kept_and_made(
    store: Store, article_ids: Sequence[str], options: StoryOptions
) -> tuple[dict[str, ArticleFeatures], list[ArticleFeatures]]:
    """The story features the store keeps for ``article_ids``, and those made from
    the texts of the stored others (articles of an older store)."""
    kept = store.story_features(article_ids)
    return kept, _features_of(store.texts([a for a in article_ids if a not in kept]), options)


def _features_of(texts: Iterable[ArticleText], options: StoryOptions) -> list[ArticleFeatures]:
    extract = FeatureExtractor(options.features)
    return [extract(text) for text in texts]


_SENTENCE_INDEX_VERSION = "3"
"""Raised when sentences' match tokens or surface hashes change: a store's copy index is then made
anew (2: wire datelines left out, month abbreviations and "five thousand million" folded; 3: and
datelines whose dash is set tight, "WASHINGTON, D.C.—The ...")."""

_FEATURES_VERSION = 5
"""Raised when the extractor's code changes what it makes of a text: kept features are then made anew
(3: Chinese and Japanese characters as pairs, month abbreviations folded; 4: the particulars kept
with them; 5: wire datelines left out)."""


def _features_key(options: StoryOptions) -> str:
    """What kept story features depend on: the extractor's code and its weights of title and lead."""
    f = options.features
    return f"{_FEATURES_VERSION}:{f.title_weight!r}:{f.lead_weight!r}:{f.lead_sentences!r}"


def _term_counts(features: Iterable[ArticleFeatures]) -> Counter[str]:
    return Counter(term for f in features for term in f.terms)


def index_texts(
    store: Store,
    texts: Sequence[ArticleText],
    story_options: StoryOptions,
    table: SentenceTable | None = None,
    near_duplicate: NearDuplicateOptions | None = None,
    features: Sequence[ArticleFeatures] | None = None,
) -> None:
    """Write the copy index rows, MinHash signatures, story features and story-term
    counts of stored ``texts`` (``features``: their story features, if made already)."""
    table = table if table is not None else sentence_table(texts)
    ids = [t.id for t in texts]
    store.add_features(ids, table)
    near = near_duplicate or NearDuplicateOptions()
    _add_signatures(store, ids, *article_signatures(table, len(ids), near), near)
    features = _features_of(texts, story_options) if features is None else features
    store.add_story_features(features)
    store.add_story_terms(_term_counts(features))


def _add_signatures(store: Store, ids: Sequence[str], signatures: np.ndarray, eligible: np.ndarray, near: NearDuplicateOptions) -> None:
    """Store the signatures and band keys of the articles long enough to compare."""
    rows = np.flatnonzero(eligible)
    store.add_signatures([ids[r] for r in rows], signatures[rows], band_keys(signatures[rows], *near.bands()))


def ensure_index(store: Store, story_options: StoryOptions, near_duplicate: NearDuplicateOptions | None = None) -> None:
    """Build what an upgraded store lacks, once, in the caller's transaction: the
    copy index of a version-1 store, or of one whose sentences were read otherwise
    (``_SENTENCE_INDEX_VERSION``); the signatures, band keys and near-duplicate
    pairs of a version-2 store (whose pairs were derived from copy links) or of
    one whose signatures were made with other ``near_duplicate`` options.

    The pairs are found as an ingest finds them, 2,000 stored articles at a time
    against those already signed, so they are the pairs of a batch run.
    """
    near = near_duplicate or NearDuplicateOptions()
    features_key = _features_key(story_options)
    if store.meta("story_features") != features_key:
        # Kept features made otherwise are dropped; replays make them anew.
        store.clear_story_features()
        store.set_meta("story_features", features_key)
    if store.meta("index_ready") != "1":
        for part in _parts(store.texts()):
            index_texts(store, part, story_options, near_duplicate=near)
        store.set_meta("index_ready", "1")
    elif store.meta("sentence_index") != _SENTENCE_INDEX_VERSION and store.count_articles():
        # Sentences are read otherwise now: the copy index and the signatures made from it
        # are made anew (the near-duplicate step below redoes the signatures).
        store.clear_sentence_index()
        for part in _parts(store.texts()):
            store.add_features([t.id for t in part], sentence_table(part))
        store.set_meta("near_duplicates", "")
    store.set_meta("sentence_index", _SENTENCE_INDEX_VERSION)
    if store.meta("near_duplicates") != repr(near):
        store.clear_signatures()
        for part in _parts(store.article_ids()):
            signatures, eligible = article_signatures(store.feature_table(part), len(part), near)
            store.add_copies((), stored_near_duplicates(store, part, signatures, eligible, near))
            _add_signatures(store, part, signatures, eligible, near)
        store.set_meta("near_duplicates", repr(near))


_Item = TypeVar("_Item")

_PART = 2000
"""Stored articles :func:`ensure_index` reads and indexes at a time (bounds memory)."""


def _parts(items: Sequence[_Item]) -> Iterator[Sequence[_Item]]:
    """``items`` :data:`_PART` at a time."""
    for low in range(0, len(items), _PART):
        yield items[low : low + _PART]


def stored_near_duplicates(
    store: Store, ids: Sequence[str], signatures: np.ndarray, eligible: np.ndarray, near: NearDuplicateOptions
) -> tuple[NearDuplicate, ...]:
    """Near-duplicate pairs between articles ``ids`` (whose signatures are not yet
    stored; ``signatures`` and ``eligible`` from
    :func:`~newsbrief.reuse.detect.article_signatures`) and the store, and among
    themselves.

    Only the stored articles sharing an LSH band key with one of them are read
    (one index look-up per band and article), and
    :func:`~newsbrief.reuse.detect.near_duplicates` decides each pair on its two
    signatures alone, so the pairs are those a batch run over the whole store finds.
    """
    rows = np.flatnonzero(eligible)
    mine = signatures[rows]
    stored_ids, stored = store.banded_signatures(band_keys(mine, *near.bands()).ravel().tolist(), near.num_perm)
    names = [*stored_ids, *(ids[r] for r in rows)]
    found = near_duplicates(names, np.concatenate([stored, mine]), np.ones(len(names), dtype=bool), near)
    fresh = set(ids)
    return tuple(d for d in found if d.a in fresh or d.b in fresh)


def stored_candidates(
    store: Store, table: SentenceTable, copies: CopyOptions, options: IndexOptions, cap: int | None = None
) -> list[str]:
    """Stored articles that may share a sentence with the articles of ``table``
    (sorted ids), through tokens carried by at most ``cap`` stored sentences
    (default: :func:`ingest_cap`)."""
    cap = ingest_cap(store, table, copies, options) if cap is None else cap
    rows = np.repeat(np.arange(len(table), dtype=np.int64), np.diff(table.offsets))
    cells = unique_pairs(rows, table.tokens.view(np.int64))
    distinct = np.bincount(cells[:, 0], minlength=len(table))
    # The sentences reuse.detect compares at all: enough distinct tokens.
    usable = np.flatnonzero(distinct >= copies.align.min_tokens)
    found = store.surface_carriers(table.surface[usable].tolist(), options.max_carriers)
    if len(usable):
        keep = np.isin(rows, usable)
        tokens, sids, seqs = store.token_postings(table.tokens[keep].tolist(), cap)
        if len(tokens):
            vocabulary = np.unique(tokens)
            known = np.isin(table.tokens, vocabulary) & keep
            new_cells = unique_pairs(rows[known], np.searchsorted(vocabulary, table.tokens[known]).astype(np.int64))
            stored_sids, stored_column = np.unique(sids, return_inverse=True)
            seq_of_sid = np.zeros(len(stored_sids), dtype=np.int64)
            seq_of_sid[stored_column] = seqs
            new = sp.csr_matrix(
                (np.ones(len(new_cells)), (new_cells[:, 0], new_cells[:, 1])), shape=(len(table), len(vocabulary))
            )
            stored = sp.csr_matrix(
                (np.ones(len(tokens)), (np.searchsorted(vocabulary, tokens), stored_column)), shape=(len(vocabulary), len(stored_sids))
            )
            shared = (new @ stored).tocoo()
            hits = np.unique(shared.col[shared.data >= copies.min_index_shared])
            found.update(store.ids_of_seqs(seq_of_sid[hits].tolist()))
    return sorted(found)


def copies_with_store(
    store: Store,
    new: Sequence[ArticleText],
    new_table: SentenceTable,
    copies: CopyOptions,
    options: IndexOptions,
) -> CopyResult:
    """Copy links and near-duplicates between ``new`` articles (not yet indexed)
    and the store, and among themselves: ``reuse.detect`` run over the new
    articles and their candidates only, keeping what touches a new article.

    Words are weighed as in a batch run over the store and the new articles: by
    the document frequencies of the whole store (its token counts) plus those of
    ``new``. Sentences are compared when they share ``min_index_shared`` tokens
    carried by at most :func:`ingest_cap` sentences in all (the candidates were
    looked up by the same tokens), by default the cap a batch run over the store
    and ``new`` would use. Verbatim links and near-duplicates are those of a
    batch run; reworded links differ where the cap or words' frequencies changed
    after the link was made, or where a later copy explains a sentence (see
    ``docs/benchmarks.md``, "Incremental ingest")."""
    cap = ingest_cap(store, new_table, copies, options)
    candidates = stored_candidates(store, new_table, copies, options, cap)
    stored_texts = store.texts(candidates)
    table = concat_tables([store.feature_table(candidates), new_table], [len(stored_texts), len(new)])
    result = links_from_table(table, [*stored_texts, *new], copies, corpus_counts(store, table, new_table), cap)
    fresh = {t.id for t in new}
    signatures, eligible = article_signatures(new_table, len(new), copies.near_duplicate)
    return CopyResult(
        tuple(l for l in result.links if l.a.article in fresh or l.b.article in fresh),
        stored_near_duplicates(store, [t.id for t in new], signatures, eligible, copies.near_duplicate),
        tuple(r for r in result.boilerplate if r.article in fresh),
    )


def corpus_counts(store: Store, table: SentenceTable, new_table: SentenceTable) -> TokenCounts:
    """The token counts of the store plus the not yet indexed ``new_table``, for
    the tokens of ``table`` (which holds ``new_table``'s rows and stored ones):
    one look-up per distinct token, whatever the size of the store."""
    vocabulary = np.unique(table.tokens)
    stored = TokenCounts(vocabulary, store.token_df(vocabulary), store.count_sentences())
    return merge_token_counts([stored, token_counts(new_table)])


def stream_clusterer(
    store: Store, new: Sequence[ArticleFeatures], options: StoryOptions
) -> tuple[StoryClusterer, list[ArticleFeatures], dict[str, str]]:
    """An empty clusterer with the IDF of the whole store, the features to feed it
    in publication order (those of the articles of stored stories still open when
    ``new`` arrive, and ``new``), and the stored story of each of those stored articles.

    Call after ``new`` are stored and indexed. Stories whose latest article is
    older than the clusterer's window before the earliest new article would be
    dormant by then, so they are left out: the result is what replaying the
    whole store would give, at a cost that does not grow with the store.
    """
    # When each new article reaches the clusterer, as ``time_order`` places it
    # after every stored article: an undated one at the last date before it.
    floor = store.latest_dated()
    arrivals = []
    for item in new:
        floor = item.published or floor
        arrivals.append(floor)
    dated = [utc_key(a) for a in arrivals if a is not None]
    first = min(dated) if dated and len(dated) == len(arrivals) else None
    open_ids = [story for story, last in store.story_last_seen().items() if not is_dormant(last, first, options.window)]
    known = store.members(open_ids)
    order = time_order([*stored_features(store, list(known), options), *new])
    idf = _StoredIdf(store, {term for item in order for term in item.terms})
    return StoryClusterer(options, idf=idf, taken_ids=_StoredStoryIds(store)), order, known


class _StoredStoryIds:
    """The ids of the stories in a store, looked up as asked (few are: new stories' ids)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def __contains__(self, story_id: object) -> bool:
        return isinstance(story_id, str) and self._store.has_story(story_id)


def stored_features(store: Store, article_ids: Sequence[str], options: StoryOptions) -> list[ArticleFeatures]:
    """The story features of stored articles, in storage order: those kept by the
    store, the others (articles of an older store) made from their texts and kept."""
    kept, made = _kept_and_made(store, article_ids, options)
    store.add_story_features(made)
    kept.update((f.id, f) for f in made)
    return [kept[article] for article in article_ids if article in kept]


class _StoredIdf(Mapping[str, float]):
    """The IDF ``batch_idf`` would give over every stored article, read from the
    store's term counts as the clusterer asks for terms (a batch has a few
    thousand distinct terms; the store may have millions). ``terms``: those to
    read at once (the rest are read one by one when asked for)."""

    def __init__(self, store: Store, terms: Iterable[str] = ()) -> None:
        self._store = store
        self._documents = store.count_articles()
        self._terms = store.count_story_terms()
        self._known = {term: self._weight(df) for term, df in store.story_term_df(terms).items()}

    def _weight(self, df: int) -> float:
        return smoothed_idf(self._documents, df)

    def get(self, term: str, default: float | None = None) -> float | None:  # type: ignore[override]
        # Called once per term of every vector weighed: the read-at-once terms without
        # Mapping.get's detour through __getitem__ and KeyError.
        weight = self._known.get(term)
        if weight is not None:
            return weight
        try:
            return self[term]
        except KeyError:
            return default

    def __getitem__(self, term: str) -> float:
        if term not in self._known:
            df = self._store.story_term_df([term])
            if not df:
                raise KeyError(term)
            self._known[term] = self._weight(df[term])
        return self._known[term]

    def __len__(self) -> int:
        return self._terms

    def __iter__(self) -> Iterator[str]:
        return self._store.story_term_names()
