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

:meth:`TokenNormaliser.encode` gives both for a whole batch of sentences at
once, as flat arrays (one regex call over the batch, tables of distinct words).

>>> match_tokens("Five hundred trucks were destroyed by the Russian Federation.")
('500', 'truck', 'destroi', 'russia')
>>> match_tokens("500 trucks destroyed by Russia")
('500', 'truck', 'destroi', 'russia')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import Stemmer

from newsbrief.text.aliases import (
    ALIASES,
    CAPITALS_ONLY,
    SPELLING,
    STOP_WORDS,
    SYNONYMS,
)

__all__ = [
    "surface_tokens", "surface_key", "match_tokens", "words", "word_spans", "TokenNormaliser", "EncodedSentences", "hash64",
    "numbers_differ", "numbers_missing", "word_count", "is_cjk",
]

# Words, numbers with separators ("2.2", "1,000"), currency signs and dotted
# abbreviations ("U.S.", "a.m.") are single tokens. Words are letters of any script
# ("próximo", "Москва"); Chinese and Japanese, written without spaces, are read a
# character at a time (characters and their bigrams are the usual index terms there).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def _character_ranges(category: str) -> str:
    """A regex class body of the Basic Multilingual Plane's characters whose Unicode
    category starts with ``category`` ("M": the combining marks of Hindi, Arabic, Thai...)."""
    members = [unicodedata.category(chr(code)).startswith(category) for code in range(0x10000)]
    ranges, start = [], None
    for code, member in enumerate([*members, False]):
        if member and start is None:
            start = code
        elif not member and start is not None:
            ranges.append(f"\\u{start:04x}-\\u{code - 1:04x}")
            start = None
    return "".join(ranges)


_LETTER = rf"[^\W\d_{_CJK}]"
# A word goes on over combining marks ("हिन्दी", "ข่าว"): \w does not count them as letters.
_LETTERS = rf"{_LETTER}+(?:[{_character_ranges('M')}]+{_LETTER}*)*"
_WORD = re.compile(rf"[$£€]?\d+(?:[.,]\d+)*%?|(?:[A-Za-z]\.){{2,}}|{_LETTERS}(?:['’]{_LETTERS})?|[{_CJK}]")
_CJK_CHARACTER = re.compile(f"[{_CJK}]")


def is_cjk(token: str) -> bool:
    """Whether ``token`` is one Chinese or Japanese character (the tokens those scripts are read in).

    >>> is_cjk("東"), is_cjk("и"), is_cjk("東京")
    (True, False, False)
    """
    return len(token) == 1 and _CJK_CHARACTER.match(token) is not None
_CJK_WORD_CHARACTERS = 2
"""Characters of a Chinese or Japanese word, about, where a count of words is needed."""
# The same words, plus the separator that :meth:`TokenNormaliser.encode` puts
# between sentences, so that a whole batch is tokenised by one regex call.
_BREAK = "\x00"
_WORD_OR_BREAK = re.compile(_WORD.pattern + "|" + _BREAK)

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
# A figure in digits (thousands commas already dropped) that a scale word may follow.
_FIGURE = re.compile(r"([$£€]?)(\d+(?:\.\d+)?)")


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as written (case kept)."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words ``text`` has: its pieces between spaces, Chinese and Japanese
    (which put no spaces between words) counted as a word per two characters.

    >>> word_count("Talks resumed on Monday."), word_count("两国领导人讨论了贸易问题。")
    (4, 6)
    """
    pieces = text.split()
    if _CJK_CHARACTER.search(text) is None:
        return len(pieces)  # the usual case, at the cost of one scan
    return sum(max(1, -(-len(_CJK_CHARACTER.findall(piece)) // _CJK_WORD_CHARACTERS)) for piece in pieces)


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where each of the :func:`words` of ``text`` starts and ends.

    >>> word_spans("U.S. troops, 1,000 of them")
    [(0, 4), (5, 11), (13, 18), (19, 21), (22, 26)]
    """
    return [match.span() for match in _WORD.finditer(text)]


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
        figure = _FIGURE.fullmatch(tokens[i]) if i + 1 < len(tokens) and tokens[i + 1] in _SCALES else None
        if figure is None and tokens[i] not in _UNITS and tokens[i] not in _SCALES:
            out.append(tokens[i])
            i += 1
            continue
        # "10 million" and "ten million" are one figure; so is "$2.5 billion".
        prefix, total, current, j = "", 0.0, 0.0, i
        if figure is not None:
            prefix, current, j = figure.group(1), float(figure.group(2)), i + 1
        while j < len(tokens) and (tokens[j] in _UNITS or tokens[j] in _SCALES or tokens[j] == "and" and j > i):
            word = tokens[j]
            if word == "and":
                if j + 1 < len(tokens) and tokens[j + 1] in _UNITS:
                    j += 1
                    continue
                break
            if word in _UNITS:
                current += _UNITS[word]
            elif current == 0 and total > 0:
                total *= _SCALES[word]  # "five thousand million": a scale of the whole
            else:
                current = max(current, 1) * _SCALES[word]
                if _SCALES[word] > 100:
                    total, current = total + current, 0
            j += 1
        value = total + current
        out.append(prefix + (str(int(value)) if value == int(value) else str(value)))
        i = j
    return out


