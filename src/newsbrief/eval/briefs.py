"""The brief benchmark: newsbrief's briefs scored against human summaries, beside baselines.

Input is one cluster per line of JSON, as in the DUC 2006 file::

    {"id": "D0601A", "query": "...", "docs": [{"id", "title", "date", "text"}, ...], "refs": ["...", ...]}

Each cluster is briefed as one story (sentences, copy links, brief: the same
stages ``newsbrief brief`` runs, without story clustering) with a word budget,
generic or focused on the cluster's ``query``, and scored with
:mod:`newsbrief.eval.rouge` (ROUGE-1, ROUGE-2 and ROUGE-SU4 recall, jackknifed,
as DUC reported them). The baselines run on the same clusters in the same
process, so their scores and timings compare directly:

* **lead**: NIST's baseline, the first sentences of the most recent article
  (the last of ``docs``, which DUC lists by date) until the budget is reached;
  the scorer cuts the last one at the budget, as NIST's scoring did;
* **sumy** LexRank, TextRank, LSA, SumBasic and KL-Sum (stemmed, English stop
  words), over all sentences of the cluster, each article a paragraph. sumy's
  NLTK tokenizer needs Punkt data that may not be installed, so sentences are
  split by :func:`newsbrief.text.sentences.split_sentences` and words by NLTK's
  Treebank-style word tokenizer (what ``nltk.word_tokenize`` runs per sentence,
  without Punkt). sumy ranks sentences; they are taken best first, and one
  that does not fit in the words left is skipped: the rule newsbrief's brief
  follows, so every summary is whole sentences within the budget.
  sumy's KL-Sum orders *all* sentences before it returns any, which takes
  more than ten minutes on a 25-article cluster; here its loop stops once no
  sentence left fits in the budget, which picks the same sentences.

Baselines are generic: none of them reads the query.

>>> docs = [{"id": "d1", "title": "Dam bursts", "date": "2024-05-01",
...          "text": "The Tarn dam burst on Monday and flooded forty homes in the valley."}]
>>> cluster = Cluster.from_record({"id": "c1", "query": "", "docs": docs, "refs": ["The dam burst."]})
>>> newsbrief_summary(cluster, words=20)
'The Tarn dam burst on Monday and flooded forty homes in the valley.'
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbrief.brief.rank import BriefOptions, write_brief
from newsbrief.errors import InputError
from newsbrief.eval.rouge import RougeScores, score_many
from newsbrief.facts.story import story_revisions
from newsbrief.ingest.readers import parse_date
from newsbrief.model import Article
from newsbrief.pipeline import prepare
from newsbrief.reuse.detect import find_copies
from newsbrief.text.sentences import split_sentences

__all__ = [
    "Cluster",
    "SummarizerRun",
    "NEWSBRIEF",
    "LEAD",
    "SUMY_SUMMARIZERS",
    "read_clusters",
    "newsbrief_summary",
    "lead_summary",
    "sumy_summary",
    "run_summarizer",
    "evaluate_briefs",
    "format_table",
    "report",
]

NEWSBRIEF = "newsbrief"
LEAD = "lead (NIST baseline)"
#: The sumy summarizers run by ``--baselines``, by the name they are reported under.
SUMY_SUMMARIZERS: tuple[str, ...] = ("sumy LexRank", "sumy TextRank", "sumy LSA", "sumy SumBasic", "sumy KL-Sum")

Progress = Callable[[str, int, int], None]
"""Called as ``progress(summarizer, clusters_done, clusters_total)``."""


@dataclass(frozen=True)
class Cluster:
    """A set of articles on one topic, with its query and its reference summaries."""

    id: str
    query: str
    articles: tuple[Article, ...]
    refs: tuple[str, ...]

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Cluster:
        """Build a cluster from one decoded line of the input (``KeyError`` if a field is missing)."""
        articles: list[Article] = []
        for doc in record["docs"]:
            # Article ids are the documents' own, so a brief's sources name them.
            published = parse_date(doc.get("date"))
            articles.append(Article(
                id=str(doc["id"]), title=doc.get("title") or "", text=doc["text"], published=published,
                published_from="record" if published else None,
            ))
        return cls(id=str(record["id"]), query=record.get("query") or "", articles=tuple(articles),
                   refs=tuple(record["refs"]))


@dataclass(frozen=True)
class SummarizerRun:
    """One summarizer over all clusters: its summaries, mean scores and mean seconds per cluster."""

    name: str
    summaries: dict[str, str]
    scores: RougeScores
    seconds_per_cluster: float


def read_clusters(path: str | Path, limit: int | None = None) -> list[Cluster]:
    """The clusters of a JSON-lines file (the first ``limit`` when given).

    Raises :class:`~newsbrief.errors.InputError` with the line number when a line
    is not JSON or lacks ``id``, ``docs`` (each with ``id`` and ``text``) or ``refs``.
    """
    clusters: list[Cluster] = []
    with Path(path).open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if limit is not None and len(clusters) >= limit:
                break
            if not line.strip():
                continue
            try:
                cluster = Cluster.from_record(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(f"not JSON: {error.msg}", str(path), number) from error
            except (KeyError, TypeError) as error:
                raise InputError(f"a cluster needs id, docs (id, text) and refs; missing {error}", str(path), number) from error
            if not cluster.refs:
                raise InputError("a cluster needs at least one reference summary", str(path), number)
            clusters.append(cluster)
    return clusters


def newsbrief_summary(cluster: Cluster, words: int = 250, use_query: bool = False) -> str:
    """newsbrief's brief of the whole cluster as one story, one sentence per line."""
    texts = [prepare(article) for article in cluster.articles]
    copies = find_copies(texts)
    focus = cluster.query if use_query and cluster.query.strip() else None
    options = BriefOptions(max_sentences=None, max_words=words, focus=focus)
    # As the pipeline writes it: with the figures the facts read as revised stated at their latest.
    _, brief = write_brief(texts, copies.links, options, revisions=story_revisions(texts))
    return "\n".join(sentence.text for sentence in brief)


