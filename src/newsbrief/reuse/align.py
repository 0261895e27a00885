"""Sentence alignment: decide whether two sentences carry the same text.

A link is ``verbatim`` when the surface words are identical (case and
punctuation aside) and ``reworded`` when the canonical match tokens (aliases,
spellings, numbers, stems and common synonyms folded; see
:mod:`newsbrief.text.normalise`) overlap enough. Overlap is weighted by inverse
document frequency, so sharing a rare name or figure counts for more than
sharing "city". The measures:

* the **weighted Dice** of the two token sets, for sentences that are copies
  from end to end::

      dice(a, b) = 2 W(a ∩ b) / (W(a) + W(b)),   W(S) = Σ_{t in S} idf(t)

* the **local window** of one sentence against another (:func:`local_window`):
  the run of tokens where shared words outweigh the others. A sentence that
  the copier merged with another holds one window per source sentence, so
  links to different windows of it do not compete (see
  :mod:`newsbrief.reuse.detect`, grey zone).

* the **aligned-span Dice**, for a sentence copied into a longer one, or a
  clause that two sentences share ("Islamic State is barring civilians from
  fleeing, ..., he said"): in each sentence take the shortest run of tokens
  that holds every shared token (the aligned span) and compare only those runs::

      span_dice(a, b) = 2 W(a ∩ b) / (W(span_a) + W(span_b))

  The span Dice is high when the shared words sit together in both sentences
  and little else sits between them; it is the sentence-to-passage measure, so
  a sentence split in two by the copier still matches each half. Because short
  spans are easy to match by chance ("Islamic State fighters"), it is trusted
  only when enough distinct words are shared (``min_shared``) and those words
  also carry a fair share of the shorter sentence (``min_containment``), and
  when ``min_shared`` of them are wording (:func:`shared_wording`), not the
  names and figures that any two reports of one event share. The spans must
  also hold most of one sentence (``min_span_cover``): a clause inside two
  sentences that otherwise say different things is no copy of either. A pair
  that shares one name and nothing else (:func:`only_a_name`), or whose match
  is an attribution frame rather than what is said (:func:`only_the_frame`:
  one speaker quoted on two statements), is no copy by any measure.

* the **in-place chain** (:func:`in_place_chain`, :func:`kept_in_place`), on
  the words themselves, stop words included: the longest run of equal words in
  the same order *and at the same spacing* in both sentences, as a copier who
  rewrites word for word leaves it, with no figure or name put for another
  (:func:`different_facts`). It decides the pairs that the grey zone's context
  rules would turn down (see :mod:`newsbrief.reuse.detect`).

>>> idf = {"flood": 2.0, "rail": 3.0, "line": 1.0, "cut": 1.5, "monday": 2.0, "said": 0.5}
>>> round(weighted_dice(frozenset({"flood", "rail", "cut"}), frozenset({"flood", "rail", "line"}), idf), 3)
0.8
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.text.calendar_names import MONTH_NAMES, MONTH_NUMBERS, WEEKDAY_NAMES
from newsbrief.text.normalise import TokenNormaliser, numbers_differ, word_spans

__all__ = [
    "AlignOptions",
    "weighted_dice",
    "aligned_span",
    "span_similarity",
    "SpanMatch",
    "local_window",
    "windows_overlap",
    "aligned_runs",
    "copy_spans",
    "many_copy_spans",
    "Words",
    "word_keys",
    "in_place_chain",
    "different_facts",
    "kept_in_place",
    "shared_wording",
    "only_a_name",
    "attribution_frame",
    "only_the_frame",
    "says_otherwise",
    "FactTemplate",
    "fact_template",
]


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner.

    ``reworded_threshold``: weighted Dice from which two different sentences are
    a reworded copy. ``span_threshold``: aligned-span Dice from which a pair
    below ``reworded_threshold`` (but at least ``grey_threshold``) is still a
    reworded copy, when at least ``min_shared`` distinct tokens are shared and
    they carry at least ``min_containment`` of the shorter sentence's weight.
    ``min_tokens``: sentences with fewer distinct match tokens are too short to
    attribute ("He said so."). ``min_span_cover``: the aligned spans of such a pair
    hold at least this share of one sentence's weight (``SpanMatch.covered``): one
    sentence copied into a longer one, not a clause ("the storm cut power to 40,000
    homes") inside two sentences that otherwise say different things.
    ``in_place_share`` and ``in_place_words``: a pair that passes the span check
    but that the grey zone's context rules turn down is still a copy when the
    words it keeps in place (:func:`kept_in_place`) make up this share of the
    shorter sentence's words and at least this many words, ``min_shared`` of
    them content words.
    """

    reworded_threshold: float = 0.5
    grey_threshold: float = 0.18
    span_threshold: float = 0.45
    min_shared: int = 3
    min_containment: float = 0.3
    min_tokens: int = 4
    min_span_cover: float = 0.45
    in_place_share: float = 0.5
    in_place_words: int = 7


