"""Disagreements: sources that give different figures for the same quantity.

:func:`find_disagreements` compares the figures of a story that count the same thing
(the same counted noun and event verb as
:func:`~newsbrief.facts.figures.counted_quantity` reads them: "dead", "died" and a
"death toll" are all people killed, and people, workers, miners or residents struck by
one event are one count of people: "killed 12 people", then "17 miners were killed", is
one revision of the toll; children or soldiers among them are a count of their own) and reports the quantities on which sources
differ, with every side and the articles behind it. It tells two cases apart with
publication times:

* a **revision**: each value is published only after the previous one, at least
  ``revision_gap`` later (a ferry toll of "at least 12" on day one and 19 on day two);
  a value from undated articles alone joins as the latest when its sentence says the
  figure changed ("now", "rose to", "has risen");
* a **contradiction**: sources give values that cannot both be true (41 against 43;
  "at least 43" against 41) at about the same time, or with no times to order them.
  Values that can both hold ("at least 12" and 15 at the same hour; "about 300" and
  "around 310") are not a disagreement.

Only a count that develops as news comes in (the killed, injured, missing, rescued,
arrested or evacuated, homes destroyed, cases) is revised. How many a plane, ship or bus
carried ("carrying 86 passengers", "68 people were on board") was fixed when the event
happened: its values that cannot both hold are a contradiction whenever they were
published ("86 passengers" on Monday, "68 passengers" on Tuesday).

A first contradiction and a later value are both reported: values first published within
``revision_gap`` of each other form a wave of reporting, conflicting values within one wave
are a contradiction (12 and 15 dead in the first hour), and later waves revise earlier ones
(the 17 of the next day).

Which figures are compared, to avoid reporting different events as a conflict: only
those with an event verb, a toll or a tally ("people killed", "homes destroyed", "measles
cases") or a count of those aboard, never an increment ("another 5", "five more"; but "another 24 remain missing" is
the count of the missing), never the value a sentence says was replaced ("raising the toll
from two to six"), never one whose sentence dates it weeks before publication ("attacks in
January which killed 17 people"), never values whose clauses
name different places (247 killed "in Nairobi", 11 "in Dar es Salaam": twin bombings) or
that are more than three times and more than 10 apart (a part and a whole, or another
event's toll; unless the larger comes later and says the toll rose), and
two values conflict only when some article gives the one without the other, and the
other way round.

Any other count is compared only between versions of one sentence, the same words with
another figure in its place (one :func:`~newsbrief.reuse.align.fact_template`: the pairs
that copy detection turns down as saying otherwise), and only as the same counted thing
(:func:`~newsbrief.facts.figures.counted_quantity`): "1,500 workers had joined the strike"
in one source, 1,200 in another. Such values published within half a day of each other
are a contradiction, unless the sentence says the figure changed ("have now joined"),
and a version half a day later or more is a revision: a day's update. Versions of one
sentence that put its event on other days are a contradiction when published the same
day (the next day's version of a daily report is of that day's event).

>>> from datetime import datetime
>>> from newsbrief.model import Fact
>>> def claim(value, number, what, article):
...     return Fact("figure", value, what, f"... {value} {what} ...", (article,), float(number), article, 0)
>>> figures = [claim("41", 41, "people killed", "wire"), claim("43", 43, "dead", "meridian")]
>>> published = {"wire": datetime(2024, 3, 12, 14, 0), "meridian": datetime(2024, 3, 12, 14, 25)}
>>> [(d.kind, [c.value for c in d.claims], d.reason) for d in find_disagreements(figures, published)]
[('contradiction', ['41', '43'], 'each value first published within 25 minutes of the others (2024-03-12 14:00 UTC to 2024-03-12 14:25 UTC)')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from datetime import date, datetime, timedelta, timezone

from newsbrief.facts.dates import bounds_a_period, extract_dates, qualifies_a_noun
from newsbrief.facts.figures import counted_quantity
from newsbrief.model import CopyLink, Disagreement, Fact, Sentence
from newsbrief.reuse.align import FactTemplate, fact_template
from newsbrief.text.calendar_names import MONTH_NAMES, WEEKDAY_NAMES

__all__ = ["find_disagreements", "compared", "superseded", "latest_versions", "find_date_disagreements", "REVISION_GAP"]

REVISION_GAP = timedelta(hours=2)
# Versions of one sentence this far apart are one day's update of the next: a revision.
_VERSION_GAP = timedelta(hours=12)
"""How far apart two publications must be for a changed figure to read as a revision."""

_LOWER_BOUND = ("at least", "more than", "over", "upwards of", "in excess of", "no fewer than", "no less than",
                "just over", "well over")  # fmt: skip
_UPPER_BOUND = ("up to", "nearly", "almost", "fewer than", "less than", "at most", "as many as", "no more than",
                "under", "just under", "close to", "not more than", "as much as")  # fmt: skip
_APPROXIMATE = ("about", "around", "approximately", "roughly", "some", "an estimated", "estimated")
# Increments, not totals: "another 5 people", "five more bodies".
_INCREMENT_BEFORE = re.compile(r"(?:another|a further|an additional)\b", re.I)
_INCREMENT_AFTER = re.compile(r"\s+(?:more|additional|further|new)\b", re.I)
# ... unless what follows says the figure stands: "another 24 people remain missing"
# (besides the dead) is the count of the missing, not 24 more of them.
_STANDING = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:remain|remains|remained|still)\b", re.I)
# Words that say a figure replaces an earlier one.
_UPDATE = re.compile(r"\b(?:now|rose|risen|rises|climbed|climbs|increased|revised|updated|up from|down from|has reached)\b", re.I)
_PAST_EVENT = timedelta(days=14)


# Running tallies that news revises as they grow, an event in themselves without a verb
# ("14 measles cases", later "17").
_TALLY_NOUNS = frozenset("case infection casualty evacuee".split())
_TALLY_INCREMENTS = frozenset("new daily weekly more additional further".split())
# Nouns that name everyone an event struck where it struck: "12 people killed" and, the next
# day, "17 workers killed" (or miners, residents) are one toll. Nouns of a part of them
# (children, soldiers, passengers besides the crew) stay counts of their own.
_STRUCK_PEOPLE = frozenset("worker miner resident villager inhabitant local individual victim".split())

# A count fixed when the event happens: how many a plane, ship or bus carried. News may
# get it wrong and put it right, but it cannot grow as news develops, as a toll does:
# different values of it are a contradiction whenever they are published.
_ABOARD = "aboard"
_CARRIED = re.compile(r"\b(?:carried|carrying|carries|carry)\s+$", re.I)
_ON_BOARD = re.compile(r"(?:\s+[\w-]+){0,4}?\s+(?:aboard|on\s*board)\b", re.I)


def _aboard(fact: Fact) -> bool:
    """Whether a figure is how many were aboard: "carrying 86 passengers", "68 people were on board"."""
    if fact.span is None:
        return False
    return bool(_CARRIED.search(fact.text[: fact.span[0]]) or _ON_BOARD.match(fact.text, fact.span[1]))


def _quantity(fact: Fact) -> tuple[str, str] | None:
    """What a figure measures, as (counted noun, event verb), or ``None`` if it names no event."""
    noun, verb = counted_quantity(fact.what)
    if not verb and noun in _TALLY_NOUNS:
        # The whole phrase: "measles cases" and "court cases" are two tallies; new or
        # daily cases are an increment of one, not its value.
        words = fact.what.lower().split()
        return None if words[0] in _TALLY_INCREMENTS else (" ".join(words), "counted")
    if not verb:
        return (noun or "person", _ABOARD) if _aboard(fact) else None
    return ("person" if not noun or noun in _STRUCK_PEOPLE else noun), verb  # "41 killed": people


# A figure right after "from" is the value a sentence says was replaced ("raising the toll
# from two to six", "up from 12"): the sentence's claim is the new one.
_EARLIER_VALUE = re.compile(r"\bfrom\s+(?:an?\s+)?(?:earlier\s+|previous\s+|initial\s+)?(?:estimates?\s+of\s+)?$", re.I)


def _is_earlier_value(fact: Fact) -> bool:
    return fact.span is not None and _EARLIER_VALUE.search(fact.text[: fact.span[0]]) is not None


def _is_increment(fact: Fact) -> bool:
    after = fact.text[fact.span[1] :] if fact.span else ""
    return bool(_INCREMENT_BEFORE.match(fact.value) or _INCREMENT_AFTER.match(after)) and not _STANDING.match(after)


def _name(quantity: tuple[str, str], fact: Fact) -> str:
    """The quantity in words: "people killed" for every kind of death toll, "passengers
    aboard" for what a plane carried, else as written."""
    if quantity[0] == "person":
        return f"people {quantity[1]}"
    return f"{fact.what} {_ABOARD}" if quantity[1] == _ABOARD else fact.what


