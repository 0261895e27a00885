"""Story grouping, batch and stream, on small invented articles (tests/stories/story_corpus.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from story_corpus import RECORDS, article, gold, texts

from newsbrief.ingest.readers import read_articles
from newsbrief.model import ArticleText, CopyLink, SentenceRef
from newsbrief.pipeline import Options, ingest_into, prepare
from newsbrief.reuse.detect import find_copies
from newsbrief.store.sqlite import Store
from newsbrief.stories.cluster import StoryClusterer, StoryOptions, cluster_stories, story_id_for, time_order


def _batch(items: list[ArticleText], options: StoryOptions | None = None) -> dict[str, str]:
    stories = cluster_stories(items, find_copies(items).links, options)
    return {a: s.id for s in stories for a in s.articles}


def _stream(items: list[ArticleText], options: StoryOptions | None = None) -> tuple[StoryClusterer, dict[str, str]]:
    clusterer = StoryClusterer(options or StoryOptions())
    for text in time_order(items):
        clusterer.add(text)
    return clusterer, {a: s.id for s in clusterer.stories() for a in s.articles}


def _groups(assignment: dict[str, str]) -> set[frozenset[str]]:
    found: dict[str, set[str]] = {}
    for item, group in assignment.items():
        found.setdefault(group, set()).add(item)
    return {frozenset(members) for members in found.values()}


GOLD_GROUPS = _groups(gold())


@pytest.mark.parametrize("dated", [True, False])
def test_batch_finds_the_four_stories(dated: bool) -> None:
    # Two earthquakes two days apart, told in the same words, stay apart; the
    # fire that develops over three days stays together, dates or not.
    assert _groups(_batch(texts(dated=dated))) == GOLD_GROUPS


@pytest.mark.parametrize("dated", [True, False])
def test_stream_finds_the_four_stories(dated: bool) -> None:
    assert _groups(_stream(texts(dated=dated))[1]) == GOLD_GROUPS


def test_story_ids_come_from_the_first_article_and_agree_across_modes() -> None:
    items = texts()
    batch, (_, stream) = _batch(items), _stream(items)
    assert batch == stream
    assert batch["fire-49"] == story_id_for("fire-1")
    # The same input gives the same ids, in any input order.
    assert _batch(list(reversed(items))) == batch


def test_stream_ids_never_change() -> None:
    clusterer = StoryClusterer()
    given: dict[str, str] = {}
    for text in texts():
        given[text.id] = clusterer.add(text)
        for earlier, story in given.items():
            assert clusterer.story_of(earlier) == story
    # Adding an article twice changes nothing.
    assert clusterer.add(texts({"fire"})[0]) == given["fire-1"]


def test_articles_further_apart_than_the_window_are_not_one_story() -> None:
    first, _, third = texts({"fire"})
    late = prepare(replace(third.article, published=first.article.published + timedelta(days=30)))
    assert len(set(_batch([first, late]).values())) == 2
    clusterer, found = _stream([first, late])
    assert len(set(found.values())) == 2
    # The first story went to sleep when the late article arrived, and leaves memory when drained.
    assert [s.id for s in clusterer.drain_dormant()] == [story_id_for(first.id)]
    assert clusterer.story_of(first.id) is None and [s.articles for s in clusterer.stories()] == [(late.id,)]


def test_undated_stream_stories_go_dormant_after_idle_articles() -> None:
    clusterer = StoryClusterer(StoryOptions(idle_articles=3))
    for text in texts(dated=False):
        clusterer.add(text)
    dormant = clusterer.drain_dormant()
    assert dormant and all(story.id not in {s.id for s in clusterer.stories()} for story in dormant)


def test_memory_stays_bounded_over_a_long_stream() -> None:
    clusterer = StoryClusterer(StoryOptions(window=timedelta(days=1), max_terms=400))
    sizes = []
    for week in range(12):
        for record in RECORDS:
            story, hours, source, title, body = record
            item = article(f"{story}{week}", hours + 24 * 7 * week, source, title, body)
            clusterer.add(prepare(item))
        clusterer.drain_dormant()
        sizes.append((len(clusterer.assignments), len(clusterer.stories()), len(clusterer.document_frequency)))
    # Every week brings the same number of articles; what is held does not grow with them.
    assert max(s[0] for s in sizes) <= len(RECORDS) and max(s[1] for s in sizes) <= 4
    assert max(s[2] for s in sizes) <= 400 + 200


def test_stream_merges_two_stories_and_the_old_id_points_to_the_survivor() -> None:
    # Joining is made strict so the second article starts its own story; the
    # merge that follows puts the two together, the older id surviving.
    options = StoryOptions(join_similarity=0.99, merge_similarity=0.3)
    first, second, _ = texts({"varenna"})
    clusterer = StoryClusterer(options)
    kept = clusterer.add(first)
    assert clusterer.add(second) == kept
    merged = clusterer.merged_stories()
    assert [(s.id, s.merged_into) for s in merged] == [(story_id_for(second.id), kept)]
    assert clusterer.story_of(second.id) == kept
    assert [s.articles for s in clusterer.stories()] == [(first.id, second.id)]


def test_copied_text_joins_a_reprint_with_another_headline() -> None:
    original = texts({"fire"})[0]
    body = original.article.text
    reprint = prepare(replace(original.article, id="reprint", title="Smoke over the valley", source="Other"))
    links = [
        CopyLink(SentenceRef(original.id, s.index, s.text), SentenceRef("reprint", s.index, s.text), "verbatim", 1.0)
        for s in original.sentences
    ]
    assert body and len(set(_batch_links([original, reprint], links).values())) == 1
    clusterer = StoryClusterer()
    assert clusterer.add(original) == clusterer.add(reprint, links)


def _batch_links(items: list[ArticleText], links: list[CopyLink]) -> dict[str, str]:
    return {a: s.id for s in cluster_stories(items, links) for a in s.articles}


def test_ingest_writes_a_merge_to_the_store() -> None:
    options = Options(stories=StoryOptions(join_similarity=0.99, merge_similarity=0.3))
    first, second, _ = texts({"varenna"})
    with Store(":memory:") as store:
        ingest_into(store, [first.article], options)
        ingest_into(store, [second.article], options)
        survivor = store.story(story_id_for(first.id))
        assert survivor.articles == (first.id, second.id)
        assert store.story(story_id_for(second.id)).id == survivor.id
        assert [s.id for s in store.stories()] == [survivor.id]


def test_the_seeds_are_one_story_in_both_modes(seed_paths: list[Path]) -> None:
    items = [prepare(a) for a in read_articles(seed_paths)]
    links = find_copies(items).links
    assert [len(s.articles) for s in cluster_stories(items, links)] == [2]
    clusterer = StoryClusterer()
    assert len({clusterer.add(t, links) for t in time_order(items)}) == 1