def hash64(text: str) -> int:
    """A stable 64-bit hash of ``text`` (BLAKE2b): the same on every machine and run.

    >>> hash64("flood") == hash64("flood") != hash64("floods")
    True
    """
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


# Surface hash of a sentence: sum of its words' hashes times powers of an odd
# constant (mod 2**64), so word order counts; then mixed with the word count.
_POLY = np.uint64(0x9E3779B97F4A7C15)
_LENGTH_MIX = np.uint64(0xBF58476D1CE4E5B9)


@dataclass(frozen=True)
class EncodedSentences:
    """Match tokens and surface hashes of a list of sentences, as flat arrays.

    Sentence ``k``'s match tokens are ``vocabulary[tokens[offsets[k]:offsets[k + 1]]]``,
    in text order, exactly what :class:`TokenNormaliser` gives for it; ``surface[k]``
    is a 64-bit hash of its :func:`surface_tokens` (equal for verbatim copies).
    """

    vocabulary: tuple[str, ...]
    tokens: np.ndarray  # int64 index into vocabulary
    offsets: np.ndarray  # int64, one more than sentences
    surface: np.ndarray  # uint64


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
        # British spellings are folded before stemming, which catches only the
        # listed forms; their stems fold too, so "defences" meets "defenses".
        for british, american in SPELLING.items():
            stem, target = self._stemmer.stemWord(british), self._stemmer.stemWord(american)
            if stem != target:
                self.synonyms.setdefault(stem, self.synonyms.get(target, target))
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
        return self.of_words(_WORD.findall(text))

    def of_words(self, written: Sequence[str]) -> tuple[str, ...]:
        """The match tokens of a text already split into its :func:`words` (a caller
        that needs the words too splits the text once)."""
        keys = self._keys
        found = [keys.get(word) or self._key(word) for word in written]
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

    def encode(self, sentences: Sequence[str]) -> EncodedSentences:
        """The match tokens and surface hashes of many sentences at once.

        Same tokens as calling the normaliser on each sentence, but the words
        of all sentences are found by one regex call and mapped through tables
        of distinct words; only sentences with number words or a multi-word
        alias take the word-by-word path.

        >>> batch = TokenNormaliser().encode(["Five hundred US troops left.", "Troops left."])
        >>> [batch.vocabulary[t] for t in batch.tokens], batch.offsets.tolist()
        (['500', 'united_states', 'troop', 'left', 'troop', 'left'], [0, 4, 6])
        """
        count = len(sentences)
        joined = _BREAK.join(sentences)
        if joined.count(_BREAK) != max(count - 1, 0):
            joined = _BREAK.join(s.replace(_BREAK, " ") for s in sentences)
        found = _WORD_OR_BREAK.findall(joined)
        # Each word's number, in order of first appearance: one pass over the words.
        position: dict[str, int] = {}
        raw = np.fromiter((position.setdefault(w, len(position)) for w in found), dtype=np.int64, count=len(found))
        distinct = list(position)
        is_break = np.zeros(len(distinct), dtype=bool)
        if _BREAK in position:
            is_break[position[_BREAK]] = True
        breaks = is_break[raw]
        sentence_of = np.cumsum(breaks)[~breaks]
        raw = raw[~breaks]
        # Per distinct word: its key (and the key's match token), and its surface hash.
        keys = self._keys
        key_of_word = [keys.get(w) or self._key(w) if w != _BREAK else _BREAK for w in distinct]
        key_ids: dict[str, int] = {}
        key_of_raw = np.array([key_ids.setdefault(k, len(key_ids)) for k in key_of_word], dtype=np.int64)
        key_list = list(key_ids)
        word_keys = key_of_raw[raw]
        surface_hash = np.array([hash64(w.lower().replace("’", "'")) for w in distinct], dtype=np.uint64)
        surface = _sentence_hashes(surface_hash[raw], sentence_of, count)

        vocabulary: dict[str, int] = {}
        tokens = self._tokens
        token_of_key = np.array(
            [
                vocabulary.setdefault(t, len(vocabulary)) if (t := tokens.get(k) or self._token(k)) else -1
                for k in key_list
            ],
            dtype=np.int64,
        )
        word_keys, sentence_of = self._numbers_to_digits(key_list, key_ids, word_keys, sentence_of)
        token_of_key = np.concatenate([token_of_key, np.array(
            [vocabulary.setdefault(t, len(vocabulary)) if (t := tokens.get(k) or self._token(k)) else -1
             for k in key_list[len(token_of_key):]], dtype=np.int64)])
        slow = self._has_phrase(key_ids, word_keys, sentence_of, count)
        fast_words = ~slow[sentence_of]
        fast_tokens = token_of_key[word_keys[fast_words]]
        fast_sentences = sentence_of[fast_words][fast_tokens >= 0]
        fast_tokens = fast_tokens[fast_tokens >= 0]
        slow_sentences: list[int] = []
        slow_tokens: list[int] = []
        for k in np.flatnonzero(slow).tolist():
            found_here = self(sentences[k].replace(_BREAK, " "))
            slow_sentences.extend([k] * len(found_here))
            slow_tokens.extend(vocabulary.setdefault(t, len(vocabulary)) for t in found_here)
        every_sentence = np.concatenate([fast_sentences, np.array(slow_sentences, dtype=np.int64)])
        every_token = np.concatenate([fast_tokens, np.array(slow_tokens, dtype=np.int64)])
        order = np.argsort(every_sentence, kind="stable")
        offsets = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(np.bincount(every_sentence, minlength=count), out=offsets[1:])
        return EncodedSentences(tuple(vocabulary), every_token[order], offsets, surface)

    @staticmethod
    def _numbers_to_digits(
        key_list: list[str], key_ids: dict[str, int], word_keys: np.ndarray, sentence_of: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """:func:`_numbers_to_digits` over a whole batch: each run of number words
        (joined by "and" before a unit, as in "two hundred and five") becomes one
        key; ``key_list`` and ``key_ids`` grow with the new keys."""
        is_number = np.array([k in _NUMBER_WORDS for k in key_list], dtype=bool)[word_keys]
        if not is_number.any():
            return word_keys, sentence_of
        is_unit = np.array([k in _UNITS for k in key_list], dtype=bool)[word_keys]
        same_as_next = np.zeros(len(word_keys), dtype=bool)
        same_as_next[:-1] = sentence_of[:-1] == sentence_of[1:]
        # A figure in digits before a scale word ("10 million") starts a run of its own.
        is_scale = np.array([k in _SCALES for k in key_list], dtype=bool)[word_keys]
        is_figure = np.array([_FIGURE.fullmatch(k) is not None for k in key_list], dtype=bool)[word_keys]
        figure_start = np.zeros(len(word_keys), dtype=bool)
        figure_start[:-1] = is_figure[:-1] & is_scale[1:] & same_as_next[:-1]
        joins = np.zeros(len(word_keys), dtype=bool)
        if "and" in key_ids:
            joins[1:-1] = (word_keys[1:-1] == key_ids["and"]) & is_number[:-2] & is_unit[2:]
            joins[1:-1] &= same_as_next[:-2] & same_as_next[1:-1]
        member = is_number | joins | figure_start
        follows = np.zeros(len(word_keys), dtype=bool)
        follows[1:] = member[:-1] & member[1:] & same_as_next[:-1] & ~figure_start[1:]
        starts = np.flatnonzero(member & ~follows)
        ends = np.flatnonzero(member & ~np.append(follows[1:], False)) + 1
        replaced = word_keys.copy()
        for start, end in zip(starts.tolist(), ends.tolist()):
            (digits,) = _numbers_to_digits([key_list[k] for k in word_keys[start:end].tolist()])
            if digits not in key_ids:
                key_ids[digits] = len(key_list)
                key_list.append(digits)
            replaced[start] = key_ids[digits]
        kept = ~follows
        return replaced[kept], sentence_of[kept]

    def _has_phrase(
        self, key_ids: Mapping[str, int], word_keys: np.ndarray, sentence_of: np.ndarray, count: int
    ) -> np.ndarray:
        """Sentences holding a multi-word alias, found with rolling codes of key ids."""
        slow = np.zeros(count, dtype=bool)
        by_length: dict[int, list[int]] = {}
        for phrase in self.aliases:
            if len(phrase) > 1 and all(w in key_ids for w in phrase):
                code = sum(key_ids[w] * pow(int(_POLY), k, 1 << 64) for k, w in enumerate(phrase)) % (1 << 64)
                by_length.setdefault(len(phrase), []).append(code)
        codes = word_keys.astype(np.uint64)
        for length, phrase_codes in by_length.items():
            if len(codes) < length:
                continue
            span = len(codes) - length + 1
            rolling = codes[:span].copy()
            for k in range(1, length):
                rolling += codes[k : k + span] * np.uint64(pow(int(_POLY), k, 1 << 64))
            hit = np.isin(rolling, np.array(phrase_codes, dtype=np.uint64))
            hit &= sentence_of[:span] == sentence_of[length - 1 :]
            slow[sentence_of[:span][hit]] = True
        return slow

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


def _sentence_hashes(word_hashes: np.ndarray, sentence_of: np.ndarray, count: int) -> np.ndarray:
    """Order-sensitive hash per sentence of its words' hashes (``sentence_of`` sorted)."""
    lengths = np.bincount(sentence_of, minlength=count)
    starts = np.zeros(count, dtype=np.int64)
    np.cumsum(lengths[:-1], out=starts[1:])
    place = np.arange(len(sentence_of), dtype=np.int64) - starts[sentence_of]
    powers = np.cumprod(np.full(int(lengths.max(initial=0)) + 1, _POLY, dtype=np.uint64))
    totals = np.zeros(count, dtype=np.uint64)
    nonempty = np.flatnonzero(lengths)
    if len(nonempty):
        totals[nonempty] = np.add.reduceat(word_hashes * powers[place], starts[nonempty])
    return totals ^ (lengths.astype(np.uint64) * _LENGTH_MIX)


def match_tokens(text: str) -> tuple[str, ...]:
    """Canonical content tokens of ``text`` (see the module docstring)."""
    return TokenNormaliser()(text)


_SCALE_TOKENS = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "million": 1e6,
                 "bn": 1e9, "billion": 1e9, "tn": 1e12, "trillion": 1e12}
