"""Sentence splitting for news text: nupunkt plus a small news-specific post-pass.

Every line is a hard boundary (cleaned text has one paragraph per line), and
within a line the Punkt model of `nupunkt <https://github.com/alea-institute/nupunkt>`_
proposes the boundaries. It handles most abbreviations, quotes and datelines;
the post-pass fixes the misses seen in news copy:

*Joined* (a nupunkt boundary removed) when the part before it ends with

- a title that always precedes a name: "Lt. | Col. Ann Lee", "Col.-Gen. | Andrei",
  "Det. Insp. | Ann Lee" (see :data:`TITLES`);
- "No.", "Jan.", "Fig.", ... and the next part starts with a digit: "No. | 2";
- "a.m."/"p.m." and the next part is a weekday, month or time zone: "9 a.m. | Tuesday";

or when the part after it starts with a lower-case word ('"Is it over?" | he asked.')
or with the credit and dash of a dateline ("OTTAWA, Ont. | (AP) — The lake ...").

*Split* (a boundary added) after

- an initialism or a company suffix ("U.S.", "D.C.", "Inc.") followed by a word
  that starts sentences in news copy (:data:`SENTENCE_STARTERS`):
  "in Washington, D.C. | Officials said", "in the U.S. | A deal followed";
- a closed quotation followed by a new one: '"We will win." | "We must," she said.';
- a full stop before a compound title: "he said so. | Maj.-Gen. Ivan Ivanov agreed.";
- the word "no" ending a sentence before a capital: "Two members voted no. | Ortiz left."
  ("No. 5" and "a no. 2 seed" are numbers);
- a clock time before a capital that is not a day, a month or a time zone: "started at
  3 a.m. | Firefighters arrived" ("9 a.m. Tuesday", "10 a.m. EDT" go on);
- a Chinese or Japanese full stop, question or exclamation mark ("。", "？", "！"),
  which no space follows;
- a word nupunkt's model holds as an abbreviation but news does not ("at the depot. |
  Firefighters", "on bail. | Police"): only :data:`NEWS_ABBREVIATIONS` stay
  abbreviations, and those written in lower case where news capitalises them are
  words ("he fell ill. | Doctors").

Known limits: "St." is taken as "Saint", so "lives on Main St. | The house" is not
split; a quotation of several sentences is split inside, as nupunkt does.

The nupunkt model is loaded once, when this module is imported, into a private
tokenizer that is only read afterwards, so results depend on the input alone
(nupunkt memoises its boundary decisions internally: that changes speed, never
results).

>>> text = "WASHINGTON (Reuters) - The U.S. Army said it moved troops to Washington, D.C. Officials confirmed it."
>>> [text[start:end] for start, end in split_sentences(text)]
['WASHINGTON (Reuters) - The U.S. Army said it moved troops to Washington, D.C.', 'Officials confirmed it.']
"""

from __future__ import annotations

import re

import nupunkt

from newsbrief.model import Sentence
from newsbrief.text.aliases import ALIASES
from newsbrief.text.calendar_names import MONTH, WEEKDAY
from newsbrief.text.clean import LIST_BULLETS

__all__ = ["split_sentences", "sentences_of", "without_dateline", "quoted", "TITLES", "SENTENCE_STARTERS", "NEWS_ABBREVIATIONS"]

# Loaded once: loading costs milliseconds, splitting a short line microseconds.
# The instance is private (``load_default_model`` builds a new one, unlike the
# shared, cached ``nupunkt.load``) and never modified after its abbreviations are
# pruned below.
_PUNKT = nupunkt.load_default_model()

#: Abbreviated titles that always stand before a name, never at the end of a sentence.
#: "Sr."/"Jr." are not here: they follow a name and may end a sentence.
TITLES: frozenset[str] = frozenset(
    "Mr Mrs Ms Messrs Mme Mlle Dr Prof Rev Fr Msgr St Rt Hon Gen Lt Col Maj Capt Cmdr Cdr Cpl "
    "Sgt Pvt Spc Adm Brig Cmdt Sen Rep Gov Pres Supt Insp Det Atty Amb Sec".split()
)

