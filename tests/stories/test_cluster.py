"""Story grouping, batch and stream, on small invented articles (tests/stories/story_corpus.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np
import pytest
from story_corpus import RECORDS, START, article, gold, texts

from newsbrief.eval.synth import generate_corpus
from newsbrief.ingest.readers import parse_date, read_articles
from newsbrief.model import Article, ArticleText, CopyLink, SentenceRef, Story
from newsbrief.pipeline import ingest_into, prepare
from newsbrief.report.common import story_list
from newsbrief.reuse.detect import find_copies
from newsbrief.store.sqlite import Store
from newsbrief.stories import cluster
from newsbrief.stories.cluster import (
    StoryClusterer,
    StoryOptions,
    batch_idf,
    cluster_stories,
    story_id_for,
    time_order,
)
from newsbrief.stories.features import FeatureExtractor, unit_vector


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


def test_a_new_story_never_takes_an_id_given_before() -> None:
    # An id a store gave before (its first article removed and read again): the next one is used.
    budget = texts({"budget"})[0]
    taken = {story_id_for(budget.id), story_id_for(f"{budget.id}#2")}
    for add in ("add", "add_batch"):
        clusterer = StoryClusterer(taken_ids=taken)
        getattr(clusterer, add)(budget if add == "add" else [budget])
        assert clusterer.story_of(budget.id) == story_id_for(f"{budget.id}#3")
    assert StoryClusterer().add(budget) == story_id_for(budget.id)


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


@pytest.mark.parametrize("quiet", [timedelta(days=7), timedelta(days=7, seconds=1)])
def test_the_stream_and_the_story_list_agree_on_dormancy_at_the_window_edge(quiet: timedelta) -> None:
    # A story quiet for exactly the window is still open; a second longer, dormant:
    # the stream's clock and the listing (`newsbrief stories`, the web app) read one rule.
    budget, fire = texts({"budget"})[0], texts({"fire"})[0]
    late = prepare(replace(fire.article, published=budget.article.published + quiet))
    clusterer = StoryClusterer()
    clusterer.add(budget)
    clusterer.add(late)
    slept = [s.id for s in clusterer.drain_dormant()]
    stories = [Story(story_id_for(t.id), (t.id,), last_seen=t.article.published) for t in (budget, late)]
    listed = {row["id"]: row["status"] for row in story_list(stories, StoryOptions().window)}
    assert slept == ([story_id_for(budget.id)] if quiet > StoryOptions().window else [])
    assert listed[story_id_for(budget.id)] == ("dormant" if slept else "open")


def test_the_same_kind_of_event_a_year_later_is_another_story_in_every_mode() -> None:
    # The same words a year later (an anniversary report, a second quake in the
    # same province) are another event: dates further apart than the window never link.
    varenna = texts({"varenna"})
    later = [prepare(replace(t.article, id=f"{t.id}-next", published=t.article.published + timedelta(days=365)))
             for t in varenna]
    items = varenna + later
    expected = {frozenset(t.id for t in varenna), frozenset(t.id for t in later)}
    assert _groups(_batch(items)) == expected
    assert _groups(_stream(items)[1]) == expected
    clusterer = StoryClusterer()
    assert _groups(clusterer.add_batch(items, find_copies(items).links)) == expected


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


def _dam_articles() -> list[Article]:
    """Two reports of one dam failure that share almost no words, and a third that tells both halves."""
    when = START + timedelta(days=60)
    return [
        Article("dam-1", "Tarn dam bursts", "The Tarn dam burst early on Tuesday after days of heavy rain.",
                source="Valley Wire", published=when),
        Article("dam-2", "Alby homes under water",
                "Forty homes in Alby were flooded and families moved to the school gym.",
                source="Eastbank Courier", published=when + timedelta(hours=2)),
        Article("dam-3", "Tarn dam burst floods Alby",
                "Forty homes in Alby were flooded when the Tarn dam burst on Tuesday after heavy rain.",
                source="Coastline Daily", published=when + timedelta(hours=4)),
    ]


def test_ingest_writes_a_merge_to_the_store() -> None:
    # Ingested one at a time, the first two reports start two stories; the third
    # links them, so the two merge, the older id surviving and the other pointing to it.
    first, second, third = _dam_articles()
    with Store(":memory:") as store:
        ingest_into(store, [first])
        ingest_into(store, [second])
        assert {s.id for s in store.stories()} == {story_id_for(first.id), story_id_for(second.id)}
        ingest_into(store, [third])
        survivor = store.story(story_id_for(first.id))
        assert survivor.articles == (first.id, second.id, third.id)
        assert store.story(story_id_for(second.id)).id == survivor.id
        assert [s.id for s in store.stories()] == [survivor.id]


def test_a_batch_keeps_a_second_event_of_a_kind_apart_where_one_at_a_time_joins_it() -> None:
    # With a lax join threshold, the first Korvath report joins the Varenna quake
    # story one article at a time, and its later reports follow it there. Added a
    # batch at a time, each article is placed once its batch is known.
    options = StoryOptions(join_similarity=0.05)
    varenna, korvath = texts({"varenna"}), texts({"korvath"})
    one_at_a_time = StoryClusterer(options)
    assert len({one_at_a_time.add(t) for t in varenna + korvath}) == 1
    clusterer = StoryClusterer(options)
    first = clusterer.add_batch(varenna)
    second = clusterer.add_batch(korvath)
    assert set(first.values()) == {story_id_for(varenna[0].id)}
    assert set(second.values()) == {story_id_for(korvath[0].id)}
    assert [s.articles for s in clusterer.stories()] == [tuple(t.id for t in varenna), tuple(t.id for t in korvath)]


def test_a_batch_merges_stories_it_links_and_ids_stay() -> None:
    first, second, third = (prepare(a) for a in _dam_articles())
    clusterer = StoryClusterer()
    given = {**clusterer.add_batch([first]), **clusterer.add_batch([second])}
    assert given == {first.id: story_id_for(first.id), second.id: story_id_for(second.id)}
    assert clusterer.add_batch([third]) == {third.id: story_id_for(first.id)}
    assert [(s.id, s.merged_into) for s in clusterer.merged_stories()] == [(story_id_for(second.id), story_id_for(first.id))]
    assert clusterer.story_of(second.id) == story_id_for(first.id)
    # An article added again changes nothing.
    assert clusterer.add_batch([first]) == {}


def test_a_batch_gives_the_stories_of_the_batch_mode_on_one_batch() -> None:
    items = texts()
    stories = cluster_stories(items)
    assert StoryClusterer().add_batch(items) == {a: s.id for s in stories for a in s.articles}


def test_batch_story_windows_go_to_sleep_with_their_stories() -> None:
    clusterer = StoryClusterer(StoryOptions(window=timedelta(days=1)))
    for week in range(6):
        batch = [prepare(article(f"{story}{week}", hours + 24 * 7 * week, source, title, body))
                 for story, hours, source, title, body in RECORDS]
        clusterer.add_batch(batch)
        clusterer.drain_dormant()
        # Only this week's stories are held: what is held does not grow with the weeks.
        assert len(clusterer.assignments) <= len(RECORDS)


def test_the_seeds_are_one_story_in_both_modes(seed_paths: list[Path]) -> None:
    items = [prepare(a) for a in read_articles(seed_paths)]
    links = find_copies(items).links
    assert [len(s.articles) for s in cluster_stories(items, links)] == [2]
    clusterer = StoryClusterer()
    assert len({clusterer.add(t, links) for t in time_order(items)}) == 1


def test_a_batch_after_replaying_into_a_dormant_story() -> None:
    # A store replays an article into a story that has gone to sleep; once drained,
    # a later batch neither sees it nor fails on it.
    first, _, third = texts({"fire"})
    late = prepare(replace(third.article, id="fire-late", published=first.article.published + timedelta(days=30)))
    clusterer = StoryClusterer()
    story = clusterer.add(first)
    clusterer.add_batch([late])
    assert clusterer.add(replace(third, article=replace(third.article, published=None)), story=story) == story
    assert [s.id for s in clusterer.drain_dormant()] == [story]
    follow_up = prepare(replace(late.article, id="fire-later", published=late.article.published + timedelta(hours=2)))
    assert clusterer.add_batch([follow_up]) == {follow_up.id: story_id_for(late.id)}


def _fixed_idf(items: list[ArticleText]) -> dict[str, float]:
    # Fixed weights, as a store gives: the held vectors never need weighing again,
    # so with no relisting bound a batch scores only what it brings.
    extract = FeatureExtractor()
    return batch_idf([extract(t) for t in items])


def _count_listed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows each call of ``_candidate_similarities`` lists from now on."""
    listed: list[int] = []
    similarities = cluster._candidate_similarities

    def count_listed(matrix, postings, start, stop, *rest):  # type: ignore[no-untyped-def]
        listed.append(stop - start)
        return similarities(matrix, postings, start, stop, *rest)

    monkeypatch.setattr(cluster, "_candidate_similarities", count_listed)
    return listed