_NUMBER_TOKEN = re.compile(r"[$£€]?(\d+(?:\.\d+)?)%?")


def _values(tokens: Sequence[str]) -> set[float]:
    """The numbers match tokens hold, whatever their form: "$2.5" "bn" and
    "$2500000000" are one value, "5%" and "5" "percent" another. The tokens are
    read in their order (a scale word scales the number before it), so a set of
    them, whose order changes with the hash seed, is refused."""
    if isinstance(tokens, (set, frozenset)):
        raise TypeError("match tokens must be given in their order (a sequence), not as a set")
    found, previous = set(), None
    for token in tokens:
        if previous is not None and token in _SCALE_TOKENS:
            found.discard(previous)
            found.add(previous * _SCALE_TOKENS[token])
            previous = None
            continue
        number = _NUMBER_TOKEN.fullmatch(token)
        previous = float(number.group(1)) if number else None
        if previous is not None:
            found.add(previous)
    return found


def numbers_differ(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether two sentences' match tokens each hold a number the other lacks: a
    changed figure ("killing 15" for "killing 12"), not one merely added or
    dropped, nor one written another way ("twelve" = "12", "$2.5bn" = "$2.5
    billion", "5%" = "5 percent").

    >>> numbers_differ(match_tokens("It killed 12 people."), match_tokens("It killed 15 people."))
    True
    >>> numbers_differ(match_tokens("It killed twelve."), match_tokens("On May 3 it killed 12."))
    False
    >>> numbers_differ(match_tokens("A $2.5bn deal, up 5%."), match_tokens("A $2.5 billion deal, up 5 percent."))
    False
    """
    va, vb = _values(a), _values(b)  # each side's numbers read once
    return bool(va - vb) and bool(vb - va)


def numbers_missing(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether sentence ``a``'s match tokens hold a number that ``b``'s lack (however
    written): ``b`` does not carry all that ``a`` says.

    >>> numbers_missing(match_tokens("It was a 5-2 ruling."), match_tokens("It was a ruling."))
    True
    >>> numbers_missing(match_tokens("It was a ruling."), match_tokens("It was a 5-2 ruling."))
    False
    """
    return bool(_values(a) - _values(b))