#: Words that, after an initialism such as "U.S." or "D.C.", start a new sentence
#: rather than continue a name ("U.S. Army", "D.C. United" go on).
SENTENCE_STARTERS: frozenset[str] = frozenset(
    "The A An In On At It Its He She They We I You This That These Those There Their His Her "
    "Our But And Or So Yet However Meanwhile After Before When While If As Since Although "
    "Still Now Then Also Some Many Most Both Each Several Such What Why How Who Where Last "
    "Earlier Later Today Yesterday Officials Police Authorities Residents Witnesses".split()
)

#: Abbreviations of words (no inner full stop) that news copy writes before a name, a
#: number or the rest of a sentence: titles, months and weekdays, company and street
#: words, US states. nupunkt's model, learnt from legal and other text, also holds
#: thousands of ordinary words ("depot", "bail", "week", "York") that news sentences
#: end with: they are dropped from the private tokenizer, so "at the depot. |
#: Firefighters" is split. Initialisms ("U.S.", "a.m.") and single letters are kept.
NEWS_ABBREVIATIONS: frozenset[str] = frozenset(
    {t.lower() for t in TITLES}
    | set(
        "jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun "
        "inc corp co cos ltd llc plc bros assn dept govt univ jr sr esq messrs wm jos thos geo chas "
        "drs sens reps asst dist dep const prop ste stn ch adv phila "
        "ave blvd rd st mt ft hwy pl sq ct ln pkwy "
        "ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md mass mich minn miss mo mont "
        "neb nebr nev okla ore pa penn tenn tex va vt wash wis wyo "
        "no nos vol fig figs art sec pp vs etc approx cf viz incl misc est ca".split()
    )
)


def _keep_news_abbreviations(tokenizer: nupunkt.PunktSentenceTokenizer) -> None:
    """Drop from ``tokenizer`` the word abbreviations that news does not use (once, at import)."""
    kept = {a for a in tokenizer._params.abbrev_types if not a.isalpha() or len(a) == 1 or a in NEWS_ABBREVIATIONS}
    tokenizer._params.abbrev_types.intersection_update(kept)
    tokenizer.clear_decision_cache()


_keep_news_abbreviations(_PUNKT)
# The others are written capitalised ("Ill.", "Mass.", "Wed."): in lower case they are
# words ending a sentence ("he fell ill. | Doctors said"). Lower-case abbreviations
# ("Smith vs. Jones", "approx. 40") are left to nupunkt; "no." is "No." ("No. 5") only
# before a number, so before a capital it is the word: "Two members voted no. | Ortiz left".
_LOWER_CASE_ABBREVIATIONS = frozenset("vs etc approx cf viz incl misc est ca pp".split())
_WORDS_ENDING_SENTENCE = NEWS_ABBREVIATIONS - _LOWER_CASE_ABBREVIATIONS
# A full stop before a capital, and the word before it: where the rules on words below are
# tried. The pattern starts with the full stop, so scanning a line is quick.
_STOP_BEFORE_CAPITAL = re.compile(r"\.(?=\s+[\"“‘(]?([A-Z][\w-]*)(\s+time\b)?)")
_LAST_WORD = re.compile(r"[\w.'’-]*$")
_ZONE_WORDS = frozenset("Eastern Pacific Central Mountain Atlantic Greenwich".split())
# "a 3 p.m. Symphony Hall matinee": the time qualifies what follows.
_CLOCK_AS_MODIFIER = re.compile(r"\b(?:a|an|the)\s+\d{1,2}(?:[:.]\d\d)?\s*[ap]\.m$", re.IGNORECASE)

_LINE = re.compile(r"[^\n]+")

