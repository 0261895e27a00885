"""Dates: when a story's events happened, resolved against publication dates.

:func:`extract_dates` finds date expressions in sentences, absolute ("March 12,
2024", "12 March", "November 16-17", "in 2015") and relative ("Tuesday", "late on
Monday", "last week", "two years ago", "next month"), and resolves each to the days
it names. Relative and year-less expressions are resolved against the publication
date of the article they come from; the fact keeps that date as its ``anchor`` so a
reader can check the arithmetic. Without a publication date they stay unresolved
(``when`` is ``None``) rather than guessed. :func:`merge_dates` folds the mentions of
one day (or period) across articles into one fact, and :func:`story_timeline` lists
the dated events of a story in date order, copies of one sentence folded together.

Why hand-written rules rather than a date-parsing library: ``dateparser.search_dates``
reads ordinary words as dates ("may", "now", "second") and costs milliseconds a
sentence, and no library says which publication date a relative expression was
resolved against. News writes dates in few forms, listed above; the rules read them
and nothing else.

How relative days are read, following news usage: a bare weekday ("on Tuesday") is the
latest such day on or before publication, unless its clause speaks of the future
("will", "is due", "planned", ...), a schedule verb in the present governs it ("the
summit opens on Wednesday", "the committee meets Thursday"; not "said on Tuesday") or a
modal and "by" set it as a deadline ("could be ready by Friday") or a state still to last
("may keep the border shut on Monday"), then it is the first such day on or after it. A
participle after a verb of state is the state, not a past event: "will remain closed on
Friday" looks ahead, "remained closed on Friday" and "was closed on Friday" back.
Negation keeps the direction of a plan or schedule ("will not reopen on Friday", "does not
reopen until Friday" look ahead); what did not happen or was not said that day looks back
("could not reach the village on Monday", "would not say on Monday whether ..."). A year-less day or month is in the publication
year unless that puts it more than a month after publication (then the year before);
with a future cue, more than a month before publication moves it to the next year.
Weeks run Monday to Sunday.

>>> from datetime import datetime
>>> from newsbrief.model import Sentence
>>> s = Sentence("a1", 0, "The ferry sank on Tuesday, a week after an inspection last month.", 0, 65)
>>> [(f.value, f.when[0].isoformat(), f.what) for f in extract_dates([s], {"a1": datetime(2024, 3, 13)})]
[('Tuesday', '2024-03-12', 'Tue 12 Mar 2024'), ('last month', '2024-02-01', 'Feb 2024')]
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from newsbrief.model import Fact, Sentence
from newsbrief.text.calendar_names import MONTH, MONTH_NUMBERS, WEEKDAY, WEEKDAY_NAMES
from newsbrief.text.normalise import match_tokens, numbers_differ
from newsbrief.text.sentences import quoted

__all__ = ["extract_dates", "merge_dates", "story_timeline", "describe_days", "bounds_a_period", "qualifies_a_noun"]

# ----------------------------------------------------------------------- patterns

_WEEKDAYS = {name.lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DASH = r"\s*[-–]\s*"
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_NUMBER = r"(?:\d{1,3}|" + "|".join(_SMALL_NUMBERS) + ")"
# Words before a bare month or year that make it a date ("in March", "since 2015").
_TIME_PREPOSITIONS = r"(?i:in|since|until|till|by|before|after|during|from|through|throughout|fiscal)"
_MONTH_MODIFIERS = r"(?i:last|next|this|early|mid|late|the\s+end\s+of|the\s+start\s+of|the\s+beginning\s+of|the\s+middle\s+of)"

_DATE = re.compile(
    rf"""
    \b(?P<iso>(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))\b
  | \b(?P<md>(?P<md_m>{MONTH})\s+(?P<md_d>{_DAY})\b
        (?:(?:{_DASH}|\s+(?:to|through|until)\s+)(?:(?P<md_m2>{MONTH})\s+)?(?P<md_d2>{_DAY})\b)?
        (?:,?\s+(?P<md_y>{_YEAR})\b)?)
  | \b(?P<dm>(?P<dm_d>{_DAY})(?:{_DASH}(?P<dm_d2>{_DAY}))?\s+(?:of\s+)?(?P<dm_m>{MONTH})
        (?:,?\s+(?P<dm_y>{_YEAR})\b)?)
  | \b(?P<my>(?P<my_m>{MONTH}),?\s+(?P<my_y>{_YEAR}))\b
  | \b(?:{_TIME_PREPOSITIONS}\s+(?=(?:{_MONTH_MODIFIERS}[\s-]+)?{MONTH})|(?={_MONTH_MODIFIERS}[\s-]+{MONTH}))
        (?P<mb>(?:(?P<mb_mod>{_MONTH_MODIFIERS})[\s-]+)?(?P<mb_m>{MONTH})(?:,?\s+(?P<mb_y>{_YEAR})\b)?)
        (?!\w)(?!\s*{_DAY}\b)
  | \b(?P<ago>(?P<ago_n>(?i:{_NUMBER}))\s+(?P<ago_unit>(?i:day|week|month|year))s?\s+(?i:ago))\b
  | \b(?P<rel>(?:(?P<rel_side>(?i:earlier|later))\s+)?(?P<rel_which>(?i:this|last|next|past))
        \s+(?P<rel_unit>(?i:week|weekend|month|year|night|morning|afternoon|evening)))\b
  | \b(?i:at|over|during)\s+(?:the\s+)?(?P<weekend>(?i:weekend))\b
  | \b(?:(?P<wd_mod>(?i:last|next|this))\s+)?(?P<wd>{WEEKDAY})(?:['’]s)?
        (?:\s+(?P<wd_part>(?i:morning|afternoon|evening|night)))?\b
  | \b(?:(?:{_TIME_PREPOSITIONS}|(?i:early|late|mid))\s+|(?i:mid)-)(?P<y>{_YEAR})\b(?![-–/]\d)
        (?!\s+[a-z]+s\b)
  | \b(?P<dayword>(?i:today|tonight|yesterday|tomorrow))\b
        (?:\s+(?P<dayword_part>(?i:morning|afternoon|evening|night)))?
    """,
    re.VERBOSE,
)

# Words that put a clause in the future: "will vote on Friday", "a vigil is planned for Friday",
# "residents must wait until July".
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would|(?:is|are)(?:\s+not|n['’]t)?\s+to|due|scheduled|planned|planning|plans|expected|expects?|forecasts?|set to"
    r"|upcoming|intends?|aims?|must(?!\s+have)|ha(?:s|ve) to|needs? to|(?<!was )(?<!were )going to)\b|['’]ll\b",
    re.IGNORECASE,
)
# A modal and "by" just before the date set a deadline still to come: "could be ready by Friday",
# "may be finished by Friday". Only that near: a modal anywhere in the clause is as often of
# another time than the date's ("On Tuesday, Chavez issued the decree, saying that Congress should
# ...": docs/benchmarks.md, session 10); "could have been done by" looks back.
# So does a modal before a verb of state that governs the date, a state still to last ("may keep
# the border shut on Monday", "could remain closed until Friday").
# Negated, a modal tells what did not happen by then ("could not be found by Monday"): no deadline.
_STATE_VERB = r"stay|stays|staying|remain|remains|remaining|keep|keeps|keeping"
_MODAL_AHEAD = re.compile(
    r"\b(?:could|may|might|can|should)\s+(?!have\b|not\b|never\b)"
    rf"(?:(?:[\w'’-]+\s+){{0,3}}?by|(?:be\s+kept|{_STATE_VERB})(?:\s+[\w'’-]+){{0,5}}?)\s+\Z",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[;:—–]|,\s+(?:and|but|while|as|after|before|when)\b|\.\s")
# News states scheduled events in the simple present: "the summit opens on Wednesday", "the
# committee meets Thursday". Such a verb counts as a future cue only when it governs the date:
# it comes before it with at most five words between (an object, "on": "opens to the public on",
# "meets to consider monetary policy on"), none of them starting a new clause or a past verb
# ("ends a week that began on Monday"). Only schedule verbs are
# listed, not every "-s" word, since plural nouns look the same ("attacks on Tuesday"); reporting
# verbs ("says") stay out: "says on Tuesday" reports what was said. Negated, the schedule stands
# ("the airport does not reopen until Friday", "the talks don't resume until Monday").
_SCHEDULE_VERBS = (
    "open", "reopen", "meet", "begin", "start", "hold", "host", "resume", "visit", "travel", "arrive", "leave",
    "vote", "end", "close", "convene", "play", "face", "launch", "run", "last", "expire", "take place", "kick off",
)  # fmt: skip


def _third_person(verb: str) -> str:
    first, *rest = verb.split()
    return r"\s+".join([first + ("es" if first.endswith(("ch", "sh", "ss", "x")) else "s"), *rest])


_SCHEDULED = re.compile(
    r"\b(?:" + "|".join(map(_third_person, _SCHEDULE_VERBS))
    + r"|(?:do|does)(?:\s+not|n['’]t)\s+(?:" + "|".join(v.replace(" ", r"\s+") for v in _SCHEDULE_VERBS) + "))"
    r"(?P<between>(?:\s+[\w'’-]+){0,5}?)\s+\Z",
    re.IGNORECASE,
)
# Reporting verbs in the past. One right before the date dates the saying, whatever the
# report says of the future ("Quantix said on Monday it would cut 2,500 jobs"), and so does
# one between the date and a future cue ("On Sunday, Hall said he would meet ...").
_REPORTED = "said|announced|confirmed|reported|warned|declared|stated|revealed|disclosed|added"
# Declining to say is reported as saying is: "would not say on Monday whether talks would resume"
# dates the refusal, not the talks.
_WITHHELD = r"(?:would\s+not|wouldn['’]t|declined\s+to|refused\s+to)\s+(?:say|comment|confirm|discuss|disclose|elaborate)"
_REPORTED_ON = re.compile(
    rf"\b(?:{_REPORTED}|says|announces|told\s+[\w'’-]+|{_WITHHELD})\s+(?:on\s+|late\s+|early\s+)?\Z", re.IGNORECASE
)
_REPORTING_PAST = re.compile(rf"\b(?:{_REPORTED}|told|insisted)\b", re.IGNORECASE)
_NOT_BETWEEN = re.compile(r"\b(?:that|which|who|when|after|before|since|was|were|had|\w+ed)\b", re.IGNORECASE)
# A schedule verb after one of these is a noun: "the votes on Tuesday", "his visits on Monday".
_NOUN_BEFORE = frozenset("the a an his her its their our these those".split())

# A past verb right before the date dates what was done, whatever the clause says of the
# future ("trucks would cross under a deal reached on Monday"); not a passive still to come
# ("will be signed on Monday", "when the results are released in December"), a participle
# that looks ahead ("expected on Thursday") or a date that qualifies a noun ("halted
# Tuesday's planned execution").
_DONE_ON = re.compile(
    r"\b(?!(?:expected|scheduled|planned|slated|timed|needed|hundred|need|speed|feed|seed|bed|red|shed|indeed"
    r"|bleed|breed|greed|creed|steed)\b)"
    r"(?:[a-z]\w*ed|held|struck|met|made|began|won|lost|took|gave|hit|found|told|sent|sold|shot|fell|broke|left)"
    r"\s+(?:on\s+|late\s+|early\s+)?\Z"
)
# Negated, "did" and "could" governing the date tell what did not happen that day, whatever the
# clause says next ("could not reach the village on Monday and will try again").
_NOT_DONE = re.compile(
    r"\b(?:did|could)(?:\s+not|n['’]t)\s+(?:(?!(?:that|which|who|when|whether|if|would|will)\b)[\w'’-]+\s+){1,4}?\Z",
    re.IGNORECASE,
)
# Before the participle, the words of a passive still to come ("will be formally opened").
_TO_COME = re.compile(r"\b(?:be|been|being|is|are|will|shall)\s+(?:\w+ly\s+)*\Z", re.IGNORECASE)
# A participle after a verb of state is the state, not a past event ("will stay closed on
# Friday", "keep the road closed"): the state verb tells the time, past ("remained closed on
# Friday") or not ("will remain closed"). Up to three words of object come between.
_STATE_BEFORE = re.compile(
    rf"\b(?:(?P<past>stayed|remained|kept)|{_STATE_VERB})\s+(?:(?!(?:that|which|who|when)\b)[\w'’-]+\s+){{0,3}}?\Z",
    re.IGNORECASE,
)

_POSSESSIVE = ("'s", "\u2019s")

_MONTH_ABBREVIATIONS = [m[:3] for m in calendar.month_name]  # "" then "Jan" ... "Dec"
_DAY_ABBREVIATIONS = [d[:3] for d in calendar.day_name]  # "Mon" ... "Sun"


# --------------------------------------------------------------------- day maths


def _month_days(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None  # "February 30", "April 31"


def describe_days(days: tuple[date, date]) -> str:
    """The days of a date fact in words: a day, a whole month or year, or a span.

    >>> from datetime import date
    >>> describe_days((date(2024, 3, 12), date(2024, 3, 12)))
    'Tue 12 Mar 2024'
    >>> describe_days((date(2015, 11, 16), date(2015, 11, 17)))
    '16–17 Nov 2015'
    >>> describe_days((date(2024, 2, 1), date(2024, 2, 29))), describe_days((date(2022, 1, 1), date(2022, 12, 31)))
    ('Feb 2024', '2022')
    """
    first, last = days
    if first == last:
        return f"{_DAY_ABBREVIATIONS[first.weekday()]} {first.day} {_MONTH_ABBREVIATIONS[first.month]} {first.year}"
    if (first.month, first.day, last.month, last.day) == (1, 1, 12, 31) and first.year == last.year:
        return str(first.year)
    if first.day == 1 and (first.year, first.month) == (last.year, last.month) and last == _month_days(last.year, last.month)[1]:
        return f"{_MONTH_ABBREVIATIONS[first.month]} {first.year}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {_MONTH_ABBREVIATIONS[first.month]} {first.year}"
    start = f"{first.day} {_MONTH_ABBREVIATIONS[first.month]}"
    if first.year != last.year:
        start += f" {first.year}"
    return f"{start} – {last.day} {_MONTH_ABBREVIATIONS[last.month]} {last.year}"


# --------------------------------------------------------------------- resolution


@dataclass(frozen=True, slots=True)
class _Mention:
    kind: str  # the pattern that read it: "md", "wd", "rel", ...
    value_start: int
    end: int
    days: tuple[date, date] | None
    relative: bool  # needed the publication date (weekday, "last week", a year-less day)


def _day_number(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _year_for(month: int, day: int, anchor: date, future: bool) -> int:
    """The year of a year-less day: the publication year, unless that is over a month off."""
    candidate = _safe_date(anchor.year, month, min(day, 28) if month == 2 else day) or date(anchor.year, month, 1)
    if future and candidate < anchor - timedelta(days=31):
        return anchor.year + 1
    if not future and candidate > anchor + timedelta(days=31):
        return anchor.year - 1
    return anchor.year


def _weekday(name: str, modifier: str, anchor: date, future: bool) -> date:
    target = _WEEKDAYS[name.lower()]
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if modifier == "last":
        return anchor - timedelta(days=back or 7)
    if modifier == "next":
        return anchor + timedelta(days=ahead or 7)
    return anchor + timedelta(days=ahead) if future else anchor - timedelta(days=back)


def _relative_period(which: str, unit: str, side: str, anchor: date) -> tuple[date, date]:
    if unit in ("night", "morning", "afternoon", "evening"):
        day = anchor - timedelta(days=1) if which == "last" else anchor + timedelta(days=1) if which == "next" else anchor
        return day, day
    step = {"last": -1, "next": 1}.get(which, 0)
    if which == "past":
        length = {"week": 7, "weekend": 3, "month": 30, "year": 365}[unit]
        return anchor - timedelta(days=length), anchor
    if unit in ("week", "weekend"):
        monday, sunday = _week_of(anchor + timedelta(weeks=step))
        if unit == "weekend":
            return sunday - timedelta(days=1), sunday
        first, last = monday, sunday
    elif unit == "month":
        first, last = _month_days(*_add_months(anchor, step))
    else:
        first, last = date(anchor.year + step, 1, 1), date(anchor.year + step, 12, 31)
    if step == 0 and side == "earlier":
        return first, anchor
    if step == 0 and side == "later":
        return anchor, last
    return first, last


def _ago(count: int, unit: str, anchor: date) -> tuple[date, date]:
    if unit == "day":
        day = anchor - timedelta(days=count)
        return day, day
    if unit == "week":
        return _week_of(anchor - timedelta(weeks=count))
    if unit == "month":
        return _month_days(*_add_months(anchor, -count))
    return date(anchor.year - count, 1, 1), date(anchor.year - count, 12, 31)


def _is_future(text: str, start: int, end: int) -> bool:
    """Whether the clause around ``text[start:end]`` speaks of the future."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)]
    clause_start = breaks[-1] if breaks else 0
    past = _DONE_ON.search(text, clause_start, start)
    state = None if past is None else _STATE_BEFORE.search(text, clause_start, past.start())
    if state is not None and _NOUN_BEFORE.isdisjoint(text[clause_start : state.start()].lower().split()[-1:]):
        past = state if state.group("past") else None  # "stayed closed": done; "will stay closed": to judge
    done = (
        (past is not None and _TO_COME.search(text, clause_start, past.start()) is None)
        or _NOT_DONE.search(text, clause_start, start) is not None
    ) and not text.endswith(_POSSESSIVE, 0, end)
    if done or _REPORTED_ON.search(text, clause_start, start):
        return False  # "said on Monday it would cut": the day it was said
    if _MODAL_AHEAD.search(text, clause_start, start) and not text.endswith(_POSSESSIVE, 0, end):
        return True  # "could be ready by Friday"; "could be hit by Friday's storm" names a day's storm
    after = _CLAUSE_BREAK.search(text, end)
    clause_end = after.start() if after else len(text)
    cue = _FUTURE.search(text, clause_start, clause_end)
    if cue is not None:
        # "On Sunday, Hall said he would meet ...": a reporting verb between the date and
        # the cue dates the saying; "said it will vote on Friday" looks ahead.
        return not (cue.start() >= end and _REPORTING_PAST.search(text, end, cue.start()))
    scheduled = _SCHEDULED.search(text, clause_start, start)
    if scheduled is None or _NOT_BETWEEN.search(scheduled.group("between")):
        return False
    before = text[clause_start : scheduled.start()].split()
    return not before or before[-1].lower() not in _NOUN_BEFORE


def _resolve(m: re.Match[str], text: str, anchor: date | None) -> _Mention | None:
    """The days a date expression names, or ``None`` days when they cannot be known."""
    g = m.group
    for kind in ("iso", "md", "dm", "my", "mb", "ago", "rel", "weekend", "wd", "y", "dayword"):
        if g(kind) is not None:
            break
    start, end = m.start(kind), m.end(kind)
    if kind == "weekend":
        start = m.start()  # "over the weekend"
    elif kind in ("wd", "dayword"):
        start = m.start("wd_mod") if kind == "wd" and g("wd_mod") else start  # "last Tuesday"
        end = max(end, m.end(f"{kind}_part"))  # "Tuesday afternoon"
    future = _is_future(text, m.start(), m.end())
    if kind == "iso":
        day = _safe_date(int(g("iso_y")), int(g("iso_m")), int(g("iso_d")))
        return _Mention(kind, start, end, (day, day), relative=False) if day else None
    if kind in ("md", "dm"):
        month = MONTH_NUMBERS[g(f"{kind}_m").lower()]
        first_day = _day_number(g(f"{kind}_d"))
        last_day = _day_number(g(f"{kind}_d2")) if g(f"{kind}_d2") else first_day
        last_month = MONTH_NUMBERS[g("md_m2").lower()] if kind == "md" and g("md_m2") else month
        year_text = g(f"{kind}_y")
        if year_text is None and anchor is None:
            return _Mention(kind, start, end, None, relative=True)
        year = int(year_text) if year_text else _year_for(month, first_day, anchor, future)  # type: ignore[arg-type]
        first = _safe_date(year, month, first_day)
        last = _safe_date(year + (last_month < month), last_month, last_day)
        if first is None or last is None or last < first or (last - first).days > 62:
            return None
        return _Mention(kind, start, end, (first, last), relative=year_text is None)
    if kind == "my":
        return _Mention(kind, start, end, _month_days(int(g("my_y")), MONTH_NUMBERS[g("my_m").lower()]), relative=False)
    if kind == "y":
        year = int(g("y"))
        return _Mention(kind, start, end, (date(year, 1, 1), date(year, 12, 31)), relative=False)
    if anchor is None and not (kind == "mb" and g("mb_y")):
        return _Mention(kind, start, end, None, relative=True)
    if kind == "mb":
        month = MONTH_NUMBERS[g("mb_m").lower()]
        modifier = " ".join((g("mb_mod") or "").lower().split())
        if g("mb_y"):
            year = int(g("mb_y"))
        else:
            assert anchor is not None  # a year-less month without a publication date returned above
            if modifier == "last":
                year = anchor.year if month < anchor.month else anchor.year - 1
            elif modifier == "next":
                year = anchor.year if month > anchor.month else anchor.year + 1
            elif modifier == "this":
                year = anchor.year
            else:
                year = _year_for(month, 1, anchor, future)
        first, last = _month_days(year, month)
        if modifier == "early":
            last = first + timedelta(days=9)
        elif modifier == "mid" or modifier.endswith("middle of"):
            first, last = first + timedelta(days=10), first + timedelta(days=19)
        elif modifier in ("late", "the end of") or modifier.endswith("end of"):
            first = first + timedelta(days=20)
        elif modifier.endswith(("start of", "beginning of")):
            last = first + timedelta(days=9)
        return _Mention(kind, start, end, (first, last), relative=not g("mb_y"))
    assert anchor is not None  # every kind left is relative
    if kind == "ago":
        count = _SMALL_NUMBERS.get(g("ago_n").lower()) or int(g("ago_n"))
        return _Mention(kind, start, end, _ago(count, g("ago_unit").lower(), anchor), relative=True)
    if kind == "rel":
        days = _relative_period(g("rel_which").lower(), g("rel_unit").lower(), (g("rel_side") or "").lower(), anchor)
        return _Mention(kind, start, end, days, relative=True)
    if kind == "weekend":
        saturday = anchor - timedelta(days=(anchor.weekday() - 5) % 7)
        return _Mention(kind, start, end, (saturday, saturday + timedelta(days=1)), relative=True)
    if kind == "wd":
        day = _weekday(g("wd"), (g("wd_mod") or "").lower(), anchor, future)
        return _Mention(kind, start, end, (day, day), relative=True)
    word = g("dayword").lower()
    offset = {"yesterday": -1, "tomorrow": 1}.get(word, 0)
    day = anchor + timedelta(days=offset)
    return _Mention(kind, start, end, (day, day), relative=True)


def _mentions(text: str, anchor: date | None) -> list[_Mention]:
    found = [mention for m in _DATE.finditer(text) if (mention := _resolve(m, text, anchor)) is not None]
    # "Tuesday, November 17": one day, named twice; the day of the month decides.
    joined: list[_Mention] = []
    for mention in found:
        previous = joined[-1] if joined else None
        between = text[previous.end : mention.value_start] if previous else ""
        if previous is not None and previous.kind == "wd" and mention.kind in ("md", "dm", "iso") and between in (" ", ", "):
            joined[-1] = replace(mention, value_start=previous.value_start)
        else:
            joined.append(mention)
    return joined


# ------------------------------------------------------------------------- public


def extract_dates(sentences: Iterable[Sentence], published: Mapping[str, datetime | None] | None = None) -> list[Fact]:
    """Find the date expressions in sentences and resolve them to days.

    ``published`` maps article ids to publication times; a relative or year-less
    expression in an article with a publication time is resolved against that day
    (kept as the fact's ``anchor``), and stays unresolved (``when`` is ``None``)
    otherwise. Each expression becomes a ``Fact`` of kind ``"date"``: ``value`` as
    written ("last week", "November 16-17"), ``when`` its first and last day,
    ``what`` those days in words (or why they are unknown), ``span`` its place in
    the sentence. Facts come in sentence order, then left to right.

    Examples
    --------
    >>> from datetime import datetime
    >>> from newsbrief.model import Sentence
    >>> s = Sentence("a1", 2, "Talks on November 16-17 in Vienna failed; more are planned for Friday.", 0, 70)
    >>> [(f.value, f.what) for f in extract_dates([s])]
    [('November 16-17', 'not resolved: no publication date'), ('Friday', 'not resolved: no publication date')]
    >>> [(f.value, f.what, str(f.anchor)) for f in extract_dates([s], {"a1": datetime(2015, 11, 18, 9, 30)})]
    [('November 16-17', '16–17 Nov 2015', '2015-11-18'), ('Friday', 'Fri 20 Nov 2015', '2015-11-18')]
    """
    published = published or {}
    facts: list[Fact] = []
    for sentence in sentences:
        when = published.get(sentence.article)
        anchor = when.date() if when is not None else None
        for mention in _mentions(sentence.text, anchor):
            facts.append(
                Fact(
                    kind="date",
                    value=sentence.text[mention.value_start : mention.end],
                    what=describe_days(mention.days) if mention.days else "not resolved: no publication date",
                    text=sentence.text,
                    sources=(sentence.article,),
                    article=sentence.article,
                    sentence=sentence.index,
                    span=(mention.value_start, mention.end),
                    when=mention.days,
                    anchor=anchor if mention.relative and mention.days else None,
                )
            )
    return facts


def merge_dates(facts: Iterable[Fact]) -> list[Fact]:
    """Fold the date facts that name the same days into one fact per period.

    Resolved dates merge on ``when``; unresolved ones on their expression (case
    folded). The merged fact is the first one met, with ``forms`` every distinct
    expression in order of first use and ``sources`` every article (sorted).
    Facts of other kinds pass through; order follows first appearance.

    Examples
    --------
    >>> from datetime import date
    >>> from newsbrief.model import Fact
    >>> day = (date(2024, 3, 12), date(2024, 3, 12))
    >>> a = Fact("date", "Tuesday", "Tue 12 Mar 2024", "...", ("b",), when=day)
    >>> b = Fact("date", "March 12", "Tue 12 Mar 2024", "...", ("a",), when=day)
    >>> [(f.value, f.forms, f.sources) for f in merge_dates([a, b])]
    [('Tuesday', ('Tuesday', 'March 12'), ('a', 'b'))]
    """
    groups: dict[object, list[Fact]] = {}
    slots: list[Fact | object] = []
    for fact in facts:
        if fact.kind != "date":
            slots.append(fact)
            continue
        key = fact.when if fact.when is not None else ("unresolved", fact.value.casefold())
        if key not in groups:
            groups[key] = []
            slots.append(key)
        groups[key].append(fact)
    merged: list[Fact] = []
    for slot in slots:
        if isinstance(slot, Fact):
            merged.append(slot)
            continue
        members = groups[slot]
        forms = tuple(dict.fromkeys(m.value for m in members))
        sources = tuple(sorted({s for m in members for s in m.sources}))
        merged.append(replace(members[0], forms=forms, sources=sources))
    return merged


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    return bool(a and b) and len(a & b) / len(a | b) >= 0.5


_PERIOD_BOUND = re.compile(r"\b(?:since|until|till|before|after|by|from)\s+(?:the\s+)?$", re.IGNORECASE)


def _start(fact: Fact) -> int:
    return fact.span[0] if fact.span else fact.text.find(fact.value)


def bounds_a_period(fact: Fact) -> bool:
    """Whether a date fact is the start or end of a period, not the day of its
    sentence's event ("the first title since 1998", "shut until Friday").

    >>> s = Sentence("a", 0, "The road stays shut until Friday.", 0, 33)
    >>> [bounds_a_period(f) for f in extract_dates([s], {"a": datetime(2024, 3, 13)})]
    [True]
    """
    start = _start(fact)
    return start > 0 and _PERIOD_BOUND.search(fact.text[:start]) is not None


def qualifies_a_noun(fact: Fact) -> bool:
    """Whether a date fact is a possessive naming a thing rather than dating the
    sentence ("Tuesday's capsizing", "last week's vote").

    >>> s = Sentence("a", 0, "Tuesday's vote was delayed.", 0, 27)
    >>> [qualifies_a_noun(f) for f in extract_dates([s], {"a": datetime(2024, 3, 13)})]
    [True]
    """
    end = fact.span[1] if fact.span else _start(fact) + len(fact.value)
    return fact.text[end : end + 2] in _POSSESSIVE


def story_timeline(facts: Sequence[Fact]) -> list[Fact]:
    """The dated events of a story: one date fact per event sentence, in date order.

    Takes date facts as :func:`extract_dates` gives them (one per mention, each with
    its sentence). A sentence is dated by its first resolved expression, which in news
    copy is the event's ("struck late on Monday ..., officials said on Tuesday"),
    passing over one that qualifies a noun ("Tuesday's capsizing rose to 17 on
    Thursday") or bounds a period ("since 1998") when another follows;
    unresolved dates are left out. Mentions of the same days in
    sentences that share at least half their words (after
    :func:`~newsbrief.text.normalise.match_tokens`: copies, reworded copies) and give
    no other figures are one event whose ``sources`` are every article that tells it; an
    event's sentence is told without the wire dateline it may open with, as the brief
    tells it (a date inside the dateline keeps it). Events are sorted by
    their first day, then their last day, then first appearance.

    Examples
    --------
    >>> from datetime import datetime
    >>> from newsbrief.model import Sentence
    >>> sentences = [Sentence("a", 0, "The ferry sank on Tuesday.", 0, 26),
    ...              Sentence("a", 1, "It passed an inspection last month.", 27, 62),
    ...              Sentence("b", 0, "The ferry sank on Tuesday, officials said.", 0, 42)]
    >>> published = {"a": datetime(2024, 3, 13), "b": datetime(2024, 3, 13)}
    >>> [(e.what, e.sources) for e in story_timeline(extract_dates(sentences, published))]
    [('Feb 2024', ('a',)), ('Tue 12 Mar 2024', ('a', 'b'))]
    """
    by_sentence: dict[tuple[str, int, str], list[Fact]] = {}
    for fact in facts:
        if fact.kind == "date" and fact.when is not None:
            by_sentence.setdefault((fact.article, fact.sentence, fact.text), []).append(fact)
    # An event keeps its tokens in order too: numbers_differ reads "30" "m" as one figure.
    events: list[tuple[Fact, tuple[str, ...], frozenset[str], set[str]]] = []
    for mentions in by_sentence.values():
        fact = next((f for f in mentions if not qualifies_a_noun(f) and not bounds_a_period(f)), mentions[0])
        tokens = match_tokens(fact.text)
        words = frozenset(tokens)
        for event, event_tokens, event_words, sources in events:
            if event.when == fact.when and (
                event.text == fact.text or (_similar(words, event_words) and not numbers_differ(tokens, event_tokens))
            ):
                sources.update(fact.sources)
                break
        else:
            events.append((fact, tokens, words, set(fact.sources)))
    ordered = sorted(enumerate(events), key=lambda item: (item[1][0].when, item[0]))  # type: ignore[arg-type]
    return [replace(_quoted(event), sources=tuple(sorted(sources))) for _, (event, _, _, sources) in ordered]


def _quoted(fact: Fact) -> Fact:
    """The fact with its sentence told without the wire dateline or list bullet it may
    open with ("GENEVA (Global Wire) -- ...", "- ..."), as the brief tells it (:func:`quoted`)."""
    bare = quoted(fact.text, lead=fact.sentence == 0)
    cut = len(fact.text) - len(bare)
    if not cut or (fact.span is not None and fact.span[0] < cut):
        return fact
    span = None if fact.span is None else (fact.span[0] - cut, fact.span[1] - cut)
    return replace(fact, text=bare, span=span)
