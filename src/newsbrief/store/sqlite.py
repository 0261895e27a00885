"""The embedded store: one SQLite file, schema created and versioned by newsbrief.

Every write happens in one transaction, so an interrupted ``ingest`` leaves the
store as it was before that batch and a re-run picks up where it stopped
(articles already stored are recognised by their content id and skipped).

Besides articles, copy links and stories, the store keeps the index that makes
``ingest`` incremental (see :mod:`newsbrief.store.index`): each sentence's
features and a posting list per match token, the document frequencies of story
terms (schema version 2), and each article's MinHash signature with its LSH band
keys (version 3). Each copy link keeps its aligned spans, and a histogram of the
token counts gives the index cap of the whole store (version 4). An older store
is upgraded in place when opened, keeping its data: the spans of its links are
worked out then, from their kind and texts, and the histogram is read off its
token counts; the next ``ingest`` or ``remove`` fills the other new tables.
Each story keeps the headline of its brief (version 6), worked out again
whenever its articles change, so that a story list need not read any text; the
stories of an older store get theirs when first read (see ``_HEADLINE_COLUMN``).

>>> from newsbrief.store import Store
>>> with Store(":memory:") as store:
...     store.count_articles()
0
"""

from __future__ import annotations

import heapq
import itertools
import json
import os
import sqlite3
import zlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from newsbrief.brief.rank import story_headline
from newsbrief.errors import AmbiguousStory, StoreError, StoryNotFound
from newsbrief.facts.story import superseded_titles
from newsbrief.model import (
    Article, ArticleText, CopyLink, NearDuplicate, Revisions, Sentence, SentenceRef, Story, content_id, outlet_key,
    utc_key,
)
from newsbrief.reuse.detect import SentenceTable, TokenCounts, link_spans, unique_pairs
from newsbrief.stories.features import ArticleFeatures
from newsbrief.text.normalise import TokenNormaliser

__all__ = ["Store", "StoryMatch", "SCHEMA_VERSION"]