# A title at the end of a part: "Lt.", "Col.-Gen.", "(Dr.".
_TITLE_NAMES = "|".join(sorted(TITLES))
_ENDS_WITH_TITLE = re.compile(rf"(?:^|[\s(\"'\[-])(?:{_TITLE_NAMES})\.$")
# Abbreviations that stand before a number: "No. 2", "Jan. 5", "Fig. 3".
_ENDS_BEFORE_NUMBER = re.compile(
    r"(?:^|[\s(])(?:No|Nos|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Fig|Figs|Vol|Art|Sec|pp?)\.$"
)
_ENDS_WITH_CLOCK = re.compile(r"\b[ap]\.m\.$", re.IGNORECASE)
_WHEN = re.compile(rf"(?:{WEEKDAY}|{MONTH}|[ECMP][SD]?T|GMT|UTC|BST|CET|CEST|local)(?!\w)")
# A lower-case start is a continuation ("he asked."), but not a brand such as "iPhone".
_LOWER_START = re.compile(r"[a-z](?![A-Z])")
# The rest of a dateline: "(AP) — ", "(Reuters) - ".
_DATELINE_CREDIT = re.compile(r"\([^()]{1,40}\)\s*[-–—]")

_STARTERS = "|".join(sorted(SENTENCE_STARTERS))
# Every alternative starts at the punctuation mark and looks back from there:
# a leading character class lets the regex engine skip quickly to candidates.
_SPLIT_POINT = re.compile(
    # An initialism (not "e.g."/"i.e.") or a company suffix, then a sentence
    # starter followed by a lower-case word, a number or a comma. A capital next
    # ("U.S. In Talks") is a headline in title case, where nothing is split.
    r"\.(?:(?<=\b[A-Za-z]\.[A-Za-z]\.)(?<!e\.g\.)(?<!i\.e\.)|(?<=\bInc\.)|(?<=\bCorp\.)|(?<=\bLtd\.)"
    r"|(?<=\bCo\.)|(?<=\bBros\.))"
    rf"(?=\s+(?:{_STARTERS})(?:,|\s+[^\sA-Z]))"
    # End of a quotation, then the opening quote of the next one.
    r"|[.!?][\"”](?=\s+[\"“][A-Z])"

    # End of a sentence before a compound title, which nupunkt misses: "so. | Maj.-Gen. Ivan".
    rf"|[.!?](?<=[a-z]{{2}}[.!?])(?=\s+(?:{_TITLE_NAMES})\.-(?:{_TITLE_NAMES})\.)"
)


# The "ends with" patterns above match at most this many characters (a title,
# its full stop and the character before it), so they are searched for in the
# last ones only: a search for an end-anchored pattern tries every position.
_TAIL = max(map(len, TITLES)) + 3


def _joins(before: str, after: str) -> bool:
    """Whether the nupunkt boundary between ``before`` and ``after`` is wrong."""
    if _LOWER_START.match(after) or _DATELINE_CREDIT.match(after):
        return True
    before = before.rstrip()
    if not before.endswith("."):  # every "ends with" pattern ends with one
        return False
    tail = max(0, len(before) - _TAIL)
    if _ENDS_WITH_TITLE.search(before, tail):
        return True
    if _ENDS_BEFORE_NUMBER.search(before, tail):
        return after[:1].isdigit()
    return _ENDS_WITH_CLOCK.search(before, tail) is not None and _WHEN.match(after) is not None


def _line_spans(line: str) -> list[tuple[int, int]]:
    """Sentence spans of one line (no newline in it), before stripping."""
    parts: list[tuple[int, int]] = []
    for start, end in _PUNKT.span_tokenize(line):
        if parts and _joins(line[parts[-1][0] : parts[-1][1]], line[start:end].lstrip()):
            parts[-1] = (parts[-1][0], end)
        else:
            parts.append((start, end))
    spans: list[tuple[int, int]] = []
    cjk = _CJK_STOP.search(line) is not None  # most lines have no Chinese or Japanese full stop
    for start, end in parts:
        points = [m.end() for m in _SPLIT_POINT.finditer(line, start, end)]
        points += _word_ends(line, start, end)
        if cjk:
            points += _cjk_ends(line, start, end)
        points = sorted(set(points))
        for point in points:
            spans.append((start, point))
            start = point
        spans.append((start, end))
    return spans