def _sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def _cut(sentences: Sequence[str], words: int) -> list[str]:
    """Sentences in the given order until ``words`` words are reached (the last may run over)."""
    taken, count = [], 0
    for sentence in sentences:
        if count >= words:
            break
        taken.append(sentence)
        count += len(sentence.split())
    return taken


def _fit(sentences: Sequence[str], words: int) -> list[str]:
    """Sentences in the given order, skipping any that would take the total over ``words``.

    The rule newsbrief's brief follows, so every summarizer gets whole sentences within the budget.
    """
    taken, left = [], words
    for sentence in sentences:
        size = len(sentence.split())
        if size <= left:
            taken.append(sentence)
            left -= size
    return taken


def lead_summary(cluster: Cluster, words: int = 250) -> str:
    """NIST's baseline: the leading sentences of the most recent article, up to ``words``."""
    latest = cluster.articles[-1] if cluster.articles else None
    return "\n".join(_cut(_sentences(latest.text), words)) if latest else ""


def sumy_summary(cluster: Cluster, name: str, words: int = 250) -> str:
    """The summary of one of sumy's summarizers (a name in :data:`SUMY_SUMMARIZERS`).

    Needs the ``bench`` extra (``pip install 'newsbrief[bench]'``).
    """
    return "\n".join(_fit(_sumy_ranked(name, [_sentences(a.text) for a in cluster.articles], words), words))


