"""The library's front door: articles in, one :class:`~newsbrief.model.StoryBrief` per story out.

>>> from newsbrief import Article, build_briefs
>>> articles = [
...     Article.create(title="Tarn dam bursts", source="Herald",
...                    text="The Tarn dam burst on Monday and flooded forty homes in the valley."),
...     Article.create(title="Dam failure floods Tarn valley", source="Post",
...                    text="The Tarn dam burst on Monday and flooded forty homes in the valley."),
... ]
>>> [len(b.articles) for b in build_briefs(articles)]
[2]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from newsbrief.brief.rank import BriefOptions, write_brief
from newsbrief.facts.entities import EntityTagger
from newsbrief.facts.story import FactOptions, entity_tagger, story_facts
from newsbrief.ingest.readers import one_name_per_outlet
from newsbrief.model import Article, ArticleText, CopyLink, NearDuplicate, Story, StoryBrief, first_of_each_id, outlet_names
from newsbrief.reuse.detect import CopyOptions, find_copies, sentence_table
from newsbrief.store.index import IndexOptions, copies_with_store, ensure_index, index_texts, stored_story_terms, stream_clusterer
from newsbrief.store.sqlite import Store, StoryMatch
from newsbrief.stories.cluster import StoryOptions, cluster_stories, time_order
from newsbrief.stories.features import FeatureExtractor
from newsbrief.text.sentences import sentences_of

__all__ = [
    "Options", "prepare", "first_per_id", "build_briefs", "brief_story", "ingest_into", "one_name_per_outlet_in", "remove_from",
    "story_brief_from_store", "Progress",
]

Progress = Callable[[str, int, int], None]
"""Called as ``progress(stage, done, total)``; the CLI draws it, the library never prints."""


@dataclass(frozen=True)
class Options:
    """Every tunable of the pipeline, one object per stage, with practical defaults."""

    copies: CopyOptions = field(default_factory=CopyOptions)
    stories: StoryOptions = field(default_factory=StoryOptions)
    brief: BriefOptions = field(default_factory=BriefOptions)
    facts: FactOptions = field(default_factory=FactOptions)
    index: IndexOptions = field(default_factory=IndexOptions)


def prepare(article: Article) -> ArticleText:
    """Split an ingested (already cleaned) article into sentences."""
    return ArticleText(article, sentences_of(article.id, article.text))


def first_per_id(articles: Iterable[Article]) -> list[Article]:
    """One article per id, the first given, in order (:func:`~newsbrief.model.first_of_each_id`);
    undated, it takes the publication date of a later reading of the same content (an
    outlet's page saved without its date, and its feed's item).

    >>> [a.text for a in first_per_id([Article("a", "", "one"), Article("a", "", "two")])]
    ['one']
    """
    given = list(articles)
    dated: dict[str, Article] = {}
    for article in given:
        if article.published is not None:
            dated.setdefault(article.id, article)
    kept = []
    for k in first_of_each_id(a.id for a in given):
        first, other = given[k], dated.get(given[k].id)
        if first.published is None and other is not None and (other.title, other.text) == (first.title, first.text):
            first = replace(first, published=other.published, published_from=other.published_from, date_only=other.date_only)
        kept.append(first)
    return kept


def _prepared(articles: Sequence[Article], report: Progress) -> list[ArticleText]:
    """:func:`prepare` of each article, reported as stage ``"sentences"`` every 500."""
    texts = []
    for done, article in enumerate(articles, start=1):
        texts.append(prepare(article))
        if done % 500 == 0 or done == len(articles):
            report("sentences", done, len(articles))
    return texts


def build_briefs(
    articles: Iterable[Article], options: Options | None = None, progress: Progress | None = None
) -> list[StoryBrief]:
    """Clean text, copies, stories, briefs and facts for a batch of articles.

    Each outlet goes by one name however its articles spell it (a folder
    ``coast-times``, records of "Coast Times": :func:`~newsbrief.ingest.one_name_per_outlet`).
    Articles with the same id are taken once. Stories come largest first.

    >>> from newsbrief import Article
    >>> text = "The Tarn dam burst on Monday and flooded forty homes in the valley."
    >>> read = [Article.create(title="Tarn dam bursts", text=text, source="coast-times"),
    ...         Article.create(title="Dam floods Tarn valley", text=text, source="Coast Times")]
    >>> [a.source for a in build_briefs(read)[0].articles]
    ['Coast Times', 'Coast Times']
    """
    options = options or Options()
    report = progress or (lambda stage, done, total: None)
    texts = _prepared(first_per_id(one_name_per_outlet(articles)), report)
    copies = find_copies(texts, options.copies)
    report("copies", len(texts), len(texts))
    stories = cluster_stories(texts, copies.links, options.stories)
    report("stories", len(texts), len(texts))
    by_id = {t.id: t for t in texts}
    links_of: dict[str, list[CopyLink]] = defaultdict(list)
    for link in copies.links:
        links_of[link.a.article].append(link)
    duplicates_of: dict[str, list[NearDuplicate]] = defaultdict(list)
    for duplicate in copies.near_duplicates:
        duplicates_of[duplicate.a].append(duplicate)
    briefs = []
    tagger = entity_tagger(options.facts)
    for done, story in enumerate(stories, start=1):
        members = set(story.articles)
        briefs.append(
            brief_story(
                story,
                [by_id[a] for a in story.articles],
                [l for a in story.articles for l in links_of[a] if l.b.article in members],
                [d for a in story.articles for d in duplicates_of[a] if d.b in members],
                options.brief,
                tagger,
                options.facts,
            )
        )
        report("briefs", done, len(stories))
    return sorted(briefs, key=lambda b: (-len(b.articles), b.story.id))


def brief_story(
    story: Story,
    texts: Sequence[ArticleText],
    copies: Sequence[CopyLink] = (),
    near_duplicates: Sequence[NearDuplicate] = (),
    options: BriefOptions | None = None,
    tagger: EntityTagger | None = None,
    fact_options: FactOptions | None = None,
) -> StoryBrief:
    """Headline, brief and facts of one story whose articles and links are known.

    Entities are found only with a ``tagger`` (see :func:`newsbrief.facts.entity_tagger`),
    made once by the caller because loading a model takes a while. The facts come
    first: the brief states the figures they read as the latest.
    """
    found = story_facts(texts, tagger, fact_options, copies)
    headline, brief = write_brief(texts, copies, options, revisions=found.revisions)
    return StoryBrief(
        story=story,
        headline=headline,
        articles=tuple(t.article for t in texts),
        brief=brief,
        copies=tuple(copies),
        near_duplicates=tuple(near_duplicates),
        facts=found.facts,
        timeline=found.timeline,
        disagreements=found.disagreements,
    )


def ingest_into(
    store: Store, articles: Iterable[Article], options: Options | None = None, progress: Progress | None = None
) -> list[ArticleText]:
    """Add new articles to ``store``: sentences, copy links and story assignments.

    Each outlet goes by one name, in the new articles and the stored ones alike
    (:func:`one_name_per_outlet_in`). Articles already stored are skipped. Copies are looked for between the new
    articles and the stored ones the store's index names as candidates
    (:mod:`newsbrief.store.index`). Stories given before keep their ids: the
    stories still open are replayed into a stream clusterer, then the new
    articles are placed together (``StoryClusterer.add_batch``). Everything is written in one
    transaction, so a failure leaves the store as it was. Returns the new texts.
    """
    options = options or Options()
    report = progress or (lambda stage, done, total: None)
    with store.transaction():
        fresh = [a for a in first_per_id(one_name_per_outlet_in(store, articles)) if not store.holds(a)]
        if not fresh:
            return []  # the stored outlets renamed all the same
        texts = _prepared(fresh, report)
        ensure_index(store, options.stories, options.copies.near_duplicate)
        added = store.add_texts(texts)
        new_ids = {t.id for t in added}
        # Only the stored articles the new ones may share text with are read
        # (see newsbrief.store.index), so the cost does not grow with the store.
        table = sentence_table(added)
        copies = copies_with_store(store, added, table, options.copies, options.index)
        # The new articles' story features serve the store's term counts and the clusterer alike.
        extract = FeatureExtractor(options.stories.features)
        features = {t.id: extract(t) for t in added}
        index_texts(store, added, options.stories, table, options.copies.near_duplicate, list(features.values()))
        store.add_copies(copies.links, copies.near_duplicates)
        report("copies", len(added), len(added))
        # The open stories' articles are replayed from their kept features; the new
        # ones are then placed together with them (see add_batch).
        clusterer, order, known = stream_clusterer(store, [features[t.id] for t in added], options.stories)
        for item in order:
            if item.id in known:
                clusterer.add_features(item, story=known[item.id])
        # The replayed articles are listed anew, with the copied text they share among
        # themselves as well as with the new ones (as one batch of them all would be).
        replayed = store.copy_links(list(known), weights_only=True)
        clusterer.add_batch_features(time_order([f for f in order if f.id not in known]), [*replayed, *copies.links])
        merged = clusterer.merged_stories()
        changed = {clusterer.story_of(i) for i in new_ids} | {s.merged_into for s in merged}
        for story in merged:
            store.assign(story)
        for story in clusterer.stories():
            if story.id in changed:
                store.assign(story)
        report("stories", len(added), len(added))
    return added


def one_name_per_outlet_in(store: Store, articles: Iterable[Article]) -> list[Article]:
    """``articles``, each outlet under one name however they and ``store`` spell it: the
    best of the spellings (:func:`~newsbrief.ingest.one_name_per_outlet`), which the
    stored articles take too. Call it inside a transaction (:func:`ingest_into` does);
    a caller that ingests a run in several batches calls it first for the whole run,
    so that every batch goes by the names the run as a whole picks.

    >>> from newsbrief import Article
    >>> with Store(":memory:") as store:
    ...     _ = ingest_into(store, [Article.create(title="Pier shut", text="The pier shut today.", source="coast-times")])
    ...     with store.transaction():
    ...         read = one_name_per_outlet_in(store, [Article.create(title="Pier open", text="It opened.", source="Coast Times")])
    ...     [a.source for a in read], store.outlets()
    (['Coast Times'], ['Coast Times'])
    """
    stored = store.outlets()
    named = one_name_per_outlet(articles, stored)
    store.rename_outlets(outlet_names([*stored, *(article.source for article in named)]))
    return named


def remove_from(store: Store, article_ids: Iterable[str], options: Options | None = None) -> list[str]:
    """Delete stored articles with their copy links and index rows, in one transaction.

    Their stories keep their ids and lose them (a story left empty goes).
    Returns the ids that were stored.
    """
    options = options or Options()
    wanted = list(dict.fromkeys(article_ids))
    with store.transaction():
        ensure_index(store, options.stories, options.copies.near_duplicate)
        return store.remove(wanted, stored_story_terms(store, wanted, options.stories))


def story_brief_from_store(
    store: Store, story_id: str | StoryMatch, options: Options | None = None, tagger: EntityTagger | None = None
) -> StoryBrief:
    """The brief of one stored story (``StoryNotFound`` if there is none): ``story_id`` as
    :meth:`Store.story <newsbrief.store.Store.story>` takes it (a caller that asked
    :meth:`~newsbrief.store.Store.find_story` already passes its match).

    A server answering many requests passes a ``tagger`` made once with
    :func:`newsbrief.facts.entity_tagger`; without one, one is made from ``options``.
    """
    options = options or Options()
    story = store.story(story_id)
    texts = store.texts(story.articles)
    links, duplicates = store.copies(story.articles)
    tagger = tagger or entity_tagger(options.facts)
    return brief_story(story, texts, links, duplicates, options.brief, tagger, options.facts)