def weighted_dice(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], default: float = 1.0) -> float:
    """IDF-weighted Dice overlap of two token sets, in [0, 1].

    >>> weighted_dice(frozenset("abc"), frozenset("abd"), {})
    0.6666666666666666
    """
    if not a or not b:
        return 0.0
    # fsum: a set of words iterates in an order that changes with the hash seed, and a
    # float sum in another order may differ in its last bit.
    shared = math.fsum(idf.get(t, default) for t in a & b)
    total = math.fsum(idf.get(t, default) for t in a) + math.fsum(idf.get(t, default) for t in b)
    return 2.0 * shared / total


def aligned_span(tokens: Sequence[int], shared: frozenset[int] | set[int]) -> tuple[int, int]:
    """The shortest run ``tokens[start:end]`` holding every token of ``shared``
    (the earliest such run on ties): a minimum-window scan, linear in ``len(tokens)``.

    >>> aligned_span([5, 1, 9, 2, 1, 7, 2], {1, 2})
    (3, 5)
    """
    need = len(shared)
    if need == 0:
        return 0, 0
    counts: dict[int, int] = {}
    have, best, left = 0, (0, len(tokens)), 0
    for right, token in enumerate(tokens):
        if token not in shared:
            continue
        counts[token] = counts.get(token, 0) + 1
        if counts[token] == 1:
            have += 1
        while have == need:
            if tokens[left] in shared:
                if right + 1 - left < best[1] - best[0]:
                    best = (left, right + 1)
                counts[tokens[left]] -= 1
                if counts[tokens[left]] == 0:
                    have -= 1
            left += 1
    return best


@dataclass(frozen=True)
class SpanMatch:
    """The aligned-span comparison of two token sequences: the span Dice, the
    containment of the shared weight in the lighter sentence, the number of
    distinct shared tokens, the aligned spans (token index ranges) and the
    larger share of a sentence's weight that its aligned span holds (``covered``:
    small when the match is one clause inside two longer sentences)."""

    span_dice: float
    containment: float
    shared: int
    span_a: tuple[int, int]
    span_b: tuple[int, int]
    covered: float = 0.0


def span_similarity(a: Sequence[int], b: Sequence[int], weights: Sequence[float]) -> SpanMatch:
    """Compare two sentences given as token ids (in text order) with their weights.

    ``weights[t]`` is the IDF weight of token id ``t``.

    >>> m = span_similarity([0, 1, 2, 3, 4, 5], [6, 1, 2, 3, 7], [1.0] * 8)
    >>> m.span_dice, m.shared, m.span_a, m.span_b, m.covered
    (1.0, 3, (1, 4), (1, 4), 0.6)
    """
    set_a, set_b = set(a), set(b)
    shared = set_a & set_b
    if not shared:
        return SpanMatch(0.0, 0.0, 0, (0, 0), (0, 0))
    span_a, span_b = aligned_span(a, shared), aligned_span(b, shared)
    shared_weight = sum(weights[t] for t in shared)
    in_a, in_b = sum(weights[t] for t in set(a[span_a[0] : span_a[1]])), sum(weights[t] for t in set(b[span_b[0] : span_b[1]]))
    weight_a, weight_b = sum(weights[t] for t in set_a), sum(weights[t] for t in set_b)
    return SpanMatch(
        2.0 * shared_weight / (in_a + in_b), shared_weight / min(weight_a, weight_b), len(shared), span_a, span_b,
        max(in_a / weight_a, in_b / weight_b),
    )


def local_window(
    tokens: Sequence[int], other: frozenset[int] | set[int], weights: Sequence[float], penalty: float = 0.5
) -> tuple[int, int]:
    """The run ``tokens[start:end]`` that best matches the token set ``other``:
    each token scores its weight when ``other`` holds it and ``-penalty`` times
    its weight when not, and the run with the highest total is taken (Kadane's
    maximum-sum run, the earliest on ties; ``(0, 0)`` when nothing is shared).

    Unlike :func:`aligned_span`, a shared word far from the others (a name
    repeated in the other half of a merged sentence) does not stretch the run.

    >>> local_window([8, 1, 2, 9, 3, 4, 7, 7, 7, 1], {1, 2, 3, 4}, [1.0] * 10)
    (1, 6)
    """
    best, best_run, total, start = 0.0, (0, 0), 0.0, 0
    for end, token in enumerate(tokens):
        gain = weights[token] if token in other else -penalty * weights[token]
        if total <= 0.0:
            total, start = gain, end
        else:
            total += gain
        if total > best:
            best, best_run = total, (start, end + 1)
    return best_run