def _generated_texts(count: int, days: float, seed: int) -> list[ArticleText]:
    """``count`` articles of a generated corpus (invented words) whose stories start within ``days``, in time order."""
    records = generate_corpus(count, seed=seed, days=days)
    return time_order(
        prepare(Article(r["id"], r["title"], r["text"], source=r["source"], published=parse_date(r["published"])))
        for r in records
    )


def test_a_batch_gives_what_relisting_the_whole_window_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    # 200 generated articles over two days, added 25 at a time: stories span
    # batches, and articles have more candidates than the _CANDIDATES kept, so the
    # cut where listing only the new articles could part from listing all is reached.
    items = _generated_texts(200, days=2, seed=11)
    links = find_copies(items).links
    place = {t.id: i for i, t in enumerate(items)}
    idf = _fixed_idf(items)
    listed = _count_listed(monkeypatch)

    def run(bound: int) -> tuple[StoryClusterer, list[dict[str, str]], int]:
        monkeypatch.setattr(cluster, "_RELIST_ARTICLES", bound)
        listed.clear()
        clusterer = StoryClusterer(idf=idf)
        found = []
        for start in range(0, len(items), 25):
            # The links among the batch and with the articles before it.
            batch_links = [link for link in links
                           if start <= max(place[link.a.article], place[link.b.article]) < start + 25]
            found.append(clusterer.add_batch(items[start : start + 25], batch_links))
        return clusterer, found, sum(listed)

    relisted, expected, relisted_rows = run(len(items))
    incremental, given, incremental_rows = run(0)
    # The two runs took different paths: relisting lists every held article again.
    assert relisted_rows == sum(range(25, len(items) + 1, 25)) and incremental_rows == len(items)
    stories = relisted.stories()
    assert max(len(s.articles) for s in stories) > cluster._CANDIDATES and relisted.merged_into  # what is compared
    assert given == expected
    assert [(s.id, s.articles) for s in incremental.stories()] == [(s.id, s.articles) for s in stories]
    assert incremental.merged_into == relisted.merged_into
    assert incremental.assignments == relisted.assignments