def _bounds(fact: Fact) -> tuple[float, float]:
    """The values a figure allows: "at least 12" is 12 or more, "about 300" 270 to 330."""
    number = fact.number or 0.0
    value = fact.value.lower()
    if value.startswith(_LOWER_BOUND):
        return number, float("inf")
    if value.startswith(_UPPER_BOUND):
        return 0.0, number
    if value.startswith(_APPROXIMATE) or re.search(r"\d\s*(?:-|–|to|or|and)\s*\S*\d|\b(?:to|or|and)\b", value):
        return number * 0.9, number * 1.1
    return number, number


@dataclass(frozen=True, order=True)
class _Published:
    """When an article was published, in UTC: a moment (``start`` is ``end``), or a whole
    day, midnight to midnight, when the source gave the day alone: it may be any time of
    that day, so it comes neither before nor after a moment of that day."""

    start: datetime
    end: datetime

    @property
    def day_alone(self) -> bool:
        return self.end > self.start

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d}" if self.day_alone else f"{self.start:%Y-%m-%d %H:%M} UTC"


def _published(when: datetime | date) -> _Published:
    if isinstance(when, datetime):
        moment = when.astimezone(timezone.utc) if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return _Published(moment, moment)
    midnight = datetime(when.year, when.month, when.day, tzinfo=timezone.utc)
    return _Published(midnight, midnight + timedelta(days=1))