def windows_overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    """Whether two runs ``(start, end)`` of one sentence cover the same words:
    they share two tokens, or the whole of a one-token run. A single shared
    token at the seam is not enough: where a copier joined two sentences, a
    word of one may also occur in the other ("costs" / "cost").

    >>> windows_overlap((0, 10), (8, 20)), windows_overlap((0, 10), (9, 20)), windows_overlap((4, 5), (0, 9))
    (True, False, True)
    """
    shared = min(one[1], other[1]) - max(one[0], other[0])
    return shared > 0 and shared >= min(2, one[1] - one[0], other[1] - other[0])


def aligned_runs(a: Sequence[str], b: Sequence[str], content: Callable[[str], bool]) -> list[tuple[int, int, int, int]]:
    """Runs of equal keys in the same order in both sequences, as word index
    ranges ``(a_start, a_end, b_start, b_end)`` sorted by ``a_start``.

    ``a`` and ``b`` are per-word match keys. The maximal runs of equal keys
    (diagonals of the match grid) are taken longest first, each only if it
    touches no word already taken in either sequence and holds at least one
    word for which ``content`` is true (a lone "the" aligns nothing). Runs may
    come in another order in ``b`` than in ``a``: reordered clauses are aligned
    too (greedy string tiling over maximal runs). Linear in the number of
    matching word pairs.

    >>> aligned_runs("the flood cut the line , he said".split(), "he said the flood cut a line".split(), lambda k: k not in {"the", "a", "he", ","})
    [(0, 3, 2, 5), (4, 5, 6, 7), (6, 8, 0, 2)]
    """
    where: dict[str, list[int]] = {}
    for j, key in enumerate(b):
        where.setdefault(key, []).append(j)
    length: dict[tuple[int, int], int] = {}
    for i, key in enumerate(a):
        for j in where.get(key, ()):
            length[(i, j)] = length.get((i - 1, j - 1), 0) + 1
    # Maximal runs end where the diagonal does not go on.
    runs = sorted(
        ((n, i + 1 - n, j + 1 - n) for (i, j), n in length.items() if (i + 1, j + 1) not in length),
        key=lambda run: (-run[0], run[1], run[2]),
    )
    taken_a, taken_b = [False] * len(a), [False] * len(b)
    found = []
    for n, i, j in runs:
        if any(taken_a[i : i + n]) or any(taken_b[j : j + n]) or not any(content(k) for k in a[i : i + n]):
            continue
        taken_a[i : i + n] = [True] * n
        taken_b[j : j + n] = [True] * n
        found.append((i, i + n, j, j + n))
    return sorted(found)


def copy_spans(a: str, b: str, normaliser: TokenNormaliser) -> tuple[tuple[int, int, int, int], ...]:
    """The :func:`aligned_runs` of two sentence texts as character offsets
    ``(a_start, a_end, b_start, b_end)``, from the first to the last word of each run.

    Words are compared by their match token (``normaliser`` on the word alone:
    spelling, single-word aliases, numbers, stems and synonyms folded), stop
    words by their lower-case form; a run needs one word that is not a stop word.

    >>> a = "Russian troops stiffened their defences near Raqqa, officials said."
    >>> b = "Officials said the Russian troops stiffened their defenses close to Raqqa."
    >>> [(a[s:e], b[t:u]) for s, e, t, u in copy_spans(a, b, TokenNormaliser())]
    [('Russian troops stiffened their defences', 'Russian troops stiffened their defenses'), ('Raqqa', 'Raqqa'), ('officials said', 'Officials said')]
    """
    return many_copy_spans([(a, b)], normaliser)[0]


@dataclass(frozen=True)
class Words:
    """The words of a text as written, where each sits (character offsets) and
    its match key (see :func:`word_keys`)."""

    words: list[str]
    spans: list[tuple[int, int]]
    keys: list[str]
    frame: frozenset[int] = frozenset()  # the words of its attribution frame (:func:`attribution_frame`)


def word_keys(texts: Sequence[str], normaliser: TokenNormaliser, frames: bool = True) -> dict[str, Words]:
    """The :class:`Words` of each distinct text, the words of all texts
    normalised by one :meth:`~newsbrief.text.normalise.TokenNormaliser.encode` call.

    A word's key is its match token (spelling, single-word aliases, numbers,
    stems and synonyms folded); a stop word, which has none, keeps its lower-case
    form behind ``"\\0"``, which no match token starts with. ``frames``: whether to
    find each text's attribution frame (``Words.frame``, for :func:`only_the_frame`).

    >>> word_keys(["The harbour closed."], TokenNormaliser())["The harbour closed."].keys
    ['\\x00the', 'harbor', 'close']
    """
    distinct = list(dict.fromkeys(texts))
    spans = [word_spans(text) for text in distinct]
    words = [text[start:end] for text, found in zip(distinct, spans) for start, end in found]
    encoded = normaliser.encode(words)
    lengths = np.diff(encoded.offsets)
    # One word gives at most one match token.
    first = np.minimum(encoded.offsets[:-1], max(len(encoded.tokens) - 1, 0))
    keys = [
        encoded.vocabulary[encoded.tokens[k]] if n else "\0" + word.lower()
        for word, k, n in zip(words, first.tolist(), lengths.tolist())
    ]
    at = np.cumsum([0] + [len(found) for found in spans]).tolist()
    return {
        text: Words(words[at[k] : at[k + 1]], found, keys[at[k] : at[k + 1]],
                    _words_within(found, attribution_frame(text)) if frames else frozenset())
        for k, (text, found) in enumerate(zip(distinct, spans))
    }


