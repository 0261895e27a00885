"""The store's copy index: incremental ingest equals a batch run, migration from v1 to v4, removal, spans, story features."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pytest

from newsbrief import Article, CopyLink, NearDuplicate, SentenceRef, Store, Story, ingest_into
from newsbrief.model import ArticleText
from newsbrief.ingest import read_articles
from newsbrief.pipeline import Options, prepare, remove_from
from newsbrief.reuse.detect import TokenCounts, find_copies
from newsbrief.store import sqlite as store_sqlite
from newsbrief.store.index import _SENTENCE_INDEX_VERSION
from newsbrief.stories.cluster import StoryOptions
from newsbrief.stories.features import ArticleFeatures, FeatureExtractor, FeatureOptions

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


LinkKey = tuple[str, int, str, int, str, tuple[tuple[int, int, int, int], ...]]


def _keys(links: Iterable[CopyLink]) -> set[LinkKey]:
    """Both sentences, kind and aligned spans of each link."""
    return {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind, l.spans) for l in links}


def _links(store: Store) -> set[LinkKey]:
    return _keys(store.copies(list(store.assignments()))[0])


def test_ingest_in_batches_equals_one_batch(tmp_path: Path) -> None:
    batch = find_copies([prepare(a) for a in ARTICLES])
    expected = _keys(batch.links)
    assert {kind for *_, kind, _ in expected} == {"verbatim", "reworded"}  # the fixture exercises both
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
        assert store.meta("schema_version") == str(store_sqlite.SCHEMA_VERSION) == "6"
        assert store.texts() == [first]
        assert store.assignments() == {a.id: "s-old"}
        ingest_into(store, ARTICLES[6:7])
        # The stored article was indexed on the way: the copies are found, the story kept.
        batch = find_copies([first, prepare(ARTICLES[6])])
        assert batch.links
        assert _links(store) == _keys(batch.links)
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


def test_a_removed_first_article_read_again_into_a_dormant_story_starts_a_story_of_its_own(tmp_path: Path) -> None:
    # A story's id comes from its first article. Removed and read again once the story has
    # gone quiet, that article starts a new story: it must not take the old story's id
    # (the old story then showed five articles and the new one's dates).
    def event(place: str, what: str, day: int) -> list[Article]:
        return [Article.create(
            title=f"{what} in {place} ({n})", source=outlet, published=DAY + timedelta(days=day, hours=n),
            text=f"A {what.lower()} struck {place} on Monday, the {place} council said. "
                 f"Crews from {place} worked through the night, {outlet} reported. Roads around {place} stayed shut.")
            for n, outlet in enumerate(("Valley Wire", "Coast Daily", "Harbour Herald"))]

    varenna = event("Orsk", "Flood", 0)
    later = event("Kelmby", "Fire", 14)  # two weeks on: the flood's story has gone quiet
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, varenna)
        ingest_into(store, later)
        first = varenna[0]
        old = store.assignments()[first.id]
        before = store.story(old)
        remove_from(store, [first.id])
        assert store.story(old).articles == before.articles[1:]
        ingest_into(store, [first])
        again = store.assignments()[first.id]
        assert again != old and store.story(again).articles == (first.id,)
        kept = store.story(old)
        assert kept.articles == before.articles[1:] and kept.last_seen == before.last_seen
        assert kept.first_seen == varenna[1].published


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


# An invented wire story and its syndicated reprints: each outlet puts its own
# intro line on top (one also drops the last paragraph), the rest is the wire copy.
_WIRE = (
    "Engineers at the Holm Ridge observatory switched on a new radio dish on Thursday after six years of building. "
    "The dish measures 64 metres across and sits on a plateau 2,300 metres above the Varn glacier. "
    "Its first task is a survey of hydrogen clouds in the outer arm of the galaxy, the project director Ilse Marrow said. "
    "The survey should take three winters, when the dry air lets the faintest signals through. "
    "Funding came from nine universities and a regional science fund worth 140 million euros. "
    "Local herders had opposed the access road, and the builders agreed to close it to trucks during the spring migration. "
    "A visitor centre at the foot of the plateau will open next summer with a scale model of the dish. "
    "Marrow said the team hoped to publish the first maps within eighteen months."
)
_WIRE_LAST = _WIRE.rsplit(". ", 1)[0] + "."
WIRE = [
    Article.create(title="Holm Ridge dish switched on", source="Wire Service", text=_WIRE,
                   published=DAY + timedelta(days=5)),
    Article.create(title="New telescope for the Varn", source="Valley Courier",
                   text="Valley readers will be able to see the new dish from the lake road. " + _WIRE,
                   published=DAY + timedelta(days=5, hours=2)),
    Article.create(title="Radio dish begins survey", source="Evening Star",
                   text="Astronomy fans have waited a long time for this moment in the mountains. " + _WIRE_LAST,
                   published=DAY + timedelta(days=5, hours=3)),
]


def _pairs(result: Iterable[NearDuplicate]) -> set[tuple[str, str, float]]:
    return {(d.a, d.b, d.similarity) for d in result}


def _stored_pairs(store: Store) -> set[tuple[str, str, float]]:
    return _pairs(store.copies(list(store.assignments()))[1])


def test_wire_reprints_are_near_duplicates_incrementally_as_in_batch(tmp_path: Path) -> None:
    everything = ARTICLES + WIRE
    batch = _pairs(find_copies([prepare(a) for a in everything]).near_duplicates)
    wire = {a.id for a in WIRE}
    # The three carriers of the wire story pair up, and nothing else does: the
    # fixture's articles share sentences but are not copies of each other.
    assert {frozenset((a, b)) for a, b, _ in batch} == {frozenset(p) for p in itertools.combinations(wire, 2)}
    assert all(0.5 <= similarity < 1.0 for *_, similarity in batch)
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "steps.db") as steps:
        ingest_into(one, everything)
        # The reprints arrive one at a time, after the rest.
        for low, high in ((0, 5), (5, 10), (10, 11), (11, 12)):
            ingest_into(steps, everything[low:high])
        assert _stored_pairs(one) == batch
        assert _stored_pairs(steps) == batch


def test_signature_look_up_reads_only_articles_sharing_a_band(tmp_path: Path) -> None:
    from newsbrief.reuse.detect import article_signatures, sentence_table
    from newsbrief.reuse.minhash import NearDuplicateOptions, band_keys

    near = NearDuplicateOptions()
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES + WIRE[:2])
        signatures, _ = article_signatures(sentence_table([prepare(WIRE[2])]), 1, near)
        ids, stored = store.banded_signatures(band_keys(signatures, *near.bands()).ravel().tolist(), near.num_perm)
        assert ids == [WIRE[0].id, WIRE[1].id]
        assert stored.shape == (2, near.num_perm) and stored.dtype == np.uint32
        # Every stored article long enough to compare has a signature and one key per band.
        db = sqlite3.connect(tmp_path / "s.db")
        assert db.execute("SELECT count(*) FROM signatures").fetchone()[0] == len(ARTICLES) + 2
        assert db.execute("SELECT count(DISTINCT seq), count(*) FROM signature_bands").fetchone() == (
            len(ARTICLES) + 2, (len(ARTICLES) + 2) * near.bands()[0],
        )
        db.close()


def test_removal_takes_signatures_band_keys_and_pairs_away(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES + WIRE)
        before = _stored_pairs(store)
        remove_from(store, [WIRE[1].id])
        assert _stored_pairs(store) == {p for p in before if WIRE[1].id not in p[:2]}
        db = sqlite3.connect(tmp_path / "s.db")
        for table in ("signatures", "signature_bands"):
            orphans = db.execute(f"SELECT count(*) FROM {table} t LEFT JOIN articles a ON a.seq = t.seq WHERE a.id IS NULL")
            assert orphans.fetchone()[0] == 0
        assert db.execute("SELECT count(DISTINCT seq) FROM signature_bands").fetchone()[0] == len(ARTICLES) + 2
        db.close()
        ingest_into(store, [WIRE[1]])
        assert _stored_pairs(store) == before


def _as_version_5(path: Path) -> None:
    """Turn a store into what newsbrief wrote with schema version 5: no story headlines."""
    db = sqlite3.connect(path)
    db.executescript("ALTER TABLE stories DROP COLUMN headline; UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    db.close()


def _v5_store(path: Path) -> list[Story]:
    """A store as newsbrief wrote it with schema version 5, and its stories as the current one lists them."""
    with Store(path) as store:
        ingest_into(store, ARTICLES + WIRE)
        kept = store.stories()
    assert all(s.headline for s in kept)
    _as_version_5(path)
    return kept


def _unworked_headlines(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(*) FROM stories WHERE headline IS NULL AND merged_into IS NULL").fetchone()[0])
    finally:
        db.close()


def test_a_v5_store_is_upgraded_at_once_and_its_headlines_are_worked_out_when_read(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    kept = _v5_store(path)
    with Store(path) as store:
        assert store.meta("schema_version") == "6"
    # The upgrade read no article: every headline is still to be worked out.
    assert _unworked_headlines(path) == len(kept)
    with Store(path) as store:
        assert store.story(kept[0].id).headline == kept[0].headline
        assert _unworked_headlines(path) == len(kept) - 1
        assert store.stories() == kept
    assert _unworked_headlines(path) == 0


def test_headlines_worked_out_when_read_are_those_of_every_reader(tmp_path: Path) -> None:
    from newsbrief.facts import FactOptions
    from newsbrief.pipeline import story_brief_from_store
    from newsbrief.web import StoreApp

    path = tmp_path / "v5.db"
    kept = _v5_store(path)
    options = Options(facts=FactOptions(entities=False))
    with Store.for_reading(path) as store:  # as `show` opens it: upgraded, one headline worked out
        shown = story_brief_from_store(store, kept[0].id, options)
    assert shown.headline == kept[0].headline and _unworked_headlines(path) == len(kept) - 1
    with Store.for_reading(path) as store:  # as `stories` does: the others are worked out and kept
        assert store.stories() == kept
        assert {s.id: story_brief_from_store(store, s.id, options).headline for s in kept} == {s.id: s.headline for s in kept}
    assert _unworked_headlines(path) == 0
    listed = json.loads(StoreApp(path, options).get("/api/stories").body)
    assert [(s["id"], s["title"]) for s in listed] == [(s.id, s.headline) for s in kept]


def test_a_store_that_may_not_be_written_works_out_its_headlines_without_keeping_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v5.db"
    kept = _v5_store(path)
    Store(path).close()  # upgraded where it could be written, then copied to a read-only share
    before = path.read_bytes()
    monkeypatch.setattr("os.access", lambda *args: False)
    for _ in range(2):
        with Store.for_reading(path) as store:
            assert store.stories() == kept
            assert store.story(kept[-1].id).headline == kept[-1].headline
    assert path.read_bytes() == before and _unworked_headlines(path) == len(kept)


def test_headlines_to_work_out_do_not_lock_a_reader_out_during_an_ingest(tmp_path: Path) -> None:
    path = tmp_path / "v5.db"
    kept = _v5_store(path)
    Store(path).close()
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an ingest's transaction, held open
    try:
        with Store.for_reading(path) as store:
            assert store.stories() == kept
    finally:
        writer.execute("ROLLBACK")
    assert _unworked_headlines(path) == len(kept)
    # An ingest that starts after the reader opened the store: the reader's keeping of
    # the headlines it worked out gives way (they are worked out again next time).
    with Store.for_reading(path) as store:
        writer.execute("BEGIN IMMEDIATE")
        try:
            assert store.story(kept[0].id).headline == kept[0].headline
            assert store.stories() == kept
        finally:
            writer.execute("ROLLBACK")
            writer.close()
    assert _unworked_headlines(path) == len(kept)


def _as_version_4(path: Path) -> None:
    """Turn a store into what newsbrief wrote with schema version 4: no story features."""
    _as_version_5(path)
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE story_features; DELETE FROM meta WHERE key = 'story_features';"
        " UPDATE meta SET value = '4' WHERE key = 'schema_version';"
    )
    db.close()


def _as_version_3(path: Path) -> None:
    """Turn a store into what newsbrief wrote with schema version 3: copy links
    without spans, no histogram of the token counts."""
    _as_version_4(path)
    db = sqlite3.connect(path)
    db.executescript(
        "ALTER TABLE copies DROP COLUMN spans; DROP TABLE df_histogram;"
        " UPDATE meta SET value = '3' WHERE key = 'schema_version';"
    )
    db.close()


def _as_version_2(path: Path) -> None:
    """Turn a store into what newsbrief wrote with schema version 2: no signature
    tables, and near-duplicates derived from copy links (here, a made-up pair)."""
    _as_version_3(path)
    db = sqlite3.connect(path)
    db.executescript(
        "DROP TABLE signature_bands; DROP TABLE signatures; DROP TABLE token_df;"
        " UPDATE meta SET value = '2' WHERE key = 'schema_version';"
        " DELETE FROM meta WHERE key IN ('near_duplicates', 'sentences');"
        " DELETE FROM near_duplicates;"
    )
    db.execute("INSERT INTO near_duplicates VALUES (?, ?, 0.8)", (ARTICLES[3].id, ARTICLES[4].id))
    db.commit()
    db.close()


def test_v2_store_is_migrated_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    with Store(path) as store:
        ingest_into(store, ARTICLES + WIRE[:2])
        kept = (_links(store), store.assignments(), store.texts())
    _as_version_2(path)
    with Store(path) as store, Store(tmp_path / "fresh.db") as fresh:
        assert store.meta("schema_version") == "6"
        assert (_links(store), store.assignments(), store.texts()) == kept
        # The token counts are read off the version-2 index.
        ingest_into(fresh, ARTICLES + WIRE[:2])
        tokens = fresh.feature_table(fresh.article_ids()).tokens
        assert store.count_sentences() == fresh.count_sentences() > 0
        assert store.token_df(tokens).tolist() == fresh.token_df(tokens).tolist()
        assert list(store.df_histogram()) == list(fresh.df_histogram())
        ingest_into(store, WIRE[2:])
        # Signatures were made for the stored articles on the way, the old pair
        # went, and the pairs are those of a batch run.
        batch = find_copies([prepare(a) for a in ARTICLES + WIRE])
        assert _stored_pairs(store) == _pairs(batch.near_duplicates)
        assert _links(store) == _keys(batch.links)


def test_other_near_duplicate_options_recompute_the_pairs(tmp_path: Path) -> None:
    from newsbrief.pipeline import Options
    from newsbrief.reuse.detect import CopyOptions
    from newsbrief.reuse.minhash import NearDuplicateOptions

    strict = Options(copies=CopyOptions(near_duplicate=NearDuplicateOptions(threshold=0.9)))
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES + WIRE[:2])
        ingest_into(store, WIRE[2:], strict)
        expected = _pairs(find_copies([prepare(a) for a in ARTICLES + WIRE], strict.copies).near_duplicates)
        assert _stored_pairs(store) == expected and len(expected) < 3


def test_token_counts_follow_ingest_and_remove(tmp_path: Path) -> None:
    from newsbrief.reuse.detect import sentence_table, token_counts

    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:5])
        ingest_into(store, ARTICLES[5:])
        remove_from(store, [ARTICLES[2].id])
        kept = [prepare(a) for a in ARTICLES if a is not ARTICLES[2]]
        expected = token_counts(sentence_table(kept))
        assert store.count_sentences() == expected.rows == sum(len(t.sentences) for t in kept)
        assert store.token_df(expected.vocabulary).tolist() == expected.df.tolist()
        gone = np.setdiff1d(sentence_table([prepare(ARTICLES[2])]).tokens, expected.vocabulary)
        assert len(gone) and not store.token_df(gone).any()
        # The histogram of the counts follows them.
        assert list(store.df_histogram()) == _histogram(expected)


def _histogram(counts: TokenCounts) -> list[tuple[int, int]]:
    """``(df, tokens)`` of ``counts``, ascending."""
    values, tokens = np.unique(counts.df, return_counts=True)
    return list(zip(values.tolist(), tokens.tolist()))


def test_index_cap_is_the_batch_rule_over_store_and_new_articles(tmp_path: Path) -> None:
    from newsbrief.reuse.detect import sentence_table, token_counts
    from newsbrief.store.index import index_cap, pair_budget_cap

    texts = [prepare(a) for a in ARTICLES]
    whole = token_counts(sentence_table(texts))
    new = token_counts(sentence_table(texts[6:]))
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:6])
        # As if the new articles were stored too, without storing them.
        assert list(store.df_histogram(new)) == _histogram(whole)
        caps = [index_cap(store, new, budget) for budget in (1.0, 2.0, 3.5, 100.0)]
        assert caps == [pair_budget_cap(_histogram(whole), whole.rows, budget) for budget in (1.0, 2.0, 3.5, 100.0)]
        assert len(set(caps)) == 4 and caps == sorted(caps) and caps[-1] == int(whole.df.max())


def test_corpus_counts_are_those_of_the_store_and_the_new_articles(tmp_path: Path) -> None:
    from newsbrief.reuse.detect import concat_tables, sentence_table, token_counts
    from newsbrief.store.index import corpus_counts

    texts = [prepare(a) for a in ARTICLES]
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:6])
        new_table = sentence_table(texts[6:])
        # A part of the store (two articles) and the new ones, weighed as the whole.
        part = concat_tables([store.feature_table([ARTICLES[0].id, ARTICLES[1].id]), new_table], [2, 3])
        counts = corpus_counts(store, part, new_table)
    whole = token_counts(sentence_table(texts))
    assert counts.rows == whole.rows
    assert counts.vocabulary.tolist() == np.unique(part.tokens).tolist()
    assert counts.df.tolist() == whole.df[np.searchsorted(whole.vocabulary, counts.vocabulary)].tolist()


def test_a_part_weighed_by_the_corpus_links_as_the_corpus_does() -> None:
    from newsbrief.reuse.detect import TokenCounts, links_from_table, sentence_table, token_counts

    texts = [prepare(a) for a in ARTICLES]
    whole = token_counts(sentence_table(texts))
    everything = links_from_table(sentence_table(texts), texts, index_cap=3)
    crane = [t for t in texts if "crane" in t.article.text.lower() or "velport" in t.article.text.lower()]
    table = sentence_table(crane)
    vocabulary = np.unique(table.tokens)
    counts = TokenCounts(vocabulary, whole.df[np.searchsorted(whole.vocabulary, vocabulary)], whole.rows)
    ids = {t.id for t in crane}
    within = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind, l.score) for l in everything.links
              if l.a.article in ids and l.b.article in ids}
    assert any(kind == "reworded" for *_, kind, _ in within)
    part = links_from_table(table, crane, counts=counts, index_cap=3)
    assert {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind, l.score) for l in part.links} == within


def test_links_keep_their_spans_in_the_store(tmp_path: Path) -> None:
    batch = find_copies([prepare(a) for a in ARTICLES])
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES)
        stored = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence): l for l in store.copies(list(store.assignments()))[0]}
    assert stored
    for link in batch.links:
        kept = stored[(link.a.article, link.a.sentence, link.b.article, link.b.sentence)]
        assert kept == link  # texts, kind, score, first carrier and spans
        assert link.spans and all(0 <= s < e <= len(link.a.text) and 0 <= t < u <= len(link.b.text) for s, e, t, u in link.spans)
    # Reworded links have runs of their own, not the two whole sentences.
    assert any(len(l.spans) > 1 for l in stored.values() if l.kind == "reworded")


def test_spans_round_trip_as_given(tmp_path: Path) -> None:
    texts = [prepare(a) for a in ARTICLES[:2]]
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            store.add_texts(texts)
            given = [
                CopyLink(SentenceRef(texts[0].id, 1, texts[0].sentences[1].text), SentenceRef(texts[1].id, 0, texts[1].sentences[0].text),
                         "reworded", 0.75, texts[0].id, ((0, 3, 4, 9), (70_000, 70_004, 2**31 - 2, 2**31 - 1))),
                CopyLink(SentenceRef(texts[0].id, 2, texts[0].sentences[2].text), SentenceRef(texts[1].id, 1, texts[1].sentences[1].text),
                         "reworded", 0.5),
            ]
            store.add_copies(given)
        assert store.copies([t.id for t in texts])[0] == given


def test_v3_store_is_upgraded_with_spans_keeping_its_data(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    with Store(path) as store:
        ingest_into(store, ARTICLES[:7])
        kept = (_links(store), store.assignments(), store.texts(), _stored_pairs(store), store.count_sentences())
        tokens = store.feature_table(store.article_ids()).tokens
        df = store.token_df(tokens).tolist()
        histogram = list(store.df_histogram())
    assert any(kind == "reworded" for *_, kind, _ in kept[0])
    _as_version_3(path)
    db = sqlite3.connect(path)
    assert "spans" not in {column[1] for column in db.execute("PRAGMA table_info(copies)")}
    assert db.execute("SELECT count(*) FROM copies").fetchone()[0] == len(kept[0])
    db.close()
    with Store(path) as store:
        assert store.meta("schema_version") == "6"
        # The links got their spans at the upgrade, and nothing else changed.
        assert (_links(store), store.assignments(), store.texts(), _stored_pairs(store), store.count_sentences()) == kept
        assert store.token_df(tokens).tolist() == df
        assert list(store.df_histogram()) == histogram and histogram
        ingest_into(store, ARTICLES[7:])
        assert _links(store) == _keys(find_copies([prepare(a) for a in ARTICLES]).links)


def test_a_failed_upgrade_leaves_the_v3_store_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "v3.db"
    with Store(path) as store:
        ingest_into(store, ARTICLES[:4])
        kept = _links(store)
    _as_version_3(path)

    def broken(*args: object, **kw: object) -> None:
        raise RuntimeError("killed")

    monkeypatch.setattr(store_sqlite, "link_spans", broken)
    with pytest.raises(RuntimeError):
        Store(path)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"
    assert "spans" not in {column[1] for column in db.execute("PRAGMA table_info(copies)")}
    db.close()
    monkeypatch.undo()
    with Store(path) as store:
        assert _links(store) == kept


def _featurised(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the texts story features are made of from now on."""
    made: list[str] = []
    real = FeatureExtractor.__call__

    def spy(self: FeatureExtractor, text: ArticleText) -> ArticleFeatures:
        made.append(text.id)
        return real(self, text)

    monkeypatch.setattr(FeatureExtractor, "__call__", spy)
    return made