def _about_the_past(fact: Fact, published: datetime | date | None) -> bool:
    """Whether the figure's sentence dates it well before publication ("in January", "in 1998")."""
    sentence = Sentence(fact.article, fact.sentence, fact.text, 0, len(fact.text))
    anchor = None if published is None else _published(published).start
    for found in extract_dates([sentence], {fact.article: anchor}):
        if found.when is not None and anchor is not None:
            if found.when[1] < anchor.date() - _PAST_EVENT:
                return True
        elif found.when is not None or not re.search(r"day|night|morning|afternoon|evening|week", found.value, re.I):
            return True  # undated article: a month or a year is another time; a weekday is not
    return False


@dataclass
class _Side:
    """One value of a quantity: the figures that state it and when they were published."""

    number: float
    figures: list[Fact]
    times: list[_Published]
    places: frozenset[str] = frozenset()

    @property
    def sources(self) -> set[str]:
        return {s for f in self.figures for s in f.sources}

    @property
    def bounds(self) -> tuple[float, float]:
        low = max(_bounds(f)[0] for f in self.figures)
        high = min(_bounds(f)[1] for f in self.figures)
        return (low, high) if low <= high else (self.number, self.number)

    def claim(self) -> Fact:
        """The first figure stating this value, with every source."""
        return replace(self.figures[0], sources=tuple(sorted(self.sources)))


def _conflict(a: _Side, b: _Side) -> bool:
    """Values that cannot both hold, each given by some article without the other."""
    (low_a, high_a), (low_b, high_b) = a.bounds, b.bounds
    disjoint = high_a < low_b or high_b < low_a
    return disjoint and bool(a.sources - b.sources) and bool(b.sources - a.sources)


# A place a figure's clause names: "killed 247 people in Nairobi", "off Port Alden".
_PLACE = re.compile(r"\b(?i:in|at|near|outside|off)\s+(?:(?i:neighbou?ring|northern|southern|eastern|western|central)\s+)?"
                    r"((?:[A-Z][\w-]*\.?)(?:\s+(?:es\s+|de\s+|of\s+)?[A-Z][\w-]*\.?)*)(?!['’]s)")  # fmt: skip
_NOT_PLACES = frozenset(m.lower() for m in (*MONTH_NAMES, *WEEKDAY_NAMES, "The", "A", "An", "Least", "Most",
                                             "Christmas", "Easter", "Ramadan", "Eid"))  # fmt: skip
