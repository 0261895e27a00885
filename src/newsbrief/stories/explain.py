"""Why each article is in its story: what it shares with the story's other articles.

For every article, :func:`explain_story` names its closest fellow article and
their cosine similarity (the features and weights story grouping uses), the
proper names and the other terms it shares with the rest of the story
(heaviest first, as written in the article: a name of several words whole,
"Port Aldren" rather than "Aldren" and "Port"), and the sentences it shares with
other articles as copies. That is the evidence grouping acted on: shared
particulars, and copied text. For the story as a whole, :func:`loosest_link` names
the link that holds it together at its loosest point: where a story wrongly joins
two events, the link between them.

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
from collections.abc import Container, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from newsbrief.model import ArticleText, CopyLink
from newsbrief.stories.cluster import StoryOptions, copy_evidence, copy_evidence_pairs, raised_by_copies
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor, unit_vector
from newsbrief.text.normalise import word_spans, words

__all__ = [
    "ArticleReason", "StoryLink", "explain", "explain_story", "loosest_link", "format_reasons", "format_link", "reasons_as_dicts",
    "link_as_dict",
]

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


def _written_names(
    text: ArticleText, extract: FeatureExtractor, tokens: Sequence[str], shared: Container[str], forms: dict[str, str]
) -> list[str]:
    """The names the name ``tokens`` (heaviest first) come from, as the article writes
    them, each once: for each token, the name carrying it that the article writes
    most often (the earliest on ties) of those whose every token is ``shared`` (a
    name the other articles have only a word of, "Mayor" of "Mayor Piet Voss", is
    given as that word, as written: ``forms``, :func:`_surface_forms`). Names are the runs of capitalised words that
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
            name = next((n for n in ranked if token in tokens_of[n] and all(t in shared for t in tokens_of[n])), None)
            covered |= tokens_of[name] if name is not None else {token}
            name = name if name is not None else forms.get(token, token)
            if name not in names:
                names.append(name)
    return names


@dataclass(frozen=True)
class _StoryView:
    """A story's articles as story grouping weighs them, within the story: every shared
    term is common here, so no IDF; position and name weights still rank the
    particulars first."""

    extract: FeatureExtractor
    features: list[ArticleFeatures]
    vectors: list[dict[str, float]]
    cosines: np.ndarray


def _view(texts: Sequence[ArticleText], options: StoryOptions) -> _StoryView:
    extract = FeatureExtractor(options.features)
    features = [extract(t) for t in texts]
    vectors = [unit_vector(f, {}, 1.0, options.features) for f in features]
    return _StoryView(extract, features, vectors, _cosines(vectors))


def _cosines(vectors: Sequence[dict[str, float]]) -> np.ndarray:
    """The articles' cosines with each other (0 with themselves): sparse rows, as a story
    of thousands of articles has tens of thousands of terms; the n x n result is dense."""
    columns: dict[str, int] = {}
    cols = [columns.setdefault(t, len(columns)) for v in vectors for t in v]
    vals = [w for v in vectors for w in v.values()]
    indptr = np.cumsum([0, *map(len, vectors)])
    rows = sp.csr_matrix((vals, cols, indptr), shape=(len(vectors), max(1, len(columns))))
    cosines = (rows @ rows.T).toarray()
    np.fill_diagonal(cosines, 0.0)
    return cosines


def _copied_sentences(texts: Sequence[ArticleText], copies: Sequence[CopyLink]) -> dict[str, Counter[str]]:
    """Per article, how many of its sentences are copied to or from each other article."""
    copied: dict[str, Counter[str]] = {t.id: Counter() for t in texts}
    seen: set[tuple[str, int, str]] = set()
    for link in copies:
        for mine, theirs in ((link.a, link.b), (link.b, link.a)):
            if mine.article in copied and (mine.article, mine.sentence, theirs.article) not in seen:
                seen.add((mine.article, mine.sentence, theirs.article))
                copied[mine.article][theirs.article] += 1
    return copied


