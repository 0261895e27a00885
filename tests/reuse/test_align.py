"""Tests of the alignment measures: local windows, aligned runs and character spans."""

from __future__ import annotations

from newsbrief.reuse.align import (
    aligned_runs,
    copy_spans,
    local_window,
    windows_overlap,
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
