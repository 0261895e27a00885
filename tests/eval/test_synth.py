"""Tests of the generated benchmark corpora (newsbrief.eval.synth)."""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from newsbrief.eval.synth import (
    ARTICLE_SENTENCES,
    OUTLETS,
    SENTENCE_WORDS,
    TITLE_WORDS,
    WordStats,
    generate_corpus,
    split_sentences,
    write_jsonl,
)

# Invented news prose (written for these tests), standing in for real texts.
FAKE_NEWS = [
    (
        "The council of the harbour town said on Monday that the new bridge would open in the spring. "
        "Workers have been building the bridge for three years and the cost has risen by a third. "
        "The mayor said the delay was caused by the storms of the last winter and by a shortage of steel. "
        "Residents of the old quarter said they were glad that the work was almost over."
    ),
    (
        "Heavy rain fell on the valley for the third day and the river rose above the warning mark. "
        "The police closed the road to the north and asked residents of the lower streets to leave their homes. "
        "A spokesman for the water board said the dam was safe but that the river would rise again in the night. "
        "Farmers in the valley moved their cattle to higher ground on Sunday."
    ),
    (
        "The national team won the final match of the series by four wickets in front of a large crowd. "
        "The captain said the players had worked hard for the win and that the crowd had helped them in the last hour. "
        "It was the first series the team had won away from home in six years. "
        "The coach said he would name the squad for the next tour at the end of the month."
    ),
    (
        "The government said it would raise the price of fuel by a small amount from the first of the month. "
        "The opposition said the rise would hurt families and small firms in the country towns. "
        "The minister said the money would be spent on roads and on the railway to the coast. "
        "Shares in the two largest fuel companies rose on the news."
    ),
    (
        "Firefighters fought a large fire in the hills to the west of the city for most of the night. "
        "The fire destroyed two homes and a shed but no one was hurt. "
        "The fire service said strong winds had pushed the fire towards the town before the wind changed. "
        "Crews will stay in the hills for the rest of the week to watch for new outbreaks."
    ),
]

TOKEN = re.compile(r"[a-z0-9]+")


def words(text: str) -> tuple[str, ...]:
    return tuple(TOKEN.findall(text.casefold()))


def real_sentences(texts: list[str]) -> set[tuple[str, ...]]:
    """Sentences of real texts as word tuples (split at ., ! or ? before a space)."""
    return {words(s) for text in texts for s in re.split(r"(?<=[.!?])[\"']*\s+", text) if words(s)}


@pytest.fixture(scope="module")
def fake_stats() -> WordStats:
    return WordStats.from_texts(FAKE_NEWS)


@pytest.fixture(scope="module")
def corpus(fake_stats: WordStats) -> list[dict[str, Any]]:
    return list(generate_corpus(600, seed=7, stats=fake_stats, copy_rate=0.2, spin_rate=0.15, syndication_rate=0.1))


def test_same_seed_gives_same_records_and_another_seed_other_ones(fake_stats: WordStats) -> None:
    first = list(generate_corpus(150, seed=3, stats=fake_stats))
    assert first == list(generate_corpus(150, seed=3, stats=fake_stats))
    other = list(generate_corpus(150, seed=4, stats=fake_stats))
    assert [r["text"] for r in first] != [r["text"] for r in other]


def test_counts_ids_stories_and_times(fake_stats: WordStats) -> None:
    records = list(generate_corpus(400, seed=1, stats=fake_stats, stories=25))
    assert len(records) == 400
    assert [r["id"] for r in records] == [f"art-{i:07d}" for i in range(400)]
    assert len({r["story"] for r in records}) == 25
    published = [r["published"] for r in records]
    assert published == sorted(published)
    assert all(r["source"] in OUTLETS for r in records)
    assert all(r["url"].startswith("https://") and ".example/" in r["url"] for r in records)
    # Stories are numbered in order of first appearance.
    first_seen = list(dict.fromkeys(r["story"] for r in records))
    assert first_seen == sorted(first_seen)


def test_articles_sentences_and_titles_have_the_promised_shape(corpus: list[dict[str, Any]]) -> None:
    for record in corpus:
        sentences = split_sentences(record["text"])
        assert ARTICLE_SENTENCES[0] <= len(sentences) <= ARTICLE_SENTENCES[1]
        for sentence in sentences:
            assert sentence[0].isupper() or sentence[0].isdigit()
            assert sentence.endswith(".") and sentence.count(".") == 1
            assert SENTENCE_WORDS[0] <= len(sentence.split()) <= SENTENCE_WORDS[1]
        assert TITLE_WORDS[0] <= len(record["title"].split()) <= TITLE_WORDS[1]