def _word_ends(line: str, start: int, end: int) -> list[int]:
    """Where sentences end inside ``line[start:end]`` after a word that nupunkt took for
    an abbreviation: a capitalised abbreviation written in lower case ("fell ill. |
    Doctors", "voted no. | Ortiz"), or a clock time before a capital that is not a day, a month, a time zone
    or a place's time ("at 3 a.m. | Firefighters"; "9 a.m. Tuesday", "6 a.m. Moscow time"
    go on)."""
    ends = []
    for stop in _STOP_BEFORE_CAPITAL.finditer(line, start, end):
        word = _LAST_WORD.search(line, start, stop.start()).group()  # type: ignore[union-attr]
        if word in _WORDS_ENDING_SENTENCE:
            ends.append(stop.end())
        elif (
            word in ("a.m", "p.m") and stop.group(2) is None and _WHEN.match(stop.group(1) + ".") is None
            and stop.group(1) not in _ZONE_WORDS and not _CLOCK_AS_MODIFIER.search(line, start, stop.start())
        ):
            ends.append(stop.end())
    return ends


_CJK_STOP = re.compile(r"[。！？]+")
_CJK_CLOSERS = "」』”’）)"


def _cjk_ends(line: str, start: int, end: int) -> list[int]:
    """Where sentences end inside ``line[start:end]`` after a Chinese or Japanese full
    stop, question or exclamation mark (no space follows them, so Punkt sees none):
    after the run of marks and the quotes it closes. A straight quote (cleaned text has
    no curly ones) closes a quotation when an odd number of them came before it."""
    ends = []
    sentence_start = start
    for stop in _CJK_STOP.finditer(line, start, end):
        point = stop.end()
        while point < end and (
            line[point] in _CJK_CLOSERS
            or (line[point] == '"' and line.count('"', sentence_start, point) % 2 == 1)
        ):
            point += 1
        if point < end and not line[point].isspace():
            ends.append(point)
            sentence_start = point
    return ends


# A wire dateline opening a story's first sentence: a place in capitals with its region or the
# agency's credit, then a dash ("KABUL, Afghanistan (AP) --", "NEWPORT, R.I. _", "LIMA (Valley
# Wire) —"), or the credit alone ("(CNN) --"). A capitalised word and a dash alone ("NATO — the
# alliance said") is no dateline, but at an article's head (below). Many US papers set the dash
# tight against the sentence ("WASHINGTON, D.C.—The ..."): an em or en dash or "--" may be, before
# a capital (or a quote and a capital); a hyphen may not ("LONDON-based"), nor a dash before a
# number ("COVID–19").
_TIGHT_DASH = r"(?:—|–|--)(?=[\"“‘']?[A-Z])"
_DATELINE = re.compile(
    r"^(?:[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*"
    r"(?:(?:,\s*[A-Z][\w.'’-]*(?:\s[A-Z0-9][\w.'’-]*)*)+\s*(?:\([^()]{1,40}\))?|\s*\([^()]{1,40}\))"
    rf"|\([A-Za-z][\w .&-]{{1,30}}\))\s*(?:(?:—|–|--|-|_)\s+(?=\S)|{_TIGHT_DASH})"
    r"|^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*\s+_\s+(?=\S)"  # "WASHINGTON _": no prose dashes so
)


# At the head of an article, a place in capitals and a dash alone ("GENEVA — Delegates ...",
# "LOS ANGELES -- The ...", "LONDON—Delegates ...") is a dateline too, when a sentence starts
# after the dash (a capital and a lower-case letter, "A" or "I", initials or a number before a
# lower-case word: "NATO — the alliance said" goes on) and the capitals are a place's (see
# :func:`_place_like`). Only there: further down, capitals and a dash are prose ("AIDS —
# Acquired Immune Deficiency Syndrome").
_LEAD_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){{0,3}})\s*(?:(?:—|–|--|-)\s+|{_TIGHT_DASH})"
    r"(?=[\"“‘']?(?:[A-Z][a-z’']|[AI]\s+[a-z]|[A-Z][A-Z.]+\s+[a-z]|\d[\d,.]*\s+[a-z]))"
)
_VOWEL = re.compile(r"[aeiouy]")