# Who said it: a reporting verb (past, present and the verbs news copy uses), or "according to"
# opening a clause ("operated according to the rules" attributes nothing).
_REPORTING = re.compile(
    r"^\W*according\s+to\b|\b(?:said|says|told|tells|stated|states|added|adds|announced|announces|warned|warns"
    r"|confirmed|confirms|explained|explains|noted|notes|insisted|insists|claimed|claims|argued|argues"
    r"|wrote|writes|declared|declares|(?<!is\s)(?<!are\s)(?<!was\s)(?<!were\s)reported)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[\"“„”]([^\"“„”]+)[\"”“]")
_QUOTE_MARK = re.compile(r"[\"“„”]")
_CLAUSE_BREAK = re.compile(r"\s*(?:[,;:](?=\s)|\s[-–—]+\s|—)\s*")
_ACCORDING_TO = re.compile(r"\W*according\s+to\b", re.IGNORECASE)
# After its verb a frame says only to whom, where and when: a word that opens a clause of its
# own ("..., and officials said the road would stay shut", "the OMB said it expected ...") makes it a statement.
_CLAUSE_AFTER = re.compile(
    r"\b(?:that|would|will|was|were|is|are|had|has|have|could|should|may|might|can|must|it|he|she|they|we|i|there)\b",
    re.IGNORECASE,
)
_CLAUSE_BEFORE = re.compile(r"\b(?:that|would|will|was|were|is|are|could|should|can|must|may|might)\b", re.IGNORECASE)
_FRAME_WORDS, _VERB_WITHIN = 18, 10  # 'Christopher Budd, of the software giant\'s security centre, said "'
# "Officials said on Monday that ...": the subject, the verb, when it was said, and "that".
_SAID_BEFORE = re.compile(
    r"^\W*(?:[\w.'’-]+\s+){0,7}?(?:said|says|told\s+[\w'’-]+|stated|announced|confirmed|warned|declared)"
    r"(?:\s+(?:on|late|early|last|this|in\s+a\s+statement|\w+day|\w+day's|night|morning|evening|afternoon|week|month|year)\b)*"
    r"(?:\s+that\b)?",
    re.IGNORECASE,
)


def _only_attribution(clause: str) -> bool:
    """Whether ``clause`` only says who said something: a reporting verb or
    "according to" among its first words, few words in all, and no clause of its
    own, before the verb (the speaker: "..., policy is sound he added") or after it
    (", Governor Ana Ruiz told reporters on Tuesday.")."""
    verb = _REPORTING.search(clause)
    return (
        verb is not None and len(word_spans(clause[: verb.start()])) < _VERB_WITHIN
        and len(word_spans(clause)) <= _FRAME_WORDS and not _CLAUSE_AFTER.search(clause, verb.end())
        and not _CLAUSE_BEFORE.search(clause, 0, verb.start())
    )


