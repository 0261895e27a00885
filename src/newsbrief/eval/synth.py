"""Generated news corpora with known stories and copies, for benchmarks.

Real corpora are too small (or not ours to ship) to benchmark newsbrief at
10k, 100k or 1M articles, and copying real articles over and over would make
every article a copy. So the articles here are *generated*: their words follow
the statistics of real text (:class:`WordStats`, learned at run time from texts
the benchmark reads, never stored in the project), while every story, name,
copy and near-duplicate is invented, so the right answers are known.

How a corpus is made (:func:`generate_corpus`):

* **Stories.** Articles are spread over stories with heavy-tailed sizes (many
  of a few articles, a few with hundreds in a large corpus). A story starts at a random
  time in the corpus period and lasts 1-3 days, its coverage front-loaded.
  Stories belong to *themes* (about 15 stories each) whose topic words they
  share, so different stories on similar subjects overlap in vocabulary, as two
  separate floods do; what tells them apart is their *event terms*: invented
  place names, people and figures ("4,210 residents"), unique to the story.
* **Sentences.** Each sentence is a walk of the learned bigram model mixed with
  the unigram distribution (so real phrases are short and the word frequencies
  stay close to the real ones), of 10-35 words, where some words are replaced by
  the story's topic words and event terms (a name or figure of two words
  counts as two). The first sentence of an article always names an event term; a title (6-10 words) names an event term and a
  topic word. A generated sentence whose words equal a sentence of the real
  texts is changed, so no real sentence is ever reproduced.
* **Copies.** With ``copy_rate`` an article (not the first of its story) copies
  1-4 sentences verbatim from an earlier article of its story; with
  ``spin_rate`` it copies 1-4 sentences *spun*: the same sentence with about
  40% (at least two) of its content words swapped for a word of near-equal
  frequency, in place, so its length stays (the swap is a fixed pairing, not a
  thesaurus: to a word-overlap detector that is what an article spinner's
  output looks like). With ``syndication_rate`` an
  article is a syndicated near-duplicate of an earlier one, from another outlet,
  with light edits (the tail trimmed, a sentence appended, a few words changed).
* **Outlets** come from :data:`OUTLETS`, 50 invented names with invented
  ``.example`` domains, some much more prolific than others.

Without ``stats`` the words come from :meth:`WordStats.invented`, a made-up
vocabulary with a Zipf shape and no word order: enough to exercise the
pipeline's mechanics, not to measure quality.

Generation is vectorised with numpy a batch of articles at a time (tens of
thousands of articles a second on one core) and streams: 1M articles take a few
hundred MB, whatever is done with the records.

Every record is ready for JSONL (see :func:`write_jsonl`) and has these keys:

``id``
    ``"art-0000042"``: the article's index in the stream, which is in
    publication order.
``title``, ``text``, ``source``, ``url``, ``published``
    The article. ``text`` has paragraphs of 1-3 sentences separated by a blank
    line; ``published`` is ISO 8601 UTC (``"2024-03-01T06:12:30Z"``).
``story``
    Ground-truth story id (``"story-000007"``), numbered in order of first
    appearance.
``copied_from``
    One entry per sentence of this article taken from another article (for
    a near-duplicate, every sentence it took from its source):
    ``{"sentence": i, "source": id, "source_sentence": j, "kind": k,
    "origin": id0, "origin_sentence": j0}`` where ``i`` and ``j`` index the
    sentences of this and the source article, ``kind`` is ``"verbatim"`` or
    ``"reworded"`` (the :data:`newsbrief.model.CopyKind` names) relative to the
    source, and ``origin``/``origin_sentence`` is the sentence that first
    carried the text: sentences with the same origin form one reuse family,
    since a copy of a copy is a copy too.
``duplicate_of``
    For a syndicated near-duplicate, the id of the article it reproduces; else
    ``None``.

Every generated sentence ends with its only ``"."``, so :func:`split_sentences`
recovers exactly the sentences the indexes above count.

>>> stats = WordStats.from_texts(["The river rose fast. Farmers moved the cattle to higher ground."])
>>> records = list(generate_corpus(50, seed=1, stats=stats))
>>> len(records), records[0]["id"], records[0]["copied_from"]
(50, 'art-0000000', [])
>>> records == list(generate_corpus(50, seed=1, stats=stats))
True

Run as a script to write a corpus::

    python -m newsbrief.eval.synth --articles 10000 --out /tmp/x.jsonl \\
        --stats-from ../shared/data/lee/lee_background.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "ARTICLE_SENTENCES",
    "OUTLETS",
    "SENTENCE_WORDS",
    "TITLE_WORDS",
    "WordStats",
    "generate_corpus",
    "split_sentences",
    "write_jsonl",
]

SENTENCE_WORDS = (10, 35)
"""Fewest and most words of a generated sentence (and the range of real sentence
lengths that :class:`WordStats` records; longer or shorter ones are clipped)."""
ARTICLE_SENTENCES = (8, 20)
"""Fewest and most sentences of a generated article."""
TITLE_WORDS = (6, 10)
"""Fewest and most words of a generated title."""

_TOWNS = (
    "Arlenbury", "Brackwater", "Corvale", "Dunmarsh", "Eldham",
    "Fennick", "Glasswick", "Hollowmere", "Ivesford", "Jorran",
)
_MASTHEADS = ("Courier", "Ledger", "Herald", "Dispatch", "Gazette")
OUTLETS: tuple[str, ...] = tuple(f"{town} {masthead}" for masthead in _MASTHEADS for town in _TOWNS)
"""The 50 invented outlets articles come from."""
_DOMAINS = tuple(name.replace(" ", "").casefold() + ".example" for name in OUTLETS)
# Outlets' shares of articles: a few prolific ones, many small (Zipf-like).
_OUTLET_SHARES = 1.0 / np.arange(1, len(OUTLETS) + 1) ** 0.8
_OUTLET_SHARES /= _OUTLET_SHARES.sum()

# Syllables of invented names (places, people), which join two or more of them.
_SYLLABLES = (
    "ba", "del", "ko", "mar", "vin", "tor", "sel", "ra", "quin", "lo", "mu", "ten",
    "gar", "fi", "zen", "hal", "dor", "pe", "vel", "cas", "ni", "bru", "ost", "ka",
    "lem", "so", "tra", "wen", "ix", "an", "ol", "ver", "bel", "cor", "da", "es",
    "fen", "gri", "har", "is", "jor", "lin", "mo", "nes", "or", "pra", "ru", "sta",
)
_PLACE_ENDINGS = ("", "", "", "ford", "ton", "mere", "ia", "wick")
# What an event's figures count ("4,210 residents"): a short list of our own.
_FIGURE_UNITS = (
    "people", "residents", "homes", "hectares", "jobs", "workers", "votes", "troops",
    "families", "passengers", "students", "patients", "vehicles", "buildings", "tonnes",
    "dollars", "seats", "cases", "shares", "members",
)
# Event-term slots of a story: main place, main person, main figure, then second
# ones; the main ones are mentioned more.
_EVENT_SLOT_WEIGHTS = np.array([0.30, 0.25, 0.15, 0.12, 0.10, 0.08])
_EVENT_SLOTS = len(_EVENT_SLOT_WEIGHTS)
_TWO_WORD_SLOTS = np.array([False, True, True, False, True, True])
_TITLE_EVENT_SLOTS = 2  # a title names the main place or the main person

# English function words and a few everyday news words, for the invented
# fallback statistics (our own list).
_FUNCTION_WORDS = (
    "the", "of", "and", "to", "a", "in", "that", "is", "was", "for", "on", "with", "said",
    "as", "by", "at", "he", "it", "from", "his", "be", "has", "have", "are", "not", "but",
    "an", "had", "they", "were", "who", "which", "its", "this", "will", "their", "been",
    "after", "also", "more", "one", "two", "than", "would", "about", "up", "into", "over",
    "she", "her", "there", "new", "when", "year", "out", "other", "can", "last", "first",
    "all", "people", "some", "could", "time", "we", "them", "what", "if", "says", "no",
    "before", "only", "most", "three", "where", "because", "our", "now", "week", "day",
)

_DAY = 86_400.0
_EPOCH = np.datetime64("2024-03-01T00:00:00", "s")
_ARTICLES_PER_DAY = 2000
_MEAN_STORY_SIZE = 12
_STORY_SIZE_SIGMA = 1.2  # log-normal spread of story sizes: heavy tail
_STORIES_PER_THEME = 15
_THEME_WORDS = 12
_STORY_TOPIC_WORDS = 8  # the first half from the story's theme, the rest its own
_TOPIC_SHARE = 0.08  # chance a body word is one of the story's topic words
_EVENT_SHARE = 0.03  # ... or one of its event terms
_TITLE_TOPIC_SHARE = 0.25
_FUNCTION_RANKS = 100  # the most frequent words: never topic words, never spun
_SPIN_SHARE = 0.4  # share of a spun sentence's substitutable words that change
_SOURCE_WINDOW = 12  # copies come from the latest articles of a story
_PARAGRAPH_BREAK = 0.45  # chance of a paragraph break after a sentence
_BATCH = 2048

_TOKEN = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*|\d+(?:,\d{3})*")
_REAL_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n\s*\n")
_GENERATED_SENTENCE_END = re.compile(r"(?<=\.)\s+")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_HASH_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, eq=False)
class WordStats:
    """Word statistics to generate text from: unigram counts, a bigram model
    and a sentence-length distribution.

    Learn them from real texts at run time with :meth:`from_texts`; the project
    ships no tables derived from real text. :meth:`invented` is the honest
    fallback: a Zipf-distributed made-up vocabulary with no word order.

    ``words`` are display forms (the usual casing: ``"the"``, ``"Sydney"``), most
    frequent first, and ``counts`` their counts. The bigram model is a CSR table
    of counts: the words that follow word ``w`` are ``successors[successor_offsets[w]:
    successor_offsets[w + 1]]``, as often as ``successor_counts`` says; row
    ``len(words)`` holds the words that start a sentence and row
    ``len(words) + 1`` is empty. ``sentence_lengths[k]`` is the
    probability of a sentence of ``SENTENCE_WORDS[0] + k`` words.
    ``bigram_weight`` is the chance that a word follows the bigram model rather
    than the unigram distribution: below 1 it keeps real phrases short.
    ``real_sentences`` holds hashes of the learned sentences' word ids, so
    generation can avoid reproducing any of them.

    >>> stats = WordStats.from_texts(["The dam held. The town was saved by the dam."])
    >>> stats.words[:2], int(stats.counts[0])
    (('the', 'dam'), 3)
    """

    words: tuple[str, ...]
    counts: np.ndarray
    successor_offsets: np.ndarray
    successors: np.ndarray
    successor_counts: np.ndarray
    sentence_lengths: np.ndarray
    real_sentences: np.ndarray
    bigram_weight: float = 0.75

    def __post_init__(self) -> None:
        size = len(self.words)
        if size == 0:
            raise ValueError("WordStats needs at least one word")
        if self.counts.shape != (size,) or np.any(self.counts <= 0):
            raise ValueError("counts must be one positive count per word")
        if self.successor_offsets.shape != (size + 3,):
            raise ValueError("successor_offsets must have len(words) + 3 entries")
        if self.successors.shape != self.successor_counts.shape or np.any(self.successor_counts <= 0):
            raise ValueError("successor_counts must be one positive count per successor")
        if self.successor_offsets[-1] != len(self.successors) or np.any(np.diff(self.successor_offsets) < 0):
            raise ValueError("successor_offsets must be non-decreasing row starts ending at len(successors)")
        if self.sentence_lengths.shape != (SENTENCE_WORDS[1] - SENTENCE_WORDS[0] + 1,):
            raise ValueError("sentence_lengths must have one probability per allowed length")
        if not 0.0 <= self.bigram_weight <= 1.0:
            raise ValueError("bigram_weight must be within [0, 1]")

    @classmethod
    def from_texts(cls, texts: Iterable[str], *, bigram_weight: float = 0.75) -> WordStats:
        """Learn word statistics from real texts.

        Sentences are split at ``.``, ``!`` or ``?`` followed by space, and at
        blank lines; words are runs of letters (with inner apostrophes or
        hyphens) or numbers, matched case-insensitively.

        >>> stats = WordStats.from_texts(["Rain fell on Paris. In Paris the rain fell again!"])
        >>> stats.words
        ('fell', 'Paris', 'rain', 'again', 'in', 'on', 'the')
        """
        sentences = [
            tokens
            for text in texts
            for part in _REAL_SENTENCE_END.split(text)
            if (tokens := _TOKEN.findall(part.replace("\u2019", "'")))
        ]
        if not sentences:
            raise ValueError("no words in the texts to learn from")
        keys, words = _vocabulary(sentences)
        index = {key: i for i, key in enumerate(keys)}
        lengths = np.fromiter((len(s) for s in sentences), np.int64, len(sentences))
        ids = np.fromiter((index[t.casefold()] for s in sentences for t in s), np.int64, int(lengths.sum()))
        counts = np.bincount(ids, minlength=len(keys))
        starts = np.cumsum(lengths) - lengths
        offsets, successors, successor_counts = _bigram_table(ids, starts, lengths, len(keys))
        clipped = np.clip(lengths, *SENTENCE_WORDS) - SENTENCE_WORDS[0]
        length_counts = np.bincount(clipped, minlength=SENTENCE_WORDS[1] - SENTENCE_WORDS[0] + 1)
        return cls(
            words=words,
            counts=counts,
            successor_offsets=offsets,
            successors=successors,
            successor_counts=successor_counts,
            sentence_lengths=length_counts / length_counts.sum(),
            real_sentences=np.unique(_sentence_hashes(ids, starts, lengths)),
            bigram_weight=bigram_weight,
        )

    @classmethod
    def invented(cls, size: int = 3000, *, seed: int = 0) -> WordStats:
        """Statistics of a made-up language, for when no real text is at hand.

        English function words followed by invented syllable words, with Zipf
        frequencies (count ∝ 1/rank) and sentence lengths peaking near 21
        words, but no bigram model: the text has the right frequency shape and
        no word order. Good for smoke tests; benchmarks of quality should learn
        from real text.

        >>> WordStats.invented(200).words[:3]
        ('the', 'of', 'and')
        """
        if size < len(_FUNCTION_WORDS):
            raise ValueError(f"size must be at least {len(_FUNCTION_WORDS)}")
        rng = np.random.default_rng(seed)
        words = list(_FUNCTION_WORDS)
        known = set(words)
        while len(words) < size:
            syllables = rng.choice(len(_SYLLABLES), size=int(rng.integers(2, 4)))
            word = "".join(_SYLLABLES[s] for s in syllables)
            if word not in known:
                known.add(word)
                words.append(word)
        ranks = np.arange(1, size + 1)
        lengths = np.arange(SENTENCE_WORDS[0], SENTENCE_WORDS[1] + 1)
        length_weights = np.exp(-0.5 * ((lengths - 21) / 6.0) ** 2)
        return cls(
            words=tuple(words),
            counts=np.maximum(np.round(50_000 / ranks), 1).astype(np.int64),
            successor_offsets=np.zeros(size + 3, np.int64),
            successors=np.zeros(0, np.int64),
            successor_counts=np.zeros(0, np.int64),
            sentence_lengths=length_weights / length_weights.sum(),
            real_sentences=np.zeros(0, np.uint64),
            bigram_weight=0.0,
        )


def _vocabulary(sentences: Sequence[Sequence[str]]) -> tuple[list[str], tuple[str, ...]]:
    """Case-folded keys, most frequent first, and each key's display form: its
    most common spelling inside sentences (a first word is capitalised anyway)."""
    key_counts = Counter(token.casefold() for tokens in sentences for token in tokens)
    spellings: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for tokens in sentences:
        for token in tokens[1:]:
            spellings[token.casefold()][token] += 1
    keys = sorted(key_counts, key=lambda k: (-key_counts[k], k))
    display = tuple(
        min(forms, key=lambda f: (-forms[f], f)) if (forms := spellings.get(key)) else key for key in keys
    )
    return keys, display


def _bigram_table(
    ids: np.ndarray, starts: np.ndarray, lengths: np.ndarray, size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CSR bigram counts of :class:`WordStats`: row offsets, successors, counts."""
    previous = np.empty_like(ids)
    previous[1:] = ids[:-1]
    previous[starts] = size
    pairs, pair_counts = np.unique(previous * (size + 2) + ids, return_counts=True)
    rows, successors = np.divmod(pairs, size + 2)
    offsets = np.searchsorted(rows, np.arange(size + 3))
    return offsets, successors, pair_counts