def explain(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None
) -> tuple[list[ArticleReason], StoryLink | None]:
    """:func:`explain_story` and :func:`loosest_link` of one story, its articles weighed once."""
    options = options or StoryOptions()
    view = _view(texts, options)
    return _reasons(texts, copies, view), _loosest(texts, copies, options, view)


def explain_story(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None
) -> list[ArticleReason]:
    """An :class:`ArticleReason` per article of one story, in the order given."""
    return _reasons(texts, copies, _view(texts, options or StoryOptions()))


def _reasons(texts: Sequence[ArticleText], copies: Sequence[CopyLink], view: _StoryView) -> list[ArticleReason]:
    extract, features, vectors, cosines = view.extract, view.features, view.vectors, view.cosines
    copied = _copied_sentences(texts, copies)
    everywhere: Counter[str] = Counter(t for f in features for t in f.terms)
    reasons = []
    for index, text in enumerate(texts):
        others = [j for j in range(len(texts)) if j != index]
        nearest = max(others, key=lambda j: (cosines[index, j], -j)) if others else None
        present = _InOthers(everywhere, features[index].terms)
        names, terms = _shared(features[index], present, len(others), vectors[index])
        forms = _surface_forms(text, extract)
        reasons.append(
            ArticleReason(
                article=text.id,
                title=text.article.title,
                source=text.article.source,
                closest=texts[nearest].id if nearest is not None else None,
                similarity=round(float(cosines[index, nearest]), 4) if nearest is not None else 0.0,
                names=tuple(_written_names(text, extract, names, present, forms)[:_SHOWN]),
                terms=tuple(forms.get(t, t) for t in terms),
                copies=tuple(sorted(copied[text.id].items(), key=lambda kv: (-kv[1], kv[0]))),
            )
        )
    return reasons


@dataclass(frozen=True)
class StoryLink:
    """The link that holds a story together at its loosest point.

    ``a``, ``b``: the two articles; ``similarity``: their cosine, raised by the text
    they share as copies as story grouping raises it; ``names``, ``terms``: what
    ``a`` shares with ``b``, heaviest first; ``copied``: sentences of ``a`` copied to
    or from ``b``; ``sides``: how many articles the link joins on each side (``a``'s first).
    """

    a: str
    b: str
    similarity: float
    names: tuple[str, ...]
    terms: tuple[str, ...]
    copied: int
    sides: tuple[int, int]


def loosest_link(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink] = (), options: StoryOptions | None = None
) -> StoryLink | None:
    """The weakest link of the story's maximum spanning tree (``None`` for fewer than
    three articles).

    Of all the ways to hold the articles together by links between pairs, the one
    whose links are strongest is the maximum spanning tree (Prim's algorithm over the
    pairs' similarities); its weakest link is where the story is held together most
    loosely, and taking it out parts the story in two. Links with at least two
    articles on each side come first: the weakest link to a single article is only
    that article's. A story of one event is loose there too, but a story that joins
    two events is joined there.

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> def text(id, title, body):
    ...     return ArticleText(Article(id, title, body), sentences_of(id, body))
    >>> link = loosest_link([
    ...     text("a", "Tarn dam bursts", "The Tarn dam in Alby burst on Monday, flooding 40 homes."),
    ...     text("b", "Alby flooded", "Forty homes in Alby were flooded when the Tarn dam burst."),
    ...     text("c", "Alby council meets", "The Alby council met on Friday to plan repairs to the dam."),
    ... ])
    >>> link.a, link.b, link.sides
    ('c', 'b', (1, 2))
    """
    options = options or StoryOptions()
    return _loosest(texts, copies, options, _view(texts, options))


