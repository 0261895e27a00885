"""The SQLite store: schema, idempotent and incremental ingest, safety on failure."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from newsbrief import Article, Store, Story, ingest_into, read_articles, story_brief_from_store
from newsbrief.pipeline import remove_from
from newsbrief.errors import AmbiguousStory, StoreError, StoryNotFound
from newsbrief.store.sqlite import SCHEMA_VERSION, StoryMatch

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"

QUAKE = [
    Article.create(title="Quake shakes Orvena", source="Valley Wire",
                   text="A strong earthquake shook the mountain town of Orvena on Monday. "
                        "Rescue teams pulled nine people from collapsed houses near the old market. "
                        "The regional governor said 14 people were killed and dozens were hurt."),
    Article.create(title="Orvena earthquake kills 14", source="Harbour Herald",
                   text="Rescue teams pulled nine people from collapsed houses near the old market. "
                        "The regional governor said 14 people were killed and dozens were hurt in Orvena. "
                        "Aftershocks kept residents outdoors through the night."),
]
BUDGET = Article.create(
    title="Council passes budget", source="Northgate Post",
    text="The city council approved a budget of 412 million dollars on Tuesday after a long debate. "
         "Bus drivers said they would strike next week over pay. The mayor called the vote a fair compromise.",
)


def test_outlets_are_renamed_to_one_name(tmp_path: Path) -> None:
    folder = replace(QUAKE[0], id="q-folder", source="valley-wire")
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [folder, QUAKE[1], BUDGET])
        assert store.outlets() == ["Harbour Herald", "Northgate Post", "valley-wire"]
        with store.transaction():
            store.rename_outlets({"valley-wire": "Valley Wire", "Northgate Post": "Northgate Post"})
        assert store.outlets() == ["Harbour Herald", "Northgate Post", "Valley Wire"]
        assert [t.article.source for t in store.texts(["q-folder"])] == ["Valley Wire"]


def test_schema_is_created_and_versioned(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(path)


def test_ingest_is_incremental_and_idempotent(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        assert len(ingest_into(store, QUAKE[:1])) == 1
        [first] = store.stories()
        assert len(ingest_into(store, QUAKE)) == 1  # the first is already there
        assert len(ingest_into(store, QUAKE)) == 0
        assert store.count_articles() == 2
        stories = store.stories()
        assert [s.id for s in stories] == [first.id]  # the story id given first is kept
        assert set(stories[0].articles) == {a.id for a in QUAKE}
        ingest_into(store, [BUDGET])
        assert len(store.stories()) == 2
        brief = story_brief_from_store(store, first.id[:6])
        assert brief.story.id == first.id and brief.copies


def test_story_lists_keep_ids_with_spaces_and_quotes_whole(tmp_path: Path) -> None:
    odd = [replace(a, id=name) for a, name in zip(QUAKE, ["wire/a b?c#1", "日本 'q\""], strict=True)]
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [*odd, BUDGET])
        stories = store.stories()
        assert [set(s.articles) for s in stories] == [{a.id for a in odd}, {BUDGET.id}]
        assert set(store.story(stories[0].id).articles) == set(stories[0].articles)


def test_failed_ingest_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, QUAKE)
        before = (store.count_articles(), store.stories(), store.assignments())

        def broken(*args: object, **kw: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(Store, "assign", broken)
        with pytest.raises(RuntimeError):
            ingest_into(store, [BUDGET])
        assert (store.count_articles(), store.stories(), store.assignments()) == before


def test_unknown_story(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store, pytest.raises(StoryNotFound):
        story_brief_from_store(store, "s-nothing")


def test_a_story_is_found_by_a_prefix_only_one_story_starts_with(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [*QUAKE, BUDGET])
        ids = sorted(s.id for s in store.stories())
        with pytest.raises(AmbiguousStory) as error:
            store.story("s-")
        assert error.value.matches == tuple(ids) and str(error.value.args[0]).startswith(f"'s-' matches 2 stories: {ids[0]}")
        assert store.story(ids[0][:-1]).id == ids[0]
        with pytest.raises(StoryNotFound, match="no story 's_'"):
            store.story("s_")  # "_" is a character, not a wildcard
        # Two merged ids that lead to one live story are one match.
        for merged in ("s-merged1", "s-merged2"):
            store.assign(Story(merged, (), merged_into=ids[1]))
        assert store.story("s-merged").id == ids[1]


def test_finding_a_story_says_whether_a_merge_was_followed(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [*QUAKE, BUDGET])
        live = store.stories()[0].id
        # An id given through the library may start another: here a merged one starts its live story's.
        store.assign(Story(live[:-1], (), merged_into=live))
        assert store.find_story(live) == StoryMatch(live, merged=False, matched=(live,))
        assert store.find_story(live[:-1]) == StoryMatch(live, merged=True, matched=(live[:-1],))
        # A prefix of both the merged id and the live one names the live story itself.
        assert store.find_story(live[:-2]) == StoryMatch(live, merged=False, matched=tuple(sorted((live[:-1], live))))


def test_an_article_id_leads_to_the_story_it_is_in(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [*QUAKE, BUDGET])
        story = store.story(store.assignments()[BUDGET.id])
        assert store.find_story(BUDGET.id) == StoryMatch(story.id, merged=False, article=BUDGET.id)
        assert store.story(BUDGET.id) == story
        # Article ids are matched whole, never as prefixes.
        with pytest.raises(StoryNotFound, match="nor an article"):
            store.find_story(BUDGET.id[:-1])


def _brief_headlines(store: Store) -> dict[str, str]:
    return {s.id: story_brief_from_store(store, s.id).headline for s in store.stories()}


def test_a_stored_story_keeps_its_brief_headline(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        articles = list(read_articles([EXAMPLES]))
        ingest_into(store, articles[:8])
        ingest_into(store, articles[8:])
        stories = store.stories()
        assert {s.id: s.headline for s in stories} == _brief_headlines(store)
        assert store.story(stories[0].id[:8]).headline == stories[0].headline
        # Not merely the first article's title: the example corpus has a story where they differ.
        titles = {t.id: t.article.title for t in store.texts()}
        assert any(s.headline != titles[s.articles[0]] for s in stories)


def test_removing_the_headline_article_gives_the_story_a_new_headline(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, read_articles([EXAMPLES]))
        story = next(s for s in store.stories() if len(s.articles) > 2)
        chosen = next(t.id for t in store.texts(story.articles) if t.article.title == story.headline)
        remove_from(store, [chosen])
        after = store.story(story.id)
        assert after.headline and after.headline != story.headline
        assert after.headline == story_brief_from_store(store, story.id).headline


def test_a_day_without_a_time_is_stored_as_a_day(tmp_path: Path) -> None:
    day = replace(BUDGET, published=datetime(2024, 4, 7, tzinfo=timezone.utc), date_only=True)
    timed = replace(QUAKE[0], published=datetime(2024, 4, 7, tzinfo=timezone.utc))
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [day, timed])
        assert {t.id: t.article for t in store.texts()} == {day.id: day, timed.id: timed}
        assert store._db.execute("SELECT published FROM articles WHERE id = ?", (day.id,)).fetchone()[0] == "2024-04-07"
        assert store.story(store.assignments()[day.id]).first_seen == day.published


def test_a_read_only_store_is_read_without_a_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, [Article.create(title="Tarn dam bursts", text="The Tarn dam burst on Monday, flooding forty homes.")])
        expected = [s.id for s in store.stories()]
    before = path.read_bytes()
    # Where nothing may be written (a read-only share), the store opens read-only.
    monkeypatch.setattr("os.access", lambda *args: False)
    with Store.for_reading(path) as store:
        assert [s.id for s in store.stories()] == expected
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store.set_meta("probe", "1")
    assert path.read_bytes() == before


def _older_store(path: Path) -> Path:
    """An empty store marked as schema version 5."""
    with Store(path):
        pass
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value = '5' WHERE key = 'schema_version'")
    db.commit()
    db.close()
    return path


def test_a_read_only_store_of_an_older_schema_is_refused(tmp_path: Path) -> None:
    path = _older_store(tmp_path / "old.db")
    with pytest.raises(StoreError, match="cannot be upgraded"):
        Store(path, read_only=True)


def test_removing_a_story_takes_the_ids_merged_into_it(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    from newsbrief.pipeline import remove_from
    from newsbrief.stories.cluster import story_id_for

    when = datetime(2024, 5, 7, 6, tzinfo=timezone.utc)
    reports = [
        Article("dam-1", "Tarn dam bursts", "The Tarn dam burst early on Tuesday after days of heavy rain.", published=when),
        Article("dam-2", "Alby homes under water", "Forty homes in Alby were flooded and families moved to the school gym.",
                published=when.replace(hour=8)),
        Article("dam-3", "Tarn dam burst floods Alby",
                "Forty homes in Alby were flooded when the Tarn dam burst on Tuesday after heavy rain.", published=when.replace(hour=10)),
    ]
    with Store(tmp_path / "s.db") as store:
        for report in reports:
            ingest_into(store, [report])
        assert store.merges() == {story_id_for("dam-2"): story_id_for("dam-1")}
        remove_from(store, [r.id for r in reports])
        assert store.merges() == {} and store.stories() == []
        for asked in (story_id_for("dam-2"), story_id_for("dam-2")[:6]):
            with pytest.raises(StoryNotFound):
                store.story(asked)


def test_reading_is_not_locked_out_by_an_ingest_in_progress(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, [Article.create(title="Tarn dam bursts", text="The Tarn dam burst on Monday, flooding forty homes.")])
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingest's transaction, held open
    try:
        with Store.for_reading(path) as store:
            assert len(store.stories()) == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_an_older_store_is_upgraded_when_opened_for_reading_where_it_may_be_written(tmp_path: Path) -> None:
    path = _older_store(tmp_path / "old.db")
    with Store.for_reading(path) as store:
        assert store.meta("schema_version") == str(SCHEMA_VERSION)


def test_an_sqlite_database_of_something_else_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        db.execute("INSERT INTO notes (body) VALUES ('keep me')")
    before = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a newsbrief store"):
            Store(path, read_only=read_only)
    assert path.read_bytes() == before  # no table, no journal mode, nothing written
    # An empty file (as a user's `touch` makes) is a store to be.
    empty = tmp_path / "empty.db"
    empty.touch()
    with Store(empty) as store:
        assert store.assignments() == {}


def test_a_write_while_another_process_writes_says_the_store_is_busy(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, [Article.create(title="Pier closed", text="The pier at Alby closed on Monday after storm damage.")])
    other = sqlite3.connect(path, isolation_level=None)
    with Store(path, lock_timeout=0.2) as store:
        other.execute("BEGIN IMMEDIATE")  # another ingest's transaction
        try:
            with pytest.raises(StoreError, match="busy"):
                ingest_into(store, [Article.create(title="Pier reopens", text="The pier at Alby reopened on Friday.")])
            with pytest.raises(StoreError, match="busy"):
                Store(path, lock_timeout=0.2)  # opening it to write, too
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert len(store.assignments()) == 1


def test_an_article_stored_under_its_id_of_before_outlets_counted_is_not_stored_again(tmp_path: Path) -> None:
    from newsbrief.model import content_id

    title, text = "Pier closed", "The pier at Alby closed on Monday after storm damage, the council said."
    with Store(tmp_path / "s.db") as store:
        # As a store made when an article's id was the hash of its title and text alone.
        ingest_into(store, [Article(id=content_id(title, text), title=title, text=text, source="Harbour Herald")])
        again = Article.create(title=title, text=text, source="The Harbour Herald")  # the same outlet, written otherwise
        assert again.id != content_id(title, text) and store.holds(again)
        assert ingest_into(store, [again]) == []
        other = Article.create(title=title, text=text, source="Coast Post")  # another outlet's copy is its own article
        assert [t.id for t in ingest_into(store, [other])] == [other.id]


def test_rows_left_part_read_when_the_store_closes_are_let_go_quietly(tmp_path: Path) -> None:
    # A Ctrl-C while a reader iterates leaves the rows generator suspended; it is finalised
    # (closed) only after the store has closed its connection, and must not raise there.
    store = Store(tmp_path / "s.db")
    ingest_into(store, QUAKE)
    ids = [a.id for a in QUAKE]
    articles = store._in("SELECT id FROM articles WHERE id IN ({})", ids)
    sentences = store._sentence_rows(ids)
    assert next(articles)[0] in ids and next(sentences)[0] in ids
    store.close()
    articles.close()
    sentences.close()
