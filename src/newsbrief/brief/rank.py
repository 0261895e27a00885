"""Extractive briefs: the sentences that cover most of what a story's articles report.

Sentences that are copies of each other (the reuse stage's links) are first
merged into one *unit* carried by several articles, so nothing is said twice
and every brief sentence lists all its carriers. Every unit counts as evidence
of what the story is about, but some never go into a brief: very short or very
long ones, questions, fragments of quotations and lines without a closing full
stop (bylines, headings, tables).

The brief then maximises a coverage objective (Gillick & Favre, 2009):

* **Concepts** are stemmed word bigrams that are not both stop words
  ("the 129", "129 peopl", "peopl kill"). A concept is worth the number of
  articles whose own sentences hold it (what many outlets report is what the
  story is about), once at least :attr:`BriefOptions.min_support` do.
* **Relevance** of a unit is the IDF-weighted share of the *profile* words it
  contains. The profile is the ``focus`` (request words such as "discuss" or
  "describe" removed) or, for a generic brief, the articles' titles, each word
  counted once per title: editors put the gist of a story into its headlines.
  A concept's worth is weighted by the relevance of the units that hold it; one
  found only in irrelevant units keeps ``off_focus_weight`` of it.
* **Selection** is greedy on the budget: each step takes the unit with the most
  *not yet covered* concept worth per word, boosted by its relevance, by how
  many articles carry it and by how near the top of its article it stands
  (news leads summarise). Covered concepts count once, which is what keeps the
  brief free of repetition; a unit too similar in wording to one already taken
  is skipped all the same. A unit that does not fit in the words left is
  skipped, so the budget is filled without being exceeded. The gain of a unit
  only shrinks as the brief grows, so units wait in a heap and are re-scored
  lazily (Minoux's accelerated greedy).

The picks are put in reading order: by the day they were first published
(undated ones last), then by their relative position in the article (leads
before details). The
headline is the latest of the titles closest to the words of the whole story, passing
over those that state a figure later reports revised (the caller's ``revisions``, as
the facts stage reads them: ``facts.story.story_facts``).

On DUC 2006 (50 clusters of 25 articles, 250 words) this scores above every
system of the evaluation when focused on the topic query, and about 1.2 times
sumy's best summarizer without it: see ``docs/benchmarks.md``.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

import Stemmer

from newsbrief.model import ArticleText, BriefSentence, CopyLink, Revisions, Sentence
from newsbrief.text.aliases import STOP_WORDS
from newsbrief.text.clean import says_only_when
from newsbrief.text.normalise import TokenNormaliser, hash64, numbers_missing, surface_tokens, word_count
from newsbrief.text.sentences import quoted

__all__ = ["BriefOptions", "write_brief", "story_headline", "carrier_units", "FOCUS_INSTRUCTION_WORDS"]

#: Words that phrase a request rather than its topic ("Discuss the causes of ...",
#: "Describe ..."). They are dropped from a focus before it is matched.
FOCUS_INSTRUCTION_WORDS: frozenset[str] = frozenset(
    "discuss discussed describe described include includes including identify explain specify "
    "list give provide information detail details know known happen happened tell question "
    "questions issue issues any other also well".split()
)

_Key = tuple[str, int]
"""A sentence's (article id, index in the article)."""

_UNTITLED_HEADLINE_WORDS = 30
"""Words of a story's first sentence shown as its headline when no article has a title."""

# A sentence that ends like a sentence: terminal punctuation, maybe closing quotes/brackets.
_ENDS_SENTENCE = re.compile(r"[.!。！][\"'”’)\]」』）]*$")
_QUESTION = re.compile(r"[?？][\"'”’)\]」』）]*$")


