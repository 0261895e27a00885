"""Group articles into stories: one story per real-world event.

:class:`StoryClusterer` is an online (single-pass) clusterer. Each article is a
sparse TF-IDF vector of its match tokens, with title and lead weighted up since
they name the event. An article joins the most similar open story when the
cosine similarity with the story's centroid reaches ``threshold``, or when it
shares copied sentences with the story (the strongest evidence there is);
otherwise it starts a new story. Stories not updated within ``window`` go
dormant and take no new articles, which bounds memory over a stream.

Batch mode (:func:`cluster_stories`) runs the same process over the articles in
publication order, so batch and stream give the same stories on the same input.
Story ids derive from the first article's id: stable, never reused, and the
same for the same input.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from newsbrief.model import ArticleText, CopyLink, Story
from newsbrief.text.normalise import TokenNormaliser

__all__ = ["StoryOptions", "StoryClusterer", "cluster_stories", "article_vector", "story_id_for", "time_order", "batch_idf"]

Vector = dict[str, float]


@dataclass(frozen=True)
class StoryOptions:
    """``threshold``: cosine to join a story. ``window``: how long a story stays
    open after its latest article. ``min_copied``: copied sentences shared with a
    story that make an article join it whatever its cosine. ``centroid_terms``:
    terms kept per story centroid (bounds memory)."""

    threshold: float = 0.3
    window: timedelta = timedelta(days=4)
    min_copied: int = 2
    title_weight: float = 3.0
    lead_weight: float = 1.5
    lead_sentences: int = 3
    centroid_terms: int = 200


def story_id_for(first_article: str) -> str:
    """The id of a story started by ``first_article``: a hash, since record ids
    given by users may share any prefix."""
    return "s-" + hashlib.sha256(first_article.encode("utf-8")).hexdigest()[:12]


def article_vector(text: ArticleText, normalise: TokenNormaliser, options: StoryOptions) -> Counter[str]:
    """Weighted term counts of an article: title and lead count more."""
    counts: Counter[str] = Counter()
    for token in normalise(text.article.title):
        counts[token] += options.title_weight
    for sentence in text.sentences:
        weight = options.lead_weight if sentence.index < options.lead_sentences else 1.0
        for token in normalise(sentence.text):
            counts[token] += weight
    return counts


@dataclass
class _OpenStory:
    id: str
    articles: list[str]
    centroid: Vector
    first_seen: datetime | None
    last_seen: datetime | None
    size: int = 1


@dataclass
class StoryClusterer:
    """Assigns articles to stories one at a time (see the module docstring).

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
    """

    options: StoryOptions = field(default_factory=StoryOptions)
    normaliser: TokenNormaliser = field(default_factory=TokenNormaliser)
    idf: Mapping[str, float] | None = None
    document_frequency: Counter[str] = field(default_factory=Counter)
    documents: int = 0
    assignments: dict[str, str] = field(default_factory=dict)
    _open: dict[str, _OpenStory] = field(default_factory=dict)
    _closed: dict[str, Story] = field(default_factory=dict)
    _postings: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def add(
        self,
        text: ArticleText,
        copies: Sequence[CopyLink] = (),
        story: str | None = None,
    ) -> str:
        """Assign one article; return its story id.

        ``copies``: links between this article and articles already added.
        Term weights are the clusterer's fixed ``idf`` when given (a batch knows
        its whole vocabulary), else the document frequencies of what was added
        so far, so a stream depends only on what has arrived.
        ``story``: a known assignment (replaying a store), taken as is.
        """
        if text.id in self.assignments:
            return self.assignments[text.id]
        counts = article_vector(text, self.normaliser, self.options)
        self.documents += 1
        self.document_frequency.update(counts.keys())
        vector = self._weigh(counts)
        when = text.article.published
        self._close_stale(when)

        if story is not None:
            if story not in self._open:
                self._closed.pop(story, None)
                self._open[story] = _OpenStory(story, [], {}, when, when, 0)
            self._join(story, text.id, vector, when)
            return story
        best_id, best = None, 0.0
        copied = Counter(
            self.assignments[other]
            for link in copies
            for other in (link.a.article, link.b.article)
            if other != text.id and other in self.assignments
        )
        for story_id, count in copied.most_common():
            if count >= self.options.min_copied and story_id in self._open:
                best_id, best = story_id, 1.0
                break
        if best_id is None:
            best_id, best = self._most_similar(vector)
        if best_id is not None and best >= self.options.threshold:
            self._join(best_id, text.id, vector, when)
            return best_id
        story_id = story_id_for(text.id)
        story = _OpenStory(story_id, [text.id], {}, when, when, 0)
        self._open[story_id] = story
        self._join(story_id, text.id, vector, when)
        return story_id

    def stories(self) -> list[Story]:
        """All stories so far, open and dormant, in order of their first article."""
        found = list(self._closed.values()) + [
            Story(s.id, tuple(s.articles), s.first_seen, s.last_seen) for s in self._open.values()
        ]
        order = {article: i for i, article in enumerate(self.assignments)}
        return sorted(found, key=lambda s: order[s.articles[0]])

    def _weigh(self, counts: Counter[str]) -> Vector:
        vector: Vector = {}
        for token, count in counts.items():
            if self.idf is not None:
                idf = self.idf.get(token, 1.0)
            else:
                idf = math.log((1 + self.documents) / (1 + self.document_frequency[token])) + 1.0
            vector[token] = (1.0 + math.log(count)) * idf
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {t: v / norm for t, v in vector.items()}

    def _most_similar(self, vector: Vector) -> tuple[str | None, float]:
        scores: dict[str, float] = defaultdict(float)
        for token, weight in vector.items():
            for story_id in self._postings.get(token, ()):
                scores[story_id] += weight * self._open[story_id].centroid.get(token, 0.0)
        if not scores:
            return None, 0.0
        best = max(sorted(scores), key=lambda s: scores[s])
        return best, scores[best]

    def _join(self, story_id: str, article: str, vector: Vector, when: datetime | None) -> None:
        story = self._open[story_id]
        if article not in story.articles:
            story.articles.append(article)
        self.assignments[article] = story_id
        # Centroid = normalised mean of member vectors, truncated to its top terms.
        merged: Vector = {t: w * story.size for t, w in story.centroid.items()}
        for token, weight in vector.items():
            merged[token] = merged.get(token, 0.0) + weight
        story.size += 1
        top = sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[: self.options.centroid_terms]
        norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
        for token in story.centroid:
            self._postings[token].discard(story_id)
        story.centroid = {t: v / norm for t, v in top}
        for token in story.centroid:
            self._postings[token].add(story_id)
        if when is not None:
            story.first_seen = min(story.first_seen or when, when)
            story.last_seen = max(story.last_seen or when, when)

    def _close_stale(self, now: datetime | None) -> None:
        if now is None:
            return
        for story_id in [s.id for s in self._open.values() if s.last_seen and now - s.last_seen > self.options.window]:
            story = self._open.pop(story_id)
            for token in story.centroid:
                self._postings[token].discard(story_id)
            self._closed[story_id] = Story(story.id, tuple(story.articles), story.first_seen, story.last_seen)


def time_order(texts: Iterable[ArticleText]) -> list[ArticleText]:
    """Publication order; undated articles keep their input order after the dated ones before them."""
    texts = list(texts)
    floor = datetime.min
    keyed = []
    for position, text in enumerate(texts):
        when = text.article.published
        key = when.astimezone(timezone.utc).replace(tzinfo=None) if when else floor
        floor = key if when else floor
        keyed.append((key, position, text))
    return [t for _, _, t in sorted(keyed, key=lambda x: (x[0], x[1]))]


def batch_idf(texts: Sequence[ArticleText], options: StoryOptions, normaliser: TokenNormaliser | None = None) -> dict[str, float]:
    """Smoothed IDF of the articles' terms over a whole batch."""
    normalise = normaliser or TokenNormaliser()
    df: Counter[str] = Counter(token for t in texts for token in article_vector(t, normalise, options))
    n = len(texts)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


def cluster_stories(texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None) -> list[Story]:
    """Group ``texts`` into stories (batch mode).

    The articles go through a :class:`StoryClusterer` in publication order, with
    their copy links: the same process as a stream, with term weights from the
    whole batch (:func:`batch_idf`).
    """
    options = options or StoryOptions()
    clusterer = StoryClusterer(options, idf=batch_idf(texts, options))
    by_article: dict[str, list[CopyLink]] = defaultdict(list)
    for link in copies:
        by_article[link.a.article].append(link)
        by_article[link.b.article].append(link)
    for text in time_order(texts):
        clusterer.add(text, by_article.get(text.id, ()))
    return clusterer.stories()