def attribution_frame(text: str) -> tuple[tuple[int, int], ...]:
    """The character ranges of a sentence's attribution frame: who said it, how and
    when, as opposed to what was said. The parts outside the quotation marks of a
    quoted statement that only attribute it; else a short last clause that only
    attributes (", said Health Minister Lena Okafor."), or a first clause "According
    to ...,"; else a lead "Officials said on Monday that". ``()`` when there is none,
    or nothing would be left for the statement.

    Two sentences that share only their frame ("..., Governor Ana Ruiz said on
    Tuesday.") report two statements of one speaker, not one copied text.

    >>> text = '"The budget for roads is exhausted," Governor Ana Ruiz said on Tuesday.'
    >>> [text[s:e] for s, e in attribution_frame(text)]
    ['" Governor Ana Ruiz said on Tuesday.']
    >>> text = "Hospitals will hire more nurses, said Health Minister Lena Okafor."
    >>> [text[s:e] for s, e in attribution_frame(text)]
    [', said Health Minister Lena Okafor.']
    >>> text = "Officials said on Monday that the storm cut power to 40,000 homes."
    >>> [text[s:e] for s, e in attribution_frame(text)], attribution_frame("The storm cut power to 40,000 homes.")
    (['Officials said on Monday that'], ())
    """
    quoted = [m.span(1) for m in _QUOTED.finditer(text) if len(word_spans(m.group(1))) >= 3]
    if quoted:
        outside = [(end, start) for (_, end), (start, _) in zip([(0, 0), *quoted], [*quoted, (len(text), len(text))])]
        framing = tuple((start, end) for start, end in outside if _only_attribution(text[start:end]))
        if framing:
            return framing
    breaks = list(_CLAUSE_BREAK.finditer(text))
    if breaks:
        # A closing clause with quotation marks holds what was said: ', said the company "encourages ...".'
        if _only_attribution(last := text[breaks[-1].start() :]) and not _QUOTE_MARK.search(last):
            return ((breaks[-1].start(), len(text)),)
        if _ACCORDING_TO.match(text):
            return ((0, breaks[0].end()),)
    lead = _SAID_BEFORE.match(text)
    if lead and word_spans(text[lead.end() :]):
        return ((0, lead.end()),)
    return ()


def _words_within(spans: Sequence[tuple[int, int]], ranges: Sequence[tuple[int, int]]) -> frozenset[int]:
    """The indices of the word ``spans`` that lie in one of the character ``ranges``."""
    return frozenset(k for low, high in ranges for k, (start, end) in enumerate(spans) if low <= start and end <= high)


def _is_content(key: str) -> bool:
    """Whether a :func:`word_keys` key is a content word's, not a stop word's."""
    return not key.startswith("\0")


def many_copy_spans(
    pairs: Sequence[tuple[str, str]], normaliser: TokenNormaliser
) -> list[tuple[tuple[int, int, int, int], ...]]:
    """:func:`copy_spans` of many sentence pairs, the words of all distinct
    texts normalised by one :meth:`~newsbrief.text.normalise.TokenNormaliser.encode` call."""
    of = word_keys([text for pair in pairs for text in pair], normaliser, frames=False)
    result = []
    for a, b in pairs:
        (spans_a, keys_a), (spans_b, keys_b) = (of[a].spans, of[a].keys), (of[b].spans, of[b].keys)
        runs = aligned_runs(keys_a, keys_b, _is_content)
        result.append(tuple((spans_a[i][0], spans_a[j - 1][1], spans_b[k][0], spans_b[n - 1][1]) for i, j, k, n in runs))
    return result


_REACH, _SLACK = 4, 1  # in-place steps: up to 3 words rewritten between kept ones, spacing off by one


def in_place_chain(a: Sequence[str], b: Sequence[str], reach: int = _REACH, slack: int = _SLACK) -> list[tuple[int, int]]:
    """The longest chain of equal keys ``(i, j)`` (``a[i] == b[j]``), taken in
    order in both sequences, where each step moves about as far in ``a`` as in
    ``b``: at most ``reach`` words on, the two distances differing by at most
    ``slack``; the one with most content keys (:func:`word_keys`) among the longest.

    That is what a copier who rewrites in place leaves: the words kept stay in
    sequence with the same spacing, each rewritten word standing where the
    original stood (a dropped or added word, or two swapped, shifts the spacing
    by one). Two writers telling the same event in their own words share names
    and short phrases, but with other words of other lengths between them, so
    their chains stay short. Linear in the matching word pairs.

    >>> a = "the mayor opened the old stone bridge on monday".split()
    >>> in_place_chain(a, "the mayor closed the old iron bridge on friday".split())
    [(0, 0), (1, 1), (3, 3), (4, 4), (6, 6), (7, 7)]
    >>> len(in_place_chain(a, "on monday the bridge was opened by the mayor".split()))
    3
    """
    where: dict[str, list[int]] = {}
    for j, key in enumerate(b):
        where.setdefault(key, []).append(j)
    # Per matching pair: (words, content words) of the best chain ending there, and its previous pair.
    best: dict[tuple[int, int], tuple[tuple[int, int], tuple[int, int] | None]] = {}
    top: tuple[tuple[int, int], tuple[int, int] | None] = ((0, 0), None)
    for i, key in enumerate(a):
        weight = 1 if _is_content(key) else 0
        for j in where.get(key, ()):
            before: tuple[tuple[int, int], tuple[int, int] | None] = ((0, 0), None)
            for di in range(1, reach + 1):
                for dj in range(max(1, di - slack), di + slack + 1):
                    previous = best.get((i - di, j - dj))
                    if previous is not None and previous[0] > before[0]:
                        before = (previous[0], (i - di, j - dj))
            length, content = before[0]
            best[(i, j)] = ((length + 1, content + weight), before[1])
            if best[(i, j)][0] > top[0]:
                top = (best[(i, j)][0], (i, j))
    chain, at = [], top[1]
    while at is not None:
        chain.append(at)
        at = best[at][1]
    return chain[::-1]


