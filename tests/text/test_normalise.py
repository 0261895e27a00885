"""Tests of the word tokens every stage shares (``newsbrief.text.normalise``) beyond English."""

from __future__ import annotations

import pytest

from newsbrief.text.normalise import match_tokens, numbers_differ, word_count, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Die Brücke in Zürich wurde gesperrt", ["Die", "Brücke", "in", "Zürich", "wurde", "gesperrt"]),
        ("El juez llegó a Palma el próximo lunes", ["El", "juez", "llegó", "a", "Palma", "el", "próximo", "lunes"]),
        ("Мост в Москве закрыт", ["Мост", "в", "Москве", "закрыт"]),
        ("暴雨导致河水上涨", ["暴", "雨", "导", "致", "河", "水", "上", "涨"]),
        ("हिन्दी समाचार", ["हिन्दी", "समाचार"]),  # combining marks stay inside their word
        ("ข่าว ด่วน", ["ข่าว", "ด่วน"]),
        ("مَدْرَسَة جديدة", ["مَدْرَسَة", "جديدة"]),
        ("U.S. troops, 1,000 of them, didn't stay", ["U.S.", "troops", "1,000", "of", "them", "didn't", "stay"]),
    ],
)
def test_words_are_letters_of_any_script_and_cjk_characters(text: str, expected: list[str]) -> None:
    assert words(text) == expected


def test_accented_words_match_as_one_token() -> None:
    # Before, "próximo" fell apart at its accent into "pr" and "ximo".
    assert "ximo" not in match_tokens("El juez llegó el próximo lunes")
    assert match_tokens("Brücke gesperrt") == match_tokens("BRÜCKE GESPERRT")


@pytest.mark.parametrize(
    ("text", "count"), [("Talks resumed on Monday.", 4), ("暴雨导致河水上涨。", 4), ("Flood in 武汉 today", 4), ("", 0)]
)
def test_word_count_counts_two_chinese_characters_as_a_word(text: str, count: int) -> None:
    assert word_count(text) == count


@pytest.mark.parametrize(
    ("spelled", "digits"),
    [("five thousand million years", "5,000 million years"), ("two million three thousand", "2003000"),
     ("three hundred thousand", "300000"), ("one hundred and five", "105")],
)
def test_number_words_match_their_digits(spelled: str, digits: str) -> None:
    assert match_tokens(spelled) == match_tokens(digits)


def test_numbers_are_read_from_tokens_in_order_and_a_set_is_refused() -> None:
    # "30" then "m" is 30 million; a set's order would change with the hash seed.
    assert numbers_differ(match_tokens("A 30m loan."), match_tokens("A 30 loan."))
    assert not numbers_differ(match_tokens("A 30m loan."), match_tokens("A 30 million loan."))
    with pytest.raises(TypeError, match="in their order"):
        numbers_differ(frozenset(match_tokens("A 30m loan.")), match_tokens("A 30 loan."))
