"""Tests of the alignment measures: local windows, aligned runs and character spans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsbrief.reuse.align import (
    AlignOptions,
    aligned_runs,
    copy_spans,
    different_facts,
    in_place_chain,
    kept_in_place,
    local_window,
    windows_overlap,
    word_keys,
)
from newsbrief.text.normalise import TokenNormaliser


def test_local_window_ignores_a_shared_word_far_from_the_copied_part() -> None:
    # Token 1 also appears at the far end (a name repeated in a merged sentence).
    tokens = [1, 2, 3, 4, 9, 9, 9, 9, 9, 9, 1]
    assert local_window(tokens, {1, 2, 3, 4}, [1.0] * 10) == (0, 4)
    assert local_window([5, 6], {1}, [1.0] * 10) == (0, 0)
    # A heavier penalty cuts an unshared word out of the run.
    assert local_window([1, 2, 7, 3, 4], {1, 2, 3, 4}, [1.0] * 10, penalty=1.0) == (0, 5)
    assert local_window([1, 2, 7, 3, 4], {1, 2, 3, 4}, [1.0] * 10, penalty=2.0) == (0, 2)


def test_windows_overlap_when_they_share_two_tokens_or_a_whole_short_one() -> None:
    assert windows_overlap((0, 4), (2, 10)) and windows_overlap((2, 3), (0, 9))
    assert not windows_overlap((0, 4), (3, 10))  # one token at the seam
    assert not windows_overlap((0, 4), (4, 8))
    assert not windows_overlap((0, 0), (0, 5))  # an empty window covers nothing


def test_aligned_runs_take_reordered_clauses_and_skip_lone_stop_words() -> None:
    stop = {"the", "of", "he"}
    a = ["the", "mayor", "opened", "the", "bridge", "of", "stone", "he", "said"]
    b = ["he", "said", "the", "bridge", "of", "stone", "was", "opened", "by", "the", "mayor"]
    runs = aligned_runs(a, b, lambda key: key not in stop)
    assert [(" ".join(a[i:j]), " ".join(b[k:n])) for i, j, k, n in runs] == [
        ("the mayor", "the mayor"), ("opened", "opened"), ("the bridge of stone", "the bridge of stone"),
        ("he said", "he said"),
    ]
    assert aligned_runs(["the"], ["the"], lambda key: key not in stop) == []


def test_copy_spans_fold_spelling_numbers_and_aliases() -> None:
    a = "Five hundred US soldiers left the harbour centre on Friday."
    b = "500 United States soldiers left the harbor center Friday."
    spans = copy_spans(a, b, TokenNormaliser())
    pieces = [(a[s:e], b[t:u]) for s, e, t, u in spans]
    assert ("soldiers left the harbour centre", "soldiers left the harbor center") in pieces
    assert ("Five hundred", "500") not in pieces  # number words are folded as a phrase, not word by word
    assert all(0 <= s < e <= len(a) and 0 <= t < u <= len(b) for s, e, t, u in spans)
    assert copy_spans("Rain fell.", "Markets rose.", TokenNormaliser()) == ()


def test_in_place_chain_follows_words_rewritten_one_for_one() -> None:
    a = "the council will open the new bridge over the river next spring".split()
    rewritten = "the board will open the fresh bridge across the river next summer".split()
    assert in_place_chain(a, rewritten) == [(0, 0), (2, 2), (3, 3), (4, 4), (6, 6), (8, 8), (9, 9), (10, 10)]
    # One word dropped shifts the spacing by one: the chain goes on through every other word.
    assert len(in_place_chain(a, "the council will open new bridge over the river next spring".split())) == 11
    # The same words in another order make only short chains: less than half the sentence.
    assert len(in_place_chain(a, "next spring the river bridge will open over the new council".split())) < len(a) / 2
    assert in_place_chain(a, ["harbour"]) == []


def test_different_facts_are_other_figures_or_names_in_place() -> None:
    def differ(one: str, other: str) -> bool:
        keys = word_keys([one, other], TokenNormaliser())
        return different_facts(keys[one], keys[other], in_place_chain(keys[one].keys, keys[other].keys))

    base = "Police said 12 people were hurt in Dunmore on Friday when the old stand collapsed."
    assert differ(base, "Police said 14 people were hurt in Dunmore on Friday when the old stand collapsed.")
    assert differ(base, "Police said 12 people were hurt in Helmsworth on Friday when the old stand collapsed.")
    # Rewordings of the same facts: other common words, a figure or a name written another way.
    assert not differ(base, "Police stated 12 people were injured in Dunmore on Friday when the aged stand fell.")
    assert not differ("Officials said 5,000 people left on January 4.", "Officials said 5000 people left on Jan. 4.")
    # The first word is capitalised for the sentence, not as a name.
    assert not differ("Crews said the road was closed by floods.", "Police said the road was closed by floods.")


def test_kept_in_place_needs_a_long_chain_over_half_the_shorter_sentence() -> None:
    options = AlignOptions()
    a = "The council will open the new bridge over the river next spring, the mayor said."
    cases = {
        "The board will open the fresh bridge across the river next summer, the mayor stated.": True,
        "Next spring, the mayor said, the river will have a new bridge opened by the council.": False,
        "The council will open it.": False,  # too short a chain to be more than a stock phrase
    }
    keys = word_keys([a, *cases], TokenNormaliser())
    assert {other: kept_in_place(keys[a], keys[other], options) for other in cases} == cases


def test_weighted_dice_is_the_same_whatever_the_hash_seed(tmp_path: Path, under_hash_seeds_with_weights: Callable[..., set[str]]) -> None:
    # A float sum taken in a set's order (which changes with the hash seed) may differ in its last bit.
    value = "weighted_dice(frozenset(words), frozenset(words[:7] + ['pier']), weights)"
    assert under_hash_seeds_with_weights(value, "from newsbrief.reuse.align import weighted_dice", tmp_path) == {"0.6750993877478795"}
