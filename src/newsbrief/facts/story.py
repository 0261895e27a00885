"""A story's facts panel: figures, entities, dates, timeline and disagreements together.

:func:`story_facts` runs every extractor over a story's titles and sentences and
merges across articles; :func:`entity_tagger` makes the (optional) spaCy tagger once,
for as many stories as needed.

>>> from datetime import datetime
>>> from newsbrief.model import Article
>>> from newsbrief.pipeline import prepare
>>> day1 = Article.create(title="Ferry sinks", source="Wire", published=datetime(2024, 3, 12, 8, 40),
...                       text="At least 12 people were killed when the ferry sank on Tuesday.")
>>> day2 = Article.create(title="Ferry toll rises", source="Post", published=datetime(2024, 3, 13, 14, 30),
...                       text="The death toll rose to 19 on Wednesday, the coastguard said.")
>>> found = story_facts([prepare(day1), prepare(day2)])
>>> [(f.kind, f.value, f.what) for f in found.facts]
[('figure', 'At least 12', 'people killed'), ('figure', '19', 'death toll'), ('date', 'Tuesday', 'Tue 12 Mar 2024'), ('date', 'Wednesday', 'Wed 13 Mar 2024')]
>>> [(d.kind, [c.value for c in d.claims]) for d in found.disagreements]
[('revision', ['At least 12', '19'])]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from newsbrief.errors import NewsbriefError
from newsbrief.facts.dates import extract_dates, merge_dates, story_timeline
from newsbrief.facts.disagreements import (
    REVISION_GAP, compared, find_date_disagreements, find_disagreements, latest_versions, superseded,
)
from newsbrief.facts.entities import DEFAULT_NER_MODEL, EntityTagger, merge_entities
from newsbrief.facts.figures import extract_figures, merge_figures
from newsbrief.model import ArticleText, CopyLink, Disagreement, Fact, Revisions, Sentence

__all__ = [
    "FactOptions", "StoryFacts", "story_facts", "story_revisions", "entity_tagger", "fact_sentences", "superseded_titles",
]


@dataclass(frozen=True)
class FactOptions:
    """What the facts panel reads.

    ``entities``: find people, organisations and places (needs spaCy: ``pip install
    'newsbrief[nlp]'``; without it, and with the default model, the panel simply has
    no entities). ``ner_model``: a spaCy model package name or folder.
    ``revision_gap``: how far apart two publications must be for a changed figure to
    read as a revision rather than a contradiction.
    """

    entities: bool = True
    ner_model: str = DEFAULT_NER_MODEL
    revision_gap: timedelta = REVISION_GAP


@dataclass(frozen=True)
class StoryFacts:
    """Figures, entities (most mentioned first) and dates (in date order, unresolved
    last), merged across articles; the dated events in date order; the quantities
    sources disagree on; and what later reports revised, for the brief
    (``brief.rank.write_brief``)."""

    facts: tuple[Fact, ...]
    timeline: tuple[Fact, ...]
    disagreements: tuple[Disagreement, ...]
    revisions: Revisions = Revisions()


def entity_tagger(options: FactOptions | None = None) -> EntityTagger | None:
    """The entity tagger ``options`` ask for, or ``None`` when entities are off.

    ``None`` too when spaCy or the default model is not installed: entities are an
    optional extra. A model named by the user that cannot be loaded raises
    :class:`~newsbrief.errors.NewsbriefError`, so a typo does not go unnoticed.

    >>> entity_tagger(FactOptions(entities=False)) is None
    True
    """
    options = options or FactOptions()
    if not options.entities:
        return None
    try:
        return EntityTagger(options.ner_model)
    except NewsbriefError:
        if options.ner_model == DEFAULT_NER_MODEL:
            return None
        raise


def fact_sentences(texts: Sequence[ArticleText]) -> Iterator[Sentence]:
    """Each title (as sentence -1: headlines state facts too), then every sentence."""
    for text in texts:
        if text.article.title:
            yield Sentence(text.id, -1, text.article.title, 0, 0)
        yield from text.sentences


def _publication_days(texts: Sequence[ArticleText]) -> dict[str, datetime | date | None]:
    """Publication times, the day alone (a ``date``) where the source gave no time of day."""
    return {t.id: t.article.published.date() if t.article.date_only and t.article.published else t.article.published
            for t in texts}  # fmt: skip


def story_facts(
    texts: Sequence[ArticleText],
    tagger: EntityTagger | None = None,
    options: FactOptions | None = None,
    copies: Sequence[CopyLink] = (),
) -> StoryFacts:
    """Every fact of one story, merged across its articles.

    Figures (:mod:`~newsbrief.facts.figures`), entities when a ``tagger`` is given
    (:mod:`~newsbrief.facts.entities`), and dates resolved against each article's
    publication date (:mod:`~newsbrief.facts.dates`); the timeline of dated events;
    and disagreements between sources (:mod:`~newsbrief.facts.disagreements`): on
    figures, and on the day of an event where ``copies`` (the story's copy links)
    show two sources telling it in the same sentence.
    """
    options = options or FactOptions()
    sentences = list(fact_sentences(texts))
    published = {t.id: t.article.published for t in texts}
    figures = extract_figures(sentences)
    days = _publication_days(texts)
    figure_disagreements = find_disagreements(figures, days, options.revision_gap)
    dates = extract_dates(sentences, published)
    # Titles are left to the body: Title Case headlines ("Ferry Capsizes Near Port") mislead NER.
    articles = {t.id: t.article for t in texts}
    entities = merge_entities(tagger((s for s in sentences if s.index >= 0), articles)) if tagger is not None else []
    merged_dates = merge_dates(dates)
    resolved = sorted((f for f in merged_dates if f.when is not None), key=lambda f: f.when)  # type: ignore[arg-type, return-value]
    return StoryFacts(
        facts=(*merge_figures(figures), *entities, *resolved, *(f for f in merged_dates if f.when is None)),
        timeline=tuple(story_timeline(dates)),
        disagreements=(*figure_disagreements, *find_date_disagreements(dates, copies)),
        revisions=_revisions(figures, figure_disagreements, days),
    )


def story_revisions(texts: Sequence[ArticleText], revision_gap: timedelta = REVISION_GAP) -> Revisions:
    """What later reports of the story revised (:attr:`StoryFacts.revisions`) without the
    rest of its facts, for a caller that writes the brief alone (its evaluation)."""
    figures = extract_figures(fact_sentences(texts))
    days = _publication_days(texts)
    return _revisions(figures, find_disagreements(figures, days, revision_gap), days)


def _revisions(
    figures: Sequence[Fact], disagreements: Sequence[Disagreement], days: Mapping[str, datetime | date | None]
) -> Revisions:
    """The titles and sentences that state a figure the revisions of ``disagreements`` replaced."""
    stale = superseded(figures, disagreements)
    return Revisions(titles=_titles_of(stale), sentences=tuple(latest_versions(figures, stale, days)))


def superseded_titles(texts: Sequence[ArticleText], revision_gap: timedelta = REVISION_GAP) -> frozenset[str]:
    """The articles whose title states a figure that later reports revised
    (:func:`~newsbrief.facts.disagreements.superseded`, over the story's titles and
    sentences): "Ferry capsizes, killing 12" once the toll has risen to 17. The
    :attr:`StoryFacts.revisions` titles, for a caller that needs no more of the facts
    (the store, heading its story list).

    >>> from datetime import datetime
    >>> from newsbrief.model import Article
    >>> from newsbrief.pipeline import prepare
    >>> day1 = prepare(Article("a", "Ferry capsizes, killing 12", "At least 12 people were killed.",
    ...                        published=datetime(2024, 3, 12, 8, 40)))
    >>> day2 = prepare(Article("b", "Ferry toll rises", "The death toll rose to 17 on Wednesday.",
    ...                        published=datetime(2024, 3, 13, 14, 30)))
    >>> sorted(superseded_titles([day1, day2]))
    ['a']
    """
    sentences = list(fact_sentences(texts))
    titles = extract_figures(s for s in sentences if s.index < 0)
    if not any(compared(f) for f in titles):
        return frozenset()  # most titles state no count of an event: the sentences need not be read
    figures = [*titles, *extract_figures(s for s in sentences if s.index >= 0)]
    return _titles_of(superseded(figures, find_disagreements(figures, _publication_days(texts), revision_gap)))


def _titles_of(figures: Iterable[Fact]) -> frozenset[str]:
    """The articles of the figures that are read off titles (sentence -1)."""
    return frozenset(f.article for f in figures if f.sentence < 0)