def test_copied_sentences_are_in_their_source_verbatim_or_spun(corpus: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in corpus}
    sentences = {r["id"]: split_sentences(r["text"]) for r in corpus}
    kinds: Counter[str] = Counter()
    for record in corpus:
        for entry in record["copied_from"]:
            source = by_id[entry["source"]]
            assert source["story"] == record["story"]
            assert source["published"] <= record["published"] and source["id"] < record["id"]
            mine = sentences[record["id"]][entry["sentence"]].split()
            theirs = sentences[source["id"]][entry["source_sentence"]].split()
            kinds[entry["kind"]] += 1
            if entry["kind"] == "verbatim":
                assert mine == theirs
            else:
                assert entry["kind"] == "reworded"
                # Spinning swaps words in place: same length, some words changed, most kept.
                assert len(mine) == len(theirs)
                changed = sum(a != b for a, b in zip(mine, theirs))
                assert 1 <= changed <= len(mine) // 2
            # A whole reuse family has one length, since spinning keeps it.
            origin = sentences[entry["origin"]][entry["origin_sentence"]].split()
            assert len(origin) == len(mine)
            assert by_id[entry["origin"]]["story"] == record["story"]
    assert kinds["verbatim"] and kinds["reworded"]


def test_near_duplicates_reproduce_an_earlier_article_from_another_outlet(corpus: list[dict[str, Any]]) -> None:
    by_id = {r["id"]: r for r in corpus}
    duplicates = [r for r in corpus if r["duplicate_of"]]
    assert duplicates
    for record in duplicates:
        source = by_id[record["duplicate_of"]]
        assert source["source"] != record["source"]
        assert source["story"] == record["story"]
        assert record["text"] != source["text"]  # always at least one edit
        assert {e["source"] for e in record["copied_from"]} == {source["id"]}
        copied = len(record["copied_from"])
        assert copied >= ARTICLE_SENTENCES[0] - 1 and copied >= len(split_sentences(record["text"])) - 1


def test_uncopied_sentences_are_never_identical_across_articles(corpus: list[dict[str, Any]]) -> None:
    """Identical sentences in two articles always come from one copied origin,
    so every verbatim overlap a detector finds is in the ground truth."""
    origin: dict[tuple[str, int], tuple[str, int]] = {}
    for record in corpus:
        for entry in record["copied_from"]:
            origin[(record["id"], entry["sentence"])] = (entry["origin"], entry["origin_sentence"])
    families: defaultdict[str, set[tuple[str, int]]] = defaultdict(set)
    for record in corpus:
        for i, sentence in enumerate(split_sentences(record["text"])):
            key = (record["id"], i)
            families[sentence].add(origin.get(key, key))
    assert all(len(origins) == 1 for origins in families.values())


def test_copy_rates_are_honoured(fake_stats: WordStats) -> None:
    none = list(generate_corpus(300, seed=2, stats=fake_stats, copy_rate=0, spin_rate=0, syndication_rate=0))
    assert not any(r["copied_from"] or r["duplicate_of"] for r in none)
    many = list(generate_corpus(800, seed=2, stats=fake_stats, stories=20, copy_rate=0.5, spin_rate=0, syndication_rate=0))
    copiers = sum(bool(r["copied_from"]) for r in many) / (len(many) - 20)  # a story's first article cannot copy
    assert 0.42 <= copiers <= 0.58
    assert all(e["kind"] == "verbatim" for r in many for e in r["copied_from"])


def test_stories_share_event_terms_no_other_story_uses(corpus: list[dict[str, Any]]) -> None:
    by_story: defaultdict[str, list[set[str]]] = defaultdict(list)
    for record in corpus:
        by_story[record["story"]].append(set(record["text"].split()) | set(record["title"].split()))
    users: Counter[str] = Counter(w for arts in by_story.values() for w in set().union(*arts))
    for arts in by_story.values():
        if len(arts) < 3:
            continue
        common = Counter(w for art in arts for w in art)
        own_terms = {w for w, n in common.items() if n >= len(arts) / 2 and users[w] == 1 and w[0].isupper()}
        assert own_terms, "a story's articles share no name of their own"


