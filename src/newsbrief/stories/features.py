"""What story grouping looks at in an article: weighted terms and proper names.

An article is reduced to :class:`ArticleFeatures`: the match tokens of its
title, lead and body (aliases and spellings folded, stems; see
:class:`~newsbrief.text.normalise.TokenNormaliser`) counted with the weight of
where they appear, and which of those tokens come from proper names. Title and
lead state the event (who, what, where); later paragraphs carry background
that two look-alike events share. Names (people, places, organisations) are
what tells two events of the same kind apart, so :func:`unit_vector` weighs them
up. Names are found without a model, from capitals: a capitalised word inside a
sentence, or a sentence's first word when the article also writes it
capitalised elsewhere. A headline in Title Case or capitals says nothing about
names, so its words count as names only when the body confirms them. A wire
dateline ("ANKARA, Turkey (AP) --") is not read at all: it names the desk and the
agency, not the event.

>>> from newsbrief.model import Article, ArticleText
>>> from newsbrief.text.sentences import sentences_of
>>> body = "A quake struck San Teodoro in Peru on Tuesday. Rescuers in San Teodoro searched homes."
>>> text = ArticleText(Article("a1", "Quake kills 41 in Peru", body), sentences_of("a1", body))
>>> features = article_features(text)
>>> sorted(features.names)
['peru', 'san', 'teodoro']
>>> features.terms["peru"] > features.terms["search"]  # title and lead weigh more
True
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp

from newsbrief.model import ArticleText
from newsbrief.text.calendar_names import MONTH_NAMES, MONTH_SHORT_FORMS, WEEKDAY_NAMES
from newsbrief.text.normalise import TokenNormaliser, is_cjk, word_spans, words
from newsbrief.text.sentences import without_dateline

__all__ = ["FeatureOptions", "ArticleFeatures", "FeatureExtractor", "article_features", "unit_vector", "unit_vectors"]

# Capitalised words that name no one ("I" too).
_CALENDAR = " ".join((*WEEKDAY_NAMES, *MONTH_NAMES, *MONTH_SHORT_FORMS, "I"))


@dataclass(frozen=True)
class FeatureOptions:
    """Weights of where a term appears, and of proper names.

    ``title_weight``, ``lead_weight``: how much a term counts in the title and in
    the first ``lead_sentences`` sentences, against 1 in the rest of the body.
    ``name_weight``: factor on the weight of a term that is (part of) a proper name.
    ``vector_terms``: terms an article's vector keeps, the heaviest.
    """

    title_weight: float = 3.0
    lead_weight: float = 1.5
    lead_sentences: int = 3
    name_weight: float = 2.0
    vector_terms: int = 250


@dataclass(frozen=True)
class ArticleFeatures:
    """An article as story grouping sees it.

    ``terms``: match token -> weighted count (title and lead counted up).
    ``names``: the tokens of ``terms`` that come from proper names.
    ``sentences``: the article's number of sentences (copied text is measured against it).
    ``headline_only``: all the article says is its headline (a titles-only feed's item).
    ``particulars``: the names the article is about in particular: those weighing as
    much as a title's word ("Toyota", "Tundra": in the title, or repeated in the lead).
    """

    id: str
    published: datetime | None
    terms: Mapping[str, float]
    names: frozenset[str]
    sentences: int = 0
    headline_only: bool = False
    particulars: frozenset[str] = frozenset()


def _capitalised(word: str) -> bool:
    return word[0].isupper() and (not word.isupper() or 2 <= len(word) <= 5)


class _EveryWord:
    """The ``confirmed`` of :func:`_name_runs` that takes any capitalised first word."""

    def __contains__(self, word: object) -> bool:
        return True


def _name_runs(text: str, found: Sequence[str], confirmed: Container[str] | None) -> tuple[list[str], set[str]]:
    """Runs of capitalised words as written (what lies between them included:
    "Ust-Varga"), and the words seen capitalised inside the text; ``found``: its
    :func:`~newsbrief.text.normalise.words`.

    The first word of ``text`` starts a run only when it is in ``confirmed`` (a
    sentence's first word is capitalised whatever it is).
    """
    runs: list[str] = []
    inside: set[str] = set()
    spans: list[tuple[int, int]] = []  # found only for a run of several words
    first = -1  # the current run's first word; -1: no run
    for position, word in enumerate([*found, ""]):  # "" ends the last run
        # The first letter, tested here, turns most words away without a call.
        if word and word[0].isupper() and _capitalised(word) and (position > 0 or (confirmed is not None and word in confirmed)):
            if first < 0:
                first = position
            if position > 0:
                inside.add(word)
        elif first >= 0:
            if position - first == 1:
                runs.append(found[first])  # most runs are one word
            else:
                spans = spans or word_spans(text)
                runs.append(text[spans[first][0] : spans[position - 1][1]])
            first = -1
    return runs, inside


def _is_headline_case(title: str) -> bool:
    """A title in capitals or Title Case, whose capitals do not mark names."""
    long_words = [w for w in words(title) if w.isalpha() and len(w) > 3]
    if not long_words:
        return False
    if all(w.isupper() for w in long_words):
        return True
    return sum(w[0].isupper() for w in long_words) > 0.6 * len(long_words)


class FeatureExtractor:
    """Turns :class:`~newsbrief.model.ArticleText` into :class:`ArticleFeatures`.

    Holds one normaliser (whose memo makes repeated words cheap) and the tokens
    of weekday and month names, which are capitalised but name nothing.
    """

    def __init__(self, options: FeatureOptions | None = None, normalise: TokenNormaliser | None = None) -> None:
        self.options = options or FeatureOptions()
        self.normalise = normalise or TokenNormaliser()
        self.calendar = frozenset(self.normalise(_CALENDAR))

    def __call__(self, text: ArticleText) -> ArticleFeatures:
        normalise, options = self.normalise, self.options
        title, sentences = _title_and_sentences(text)
        split = [words(sentence) for sentence in sentences]  # once, for the tokens and the names
        terms: dict[str, float] = {}
        for token in _story_terms(normalise(title)):
            terms[token] = terms.get(token, 0.0) + options.title_weight
        for index, found in enumerate(split):
            weight = options.lead_weight if index < options.lead_sentences else 1.0
            for token in _story_terms(normalise.of_words(found)):
                terms[token] = terms.get(token, 0.0) + weight
        # One call for all the names; a stop word between two keeps them from
        # reading as one alias phrase ("United" + "States").
        runs = _runs_of_names(title, sentences, split)
        names = frozenset(t for t in normalise(" and ".join(runs)) if t in terms and t not in self.calendar)
        particulars = frozenset(t for t in names if terms[t] >= options.title_weight)
        return ArticleFeatures(
            text.id, text.article.published, terms, names, len(text.sentences), text.article.headline_only,
            particulars,
        )

    def name_runs(self, text: ArticleText, whole: bool = False) -> list[str]:
        """The runs of capitalised words, as written, that the article's ``names`` are read from.

        ``whole``: a run at the start of a sentence takes the sentence's capitalised
        first word too ("Meridian Shipping said ..."), as a reader would; ``names``
        counts that word only where the article also writes it inside a sentence
        (any sentence starts with a capital).
        """
        return _runs_of_names(*_title_and_sentences(text), whole=whole)


def _story_terms(tokens: Sequence[str]) -> Sequence[str]:
    """The match tokens as story terms: a single Chinese or Japanese character is too
    common to tell stories apart ("的", "国", "で" are in most texts), so runs of them
    count as pairs of neighbours ("東京", "京で", ...), as Chinese and Japanese retrieval
    does without a word segmenter."""
    if not any(map(is_cjk, tokens)):
        return tokens  # most texts: nothing to change, no copy made
    kept: list[str] = []
    previous = ""
    for token in tokens:
        if is_cjk(token):
            if previous:
                kept.append(previous + token)
            previous = token
        else:
            kept.append(token)
            previous = ""
    return kept


def _title_and_sentences(text: ArticleText) -> tuple[str, list[str]]:
    """The title and the sentences of the body, the title not counted twice and the
    body's first sentence without its wire dateline (:func:`~newsbrief.text.sentences.without_dateline`):
    "ANKARA, Turkey (VW) --" says where the desk sits and who filed, not what happened,
    and two events reported from one capital by one agency share it."""
    title = text.article.title.strip()
    sentences = [s.text for s in text.sentences]
    # Many sources repeat the headline as the first line of the body: count it once.
    if sentences and title and sentences[0].strip() == title:
        sentences = sentences[1:]
    return title, [without_dateline(sentences[0], lead=True), *sentences[1:]] if sentences else sentences


def _runs_of_names(
    title: str, sentences: Sequence[str], split: Sequence[Sequence[str]] | None = None, whole: bool = False
) -> list[str]:
    """Runs of capitalised words that are names: inside sentences, a sentence's first
    word when it is seen capitalised inside one too, and the title's (see the module).
    ``split``: each sentence's :func:`~newsbrief.text.normalise.words`, if known;
    ``whole``: see :meth:`FeatureExtractor.name_runs`."""
    split = split if split is not None else [words(sentence) for sentence in sentences]
    runs: list[str] = []
    seen_inside: set[str] = set()
    for sentence, found in zip(sentences, split, strict=True):
        named, inside = _name_runs(sentence, found, _EveryWord() if whole else None)
        runs += named
        seen_inside |= inside
    # Second look at sentence-initial words, now that names seen inside sentences are known.
    for found in split if not whole else ():
        if found and found[0] in seen_inside:
            runs.append(found[0])
    if title:
        if not _is_headline_case(title):
            runs += _name_runs(title, words(title), seen_inside)[0]
        elif not sentences:
            # A headline-only item: its capitals are all there is to go on.
            runs += [w for w in words(title) if _capitalised(w)]
        else:
            runs += [w for w in words(title) if w in seen_inside]
    return runs


def article_features(text: ArticleText, options: FeatureOptions | None = None) -> ArticleFeatures:
    """The :class:`ArticleFeatures` of one article (see the module docstring).

    To featurise many articles, make one :class:`FeatureExtractor` and call it.
    """
    return FeatureExtractor(options)(text)


def unit_vectors(
    features: Sequence[ArticleFeatures],
    idf: Mapping[str, float],
    default_idf: float,
    vocabulary: dict[str, int],
    options: FeatureOptions | None = None,
) -> sp.csr_matrix:
    """TF-IDF weights of many articles' terms (sublinear counts, names weighed up), a
    unit-length row per article.

    ``idf`` gives each term's inverse document frequency, ``default_idf`` that of
    a term it does not know (a term never seen is as rare as can be). Columns are
    ``vocabulary``'s (term -> column), which takes the terms it lacks, numbered
    in order of first appearance; each row's columns are in ascending order. Only
    the ``options.vector_terms`` heaviest terms of an article are kept (ties: the
    later term in alphabetical order): the light tail of a long article barely
    moves a cosine but would cost time at every comparison.

    >>> f = ArticleFeatures("a1", None, {"quake": 4.0, "peru": 3.0, "town": 1.0}, frozenset({"peru"}))
    >>> vocabulary = {}
    >>> rows = unit_vectors([f], {"quake": 1.0, "town": 1.0}, 3.0, vocabulary)
    >>> {term: round(float(rows[0, column]), 3) for term, column in vocabulary.items()}
    {'quake': 0.186, 'peru': 0.98, 'town': 0.078}
    """
    options = options or FeatureOptions()
    # Built with map and chain, which loop in C: this runs over every term of a batch.
    lengths = np.fromiter(map(len, (f.terms for f in features)), np.int64, len(features))
    terms = list(chain.from_iterable(f.terms for f in features))
    size = len(terms)
    weights = np.fromiter(chain.from_iterable(f.terms.values() for f in features), np.float64, size)
    counted = weights >= 1.0
    weights[counted] = 1.0 + np.log(weights[counted])
    # A term the vocabulary knows takes its IDF by column (one array look-up); only
    # the others are looked up in ``idf`` (a stream's vocabulary knows most terms).
    columns = np.fromiter(map(vocabulary.get, terms, repeat(-1, size)), np.int64, size) if vocabulary else np.full(size, -1)
    known = columns >= 0
    term_idf = np.empty(size)
    if known.any():
        by_column = np.full(max(vocabulary.values()) + 1, default_idf)
        by_column[np.fromiter(vocabulary.values(), np.int64, len(vocabulary))] = np.fromiter(
            map(idf.get, vocabulary, repeat(default_idf, len(vocabulary))), np.float64, len(vocabulary))
        term_idf[known] = by_column[columns[known]]
    unknown = np.flatnonzero(~known)
    term_idf[unknown] = np.fromiter(
        map(idf.get, map(terms.__getitem__, unknown.tolist()), repeat(default_idf, len(unknown))), np.float64, len(unknown))
    weights *= term_idf
    named = chain.from_iterable(map(f.names.__contains__, f.terms) for f in features)
    weights[np.fromiter(named, np.bool_, size)] *= options.name_weight
    bounds = np.r_[0, np.cumsum(lengths)]
    keep = np.ones(size, dtype=np.bool_)
    for row in np.flatnonzero(lengths > options.vector_terms).tolist():
        low, high = int(bounds[row]), int(bounds[row + 1])
        # Ascending by weight, then term: the heaviest are last.
        order = np.lexsort((np.array(terms[low:high]), weights[low:high]))
        keep[low:high] = False
        keep[low + order[len(order) - max(0, options.vector_terms) :]] = True
    rows = np.repeat(np.arange(len(features)), lengths)
    kept = np.arange(size)
    if not keep.all():
        rows, weights, columns, kept = rows[keep], weights[keep], columns[keep], kept[keep]
    new = np.flatnonzero(columns < 0)
    if len(new):
        new_terms = list(map(terms.__getitem__, kept[new].tolist()))
        for term in dict.fromkeys(new_terms):  # each term once, in order of first appearance
            vocabulary[term] = len(vocabulary)
        columns[new] = np.fromiter(map(vocabulary.__getitem__, new_terms), np.int64, len(new))
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=len(features)))
    norms[norms == 0.0] = 1.0
    matrix = sp.csr_matrix(
        (weights / norms[rows], columns, np.r_[0, np.cumsum(np.bincount(rows, minlength=len(features)))]),
        shape=(len(features), max(1, len(vocabulary))),
    )
    matrix.sort_indices()
    return matrix


def unit_vector(
    features: ArticleFeatures, idf: Mapping[str, float], default_idf: float, options: FeatureOptions | None = None
) -> dict[str, float]:
    """One article's row of :func:`unit_vectors`, as term -> weight.

    The same arithmetic in plain Python (the same terms kept, the weights equal
    but for rounding in the last bit): for one article at a time (a stream's
    ``add``) it is several times faster than the arrays.
    """
    options = options or FeatureOptions()
    names = features.names
    vector: dict[str, float] = {}
    for term, count in features.terms.items():
        weight = ((1.0 + math.log(count)) if count >= 1.0 else count) * idf.get(term, default_idf)
        vector[term] = weight * options.name_weight if term in names else weight
    if len(vector) > options.vector_terms:
        vector = dict(heapq.nlargest(options.vector_terms, vector.items(), key=lambda kv: (kv[1], kv[0])))
    norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
    return {term: weight / norm for term, weight in vector.items()}
