"""Why each article is in its story: what it shares with the story's other articles.

For every article, :func:`explain_story` names its closest fellow article and
their cosine similarity (the features and weights story grouping uses), the
proper names and the other terms it shares with the rest of the story
(heaviest first, as written in the article: a name of several words whole,
"Port Aldren" rather than "Aldren" and "Port"), and the sentences it shares with
other articles as copies. That is the evidence grouping acted on: shared
particulars, and copied text.

>>> from newsbrief.model import Article, ArticleText
>>> from newsbrief.text.sentences import sentences_of
>>> def text(id, title, body):
...     return ArticleText(Article(id, title, body, source=id.upper()), sentences_of(id, body))
>>> reasons = explain_story([
...     text("a", "Tarn dam bursts", "The Tarn dam in Alby burst on Monday, flooding 40 homes."),
...     text("b", "Alby flooded", "Forty homes in Alby were flooded when the Tarn dam burst."),
... ])
>>> reasons[0].closest, reasons[0].names, reasons[0].terms[:2]
('b', ('Tarn', 'Alby'), ('bursts', 'dam'))
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsbrief.model import ArticleText, CopyLink
from newsbrief.stories.cluster import StoryOptions
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor, unit_vector
from newsbrief.text.normalise import word_spans, words

__all__ = ["ArticleReason", "explain_story", "format_reasons", "reasons_as_dicts"]

_SHOWN = 6
# Where a run of capitalised words holds more than one name: after a possessive,
# at punctuation other than the dots and hyphens of a name ("U.S. Navy", "Ust-Varga").
_NAME_BREAK = re.compile(r"['’]s?(?!\w)\W*|[^\w\s.'’\-‐–]+\s*")


@dataclass(frozen=True)
class ArticleReason:
    """Why one article is in its story.

    ``closest``: the most similar other article (``None`` when alone) and
    ``similarity`` its cosine; ``names`` and ``terms``: what it shares with the
    rest of the story, heaviest first; ``copies``: (other article, sentences
    of this one copied to or from it), most first.
    """

    article: str
    title: str
    source: str
    closest: str | None
    similarity: float
    names: tuple[str, ...]
    terms: tuple[str, ...]
    copies: tuple[tuple[str, int], ...]


def _surface_forms(text: ArticleText, extract: FeatureExtractor) -> dict[str, str]:
    """Match token -> the word the article writes for it (first seen)."""
    forms: dict[str, str] = {}
    for word in words(f"{text.article.title} {text.article.text}"):
        for token in extract.normalise(word):
            forms.setdefault(token, word)
    return forms


def _written_names(text: ArticleText, extract: FeatureExtractor, tokens: Sequence[str]) -> list[str]:
    """The names the name ``tokens`` (heaviest first) come from, as the article writes
    them, each once: for each token, the name carrying it that the article writes
    most often (the earliest on ties). Names are the runs of capitalised words that
    story features read them from, cut at a possessive or punctuation ("Russia's
    Emergencies Ministry", "Port Aldren, Skerra") and without calendar or stop words
    at their ends ("Tuesday Tidewater Lines"). A token already in a name given is not
    looked up again."""
    written: Counter[str] = Counter()
    tokens_of: dict[str, set[str]] = {}
    for run in extract.name_runs(text, whole=True):
        for part in _NAME_BREAK.split(run):
            spans = word_spans(part)
            # Calendar and stop words are capitalised but name nothing ("Tuesday", "The").
            kept = [(low, high) for low, high in spans if not set(extract.normalise(part[low:high])) <= extract.calendar]
            if kept:
                name = part[kept[0][0] : kept[-1][1]]
                written[name] += 1
                tokens_of.setdefault(name, set(extract.normalise(name)))
    ranked = [name for name, _ in written.most_common()]  # equal counts keep first-seen order
    names: list[str] = []
    covered: set[str] = set()
    for token in tokens:
        if token not in covered:
            name = next((n for n in ranked if token in tokens_of[n]), token)
            covered |= tokens_of.get(name, {token})
            if name not in names:
                names.append(name)
    return names


def explain_story(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None
) -> list[ArticleReason]:
    """An :class:`ArticleReason` per article of one story, in the order given."""
    options = options or StoryOptions()
    extract = FeatureExtractor(options.features)
    features = [extract(t) for t in texts]
    # Weights within one story: every shared term is common here, so no IDF;
    # position and name weights still rank the particulars first.
    vectors = [unit_vector(f, {}, 1.0, options.features) for f in features]
    copied: dict[str, Counter[str]] = {t.id: Counter() for t in texts}
    seen: set[tuple[str, int, str]] = set()
    for link in copies:
        for mine, theirs in ((link.a, link.b), (link.b, link.a)):
            if mine.article in copied and (mine.article, mine.sentence, theirs.article) not in seen:
                seen.add((mine.article, mine.sentence, theirs.article))
                copied[mine.article][theirs.article] += 1
    reasons = []
    for index, text in enumerate(texts):
        others = [j for j in range(len(texts)) if j != index]
        closest, similarity = None, 0.0
        for j in others:
            cosine = sum(w * vectors[j].get(t, 0.0) for t, w in vectors[index].items())
            if closest is None or cosine > similarity:
                closest, similarity = texts[j].id, cosine
        names, terms = _shared(features[index], [features[j] for j in others], vectors[index])
        forms = _surface_forms(text, extract)
        reasons.append(
            ArticleReason(
                article=text.id,
                title=text.article.title,
                source=text.article.source,
                closest=closest,
                similarity=round(similarity, 4),
                names=tuple(_written_names(text, extract, names)[:_SHOWN]),
                terms=tuple(forms.get(t, t) for t in terms),
                copies=tuple(sorted(copied[text.id].items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return reasons


def _shared(
    mine: ArticleFeatures, others: Sequence[ArticleFeatures], vector: dict[str, float]
) -> tuple[list[str], list[str]]:
    """Names and other terms of ``mine`` found in the other articles, heaviest first
    (weight in this article times the share of the others that have the term)."""
    if not others:
        return [], []
    present: Counter[str] = Counter(t for f in others for t in f.terms)
    ranked = sorted(
        (t for t in vector if present[t]),
        key=lambda t: (-vector[t] * present[t] / len(others), t),
    )
    names = [t for t in ranked if t in mine.names]  # tokens: a name of several words is shown whole
    # A lone letter ("F" of "F-150") means nothing to a reader, though it counts in the grouping.
    terms = [t for t in ranked if t not in mine.names and not t[:1].isdigit() and len(t) > 1][:_SHOWN]
    return names, terms


def reasons_as_dicts(reasons: Sequence[ArticleReason]) -> list[dict[str, object]]:
    """The reasons as JSON-ready dicts."""
    return [
        {
            "article": r.article,
            "title": r.title,
            "source": r.source,
            "closest": r.closest,
            "similarity": r.similarity,
            "names": list(r.names),
            "terms": list(r.terms),
            "copies": [{"article": other, "sentences": count} for other, count in r.copies],
        }
        for r in reasons
    ]


def format_reasons(reasons: Sequence[ArticleReason]) -> str:
    """Plain text: one block per article, what it shares with the rest of its story."""
    titles = {r.article: r.title for r in reasons}
    lines = []
    for number, r in enumerate(reasons, start=1):
        lines.append(f"{number}. {r.title or r.article}" + (f"  ({r.source})" if r.source else ""))
        if r.closest is None:
            lines.append("   alone in its story")
        else:
            lines.append(f"   closest: {titles.get(r.closest) or r.closest}  (similarity {r.similarity:.2f})")
        if r.names:
            lines.append("   shared names: " + ", ".join(r.names))
        if r.terms:
            lines.append("   shared terms: " + ", ".join(r.terms))
        if r.copies:
            shared = "; ".join(
                f"{count} sentence{'s' if count > 1 else ''} with {titles.get(other) or other}" for other, count in r.copies
            )
            lines.append("   copied text: " + shared)
    return "\n".join(lines) + ("\n" if lines else "")