def _figure(word: str) -> str:
    """The digits of a figure as written ("5,000" and "5000" alike), or ``""``."""
    return "".join(c for c in word if c.isdigit())


def _same_name(one: str, other: str) -> bool:
    """Whether two capitalised words may name the same thing: equal, or one
    the other's abbreviation (its letters in order, same first letter: "Jan" / "January")."""
    short, long = sorted((one.lower(), other.lower()), key=len)
    letters = iter(long)
    return short[:1] == long[:1] and all(c in letters for c in short)


def different_facts(a: Words, b: Words, chain: Sequence[tuple[int, int]], reach: int = _REACH) -> bool:
    """Whether the words that stand in place of each other around an
    :func:`in_place_chain` (each gap between two of its steps, and the ``reach``
    words beyond either end) put other figures or proper names in place of the
    ones the other sentence has there: "6.4" for "6.1", "Governor Tomas Reuel"
    for "Mayor Ilse Brandt". A rewording keeps the facts; a sentence made from
    the same template about another event changes exactly those words. Names
    are capitalised words other than the first; a name and its abbreviation are
    the same name, and a figure is its digits ("5,000" and "5000" alike).

    >>> keys = word_keys(["The quake killed 23 people in Osmo on Monday.", "The quake killed 11 people in Mellis on Monday."], TokenNormaliser())
    >>> a, b = keys.values()
    >>> different_facts(a, b, in_place_chain(a.keys, b.keys))
    True
    >>> different_facts(a, a, in_place_chain(a.keys, a.keys))
    False
    """
    if not chain:
        return False
    (first_a, first_b), (last_a, last_b) = chain[0], chain[-1]
    gaps = [((first_a - reach, first_a), (first_b - reach, first_b)), ((last_a + 1, last_a + 1 + reach), (last_b + 1, last_b + 1 + reach))]
    gaps += [((i + 1, k), (j + 1, n)) for (i, j), (k, n) in zip(chain, chain[1:])]
    for (start_a, end_a), (start_b, end_b) in gaps:
        here_a = a.words[max(start_a, 0) : max(end_a, 0)]
        here_b = b.words[max(start_b, 0) : max(end_b, 0)]
        figures_a, figures_b = {_figure(w) for w in here_a} - {""}, {_figure(w) for w in here_b} - {""}
        if figures_a and figures_b and not figures_a & figures_b:
            return True
        names_a = [w for k, w in enumerate(here_a, max(start_a, 0)) if k > 0 and w[:1].isupper() and not _figure(w)]
        names_b = [w for k, w in enumerate(here_b, max(start_b, 0)) if k > 0 and w[:1].isupper() and not _figure(w)]
        if names_a and names_b and not any(_same_name(x, y) for x in names_a for y in names_b):
            return True
    return False


def kept_in_place(a: Words, b: Words, options: AlignOptions) -> bool:
    """Whether sentences ``a`` and ``b`` share an :func:`in_place_chain` long
    enough to make them a copy, one that keeps their facts (:func:`different_facts`):
    ``options.in_place_share`` of the shorter one's words, at least
    ``options.in_place_words`` words and ``options.min_shared`` content words.

    >>> a = "The mayor opened the old stone bridge over the river on Monday morning."
    >>> b = "The mayor closed the old iron bridge over the river on Monday morning."
    >>> c = "On Monday morning the mayor opened the bridge over the river."
    >>> d = "The mayor closed the old iron bridge over the river on Friday morning."
    >>> keys = word_keys([a, b, c, d], TokenNormaliser())
    >>> [kept_in_place(keys[a], keys[other], AlignOptions()) for other in (b, c, d)]
    [True, False, False]
    """
    chain = in_place_chain(a.keys, b.keys)
    content = sum(1 for i, _ in chain if _is_content(a.keys[i]))
    long_enough = len(chain) >= max(options.in_place_words, options.in_place_share * min(len(a.keys), len(b.keys)))
    return long_enough and content >= options.min_shared and not different_facts(a, b, chain)




def _fact_keys(words: Words) -> set[str]:
    """The content keys of ``words`` that stand for a fact rather than for
    wording: a figure ("20", "twenty") or a name (a capitalised word other than
    the first; none in a headline, where most words are capitalised)."""
    headline = 2 * sum(1 for w in words.words if w[:1].isupper()) > len(words.words)
    return {
        key for k, (word, key) in enumerate(zip(words.words, words.keys))
        if _is_content(key) and (key[:1].isdigit() or bool(_figure(word)) or (k > 0 and word[:1].isupper() and not headline))
    }


