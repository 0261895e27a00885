"""Extractive briefs: the most central, non-redundant sentences of a story.

Sentences that are copies of each other (the reuse stage's links) are first
merged into one *unit* carried by several articles, so nothing is said twice
and every sentence lists all its carriers. Each unit is scored by

* centrality: cosine of its TF-IDF vector with the story's (what the story is about),
* support: how many articles carried it (what many outlets repeat matters),
* position: lead sentences of news articles summarise them,

and units are picked greedily by maximal marginal relevance: each pick is the
best score minus its similarity to what was already picked, and units too
close to a pick are never taken. The picks are then put in reading order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from newsbrief.model import ArticleText, BriefSentence, CopyLink, Sentence
from newsbrief.text.normalise import TokenNormaliser

__all__ = ["BriefOptions", "write_brief", "carrier_units"]

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class BriefOptions:
    """``max_sentences`` and/or ``max_words`` bound the brief. ``focus``: a question
    or topic that the brief should answer; sentences are then also ranked by their
    similarity to it. ``redundancy``: cosine above which a candidate repeats a pick."""

    max_sentences: int | None = 8
    max_words: int | None = None
    focus: str | None = None
    min_words: int = 6
    max_sentence_words: int = 60
    redundancy: float = 0.5
    diversity: float = 0.7
    support_weight: float = 0.3
    position_weight: float = 0.2
    focus_weight: float = 1.0


@dataclass
class _Unit:
    sentences: list[Sentence]
    vector: dict[str, float]
    score: float = 0.0

    @property
    def carriers(self) -> tuple[str, ...]:
        return tuple(sorted({s.article for s in self.sentences}))


def carrier_units(texts: Sequence[ArticleText], copies: Sequence[CopyLink]) -> list[list[Sentence]]:
    """Group the story's sentences into units of copies (union-find over copy links)."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for link in copies:
        ra, rb = find((link.a.article, link.a.sentence)), find((link.b.article, link.b.sentence))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[tuple[str, int], list[Sentence]] = defaultdict(list)
    for text in texts:
        for sentence in text.sentences:
            groups[find((sentence.article, sentence.index))].append(sentence)
    return list(groups.values())


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def _normalised(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {t: (1 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def write_brief(
    texts: Sequence[ArticleText],
    copies: Sequence[CopyLink] = (),
    options: BriefOptions | None = None,
    normaliser: TokenNormaliser | None = None,
) -> tuple[str, tuple[BriefSentence, ...]]:
    """Headline and brief sentences of one story.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "The Tarn dam burst on Monday and flooded forty homes. Nobody was hurt in the village."
    >>> text = ArticleText(Article(id="a", title="Tarn dam bursts", text=body), sentences_of("a", body))
    >>> headline, brief = write_brief([text], options=BriefOptions(max_sentences=1))
    >>> headline, brief[0].sources
    ('Tarn dam bursts', ('a',))
    """
    options = options or BriefOptions()
    normalise = normaliser or TokenNormaliser()
    by_id = {t.id: t for t in texts}
    tokens = {(s.article, s.index): Counter(normalise(s.text)) for t in texts for s in t.sentences}
    n = max(1, len(tokens))
    df = Counter(tok for c in tokens.values() for tok in c)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}

    units = []
    for group in carrier_units(texts, copies):
        group.sort(key=lambda s: (_published(by_id[s.article]), s.article, s.index))
        counts: Counter[str] = Counter()
        for s in group:
            counts |= tokens[(s.article, s.index)]
        words = len(group[0].text.split())
        if options.min_words <= words <= options.max_sentence_words and counts:
            units.append(_Unit(group, _normalised(counts, idf)))
    if not units:
        return _headline(texts, {}), ()

    centre: Counter[str] = Counter()
    for unit in units:
        for token, weight in unit.vector.items():
            centre[token] += weight * len(unit.carriers)
    norm = math.sqrt(sum(v * v for v in centre.values())) or 1.0
    centroid = {t: v / norm for t, v in centre.items()}
    focus = _normalised(Counter(normalise(options.focus)), idf) if options.focus else None
    most = max(len(u.carriers) for u in units)
    for unit in units:
        first = unit.sentences[0]
        length = max(1, len(by_id[first.article].sentences))
        unit.score = (
            _cosine(unit.vector, centroid)
            + options.support_weight * math.log(len(unit.carriers)) / math.log(most + 1)
            + options.position_weight * (1.0 - min(first.index, length) / length)
        )
        if focus:
            unit.score += options.focus_weight * _cosine(unit.vector, focus)

    picked = _select(units, options)
    picked.sort(key=lambda u: _reading_position(u, by_id))
    brief = tuple(
        BriefSentence(
            text=u.sentences[0].text, article=u.sentences[0].article, sentence=u.sentences[0].index,
            sources=u.carriers, score=round(u.score, 4),
        )
        for u in picked
    )
    return _headline(texts, centroid), brief


def _select(units: list[_Unit], options: BriefOptions) -> list[_Unit]:
    picked: list[_Unit] = []
    words = 0
    remaining = sorted(units, key=lambda u: (-u.score, u.sentences[0].article, u.sentences[0].index))
    while remaining:
        if options.max_sentences is not None and len(picked) >= options.max_sentences:
            break
        best, best_value = None, -math.inf
        for unit in remaining:
            overlap = max((_cosine(unit.vector, p.vector) for p in picked), default=0.0)
            if overlap >= options.redundancy:
                continue
            value = options.diversity * unit.score - (1 - options.diversity) * overlap
            if value > best_value:
                best, best_value = unit, value
        if best is None:
            break
        remaining.remove(best)
        size = len(best.sentences[0].text.split())
        if options.max_words is not None and words + size > options.max_words:
            if words:
                break
        picked.append(best)
        words += size
    return picked


def _published(text: ArticleText) -> datetime:
    return text.article.published or _EPOCH


def _reading_position(unit: _Unit, by_id: dict[str, ArticleText]) -> tuple[float, datetime, str, int]:
    """Relative position in its article first (news runs from summary to detail), then time."""
    first = unit.sentences[0]
    text = by_id[first.article]
    return (first.index / max(1, len(text.sentences)), _published(text), first.article, first.index)


def _headline(texts: Sequence[ArticleText], centroid: dict[str, float]) -> str:
    """The title of the article closest to the story's centre (the earliest on ties)."""
    normalise = TokenNormaliser()
    titled = [t for t in texts if t.article.title.strip()]
    if not titled:
        return texts[0].sentences[0].text if texts and texts[0].sentences else ""
    best = max(
        titled,
        key=lambda t: (_cosine(_normalised(Counter(normalise(t.article.title)), {}), centroid), -_published(t).timestamp()),
    )
    return best.article.title
