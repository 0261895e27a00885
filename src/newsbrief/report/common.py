"""What every renderer shares: how articles are numbered and cited, how stories are listed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import timedelta

from newsbrief.model import Article, Fact, Story, StoryBrief, utc_key
from newsbrief.stories.cluster import is_dormant

__all__ = [
    "article_numbers", "cited", "claim_value", "counted", "facts_of", "figure_what", "mention_counts", "published_label",
    "resolved_against", "story_list",
]


def story_list(stories: Sequence[Story], window: timedelta) -> list[dict[str, object]]:
    """The rows of a story list (`newsbrief stories`, the web app), in the order given:
    id, headline (``title``), article count, ``status`` and dates. A story is
    ``"dormant"`` when its latest article is more than ``window`` older than the
    newest of them all (a new article about it would start a story), else ``"open"``.

    >>> from datetime import datetime
    >>> rows = story_list([Story("s-1", ("a",), last_seen=datetime(2026, 1, 1)),
    ...                    Story("s-2", ("b",), last_seen=datetime(2026, 3, 1))], timedelta(days=7))
    >>> [(r["id"], r["status"]) for r in rows]
    [('s-1', 'dormant'), ('s-2', 'open')]
    """
    newest = max((utc_key(s.last_seen) for s in stories if s.last_seen), default=None)
    return [
        {"id": s.id, "title": s.headline, "articles": len(s.articles),
         "status": "dormant" if is_dormant(s.last_seen, newest, window) else "open",
         "first_seen": s.first_seen.isoformat() if s.first_seen else None,
         "last_seen": s.last_seen.isoformat() if s.last_seen else None}
        for s in stories
    ]


def article_numbers(brief: StoryBrief) -> dict[str, int]:
    """Article id -> its number in the story's source list (1-based, story order)."""
    return {a.id: i for i, a in enumerate(brief.articles, start=1)}


def cited(ids: Iterable[str], numbers: dict[str, int]) -> list[str]:
    """The ids that belong to the story, in source-list order (so citations read [1] [2] [4])."""
    return sorted((i for i in ids if i in numbers), key=numbers.__getitem__)


def facts_of(brief: StoryBrief, kind: str) -> list[Fact]:
    """The story's facts of one kind ("figure", "entity", "date"), in story order."""
    return [f for f in brief.facts if f.kind == kind]


def published_label(article: Article) -> str:
    """When an article was published, no more precisely than its source said: the
    day alone, or the time with the offset it was given in ("UTC" for none), or "undated".

    >>> from datetime import datetime, timedelta, timezone
    >>> when = datetime(2018, 10, 6, 8, 57, tzinfo=timezone(timedelta(hours=2)))
    >>> published_label(Article("a", "", "", published=when))
    '2018-10-06 08:57 +02:00'
    >>> published_label(Article("a", "", "", published=datetime(2024, 4, 7, tzinfo=timezone.utc), date_only=True))
    '2024-04-07'
    """
    when = article.published
    if when is None:
        return "undated"
    if article.date_only:
        return when.date().isoformat()
    if when.tzinfo is None:
        return f"{when:%Y-%m-%d %H:%M}"  # a time given without a zone, by a caller of the library
    offset = f"{when:%z}"
    zone = "UTC" if offset == "+0000" else f"{offset[:3]}:{offset[3:5]}"
    return f"{when:%Y-%m-%d %H:%M} {zone}"


def resolved_against(fact: Fact, numbers: dict[str, int]) -> str:
    """How a relative date was resolved: "resolved against the publication date of [2], 2024-03-12"."""
    if fact.anchor is None:
        return ""
    cite = f"[{numbers[fact.article]}], " if fact.article in numbers else ""
    return f"resolved against the publication date of {cite}{fact.anchor.isoformat()}"


def mention_counts(fact: Fact, numbers: dict[str, int]) -> list[tuple[int, int]]:
    """An entity's (source number, mentions) pairs, in source-list order."""
    return sorted((numbers[a], n) for a, n in fact.mentions if a in numbers)


def claim_value(fact: Fact) -> str:
    """How a disagreement's claim reads: a figure as written, a date as the day it names."""
    if fact.kind == "date" and fact.when is not None:
        return f"{fact.what} ({fact.value})"
    return fact.value


def figure_what(fact: Fact) -> str:
    """What a figure counts, to be read after its value as one phrase: the unit that
    ends the value is not said again ("2.2 pounds" + "pounds of TNT" -> "of TNT";
    "minus 5 degrees Celsius" + "degrees Celsius" -> ""), in the singular or hyphenated
    either ("0.25 percentage point" or "0.25-percentage-point" + "percentage points" -> "")."""
    value, what = _unit_words(fact.value), fact.what.split()
    for size in range(min(len(value), len(what)), 0, -1):
        if value[-size:] == _unit_words(" ".join(what[:size])):
            return " ".join(what[size:])
    return fact.what


def _unit_words(text: str) -> list[str]:
    """The words of ``text`` as a unit's, compared: lower case, hyphens as spaces, no plural "s"."""
    return [w.removesuffix("s") for w in text.lower().replace("-", " ").split()]

def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``number`` and ``noun``, in the plural unless it is one: "1 article", "5 articles"."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