def test_an_ingest_replays_open_stories_from_their_kept_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:5])
        extract = FeatureExtractor()
        assert store.story_features(store.article_ids()) == {t.id: extract(t) for t in store.texts()}
        made = _featurised(monkeypatch)
        ingest_into(store, ARTICLES[5:])
        # All nine are in open stories (four days, a seven-day window), yet only the new are featurised.
        assert sorted(made) == sorted(a.id for a in ARTICLES[5:])
        found = store.assignments()
    with Store(tmp_path / "batch.db") as store:
        ingest_into(store, ARTICLES)
        assert store.assignments() == found


def test_a_v4_store_gets_story_features_when_its_stories_are_replayed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("v4.db", "v5.db"):
        with Store(tmp_path / name) as store:
            ingest_into(store, ARTICLES[:7])
    _as_version_4(tmp_path / "v4.db")
    with Store(tmp_path / "v4.db") as store:
        assert store.meta("schema_version") == "6" and store.story_features(store.article_ids()) == {}
        made = _featurised(monkeypatch)
        ingest_into(store, ARTICLES[7:])
        assert sorted(made) == sorted(a.id for a in ARTICLES)  # the seven stored once, the two new
        extract = FeatureExtractor()
        assert store.story_features(store.article_ids()) == {t.id: extract(t) for t in store.texts()}
        upgraded = store.assignments()
    with Store(tmp_path / "v5.db") as store:
        ingest_into(store, ARTICLES[7:])
        assert store.assignments() == upgraded