def _place_like(capitals: str, after: str) -> bool:
    """Whether words in capitals before the sentence ``after`` may name a place: each has
    a vowel unless abbreviated ("ST. LOUIS"; initials such as "FBI" or "CNN" have none),
    together they are no abbreviation of the alias table ("NATO", "UN", "WHO"), and the
    words after do not spell them out ("AIDS — Acquired immune deficiency syndrome") nor
    name them again ("NASA — Engineers at NASA's lab": an organisation the sentence is about)."""
    names = capitals.lower().split()
    if not all(_VOWEL.search(w) or w.endswith(".") for w in names) or tuple(names) in ALIASES:
        return False
    if capitals in after:
        return False
    letters = capitals.replace(" ", "").lower()
    spelled = [w for w in after.split() if w.lower() not in _SPELL_OUT_GLUE][: len(letters)]
    return not "".join(w[0].lower() for w in spelled).startswith(letters)


# Words a spelled-out abbreviation skips ("Organisation of the Petroleum Exporting Countries").
_SPELL_OUT_GLUE = frozenset({"of", "the", "and", "for", "&"})


def without_dateline(text: str, lead: bool = False) -> str:
    """``text`` without the wire dateline it opens with, if any: a brief quotes what was
    reported, not where the wire filed it from, and a copy that drops the dateline is
    still the same sentence.

    ``lead``: ``text`` opens its article, where a place in capitals and a dash alone
    ("GENEVA — ") is a dateline too, before a sentence (:data:`_LEAD_DATELINE`).

    >>> without_dateline("KABUL, Afghanistan (AP) -- Gunmen attacked a convoy on Monday.")
    'Gunmen attacked a convoy on Monday.'
    >>> without_dateline("NATO — the alliance's chief said so.", lead=True)
    "NATO — the alliance's chief said so."
    >>> without_dateline("GENEVA — Delegates agreed on a text.", lead=True)
    'Delegates agreed on a text.'
    """
    found = _DATELINE.match(text)
    if found is None and lead:
        found = _LEAD_DATELINE.match(text)
        found = found if found is not None and _place_like(found.group("place"), text[found.end() :]) else None
    return text[found.end() :] if found else text


_LIST_MARK = re.compile(rf"^[{re.escape(LIST_BULLETS)}]\s+")


def quoted(text: str, lead: bool = False) -> str:
    """What a brief or a timeline quotes of a sentence: ``text`` without the bullet of
    a list item or the wire dateline it opens with (:func:`without_dateline`; ``lead``:
    it opens its article).

    >>> quoted("– March 4: Rescuers reached the village.")
    'March 4: Rescuers reached the village.'
    >>> quoted("LIMA (Valley Wire) -- Rescuers reached the village.")
    'Rescuers reached the village.'
    """
    return without_dateline(_LIST_MARK.sub("", text, count=1), lead)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character spans of the sentences of ``text``.

    Spans are in order, do not overlap, never cross a newline, and
    ``text[start:end]`` is a sentence without surrounding white space. See the
    module for the rules on top of nupunkt.

    >>> text = 'Col. Ann Lee met Mr. Roe at 9 a.m. Tuesday.\\n"Is it over?" he asked.'
    >>> [text[start:end] for start, end in split_sentences(text)]
    ['Col. Ann Lee met Mr. Roe at 9 a.m. Tuesday.', '"Is it over?" he asked.']
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        offset = line.start()
        for start, end in _line_spans(line.group()):
            sentence = text[offset + start : offset + end]
            stripped = sentence.strip()
            if stripped:
                first = offset + start + (len(sentence) - len(sentence.lstrip()))
                spans.append((first, first + len(stripped)))
    return spans


def sentences_of(article_id: str, text: str) -> tuple[Sentence, ...]:
    """The :class:`~newsbrief.model.Sentence` records of an article's text, numbered from 0.

    >>> [(s.index, s.text, s.start) for s in sentences_of("a1", "It rained. Roads closed.")]
    [(0, 'It rained.', 0), (1, 'Roads closed.', 11)]
    """
    return tuple(
        Sentence(article=article_id, index=index, text=text[start:end], start=start, end=end)
        for index, (start, end) in enumerate(split_sentences(text))
    )