SCHEMA_VERSION = 6

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, text TEXT NOT NULL, source TEXT NOT NULL, url TEXT,
    published TEXT, published_from TEXT, language TEXT, origin TEXT,
    added_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE IF NOT EXISTS sentences (
    article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
    PRIMARY KEY (article, idx)
);
CREATE TABLE IF NOT EXISTS copies (
    a_article TEXT NOT NULL, a_sentence INTEGER NOT NULL,
    b_article TEXT NOT NULL, b_sentence INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('verbatim', 'reworded')), score REAL NOT NULL, first TEXT,
    spans BLOB NOT NULL DEFAULT x'',
    PRIMARY KEY (a_article, a_sentence, b_article, b_sentence),
    FOREIGN KEY (a_article) REFERENCES articles(id) ON DELETE CASCADE,
    FOREIGN KEY (b_article) REFERENCES articles(id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS copies_b ON copies (b_article);
CREATE TABLE IF NOT EXISTS near_duplicates (
    a TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    b TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL, PRIMARY KEY (a, b)
);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY, first_seen TEXT, last_seen TEXT, merged_into TEXT
);
CREATE TABLE IF NOT EXISTS story_articles (
    article TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story TEXT NOT NULL REFERENCES stories(id)
);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles (story);
"""

# Version 2: the copy index and the story term counts, so that ``ingest`` reads
# only the stored articles a new one could share text with. ``features`` holds
# each sentence's surface hash and match-token hashes (uint64 bytes) as computed
# by ``reuse.detect.sentence_table``; ``postings`` maps a token to the sentences
# that carry it (clustered by token); ``story_terms`` counts the articles each
# story term appears in, which gives the stream clusterer the IDF of the whole store.
_SCHEMA_V2 = """
CREATE TABLE IF NOT EXISTS features (
    sid INTEGER PRIMARY KEY,
    seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
    idx INTEGER NOT NULL, surface INTEGER NOT NULL, tokens BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS features_article ON features (seq, idx);
CREATE INDEX IF NOT EXISTS features_surface ON features (surface, seq);
CREATE TABLE IF NOT EXISTS postings (
    token INTEGER NOT NULL, sid INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (token, sid)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS story_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
"""

# Version 3: whole-article near-duplicates by MinHash. ``signatures`` holds the
# signature of each article long enough to compare (little-endian uint32
# bytes), ``signature_bands`` its LSH band keys, clustered by key so that an
# ingest finds the stored articles sharing a band without reading any other
# signature. Both go with their article (ON DELETE CASCADE; hence the index on seq).
# ``token_df`` counts the stored sentences carrying each match token (the
# postings per token, kept as a number so that reading it does not grow with
# the store), and meta ``sentences`` the stored sentences: the IDF of the whole store.
_SCHEMA_V3 = """
CREATE TABLE IF NOT EXISTS token_df (token INTEGER PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS signatures (
    seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE, signature BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS signature_bands (
    key INTEGER NOT NULL, seq INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE, PRIMARY KEY (key, seq)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS signature_bands_seq ON signature_bands (seq);
"""

# Version 4: each copy link's aligned spans (``CopyLink.spans``), little-endian
# int32 quadruples, in the link's own row: written, replaced and deleted with it
# (a new store has the column from the start; an older one gets it added).
# ``df_histogram`` says how many tokens ``token_df`` counts at each frequency,
# so that the index cap of the whole store (``store.index.index_cap``) is read
# off its first rows rather than off every token.
_SPANS_COLUMN = "ALTER TABLE copies ADD COLUMN spans BLOB NOT NULL DEFAULT x''"
_SCHEMA_V4 = "CREATE TABLE IF NOT EXISTS df_histogram (df INTEGER PRIMARY KEY, tokens INTEGER NOT NULL) WITHOUT ROWID"

# Version 5: each article's story features (``ArticleFeatures``: weighted terms,
# names, sentence count) as zlib-compressed JSON, so that an ingest replays its
# open stories without featurising their texts again. Older stores start empty
# and fill as ingests replay their articles (see store.index).
_SCHEMA_V5 = (
    "CREATE TABLE IF NOT EXISTS story_features ("
    "seq INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE, features BLOB NOT NULL)"
)


# Version 6: each story's headline, the one its brief gives (``brief.rank.story_headline``),
# so that listing stories reads no article text. Set when a story's articles change.
# An older store's stories start with none (NULL; "" is a headline): working them all
# out would read every article inside the upgrade's transaction, so each is worked out
# by the same function when a story is first read, and kept where the store may be
# written (``Store.for_reading`` opens such a store so). Stores written before this
# rule have the column as NOT NULL DEFAULT '' and every live story's headline set.
# An article's ``published`` may be a day alone ("2024-04-07": ``Article.date_only``);
# older stores wrote such a date as midnight UTC, which is how it stays.
_HEADLINE_COLUMN = "ALTER TABLE stories ADD COLUMN headline TEXT"


def _moves(before: np.ndarray, after: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """How the frequency histogram changes when tokens counted ``before`` are
    counted ``after``: the frequencies touched, ascending, and the change in the
    number of tokens at each (a frequency of 0 is not kept)."""
    frequencies = np.concatenate([before[before > 0], after[after > 0]])
    signs = np.concatenate([np.full(int((before > 0).sum()), -1), np.ones(int((after > 0).sum()), dtype=np.int64)])
    values, where = np.unique(frequencies, return_inverse=True)
    change = np.bincount(where, weights=signs, minlength=len(values)).astype(np.int64)
    return values[change != 0], change[change != 0]


def _span_blob(spans: Sequence[tuple[int, int, int, int]]) -> bytes:
    return np.asarray(spans, dtype="<i4").tobytes()


def _spans(blob: bytes) -> tuple[tuple[int, int, int, int], ...]:
    return tuple(tuple(row) for row in np.frombuffer(blob, dtype="<i4").reshape(-1, 4).tolist())  # type: ignore[misc]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: str | None) -> datetime | None:
    """A stored time; a day alone (an article's date given without a time) is midnight UTC of it."""
    if not value:
        return None
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc) if _is_day(value) else datetime.fromisoformat(value)


def _is_day(value: str | None) -> bool:
    return value is not None and len(value) == len("YYYY-MM-DD")


@dataclass(frozen=True)
class StoryMatch:
    """The live story an id or prefix leads to (:meth:`Store.find_story`); ``merged``:
    reached by following a merge, the id asked for (or every id the prefix matches) having
    been merged into it; ``article``: the article whose id was asked for, when no story
    id matched and the story was found as the one that article is in; ``matched``: the
    story ids the id or prefix matched (whole ids, where a merge was followed from)."""

    id: str
    merged: bool
    article: str | None = None
    matched: tuple[str, ...] = ()


class Store:
    """A newsbrief store in one SQLite file (``":memory:"`` for a throw-away one).

    Opening a file creates the schema if needed and refuses a store written by a
    newer newsbrief (``StoreError``) rather than risk corrupting it. With
    ``read_only`` nothing is written, not even an upgrade (a store of an older
    schema is then refused), so a store on a read-only disk or share can be read:
    see :meth:`for_reading`. ``lock_timeout``: seconds a write waits for another
    process's (an ingest's) transaction before the store gives up (``StoreError``,
    the store left as it was).
    """

    def __init__(self, path: str | Path, read_only: bool = False, lock_timeout: float = 5.0) -> None:
        self.path = str(path)
        self._read_only = read_only
        self._normaliser: TokenNormaliser | None = None
        try:
            if read_only:
                self._db = _read_only_connection(Path(self.path))
                self._check_version()
            else:
                self._db = sqlite3.connect(self.path, isolation_level=None, timeout=lock_timeout)
                self._refuse_other_database()
                self._db.execute("PRAGMA foreign_keys = ON")
                if self.path != ":memory:":
                    self._db.execute("PRAGMA journal_mode = WAL")
                self._migrate()
        except BaseException as error:
            # An upgrade that fails leaves the file as it was (one transaction); the connection goes too.
            if hasattr(self, "_db"):
                self._db.close()
            if isinstance(error, sqlite3.DatabaseError):
                raise StoreError(f"{self.path}: cannot open store: {error}") from error
            raise

    @classmethod
    def for_reading(cls, path: str | Path) -> Store:
        """The store at ``path`` opened to be read, read-only (so an ingest running
        meanwhile does not lock it out). Where it may be written, a store of an older
        schema is opened as usual, and upgraded, and so is one whose stories' headlines
        are still to be worked out, so that they are kept once worked out (unless an
        ingest holds the store: they are then worked out again at the next reading)."""
        may_write = os.access(path, os.W_OK) and os.access(Path(path).resolve().parent, os.W_OK)
        try:
            store = cls(path, read_only=True)
        except _NeedsUpgrade:
            if may_write:
                return cls(path)
            raise
        if not (may_write and store._lacks_headlines()):
            return store
        try:
            # Keeping headlines is worth no wait: if an ingest holds the store, read it as it is.
            writable = cls(path, lock_timeout=0.0)
        except StoreError:
            return store
        store.close()
        return writable

    def _schema_version(self) -> str | None:
        """The schema version the store records, as written (``None``: no meta table, or
        no version in it: a new store, or a database of something else)."""
        if not self._db.execute("SELECT 1 FROM sqlite_master WHERE name = 'meta'").fetchone():
            return None
        return self.meta("schema_version")

    def _refuse_newer(self, version: int) -> None:
        """Refuse a store written by a newer newsbrief, rather than risk corrupting it."""
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: store schema version {version} is newer than this newsbrief ({SCHEMA_VERSION})")

    def _check_version(self) -> None:
        stored = self._schema_version()
        if stored is None or not stored.isdigit():
            raise StoreError(f"{self.path}: not a newsbrief store")
        version = int(stored)
        self._refuse_newer(version)
        if version < SCHEMA_VERSION:
            raise _NeedsUpgrade(
                f"{self.path}: store schema version {version}, this newsbrief reads {SCHEMA_VERSION}; opened "
                "read-only it cannot be upgraded: open it once where it may be written"
            )

    def _refuse_other_database(self) -> None:
        """Refuse an SQLite database of something else (before anything is written to it):
        one that holds tables but no newsbrief schema version."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and not ("meta" in tables and self._schema_version() is not None):
            raise StoreError(f"{self.path}: not a newsbrief store (an SQLite database of something else); nothing was written")

    def _migrate(self) -> None:
        with self.transaction():
            stored = self._schema_version()
            version = None if stored is None else int(stored)
            if version is not None:
                self._refuse_newer(version)
            for statement in (_SCHEMA + _SCHEMA_V2 + _SCHEMA_V3 + ";" + _SCHEMA_V4 + ";" + _SCHEMA_V5).split(";"):
                if statement.strip():
                    self._db.execute(statement)
            if not any(column[1] == "spans" for column in self._db.execute("PRAGMA table_info(copies)")):
                self._db.execute(_SPANS_COLUMN)
            if not any(column[1] == "headline" for column in self._db.execute("PRAGMA table_info(stories)")):
                self._db.execute(_HEADLINE_COLUMN)
            if version is None:
                self.set_meta("schema_version", str(SCHEMA_VERSION))
            elif version < SCHEMA_VERSION:
                # From an older version: the new tables were just created empty;
                # the next ingest fills them from the stored articles
                # (``index_ready``, ``near_duplicates`` in meta: see store.index).
                self.set_meta("schema_version", str(SCHEMA_VERSION))
                if version < 3:
                    # Token counts are read off a version-2 index (none yet in version 1).
                    self._db.execute("INSERT INTO token_df SELECT token, count(*) FROM postings GROUP BY token")
                    self.set_meta("sentences", str(self._db.execute("SELECT count(*) FROM features").fetchone()[0]))
                if version < 4:
                    # Spans are a function of a link's kind and texts, so the stored
                    # links get them now and every reader sees them at once.
                    self._add_spans()
                    self._db.execute("INSERT INTO df_histogram SELECT df, count(*) FROM token_df GROUP BY df")
            if self.meta("index_ready") is None:
                self.set_meta("index_ready", "0" if self.count_articles() else "1")

    # -- life cycle -------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> _Transaction:
        """A context manager: everything inside commits together or not at all."""
        return _Transaction(self._db, self.path)

    # -- writes -----------------------------------------------------------
    def add_texts(self, texts: Iterable[ArticleText]) -> list[ArticleText]:
        """Store articles with their sentences; return those that were new."""
        added = []
        for text in texts:
            a = text.article
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO articles (id, title, text, source, url, published, published_from, language, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.title, a.text, a.source, a.url, a.published_iso, a.published_from, a.language, a.origin),
            )
            if cursor.rowcount:
                self._db.executemany(
                    "INSERT INTO sentences (article, idx, text, start, end) VALUES (?, ?, ?, ?, ?)",
                    [(s.article, s.index, s.text, s.start, s.end) for s in text.sentences],
                )
                added.append(text)
        return added

    def rename_outlets(self, names: Mapping[str, str]) -> None:
        """Store each outlet spelled as a key of ``names`` under its value (one outlet,
        one name: :func:`~newsbrief.model.outlet_names`). Ids stay: they fold spellings."""
        self._db.executemany("UPDATE articles SET source = ? WHERE source = ?",
                             [(name, spelling) for spelling, name in sorted(names.items()) if name != spelling])

    def add_copies(self, links: Iterable[CopyLink], near_duplicates: Iterable[NearDuplicate] = ()) -> None:
        """Store copy links (with their spans) and near-duplicate pairs, replacing equal ones."""
        self._db.executemany(
            "INSERT OR REPLACE INTO copies (a_article, a_sentence, b_article, b_sentence, kind, score, first, spans)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind, l.score, l.first, _span_blob(l.spans))
             for l in links],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO near_duplicates VALUES (?, ?, ?)",
            [(d.a, d.b, d.similarity) for d in near_duplicates],
        )

    def _add_spans(self, step: int = 20_000) -> None:
        """Work out the spans of the stored links, ``step`` links at a time (from a
        store written before version 4, whose links have none)."""
        last: tuple[str, int, str, int] = ("", -1, "", -1)
        while True:
            rows = self._db.execute(
                "SELECT c.a_article, c.a_sentence, c.b_article, c.b_sentence, c.kind, sa.text, sb.text FROM copies c"
                " JOIN sentences sa ON sa.article = c.a_article AND sa.idx = c.a_sentence"
                " JOIN sentences sb ON sb.article = c.b_article AND sb.idx = c.b_sentence"
                " WHERE (c.a_article, c.a_sentence, c.b_article, c.b_sentence) > (?, ?, ?, ?)"
                " ORDER BY c.a_article, c.a_sentence, c.b_article, c.b_sentence LIMIT ?",
                (*last, step),
            ).fetchall()
            if not rows:
                return
            links = [CopyLink(SentenceRef(a, sa, ta), SentenceRef(b, sb, tb), kind, 0.0) for a, sa, b, sb, kind, ta, tb in rows]
            self._db.executemany(
                "UPDATE copies SET spans = ? WHERE a_article = ? AND a_sentence = ? AND b_article = ? AND b_sentence = ?",
                [(_span_blob(spans), *row[:4]) for row, spans in zip(rows, link_spans(links))],
            )
            last = rows[-1][:4]

    def assign(self, story: Story) -> None:
        """Create or update a story and attach its articles; a live story's
        headline is worked out from all its stored articles (``story.headline`` is not read)."""
        self._db.execute(
            "INSERT INTO stories (id, first_seen, last_seen, merged_into) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET first_seen = excluded.first_seen, last_seen = excluded.last_seen,"
            " merged_into = excluded.merged_into",
            (story.id, _iso(story.first_seen), _iso(story.last_seen), story.merged_into),
        )
        self._db.executemany(
            "INSERT INTO story_articles (article, story) VALUES (?, ?)"
            " ON CONFLICT(article) DO UPDATE SET story = excluded.story",
            [(article, story.id) for article in story.articles],
        )
        if story.merged_into is None:
            self._set_headline(story.id)

    def _set_headline(self, story_id: str) -> None:
        self._db.execute("UPDATE stories SET headline = ? WHERE id = ?", (self._headline(story_id), story_id))

    def _headline(self, story_id: str) -> str:
        """The brief's headline of a story, from its stored articles and copy links."""
        if self._normaliser is None:
            self._normaliser = TokenNormaliser()  # one per store: its memo serves every story
        articles = self._story_articles(story_id)
        # The copy index keeps each sentence's match tokens: they are not worked out again.
        hashes = self.feature_table(articles).tokens_by_sentence(articles)
        texts = self.texts(articles)
        revisions = Revisions(titles=superseded_titles(texts))
        return story_headline(texts, self.copy_links(articles), self._normaliser, hashes, revisions)

    def _missing_headlines(self, story_ids: Sequence[str]) -> dict[str, str]:
        """Work out the headlines of stories stored without one (see ``_HEADLINE_COLUMN``),
        keeping them where the store may be written and no other process holds it, so
        that each is worked out once."""
        found = {story_id: self._headline(story_id) for story_id in story_ids}
        if found and not self._read_only:
            rows = [(headline, story_id) for story_id, headline in found.items()]
            # "IS NULL": a headline an ingest set meanwhile is of newer articles; it stays.
            keep = "UPDATE stories SET headline = ? WHERE id = ? AND headline IS NULL"
            if self._db.in_transaction:
                self._db.executemany(keep, rows)
            else:
                try:
                    with self.transaction():
                        self._db.executemany(keep, rows)
                except _Busy:
                    # Another process (an ingest) holds the store: the headlines are
                    # worked out again at the next reading rather than fail this one.
                    pass
        return found

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def add_features(self, article_ids: Sequence[str], table: SentenceTable) -> None:
        """Index the sentence features of stored articles (``table`` row article ``k`` is ``article_ids[k]``)."""
        if not len(table):
            return
        seq_of = self._seqs(article_ids)
        seqs = np.array([seq_of[i] for i in article_ids], dtype=np.int64)[table.article]
        first = int(self._db.execute("SELECT coalesce(max(sid), 0) + 1 FROM features").fetchone()[0])
        sids = np.arange(first, first + len(table), dtype=np.int64)
        tokens = table.tokens.astype(np.uint64)
        offsets = table.offsets.tolist()
        self._db.executemany(
            "INSERT INTO features (sid, seq, idx, surface, tokens) VALUES (?, ?, ?, ?, ?)",
            zip(sids.tolist(), seqs.tolist(), table.sentence.tolist(), table.surface.astype(np.uint64).view(np.int64).tolist(),
                (tokens[offsets[k] : offsets[k + 1]].tobytes() for k in range(len(table)))),
        )
        # One posting per distinct (token, sentence).
        rows = np.repeat(np.arange(len(table), dtype=np.int64), np.diff(table.offsets))
        pairs = unique_pairs(tokens.view(np.int64), rows)
        self._db.executemany(
            "INSERT INTO postings (token, sid, seq) VALUES (?, ?, ?)",
            zip(pairs[:, 0].tolist(), sids[pairs[:, 1]].tolist(), seqs[pairs[:, 1]].tolist()),
        )
        self._count_tokens(pairs[:, 0], len(table))

    def _count_tokens(self, postings: np.ndarray, sentences: int, step: int = 1) -> None:
        """Add (``step`` 1) or take off (-1) the token counts of ``sentences``
        sentences, whose tokens are ``postings`` (one entry per sentence carrying one)."""
        tokens, df = np.unique(postings, return_counts=True)
        before = self.token_df(tokens.view(np.uint64))
        self._db.executemany(
            "INSERT INTO df_histogram (df, tokens) VALUES (?, ?) ON CONFLICT(df) DO UPDATE SET tokens = tokens + excluded.tokens",
            zip(*(column.tolist() for column in _moves(before, before + step * df))),
        )
        self._db.execute("DELETE FROM df_histogram WHERE tokens <= 0")
        self._db.executemany(
            "INSERT INTO token_df (token, df) VALUES (?, ?) ON CONFLICT(token) DO UPDATE SET df = df + excluded.df",
            zip(tokens.tolist(), (df * step).tolist()),
        )
        if step < 0:
            self._in_write("DELETE FROM token_df WHERE df <= 0 AND token IN ({})", tokens.tolist())
        self.set_meta("sentences", str(self.count_sentences() + step * sentences))

    def add_story_terms(self, counts: Mapping[str, int]) -> None:
        """Add ``counts`` (term -> articles) to the stored story-term document frequencies."""
        self._db.executemany(
            "INSERT INTO story_terms (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
            sorted(counts.items()),
        )
        self._db.execute("DELETE FROM story_terms WHERE df <= 0")

    def add_signatures(self, article_ids: Sequence[str], signatures: np.ndarray, keys: np.ndarray) -> None:
        """Store the MinHash signature (row ``k`` of ``signatures``) and LSH band keys
        (row ``k`` of ``keys``) of each stored article ``article_ids[k]``."""
        seq_of = self._seqs(article_ids)
        seqs = [seq_of[i] for i in article_ids]
        self._db.executemany(
            "INSERT OR REPLACE INTO signatures (seq, signature) VALUES (?, ?)",
            zip(seqs, (row.astype("<u4").tobytes() for row in np.asarray(signatures, dtype=np.uint32))),
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO signature_bands (key, seq) VALUES (?, ?)",
            ((key, seq) for seq, row in zip(seqs, np.asarray(keys, dtype=np.int64).tolist()) for key in row),
        )

    def add_story_features(self, features: Iterable[ArticleFeatures]) -> None:
        """Keep the story features of stored articles (those of an article given twice: the last)."""
        items = list(features)
        seq_of = self._seqs([f.id for f in items])
        self._db.executemany(
            "INSERT OR REPLACE INTO story_features (seq, features) VALUES (?, ?)",
            ((seq_of[f.id], _encode_features(f)) for f in items if f.id in seq_of),
        )

    def story_features(self, article_ids: Sequence[str]) -> dict[str, ArticleFeatures]:
        """The kept story features of ``article_ids`` (those with none are left out)."""
        rows = self._in(
            "SELECT a.id, a.published, f.features FROM story_features f JOIN articles a ON a.seq = f.seq"
            " WHERE a.id IN ({})",
            sorted(set(article_ids)),
        )
        return {id_: _decode_features(id_, _when(published), blob) for id_, published, blob in rows}

    def clear_story_features(self) -> None:
        """Forget every article's story features (made with other options)."""
        self._db.execute("DELETE FROM story_features")

    def clear_sentence_index(self) -> None:
        """Forget the copy index (sentence features, postings, token counts), to make it anew
        when the way sentences are read has changed."""
        for table in ("features", "postings", "token_df", "df_histogram"):
            self._db.execute(f"DELETE FROM {table}")
        self.set_meta("sentences", "0")

    def clear_signatures(self) -> None:
        """Forget every signature, band key and near-duplicate pair (to compute them anew)."""
        for table in ("signature_bands", "signatures", "near_duplicates"):
            self._db.execute(f"DELETE FROM {table}")

    def remove(self, article_ids: Sequence[str], story_terms: Mapping[str, int] | None = None) -> list[str]:
        """Delete articles with their sentences, copy links, index rows and story membership.

        ``story_terms``: the term counts of the removed articles, taken off the
        stored frequencies. Stories left with no article are deleted; the others
        get their first and last dates from the articles they keep. Returns the
        ids that were stored. Call inside :meth:`transaction`.
        """
        seq_of = self._seqs(article_ids)
        found = [i for i in article_ids if i in seq_of]
        if not found:
            return []
        stories = sorted({r[0] for r in self._in("SELECT DISTINCT story FROM story_articles WHERE article IN ({})", found)})
        seqs = [seq_of[i] for i in found]
        removed: list[np.ndarray] = []
        for sid, blob in list(self._in("SELECT sid, tokens FROM features WHERE seq IN ({})", seqs)):
            removed.append(np.unique(np.frombuffer(blob, dtype=np.int64)))
            self._db.executemany("DELETE FROM postings WHERE token = ? AND sid = ?", [(t, sid) for t in removed[-1].tolist()])
        self._count_tokens(np.concatenate([np.empty(0, dtype=np.int64), *removed]), len(removed), step=-1)
        self._in_write("DELETE FROM copies WHERE a_article IN ({0}) OR b_article IN ({0})", found)
        self._in_write("DELETE FROM near_duplicates WHERE a IN ({0}) OR b IN ({0})", found)
        self._in_write("DELETE FROM articles WHERE id IN ({})", found)
        if story_terms:
            self.add_story_terms({term: -count for term, count in story_terms.items()})
        for story in stories:
            dates = [
                _when(r[0]) for r in self._db.execute(
                    "SELECT a.published FROM story_articles sa JOIN articles a ON a.id = sa.article WHERE sa.story = ?", (story,)
                )
            ]
            if not dates:
                # The ids merged into it led there and now lead nowhere: they go too.
                self._db.execute(
                    "WITH RECURSIVE gone(id) AS (SELECT ? UNION SELECT s.id FROM stories s JOIN gone g ON s.merged_into = g.id)"
                    " DELETE FROM stories WHERE id IN gone", (story,),
                )
                continue
            known = [d for d in dates if d is not None]
            self._db.execute(
                "UPDATE stories SET first_seen = ?, last_seen = ? WHERE id = ?",
                (_iso(min(known, key=utc_key)) if known else None, _iso(max(known, key=utc_key)) if known else None, story),
            )
            self._set_headline(story)
        return found

    # -- reads ------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _seqs(self, article_ids: Sequence[str]) -> dict[str, int]:
        return dict(self._in("SELECT id, seq FROM articles WHERE id IN ({})", list(article_ids)))

    def _in_write(self, statement: str, values: Sequence[object]) -> None:
        """Run ``statement`` for ``values`` (see :func:`_marked_parts`)."""
        for marked, part in _marked_parts(statement, values):
            self._db.execute(marked, part)

    def _in(self, query: str, values: Sequence[object]) -> Iterator[tuple]:
        """Rows of ``query`` for ``values`` (see :func:`_marked_parts`), part after part."""
        for marked, part in _marked_parts(query, values):
            # Row by row, not ``yield from`` the cursor: closing a generator left part-read
            # (a Ctrl-C in its reader, finalised once the store has closed) would close the
            # cursor too, which raises on a closed connection ("Exception ignored in ...").
            for row in self._db.execute(marked, part):
                yield row

    def surface_carriers(self, surfaces: Iterable[int], limit: int) -> set[str]:
        """Stored articles carrying a sentence of one of these surface hashes: the
        first ``limit`` in storage order per hash (a line carried by many is furniture
        or wire copy, and that many carriers are enough to tell which)."""
        found: set[str] = set()
        for surface in sorted(set(surfaces)):
            found.update(
                r[0] for r in self._db.execute(
                    "SELECT a.id FROM (SELECT DISTINCT seq FROM features WHERE surface = ? ORDER BY seq LIMIT ?) f"
                    " JOIN articles a ON a.seq = f.seq",
                    (np.uint64(surface).view(np.int64).item(), limit),
                )
            )
        return found

    def token_postings(self, tokens: Iterable[int], limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(token, sentence id, article seq)`` postings of the given uint64 tokens,
        leaving out tokens carried by more than ``limit`` stored sentences (too
        common to find copies by, and their postings would grow with the store):
        those cost one look-up of their count each."""
        columns: list[list[int]] = [[], [], []]
        distinct = np.unique(np.asarray(list(tokens), dtype=np.uint64))
        df = self.token_df(distinct)
        for token in distinct[(df > 0) & (df <= limit)].tolist():
            rows = self._db.execute("SELECT sid, seq FROM postings WHERE token = ?", (np.uint64(token).view(np.int64).item(),)).fetchall()
            if rows:
                columns[0] += [token] * len(rows)
                columns[1] += [r[0] for r in rows]
                columns[2] += [r[1] for r in rows]
        return np.array(columns[0], dtype=np.uint64), np.array(columns[1], dtype=np.int64), np.array(columns[2], dtype=np.int64)

    def banded_signatures(self, keys: Iterable[int], num_perm: int) -> tuple[list[str], np.ndarray]:
        """Stored articles holding one of these LSH band keys, in storage order, and
        their signatures (an ``(articles, num_perm)`` uint32 array); no other signature is read."""
        seqs = sorted({r[0] for r in self._in("SELECT seq FROM signature_bands WHERE key IN ({})", sorted(set(keys)))})
        rows = sorted(self._in("SELECT s.seq, a.id, s.signature FROM signatures s JOIN articles a ON a.seq = s.seq"
                               " WHERE s.seq IN ({})", seqs))
        signatures = np.frombuffer(b"".join(r[2] for r in rows), dtype="<u4").astype(np.uint32)
        return [r[1] for r in rows], signatures.reshape(len(rows), num_perm)

    def article_ids(self) -> list[str]:
        """Every stored article id, in storage order."""
        return [r[0] for r in self._db.execute("SELECT id FROM articles ORDER BY seq")]

    def token_df(self, tokens: np.ndarray) -> np.ndarray:
        """Stored sentences carrying each of the uint64 ``tokens`` (0 for a token never seen)."""
        signed = np.asarray(tokens, dtype=np.uint64).view(np.int64).tolist()
        found = dict(self._in("SELECT token, df FROM token_df WHERE token IN ({})", sorted(set(signed))))
        return np.array([found.get(t, 0) for t in signed], dtype=np.int64)

    def df_histogram(self, added: TokenCounts | None = None) -> Iterator[tuple[int, int]]:
        """``(df, tokens)``: how many stored tokens are carried by exactly ``df``
        stored sentences, ascending by ``df`` and read only as far as iterated;
        with ``added``, as if the sentences it counts were stored too."""
        moves: Iterable[tuple[int, int]] = ()
        if added is not None:
            before = self.token_df(added.vocabulary)
            moves = zip(*(column.tolist() for column in _moves(before, before + added.df)))
        stored = self._db.execute("SELECT df, tokens FROM df_histogram ORDER BY df")
        for df, group in itertools.groupby(heapq.merge(stored, moves), key=lambda row: row[0]):
            tokens = sum(n for _, n in group)
            if tokens:
                yield df, tokens

    def count_sentences(self) -> int:
        """Stored sentences in the copy index."""
        return int(self.meta("sentences") or 0)

    def ids_of_seqs(self, seqs: Iterable[int]) -> list[str]:
        """Article ids of storage numbers, in storage order."""
        return [r[1] for r in sorted(self._in("SELECT seq, id FROM articles WHERE seq IN ({})", sorted(set(seqs))))]

    def feature_table(self, article_ids: Sequence[str]) -> SentenceTable:
        """The stored sentence features of ``article_ids`` (in storage order, as
        :meth:`texts` returns them), row article ``k`` being the ``k``-th of them."""
        seq_of = self._seqs(article_ids)
        position = {seq: k for k, seq in enumerate(sorted(seq_of.values()))}
        rows = sorted(self._in("SELECT seq, idx, surface, tokens FROM features WHERE seq IN ({})", list(position)))
        blobs = [np.frombuffer(r[3], dtype=np.uint64) for r in rows]
        offsets = np.zeros(len(rows) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in blobs], out=offsets[1:])
        return SentenceTable(
            np.array([position[r[0]] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype=np.int32),
            np.array([r[2] for r in rows], dtype=np.int64).view(np.uint64),
            offsets,
            np.concatenate(blobs) if blobs else np.empty(0, dtype=np.uint64),
        )

    def story_term_df(self, terms: Iterable[str]) -> dict[str, int]:
        """Stored articles each of ``terms`` appears in (terms never seen are left out)."""
        return dict(self._in("SELECT term, df FROM story_terms WHERE term IN ({})", sorted(set(terms))))

    def count_story_terms(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM story_terms").fetchone()[0])

    def story_term_names(self) -> Iterator[str]:
        """Every stored story term, sorted."""
        return (r[0] for r in self._db.execute("SELECT term FROM story_terms ORDER BY term").fetchall())

    def story_last_seen(self) -> dict[str, datetime | None]:
        """Live story id -> date of its latest article (``None`` when undated)."""
        return {r[0]: _when(r[1]) for r in self._db.execute("SELECT id, last_seen FROM stories WHERE merged_into IS NULL")}

    def members(self, story_ids: Iterable[str]) -> dict[str, str]:
        """Article id -> story id for the articles of ``story_ids``, in storage order."""
        rows = self._in(
            "SELECT a.seq, sa.article, sa.story FROM story_articles sa JOIN articles a ON a.id = sa.article WHERE sa.story IN ({})",
            sorted(set(story_ids)),
        )
        return {article: story for _, article, story in sorted(rows)}

    def latest_dated(self) -> datetime | None:
        """Publication date of the last stored article (in storage order) that has one."""
        row = self._db.execute("SELECT published FROM articles WHERE published IS NOT NULL ORDER BY seq DESC LIMIT 1").fetchone()
        return _when(row[0]) if row else None

    def outlets(self) -> list[str]:
        """The outlets' names as stored, each once, sorted."""
        return [row[0] for row in self._db.execute("SELECT DISTINCT source FROM articles ORDER BY source")]

    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def holds(self, article: Article) -> bool:
        """Whether the store holds ``article``: by its id, or, in a store that ids made
        before they named the outlet, by the id of its title and text alone, stored
        with the same outlet."""
        if self.has_article(article.id):
            return True
        if not article.source or article.id != content_id(article.title, article.text, article.source):
            return False  # a record's own id, or no outlet to have left out
        row = self._db.execute("SELECT source FROM articles WHERE id = ?", (content_id(article.title, article.text),)).fetchone()
        return row is not None and outlet_key(row[0]) == outlet_key(article.source)

    def article_content(self, article_id: str) -> tuple[str, str] | None:
        """The stored article's title and text, or ``None`` if it is not stored."""
        row = self._db.execute("SELECT title, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        return (row[0], row[1]) if row else None

    def has_story(self, story_id: str) -> bool:
        """Whether a story of this id was ever given (live, merged into another, or emptied)."""
        return self._db.execute("SELECT 1 FROM stories WHERE id = ?", (story_id,)).fetchone() is not None

    def texts(self, ids: Sequence[str] | None = None) -> list[ArticleText]:
        """Stored articles with their sentences, in the order they were stored."""
        if ids is None:
            rows = self._db.execute("SELECT * FROM articles ORDER BY seq").fetchall()
        else:
            rows = sorted(self._in("SELECT * FROM articles WHERE id IN ({})", list(dict.fromkeys(ids))))
        sentences: dict[str, list[Sentence]] = {}
        for article, idx, text, start, end in self._sentence_rows([r[1] for r in rows]):
            sentences.setdefault(article, []).append(Sentence(article, idx, text, start, end))
        return [ArticleText(self._article(row), tuple(sentences.get(row[1], ()))) for row in rows]

    def _sentence_rows(self, ids: Sequence[str]) -> Iterator[tuple[str, int, str, int, int]]:
        return self._in("SELECT article, idx, text, start, end FROM sentences WHERE article IN ({}) ORDER BY article, idx", ids)

    @staticmethod
    def _article(row: tuple) -> Article:
        _, id_, title, text, source, url, published, published_from, language, origin, _ = row
        return Article(id_, title, text, source, url, _when(published), published_from, language, origin, _is_day(published))

    def stories(self) -> list[Story]:
        """Every live story (not merged away), largest first, then newest activity."""
        rows = self._db.execute(
            "SELECT s.id, s.first_seen, s.last_seen, s.merged_into, s.headline, json_group_array(sa.article)"
            " FROM stories s JOIN story_articles sa ON sa.story = s.id JOIN articles a ON a.id = sa.article"
            " WHERE s.merged_into IS NULL GROUP BY s.id ORDER BY count(*) DESC, s.last_seen DESC, s.id"
        ).fetchall()
        missing = self._missing_headlines([r[0] for r in rows if r[4] is None])
        # A JSON array, not a joined string: an id may hold any character, spaces included.
        return [Story(r[0], tuple(json.loads(r[5])), _when(r[1]), _when(r[2]), r[3], missing.get(r[0], r[4])) for r in rows]

    def _lacks_headlines(self) -> bool:
        """Whether a live story (one :meth:`stories` lists) has no headline yet."""
        return self._db.execute(
            "SELECT 1 FROM stories s JOIN story_articles sa ON sa.story = s.id"
            " WHERE s.merged_into IS NULL AND s.headline IS NULL LIMIT 1"
        ).fetchone() is not None

    def story(self, story_id: str | StoryMatch) -> Story:
        """One story by id, or by a prefix of it, or by the id of one of its articles; a
        merged id leads to the story it merged into. ``StoryNotFound`` if none matches,
        ``AmbiguousStory`` if several stories do. Given the :class:`StoryMatch` of
        :meth:`find_story`, the story it found, not looked up again."""
        live = (story_id if isinstance(story_id, StoryMatch) else self.find_story(story_id)).id
        first_seen, last_seen, headline = self._db.execute(
            "SELECT first_seen, last_seen, headline FROM stories WHERE id = ?", (live,)
        ).fetchone()
        if headline is None:
            headline = self._missing_headlines([live])[live]
        return Story(live, tuple(self._story_articles(live)), _when(first_seen), _when(last_seen), None, headline)

    def find_story(self, story_id: str) -> StoryMatch:
        """The live story an id, or a prefix of one, leads to, as :meth:`story` finds it,
        and whether a merge was followed to reach it; the same errors as :meth:`story`."""
        if not story_id:  # a prefix of every id, which names no story
            raise StoryNotFound(f"no story id given (an empty prefix matches every story in {self.path})")
        if self.has_story(story_id):
            matched = [story_id]
        else:
            # substr, not LIKE: "_" and "%" are characters of a prefix, not wildcards.
            rows = self._db.execute("SELECT id FROM stories WHERE substr(id, 1, ?) = ? ORDER BY id", (len(story_id), story_id))
            matched = [r[0] for r in rows.fetchall()]
        # Merged ids that lead to the same live story are one match.
        found = sorted({live for m in matched if (live := self._live(m)) is not None})
        if not found:
            # An article id pasted from a brief or `ingest` output names the story it is in.
            row = self._db.execute("SELECT story FROM story_articles WHERE article = ?", (story_id,)).fetchone()
            if row is not None and (live := self._live(row[0])) is not None:
                return StoryMatch(live, merged=False, article=story_id)
            raise StoryNotFound(f"no story {story_id!r} in {self.path} (nor an article of that id)")
        if len(found) > 1:
            raise AmbiguousStory(story_id, tuple(found))
        # A prefix that matches the live story's own id names it: no merge was needed to get there.
        return StoryMatch(found[0], merged=found[0] not in matched, matched=tuple(matched))

    def merges(self) -> dict[str, str]:
        """Each merged story's id -> the live story it now leads to."""
        rows = self._db.execute("SELECT id FROM stories WHERE merged_into IS NOT NULL").fetchall()
        return {r[0]: live for r in rows if (live := self._live(r[0])) is not None}

    def _live(self, story_id: str) -> str | None:
        """The live story a stored story id leads to: itself, or the one it merged into
        (``None`` when there is none: a store written before removals took merged ids along)."""
        while True:
            row = self._db.execute("SELECT merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
            if row is None:
                return None
            if not row[0]:
                return story_id
            story_id = row[0]

    def _story_articles(self, story_id: str) -> list[str]:
        """The articles of a story, in storage order."""
        return [
            r[0] for r in self._db.execute(
                "SELECT sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article"
                " WHERE sa.story = ? ORDER BY a.seq", (story_id,)
            )
        ]

    def assignments(self) -> dict[str, str]:
        """Article id -> story id, in storage order."""
        return dict(
            self._db.execute(
                "SELECT sa.article, sa.story FROM story_articles sa JOIN articles a ON a.id = sa.article ORDER BY a.seq"
            ).fetchall()
        )

    def copies(self, articles: Sequence[str]) -> tuple[list[CopyLink], list[NearDuplicate]]:
        """Copy links (with their aligned spans) and near-duplicates among ``articles``."""
        wanted = set(articles)
        duplicates = [
            NearDuplicate(a, b, s)
            for a, b, s in self._db.execute("SELECT a, b, similarity FROM near_duplicates ORDER BY a, b")
            if a in wanted and b in wanted
        ]
        return self.copy_links(articles), duplicates

    def copy_links(self, articles: Sequence[str], weights_only: bool = False) -> list[CopyLink]:
        """The copy links among ``articles``, with their aligned spans.

        ``weights_only``: the links come without their sentences' text (``""``) and
        aligned spans, which are then not read, for callers that only weigh links
        (story grouping).
        """
        wanted = set(articles)
        texts: defaultdict[tuple[str, int], str] = defaultdict(str)
        if not weights_only:
            for article, idx, text, _, _ in self._sentence_rows(list(articles)):
                texts[(article, idx)] = text
        links = []
        spans_column = "NULL" if weights_only else "spans"
        # Ordered within each part of ``articles`` only, as each part is one query.
        for a, sa, b, sb, kind, score, first, spans in self._in(
            f"SELECT a_article, a_sentence, b_article, b_sentence, kind, score, first, {spans_column} FROM copies"
            " WHERE a_article IN ({}) ORDER BY a_article, a_sentence, b_article, b_sentence",
            articles,
        ):
            if b in wanted:
                links.append(CopyLink(SentenceRef(a, sa, texts[(a, sa)]), SentenceRef(b, sb, texts[(b, sb)]), kind, score,
                                      first, () if weights_only else _spans(spans)))
        return links


class _Transaction:
    def __init__(self, db: sqlite3.Connection, path: str) -> None:
        self._db = db
        self._path = path

    def __enter__(self) -> None:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" not in str(error):
                raise
            raise _Busy(
                f"{self._path}: the store is busy: another process (an ingest?) is writing to it; nothing was written,"
                " try again when it is done"
            ) from error

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")


class _Busy(StoreError):
    """Another process's transaction held the store longer than the lock timeout."""


class _NeedsUpgrade(StoreError):
    """A store opened read-only whose schema is older than this newsbrief's."""


_MARKS = 500
"""Values of ``IN (...)`` given to one statement (:meth:`Store._in`): a long list goes in parts."""


def _marked_parts(statement: str, values: Sequence[object]) -> Iterator[tuple[str, list[object]]]:
    """``statement`` for ``values``, :data:`_MARKS` at a time: each ``{}`` (or ``{0}``,
    given once per use) filled with a part's marks, and the part's values once per use.

    >>> list(_marked_parts("DELETE FROM t WHERE a IN ({0}) OR b IN ({0})", ["x", "y"]))
    [('DELETE FROM t WHERE a IN (?,?) OR b IN (?,?)', ['x', 'y', 'x', 'y'])]
    """
    uses = statement.count("{0}") or statement.count("{}")
    for low in range(0, len(values), _MARKS):
        part = list(values[low : low + _MARKS])
        yield statement.format(",".join("?" * len(part))), part * uses


def _read_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that never writes. A store in WAL mode needs its -shm file; where
    that cannot be opened (a copy on read-only media, without its -wal file, so every
    commit is in the main file) the file is opened as immutable."""
    uri = path.resolve().as_uri()
    db = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError as error:
        db.close()
        wal = path.with_name(path.name + "-wal")
        if error.sqlite_errorcode != sqlite3.SQLITE_CANTOPEN or wal.exists():
            raise
    except BaseException:
        db.close()
        raise
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


def _encode_features(features: ArticleFeatures) -> bytes:
    # JSON keeps the terms' order and each float exactly (shortest repr round-trips).
    record = [list(features.terms), list(features.terms.values()), sorted(features.names), features.sentences,
              features.headline_only, sorted(features.particulars)]
    return zlib.compress(json.dumps(record, separators=(",", ":")).encode("utf-8"))


def _decode_features(article: str, published: datetime | None, blob: bytes) -> ArticleFeatures:
    # Records of story features before version 2 have no headline_only, before version 4
    # no particulars (ensure_index clears them; the store's lower-level readers may still
    # meet one).
    terms, weights, names, sentences, *rest = json.loads(zlib.decompress(blob))
    return ArticleFeatures(
        article, published, dict(zip(terms, weights, strict=True)), frozenset(names), sentences,
        bool(rest and rest[0]), frozenset(rest[1]) if len(rest) > 1 else frozenset(),
    )