def test_story_features_made_with_other_options_are_made_anew(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:5])
        before = store.meta("story_features")
        options = Options(stories=StoryOptions(features=FeatureOptions(title_weight=6.0)))
        ingest_into(store, ARTICLES[5:], options)
        extract = FeatureExtractor(options.stories.features)
        assert store.story_features(store.article_ids()) == {t.id: extract(t) for t in store.texts()}
        assert store.meta("story_features") != before


def test_weights_applied_after_featurising_keep_the_kept_features(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:5])
        made = _featurised(monkeypatch)
        # Name weight and vector length act on the features, not in making them.
        ingest_into(store, ARTICLES[5:], Options(stories=StoryOptions(features=FeatureOptions(name_weight=3.0, vector_terms=50))))
        assert sorted(made) == sorted(a.id for a in ARTICLES[5:])


def test_removing_an_article_removes_its_story_features(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, ARTICLES[:3])
        remove_from(store, [ARTICLES[0].id])
        assert set(store.story_features([a.id for a in ARTICLES[:3]])) == {a.id for a in ARTICLES[1:3]}


def test_remove_takes_story_terms_off_from_kept_features_or_texts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("kept.db", "v4.db", "without.db"):
        with Store(tmp_path / name) as store:
            ingest_into(store, ARTICLES if name != "without.db" else ARTICLES[:4] + ARTICLES[5:])
    _as_version_4(tmp_path / "v4.db")  # no kept features: the removed article's text is featurised
    made = _featurised(monkeypatch)
    terms = ["velport", "frost", "violin", "crane", "dessel"]
    with Store(tmp_path / "without.db") as without:
        expected = without.story_term_df(terms)
    for name, featurised in (("kept.db", []), ("v4.db", [ARTICLES[4].id])):
        made.clear()
        with Store(tmp_path / name) as store:
            remove_from(store, [ARTICLES[4].id])
            assert store.story_term_df(terms) == expected and made == featurised