def _shared_keys(a: Words, b: Words) -> set[str]:
    """The content keys both sentences hold."""
    return {key for key in a.keys if _is_content(key)} & set(b.keys)


def shared_wording(a: Words, b: Words) -> int:
    """How many distinct content keys sentences ``a`` and ``b`` share that are
    neither a figure nor a name in either (:func:`_fact_keys`): the wording
    they share, beyond the facts that any two reports of one event share.

    >>> keys = word_keys(["Three firefighters were among the twenty people hurt.",
    ...                   "The blaze killed five people and injured twenty."], TokenNormaliser())
    >>> shared_wording(*keys.values())
    2
    """
    return len(_shared_keys(a, b) - _fact_keys(a) - _fact_keys(b))


def only_a_name(a: Words, b: Words, options: AlignOptions) -> bool:
    """Whether all that sentences ``a`` and ``b`` share is one name with its
    title ("council leader Priya Nair"): fewer than ``options.min_shared``
    shared words of wording (:func:`shared_wording`), no figure, and in each
    sentence the shared words stand together, with only stop words and names
    between them, while the rest of each sentence says something else. A name
    alone is not copied text, however rare its words.

    >>> keys = word_keys(["Dunmore council leader Priya Nair said the town was in shock.",
    ...                   "Council leader Priya Nair asked for an independent inquiry."], TokenNormaliser())
    >>> only_a_name(*keys.values(), AlignOptions())
    True
    """
    shared = _shared_keys(a, b)
    if not shared or shared_wording(a, b) >= options.min_shared:
        return False
    if any(key[:1].isdigit() or _figure(w) for words in (a, b) for w, key in zip(words.words, words.keys) if key in shared):
        return False
    for words in (a, b):
        facts = _fact_keys(words)
        at = [k for k, key in enumerate(words.keys) if key in shared]
        other = [_is_content(key) and key not in shared and key not in facts for key in words.keys]
        if any(other[at[0] : at[-1] + 1]) or not any(other):
            return False
    return True


def only_the_frame(a: Words, b: Words) -> bool:
    """Whether sentences ``a`` and ``b``, one of them at least with an attribution
    frame (:func:`attribution_frame`: speaker, reporting verb, day), are matched
    by the frame rather than by what is said: their statements (the words outside
    the frames) share fewer content keys than the rest of the two sentences does,
    and fewer than half of the shorter statement's. One speaker quoted on two
    statements is no copy, however rare the speaker's name, and neither is a
    sentence about the speaker ("Governor Ana Ruiz held a news conference ...")
    a copy of a statement; a rewording of the statement keeps most of its words
    (synonyms and aliases fold).

    >>> keys = word_keys(['"We will rebuild every school by spring," Governor Ana Ruiz said on Tuesday.',
    ...                   '"The budget for roads is exhausted," Governor Ana Ruiz said on Tuesday.',
    ...                   'Governor Ana Ruiz said on Tuesday that every school would be rebuilt by spring.'], TokenNormaliser())
    >>> first, other, reworded = keys.values()
    >>> only_the_frame(first, other), only_the_frame(first, reworded)
    (True, False)
    """
    if not a.frame and not b.frame:
        return False
    # A speaker named in one sentence's frame may stand in the other's statement part
    # (an apposition the frame does not reach): frame words of either are no statement.
    framing = {words.keys[k] for words in (a, b) for k in words.frame}
    said_a, said_b = (
        {key for k, key in enumerate(words.keys) if _is_content(key) and key not in framing} for words in (a, b)
    )
    said_both = said_a & said_b
    return 2 * len(said_both) < min(len(said_a), len(said_b)) and len(said_both) < len(_shared_keys(a, b) - said_both)


_NEGATIONS = frozenset("not never no nor neither nobody nothing none cannot".split())
# Words that say the opposite of each other: a sentence rewritten with one for the other
# reports another fact ("inflation rose" / "inflation fell"), whatever else it keeps.
_OPPOSITES = (
    "rose rise rises rising risen increased increase increases higher gained gain gains",
    "fell fall falls falling fallen decreased decrease decreases lower loss losses",
    "approved approve approves accepted accept backed passed", "rejected reject rejects refused vetoed failed",
    "guilty convicted", "innocent acquitted", "won win wins winning", "lost lose loses losing",
    "opened open opens reopened", "closed close closes shut", "allowed allow allows lifted", "banned ban bans",
    "confirmed confirm confirms admitted", "denied deny denies", "support supports supported", "oppose opposes opposed",
    "alive survived", "dead died killed", "north northern", "south southern",
    "east eastern", "west western",
)  # fmt: skip
_OPPOSITE_PAIRS = [(frozenset(_OPPOSITES[k].split()), frozenset(_OPPOSITES[k + 1].split())) for k in range(0, len(_OPPOSITES), 2)]