def test_every_title_names_an_event_term_of_its_story(corpus: list[dict[str, Any]]) -> None:
    words_of_story: defaultdict[str, set[str]] = defaultdict(set)
    for record in corpus:
        words_of_story[record["story"]].update(record["text"].split(), record["title"].split())
    stories_using: Counter[str] = Counter(w for used in words_of_story.values() for w in used)
    for record in corpus:
        names = [w for w in record["title"].split() if w[0].isupper() and stories_using[w] == 1]
        assert names, f"title without a name of its own story: {record['title']!r}"


def test_word_distribution_follows_the_learned_statistics(fake_stats: WordStats, corpus: list[dict[str, Any]]) -> None:
    learned = Counter(w for text in FAKE_NEWS for w in words(text))
    generated = Counter(w for r in corpus for w in words(r["text"]))
    top_learned = {w for w, _ in learned.most_common(20)}
    top_generated = {w for w, _ in generated.most_common(20)}
    assert len(top_learned & top_generated) >= 14
    # The invented fallback has its own vocabulary: the test above would catch a
    # generator that ignored the statistics it was given.
    invented = Counter(w for r in generate_corpus(100, seed=7) for w in words(r["text"]))
    assert len(top_learned & {w for w, _ in invented.most_common(20)}) < len(top_learned & top_generated)


def test_no_real_sentence_appears_in_the_output(corpus: list[dict[str, Any]]) -> None:
    real = real_sentences(FAKE_NEWS)
    generated = {words(s) for r in corpus for s in split_sentences(r["text"])}
    assert not real & generated


def test_real_sentences_are_avoided_even_when_the_walk_would_repeat_one() -> None:
    """With one sentence to learn from and no unigram mixing, the bigram walk
    retraces that sentence: only the guard keeps it out."""
    sentence = "The old ferry across the wide grey river will stop running at the end of next summer."
    stats = WordStats.from_texts([sentence], bigram_weight=1.0)
    records = list(generate_corpus(200, seed=5, stats=stats, stories=20))
    generated = [words(s) for r in records for s in split_sentences(r["text"])]
    target = words(sentence)
    assert target not in set(generated)
    assert any(g[:8] == target[:8] for g in generated)  # the walk did get close


def test_invented_statistics_need_no_real_text() -> None:
    records = list(generate_corpus(50, seed=9))
    assert len(records) == 50
    vocabulary = {w.casefold() for w in WordStats.invented(seed=9).words}
    body = [w for r in records for w in words(r["text"]) if not w.isdigit()]
    assert sum(w in vocabulary for w in body) / len(body) > 0.8  # the rest: names and figure units


def test_generation_is_lazy_and_checks_arguments_eagerly(fake_stats: WordStats) -> None:
    stream = generate_corpus(200_000, seed=0, stats=fake_stats)
    assert [r["id"] for r in itertools.islice(stream, 3)] == ["art-0000000", "art-0000001", "art-0000002"]
    with pytest.raises(ValueError):
        generate_corpus(10, stories=11)
    with pytest.raises(ValueError):
        generate_corpus(10, copy_rate=1.5)
    with pytest.raises(ValueError):
        generate_corpus(-1)
    assert list(generate_corpus(0)) == []
    with pytest.raises(ValueError):
        WordStats.from_texts(["", "  ...  "])


def test_write_jsonl_round_trips(tmp_path: Path, fake_stats: WordStats) -> None:
    records = list(generate_corpus(30, seed=1, stats=fake_stats))
    path = tmp_path / "corpus.jsonl"
    assert write_jsonl(iter(records), path) == 30
    assert [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] == records


def test_command_line_writes_a_corpus(tmp_path: Path) -> None:
    texts = tmp_path / "texts.jsonl"
    texts.write_text("".join(json.dumps({"text": t}) + "\n" for t in FAKE_NEWS), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "newsbrief.eval.synth", "--articles", "40", "--out", str(out), "--stats-from", str(texts)]
    subprocess.run(command, check=True, capture_output=True)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == list(generate_corpus(40, seed=0, stats=WordStats.from_texts(FAKE_NEWS)))


def test_lee_statistics_give_news_like_text_without_copying_it(shared: Path) -> None:
    lines = (shared / "data" / "lee" / "lee_background.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    stats = WordStats.from_texts(texts)
    records = list(generate_corpus(400, seed=11, stats=stats))
    generated = {words(s) for r in records for s in split_sentences(r["text"])}
    assert not real_sentences(texts) & generated
    learned = Counter(w for text in texts for w in words(text))
    produced = Counter(w for r in records for w in words(r["text"]))
    top = 20
    overlap = {w for w, _ in learned.most_common(top)} & {w for w, _ in produced.most_common(top)}
    assert len(overlap) >= 16
