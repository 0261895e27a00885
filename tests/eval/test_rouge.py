"""ROUGE as ROUGE-1.5.5 computes it: hand-counted examples, then DUC 2006 calibration.

The calibration test scores NIST's 35 DUC 2006 submissions (``shared/data/duc2006``)
and compares them with NIST's official jackknifed ROUGE-2 recalls.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from statistics import fmean

import pytest
from scipy.stats import spearmanr

from newsbrief.eval.rouge import (
    Prf,
    RougeScores,
    rouge_n,
    rouge_su,
    score,
    score_many,
    tokenize,
)

# --- tokens ---------------------------------------------------------------------------


def test_tokens_are_lowercased_ascii_alphanumeric_runs() -> None:
    # Hyphens, apostrophes, dots and non-ASCII letters all separate words.
    assert tokenize("Mid-term E-mail's café, v2.0!", stem=False) == [
        "mid", "term", "e", "mail", "s", "caf", "v2", "0",
    ]  # fmt: skip


def test_only_words_longer_than_three_letters_are_stemmed() -> None:
    # Porter would cut "was" and "has" to "wa" and "ha"; ROUGE leaves short words alone.
    assert tokenize("Was has dogs, jumping hedges") == [
        "was",
        "has",
        "dog",
        "jump",
        "hedg",
    ]


def test_irregular_forms_use_the_wordnet_exception_lists() -> None:
    # Porter alone would leave "children", "went" and "gees".
    assert tokenize("children went geese") == ["child", "go", "goose"]


def test_porter_is_rouges_variant_not_the_textbook_one() -> None:
    # ROUGE-1.5.5 tries -ement, -ment and -ent one after another in step 4, so
    # "agreement" loses "ent" where the published algorithm keeps the word whole.
    assert tokenize("agreement agreements") == ["agreem", "agreem"]
    # Step 1c turns a final y into i when the stem before it has a vowel.
    assert tokenize("says") == ["sai"]


# Stems printed by ROUGE-1.5.5's own Perl stemmer (with its exception database) for
# words where it parts from textbook Porter or where "y" and doubled letters matter.
@pytest.mark.parametrize(
    ("word", "rouge_stem"),
    [
        ("settlement", "settlem"),
        ("replacement", "replac"),
        ("employment", "employ"),
        ("yelling", "yell"),
        ("yearly", "yearli"),
        ("enjoying", "enjoi"),
        ("hopping", "hop"),
        ("hoping", "hope"),
        ("generalization", "gener"),
        ("conditional", "condit"),
        ("representative", "repres"),
        ("made", "make"),
    ],
)
def test_stems_match_rouge_1_5_5(word: str, rouge_stem: str) -> None:
    assert tokenize(word) == [rouge_stem]


def test_word_limit_counts_whitespace_words_before_punctuation_is_removed() -> None:
    # "well-being," is one word for the limit but two tokens after cleaning.
    assert tokenize("Their well-being, sadly, fell.", stem=False, max_words=2) == [
        "their",
        "well",
        "being",
    ]
    assert tokenize("one two three", stem=False, max_words=0) == []
    assert tokenize("one two three", stem=False, max_words=None) == [
        "one",
        "two",
        "three",
    ]


# --- ROUGE-N ---------------------------------------------------------------------------


def test_rouge_1_clips_repeated_words_to_the_reference_count() -> None:
    # Peer unigrams: red x4, kite x1 (5). Reference: red kite flew (3).
    # Hits: min(4, 1) + min(1, 1) = 2.
    s = rouge_n("red red red red kite", ["red kite flew"], 1, stem=False)
    assert s.recall == pytest.approx(2 / 3)
    assert s.precision == pytest.approx(2 / 5)
    assert s.f_measure == pytest.approx(2 * (2 / 3) * (2 / 5) / (2 / 3 + 2 / 5))


def test_rouge_2_sums_hits_and_totals_over_references() -> None:
    # Peer bigrams: storm-hit, hit-coast, coast-town (3).
    # Ref 1 "storm hit bay": storm-hit, hit-bay -> 1 hit of 2.
    # Ref 2 "hit coast town": hit-coast, coast-town -> 2 hits of 2.
    s = rouge_n(
        "storm hit coast town", ["storm hit bay", "hit coast town"], 2, stem=False
    )
    assert s.recall == pytest.approx(3 / 4)
    # The peer's 3 bigrams are counted once per reference for precision.
    assert s.precision == pytest.approx(3 / (3 * 2))


def test_rouge_n_of_a_text_without_n_grams_is_zero() -> None:
    assert rouge_n("alone", ["a single word"], 2, stem=False) == Prf(0.0, 0.0, 0.0)


# --- ROUGE-SU --------------------------------------------------------------------------


def test_skip_bigrams_and_unigrams_are_counted_as_rouge_does() -> None:
    # Reference "ant bee cow dog", skip 1 (pairs at most 2 apart):
    #   unigrams ant bee cow (ROUGE leaves out the last token) = 3,
    #   pairs ant-bee ant-cow bee-cow bee-dog cow-dog = 5: 8 grams.
    # Peer "ant cow": unigram ant, pair ant-cow = 2 grams, both in the reference.
    s = rouge_su("ant cow", ["ant bee cow dog"], skip=1, stem=False)
    assert s.recall == pytest.approx(2 / 8)
    assert s.precision == pytest.approx(1.0)


def test_skip_bigrams_stop_at_the_maximum_gap() -> None:
    # With skip 4 the first and sixth words pair up (4 words between), the first
    # and seventh do not. Peer grams: unigram "w1" and the pair (2 grams).
    ref = ["w1 w2 w3 w4 w5 w6 w7"]
    assert rouge_su("w1 w6", ref, skip=4, stem=False).precision == pytest.approx(1.0)
    assert rouge_su("w1 w7", ref, skip=4, stem=False).precision == pytest.approx(0.5)


# --- jackknife and averages --------------------------------------------------------------

_REFS = [
    "Floods hit the north.",
    "The north was hit by floods.",
    "Floods in the north.",
]
_PEER = "Floods hit the north of the country."


def test_score_is_the_mean_over_leave_one_out_reference_subsets() -> None:
    # ROUGE-2 hits per reference: 3 of 3, 1 of 5, 1 of 3 (see rouge.score's example).
    leave_one_out = [(1 + 1) / (5 + 3), (3 + 1) / (3 + 3), (3 + 1) / (3 + 5)]
    s = score(_PEER, _REFS)
    assert s.r2 == pytest.approx(fmean(leave_one_out))
    subsets = [[r for j, r in enumerate(_REFS) if j != i] for i in range(3)]
    assert s.r1 == pytest.approx(
        fmean(rouge_n(_PEER, sub, 1).recall for sub in subsets)
    )
    assert s.su4 == pytest.approx(fmean(rouge_su(_PEER, sub).recall for sub in subsets))
    assert s.rouge_2.precision == pytest.approx(
        fmean(rouge_n(_PEER, sub, 2).precision for sub in subsets)
    )


def test_score_with_one_reference_is_not_jackknifed() -> None:
    s = score(_PEER, _REFS[:1])
    assert s.rouge_2 == rouge_n(_PEER, _REFS[:1], 2)
    assert s.r2 == pytest.approx(1.0)


def test_score_truncates_peer_and_references_to_the_word_limit() -> None:
    # Five words each, then the same padding on every text.
    peer = "Floods hit the north coast"
    refs = [
        "Floods hit the north today",
        "The north was hit hard",
        "Heavy floods in the north",
    ]
    padding = " and then heavy rain came"
    padded = score(peer + padding, [r + padding for r in refs], words=5)
    assert padded == score(peer, refs, words=5)
    assert score(peer + padding, [r + padding for r in refs], words=None) != padded


def test_score_many_is_the_plain_mean_over_clusters() -> None:
    refs = {"c1": _REFS, "c2": ["Prices rose in May.", "In May prices went up."]}
    peers = {"c1": _PEER, "c2": "Prices went up."}
    both = score_many(peers, refs)
    one, two = score(peers["c1"], refs["c1"]), score(peers["c2"], refs["c2"])
    assert isinstance(both, RougeScores)
    assert both.r1 == pytest.approx((one.r1 + two.r1) / 2)
    assert both.rouge_su4.f_measure == pytest.approx(
        (one.rouge_su4.f_measure + two.rouge_su4.f_measure) / 2
    )


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        score(_PEER, "a single string is not a list of references")
    with pytest.raises(ValueError):
        score(_PEER, [])
    with pytest.raises(ValueError):
        rouge_n(_PEER, _REFS, 0)
    with pytest.raises(ValueError):
        score_many({}, {"c1": _REFS})
    with pytest.raises(ValueError, match="c2"):
        score_many({"c1": _PEER, "c2": _PEER}, {"c1": _REFS})


# --- DUC 2006 calibration -----------------------------------------------------------------

# NIST's official jackknifed ROUGE-2 recall of the 35 DUC 2006 submissions (1 is NIST's
# baseline), from NISTeval/ROUGE/rouge2.jk.m.avg of the DUC 2006 results.
NIST_ROUGE_2 = {
    "24": 0.09505, "12": 0.08987, "23": 0.08792, "8": 0.08707, "28": 0.08700, "15": 0.08679,
    "31": 0.08576, "33": 0.08444, "2": 0.08408, "5": 0.08264, "6": 0.08088, "27": 0.08082,
    "32": 0.08051, "13": 0.07992, "3": 0.07923, "10": 0.07804, "4": 0.07741, "19": 0.07639,
    "9": 0.07537, "22": 0.07479, "14": 0.07292, "29": 0.07028, "25": 0.06945, "16": 0.06779,
    "30": 0.06670, "21": 0.06620, "18": 0.06588, "34": 0.06500, "20": 0.06493, "17": 0.06449,
    "7": 0.06259, "35": 0.05669, "26": 0.05159, "1": 0.04947, "11": 0.02834,
}  # fmt: skip
# Their ROUGE-SU4 recall (rougeSU4.jk.m.avg) for the best two systems and the baseline.
NIST_ROUGE_SU4 = {"24": 0.15464, "12": 0.14755, "1": 0.09788}
# Per evaluation this module gives ROUGE-1.5.5's counts exactly; NIST's averages are
# means of bootstrap resamples of five-decimal scores, up to ~0.0001 from the plain mean.
TOLERANCE = 0.0002


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


@pytest.fixture(scope="module")
def duc2006_scores(shared: Path) -> dict[str, RougeScores]:
    """Every DUC 2006 submission scored against the cluster's four references."""
    folder = shared / "data" / "duc2006"
    # References are keyed "D0601A" (topic + assessor letter), peer outputs "D0601".
    refs = {}
    for cluster in _read_jsonl(folder / "duc2006_main.jsonl"):
        topic = re.fullmatch(r"(D\d{4})[A-Z]", cluster["id"])
        assert topic is not None, cluster["id"]
        refs[topic.group(1)] = cluster["refs"]
    outputs = {
        row["id"]: row["systems"]
        for row in _read_jsonl(folder / "duc2006_nist_peer_outputs.jsonl")
    }
    assert len(refs) == 50
    assert set(outputs) == set(refs)
    systems = set().union(*(s.keys() for s in outputs.values()))
    assert systems == set(NIST_ROUGE_2)
    return {
        system: score_many(
            {topic: outputs[topic][system] for topic in outputs}, refs, words=250
        )
        for system in sorted(systems)
    }


@pytest.mark.parametrize("system", ["24", "12", "1"])
def test_duc2006_anchor_systems_match_nist(
    duc2006_scores: dict[str, RougeScores], system: str
) -> None:
    assert duc2006_scores[system].r2 == pytest.approx(
        NIST_ROUGE_2[system], abs=TOLERANCE
    )
    assert duc2006_scores[system].su4 == pytest.approx(
        NIST_ROUGE_SU4[system], abs=TOLERANCE
    )


def test_duc2006_every_system_matches_nist_rouge_2(
    duc2006_scores: dict[str, RougeScores],
) -> None:
    off = {s: round(duc2006_scores[s].r2 - nist, 5) for s, nist in NIST_ROUGE_2.items()}
    assert max(abs(d) for d in off.values()) <= TOLERANCE, off


def test_duc2006_ranking_agrees_with_nist(
    duc2006_scores: dict[str, RougeScores],
) -> None:
    systems = sorted(NIST_ROUGE_2)
    rho = spearmanr(
        [NIST_ROUGE_2[s] for s in systems], [duc2006_scores[s].r2 for s in systems]
    ).statistic
    assert rho >= 0.99
