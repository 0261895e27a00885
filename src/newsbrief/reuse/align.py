"""Sentence alignment: decide whether two sentences carry the same text.

A link is ``verbatim`` when the surface words are identical (case and
punctuation aside) and ``reworded`` when the canonical match tokens (aliases,
spellings, numbers, stems and common synonyms folded; see
:mod:`newsbrief.text.normalise`) overlap enough. Overlap is weighted by inverse
document frequency, so sharing a rare name or figure counts for more than
sharing "city". Two measures are used:

* the **weighted Dice** of the two token sets, for sentences that are copies
  from end to end::

      dice(a, b) = 2 W(a ∩ b) / (W(a) + W(b)),   W(S) = Σ_{t in S} idf(t)

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
  also carry a fair share of the shorter sentence (``min_containment``).

>>> idf = {"flood": 2.0, "rail": 3.0, "line": 1.0, "cut": 1.5, "monday": 2.0, "said": 0.5}
>>> round(weighted_dice(frozenset({"flood", "rail", "cut"}), frozenset({"flood", "rail", "line"}), idf), 3)
0.8
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["AlignOptions", "weighted_dice", "aligned_span", "span_similarity", "SpanMatch"]


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner.

    ``reworded_threshold``: weighted Dice from which two different sentences are
    a reworded copy. ``span_threshold``: aligned-span Dice from which a pair
    below ``reworded_threshold`` (but at least ``grey_threshold``) is still a
    reworded copy, when at least ``min_shared`` distinct tokens are shared and
    they carry at least ``min_containment`` of the shorter sentence's weight.
    ``min_tokens``: sentences with fewer distinct match tokens are too short to
    attribute ("He said so.").
    """

    reworded_threshold: float = 0.5
    grey_threshold: float = 0.18
    span_threshold: float = 0.45
    min_shared: int = 3
    min_containment: float = 0.3
    min_tokens: int = 4


def weighted_dice(a: frozenset[str], b: frozenset[str], idf: Mapping[str, float], default: float = 1.0) -> float:
    """IDF-weighted Dice overlap of two token sets, in [0, 1].

    >>> weighted_dice(frozenset("abc"), frozenset("abd"), {})
    0.6666666666666666
    """
    if not a or not b:
        return 0.0
    shared = sum(idf.get(t, default) for t in a & b)
    total = sum(idf.get(t, default) for t in a) + sum(idf.get(t, default) for t in b)
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
    distinct shared tokens and the aligned spans (token index ranges)."""

    span_dice: float
    containment: float
    shared: int
    span_a: tuple[int, int]
    span_b: tuple[int, int]


def span_similarity(a: Sequence[int], b: Sequence[int], weights: Sequence[float]) -> SpanMatch:
    """Compare two sentences given as token ids (in text order) with their weights.

    ``weights[t]`` is the IDF weight of token id ``t``.

    >>> m = span_similarity([0, 1, 2, 3, 4, 5], [6, 1, 2, 3, 7], [1.0] * 8)
    >>> m.span_dice, m.shared, m.span_a, m.span_b
    (1.0, 3, (1, 4), (1, 4))
    """
    set_a, set_b = set(a), set(b)
    shared = set_a & set_b
    if not shared:
        return SpanMatch(0.0, 0.0, 0, (0, 0), (0, 0))
    span_a, span_b = aligned_span(a, shared), aligned_span(b, shared)
    shared_weight = sum(weights[t] for t in shared)
    window = sum(weights[t] for t in set(a[span_a[0] : span_a[1]])) + sum(weights[t] for t in set(b[span_b[0] : span_b[1]]))
    lighter = min(sum(weights[t] for t in set_a), sum(weights[t] for t in set_b))
    return SpanMatch(2.0 * shared_weight / window, shared_weight / lighter, len(shared), span_a, span_b)
