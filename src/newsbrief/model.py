"""The plain data that flows between newsbrief's stages.

Every stage takes and returns these small frozen dataclasses, so a stage can be
tested, cached, stored or shipped to a Dask worker without knowing about the
others. Tuples (not lists) keep them hashable and immutable.

>>> from newsbrief.model import Article
>>> a = Article.create(title="Quake hits", text="A quake hit the city.", source="Daily")
>>> a.id == Article.create(title="Quake hits", text="A  quake hit the city. ", source="Daily").id
True
>>> a.id == Article.create(title="Quake hits", text="A quake hit the city.", source="Other").id
False
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Literal

__all__ = [
    "utc_key",
    "outlet_key",
    "outlet_names",
    "Article",
    "Sentence",
    "ArticleText",
    "SentenceRef",
    "CopyLink",
    "NearDuplicate",
    "Story",
    "BriefSentence",
    "Fact",
    "Disagreement",
    "Revisions",
    "StoryBrief",
    "content_id",
    "first_of_each_id",
]

CopyKind = Literal["verbatim", "reworded"]

_SPACE = re.compile(r"\s+")


def utc_key(when: datetime) -> datetime:
    """A key that orders dates with and without a time zone together: naive UTC
    (a naive date is taken as UTC already)."""
    if when.tzinfo is None:
        return when
    if when.tzinfo is timezone.utc:  # most dates: no conversion to make
        return when.replace(tzinfo=None)
    return when.astimezone(timezone.utc).replace(tzinfo=None)


def outlet_key(source: str) -> str:
    """What tells outlets apart however their name is written: case, a leading "The"
    and the hyphens and underscores of a folder's name folded, so articles read from a
    folder ``harbour-herald`` and JSONL records of source "The Harbour Herald" are one
    outlet's.

    >>> outlet_key("harbour_herald") == outlet_key("The Harbour Herald") == "harbour herald"
    True
    """
    words = re.sub(r"[-_\s]+", " ", source).strip().casefold()
    return words[4:] if words.startswith("the ") else words


def outlet_names(sources: Iterable[str]) -> dict[str, str]:
    """Each spelling of an outlet in ``sources`` -> the one that names it (the outlets told
    apart by :func:`outlet_key`): one written as the outlet writes itself (a record's, a
    page's), with capitals, then with spaces, before a folder's; then the most written.

    >>> outlet_names(["coast-times", "Coast Times", "the coast times", "Dock Daily"])
    {'Coast Times': 'Coast Times', 'coast-times': 'Coast Times', 'the coast times': 'Coast Times', 'Dock Daily': 'Dock Daily'}
    """
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for source in sources:
        spellings[outlet_key(source)][source] += 1
    names = {}
    for seen in spellings.values():
        name = max(sorted(seen), key=lambda s: (s != s.casefold(), " " in s.strip(), seen[s]))
        names.update({spelling: name for spelling in sorted(seen)})
    return names


def first_of_each_id(ids: Iterable[str]) -> list[int]:
    """The positions of the first of each id, in order: an id names one article
    everywhere (``brief``, ``ingest``, ``copies``), the first read.

    >>> first_of_each_id(["a", "b", "a", "c"])
    [0, 1, 3]
    """
    first: dict[str, int] = {}
    for position, article_id in enumerate(ids):
        first.setdefault(article_id, position)
    return list(first.values())


def content_id(title: str, text: str, source: str = "") -> str:
    """A stable id for an article's content as an outlet carried it: 16 hex digits of a SHA-256.

    Case, Unicode form and white space are folded first, so the same article
    read from an HTML page and from a feed gets the same id. The outlet counts
    (as :func:`outlet_key` tells outlets apart): wire copy carried word for word by
    three outlets is three articles, each outlet credited with it (without a
    source, the content alone decides).
    """
    outlet = outlet_key(source)
    carried = f"{outlet}\n{title}\n{text}" if outlet else f"{title}\n{text}"
    folded = unicodedata.normalize("NFKC", carried).casefold()
    folded = _SPACE.sub(" ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Article:
    """One news article as ingested: cleaned text plus metadata.

    ``published_from`` says where the publication date came from (``"metadata"``,
    ``"feed"``, ``"record"``, ``"url"``, ...) or is ``None`` when no date is known.
    ``date_only``: the source gave a day without a time of day (``published`` is
    midnight UTC of that day, which reports do not show as a time).
    """

    id: str
    title: str
    text: str
    source: str = ""
    url: str | None = None
    published: datetime | None = None
    published_from: str | None = None
    language: str | None = None
    origin: str | None = None  # file (and line) it was read from
    date_only: bool = False

    @classmethod
    def create(cls, *, title: str, text: str, source: str = "", **kw: object) -> Article:
        """Build an article whose id is the :func:`content_id` of its title, text and source."""
        return cls(id=content_id(title, text, source), title=title, text=text, source=source, **kw)  # type: ignore[arg-type]

    @property
    def published_iso(self) -> str | None:
        """``published`` in ISO 8601, the day alone when that is all the source gave.

        >>> Article("a", "", "", published=datetime(2024, 4, 7), date_only=True).published_iso
        '2024-04-07'
        """
        if self.published is None:
            return None
        return self.published.date().isoformat() if self.date_only else self.published.isoformat()

    @property
    def headline_only(self) -> bool:
        """Whether all the article says is its headline (a titles-only feed's item)."""
        return bool(self.title.strip()) and " ".join(self.text.split()) == " ".join(self.title.split())


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article: its text and its character span in ``Article.text``."""

    article: str
    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleText:
    """An article with its sentences, the input of every analysis stage."""

    article: Article
    sentences: tuple[Sentence, ...]

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def published(self) -> datetime | None:
        return self.article.published


@dataclass(frozen=True)
class SentenceRef:
    """A pointer to one sentence, with its text for display."""

    article: str
    sentence: int
    text: str


@dataclass(frozen=True)
class CopyLink:
    """Two sentences of two articles that carry the same text.

    ``kind`` is ``"verbatim"`` when the normalised words are the same and
    ``"reworded"`` when they differ but the similarity is above the threshold.
    ``first`` is the article id of the earlier carrier when publication times
    tell, else ``None``. ``spans`` are the aligned runs of words, each as
    character offsets ``(a_start, a_end, b_start, b_end)`` into ``a.text`` and
    ``b.text``, in ``a``'s order (empty when not worked out; the store keeps
    them, see :func:`newsbrief.reuse.detect.link_spans`).
    """

    a: SentenceRef
    b: SentenceRef
    kind: CopyKind
    score: float
    first: str | None = None
    spans: tuple[tuple[int, int, int, int], ...] = ()


@dataclass(frozen=True)
class NearDuplicate:
    """Two whole articles that are (nearly) the same text, e.g. syndicated wire copy."""

    a: str
    b: str
    similarity: float


@dataclass(frozen=True)
class Story:
    """A group of articles about one event. Ids are never reused.

    ``headline``: the headline of the story's brief, as a store keeps it
    (``brief.rank.story_headline``); empty where it is not known.
    """

    id: str
    articles: tuple[str, ...]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    merged_into: str | None = None
    headline: str = ""


@dataclass(frozen=True)
class BriefSentence:
    """A sentence of a brief: a source sentence, with every article that carried it;
    ``revises``: the articles that told an earlier version of it, with a figure later
    reports revised ("killing 12" where this says "killing 17")."""

    text: str
    article: str
    sentence: int
    sources: tuple[str, ...]
    score: float = 0.0
    revises: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A fact found in a story: for a figure, ``value`` is the number as written
    ("129", "$50 million", "about 20"), ``number`` its numeric value and ``what``
    the words it counts.

    For an entity, ``value`` is its name, ``what`` its type ("person",
    "organisation", "place", "group", "event"), ``forms`` every way the story
    writes it ("Kerry", "John Kerry") and ``mentions`` how often each source
    names it. For a date, ``value`` is the expression as written ("Tuesday",
    "last week"), ``when`` the first and last day it names, ``what`` those days
    in words, and ``anchor`` the publication date of ``article`` that a relative
    or year-less expression was resolved against (``None`` when the text gave
    the full date, or when there was no date to resolve against: then ``when``
    is ``None`` too). ``span`` is where ``value`` sits in ``text``.
    """

    kind: Literal["figure", "entity", "date"]
    value: str
    what: str
    text: str
    sources: tuple[str, ...]
    number: float | None = None
    article: str = ""
    sentence: int = -1
    span: tuple[int, int] | None = None
    forms: tuple[str, ...] = ()
    mentions: tuple[tuple[str, int], ...] = ()
    when: tuple[date, date] | None = None
    anchor: date | None = None


@dataclass(frozen=True)
class Disagreement:
    """Sources that give different values for the same quantity.

    ``claims`` holds one figure per value, earliest published first, each with the
    articles that state it. ``kind`` is ``"revision"`` when publication times show
    the value changing over time (a toll of 12 on day one, 19 on day two) and
    ``"contradiction"`` when sources disagree at about the same time; ``reason``
    says why in words.
    """

    what: str
    kind: Literal["contradiction", "revision"]
    claims: tuple[Fact, ...]
    reason: str = ""


@dataclass(frozen=True)
class Revisions:
    """What later reports of a story revised, as the facts stage reads its figures
    (``facts.story.story_facts``), for the brief to state the latest: ``titles``, the
    articles whose title states a figure later reports revised ("Ferry capsizes, killing
    12" once the toll is 17); ``sentences``, pairs of a sentence stating one and its
    latest version (the same words with the latest figures), each as (article id,
    sentence index)."""

    titles: frozenset[str] = frozenset()
    sentences: tuple[tuple[tuple[str, int], tuple[str, int]], ...] = ()


@dataclass(frozen=True)
class StoryBrief:
    """Everything newsbrief says about one story: the unit every report renders.

    ``facts`` holds figures, entities and dates merged across the articles;
    ``timeline`` the dated events (date facts whose ``text`` is the event's sentence)
    in date order; ``disagreements`` the figures sources disagree on.
    """

    story: Story
    headline: str
    articles: tuple[Article, ...]
    brief: tuple[BriefSentence, ...]
    copies: tuple[CopyLink, ...] = ()
    near_duplicates: tuple[NearDuplicate, ...] = ()
    facts: tuple[Fact, ...] = field(default=())
    timeline: tuple[Fact, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
