"""Sentence alignment: decide whether two sentences carry the same text.

A link is ``verbatim`` when the surface words are identical (case and
punctuation aside) and ``reworded`` when the canonical match tokens (aliases,
spellings, numbers and stems folded; see :mod:`newsbrief.text.normalise`)
overlap enough. The overlap is a weighted Dice coefficient::

    score(a, b) = 2 * W(a ∩ b) / (W(a) + W(b)),   W(S) = Σ_{t in S} idf(t)

so sharing a rare name or figure counts for more than sharing "city". IDF comes
from the corpus being compared, which keeps the score meaningful across topics.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

__all__ = ["AlignOptions", "SentenceFeatures", "weighted_dice", "idf_weights", "classify_pair"]


@dataclass(frozen=True)
class AlignOptions:
    """Thresholds of the aligner.

    ``reworded_threshold``: weighted Dice above which two different sentences are a
    reworded copy. ``min_tokens``: sentences with fewer match tokens are too short
    to attribute ("He said so.").
    """

    reworded_threshold: float = 0.4
    min_tokens: int = 4


@dataclass(frozen=True)
class SentenceFeatures:
    """What the aligner needs of a sentence: its surface key and match tokens."""

    surface: tuple[str, ...]
    tokens: frozenset[str]


def idf_weights(token_sets: Iterable[Iterable[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency, ``log((1 + n) / (1 + df)) + 1``, per token."""
    df: dict[str, int] = {}
    n = 0
    for tokens in token_sets:
        n += 1
        for token in set(tokens):
            df[token] = df.get(token, 0) + 1
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


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


def classify_pair(
    a: SentenceFeatures, b: SentenceFeatures, idf: Mapping[str, float], options: AlignOptions
) -> tuple[str, float] | None:
    """``("verbatim", 1.0)``, ``("reworded", score)`` or ``None`` for two sentences."""
    if len(a.tokens) < options.min_tokens or len(b.tokens) < options.min_tokens:
        return None
    if a.surface == b.surface:
        return "verbatim", 1.0
    score = weighted_dice(a.tokens, b.tokens, idf)
    if score >= options.reworded_threshold:
        return "reworded", round(score, 4)
    return None
