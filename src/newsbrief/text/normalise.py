"""Normalised word forms, so that copies survive spinning and house styles.

Two views of a sentence are used downstream:

* :func:`surface_tokens`: the words as written, lower-cased, punctuation dropped.
  Two sentences with equal surface tokens are *verbatim* copies.
* :func:`match_tokens`: words mapped to one canonical form: aliases
  (*Russian Federation* → *russia*, *U.S.* → *united_states*), British/American
  spelling (*defence* → *defense*), number words (*five hundred* → *500*),
  stop words dropped, the rest Porter-stemmed and common synonyms folded
  (*barring* → *prevent*). Two sentences that share most
  match tokens say the same thing, maybe *reworded*.

>>> match_tokens("Five hundred trucks were destroyed by the Russian Federation.")
('500', 'truck', 'destroi', 'russia')
>>> match_tokens("500 trucks destroyed by Russia")
('500', 'truck', 'destroi', 'russia')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import Stemmer

from newsbrief.text.aliases import ALIASES, CAPITALS_ONLY, SPELLING, STOP_WORDS, SYNONYMS

__all__ = ["surface_tokens", "surface_key", "match_tokens", "words", "TokenNormaliser"]

# Words, numbers with separators ("2.2", "1,000"), currency signs and dotted
# abbreviations ("U.S.", "a.m.") are single tokens.
_WORD = re.compile(r"[$£€]?\d+(?:[.,]\d+)*%?|(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:['’][A-Za-z]+)?")

# Capitalised abbreviations that are everyday words in lower case.
_UPPER_ABBREVIATIONS = {"WHO": "who"}  # canonical tokens

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER_WORDS = frozenset(_UNITS) | frozenset(_SCALES)


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as written (case kept)."""
    return _WORD.findall(text)


def surface_tokens(text: str) -> tuple[str, ...]:
    """Lower-cased words as written: the key for verbatim copies."""
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


def surface_key(text: str) -> str:
    """The :func:`surface_tokens` of ``text`` joined by spaces, made in one pass
    over the whole string: equal keys mean a verbatim copy.

    >>> surface_key("Flood waters ROSE, again.") == surface_key("flood waters rose again")
    True
    """
    return " ".join(_WORD.findall(text.lower().replace("’", "'")))


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    """Turn runs of number words into digits: ["five", "hundred"] -> ["500"]."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in _UNITS and tokens[i] not in _SCALES:
            out.append(tokens[i])
            i += 1
            continue
        total, current, j = 0, 0, i
        while j < len(tokens) and (tokens[j] in _UNITS or tokens[j] in _SCALES or tokens[j] == "and" and j > i):
            word = tokens[j]
            if word == "and":
                if j + 1 < len(tokens) and tokens[j + 1] in _UNITS:
                    j += 1
                    continue
                break
            if word in _UNITS:
                current += _UNITS[word]
            else:
                current = max(current, 1) * _SCALES[word]
                if _SCALES[word] > 100:
                    total, current = total + current, 0
            j += 1
        out.append(str(total + current))
        i = j
    return out


class TokenNormaliser:
    """Maps words to canonical match tokens with an alias table.

    ``aliases`` maps lower-case phrases (tuples of words) to one canonical token;
    the longest phrase wins. ``synonyms`` maps Porter stems to the stem of their
    synonym group (spinners swap synonyms; see :data:`~newsbrief.text.aliases.SYNONYM_GROUPS`).
    What each distinct word becomes is memoised per instance, so a normaliser is
    cheap to reuse over a corpus (a few microseconds a sentence) and holds no
    global state. Aliases that are everyday words ("is", "us": see
    :data:`~newsbrief.text.aliases.CAPITALS_ONLY`) count only in capitals.

    >>> TokenNormaliser()("The US is sending aid to us.")
    ('united_states', 'send', 'help')
    """

    def __init__(
        self, aliases: Mapping[tuple[str, ...], str] = ALIASES, synonyms: Mapping[str, str] = SYNONYMS
    ) -> None:
        self.aliases = {phrase: canonical for phrase, canonical in aliases.items()
                        if not (len(phrase) == 1 and phrase[0] in CAPITALS_ONLY)}
        self._stemmer = Stemmer.Stemmer("porter")
        # The groups are written as stems; a stemmer may cut a stem further
        # ("militant" -> "milit"), so each stem's own stem maps to the group too.
        self.synonyms = {self._stemmer.stemWord(stem): canonical for stem, canonical in synonyms.items()}
        self.synonyms.update(synonyms)
        # Capitalised abbreviations get keys no written word can have ("\0" is
        # not a word character), each mapped straight to its canonical token.
        capitalised = {word.upper(): aliases[(word,)] for word in CAPITALS_ONLY if (word,) in aliases}
        capitalised.update(_UPPER_ABBREVIATIONS)
        self._capitalised = {word: "\0" + canonical for word, canonical in capitalised.items()}
        # First word of a multi-word phrase -> the phrase lengths to try, longest first.
        lengths: dict[str, set[int]] = {}
        for phrase in self.aliases:
            if len(phrase) > 1:
                lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._phrase_lengths = {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}
        self._keys: dict[str, str] = {}  # word as written -> lower-case key
        # key -> match token, "" for a stop word
        self._tokens: dict[str, str] = {key: key[1:] for key in self._capitalised.values()}

    def __call__(self, text: str) -> tuple[str, ...]:
        keys = self._keys
        found = [keys.get(word) or self._key(word) for word in _WORD.findall(text)]
        if not _NUMBER_WORDS.isdisjoint(found):
            found = _numbers_to_digits(found)
        tokens, phrase_lengths, aliases = self._tokens, self._phrase_lengths, self.aliases
        out: list[str] = []
        i, count = 0, len(found)
        while i < count:
            key = found[i]
            sizes = phrase_lengths.get(key)
            if sizes is not None:
                for size in sizes:
                    canonical = aliases.get(tuple(found[i : i + size])) if i + size <= count else None
                    if canonical is not None:
                        out.append(canonical)
                        i += size
                        break
                else:
                    sizes = None
                if sizes is not None:
                    continue
            token = tokens.get(key)
            if token is None:
                token = self._token(key)
            if token:
                out.append(token)
            i += 1
        return tuple(out)

    def _key(self, word: str) -> str:
        """Lower case, curly apostrophe straightened, possessive and thousands commas dropped."""
        key = self._capitalised.get(word)
        if key is None:
            key = word.lower().replace("’", "'")
            # Possessives carry no meaning for matching: "Russia's" == "Russia".
            key = key[:-2] if key.endswith("'s") else key
            key = key.replace(",", "") if key[:1].isdigit() or key[:1] in "$£€" else key
        self._keys[word] = key
        return key

    def _token(self, key: str) -> str:
        canonical = self.aliases.get((key,))
        if canonical is None:
            key = SPELLING.get(key, key)
            if key in STOP_WORDS:
                canonical = ""
            else:
                stem = key if not key.isalpha() else self._stemmer.stemWord(key)
                canonical = self.synonyms.get(stem, stem)
        self._tokens[key] = canonical
        return canonical


def match_tokens(text: str) -> tuple[str, ...]:
    """Canonical content tokens of ``text`` (see the module docstring)."""
    return TokenNormaliser()(text)