@dataclass(frozen=True)
class BriefOptions:
    """How long a brief is and what it favours.

    ``max_sentences`` and/or ``max_words`` bound the brief (a word budget is never
    exceeded). ``focus``: a question or topic that the brief should answer.
    ``min_words``/``max_sentence_words``: the length of sentences that may be taken.
    ``min_support``: articles that must carry a concept for it to count; ``None``
    scales it with the story (1 for up to 8 articles, 2 up to 16, then 3).
    ``relevance_weight``: how much a unit's relevance to the focus (or the titles)
    multiplies its value. ``off_focus_weight``: the worth kept by concepts that
    appear only in irrelevant units. ``support_weight``: the boost of a sentence
    carried by every article of the story over one carried by a single article
    (log scale). ``position_weight``: the boost of an article's first sentence
    over its last. ``redundancy``: cosine of word counts above which a unit
    repeats one already taken.

    The defaults were chosen on DUC 2006; the results change little within a
    factor of two of each weight.

    >>> BriefOptions(max_sentences=None, max_words=250, focus="Why did the dam fail?").max_words
    250
    """

    max_sentences: int | None = 8
    max_words: int | None = None
    focus: str | None = None
    min_words: int = 8
    max_sentence_words: int = 55
    min_support: int | None = None
    relevance_weight: float = 10.0
    off_focus_weight: float = 0.2
    support_weight: float = 1.0
    position_weight: float = 0.5
    redundancy: float = 0.6


@dataclass
class _Unit:
    """Copies of one sentence, with what the selection needs to know about them."""

    sentences: list[Sentence]
    carriers: tuple[str, ...]
    words: int
    tokens: Counter[str]
    concepts: frozenset[tuple[str, str]]
    lead: float
    briefable: bool
    # (article, concepts) of each copy: reworded copies say the same in other words.
    evidence: list[tuple[str, frozenset[tuple[str, str]]]]
    told: Sentence
    revises: tuple[str, ...]
    relevance: float = 0.0

    @property
    def first(self) -> Sentence:
        return self.sentences[0]


def carrier_units(texts: Sequence[ArticleText], copies: Sequence[CopyLink]) -> list[list[Sentence]]:
    """Group the story's sentences into units of copies (union-find over copy links).

    >>> from newsbrief.model import Article, SentenceRef
    >>> from newsbrief.text.sentences import sentences_of
    >>> a = ArticleText(Article(id="a", title="", text="Rain fell. Roads shut."), sentences_of("a", "Rain fell. Roads shut."))
    >>> b = ArticleText(Article(id="b", title="", text="Roads shut."), sentences_of("b", "Roads shut."))
    >>> link = CopyLink(SentenceRef("a", 1, "Roads shut."), SentenceRef("b", 0, "Roads shut."), "verbatim", 1.0)
    >>> sorted(len(unit) for unit in carrier_units([a, b], [link]))
    [1, 2]
    """
    return _joined(texts, (((link.a.article, link.a.sentence), (link.b.article, link.b.sentence)) for link in copies))


def _joined(texts: Sequence[ArticleText], pairs: Iterable[tuple[_Key, _Key]]) -> list[list[Sentence]]:
    """The story's sentences grouped by ``pairs`` of (article, sentence index) that say one thing."""
    parent: dict[_Key, _Key] = {}

    def find(x: _Key) -> _Key:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[_Key, list[Sentence]] = defaultdict(list)
    for text in texts:
        for sentence in text.sentences:
            groups[find((sentence.article, sentence.index))].append(sentence)
    return list(groups.values())


def _briefable(text: str, words: int, options: BriefOptions, headline: bool = False) -> bool:
    """Whether a sentence can stand alone in a brief.

    ``headline``: the sentence is the whole of a headline-only item (a
    titles-only feed): headlines are short and end without a full stop, yet
    they are all such an item says. Whether one is long enough to be an article
    at all was decided when it was read (``IngestOptions.min_headline_words``).
    """
    low = 1 if headline else options.min_words
    if not low <= words <= options.max_sentence_words:
        return False
    text = text.rstrip()
    if _QUESTION.search(text) or not (headline or _ENDS_SENTENCE.search(text)):
        return False
    # An odd number of straight quotes, or unmatched curly/TeX-style ones: a piece of a quotation.
    return not (text.count('"') % 2 or text.count("“") != text.count("”") or text.count("``") != text.count("''"))


