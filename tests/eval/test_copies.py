"""Tests of the spun-copy benchmark's spinners and its WordNet reader (no shared data needed)."""

from __future__ import annotations

import random
import re
from pathlib import Path

from newsbrief.eval.copies import (
    DEVELOPMENT_SPINNERS,
    SPINNERS,
    WordNet,
    spin_editor,
    spin_paraphrase,
)


def _tiny_wordnet(folder: Path) -> WordNet:
    """A two-synset WordNet database in the real file format, written for this test."""
    header = "  1 An invented database for tests.  \n"
    car = "car 0 motorcar 0 automobile 0"
    lines = [header]
    offset = len(header.encode("latin-1"))
    lines.append(f"{offset:08d} 06 n 03 {car} 000 | a road vehicle  \n")
    (folder / "data.noun").write_text("".join(lines), encoding="latin-1")
    (folder / "index.noun").write_text(
        header + "".join(f"{w} n 1 0 1 0 {offset:08d}  \n" for w in ("automobile", "car", "motorcar")), encoding="latin-1"
    )
    for part in ("verb", "adj", "adv"):
        (folder / f"index.{part}").write_text(header, encoding="latin-1")
        (folder / f"data.{part}").write_text(header, encoding="latin-1")
    found = WordNet.find([folder / "missing", folder])
    assert found is not None
    return found


def test_wordnet_reader_gives_the_other_lemmas_of_the_first_sense(tmp_path: Path) -> None:
    wordnet = _tiny_wordnet(tmp_path)
    assert wordnet.synonyms("car") == ["motorcar", "automobile"]
    assert wordnet.synonyms("bicycle") == []
    assert WordNet.find([tmp_path / "missing"]) is None


def test_paraphrase_spinner_reorders_rewrites_figures_and_swaps_synonyms(tmp_path: Path) -> None:
    wordnet = _tiny_wordnet(tmp_path)
    sentence = "The 5,000 cars did not reach the United States port, officials said."
    spun = {spin_paraphrase(sentence, random.Random(seed), wordnet, rate=1.0) for seed in range(20)}
    assert sentence not in spun
    assert any(s.startswith("Officials said") for s in spun)  # the two halves changed places
    assert any("five thousand" in s or "5000" in s for s in spun)
    assert any("didn't" in s for s in spun) and any("U.S." in s for s in spun)
    assert not any(re.search(r"\bcars\b", s) for s in spun)  # with rate 1 every "cars" becomes a synonym's plural
    assert any("motorcars" in s or "automobiles" in s for s in spun)
    # Same seed, same output.
    assert spin_paraphrase(sentence, random.Random(3), wordnet) == spin_paraphrase(sentence, random.Random(3), wordnet)


def test_editor_spinner_cuts_moves_and_swaps_but_keeps_figures() -> None:
    sentence = "Police said 12 people were killed in the blast on Tuesday, and 40 were hurt."
    spun = {spin_editor(sentence, random.Random(seed)) for seed in range(20)}
    assert sentence not in spun
    assert any(s.startswith("On Tuesday, ") for s in spun)  # the time phrase moved to the front
    assert any("40" not in s for s in spun)  # the trailing clause cut
    assert any("persons" in s or "left dead" in s for s in spun)
    assert all("12" in s for s in spun)  # what the sentence reports stays
    assert spin_editor(sentence, random.Random(5)) == spin_editor(sentence, random.Random(5))


def test_the_paraphrase_and_editor_spinners_are_held_out() -> None:
    assert {"paraphrase", "editor"} <= set(SPINNERS) and not {"paraphrase", "editor"} & set(DEVELOPMENT_SPINNERS)
    assert set(DEVELOPMENT_SPINNERS) < set(SPINNERS)