def _loosest(
    texts: Sequence[ArticleText], copies: Sequence[CopyLink], options: StoryOptions, view: _StoryView
) -> StoryLink | None:
    if len(texts) < 3:
        return None
    extract, features, vectors = view.extract, view.features, view.vectors
    similarity = view.cosines.copy()  # raised by the copy evidence below
    counts = {t.id: len(t.sentences) for t in texts}
    position = {t.id: i for i, t in enumerate(texts)}
    for i, j, evidence in copy_evidence_pairs(copy_evidence(copies, counts), position, options):
        similarity[i, j] = similarity[j, i] = raised_by_copies(similarity[i, j], evidence)
    n = len(texts)
    joined = np.zeros(n, dtype=bool)
    joined[0] = True
    best, parent = similarity[0].copy(), np.zeros(n, dtype=np.int64)
    tree: list[tuple[int, int]] = []
    for _ in range(n - 1):
        newest = int(np.argmax(np.where(joined, -np.inf, best)))
        tree.append((newest, int(parent[newest])))
        joined[newest] = True
        closer = similarity[newest] > best
        best[closer], parent[closer] = similarity[newest][closer], newest
    # The tree grew from article 0: each link joins an article (first) to its parent,
    # and taking the link out parts the article's subtree from the rest.
    size = np.ones(n, dtype=np.int64)
    for child, up in reversed(tree):
        size[up] += size[child]
    # The weakest link to one article alone is only that article's; a link with
    # articles on both sides is where two groups meet.
    inner = [edge for edge in tree if 2 <= size[edge[0]] <= n - 2]
    a, b = min(inner or tree, key=lambda edge: (similarity[edge], edge))
    names, terms = _shared(features[a], Counter(features[b].terms.keys()), 1, vectors[a])
    forms = _surface_forms(texts[a], extract)
    return StoryLink(
        a=texts[a].id,
        b=texts[b].id,
        similarity=round(float(similarity[a, b]), 4),
        names=tuple(_written_names(texts[a], extract, names, features[b].terms, forms)[:_SHOWN]),
        terms=tuple(forms.get(t, t) for t in terms),
        copied=_copied_sentences([texts[a]], copies)[texts[a].id][texts[b].id],
        sides=(int(size[a]), n - int(size[a])),
    )


class _InOthers:
    """How many of a story's other articles have each term (and whether any has it): the
    story's count less the article's own, so that each article's is not counted anew."""

    def __init__(self, everywhere: Counter[str], mine: Container[str]) -> None:
        self.everywhere, self.mine = everywhere, mine

    def __getitem__(self, term: str) -> int:
        return self.everywhere[term] - (term in self.mine)

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and self[term] > 0


def _shared(
    mine: ArticleFeatures, present: _InOthers | Counter[str], others: int, vector: dict[str, float]
) -> tuple[list[str], list[str]]:
    """Names and other terms of ``mine`` found in the ``others`` other articles (``present``:
    how many of them have each term), heaviest first (weight in this article times the
    share of the others that have the term)."""
    if not others:
        return [], []
    ranked = sorted(
        (t for t in vector if present[t]),
        key=lambda t: (-vector[t] * present[t] / others, t),
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


def link_as_dict(link: StoryLink | None) -> dict[str, object] | None:
    """The loosest link as a JSON-ready dict (``None`` stays ``None``)."""
    if link is None:
        return None
    return {"a": link.a, "b": link.b, "similarity": link.similarity, "names": list(link.names),
            "terms": list(link.terms), "copied_sentences": link.copied, "sides": list(link.sides)}


def format_link(link: StoryLink | None, reasons: Sequence[ArticleReason]) -> str:
    """Plain text: the loosest link, the two articles named by their titles ("" for none)."""
    if link is None:
        return ""
    titles = {r.article: r.title or r.article for r in reasons}
    shared = [*link.names, *link.terms]
    lines = [
        f"Loosest link: {titles.get(link.a, link.a)}  <->  {titles.get(link.b, link.b)}  (similarity {link.similarity:.2f})",
        f"   it alone joins {link.sides[0]} article(s) to {link.sides[1]}",
    ]
    if shared:
        lines.append("   shared: " + ", ".join(shared))
    if link.copied:
        lines.append(f"   copied text: {link.copied} sentence{'s' if link.copied > 1 else ''}")
    return "\n".join(lines) + "\n"


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