def _cosine(a: Counter[str], b: Counter[str], b_squares: float | None = None) -> float:
    """Cosine of two word counts; ``b_squares``: ``b``'s sum of squares, when one ``b``
    is compared with many (the story's centre with every title)."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(count * large[token] for token, count in small.items() if token in large)
    if not dot:
        return 0.0
    if b_squares is None:
        b_squares = sum(c * c for c in b.values())
    return dot / math.sqrt(sum(c * c for c in a.values()) * b_squares)


def _sentence_concepts(texts: Sequence[ArticleText]) -> dict[_Key, frozenset[tuple[str, str]]]:
    """Stemmed bigrams of every sentence that are not made of two stop words.

    Every distinct word is stemmed once, in one call (a stemmer per brief: no
    state outlives it).
    """
    words = {(s.article, s.index): surface_tokens(s.text) for text in texts for s in text.sentences}
    vocabulary = sorted({w for ws in words.values() for w in ws if w not in STOP_WORDS and w.isalpha()})
    stems = dict(zip(vocabulary, Stemmer.Stemmer("porter").stemWords(vocabulary)))
    concepts = {}
    for key, ws in words.items():
        tokens = [stems.get(w, w) for w in ws]
        concepts[key] = frozenset(
            (a, b) for a, b in pairwise(tokens) if a not in STOP_WORDS or b not in STOP_WORDS
        )
    return concepts


@dataclass
class _Group:
    """Copies of one sentence (the earliest-published first), the tokens of that one and its
    carriers; ``told``: the copy whose publication places the group in reading order (the
    first, or the earliest version of it that later reports revised); ``revises``: the
    articles that told only such a version."""

    sentences: list[Sentence]
    tokens: Counter[str]
    carriers: tuple[str, ...]
    told: Sentence
    revises: tuple[str, ...] = ()


def _groups(
    texts: Sequence[ArticleText],
    copies: Sequence[CopyLink],
    normalise: TokenNormaliser,
    tokens_of: Callable[[Sentence], Sequence[Hashable]] | None = None,
    headline: str | None = None,
    latest_versions: Sequence[tuple[_Key, _Key]] = (),
) -> list[_Group]:
    """The story's sentences grouped into copies, those with a word to match;
    ``tokens_of``: a sentence's match tokens (by default, ``normalise`` of its text).
    ``headline``: the story's; a group of headline-only items' headlines is then
    quoted by one that is not it (the headline is shown already, its rewordings are
    what the other items say). ``latest_versions``: (sentence, its latest version)
    pairs (:attr:`~newsbrief.model.Revisions.sentences`); a sentence joins the group of
    its latest version, which is quoted for it, in the place of the first told."""
    by_id = {t.id: t for t in texts}
    # Reworded links chain (A~B, B~C) though C may not say what A says: a unit's carriers
    # are the articles with a sentence linked to the one the brief quotes, not the whole chain.
    # A reworded copy that gives other figures ("killing 15" for "killing 12"), or none
    # for one of the quoted sentence's ("the 5-2 ruling"), does not carry what that
    # sentence says: its outlet said something else, or less.
    linked: dict[_Key, set[str]] = defaultdict(set)
    for link in copies:
        a, b = (normalise(link.a.text), normalise(link.b.text)) if link.kind == "reworded" else ((), ())
        if not numbers_missing(a, b):
            linked[(link.a.article, link.a.sentence)].add(link.b.article)
        if not numbers_missing(b, a):
            linked[(link.b.article, link.b.sentence)].add(link.a.article)
    revised = {old for old, _ in latest_versions}
    pairs = [((link.a.article, link.a.sentence), (link.b.article, link.b.sentence)) for link in copies]
    groups = []
    for group in _joined(texts, [*pairs, *latest_versions]):
        # The earliest-published copy stands for the unit (ties: article id, position).
        group.sort(key=lambda s: (_day(by_id[s.article]) or date.max, s.article, s.index))
        told = group[0]
        if (told.article, told.index) in revised:
            # A developing story ("killing 12", then "killing 17"): the earliest copy of the
            # latest version is quoted, in the place the story first told it.
            group.sort(key=lambda s: (s.article, s.index) in revised)  # stable
        if headline is not None and all(by_id[s.article].article.headline_only for s in group):
            group.sort(key=lambda s: s.text.strip() == headline.strip())  # stable: the earliest other first
        first = group[0]
        tokens = Counter(tokens_of(first) if tokens_of else normalise(first.text))
        if tokens:
            carriers = tuple(sorted({first.article} | (linked[(first.article, first.index)] & {s.article for s in group})))
            revises = tuple(sorted({s.article for s in group if (s.article, s.index) in revised} - set(carriers)))
            groups.append(_Group(group, tokens, carriers, told if revises else first, revises))
    return groups


def _units(texts: Sequence[ArticleText], groups: Sequence[_Group], options: BriefOptions) -> list[_Unit]:
    """Every unit of the story with a concept; the ones that may not be brief sentences still count as evidence."""
    by_id = {t.id: t for t in texts}
    concepts_of = _sentence_concepts(texts)
    units = []
    for group in groups:
        first = group.sentences[0]
        concepts = concepts_of[(first.article, first.index)]
        if not concepts:
            continue
        words = word_count(first.text)
        lead = max(1.0 - s.index / max(1, len(by_id[s.article].sentences)) for s in group.sentences)
        evidence = [(s.article, concepts_of[(s.article, s.index)]) for s in group.sentences]
        headline = all(by_id[s.article].article.headline_only for s in group.sentences)
        briefable = _briefable(first.text, words, options, headline)
        units.append(_Unit(
            group.sentences, group.carriers, words, group.tokens, concepts, lead, briefable, evidence, group.told,
            group.revises,
        ))
    return units


def _profile(texts: Sequence[ArticleText], focus: str | None, normalise: TokenNormaliser) -> Counter[str]:
    """The words a brief should be about: the focus's, else (or if it has none) the titles'."""
    if focus:
        wanted = set(normalise(focus)) - _instruction_tokens(normalise)
        if wanted:
            return Counter(wanted)
    profile: Counter[str] = Counter()
    for text in texts:
        profile.update(set(normalise(text.article.title)))
    return profile


def _instruction_tokens(normalise: TokenNormaliser) -> set[str]:
    return {token for word in FOCUS_INSTRUCTION_WORDS for token in normalise(word)}


def _score_relevance(units: list[_Unit], profile: Counter[str]) -> None:
    """Set each unit's relevance: the IDF-weighted share of the profile it contains."""
    df = Counter(token for unit in units for token in unit.tokens)
    n = len(units)
    weights = {t: c * (math.log((n + 1) / (df[t] + 1)) + 1.0) for t, c in profile.items() if t in df}
    total = math.fsum(weights.values())  # the profile's order is a set's: fsum is the same in any
    for unit in units:
        unit.relevance = math.fsum(weights.get(t, 0.0) for t in unit.tokens) / total if total else 0.0


