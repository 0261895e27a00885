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

from newsbrief.text.aliases import ALIASES, SPELLING, STOP_WORDS, SYNONYMS

__all__ = ["surface_tokens", "match_tokens", "words", "TokenNormaliser"]

# Words, numbers with separators ("2.2", "1,000"), currency signs and dotted
# abbreviations ("U.S.", "a.m.") are single tokens.
_WORD = re.compile(r"[$£€]?\d+(?:[.,]\d+)*%?|(?:[A-Za-z]\.){2,}|[A-Za-z]+(?:['’][A-Za-z]+)?")

_UPPER_ABBREVIATIONS = {"US": "u.s.", "IS": "isis", "UN": "u.n.", "WHO": "world health organization"}

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as written (case kept)."""
    return _WORD.findall(text)


def surface_tokens(text: str) -> tuple[str, ...]:
    """Lower-cased words as written: the key for verbatim copies."""
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    """Turn runs of number words into digits: ["five", "hundred"] -> ["500"]."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] not in _UNITS and tokens[i] not in _SCALES:
            out.append(tokens[i].replace(",", ""))
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
    synonym group (spinners swap synonyms; see :data:`~newsbrief.text.aliases.SYNONYM_GROUPS`). Stemming results are memoised per instance, so a
    normaliser is cheap to reuse over a corpus and holds no global state.
    """

    def __init__(
        self, aliases: Mapping[tuple[str, ...], str] = ALIASES, synonyms: Mapping[str, str] = SYNONYMS
    ) -> None:
        self.aliases = dict(aliases)
        self.synonyms = dict(synonyms)
        self._longest = max((len(k) for k in self.aliases), default=1)
        self._stemmer = Stemmer.Stemmer("porter")
        self._stems: dict[str, str] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        # Upper-case "US" and "IS" name a country and a group; lower-case they are words.
        raw = [_UPPER_ABBREVIATIONS.get(t) or t.lower().replace("’", "'") for t in _WORD.findall(text)]
        # Possessives carry no meaning for matching: "Russia's" == "Russia".
        raw = [t[:-2] if t.endswith("'s") else t for t in raw]
        tokens = _numbers_to_digits(raw)
        out: list[str] = []
        i = 0
        while i < len(tokens):
            for size in range(min(self._longest, len(tokens) - i), 0, -1):
                canonical = self.aliases.get(tuple(tokens[i : i + size]))
                if canonical is not None:
                    out.append(canonical)
                    i += size
                    break
            else:
                token = SPELLING.get(tokens[i], tokens[i])
                if token not in STOP_WORDS:
                    out.append(self._stem(token))
                i += 1
        return tuple(t for t in out if t)

    def _stem(self, token: str) -> str:
        stem = self._stems.get(token)
        if stem is None:
            stem = token if not token.isalpha() else self._stemmer.stemWord(token)
            stem = self.synonyms.get(stem, stem)
            self._stems[token] = stem
        return stem


def match_tokens(text: str) -> tuple[str, ...]:
    """Canonical content tokens of ``text`` (see the module docstring)."""
    return TokenNormaliser()(text)