def test_a_store_whose_sentences_were_read_otherwise_has_its_copy_index_made_anew(tmp_path: Path) -> None:
    body = ("VELM, Tarnland (Harbour Wire) - Firefighters battled a blaze at the Velm bus depot for four hours "
            "on Sept. 30. Thirty buses were destroyed, the operator said.")
    first = Article.create(title="Depot fire", text=body, source="Harbour Wire", published=DAY)
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [first])
        indexed = store._db.execute("SELECT count(*) FROM postings").fetchone()[0]
        # A store indexed by an older newsbrief: its index is stale (here: gone) and says so.
        store.set_meta("sentence_index", "1")
        store._db.execute("DELETE FROM postings")
    reprint = Article.create(title="Bus depot fire", source="Valley Post", published=DAY + timedelta(hours=2),
                             text=body.split(" - ", 1)[1] + " Schools nearby stayed open.")
    with Store(tmp_path / "s.db") as store:
        ingest_into(store, [reprint])
        assert store.meta("sentence_index") == _SENTENCE_INDEX_VERSION
        assert store._db.execute("SELECT count(*) FROM postings WHERE seq = 1").fetchone()[0] == indexed
        links, _ = store.copies([first.id, reprint.id])
        # Found through the index made anew, with the dateline left out: a verbatim copy.
        assert [l.kind for l in links if "Firefighters battled" in l.a.text] == ["verbatim"]


def test_an_ingest_weighs_the_copied_text_among_the_open_stories_articles(tmp_path: Path) -> None:
    # Eight reports of a hurricane, some of them tied to the rest by copied sentences only,
    # then a follow-up close to one of those: the second ingest lists the replayed articles
    # anew, and must see their copied text among themselves as one batch of all nine does.
    path = Path(__file__).with_name("delia_stream.jsonl")
    articles = list(read_articles([path]))
    with Store(tmp_path / "one.db") as one, Store(tmp_path / "two.db") as two:
        ingest_into(one, articles)
        ingest_into(two, articles[:-1])
        ingest_into(two, articles[-1:])
        assert two.assignments() == one.assignments()
        assert len(set(two.assignments().values())) == 1