def _sumy_ranked(name: str, articles: Sequence[Sequence[str]], words: int) -> list[str]:
    """sumy's sentences, best first (KL-Sum's only as far as a ``words`` budget can use)."""
    try:
        from nltk.tokenize import NLTKWordTokenizer
        from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
        from sumy.nlp.stemmers import Stemmer
        from sumy.nlp.tokenizers import Tokenizer
        from sumy.summarizers.kl import KLSummarizer
        from sumy.summarizers.lex_rank import LexRankSummarizer
        from sumy.summarizers.lsa import LsaSummarizer
        from sumy.summarizers.sum_basic import SumBasicSummarizer
        from sumy.summarizers.text_rank import TextRankSummarizer
        from sumy.utils import get_stop_words
    except ImportError as error:
        raise ImportError("the sumy baselines need the bench extra: pip install 'newsbrief[bench]'") from error

    class PreSplitTokenizer(Tokenizer):  # type: ignore[misc]
        """sumy's English word tokenizer without Punkt: sentences arrive split already."""

        def __init__(self) -> None:
            # Not super().__init__: it loads Punkt, which may not be installed.
            self._language = "english"
            self._word_tokenizer = NLTKWordTokenizer()

        def to_sentences(self, paragraph: str) -> tuple[str, ...]:
            return tuple(_sentences(paragraph))

    class BudgetedKLSummarizer(KLSummarizer):  # type: ignore[misc]
        """sumy's KL-Sum loop, stopped once its picks hold ``words`` words.

        The picks and their order are sumy's; the sentences never picked are rated
        below them all instead of being ordered among themselves.
        """

        def _compute_ratings(self, sentences: Sequence[Any]) -> dict[Any, float]:
            word_freq = self.compute_tf(sentences)
            ratings: dict[Any, float] = {}
            summary: list[Any] = []
            remaining = list(sentences)
            remaining_words = [self._get_content_words_in_sentence(s) for s in sentences]
            left = words
            # Once no sentence left fits in the words left, later picks cannot be used.
            while remaining and left >= min(len(str(s).split()) for s in remaining):
                summary_as_words = self._get_all_words_in_doc(summary)
                kls = [self._kl_divergence(self._joint_freq(s, summary_as_words), word_freq) for s in remaining_words]
                best_index = self._find_index_of_best_sentence(kls)
                best = remaining.pop(best_index)
                del remaining_words[best_index]
                summary.append(best)
                ratings[best] = -len(ratings)
                size = len(str(best).split())
                left -= size if size <= left else 0
            for sentence in remaining:
                ratings.setdefault(sentence, -float("inf"))
            return ratings

    classes = {
        "sumy LexRank": LexRankSummarizer, "sumy TextRank": TextRankSummarizer, "sumy LSA": LsaSummarizer,
        "sumy SumBasic": SumBasicSummarizer, "sumy KL-Sum": BudgetedKLSummarizer,
    }
    summarizer = classes[name](Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    tokenizer = PreSplitTokenizer()
    document = ObjectDocumentModel(
        [Paragraph([Sentence(text, tokenizer) for text in sentences]) for sentences in articles]
    )
    ranked: list[str] = []

    def best_first(infos: list[Any]) -> list[Any]:
        # sumy hands the sentences over best first and returns the chosen ones in
        # document order; the rank order is kept here for the budget.
        ranked.extend(str(info.sentence) for info in infos)
        return infos

    summarizer(document, best_first)
    return ranked


def _summarizer(name: str, words: int, use_query: bool) -> Callable[[Cluster], str]:
    if name == NEWSBRIEF:
        return lambda cluster: newsbrief_summary(cluster, words, use_query)
    if name == LEAD:
        return lambda cluster: lead_summary(cluster, words)
    if name in SUMY_SUMMARIZERS:
        return lambda cluster: sumy_summary(cluster, name, words)
    raise ValueError(f"unknown summarizer {name!r}; known: {[NEWSBRIEF, LEAD, *SUMY_SUMMARIZERS]}")


def run_summarizer(
    name: str, clusters: Sequence[Cluster], words: int = 250, use_query: bool = False,
    progress: Progress | None = None,
) -> SummarizerRun:
    """Summarise every cluster with ``name`` (``"newsbrief"``, :data:`LEAD` or a sumy
    name), timing each summary (scoring is not timed), and score the summaries."""
    summarize = _summarizer(name, words, use_query)
    summaries: dict[str, str] = {}
    seconds = 0.0
    for done, cluster in enumerate(clusters, start=1):
        start = time.perf_counter()
        summaries[cluster.id] = summarize(cluster)
        seconds += time.perf_counter() - start
        if progress:
            progress(name, done, len(clusters))
    scores = score_many(summaries, {c.id: c.refs for c in clusters}, words=words)
    return SummarizerRun(name, summaries, scores, seconds / max(1, len(clusters)))


def evaluate_briefs(
    clusters: Sequence[Cluster], words: int = 250, use_query: bool = False, baselines: bool = False,
    progress: Progress | None = None,
) -> list[SummarizerRun]:
    """newsbrief, then (with ``baselines``) the lead baseline and sumy's five, on the same clusters.

    >>> docs = [{"id": "d1", "title": "Dam bursts", "date": "2024-05-01",
    ...          "text": "The Tarn dam burst on Monday and flooded forty homes in the valley."}]
    >>> cluster = Cluster.from_record({"id": "c1", "query": "", "docs": docs, "refs": ["The Tarn dam burst on Monday."]})
    >>> run = evaluate_briefs([cluster], words=20)[0]
    >>> run.name, round(run.scores.r1, 2)
    ('newsbrief', 1.0)
    """
    names = [NEWSBRIEF, *([LEAD, *SUMY_SUMMARIZERS] if baselines else [])]
    return [run_summarizer(name, clusters, words, use_query, progress) for name in names]


def _best_sumy(runs: Sequence[SummarizerRun]) -> SummarizerRun | None:
    sumy = [r for r in runs if r.name in SUMY_SUMMARIZERS]
    return max(sumy, key=lambda r: r.scores.r2) if sumy else None


def _by_name(runs: Sequence[SummarizerRun], name: str) -> SummarizerRun | None:
    return next((r for r in runs if r.name == name), None)


def format_table(runs: Sequence[SummarizerRun]) -> str:
    """A plain-text table of the runs, with newsbrief's ratios to the baselines below it."""
    lines = [f"{'summarizer':<22} {'R-1':>7} {'R-2':>7} {'R-SU4':>7} {'s/cluster':>10}"]
    for run in runs:
        s = run.scores
        lines.append(f"{run.name:<22} {s.r1:>7.4f} {s.r2:>7.4f} {s.su4:>7.4f} {run.seconds_per_cluster:>10.3f}")
    ratios = _ratios(runs)
    if "r2_vs_best_sumy" in ratios:
        lines.append(f"newsbrief R-2 / best sumy R-2 ({ratios['best_sumy']}): {ratios['r2_vs_best_sumy']:.2f}x")
    if "speed_vs_lexrank" in ratios:
        lines.append(f"sumy LexRank seconds / newsbrief seconds: {ratios['speed_vs_lexrank']:.1f}x")
    return "\n".join(lines)


def _ratios(runs: Sequence[SummarizerRun]) -> dict[str, Any]:
    ours, best, lexrank = _by_name(runs, NEWSBRIEF), _best_sumy(runs), _by_name(runs, "sumy LexRank")
    ratios: dict[str, Any] = {}
    if ours and best and best.scores.r2 > 0:
        ratios.update(best_sumy=best.name, r2_vs_best_sumy=ours.scores.r2 / best.scores.r2)
    if ours and lexrank and ours.seconds_per_cluster > 0:
        ratios["speed_vs_lexrank"] = lexrank.seconds_per_cluster / ours.seconds_per_cluster
    return ratios


def report(runs: Sequence[SummarizerRun], *, data: str, words: int, use_query: bool) -> dict[str, Any]:
    """The runs as a JSON-ready dict: settings, per-summarizer scores (R, P, F) and ratios."""

    def prf(measure: Any) -> dict[str, float]:
        return {"recall": measure.recall, "precision": measure.precision, "f": measure.f_measure}

    return {
        "data": data,
        "clusters": len(runs[0].summaries) if runs else 0,
        "words": words,
        "use_query": use_query,
        "results": [
            {
                "summarizer": run.name,
                "rouge_1": prf(run.scores.rouge_1),
                "rouge_2": prf(run.scores.rouge_2),
                "rouge_su4": prf(run.scores.rouge_su4),
                "seconds_per_cluster": run.seconds_per_cluster,
            }
            for run in runs
        ],
        "ratios": _ratios(runs),
    }
