"""End-to-end acceptance on the seeds and on a slice of real, unrelated articles."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newsbrief import Article, build_briefs, read_articles
from newsbrief.model import StoryBrief
from newsbrief.report import render


@pytest.fixture(scope="module")
def seed_briefs(seed_paths: list[Path]) -> list[StoryBrief]:
    return build_briefs(read_articles(seed_paths))


def test_seeds_form_one_story(seed_briefs: list[StoryBrief]) -> None:
    assert len(seed_briefs) == 1 and len(seed_briefs[0].articles) == 2


def test_seed_verbatim_sentences_found(seed_briefs: list[StoryBrief]) -> None:
    verbatim = {link.a.text for link in seed_briefs[0].copies if link.kind == "verbatim"}
    expected = ["There were networks of folks in Raqqa", "Kerry told reporters afterwards",
                "A second United States official, again speaking"]
    for start in expected:
        assert any(text.lstrip("\"“").startswith(start) for text in verbatim), start
    for link in seed_briefs[0].copies:
        assert link.a.article != link.b.article


def test_seed_reworded_facts_linked(seed_briefs: list[StoryBrief]) -> None:
    reworded = [link for link in seed_briefs[0].copies if link.kind == "reworded"]
    pairs = {(l.a.text, l.b.text) for l in reworded} | {(l.b.text, l.a.text) for l in reworded}
    assert any("at least 129 people" in a and "killed 129 people" in b for a, b in pairs)
    assert len(reworded) >= 2


def test_seed_brief_has_129_from_both(seed_briefs: list[StoryBrief]) -> None:
    brief = seed_briefs[0].brief
    assert 1 <= len(brief) <= 8
    both = {a.id for a in seed_briefs[0].articles}
    assert any("129" in s.text and set(s.sources) == both for s in brief)
    texts = [s.text for s in brief]
    assert len(texts) == len(set(texts))


def test_seed_facts(seed_briefs: list[StoryBrief]) -> None:
    facts = {f.number: f for f in seed_briefs[0].facts}
    assert "kill" in facts[129].what and len(facts[129].sources) == 2
    assert "truck" in facts[500].what
    assert "militant" in facts[33].what
    assert "reward" in facts[50_000_000].what


@pytest.mark.parametrize("fmt", ["json", "md", "html"])
def test_no_page_furniture_in_any_output(seed_briefs: list[StoryBrief], fmt: str) -> None:
    text = render(seed_briefs, fmt)
    assert re.search(r"\bShare\b", text) is None and "Advertisement" not in text


def test_json_has_documented_fields(seed_briefs: list[StoryBrief]) -> None:
    data = json.loads(render(seed_briefs, "json"))
    story = data["stories"][0]
    assert {"id", "headline", "articles", "brief", "copies", "facts"} <= story.keys()
    assert {"id", "title", "source", "published"} <= story["articles"][0].keys()
    assert {"text", "sources"} <= story["brief"][0].keys()
    copy = story["copies"][0]
    assert {"kind", "score", "a", "b"} <= copy.keys() and {"article", "sentence", "text"} <= copy["a"].keys()
    assert {"value", "what", "text", "sources"} <= story["facts"][0].keys()


def _articles_of(path: Path, clusters: int, per_cluster: int) -> list[tuple[str, Article]]:
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            cluster = json.loads(line)
            for doc in cluster["docs"][:per_cluster]:
                out.append((cluster["id"], Article.create(title=doc["title"], text=doc["text"], source=doc["id"][:3])))
            if len({c for c, _ in out}) >= clusters:
                break
    return out


def test_different_real_stories_are_not_merged(shared: Path) -> None:
    labelled = _articles_of(shared / "data" / "duc2006" / "duc2006_main.jsonl", clusters=4, per_cluster=6)
    gold = {a.id: c for c, a in labelled}
    briefs = build_briefs(a for _, a in labelled)
    for brief in briefs:
        assert len({gold[a.id] for a in brief.articles}) == 1, brief.headline
    # ...and they are not all left apart either.
    assert len(briefs) < len(labelled)


def test_an_undated_reading_takes_the_date_of_another_reading_of_the_same_article() -> None:
    from datetime import datetime, timezone

    from newsbrief.pipeline import first_per_id

    when = datetime(2024, 5, 10, 9, tzinfo=timezone.utc)
    page = Article("a1", "Pier closed", "The pier at Alby closed on Monday.", source="Alpha News")
    item = Article("a1", "Pier closed", "The pier at Alby closed on Monday.", source="The Alpha News",
                   published=when, published_from="feed")
    other = Article("a1", "Pier closed", "Another text under the same id.", published=when)
    [kept] = first_per_id([page, item])
    assert (kept.source, kept.published, kept.published_from) == ("Alpha News", when, "feed")
    [alone] = first_per_id([page, other])  # other content: the first reading stays as it is
    assert alone.published is None


PIER = ("A loading crane toppled across the east pier of Skerra harbour on Monday, crushing two parked vans. "
        "The port closed the pier and sent the island ferries to the west dock for two days.")


def test_one_outlet_has_one_name_in_briefs_built_by_the_library() -> None:
    # A folder's name and a record's source, as the readers give them: the library
    # folds them as the CLI does, the name the outlet writes itself winning.
    read = [Article.create(title="Crane collapses on east pier", text=PIER, source="coast-times"),
            Article.create(title="Ferries diverted after crane collapse", text=PIER.replace("two", "three"), source="Coast Times")]
    [story] = build_briefs(read)
    assert [a.source for a in story.articles] == ["Coast Times", "Coast Times"]
    assert {a.id for a in story.articles} == {a.id for a in read}  # ids unchanged: they fold spellings


def test_one_outlet_has_one_name_in_a_store_filled_by_the_library(tmp_path: Path) -> None:
    from newsbrief import Store
    from newsbrief.pipeline import ingest_into, story_brief_from_store

    folder = Article.create(title="Crane collapses on east pier", text=PIER, source="coast-times")
    record = Article.create(title="Ferries diverted after crane collapse", text=PIER.replace("two", "three"), source="Coast Times")
    with Store(tmp_path / "n.db") as store:
        ingest_into(store, [folder])
        assert store.outlets() == ["coast-times"]
        [added] = ingest_into(store, [record])  # the stored articles take the better name too
        assert added.article.source == "Coast Times" and store.outlets() == ["Coast Times"]
        [story] = store.stories()
        assert [a.source for a in story_brief_from_store(store, story.id).articles] == ["Coast Times", "Coast Times"]
    with Store(tmp_path / "again.db") as store:
        ingest_into(store, [folder])
        # The same article read again under the outlet's own spelling: nothing new, the name still taken.
        assert ingest_into(store, [Article.create(title=folder.title, text=PIER, source="The Coast Times")]) == []
        assert store.outlets() == ["The Coast Times"]