def _concept_weights(units: list[_Unit], articles: int, options: BriefOptions) -> dict[tuple[str, str], float]:
    """Each concept's value: the articles that carry it, discounted when off the focus.

    A concept counts for the articles whose own sentences hold it, so a chain of
    reworded copies does not lend one wording to every article in the chain.
    """
    in_article: dict[str, set[tuple[str, str]]] = defaultdict(set)
    relevant: dict[tuple[str, str], float] = defaultdict(float)
    for unit in units:
        for article, concepts in unit.evidence:
            in_article[article] |= concepts
            if unit.relevance:
                for concept in concepts:
                    relevant[concept] += unit.relevance
    support: Counter[tuple[str, str]] = Counter()
    for held in in_article.values():
        support.update(held)
    least = options.min_support or min(3, 1 + (articles - 1) // 8)
    return {
        concept: options.off_focus_weight * count + relevant.get(concept, 0.0)
        for concept, count in support.items()
        if count >= least
    }


def _select(
    units: list[_Unit], weights: dict[tuple[str, str], float], articles: int, options: BriefOptions
) -> list[tuple[_Unit, float]]:
    """Greedy budgeted coverage; returns the picks with the concept weight each added."""
    covered: set[tuple[str, str]] = set()
    log_articles = math.log(articles) if articles > 1 else 1.0

    def gain(unit: _Unit) -> float:
        # Concepts are a frozenset, in an order PYTHONHASHSEED sets: a plain float sum's last
        # bits would differ from run to run and flip ties; fsum is exact, so ties stay ties.
        return math.fsum(weights.get(c, 0.0) for c in unit.concepts if c not in covered)

    def boost(unit: _Unit) -> float:
        return (
            (1.0 + options.relevance_weight * unit.relevance)
            * (1.0 + options.position_weight * unit.lead)
            * (1.0 + options.support_weight * math.log(len(unit.carriers)) / log_articles)
            / unit.words
        )

    # Heap of (-upper bound of value, tie-breaker, unit index); bounds are refreshed lazily.
    # Units come in the order the story first tells them (article order, then sentence
    # index): of equal values, the one told first is taken.
    heap = [(-gain(u) * boost(u), i, i) for i, u in enumerate(units) if u.briefable]
    heapq.heapify(heap)
    picked: list[tuple[_Unit, float]] = []
    words = 0
    while heap:
        if options.max_sentences is not None and len(picked) >= options.max_sentences:
            break
        _, tie, index = heapq.heappop(heap)
        unit = units[index]
        if options.max_words is not None and words + unit.words > options.max_words:
            continue
        value = gain(unit) * boost(unit)
        if value <= 0.0:
            continue
        if heap and value < -heap[0][0]:
            heapq.heappush(heap, (-value, tie, index))
            continue
        if any(_cosine(unit.tokens, p.tokens) >= options.redundancy for p, _ in picked):
            continue
        picked.append((unit, gain(unit)))
        covered |= unit.concepts
        words += unit.words
    return picked


def write_brief(
    texts: Sequence[ArticleText],
    copies: Sequence[CopyLink] = (),
    options: BriefOptions | None = None,
    normaliser: TokenNormaliser | None = None,
    revisions: Revisions | None = None,
) -> tuple[str, tuple[BriefSentence, ...]]:
    """Headline and brief sentences of one story.

    Every brief sentence is a source sentence verbatim (without the wire dateline
    it may open with, "GENEVA —" too at the head of its article, or a list item's
    bullet: :func:`~newsbrief.text.sentences.quoted`), with all the articles
    that carried it (``sources``); ``score`` is the share of the story's concept
    weight it added to the brief. ``revisions``: what later reports of the story
    revised (:attr:`~newsbrief.facts.story.StoryFacts.revisions`).

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "The Tarn dam burst on Monday and flooded forty homes in the valley. Nobody was hurt in the village, officials said."
    >>> text = ArticleText(Article(id="a", title="Tarn dam bursts", text=body), sentences_of("a", body))
    >>> headline, brief = write_brief([text], options=BriefOptions(max_sentences=1))
    >>> headline, brief[0].text, brief[0].sources
    ('Tarn dam bursts', 'The Tarn dam burst on Monday and flooded forty homes in the valley.', ('a',))
    """
    options = options or BriefOptions()
    normalise = normaliser or TokenNormaliser()
    revisions = revisions or Revisions()
    groups = _groups(texts, copies, normalise)
    headline = _headline(texts, groups, normalise, revisions.titles)
    # The headline is of the story as its sentences tell it, each version on its own.
    if revisions.sentences or any(
        g.sentences[0].text.strip() == headline.strip() and len(g.sentences) > 1 for g in groups
    ):
        groups = _groups(texts, copies, normalise, headline=headline, latest_versions=revisions.sentences)
    units = _units(texts, groups, options)
    for unit in units:
        # The story's headline is shown already: a brief does not say it twice.
        unit.briefable = unit.briefable and unit.first.text.strip() != headline.strip()
    if not any(unit.briefable for unit in units):
        return headline, ()
    _score_relevance(units, _profile(texts, options.focus, normalise))
    weights = _concept_weights(units, len(texts), options)
    total = math.fsum(weights.values()) or 1.0
    picked = _select(units, weights, len(texts), options)
    by_id = {t.id: t for t in texts}
    picked.sort(key=lambda pick: _reading_position(pick[0], by_id))
    brief = tuple(
        BriefSentence(
            text=quoted(unit.first.text, lead=unit.first.index == 0), article=unit.first.article, sentence=unit.first.index,
            sources=unit.carriers, score=round(added / total, 4), revises=unit.revises,
        )
        for unit, added in picked
    )
    return headline, brief


def _day(text: ArticleText) -> date | None:
    return text.article.published.date() if text.article.published else None


def _reading_position(unit: _Unit, by_id: dict[str, ArticleText]) -> tuple[date, float, str, int]:
    """First the day the unit was first published (an earlier version's, when later reports
    revised it), then its relative place in the article; an undated unit after the dated
    ones (it may be of any day: the story's lead, dated, should not wait behind it)."""
    told = unit.told
    return (_day(by_id[told.article]) or date.max, 1.0 - unit.lead, told.article, told.index)


def story_headline(
    texts: Sequence[ArticleText],
    copies: Sequence[CopyLink] = (),
    normaliser: TokenNormaliser | None = None,
    token_hashes: Mapping[tuple[str, int], Sequence[int]] | None = None,
    revisions: Revisions | None = None,
) -> str:
    """The headline :func:`write_brief` gives the story, without writing the brief
    (the store keeps it, so that a story list shows the brief's headline).

    ``token_hashes``: (article, sentence index) -> the sentence's match tokens as
    :func:`~newsbrief.text.normalise.hash64` values, as the store's copy index keeps
    them; the sentences found there are not normalised again (the titles' tokens
    are hashed alike: counts and cosines are the same, barring a 64-bit collision).
    ``revisions``: as for :func:`write_brief`; the headline reads only their ``titles``
    (:func:`~newsbrief.facts.story.superseded_titles` finds them alone).

    >>> from newsbrief.model import Article
    >>> from newsbrief.text.sentences import sentences_of
    >>> body = "The Tarn dam burst on Monday and flooded forty homes in the valley."
    >>> texts = [ArticleText(Article(id=i, title=t, text=body), sentences_of(i, body))
    ...          for i, t in (("a", "Valley news"), ("b", "Tarn dam bursts, flooding homes"))]
    >>> story_headline(texts)
    'Tarn dam bursts, flooding homes'
    """
    normalise = normaliser or TokenNormaliser()
    superseded_titles = revisions.titles if revisions else frozenset()
    if token_hashes is None:
        return _headline(texts, _groups(texts, copies, normalise), normalise, superseded_titles)

    def hashed(text: str) -> tuple[int, ...]:
        return tuple(map(hash64, normalise(text)))

    def tokens_of(sentence: Sentence) -> Sequence[int]:
        found = token_hashes.get((sentence.article, sentence.index))
        return found if found is not None else hashed(sentence.text)

    return _headline(texts, _groups(texts, copies, normalise, tokens_of), hashed, superseded_titles)


_HEADLINE_NEAR = 0.9
# How close a title stating no revised figure must be to head the story in place of the
# close ones, which all state one ("killing 12", the toll since 17): half as close as the
# closest. A wrong toll in the headline misleads more than a headline about less of the
# story, but not without end: a title under half as close is about a side of the story
# (families at the terminal, a minister's visit), and the brief's revision line says 12
# became 17 all the same.
_HEADLINE_FRESH = 0.5


def _headline(
    texts: Sequence[ArticleText],
    groups: Sequence[_Group],
    tokens: Callable[[str], Sequence[Hashable]],
    superseded_titles: Collection[str],
) -> str:
    """The latest of the titles closest to what the story's sentences are about (the
    closest of a day first, the earliest on ties): to their words, each counted once per
    article that carries it; ``tokens``: a title's match tokens, of the kind the groups
    hold. Close is within ``_HEADLINE_NEAR`` of the closest: a developing story is
    headed by its latest news ("toll reaches 17"), not its first ("killing 12"). A title
    stating a figure that later reports revised ("killing 12" once the toll is 17: the
    articles of ``superseded_titles``) is passed over for the latest close one that does
    not; when all close ones state one, for the closest title within
    ``_HEADLINE_FRESH`` of the closest that does not; only when there is none, it heads."""
    titled = [t for t in texts if t.article.title.strip()]
    if not titled:
        # No title anywhere: the first sentence that says more than a date, cut short if
        # it runs on (a text without full stops is one "sentence").
        sentences = texts[0].sentences if texts else ()
        first = next((s.text for s in sentences if not says_only_when(s.text)), sentences[0].text if sentences else "")
        pieces = first.split()
        return first if len(pieces) <= _UNTITLED_HEADLINE_WORDS else " ".join(pieces[:_UNTITLED_HEADLINE_WORDS]) + " …"
    centre: Counter[str] = Counter()
    for group in groups:
        for token in group.tokens:
            centre[token] += len(group.carriers)
    squares = sum(c * c for c in centre.values())
    closeness = [_cosine(Counter(tokens(t.article.title)), centre, squares) for t in titled]
    top = max(closeness)
    fair = [k for k in range(len(titled)) if closeness[k] >= _HEADLINE_FRESH * top]
    near = [k for k in fair if closeness[k] >= _HEADLINE_NEAR * top]
    # Within a day titles go by closeness, and the first reports, carried by more outlets,
    # would win over the day's revision: a title stating a revised figure heads last.
    fresh = [k for k in fair if titled[k].id not in superseded_titles]
    fresh_near = [k for k in near if k in fresh]
    if fresh_near or not fresh:
        best = max(fresh_near or near, key=lambda k: ((_day(titled[k]) or date.min).toordinal(), closeness[k], -k))
    else:
        best = max(fresh, key=lambda k: (closeness[k], -k))
    return titled[best].article.title