# Where a clause ends: another clause may give another place's figure ("10 in Dar es Salaam,
# while a simultaneous bombing in Nairobi killed 213").
_CLAUSE_END = re.compile(r";|,\s+(?:while|but|and|whereas)\b|\s+while\b")


# A reporting verb right after a place says where the report came from, not where the count
# happened: "officials in Washington said 41 were killed".
_REPORTED_FROM = re.compile(r"\s+(?:\w+\s+)?(?:said|says|told|reported|confirmed|announced)\b")


def _places(fact: Fact) -> frozenset[str]:
    """The places named in the clause of a figure, lower-cased (not where a report came from)."""
    start, end = fact.span if fact.span else (0, len(fact.text))
    before = [m.end() for m in _CLAUSE_END.finditer(fact.text, 0, start)]
    after = _CLAUSE_END.search(fact.text, end)
    clause = fact.text[before[-1] if before else 0 : after.start() if after else len(fact.text)]
    return frozenset(
        p for m in _PLACE.finditer(clause)
        if (p := m.group(1).rstrip(".").lower()) not in _NOT_PLACES and not _REPORTED_FROM.match(clause, m.end())
    )  # fmt: skip


def _one_quantity(a: _Side, b: _Side, gap: timedelta) -> bool:
    """Whether two values can be counts of one thing: not where their clauses name different
    places (the tolls of twin bombings), and not values more than three times apart and more
    than 10 apart (11 and 247: a part and a whole, or two events) unless the larger comes
    later and says the count grew ("the death toll rose to 150", a day after 40)."""
    if a.places and b.places and not a.places & b.places:
        return False
    small, large = sorted((a, b), key=lambda s: s.number)
    if large.number <= 3 * small.number or large.number - small.number <= 10:
        return True
    grew = any(_UPDATE.search(f.text) for f in large.figures)
    return grew and bool(small.times and large.times) and _after(large.times, small.times, gap)


def _components(sides: list[_Side], linked: Callable[[_Side, _Side], bool]) -> list[list[_Side]]:
    """The sides joined, directly or through others, by ``linked``, in their order."""
    groups: list[list[_Side]] = []
    for side in sides:
        joined = [g for g in groups if any(linked(side, other) for other in g)]
        merged = [s for g in joined for s in g] + [side]
        groups = [g for g in groups if all(g is not j for j in joined)] + [merged]
    return [sorted(g, key=sides.index) for g in groups]


