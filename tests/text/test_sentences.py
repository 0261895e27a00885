"""Tests of sentence splitting on tricky news text."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.model import Sentence
from newsbrief.text.clean import clean_text
from newsbrief.text.sentences import sentences_of, split_sentences, without_dateline


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


TRICKY = [
    # The word "no" ending a sentence is not the abbreviation of "number".
    (
        "Two members voted no. Ortiz told reporters the plan had passed.",
        ["Two members voted no.", "Ortiz told reporters the plan had passed."],
    ),
    ("He is the no. 2 seed this year. Play starts today.", ["He is the no. 2 seed this year.", "Play starts today."]),
    # An initialism ending a sentence, before a word that starts one.
    (
        "The convoy reached Washington, D.C. Officials there praised the drivers.",
        ["The convoy reached Washington, D.C.", "Officials there praised the drivers."],
    ),
    (
        "The aid was shipped from the U.S. A second load leaves next week.",
        ["The aid was shipped from the U.S.", "A second load leaves next week."],
    ),
    (
        "Talks moved to the U.K. But the two sides remain far apart.",
        ["Talks moved to the U.K.", "But the two sides remain far apart."],
    ),
    # Abbreviations inside a sentence.
    ("The U.S. Army sent two engineering units.", ["The U.S. Army sent two engineering units."]),
    ("Col. Maria Ortiz led the night patrol.", ["Col. Maria Ortiz led the night patrol."]),
    (
        "Col.-Gen. Pavel Orlov said the strikes would go on. Lt.-Col. Ivan Petrov agreed.",
        ["Col.-Gen. Pavel Orlov said the strikes would go on.", "Lt.-Col. Ivan Petrov agreed."],
    ),
    (
        "Gen. Ana Silva and Sen. Tom Hart met Lt. Col. Joe Park at the base.",
        ["Gen. Ana Silva and Sen. Tom Hart met Lt. Col. Joe Park at the base."],
    ),
    ("The hearing was moved to Jan. 14 at their request.", ["The hearing was moved to Jan. 14 at their request."]),
    (
        "Mr. Grant, Mrs. Olsen and Dr. Kaur spoke at St. Mary's hall.",
        ["Mr. Grant, Mrs. Olsen and Dr. Kaur spoke at St. Mary's hall."],
    ),
    ("The team is ranked No. 3 in the league.", ["The team is ranked No. 3 in the league."]),
    (
        "The ferry sank at 6 a.m. Tuesday near the harbour. The crew survived.",
        ["The ferry sank at 6 a.m. Tuesday near the harbour.", "The crew survived."],
    ),
    ("J.P. Morgan raised its forecast for the year.", ["J.P. Morgan raised its forecast for the year."]),
    ("Acme Inc. said profits doubled in the spring.", ["Acme Inc. said profits doubled in the spring."]),
    # Quotations and attributions.
    (
        "“The bridge is safe,” the engineer said. Traffic resumed at noon.",
        ["“The bridge is safe,” the engineer said.", "Traffic resumed at noon."],
    ),
    (
        '"Are you staying?" she asked. He shook his head.',
        ['"Are you staying?" she asked.', "He shook his head."],
    ),
    ("Is the dam holding? he asked the guard.", ["Is the dam holding? he asked the guard."]),
    (
        "Demand will stay “strong”, he said. Analysts were less sure.",
        ["Demand will stay “strong”, he said.", "Analysts were less sure."],
    ),
    (
        '"We will rebuild." "We must," the mayor said.',
        ['"We will rebuild."', '"We must," the mayor said.'],
    ),
    # The dateline stays with the first sentence.
    (
        "GENEVA (Reuters) - Negotiators agreed on a draft text on Friday. A vote follows.",
        ["GENEVA (Reuters) - Negotiators agreed on a draft text on Friday.", "A vote follows."],
    ),
    (
        "OTTAWA, Ont. (AP) — The lake froze early this year. Boats stayed in port.",
        ["OTTAWA, Ont. (AP) — The lake froze early this year.", "Boats stayed in port."],
    ),
    # Every newline is a boundary, and a title without a full stop is a sentence.
    (
        "Lake freezes early\nThe lake froze on Monday\nboats stayed in port.",
        ["Lake freezes early", "The lake froze on Monday", "boats stayed in port."],
    ),
    ("First paragraph ends.\n\n  Second one starts.  ", ["First paragraph ends.", "Second one starts."]),
    # A headline in title case is not split after an initialism.
    ("Storm Hits Washington, D.C. Officials Close Schools", ["Storm Hits Washington, D.C. Officials Close Schools"]),
    # Ordinary words that nupunkt's model holds as abbreviations end sentences in news copy ...
    ("A fire broke out at the depot. Firefighters arrived within minutes.",
     ["A fire broke out at the depot.", "Firefighters arrived within minutes."]),
    ("He was freed on bail. Police said he had left the city last week. Officials in New York. Agreed.",
     ["He was freed on bail.", "Police said he had left the city last week.", "Officials in New York.", "Agreed."]),
    # ... and so do state abbreviations written as words, while news abbreviations stay joined.
    ("He fell ill. Doctors came. They went to Mass. The priest spoke.",
     ["He fell ill.", "Doctors came.", "They went to Mass.", "The priest spoke."]),
    ("Police Const. Tim Fanning met Sens. Kerry and Kennedy in Springfield, Ill. on Tuesday; Smith vs. Jones "
     "went on at the Dist. Court.",
     ["Police Const. Tim Fanning met Sens. Kerry and Kennedy in Springfield, Ill. on Tuesday; Smith vs. Jones "
      "went on at the Dist. Court."]),
    # A clock time ends a sentence before a capital, but not before a day, a month or a time zone.
    ("The fire started at 3 a.m. Firefighters arrived. They met at 9 a.m. Tuesday. It opened at 10 a.m. EDT.",
     ["The fire started at 3 a.m.", "Firefighters arrived.", "They met at 9 a.m. Tuesday.", "It opened at 10 a.m. EDT."]),
    ("He woke at 6 a.m. Moscow time.", ["He woke at 6 a.m. Moscow time."]),
    # Chinese and Japanese full stops have no space after them; a closing quote stays with its sentence.
    ("暴雨导致河水上涨。“居民已经撤离。”桥梁关闭了吗？", ["暴雨导致河水上涨。", "“居民已经撤离。”", "桥梁关闭了吗？"]),
    # Cleaned text has straight quotes: one closes a quotation only when one is open.
    ('暴雨导致河水上涨。"居民已经撤离。"桥梁关闭了吗？', ["暴雨导致河水上涨。", '"居民已经撤离。"', "桥梁关闭了吗？"]),
    ('官员说："明天开放。"', ['官员说："明天开放。"']),
    ("你说什么？！他走了。。。", ["你说什么？！", "他走了。。。"]),
    ("大雨で川が増水した。住民は避難した！", ["大雨で川が増水した。", "住民は避難した！"]),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY, ids=[case[1][0][:40] for case in TRICKY])
def test_tricky_news_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


# At an article's head, a place in capitals and a dash alone is a dateline before a sentence.
LEAD_DATELINES = [
    ("GENEVA — Delegates from 40 countries agreed on a draft text.", "Delegates from 40 countries agreed on a draft text."),
    ("SAN JUAN, Puerto Rico — Power came back to most of the island.", "Power came back to most of the island."),
    ("LOS ALTOS HILLS -- A water main burst under the square.", "A water main burst under the square."),
    ("ST. LOUIS - The river crested overnight.", "The river crested overnight."),
    ("TARNBY — 12 fishing boats were lost in the gale.", "12 fishing boats were lost in the gale."),
    ('VELM — "We saw the roof go," a neighbour said.', '"We saw the roof go," a neighbour said.'),
    # A long dash set tight against the sentence, as many US papers do.
    ("LONDON—Delegates from 40 countries agreed on a draft text.", "Delegates from 40 countries agreed on a draft text."),
    ("WASHINGTON, D.C.—The Senate passed the bill.", "The Senate passed the bill."),
    ('ORVEN–"We saw the roof go," a neighbour said.', '"We saw the roof go," a neighbour said.'),
    ("LOS ALTOS HILLS--A water main burst under the square.", "A water main burst under the square."),
]
# ... but not capitals and a dash that are prose: no sentence after, or no place before.
NO_LEAD_DATELINES = [
    "NATO — the alliance's chief said the exercise would go ahead.",  # lower case after the dash
    "NATO — The alliance's chief said the exercise would go ahead.",  # an abbreviation the alias table knows
    "FBI — Agents searched the house on Tuesday.",  # initials: no vowel
    "AIDS — Acquired Immune Deficiency Syndrome — is still spreading.",  # the capitals spelled out
    "FLOOD WARNING - RIVER VELM AT PORT ALDEN",  # a shouted heading: no sentence after the dash
    "The river rose — Officials closed the bridge.",  # no capitals before the dash
    "LONDON-Based firms led the index.",  # a tight hyphen joins words
    "COVID–19 cases rose again in the city.",  # a tight dash before a number joins it
    "NATO—the alliance's chief said the exercise would go ahead.",
    "NATO—The alliance's chief said the exercise would go ahead.",
    "FBI—Agents searched the house on Tuesday.",
    "AIDS—Acquired Immune Deficiency Syndrome—is still spreading.",
    "AIDS — Acquired immune deficiency syndrome is still spreading.",  # spelled out in lower case
    "OPEC — Organization of the Petroleum Exporting Countries ministers met.",  # spelled out, "of the" skipped
    "NASA — Engineers at NASA fixed the probe on Tuesday.",  # named again: what the sentence is about
]


@pytest.mark.parametrize(("text", "expected"), LEAD_DATELINES)
def test_a_place_and_a_dash_alone_is_a_dateline_at_an_articles_head(text: str, expected: str) -> None:
    assert without_dateline(text, lead=True) == expected


def test_further_down_an_article_a_dateline_needs_its_region_or_credit() -> None:
    assert without_dateline("GENEVA — Delegates agreed.") == "GENEVA — Delegates agreed."
    assert without_dateline("SAN JUAN, Puerto Rico — Power came back.") == "Power came back."
    assert without_dateline("SAN JUAN, Puerto Rico—Power came back.") == "Power came back."
    assert without_dateline("SAN JUAN, Puerto Rico—power came back.") == "SAN JUAN, Puerto Rico—power came back."


@pytest.mark.parametrize("text", NO_LEAD_DATELINES)
def test_capitals_and_a_dash_that_are_prose_stay(text: str) -> None:
    assert without_dateline(text, lead=True) == text


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t\n") == []


def _check_spans(text: str) -> None:
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end
        piece = text[start:end]
        assert piece == piece.strip()
        assert "\n" not in piece
        previous_end = end
    covered = {i for start, end in spans for i in range(start, end)}
    assert all(char.isspace() for i, char in enumerate(text) if i not in covered)


@pytest.mark.parametrize("text", [case[0] for case in TRICKY])
def test_spans_are_ordered_stripped_and_cover_the_text(text: str) -> None:
    _check_spans(text)


def test_sentences_of_builds_records() -> None:
    text = "Rain fell all night. Rivers rose.\nRoads closed."
    records = sentences_of("art-1", text)
    assert records == (
        Sentence(article="art-1", index=0, text="Rain fell all night.", start=0, end=20),
        Sentence(article="art-1", index=1, text="Rivers rose.", start=21, end=33),
        Sentence(article="art-1", index=2, text="Roads closed.", start=34, end=47),
    )
    assert all(text[s.start : s.end] == s.text for s in records)


def test_same_input_same_output() -> None:
    text = " ".join(case[0] for case in TRICKY)
    assert split_sentences(text) == split_sentences(text)


# --- the seed articles ---------------------------------------------------------------


def test_seeds_split_after_us_before_we(seed_paths: list[Path]) -> None:
    """'... attacks in the U.S. We killed majority", the official said.' is two
    sentences: "We" starts the second one, inside the same quotation."""
    for path in seed_paths:
        text = clean_text(path.read_text(encoding="utf-8"))
        found = sentences(text)
        at = next(i for i, sentence in enumerate(found) if sentence.endswith("in the U.S."))
        assert found[at].startswith('"')  # the quotation opens the first sentence
        assert found[at + 1].startswith("We ")
        assert found[at + 1].endswith('", the official said.')


def test_seed_spans_and_titles(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        text = clean_text(path.read_text(encoding="utf-8"))
        _check_spans(text)
        found = sentences(text)
        assert found[0] == text.split("\n\n")[0]  # the title is a sentence of its own
        assert not any(sentence[0].islower() for sentence in found)
        # Every paragraph ends a sentence.
        ends = {end for _, end in split_sentences(text)}
        offset = 0
        for paragraph in text.split("\n\n"):
            assert offset + len(paragraph) in ends
            offset += len(paragraph) + 2


def test_chinese_quotes_after_cleaning_and_reading(tmp_path: Path) -> None:
    # What the pipeline gives the splitter: curly quotes made straight by the cleaning.
    from newsbrief.ingest.readers import read_articles

    path = tmp_path / "rain.jsonl"
    path.write_text('{"id": "r1", "title": "暴雨", "text": "暴雨导致河水上涨。“居民已经撤离。”桥梁关闭了吗？"}\n', encoding="utf-8")
    [article] = read_articles([path])
    assert sentences(article.text) == ["暴雨导致河水上涨。", '"居民已经撤离。"', "桥梁关闭了吗？"]
