"""The embedded store: one SQLite file, schema created and versioned by newsbrief.

Every write happens in one transaction, so an interrupted ``ingest`` leaves the
store as it was before that batch and a re-run picks up where it stopped
(articles already stored are recognised by their content id and skipped).

>>> from newsbrief.store import Store
>>> with Store(":memory:") as store:
...     store.count_articles()
0
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from newsbrief.errors import StoreError, StoryNotFound
from newsbrief.model import Article, ArticleText, CopyLink, NearDuplicate, Sentence, SentenceRef, Story

__all__ = ["Store", "SCHEMA_VERSION"]

SCHEMA_VERSION = 1

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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


class Store:
    """A newsbrief store in one SQLite file (``":memory:"`` for a throw-away one).

    Opening a file creates the schema if needed and refuses a store written by a
    newer newsbrief (``StoreError``) rather than risk corrupting it.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None)
            self._db.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode = WAL")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{self.path}: cannot open store: {error}") from error

    def _migrate(self) -> None:
        with self.transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self._db.execute(statement)
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
            elif int(row[0]) > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema version {row[0]} is newer than this newsbrief ({SCHEMA_VERSION})"
                )

    # -- life cycle -------------------------------------------------------
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> _Transaction:
        """A context manager: everything inside commits together or not at all."""
        return _Transaction(self._db)

    # -- writes -----------------------------------------------------------
    def add_texts(self, texts: Iterable[ArticleText]) -> list[ArticleText]:
        """Store articles with their sentences; return those that were new."""
        added = []
        for text in texts:
            a = text.article
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO articles (id, title, text, source, url, published, published_from, language, origin)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (a.id, a.title, a.text, a.source, a.url, _iso(a.published), a.published_from, a.language, a.origin),
            )
            if cursor.rowcount:
                self._db.executemany(
                    "INSERT INTO sentences (article, idx, text, start, end) VALUES (?, ?, ?, ?, ?)",
                    [(s.article, s.index, s.text, s.start, s.end) for s in text.sentences],
                )
                added.append(text)
        return added

    def add_copies(self, links: Iterable[CopyLink], near_duplicates: Iterable[NearDuplicate] = ()) -> None:
        self._db.executemany(
            "INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind, l.score, l.first) for l in links],
        )
        self._db.executemany(
            "INSERT OR REPLACE INTO near_duplicates VALUES (?, ?, ?)",
            [(d.a, d.b, d.similarity) for d in near_duplicates],
        )

    def assign(self, story: Story) -> None:
        """Create or update a story and attach its articles."""
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

    # -- reads ------------------------------------------------------------
    def count_articles(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def has_article(self, article_id: str) -> bool:
        return self._db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def texts(self, ids: Sequence[str] | None = None) -> list[ArticleText]:
        """Stored articles with their sentences, in the order they were stored."""
        if ids is None:
            rows = self._db.execute("SELECT * FROM articles ORDER BY seq").fetchall()
        else:
            marks = ",".join("?" * len(ids))
            rows = self._db.execute(f"SELECT * FROM articles WHERE id IN ({marks}) ORDER BY seq", list(ids)).fetchall()
        sentences: dict[str, list[Sentence]] = {}
        for article, idx, text, start, end in self._sentence_rows([r[1] for r in rows]):
            sentences.setdefault(article, []).append(Sentence(article, idx, text, start, end))
        return [ArticleText(self._article(row), tuple(sentences.get(row[1], ()))) for row in rows]

    def _sentence_rows(self, ids: Sequence[str]) -> Iterator[tuple[str, int, str, int, int]]:
        for chunk in range(0, len(ids), 500):
            part = ids[chunk : chunk + 500]
            marks = ",".join("?" * len(part))
            yield from self._db.execute(
                f"SELECT article, idx, text, start, end FROM sentences WHERE article IN ({marks}) ORDER BY article, idx",
                list(part),
            )

    @staticmethod
    def _article(row: tuple) -> Article:
        _, id_, title, text, source, url, published, published_from, language, origin, _ = row
        return Article(id_, title, text, source, url, _when(published), published_from, language, origin)

    def stories(self) -> list[Story]:
        """Every live story (not merged away), newest activity first."""
        rows = self._db.execute(
            "SELECT s.id, s.first_seen, s.last_seen, s.merged_into, group_concat(sa.article, ' ')"
            " FROM stories s JOIN story_articles sa ON sa.story = s.id JOIN articles a ON a.id = sa.article"
            " WHERE s.merged_into IS NULL GROUP BY s.id ORDER BY count(*) DESC, s.last_seen DESC, s.id"
        ).fetchall()
        return [Story(r[0], tuple(r[4].split(" ")), _when(r[1]), _when(r[2]), r[3]) for r in rows]

    def story(self, story_id: str) -> Story:
        """One story by id (or by a unique prefix of it); merged ids lead to the story they merged into."""
        row = self._db.execute("SELECT id, first_seen, last_seen, merged_into FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            matches = self._db.execute("SELECT id FROM stories WHERE id LIKE ? || '%'", (story_id,)).fetchall()
            if len(matches) != 1:
                raise StoryNotFound(f"no story {story_id!r} in {self.path}")
            return self.story(matches[0][0])
        if row[3]:
            return self.story(row[3])
        articles = [
            r[0] for r in self._db.execute(
                "SELECT sa.article FROM story_articles sa JOIN articles a ON a.id = sa.article"
                " WHERE sa.story = ? ORDER BY a.seq", (row[0],)
            )
        ]
        return Story(row[0], tuple(articles), _when(row[1]), _when(row[2]), None)

    def assignments(self) -> dict[str, str]:
        """Article id -> story id, in storage order."""
        return dict(
            self._db.execute(
                "SELECT sa.article, sa.story FROM story_articles sa JOIN articles a ON a.id = sa.article ORDER BY a.seq"
            ).fetchall()
        )

    def copies(self, articles: Sequence[str]) -> tuple[list[CopyLink], list[NearDuplicate]]:
        """Copy links and near-duplicates among ``articles``."""
        wanted = set(articles)
        texts: dict[tuple[str, int], str] = {}
        for article, idx, text, _, _ in self._sentence_rows(list(articles)):
            texts[(article, idx)] = text
        links = []
        for chunk in range(0, len(articles), 500):
            part = list(articles[chunk : chunk + 500])
            marks = ",".join("?" * len(part))
            for a, sa, b, sb, kind, score, first in self._db.execute(
                f"SELECT * FROM copies WHERE a_article IN ({marks}) ORDER BY a_article, a_sentence, b_article, b_sentence",
                part,
            ):
                if b in wanted:
                    links.append(CopyLink(SentenceRef(a, sa, texts[(a, sa)]), SentenceRef(b, sb, texts[(b, sb)]), kind, score, first))
        duplicates = [
            NearDuplicate(a, b, s)
            for a, b, s in self._db.execute("SELECT a, b, similarity FROM near_duplicates ORDER BY a, b")
            if a in wanted and b in wanted
        ]
        return links, duplicates


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if exc_type else "COMMIT")