def test_a_batch_scores_and_groups_only_the_window_it_reaches(monkeypatch: pytest.MonkeyPatch) -> None:
    others, budget = texts({"varenna", "korvath", "fire"}), texts({"budget"})
    monkeypatch.setattr(cluster, "_RELIST_ARTICLES", 0)
    listed = _count_listed(monkeypatch)
    grouped: list[int] = []
    linkage = cluster._average_linkage

    def count_grouped(shared, *rest):  # type: ignore[no-untyped-def]
        grouped.append(shared.shape[0])
        return linkage(shared, *rest)

    monkeypatch.setattr(cluster, "_average_linkage", count_grouped)
    clusterer = StoryClusterer(idf=_fixed_idf(others + budget))
    first = clusterer.add_batch(others)
    held = {a: h.near for a, h in clusterer._window.items()}
    assert sum(listed) == len(others)
    listed.clear()
    grouped.clear()
    assert clusterer.add_batch(budget) == {budget[0].id: story_id_for(budget[0].id)}
    # Only the new article is listed and grouped: the held ones far from it keep their lists.
    assert sum(listed) == 1 and grouped == [1]
    assert all(clusterer._window[a].near is near for a, near in held.items())
    assert {a: clusterer.story_of(a) for a in first} == first


def test_new_articles_that_bridge_two_stories_merge_them_without_relisting(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second, third = (prepare(a) for a in _dam_articles())
    monkeypatch.setattr(cluster, "_RELIST_ARTICLES", 0)
    clusterer = StoryClusterer(idf=_fixed_idf([first, second, third]))
    assert clusterer.add_batch([first]) == {first.id: story_id_for(first.id)}
    assert clusterer.add_batch([second]) == {second.id: story_id_for(second.id)}
    assert clusterer.add_batch([third]) == {third.id: story_id_for(first.id)}
    assert clusterer.merged_into == {story_id_for(second.id): story_id_for(first.id)}
    assert [s.articles for s in clusterer.stories()] == [(first.id, second.id, third.id)]


def _held_weights(clusterer: StoryClusterer) -> dict[str, dict[str, float]]:
    """Each held article's vector, term by term."""
    terms = {column: term for term, column in clusterer._vocabulary.items()}
    return {a: {terms[c]: v for c, v in zip(*(part.tolist() for part in clusterer._columns.vector(a)), strict=True)}
            for a in clusterer._window}


def _held_similarity(clusterer: StoryClusterer, article: str, other: str) -> float:
    """The similarity ``article``'s neighbour list gives ``other``."""
    held = clusterer._window[article]
    serial = clusterer._window[other].serial
    return dict(zip(held.near.tolist(), held.near_vals.tolist(), strict=True))[serial]


def test_a_small_window_is_weighed_and_listed_anew_at_every_batch() -> None:
    clusterer = StoryClusterer()
    items = texts()
    first, second = items[0].id, items[1].id  # two reports of one quake
    extract = FeatureExtractor()
    features = {t.id: extract(t) for t in items}

    def weights(counted: list[ArticleText]) -> dict[str, dict[str, float]]:
        idf = batch_idf([features[t.id] for t in counted])
        return {a: unit_vector(features[a], idf, cluster.smoothed_idf(len(counted), 0.0)) for a in (first, second)}

    clusterer.add_batch(items[:2])
    before, expected = _held_weights(clusterer), weights(items[:2])
    assert all(before[a] == pytest.approx(expected[a]) for a in (first, second))
    similarity = _held_similarity(clusterer, first, second)
    clusterer.add_batch(items[2:])
    # Within _RELIST_ARTICLES the held articles are weighed by the document
    # frequencies of everything counted, and their lists made anew with those weights.
    after, expected = _held_weights(clusterer), weights(items)
    assert all(after[a] == pytest.approx(expected[a]) and after[a] != pytest.approx(before[a]) for a in (first, second))
    renewed = sum(w * after[second].get(t, 0.0) for t, w in after[first].items())
    assert _held_similarity(clusterer, first, second) == pytest.approx(renewed) != pytest.approx(similarity)
    assert _groups({a: s.id for s in clusterer.stories() for a in s.articles}) == GOLD_GROUPS


def test_one_article_at_a_time_after_batches_finds_the_batched_stories() -> None:
    varenna, korvath = texts({"varenna"}), texts({"korvath"})
    clusterer = StoryClusterer()
    clusterer.add_batch(varenna[:2])
    clusterer.add_batch(korvath[:2])
    # The stories' sums, left out by the batches, are made when an article comes alone.
    assert clusterer.add(varenna[2]) == story_id_for(varenna[0].id)
    assert clusterer.add(korvath[2]) == story_id_for(korvath[0].id)


def test_an_id_given_twice_with_copied_text_is_grouped() -> None:
    # Real sets (DUC 2006) repeat ids: the copy evidence is laid on one row per id.
    original = texts({"fire"})[0]
    reprint = prepare(replace(original.article, id="reprint", title="Smoke over the valley", source="Other"))
    links = [
        CopyLink(SentenceRef(original.id, s.index, s.text), SentenceRef("reprint", s.index, s.text), "verbatim", 1.0)
        for s in original.sentences
    ]
    assert len(set(_batch_links([original, original, reprint], links).values())) == 1


def test_dropping_unused_term_columns_changes_no_story(monkeypatch: pytest.MonkeyPatch) -> None:
    # Fixed weights, so ``max_terms`` bounds only the term columns: at 1 they are
    # renumbered whenever half of them are unused, at 10**9 never.
    items = texts()
    idf = _fixed_idf(items)
    monkeypatch.setattr(cluster, "_RELIST_ARTICLES", 0)
    found = []
    for max_terms in (1, 10**9):
        clusterer = StoryClusterer(StoryOptions(window=timedelta(days=1), max_terms=max_terms), idf=idf)
        found.append([clusterer.add_batch(items[i : i + 2]) for i in range(0, len(items), 2)])
        clusterer.drain_dormant()
        assert (clusterer._vocabulary_used > 0) == (max_terms == 1)  # renumbered, or never
    assert found[0] == found[1]


def test_replayed_articles_keep_their_places_in_publication_order() -> None:
    """Held articles are numbered in window order, however their stories were replayed
    (the numbers break ties between equally near neighbours)."""
    items = time_order(texts())
    clusterer = StoryClusterer()
    # The first and third articles in one stored story, the second in another.
    for text, story in zip(items[:3], ("s-one", "s-two", "s-one"), strict=True):
        clusterer.add(text, story=story)
    clusterer.add(items[3])  # sums the replayed articles' vectors into their stories
    clusterer.add_batch(items[4:])
    serials = [held.serial for held in clusterer._window.values()]
    assert len(serials) >= 3 and serials == sorted(serials) and len(set(serials)) == len(serials)


# A headline feed: ten items, two events of one morning, no body text.
HEADLINES = {
    "ferry": [
        "Ferry sinks on Lake Orvan with 80 passengers aboard",
        "Lake Orvan ferry disaster: divers search sunken hull",
        "Orvan ferry operator had failed safety checks, papers show",
        "Survivors of Lake Orvan sinking describe night in cold water",
        "Death toll in Orvan ferry sinking rises to 14",
    ],
    "strike": [
        "Karsk copper miners walk out over pay",
        "Karsk strike halts copper output at three pits",
        "Copper price jumps as Karsk miners strike",
        "Union leaders in Karsk reject wage offer",
        "Karsk mine strike enters second day",
    ],
}


def test_a_small_headline_feed_is_grouped_into_its_events() -> None:
    # Half of ten headlines naming "Karsk" makes it the event's name, not a common word
    # (the floor on the documents counted); two headlines of one event share few words
    # ("Orvan ferry operator had failed safety checks": headline_min_similarity).
    when = START
    items = []
    for event, titles in HEADLINES.items():
        for i, title in enumerate(titles):
            when += timedelta(minutes=7)
            items.append(prepare(Article(id=f"{event}{i}", title=title, text=title, published=when)))
    stories = cluster_stories(items)
    assert {frozenset(s.articles) for s in stories} == {
        frozenset(f"{event}{i}" for i in range(len(titles))) for event, titles in HEADLINES.items()
    }


# A harbour town's week: four reports of one crane collapse, and a ferry delayed there
# by a storm, whose short report shares nothing with them but the town's name.
CRANE = [
    ("Crane topples at Wexmoor docks, one worker hurt",
     "A crane toppled onto the quay at Wexmoor docks on Monday and hurt a dock worker. "
     "The dock manager, Ada Roper, said the crane had been inspected in March."),
    ("Wexmoor crane collapse: inspection records sought",
     "Investigators asked for the inspection records of the crane that toppled at Wexmoor docks. "
     "Ada Roper said the injured dock worker was recovering in hospital."),
    ("Dock worker recovering after Wexmoor crane fall",
     "The dock worker hurt when a crane toppled at Wexmoor docks is recovering, Ada Roper said. "
     "Cargo handling on the quay resumed on Tuesday."),
    ("Union calls for crane checks after Wexmoor accident",
     "The dockers' union called for checks on every crane at Wexmoor docks after the crane toppled. "
     "Ada Roper said she welcomed the checks."),
]
FERRY = ("Wexmoor ferry late after storm",
         "The Wexmoor ferry arrived four hours late on Thursday because of a gale. Passengers waited aboard.")


@pytest.mark.parametrize("mode", ["batch", "ingests", "one at a time"])
def test_one_shared_name_alone_does_not_make_one_story(mode: str) -> None:
    items = [prepare(Article(id=f"crane{i}", title=title, text=body, published=START + timedelta(hours=5 * i)))
             for i, (title, body) in enumerate(CRANE)]
    ferry = prepare(Article(id="ferry", title=FERRY[0], text=FERRY[1], published=START + timedelta(days=3)))

    def grouped(options: StoryOptions) -> dict[str, str]:
        if mode == "batch":
            return _batch([*items, ferry], options)
        clusterer = StoryClusterer(options)
        if mode == "one at a time":
            for item in [*items, ferry]:
                clusterer.add(item)
        else:
            clusterer.add_batch(items)
            clusterer.add_batch([ferry])
        return {a: s.id for s in clusterer.stories() for a in s.articles}

    found = grouped(StoryOptions())
    assert len({found[t.id] for t in items}) == 1 and found["ferry"] != found["crane0"]
    # It is the rule that parts them: without it, the ferry joins the crane story.
    unruled = grouped(StoryOptions(min_rest_similarity=0.0))
    assert unruled["ferry"] == unruled["crane0"]


def test_max_gap_keeps_an_undated_report_from_bridging_events_months_apart() -> None:
    from datetime import datetime

    def crane(id: str, when: datetime | None, quay: str) -> ArticleText:
        body = (f"A container crane collapsed at the {quay} quay of the Velm port, injuring two dock workers. "
                "The port authority halted work at the terminal and opened an inquiry into the crane's brakes.")
        return prepare(Article(id=id, title="Crane collapses at Velm port", text=body, published=when))

    january, june = datetime(2025, 1, 10), datetime(2025, 6, 20)
    pile = [crane("j1", january, "north"), crane("j2", january, "north"), crane("u", None, "north"),
            crane("n1", june, "south"), crane("n2", june, "south")]
    apart = cluster_stories(pile, options=StoryOptions(max_gap=timedelta(days=30)))
    assert all(not ({"n1", "n2"} & set(s.articles) and {"j1", "j2"} & set(s.articles)) for s in apart)
    # Without it the undated report joins the two, as one event's coverage resuming would be.
    together = cluster_stories(pile)
    assert any({"j1", "n1"} <= set(s.articles) for s in together)


def _recall(id: str, maker: str, model: str, count: str, part: str) -> ArticleText:
    from datetime import datetime

    body = (f"{maker} is recalling {count} {model} vehicles because a faulty {part} may fail, the carmaker said on "
            f"Monday. Dealers will replace the {part} free of charge, and owners will be told by letter. The recall "
            "follows complaints to the national road safety regulator about brakes that did not respond.")
    return prepare(Article(id=id, title=f"{maker} recalls {count} {model} vehicles over brake problem", text=body,
                           published=datetime(2025, 3, 3, 9, 0)))


def test_two_makers_recalls_on_one_day_are_two_stories() -> None:
    # The vocabulary of a recall is shared; the particulars ("Halvard", "Tundrel" against
    # "Korvel", "Vexa") are not, and neither article mentions the other's.
    pile = [_recall("h1", "Halvard", "Tundrel", "100,000", "brake booster"),
            _recall("h2", "Halvard", "Tundrel", "100,000", "brake booster line"),
            _recall("k1", "Korvel", "Vexa", "200,000", "brake pedal"),
            _recall("k2", "Korvel", "Vexa", "200,000", "brake pedal spring")]
    assert sorted(sorted(s.articles) for s in cluster_stories(pile)) == [["h1", "h2"], ["k1", "k2"]]
    assert "tundrel" in FeatureExtractor()(pile[0]).particulars  # in the title, and inside a sentence


def test_copy_evidence_raises_floats_and_arrays_alike() -> None:
    similarity, evidence = np.array([0.0, 0.3, 0.9, 1.0]), np.array([0.5, 0.0, 0.5, 0.2])
    raised = cluster.raised_by_copies(similarity, evidence)
    assert raised.tolist() == [cluster.raised_by_copies(s, e) for s, e in zip(similarity.tolist(), evidence.tolist())]
    assert raised[0] == 0.5 and raised[2] == pytest.approx(0.95) and raised[3] == 1.0
    assert np.all(raised >= similarity) and np.all(raised >= evidence)


def test_story_similarity_is_the_same_whatever_the_hash_seed(tmp_path: Path, under_hash_seeds_with_weights: Callable[..., set[str]]) -> None:
    # The dot product of two term vectors runs over their shared terms, a set whose
    # order changes with the hash seed: the sum must not.
    value = "_dot(weights, dict.fromkeys(words, 0.7))"
    assert under_hash_seeds_with_weights(value, "from newsbrief.stories.cluster import _dot", tmp_path) == {"4.9722474747474745"}
