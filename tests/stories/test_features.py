"""What story grouping sees in an article: weighted terms, proper names, unit vectors."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from newsbrief.ingest import read_articles
from newsbrief.model import Article
from newsbrief.pipeline import prepare
from newsbrief.stories.features import FeatureExtractor, FeatureOptions, article_features, unit_vector, unit_vectors


def _features(title: str, body: str, options: FeatureOptions | None = None):
    return FeatureExtractor(options)(prepare(Article("x", title, body)))


def test_names_come_from_capitals_inside_sentences_not_from_calendar_words() -> None:
    f = _features(
        "Ferry sinks off Port Aldren",
        "Rescuers searched the water off Port Aldren on Tuesday. Officials said Captain Rhea Voss survived.",
    )
    assert {"port", "aldren", "rhea", "voss"} <= f.names
    assert "tuesday" not in f.names and "rescuer" not in f.names and "offici" not in f.names


def test_sentence_initial_word_is_a_name_only_when_written_capitalised_elsewhere() -> None:
    f = _features("Storm closes roads", "Marlow was cut off by snow. Drivers near Marlow waited. Snow fell all day.")
    assert "marlow" in f.names and "snow" not in f.names and "driver" not in f.names


def test_title_case_headline_names_only_what_the_body_confirms() -> None:
    f = _features("Council Approves New Budget For Northgate", "The Northgate council voted on Monday.")
    assert "northgat" in f.names and "budget" not in f.names and "council" not in f.names


def test_headline_only_item_takes_its_capitals() -> None:
    f = _features("Quake hits Varenna province", "")
    assert f.names == {"varenna"} and f.sentences == 0


def test_title_and_lead_weigh_more_and_a_repeated_headline_counts_once() -> None:
    options = FeatureOptions(title_weight=3.0, lead_weight=1.5, lead_sentences=1)
    f = _features("Dam bursts", "Dam bursts\nThe dam burst at dawn. Later a bridge fell. A bridge report followed.", options)
    assert f.terms["dam"] == 3.0 + 1.5  # title, then the lead sentence; the repeated headline is skipped
    assert f.terms["bridg"] == 2.0


def test_a_wire_dateline_is_neither_a_name_nor_a_term_of_the_article() -> None:
    # Where the desk sits and who filed say nothing of what happened.
    f = _features(
        "Flood cuts off hill villages",
        "BRANDOVA, Velmaria (Kestrel News) -- Flood water cut off six villages above Orlec on Sunday. "
        "Crews from Orlec reached two of them by boat.",
    )
    assert not {"brandova", "velmaria", "kestrel", "new"} & f.terms.keys()
    assert "orlec" in f.names and f.terms["villag"] == 3.0 + 1.5  # the lead after the dateline still counts as lead


@pytest.mark.parametrize("dateline", ["KORVAL, Ostrelia (KN) -- ", "(KN) — ", "KORVAL — ", "KORVAL, Ostrelia _ "])
def test_an_article_reads_the_same_with_or_without_its_dateline(dateline: str) -> None:
    title = "Quake shakes Varenka province"
    body = ("A magnitude 5.9 earthquake shook the northern province of Varenka on Sunday, officials said. "
            "Rescuers in Varenka searched two collapsed schools. The Ostrelian Red Crescent sent tents.")
    assert _features(title, dateline + body) == _features(title, body)


def test_unit_vector_is_unit_length_weighs_names_and_keeps_the_heaviest_terms() -> None:
    f = article_features(prepare(Article("x", "", "Officials in Alby said the river rose. The river kept rising.")))
    vector = unit_vector(f, {}, 1.0, FeatureOptions(name_weight=2.0))
    assert math.isclose(math.sqrt(sum(w * w for w in vector.values())), 1.0)
    assert vector["albi"] > vector["rise"]  # "rose" and "rising" fold to one synonym
    short = unit_vector(f, {}, 1.0, FeatureOptions(vector_terms=2))
    assert len(short) == 2 and "albi" in short


def test_unit_vectors_give_each_article_its_unit_vector_in_the_vocabulary_columns(seed_paths: list[Path]) -> None:
    texts = [prepare(a) for a in read_articles(seed_paths)] + [
        prepare(Article("x", "Dam bursts", "Officials in Alby said the river rose. The river kept rising.")),
        prepare(Article("empty", "", "")),
    ]
    features = [article_features(t) for t in texts]
    idf = {term: 1.0 + i % 7 / 3 for i, term in enumerate(sorted({t for f in features for t in f.terms}))}
    # A short cut-off makes ties among the heaviest terms (equal counts and IDF) decide.
    for options in (FeatureOptions(), FeatureOptions(vector_terms=12), FeatureOptions(vector_terms=0)):
        # Terms known before keep their columns, whatever the order they were put in.
        vocabulary = {"rose": 1, "river": 0}
        matrix = unit_vectors(features, idf, 2.5, vocabulary, options)
        terms = [term for term, _ in sorted(vocabulary.items(), key=lambda item: item[1])]
        assert (vocabulary["river"], vocabulary["rose"]) == (0, 1) and matrix.shape == (len(features), len(vocabulary))
        assert sorted(vocabulary.values()) == list(range(len(vocabulary)))
        assert matrix.has_sorted_indices
        for row, item in enumerate(features):
            got = matrix[row]
            expected = unit_vector(item, idf, 2.5, options)
            row = {terms[c]: w for c, w in zip(got.indices.tolist(), got.data.tolist())}
            # The same terms; weights equal but for the last bit (numpy's log and sums).
            assert row.keys() == expected.keys() and row == pytest.approx(expected, rel=1e-12, abs=1e-15)
            assert len(row) <= options.vector_terms


def test_chinese_and_japanese_characters_count_as_pairs_of_neighbours() -> None:
    rain = _features("東京で大雨、電車が運休", "東京で大雨が降り、電車が運休した。")
    car = _features("トヨタ、新型電気自動車を発表", "トヨタは新型の電気自動車を発表した。")
    assert "東京" in rain.terms and "電車" in rain.terms and "電気" in car.terms
    assert not any(len(t) == 1 for t in rain.terms)  # "で", "電": in most texts
    # Two unrelated stories then share no term but the particle pairs they happen to have.
    assert not {"電車", "東京", "大雨"} & set(car.terms)


def test_japanese_articles_on_different_events_are_different_stories() -> None:
    from datetime import datetime

    from newsbrief.stories.cluster import cluster_stories

    day = datetime(2024, 6, 1)
    rain = prepare(Article.create(title="東京で大雨、電車が運休", source="a", published=day,
                                  text="東京で大雨が降り、多くの電車が運休した。駅では多くの人が待っていた。"))
    car = prepare(Article.create(title="トヨタ、新型電気自動車を発表", source="b", published=day,
                                 text="トヨタは新型の電気自動車を発表した。多くの人が会場に来ていた。"))
    # Read character by character they shared "電", "車", "多", "く", "人", ... and were one story.
    assert len(cluster_stories([rain, car])) == 2