def _sentence_hashes(ids: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each sentence's word ids (vectorised across sentences)."""
    by_length = np.argsort(-lengths, kind="stable")
    longest_first = starts[by_length]
    hashes = lengths[by_length].astype(np.uint64) * _HASH_MULTIPLIER
    going = len(lengths) - np.searchsorted(np.sort(lengths), np.arange(int(lengths.max(initial=0))), side="right")
    for position, alive in enumerate(going.tolist()):
        words = ids[longest_first[:alive] + position].astype(np.uint64) + np.uint64(1)
        hashes[:alive] = (hashes[:alive] ^ words) * _HASH_MULTIPLIER
    in_order = np.empty_like(hashes)
    in_order[by_length] = hashes
    return in_order


def split_sentences(text: str) -> list[str]:
    """The sentences of a generated article's text, exactly as generated.

    >>> split_sentences("One two three.\\n\\nFour five. Six.")
    ['One two three.', 'Four five.', 'Six.']
    """
    return _GENERATED_SENTENCE_END.split(text.strip())


def generate_corpus(
    n_articles: int,
    *,
    seed: int = 0,
    stats: WordStats | None = None,
    stories: int | None = None,
    copy_rate: float = 0.1,
    spin_rate: float = 0.05,
    syndication_rate: float = 0.03,
    days: float | None = None,
) -> Iterator[dict[str, Any]]:
    """Generate ``n_articles`` news-like article records, in publication order.

    ``stats`` gives the word statistics (default :meth:`WordStats.invented`).
    ``stories`` is the number of stories (each gets at least one article;
    default about one per 12 articles). ``copy_rate``, ``spin_rate`` and
    ``syndication_rate`` are the chances that an article copies sentences
    verbatim, copies spun sentences, or is a near-duplicate of an earlier
    article of its story; the first article of a story can do none of these, so
    the realised shares are a little lower. ``days`` is the length of the period
    over which stories start (default one day per 2000 articles).

    Records stream out one at a time: memory holds only the plan (a few numbers
    per article) and the latest articles of open stories. The same arguments
    always give the same records. See the module docstring for the record keys.

    >>> first = next(generate_corpus(10, seed=3))
    >>> sorted(first)
    ['copied_from', 'duplicate_of', 'id', 'published', 'source', 'story', 'text', 'title', 'url']
    """
    if n_articles < 0:
        raise ValueError("n_articles must be >= 0")
    story_count = max(1, round(n_articles / _MEAN_STORY_SIZE)) if stories is None else stories
    if n_articles and not 1 <= story_count <= n_articles:
        raise ValueError("stories must be between 1 and n_articles")
    for name, rate in (("copy_rate", copy_rate), ("spin_rate", spin_rate), ("syndication_rate", syndication_rate)):
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"{name} must be within [0, 1]")
    period = max(1.0, n_articles / _ARTICLES_PER_DAY) if days is None else days
    if period <= 0:
        raise ValueError("days must be > 0")
    if n_articles == 0:
        return iter(())
    generator = _Generator(
        stats if stats is not None else WordStats.invented(seed=seed),
        np.random.default_rng(seed),
        rates=(copy_rate, spin_rate, syndication_rate),
        shape=(n_articles, story_count, period),
    )
    return generator.run()