def _negations(words: Sequence[str]) -> int:
    return sum(1 for w in words if w.lower() in _NEGATIONS or w.lower().endswith(("n't", "n’t")))


_NEGATION_REACH = 2  # "would not resign": a negation stands just before the words it denies

# Month and weekday names by the day or month they name: "Sept" is September.
_CALENDAR_NAMES = {
    **{name.lower(): name for name in WEEKDAY_NAMES},
    **{name.rstrip("."): MONTH_NAMES[number - 1] for name, number in MONTH_NUMBERS.items()},
}


def _calendar_names(words: Sequence[str]) -> set[str]:
    """The months and weekdays that capitalised ``words`` name ("may" is a verb)."""
    return {_CALENDAR_NAMES[w.lower()] for w in words if w[:1].isupper() and w.lower() in _CALENDAR_NAMES}


def says_otherwise(a: Words, b: Words, normaliser: TokenNormaliser | None = None) -> bool:
    """Whether two similar sentences report different facts: one negated where the
    other is not, among the words they align ("would resign" / "would not resign"), a word put for its opposite
    ("rose" / "fell", "approved" / "rejected", "guilty" / "innocent"), a figure
    changed ("for five years" / "for three years"; one merely added is no change, see
    :func:`~newsbrief.text.normalise.numbers_differ`), or a weekday or month put for
    another ("on Saturday" / "on Sunday"; "Sept" for "September" is none). Such a sentence is not a copy
    of the other: attributing it to both outlets would credit one with the other's
    claim. ``normaliser`` reads the figures (a new one if none is given).

    >>> keys = word_keys(["The mayor said she would resign.", "The mayor said she would not resign.",
    ...                   "Inflation rose sharply in May.", "Inflation fell sharply in May.",
    ...                   "The pact runs for five years.", "The pact runs for three years.",
    ...                   "The convoy leaves on Saturday.", "The convoy leaves on Sunday."], TokenNormaliser())
    >>> w = list(keys.values())
    >>> [says_otherwise(w[k], w[k + 1]) for k in (0, 2, 4, 6)], says_otherwise(w[0], w[0])
    ([True, True, True, True], False)
    """
    runs = aligned_runs(a.keys, b.keys, _is_content)
    if not runs:
        return False
    # Negations are counted where the sentences align: a copier may have joined another
    # sentence, with a "not" of its own, to the copy.
    start_a, end_a = runs[0][0], max(r[1] for r in runs)
    start_b, end_b = min(r[2] for r in runs), max(r[3] for r in runs)
    within_a = a.words[max(start_a - _NEGATION_REACH, 0) : end_a]
    within_b = b.words[max(start_b - _NEGATION_REACH, 0) : end_b]
    if _negations(within_a) != _negations(within_b):
        return True
    lower_a, lower_b = {w.lower() for w in a.words}, {w.lower() for w in b.words}
    for one, other in _OPPOSITE_PAIRS:
        if (lower_a & one and lower_b & other and not lower_a & other and not lower_b & one) or (
            lower_a & other and lower_b & one and not lower_a & one and not lower_b & other
        ):
            return True
    calendar_a, calendar_b = _calendar_names(a.words), _calendar_names(b.words)
    if calendar_a - calendar_b and calendar_b - calendar_a:
        return True
    # Figures are read from the words together, not one by one ("Five hundred" is 500).
    normaliser = normaliser or TokenNormaliser()
    return numbers_differ(normaliser.of_words(a.words), normaliser.of_words(b.words))


@dataclass(frozen=True)
class FactTemplate:
    """A sentence's words, lower-cased, with each figure and month or weekday name
    replaced by ``""`` (its slots), and the character spans of the slots, in order."""

    words: tuple[str, ...]
    slots: tuple[tuple[int, int], ...]


def fact_template(text: str) -> FactTemplate:
    """The :class:`FactTemplate` of a sentence. Two sentences with one template and
    other figures or days in its slots are one sentence with those facts changed: what
    :func:`says_otherwise` keeps from being a copy, and what tells that two sources
    disagree on those facts (:mod:`newsbrief.facts.disagreements`).

    >>> a = fact_template("The company said 1,500 workers joined the strike on Monday.")
    >>> a.words, a.slots
    (('the', 'company', 'said', '', 'workers', 'joined', 'the', 'strike', 'on', ''), ((17, 22), (52, 58)))
    >>> a.words == fact_template("The company said 1,200 workers joined the strike on Tuesday.").words
    True
    """
    words, slots = [], []
    for start, end in word_spans(text):
        word = text[start:end]
        if _figure(word) or (word[:1].isupper() and word.lower() in _CALENDAR_NAMES):
            words.append("")
            slots.append((start, end))
        else:
            words.append(word.lower().replace("’", "'"))
    return FactTemplate(tuple(words), tuple(slots))
