"""The store's copy index: incremental ingest equals a batch run, migration from v1, removal."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsbrief import Article, Store, ingest_into
from newsbrief.pipeline import prepare, remove_from
from newsbrief.reuse.detect import find_copies
from newsbrief.store import sqlite as store_sqlite

DAY = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)

# Three invented stories; some articles copy sentences verbatim or reworded.
_BODIES = [
    ("Harbour crane collapses in Velport", "Coast Daily", 0,
     "A container crane collapsed at the Velport harbour on Sunday night. "
     "Two dock workers were injured and taken to the Saint Ilse hospital. "
     "The port authority closed berth seven while engineers inspect the crane. "
     "Shipping lines said three freighters would be diverted to Marnholm."),
    ("Velport crane falls onto quay", "Northern Ledger", 1,
     "Two dock workers were injured and taken to the Saint Ilse hospital. "
     "The port authority closed berth seven while engineers inspect the crane. "
     "Witnesses heard a loud crack before the boom hit the quay."),
    ("Berth closed after Velport accident", "Island Post", 1,
     "Two dockworkers were hurt and brought to Saint Ilse hospital, officials said. "
     "Shipping lines said three freighters would be diverted to Marnholm harbour. "
     "Unions demanded an inquiry into crane maintenance at the port."),
    ("Orchard growers fear late frost", "Farm Gazette", 0,
     "Apple growers in the Dessel valley fear a late frost will ruin this year's blossom. "
     "Night temperatures are forecast to fall to minus four degrees on Wednesday. "
     "Some farms have hired helicopters to keep cold air from settling over the trees."),
    ("Frost threat for Dessel apples", "Valley Courier", 1,
     "Night temperatures are forecast to fall to minus four degrees on Wednesday. "
     "Some farms have hired helicopters to keep cold air from settling over the trees. "
     "The growers' cooperative estimates losses could reach 30 million euros."),
    ("Museum returns stolen violin", "Culture Weekly", 0,
     "The Brannock museum returned a violin stolen from a concert hall in 1987. "
     "Police found the instrument at an auction house in Lisbeth last spring. "
     "Its owner, the violinist Mira Castell, wept as she played it again."),
    ("Stolen violin back with owner", "Evening Star", 2,
     "Police found the instrument at an auction house in Lisbeth last spring. "
     "The violinist Mira Castell wept as she played it again after 39 years. "
     "Experts valued the violin at two million euros."),
    ("Dessel valley braces for frost", "Northern Ledger", 2,
     "Night temperatures are forecast to drop to minus four degrees on Wednesday in the Dessel valley. "
     "Apple growers fear the frost will ruin the blossom. "
     "Farmers lit small fires between the rows overnight."),
    ("Velport port reopens berth", "Coast Daily", 3,
     "The port authority reopened berth seven after engineers inspected the crane. "
     "The two dock workers injured in the collapse have left the Saint Ilse hospital. "
     "An inquiry into crane maintenance at the port will report in June."),
]
ARTICLES = [
    Article.create(title=title, text=text, source=source, published=DAY + timedelta(days=day, hours=i))
    for i, (title, source, day, text) in enumerate(_BODIES)
]


def _links(store: Store) -> set[tuple[str, int, str, int, str]]:
    links, _ = store.copies(list(store.assignments()))
    return {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind) for l in links}


def test_ingest_in_batches_equals_one_batch(tmp_path: Path) -> None:
    batch = find_copies([prepare(a) for a in ARTICLES])
    expected = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind) for l in batch.links}
    assert {kind for *_, kind in expected} == {"verbatim", "reworded"}  # the fixture exercises both
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "three.db") as three:
        ingest_into(one, ARTICLES)
        for low in (0, 3, 6):
            ingest_into(three, ARTICLES[low : low + 3])
        assert _links(one) == expected
        assert _links(three) == expected
        # Story ids given by the first batches stay, and both runs agree.
        assert three.assignments() == one.assignments()
        assert len(set(one.assignments().values())) == 3


def test_candidates_are_only_articles_sharing_text(tmp_path: Path) -> None:
    from newsbrief.reuse.detect import CopyOptions, sentence_table
    from newsbrief.store.index import IndexOptions, stored_candidates

    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:8])
        table = sentence_table([prepare(ARTICLES[8])])
        found = stored_candidates(store, table, CopyOptions(), IndexOptions())
        crane = {a.id for a in ARTICLES[:3]}
        assert found and set(found) <= crane


def test_v1_store_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    db = sqlite3.connect(path)
    db.executescript(store_sqlite._SCHEMA)  # the version 1 schema
    db.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    first = prepare(ARTICLES[5])
    a = first.article
    db.execute(
        "INSERT INTO articles (id, title, text, source, published) VALUES (?, ?, ?, ?, ?)",
        (a.id, a.title, a.text, a.source, a.published.isoformat()),
    )
    db.executemany(
        "INSERT INTO sentences VALUES (?, ?, ?, ?, ?)", [(s.article, s.index, s.text, s.start, s.end) for s in first.sentences]
    )
    db.execute("INSERT INTO stories VALUES ('s-old', ?, ?, NULL)", (a.published.isoformat(), a.published.isoformat()))
    db.execute("INSERT INTO story_articles VALUES (?, 's-old')", (a.id,))
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.meta("schema_version") == str(store_sqlite.SCHEMA_VERSION) == "2"
        assert store.texts() == [first]
        assert store.assignments() == {a.id: "s-old"}
        ingest_into(store, ARTICLES[6:7])
        # The stored article was indexed on the way: the copies are found, the story kept.
        batch = find_copies([first, prepare(ARTICLES[6])])
        assert batch.links
        assert _links(store) == {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind) for l in batch.links}
        assert store.assignments() == {a.id: "s-old", ARTICLES[6].id: "s-old"}


def test_remove_deletes_links_index_rows_and_updates_the_story(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES)
        gone = ARTICLES[1].id
        story = store.assignments()[gone]
        assert remove_from(store, [gone, "not-stored"]) == [gone]
        assert not store.has_article(gone)
        assert all(gone not in (l[0], l[2]) for l in _links(store))
        assert gone not in store.story(story).articles and store.story(story).articles
        db = sqlite3.connect(tmp_path / "s.db")
        assert db.execute("SELECT count(*) FROM features f LEFT JOIN articles a ON a.seq = f.seq WHERE a.id IS NULL").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM postings p LEFT JOIN features f ON f.sid = p.sid WHERE f.sid IS NULL").fetchone()[0] == 0
        db.close()
        # Back in, it is linked again exactly as before.
        with Store(tmp_path / "fresh.db") as fresh:
            ingest_into(fresh, ARTICLES)
            ingest_into(store, [ARTICLES[1]])
            assert _links(store) == _links(fresh)
        # A story whose only article goes is gone.
        lone = [s for s in store.stories() if len(s.articles) == 1]
        for s in lone:
            remove_from(store, s.articles)
        assert all(len(s.articles) > 1 for s in store.stories())


def test_story_terms_follow_ingest_and_remove(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as a, Store(tmp_path / "b.db") as b:
        ingest_into(a, ARTICLES)
        remove_from(a, [ARTICLES[4].id])
        ingest_into(b, ARTICLES[:4] + ARTICLES[5:])
        terms = ["velport", "frost", "violin", "crane"]
        assert a.story_term_df(terms) == b.story_term_df(terms) and a.story_term_df(terms)


def test_failed_indexing_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:4])
        before = (_links(store), store.assignments(), store.story_term_df(["velport", "frost"]))

        def broken(*args: object, **kw: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(Store, "add_story_terms", broken)
        with pytest.raises(RuntimeError):
            ingest_into(store, ARTICLES[4:])
        assert (_links(store), store.assignments(), store.story_term_df(["velport", "frost"])) == before
        assert store.count_articles() == 4


def test_remove_command(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsbrief.cli import main

    path = tmp_path / "s.db"
    with Store(path) as store:
        ingest_into(store, ARTICLES[:3])
    runner = CliRunner()
    result = runner.invoke(main, ["remove", ARTICLES[0].id, "--store", str(path)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["remove", ARTICLES[0].id, "--store", str(path)])
    assert result.exit_code == 1  # no longer there
    with Store(path) as store:
        assert store.count_articles() == 2 and not store.has_article(ARTICLES[0].id)