def write_jsonl(records: Iterable[Mapping[str, Any]], path: str | Path) -> int:
    """Write records as JSON lines (UTF-8) to ``path``; return how many.

    >>> import tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "corpus.jsonl")
    >>> write_jsonl(generate_corpus(5), path)
    5
    """
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False))
            out.write("\n")
            written += 1
    return written


@dataclass
class _Carried:
    """An emitted article kept so later articles of its story can copy it."""

    id: str
    outlet: int
    title: str
    sentences: list[str]
    origins: dict[int, tuple[str, int]]  # of its copied sentences only

    def origin_of(self, sentence: int) -> tuple[str, int]:
        """The (article, sentence) that first carried this sentence's text."""
        return self.origins.get(sentence, (self.id, sentence))


@dataclass
class _StoryState:
    events: list[str]
    recent: deque[_Carried]
    remaining: int


class _Generator:
    """One corpus's generation: the vocabulary tables, the random stream, the
    plan of articles and stories, and the open stories.

    ``rates`` are the copy, spin and syndication rates; ``shape`` the numbers
    of articles and stories and the days over which stories start."""

    def __init__(
        self,
        stats: WordStats,
        rng: np.random.Generator,
        rates: tuple[float, float, float],
        shape: tuple[int, int, float],
    ) -> None:
        self.stats = stats
        self.rng = rng
        self.copy_rate, self.spin_rate, self.syndication_rate = rates
        size = len(stats.words)
        self.size = size
        self.display = np.array(stats.words, dtype=object)
        self.capitalised = np.array([w[:1].upper() + w[1:] for w in stats.words], dtype=object)
        # Sampling pools: every word once per count, so a uniform index into a
        # pool row is an exact O(1) draw, unlike a search of cumulative sums.
        # They take one int32 per token of the learned texts. Rows 0..size are
        # the bigram rows (size: sentence starts); row size + 1 is the unigram
        # distribution, also used for a context whose bigram row is empty.
        self.unigram_pool = np.repeat(np.arange(size, dtype=np.int32), stats.counts)
        bigram_pool = np.repeat(stats.successors.astype(np.int32), stats.successor_counts)
        self.pool = np.concatenate([bigram_pool, self.unigram_pool])
        self.unigram_row_start = len(bigram_pool)
        row_of_pair = np.repeat(np.arange(size + 2), np.diff(stats.successor_offsets))
        self.row_totals = np.bincount(row_of_pair, weights=stats.successor_counts, minlength=size + 2).astype(np.int64)
        self.row_totals[size + 1] = len(self.unigram_pool)
        self.row_starts = np.cumsum(self.row_totals) - self.row_totals
        self.row_for_context = np.where(self.row_totals > 0, np.arange(size + 2), size + 1)
        function_ranks = min(_FUNCTION_RANKS, size // 10)
        content = np.array(
            [rank >= function_ranks and w.isalpha() and w.islower() for rank, w in enumerate(stats.words)]
        )
        self.synonyms = _synonym_map(stats.words, np.flatnonzero(content))
        topical = content & np.array([len(w) >= 4 for w in stats.words]) & (stats.counts >= 2)
        self.topic_candidates = np.flatnonzero(topical) if topical.any() else np.arange(size)
        self.name_offset = int(rng.integers(1 << 40))
        self.event_cdf = np.cumsum(_EVENT_SLOT_WEIGHTS) / _EVENT_SLOT_WEIGHTS.sum()
        n_articles, story_count, period = shape
        self.story_of, self.times, self.ranks, self.sizes = self._plan(n_articles, story_count, period)
        self.topics, self.figures, self.figure_units = self._story_terms(story_count)
        self.states: dict[int, _StoryState] = {}

    def run(self) -> Iterator[dict[str, Any]]:
        """The records, made a batch at a time."""
        for start in range(0, len(self.story_of), _BATCH):
            stop = start + _BATCH
            yield from self._batch(start, self.story_of[start:stop], self.times[start:stop], self.ranks[start:stop])

    def _plan(
        self, n: int, story_count: int, period: float
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each article's story, time (seconds after the epoch) and rank in its
        story, sorted by time; and each story's size."""
        rng = self.rng
        weights = rng.lognormal(0.0, _STORY_SIZE_SIGMA, story_count)
        extra = rng.choice(story_count, size=n - story_count, p=weights / weights.sum())
        article_story = np.concatenate([np.arange(story_count), extra])
        # Sorted starts number the stories in order of first appearance.
        story_start = np.sort(rng.uniform(0.0, period * _DAY, story_count))
        lifetime = rng.uniform(1.0, 3.0, story_count) * _DAY
        offset = lifetime[article_story] * rng.beta(1.0, 3.0, n)
        offset[:story_count] = 0.0  # a story starts with its first article
        times = story_start[article_story] + offset
        order = np.argsort(times, kind="stable")
        story_of = article_story[order]
        sizes = np.bincount(story_of, minlength=story_count)
        by_story = np.argsort(story_of, kind="stable")
        ranks = np.empty(n, np.int64)
        ranks[by_story] = np.arange(n) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        return story_of, times[order], ranks, sizes

    def _story_terms(self, story_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each story's topic word ids (half from its theme), and its two figures:
        numbers and indexes of what they count in :data:`_FIGURE_UNITS`."""
        rng = self.rng
        # Square-root weights favour mid-frequency words, the ones that make a
        # topic, over the most common candidates.
        weights = np.sqrt(self.stats.counts[self.topic_candidates])
        weights /= weights.sum()
        themes = max(1, story_count // _STORIES_PER_THEME)
        theme_words = self.topic_candidates[rng.choice(len(weights), size=(themes, _THEME_WORDS), p=weights)]
        story_theme = rng.integers(themes, size=story_count)
        half = _STORY_TOPIC_WORDS // 2
        picks = rng.integers(_THEME_WORDS, size=(story_count, half))
        own = self.topic_candidates[rng.choice(len(weights), size=(story_count, half), p=weights)]
        topics = np.concatenate([theme_words[story_theme[:, None], picks], own], axis=1)
        figures = np.round(np.exp(rng.uniform(np.log(3), np.log(50_000), size=(story_count, 2)))).astype(np.int64)
        units = rng.integers(len(_FIGURE_UNITS), size=(story_count, 2))
        return topics, figures, units

    def _events(self, story: int) -> list[str]:
        """The story's event terms, in :data:`_EVENT_SLOT_WEIGHTS` order.

        Names are numbers written in syllables after an invertible scrambling
        of (story, slot), so no two stories share a place name (up to 440k
        stories) or a person's name."""
        def place(k: int) -> str:
            code = (k * 1_000_003 + self.name_offset) % (len(_SYLLABLES) ** 3 * len(_PLACE_ENDINGS))
            code, ending = divmod(code, len(_PLACE_ENDINGS))
            return _syllables(code, 3).capitalize() + _PLACE_ENDINGS[ending]

        def person(k: int) -> str:
            code = (k * 1_000_003 + self.name_offset) % len(_SYLLABLES) ** 5
            surname, given = divmod(code, len(_SYLLABLES) ** 2)
            return f"{_syllables(given, 2).capitalize()} {_syllables(surname, 3).capitalize()}"

        figures = [
            f"{number:,} {_FIGURE_UNITS[unit]}"
            for number, unit in zip(self.figures[story].tolist(), self.figure_units[story].tolist())
        ]
        return [place(2 * story), person(2 * story), figures[0], place(2 * story + 1), person(2 * story + 1), figures[1]]

    def _batch(
        self, first: int, story_of: np.ndarray, times: np.ndarray, ranks: np.ndarray
    ) -> Iterator[dict[str, Any]]:
        """The records of the articles ``first``, ``first + 1``, ... of the plan."""
        rng = self.rng
        count = len(story_of)
        for story in story_of[ranks == 0].tolist():
            self.states[story] = _StoryState(self._events(story), deque(maxlen=_SOURCE_WINDOW), int(self.sizes[story]))
        follower = ranks > 0
        syndicated = follower & (rng.random(count) < self.syndication_rate)
        verbatim = np.where(follower & ~syndicated & (rng.random(count) < self.copy_rate), rng.integers(1, 5, count), 0)
        spun = np.where(follower & ~syndicated & (rng.random(count) < self.spin_rate), rng.integers(1, 5, count), 0)
        lengths = rng.integers(ARTICLE_SENTENCES[0], ARTICLE_SENTENCES[1] + 1, count)
        # A syndicated article gets one fresh sentence, in case its edit appends one.
        fresh = np.where(syndicated, 1, lengths - verbatim - spun)
        titles, bodies = self._sentences(story_of, fresh, lede=~syndicated)
        outlets = rng.choice(len(OUTLETS), size=count, p=_OUTLET_SHARES)
        separators = np.where(rng.random((count, ARTICLE_SENTENCES[1])) < _PARAGRAPH_BREAK, "\n\n", " ").tolist()
        published = np.datetime_as_string(_EPOCH + times.astype("timedelta64[s]"), unit="s", timezone="UTC").tolist()
        body_start = np.concatenate(([0], np.cumsum(fresh))).tolist()
        # Plain lists: indexing numpy arrays one item at a time is slow.
        syndicated_list, verbatim_list, spun_list = syndicated.tolist(), verbatim.tolist(), spun.tolist()
        outlet_list = outlets.tolist()
        for j, story in enumerate(story_of.tolist()):
            index = first + j
            article_id = f"art-{index:07d}"
            state = self.states[story]
            own = bodies[body_start[j] : body_start[j + 1]]
            duplicate_of = None
            if syndicated_list[j]:
                source = state.recent[int(rng.integers(len(state.recent)))]
                title, sentences, origins, copied = self._syndicate(source, titles[j], own[0])
                duplicate_of = source.id
                # Syndication crosses outlets.
                outlet = outlet_list[j] if outlet_list[j] != source.outlet else (source.outlet + 1) % len(OUTLETS)
            elif verbatim_list[j] or spun_list[j]:
                title = titles[j]
                sentences, origins, copied = self._compose(article_id, state, own, verbatim_list[j], spun_list[j])
                outlet = outlet_list[j]
            else:
                title, sentences, origins, copied, outlet = titles[j], own, {}, [], outlet_list[j]
            state.recent.append(_Carried(article_id, outlet, title, sentences, origins))
            state.remaining -= 1
            if not state.remaining:
                del self.states[story]
            text = "".join(chain.from_iterable(zip(sentences, separators[j]))).rstrip()
            slug = _NOT_SLUG.sub("-", title.casefold()).strip("-")
            yield {
                "id": article_id,
                "title": title,
                "text": text,
                "source": OUTLETS[outlet],
                "url": f"https://{_DOMAINS[outlet]}/{published[j][:10].replace('-', '/')}/{slug}-{index}",
                "published": published[j],
                "story": f"story-{story:06d}",
                "copied_from": copied,
                "duplicate_of": duplicate_of,
            }

    def _compose(
        self, article_id: str, state: _StoryState, own: list[str], verbatim: int, spun: int
    ) -> tuple[list[str], dict[int, tuple[str, int]], list[dict[str, Any]]]:
        """An article of fresh sentences with ``verbatim`` and ``spun`` sentences
        copied from earlier articles of its story, at random places."""
        taken: list[tuple[str, _Carried, int, str]] = []
        for wanted, reword in ((verbatim, False), (spun, True)):
            if not wanted:
                continue
            source = state.recent[int(self.rng.integers(len(state.recent)))]
            picked = self.rng.choice(len(source.sentences), size=min(wanted, len(source.sentences)), replace=False)
            for j in np.sort(picked).tolist():
                text = source.sentences[j]
                # A sentence with nothing to swap stays a verbatim copy, and says so.
                reworded = self._spin(text) if reword else None
                taken.append((reworded or text, source, j, "verbatim" if reworded is None else "reworded"))
        if not taken:
            return own, {}, []
        total = len(own) + len(taken)
        places = np.sort(self.rng.choice(total, size=len(taken), replace=False)).tolist()
        order = self.rng.permutation(len(taken)).tolist()
        slots = {place: taken[k] for place, k in zip(places, order)}
        merged: list[str] = []
        origins: dict[int, tuple[str, int]] = {}
        copied: list[dict[str, Any]] = []
        fresh_sentences = iter(own)
        for position in range(total):
            if position in slots:
                text, source, j, kind = slots[position]
                origins[position] = source.origin_of(j)
                merged.append(text)
                copied.append(_copy_entry(position, source.id, j, kind, origins[position]))
            else:
                merged.append(next(fresh_sentences))
        return merged, origins, copied

    def _syndicate(
        self, source: _Carried, fresh_title: str, fresh_sentence: str
    ) -> tuple[str, list[str], dict[int, tuple[str, int]], list[dict[str, Any]]]:
        """A near-duplicate of ``source`` with light edits: at least one of
        trimming the tail, rewording a few words of one sentence, appending a
        sentence. Half keep the source's title."""
        rng = self.rng
        trim, reword, append = (rng.random(3) < 0.5).tolist()
        if not (trim or reword or append):
            append = True
        kept = len(source.sentences)
        if trim:
            kept = max(ARTICLE_SENTENCES[0], kept - int(rng.integers(1, 4)))
        if append and kept == ARTICLE_SENTENCES[1]:
            kept -= 1  # room for the appended sentence
        sentences = source.sentences[:kept]
        kinds = ["verbatim"] * kept
        if reword:
            target = int(rng.integers(kept))
            changed = self._spin(sentences[target], changes=2)
            if changed is not None:
                sentences[target] = changed
                kinds[target] = "reworded"
        origins = {i: source.origin_of(i) for i in range(kept)}
        copied = [_copy_entry(i, source.id, i, kinds[i], origins[i]) for i in range(kept)]
        # Append when asked, or when neither trimming nor rewording changed anything.
        if append or (kept == len(source.sentences) and "reworded" not in kinds):
            sentences.append(fresh_sentence)
        title = source.title if rng.random() < 0.5 else fresh_title
        return title, sentences, origins, copied

    def _spin(self, sentence: str, changes: int | None = None) -> str | None:
        """``sentence`` with some words swapped for their paired word, or ``None``
        when it has no word that can be swapped."""
        words = sentence[:-1].split(" ")
        swappable = [i for i, w in enumerate(words) if w in self.synonyms]
        if not swappable:
            return None
        wanted = max(2, round(_SPIN_SHARE * len(swappable))) if changes is None else changes
        for i in self.rng.choice(swappable, size=min(wanted, len(swappable)), replace=False).tolist():
            words[i] = self.synonyms[words[i]]
        return " ".join(words) + "."

    def _sentences(self, story_of: np.ndarray, fresh: np.ndarray, lede: np.ndarray) -> tuple[list[str], list[str]]:
        """Render a title per article and ``fresh[j]`` body sentences for article
        ``j``, all sampled at once: the titles, then the bodies in order."""
        rng = self.rng
        stats = self.stats
        articles = len(story_of)
        title_lengths = rng.integers(TITLE_WORDS[0], TITLE_WORDS[1] + 1, articles)
        body_lengths = SENTENCE_WORDS[0] + rng.choice(len(stats.sentence_lengths), size=int(fresh.sum()), p=stats.sentence_lengths)
        lengths = np.concatenate([title_lengths, body_lengths])
        is_title = np.arange(len(lengths)) < articles
        stories_here, article_row = np.unique(story_of, return_inverse=True)
        sentence_row = np.concatenate([article_row, np.repeat(article_row, fresh)])
        starts = np.cumsum(lengths) - lengths
        total = int(lengths.sum())
        sentence_of = np.repeat(np.arange(len(lengths)), lengths)

        # Which tokens are topic words or event terms, then the forced ones.
        draw = rng.random(total)
        topic_share = np.where(is_title, _TITLE_TOPIC_SHARE, _TOPIC_SHARE)[sentence_of]
        is_topic = draw < topic_share
        is_event = ~is_topic & (draw < topic_share + _EVENT_SHARE)
        title_event = starts[:articles] + rng.integers(title_lengths)
        title_topic = starts[:articles] + (title_event - starts[:articles] + 1 + rng.integers(title_lengths - 1)) % title_lengths
        first_body = articles + np.cumsum(fresh) - fresh
        lede_sentences = first_body[lede & (fresh > 0)]
        lede_event = starts[lede_sentences] + rng.integers(lengths[lede_sentences])
        forced_event = np.concatenate([title_event, lede_event])
        is_event[forced_event] = True
        is_topic[forced_event] = False
        is_topic[title_topic] = True
        is_event[title_topic] = False
        event_slot = np.zeros(total, np.int64)
        events = np.flatnonzero(is_event)
        event_slot[events] = np.searchsorted(self.event_cdf, rng.random(len(events)), side="right")
        event_slot[title_event] = rng.integers(_TITLE_EVENT_SLOTS, size=articles)
        # People and figures are two words: where they would push a sentence
        # past its most words, the place (one word) is named instead.
        most_words = np.where(is_title, TITLE_WORDS[1], SENTENCE_WORDS[1])
        two_words = _TWO_WORD_SLOTS[event_slot[events]]
        words = lengths + np.bincount(sentence_of[events], weights=two_words, minlength=len(lengths)).astype(np.int64)
        too_long = words[sentence_of[events]] > most_words[sentence_of[events]]
        event_slot[events[too_long & two_words]] = 0

        # Word codes: vocabulary ids, then two unused codes, then the batch's
        # event terms (story row by slot), so one lookup table renders them all.
        ids = np.empty(total, np.int64)
        topics = np.flatnonzero(is_topic)
        ids[topics] = self.topics[stories_here[sentence_row[sentence_of[topics]]], rng.integers(_STORY_TOPIC_WORDS, size=len(topics))]
        events = np.flatnonzero(is_event)
        ids[events] = self.size + 2 + sentence_row[sentence_of[events]] * _EVENT_SLOTS + event_slot[events]
        self._walk(ids, lengths, starts, ~(is_topic | is_event))
        self._avoid_real_sentences(ids, starts, lengths, sentence_of[events], sentence_row)

        event_terms = np.array([self.states[story].events for story in stories_here.tolist()], dtype=object).ravel()
        strings = np.concatenate([self.display, [None, None], event_terms])[ids]
        strings[starts] = np.concatenate([self.capitalised, [None, None], event_terms])[ids[starts]]
        # One join and one split for the whole batch beat a join per sentence;
        # no token holds the record separator that marks where a sentence ends.
        last = starts + lengths - 1
        strings[last] = strings[last] + np.where(is_title, "\x1e", ".\x1e").astype(object)
        rendered = " ".join(strings.tolist())[:-1].split("\x1e ")
        return rendered[:articles], rendered[articles:]

    def _walk(self, ids: np.ndarray, lengths: np.ndarray, starts: np.ndarray, free: np.ndarray) -> None:
        """Fill in the ``free`` positions of ``ids`` with vocabulary words, one
        position at a time across all sentences.

        A word follows the bigram row of the previous word (or of the sentence
        start) with chance ``bigram_weight``, else the unigram distribution, as
        it does when the row is empty or the previous token is an event term."""
        rng = self.rng
        total = len(ids)
        follows = free & (rng.random(total) < self.stats.bigram_weight)
        unigram = np.flatnonzero(free & ~follows)
        ids[unigram] = self.pool[self.unigram_row_start + rng.integers(len(self.unigram_pool), size=len(unigram))]
        draws = rng.random(total)
        # Sentences longest first: those still going at a step are a prefix.
        by_length = np.argsort(-lengths, kind="stable")
        longest_first = starts[by_length]
        going = len(lengths) - np.searchsorted(np.sort(lengths), np.arange(int(lengths.max(initial=0))), side="right")
        for step, alive in enumerate(going.tolist()):
            here = longest_first[:alive] + step
            here = here[follows[here]]
            if step:
                rows = self.row_for_context[np.minimum(ids[here - 1], self.size + 1)]
            else:
                rows = np.full(len(here), self.row_for_context[self.size])
            ids[here] = self.pool[self.row_starts[rows] + (draws[here] * self.row_totals[rows]).astype(np.int64)]

    def _avoid_real_sentences(
        self, ids: np.ndarray, starts: np.ndarray, lengths: np.ndarray, event_sentences: np.ndarray, sentence_row: np.ndarray
    ) -> None:
        """Put an event term in the middle of any sentence whose words equal a
        learned real sentence, so none is reproduced. A sentence that already
        has an event term cannot be real and is not checked."""
        if not len(self.stats.real_sentences):
            return
        unchecked = np.ones(len(starts), bool)
        unchecked[event_sentences] = False
        candidates = np.flatnonzero(unchecked)
        hashes = _sentence_hashes(ids, starts[candidates], lengths[candidates])
        clashes = candidates[np.isin(hashes, self.stats.real_sentences)]
        ids[starts[clashes] + lengths[clashes] // 2] = self.size + 2 + sentence_row[clashes] * _EVENT_SLOTS


def _copy_entry(sentence: int, source: str, source_sentence: int, kind: str, origin: tuple[str, int]) -> dict[str, Any]:
    return {
        "sentence": sentence,
        "source": source,
        "source_sentence": source_sentence,
        "kind": kind,
        "origin": origin[0],
        "origin_sentence": origin[1],
    }


def _syllables(code: int, count: int) -> str:
    """``code`` written in ``count`` base-48 syllable digits."""
    parts = []
    for _ in range(count):
        code, digit = divmod(code, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
    return "".join(parts)


def _synonym_map(words: Sequence[str], content: np.ndarray) -> dict[str, str]:
    """Swap pairs of content words of adjacent frequency rank, both ways, in
    display and capitalised spelling (a swapped word may open a sentence)."""
    pairs: dict[str, str] = {}
    for a, b in zip(content[0::2].tolist(), content[1::2].tolist()):
        first, second = words[a], words[b]
        pairs[first], pairs[second] = second, first
        pairs[first.capitalize()], pairs[second.capitalize()] = second.capitalize(), first.capitalize()
    return pairs


def _texts_from(path: Path) -> Iterator[str]:
    """Texts of a JSONL file (records with ``text``, or with ``docs`` holding
    records with ``text``) or of a plain text file (one text)."""
    if path.suffix != ".jsonl":
        yield path.read_text(encoding="utf-8")
        return
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            if "text" in record:
                yield record["text"]
            for doc in record.get("docs", ()):
                yield doc["text"]


def _main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m newsbrief.eval.synth", description="Write a generated news corpus with ground truth as JSONL."
    )
    parser.add_argument("--articles", type=int, required=True, help="how many articles")
    parser.add_argument("--out", type=Path, required=True, help="JSONL file to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--stats-from", type=Path, action="append", default=[],
        help="real texts to learn word statistics from (JSONL or text file; repeatable); "
        "without it an invented vocabulary is used",
    )
    parser.add_argument("--stories", type=int, default=None)
    parser.add_argument("--copy-rate", type=float, default=0.1)
    parser.add_argument("--spin-rate", type=float, default=0.05)
    parser.add_argument("--syndication-rate", type=float, default=0.03)
    parser.add_argument("--days", type=float, default=None)
    args = parser.parse_args(argv)
    stats = WordStats.from_texts(t for p in args.stats_from for t in _texts_from(p)) if args.stats_from else None
    began = time.perf_counter()
    written = write_jsonl(
        generate_corpus(
            args.articles, seed=args.seed, stats=stats, stories=args.stories, copy_rate=args.copy_rate,
            spin_rate=args.spin_rate, syndication_rate=args.syndication_rate, days=args.days,
        ),
        args.out,
    )
    seconds = time.perf_counter() - began
    print(f"wrote {written} articles to {args.out} in {seconds:.1f} s ({written / max(seconds, 1e-9):.0f}/s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(_main())