def _span(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    if minutes < 48 * 60:
        return f"{minutes // 60} hours"
    return f"{minutes // (24 * 60)} days"


def _after(later: Iterable[_Published], earlier: Iterable[_Published], gap: timedelta) -> bool:
    """Whether every publication of ``later`` is at least ``gap`` after all of ``earlier``;
    where a day alone is given, on a later day is after (its hour, and so the gap, unknown)."""
    later, earlier = list(later), list(earlier)
    by_day = any(p.day_alone for p in (*later, *earlier))
    return min(p.start for p in later) >= max(p.end for p in earlier) + (timedelta(0) if by_day else gap)


def _waves(dated: list[_Side], gap: timedelta) -> list[list[_Side]]:
    """Dated values in waves of reporting: a wave starts when a value is first published
    at least ``gap`` after every earlier value was last published."""
    waves: list[list[_Side]] = []
    for k, side in enumerate(dated):
        if not waves or _after(side.times, (t for s in dated[:k] for t in s.times), gap):
            waves.append([])
        waves[-1].append(side)
    return waves


def _values(wave: list[_Side]) -> str:
    return " and ".join(s.claim().value for s in wave)


def _contradictions(what: str, sides: list[_Side], order: list[_Side], fixed: bool = False) -> list[Disagreement]:
    """One contradiction per group of values that conflict (directly or through others);
    ``fixed``: the values count what was fixed at the event (:func:`_aboard`)."""
    found = []
    for group in _components(sides, _conflict):
        if len(group) < 2:
            continue
        if fixed:
            firsts = sorted(min(s.times) for s in group if s.times)
            reason = "how many were aboard is fixed when the event happens: a later report does not revise it"
            if firsts:
                reason += f" (first published {firsts[0]} to {firsts[-1]})" if firsts[-1] > firsts[0] else f" ({firsts[0]})"
        elif all(s.times for s in group):
            firsts = sorted(min(s.times) for s in group)
            if any(p.day_alone for p in firsts):
                reason = "publication times do not tell which came first, as a day alone gives no time of day"
                reason += f" ({firsts[0]} to {firsts[-1]})"
            elif firsts[-1] > firsts[0]:
                reason = f"each value first published within {_span(firsts[-1].start - firsts[0].start)} of the others"
                reason += f" ({firsts[0]} to {firsts[-1]})"
            else:
                reason = f"the values were published at the same time ({firsts[0]})"
        else:
            reason = "different values, and publication times do not tell which came first"
        claims = tuple(s.claim() for s in sorted(group, key=order.index))
        found.append(Disagreement(what, "contradiction", claims, reason))
    return found


def _judge(what: str, sides: list[_Side], gap: timedelta, fixed: bool = False) -> list[Disagreement]:
    """Revisions where values follow one another in time, contradictions where values
    given at about the same time (or undated) conflict; ``fixed``: the values count what
    was fixed at the event (:func:`_aboard`), and only ever contradict.

    Values are first parted into counts of one thing (:func:`_one_quantity`). Within one
    count, dated values fall into waves of reporting: values of one wave that conflict are
    a contradiction, and later waves revise earlier ones (12 and 15 on day one, 17 on day
    two: a contradiction, and a revision to 17). Undated values join as the latest wave when
    their sentences say the figure changed ("rose to"), else they are compared with all.
    """
    found: list[Disagreement] = []
    for count in _components(sides, lambda a, b: _one_quantity(a, b, gap)):
        if len(count) < 2:
            continue
        dated = sorted((s for s in count if s.times), key=lambda s: (min(s.times), s.number))
        undated = [s for s in count if not s.times]
        order = dated + undated
        if fixed:
            found.extend(_contradictions(what, count, order, fixed=True))
            continue
        if undated and not all(any(_UPDATE.search(f.text) for f in s.figures) for s in undated):
            found.extend(_contradictions(what, count, order))
            continue
        waves = _waves(dated, gap)
        for wave in waves:
            found.extend(_contradictions(what, wave, order))
        if len(waves) + bool(undated) < 2:
            continue
        steps = [f"{_values(b)} {_gap(min(b[0].times), max((t for s in a for t in s.times), key=lambda t: t.end))} "
                 f"the last report of {_values(a)}" for a, b in pairwise(waves)]  # fmt: skip
        one_each = all(len(w) == 1 for w in waves)
        reason = "each value published only after the previous one" if one_each else "later values published only after earlier ones"
        if steps:
            reason += f" ({'; '.join(steps)})"
        if undated:
            reason += "; undated sources say the figure has changed"
        found.append(Disagreement(what, "revision", tuple(s.claim() for s in order), reason))
    return found


def _gap(later: _Published, earlier: _Published) -> str:
    """When ``later`` came out and how long after ``earlier``: "at 2024-03-13 14:30 UTC, 29 hours
    after"; "at least" that long when either is a day alone, or "a later day than"."""
    when = f"{'on' if later.day_alone else 'at'} {later}"
    if not (later.day_alone or earlier.day_alone):
        return f"{when}, {_span(later.start - earlier.end)} after"
    gap = later.start - earlier.end
    return f"{when}, at least {_span(gap)} after" if gap > timedelta(0) else f"{when}, a later day than"


def find_disagreements(
    figures: Iterable[Fact],
    published: Mapping[str, datetime | date | None] | None = None,
    revision_gap: timedelta = REVISION_GAP,
) -> list[Disagreement]:
    """The quantities on which a story's sources disagree, each a revision or a contradiction.

    ``figures`` are figure facts as :func:`~newsbrief.facts.figures.extract_figures`
    gives them (one per mention, so each keeps its own article); ``published`` maps
    article ids to publication times, a ``date`` where the source gave the day alone
    (:attr:`~newsbrief.model.Article.date_only`), which is then neither before nor after
    a time of that day. Each :class:`~newsbrief.model.Disagreement` has
    one claim per value, the earliest first, each with the articles that state it,
    and a ``reason`` in words. Disagreements come in order of first mention.

    Examples
    --------
    >>> from datetime import datetime
    >>> from newsbrief.model import Fact
    >>> figures = [
    ...     Fact("figure", "at least 12", "people killed", "At least 12 people were killed.", ("day1",), 12.0, "day1", 0),
    ...     Fact("figure", "19", "death toll", "The death toll rose to 19.", ("day2",), 19.0, "day2", 0)]
    >>> published = {"day1": datetime(2024, 3, 12, 8, 40), "day2": datetime(2024, 3, 13, 14, 30)}
    >>> (d,) = find_disagreements(figures, published)
    >>> d.kind, d.what, [(c.value, c.sources) for c in d.claims]
    ('revision', 'people killed', [('at least 12', ('day1',)), ('19', ('day2',))])
    >>> d.reason
    'each value published only after the previous one (19 at 2024-03-13 14:30 UTC, 29 hours after the last report of at least 12)'
    """
    published = published or {}
    by_quantity: dict[Hashable, dict[float, _Side]] = defaultdict(dict)
    names: dict[Hashable, str] = {}
    templates: dict[str, FactTemplate | None] = {}
    versions: set[Hashable] = set()  # the counts read off versions of one sentence
    for fact in figures:
        if fact.kind != "figure" or fact.number is None or _is_increment(fact) or _is_earlier_value(fact):
            continue
        quantity: Hashable = _quantity(fact)
        if quantity is not None:
            if _about_the_past(fact, published.get(fact.article)):
                continue
            names.setdefault(quantity, _name(quantity, fact))
        else:
            # Any count, in versions of one sentence: they date it alike, so no past check.
            if fact.text not in templates:
                templates[fact.text] = _template(fact.text)
            template = templates[fact.text]
            quantity = _version_slot(fact, template) if template is not None else None
            if quantity is None:
                continue
            names.setdefault(quantity, fact.what)
            versions.add(quantity)
        side = by_quantity[quantity].setdefault(fact.number, _Side(fact.number, [], []))
        side.figures.append(fact)
        side.places |= _places(fact)
        side.times.extend(_published(t) for s in fact.sources if (t := published.get(s)) is not None)
    found = []
    for quantity, values in by_quantity.items():
        if len(values) > 1:
            sides = list(values.values())
            # A toll grows as news comes in; another count is revised where the sentence says
            # so, or by a version of it published half a day later (a day's update).
            updated = quantity not in versions or any(_UPDATE.search(f.text) for s in sides for f in s.figures)
            fixed = quantity not in versions and quantity[1] == _ABOARD  # type: ignore[index]
            found.extend(_judge(names[quantity], sides, revision_gap if updated else _VERSION_GAP, fixed))
    return found


def compared(fact: Fact) -> bool:
    """Whether :func:`find_disagreements` compares a figure with every other of its count:
    it counts an event or a tally ("killing 12", "death toll", "14 measles cases"); any
    other figure is compared only with versions of its own sentence.

    >>> from newsbrief.model import Fact
    >>> compared(Fact("figure", "12", "killed", "...", ("a",), 12.0)), compared(Fact("figure", "3", "ships", "...", ("a",), 3.0))
    (True, False)
    """
    return _quantity(fact) is not None


def superseded(figures: Iterable[Fact], disagreements: Iterable[Disagreement]) -> list[Fact]:
    """The figures of ``figures`` whose value later reports revised: those stating, in an
    article that gives it, a value of a revision of ``disagreements`` (as
    :func:`find_disagreements` finds them in ``figures``) other than its latest, as a
    count of the same thing.

    >>> from datetime import datetime
    >>> from newsbrief.model import Fact
    >>> figures = [
    ...     Fact("figure", "12", "killed", "Ferry sinks, killing 12", ("day1",), 12.0, "day1", -1),
    ...     Fact("figure", "17", "death toll", "The death toll rose to 17.", ("day2",), 17.0, "day2", 0)]
    >>> published = {"day1": datetime(2024, 3, 12, 8, 40), "day2": datetime(2024, 3, 13, 14, 30)}
    >>> [f.value for f in superseded(figures, find_disagreements(figures, published))]
    ['12']
    """
    stale = {
        (c.number, _quantity(c), source)
        for d in disagreements if d.kind == "revision" for c in d.claims[:-1] for source in c.sources
    }  # fmt: skip
    return [f for f in figures if (quantity := _quantity(f)) is not None and (f.number, quantity, f.article) in stale]


def latest_versions(
    figures: Iterable[Fact], stale: Iterable[Fact], published: Mapping[str, datetime | date | None] | None = None
) -> list[tuple[tuple[str, int], tuple[str, int]]]:
    """Each sentence stating a figure of ``stale`` (:func:`superseded`) paired with its
    latest version: the latest-published sentence of another article with the same words
    but for its figures and days (one :func:`_template`) that states none of them, such
    as "... killing 17 people" for "... killing 12 people". ``figures``: all the story's,
    as (article, sentence index) pairs; titles (sentence -1) are left out.

    >>> from datetime import datetime
    >>> from newsbrief.model import Fact
    >>> early, later = (f"A ferry capsized off Port Alden on Tuesday, killing {n} people." for n in (12, 17))
    >>> figures = [Fact("figure", "12", "people killed", early, ("a",), 12.0, "a", 0, (52, 54)),
    ...            Fact("figure", "17", "people killed", later, ("b",), 17.0, "b", 3, (52, 54))]
    >>> latest_versions(figures, figures[:1], {"a": datetime(2024, 3, 12, 8), "b": datetime(2024, 3, 13, 9)})
    [(('a', 0), ('b', 3))]
    """
    stated = {(f.article, f.sentence) for f in stale if f.sentence >= 0}
    if not stated:
        return []
    by_template: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for key, text in {(f.article, f.sentence): f.text for f in figures if f.sentence >= 0}.items():
        if (template := _template(text)) is not None:
            by_template[template.words].append(key)
    published = published or {}

    def when(key: tuple[str, int]) -> datetime:
        time = published.get(key[0])
        return _published(time).start if time is not None else datetime.min.replace(tzinfo=timezone.utc)

    pairs = []
    for keys in by_template.values():
        current = [k for k in keys if k not in stated]
        if current and len(current) < len(keys):
            latest = max(current, key=when)  # ties: the first given
            pairs.extend((k, latest) for k in keys if k in stated and k[0] != latest[0])
    return pairs


def find_date_disagreements(dates: Iterable[Fact], copies: Iterable[CopyLink]) -> list[Disagreement]:
    """Copies of one sentence that put its event on different days.

    ``dates`` are date facts as :func:`~newsbrief.facts.dates.extract_dates` gives
    them (resolved per article); ``copies`` the story's copy links. Two sentences
    that carry the same text are about one event: those of a copy link, and
    versions of one sentence with a day or month put for another (one
    :func:`~newsbrief.reuse.align.fact_template`; no copy link joins them, as they
    say otherwise). Their dates are paired in order when both have as many, else
    by expression, and days that do not overlap are a contradiction: typically wire
    copy reprinted a day later with its "yesterday" left as it was, or a source that
    got the date wrong. A date that bounds a period ("since 1998", "until Friday") or
    qualifies a noun ("Monday's collapse") is not the event's day and is left out.

    Examples
    --------
    >>> from datetime import date
    >>> from newsbrief.model import CopyLink, Fact, SentenceRef
    >>> text = "The bridge closed on Tuesday."
    >>> dates = [Fact("date", "on Tuesday", "Tue 12 Mar 2024", text, ("a",), article="a", sentence=0,
    ...               when=(date(2024, 3, 12),) * 2),
    ...          Fact("date", "on Tuesday", "Tue 19 Mar 2024", text, ("b",), article="b", sentence=0,
    ...               when=(date(2024, 3, 19),) * 2)]
    >>> link = CopyLink(SentenceRef("a", 0, text), SentenceRef("b", 0, text), "verbatim", 1.0)
    >>> [(d.kind, [c.what for c in d.claims]) for d in find_date_disagreements(dates, [link])]
    [('contradiction', ['Tue 12 Mar 2024', 'Tue 19 Mar 2024'])]
    """
    by_sentence: dict[tuple[str, int], list[Fact]] = defaultdict(list)
    for fact in dates:
        if fact.when is not None and not bounds_a_period(fact) and not qualifies_a_noun(fact):
            by_sentence[(fact.article, fact.sentence)].append(fact)
    found: list[Disagreement] = []
    seen: set[tuple[tuple[date, date], tuple[date, date]]] = set()
    linked = [(link.a.text, (link.a.article, link.a.sentence), (link.b.article, link.b.sentence), True) for link in copies]
    versions = [(text, a, b, False) for text, a, b in _versions(by_sentence)]
    for text, a, b, copied in [*linked, *versions]:
        for one, other in _paired_dates(by_sentence.get(a, []), by_sentence.get(b, [])):
            first, second = sorted((one, other), key=lambda f: f.when)  # type: ignore[arg-type, return-value]
            assert first.when is not None and second.when is not None
            if first.when[1] >= second.when[0] or (first.when, second.when) in seen:
                continue
            if not copied and first.anchor is not None and second.anchor is not None and first.anchor != second.anchor:
                continue  # a sentence told again the next day of that day's event: an update
            seen.add((first.when, second.when))
            told = "the same sentence, copied, puts" if copied else "two versions of one sentence, published the same day, put"
            found.append(Disagreement(
                what=f"date of: {_clipped(text)}",
                kind="contradiction",
                claims=(first, second),
                reason=f"{told} the event on {first.what} in one source and {second.what} in another",
            ))
    return found


_VERSION_WORDS = 5
"""Words besides its figures and days that versions of one sentence share, at least:
shorter sentences ("It was 5.") match by chance."""


def _template(text: str) -> FactTemplate | None:
    """The :func:`~newsbrief.reuse.align.fact_template` of a sentence long enough to tell its versions."""
    template = fact_template(text)
    return template if len(template.words) - len(template.slots) >= _VERSION_WORDS else None


def _version_slot(fact: Fact, template: FactTemplate) -> tuple[tuple[str, ...], int, tuple[str, str]] | None:
    """Which count of which sentence a figure is: the words of the sentence's template,
    the figure's slot in it and what it counts (``None`` if it fills no slot)."""
    if fact.span is None:
        return None
    low, high = fact.span  # the figure's phrase, its qualifier too ("about 1,500")
    slot = next((k for k, (begin, end) in enumerate(template.slots) if begin < high and low < end), None)
    return None if slot is None else (template.words, slot, counted_quantity(fact.what))


def _versions(by_sentence: Mapping[tuple[str, int], list[Fact]]) -> list[tuple[str, tuple[str, int], tuple[str, int]]]:
    """Pairs of sentences of different articles that are versions of one sentence (one
    :func:`_template`), with the text of the first."""
    by_template: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
    for key, facts in by_sentence.items():
        if (template := _template(facts[0].text)) is not None:
            by_template[template.words].append(key)
    return [
        (by_sentence[a][0].text, a, b) for keys in by_template.values()
        for k, a in enumerate(keys) for b in keys[k + 1 :] if a[0] != b[0]
    ]  # fmt: skip


def _paired_dates(a: list[Fact], b: list[Fact]) -> list[tuple[Fact, Fact]]:
    """The dates of two copies of one sentence that tell when the same thing happens: in
    order when both have as many, else those whose expression each has once."""
    if len(a) == len(b):
        return list(zip(sorted(a, key=_at), sorted(b, key=_at)))
    once_a, once_b = _once_by_expression(a), _once_by_expression(b)
    return [(once_a[e], once_b[e]) for e in sorted(once_a.keys() & once_b.keys())]


def _at(fact: Fact) -> int:
    return fact.span[0] if fact.span else 0


def _once_by_expression(facts: list[Fact]) -> dict[str, Fact]:
    """The dates whose expression (lower-cased) comes once among ``facts``, by expression."""
    by_expression: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_expression[fact.value.lower()].append(fact)
    return {expression: found[0] for expression, found in by_expression.items() if len(found) == 1}


def _clipped(text: str, length: int = 80) -> str:
    """``text`` cut to at most ``length`` characters at a word's end, "…" marking the cut."""
    if len(text) <= length:
        return text
    return text[: length + 1].rsplit(" ", 1)[0].rstrip(",;:") + " …"

