"""Score the facts extractors against hand labels on DUC 2006 articles.

The labels (``benchmarks/data/facts_duc2006_labels.jsonl``, guidelines in
``benchmarks/data/README.md``) hold article ids and character offsets into the
``text`` of ``duc2006_main.jsonl``, never the text itself, which is read from
``../shared`` at run time. One JSON object a line:

* ``{"doc": "D0616G/XIE19960331.0033", "kind": "document", "published": "1996-03-31",
  "split": "dev", "dates": true, "entities": true}`` starts an article (``split``:
  ``"dev"`` for the articles whose errors were looked at while the extractors were
  written, ``"test"`` for the ones that were not; ``dates``, ``entities``: whether its
  dates and names are labelled: its figures always are);
* ``{"kind": "figure", "span": [s, e], "number": 15.0, "counted": [s, e] | null,
  "verb": [s, e] | null}``: a figure, the words it counts and its event verb;
* ``{"kind": "date", "span": [s, e], "first": "1996-03-15" | null, "last": ...}``: a
  date expression and the days it names (``null`` when the text does not tell);
* ``{"kind": "entity", "span": [s, e], "type": "person" | "organisation" | "place"}``.

Each article is split into sentences as the pipeline does (:func:`newsbrief.pipeline.prepare`)
and its publication date (the ``date`` field) is the anchor for relative dates.
A found item matches a label when their character spans overlap (one to one, in
reading order); the scores per field are:

* figures: detection precision and recall; among matches, ``number`` (same value),
  ``value_start`` (the phrase starts where the label does: qualifier included),
  ``counted`` (the labelled counted word is a word of ``what``, singular or plural) and
  ``verb`` precision and recall (same verb, "dead" = "died" = "killed");
* dates: detection precision and recall, and ``resolved``: the found days equal the
  labelled ones, among matched labels whose days are known;
* entities (labelled articles only; nationalities such as *Russian* are not labelled and
  not scored): detection with overlapping and with exact spans, and ``type`` among
  exact matches.

>>> s = _score([(0, 4), (10, 12)], [(1, 3), (20, 22)])
>>> s.true_positives, s.found, s.expected
(1, 2, 2)
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newsbrief.eval.copies import Scores
from newsbrief.facts.dates import extract_dates
from newsbrief.facts.entities import EntityTagger
from newsbrief.facts.figures import counted_quantity, extract_figures
from newsbrief.model import Article, ArticleText, Fact
from newsbrief.pipeline import prepare

__all__ = ["load_labels", "evaluate_facts", "scores_table", "scores_dict"]

Span = tuple[int, int]


def load_labels(path: Path) -> dict[str, dict[str, Any]]:
    """The labels by article key ("D0616G/XIE19960331.0033"): its document line and its items."""
    docs: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["kind"] == "document":
                docs[record["doc"]] = {**record, "figure": [], "date": [], "entity": []}
            else:
                docs[record["doc"]][record["kind"]].append(record)
    return docs


def _duc_texts(duc: Path, keys: Iterable[str]) -> dict[str, ArticleText]:
    """The labelled articles, split into sentences, dated by their ``date`` field."""
    wanted = set(keys)
    texts: dict[str, ArticleText] = {}
    with duc.open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            for doc in cluster["docs"]:
                key = f"{cluster['id']}/{doc['id']}"
                if key in wanted:
                    published = datetime.fromisoformat(doc["date"])
                    article = Article(id=key, title="", text=doc["text"], source=doc["id"][:3], published=published)
                    texts[key] = prepare(article)
    missing = wanted - texts.keys()
    if missing:
        raise ValueError(f"{duc} has no article {min(missing)}")
    return texts


def _in_article(fact: Fact, text: ArticleText) -> Span:
    """A fact's span in article characters."""
    start = text.sentences[fact.sentence].start
    assert fact.span is not None
    return start + fact.span[0], start + fact.span[1]


def _matches(found: Sequence[Span], labelled: Sequence[Span], exact: bool = False) -> list[tuple[int, int]]:
    """One-to-one (found index, label index) pairs of overlapping (or equal) spans, in reading order."""
    pairs, used = [], set()
    for i, (fs, fe) in enumerate(found):
        for j, (ls, le) in enumerate(labelled):
            if j not in used and ((fs, fe) == (ls, le) if exact else fs < le and ls < fe):
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def _score(found: Sequence[Span], labelled: Sequence[Span], exact: bool = False) -> Scores:
    return Scores(len(_matches(found, labelled, exact)), len(found), len(labelled))


def _add(a: Scores, b: Scores) -> Scores:
    return Scores(a.true_positives + b.true_positives, a.found + b.found, a.expected + b.expected)


def _singular(word: str) -> str:
    word = word.lower()
    return word[:-3] + "y" if word.endswith("ies") else word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_DEATH = frozenset(["kill", "dead", "died", "peri", "drow"])


def _same_verb(a: str, b: str) -> bool:
    a, b = a.lower()[:4], b.lower()[:4]
    return a == b or (a in _DEATH and b in _DEATH)


def _figure_scores(text: ArticleText, labels: Sequence[dict[str, Any]]) -> dict[str, Scores]:
    found = extract_figures(text.sentences)
    spans = [_in_article(f, text) for f in found]
    labelled = [tuple(label["span"]) for label in labels]
    body = text.article.text
    pairs = _matches(spans, labelled)  # type: ignore[arg-type]
    number = value = counted_hits = counted_total = 0
    verb_hits = verb_found = verb_expected = 0
    for i, j in pairs:
        fact, label = found[i], labels[j]
        number += abs((fact.number or 0) - label["number"]) <= 1e-9 * max(1.0, label["number"])
        value += spans[i][0] == label["span"][0]
        if label["counted"]:
            counted_total += 1
            words = {_singular(w) for w in fact.what.split()}
            counted_hits += _singular(body[slice(*label["counted"])].split()[-1]) in words
        found_verb = counted_quantity(fact.what)[1] and fact.what.split()[-1]
        labelled_verb = body[slice(*label["verb"])] if label["verb"] else ""
        verb_found += bool(found_verb)
        verb_expected += bool(labelled_verb)
        verb_hits += bool(found_verb and labelled_verb and _same_verb(found_verb, labelled_verb))
    matched = len(pairs)
    return {
        "detection": Scores(matched, len(spans), len(labelled)),
        "number": Scores(number, matched, matched),
        "value_start": Scores(value, matched, matched),
        "counted": Scores(counted_hits, counted_total, counted_total),
        "verb": Scores(verb_hits, verb_found, verb_expected),
    }


def _date_scores(text: ArticleText, labels: Sequence[dict[str, Any]]) -> dict[str, Scores]:
    found = extract_dates(text.sentences, {text.id: text.article.published})
    spans = [_in_article(f, text) for f in found]
    pairs = _matches(spans, [tuple(label["span"]) for label in labels])  # type: ignore[misc]
    known = [(i, j) for i, j in pairs if labels[j]["first"]]
    right = sum(
        found[i].when == (date.fromisoformat(labels[j]["first"]), date.fromisoformat(labels[j]["last"])) for i, j in known
    )
    return {"detection": Scores(len(pairs), len(spans), len(labels)), "resolved": Scores(right, len(known), len(known))}


def _entity_scores(text: ArticleText, labels: Sequence[dict[str, Any]], tagger: EntityTagger) -> dict[str, Scores]:
    found = [m for m in tagger(text.sentences, {text.id: text.article}) if m.what != "group"]
    spans = [_in_article(f, text) for f in found]
    labelled = [tuple(label["span"]) for label in labels]
    exact = _matches(spans, labelled, exact=True)  # type: ignore[arg-type]
    typed = [(i, j) for i, j in exact if found[i].what]
    return {
        "detection": _score(spans, labelled),  # type: ignore[arg-type]
        "detection_exact": Scores(len(exact), len(spans), len(labelled)),
        "type": Scores(sum(found[i].what == labels[j]["type"] for i, j in typed), len(typed), len(typed)),
    }


def evaluate_facts(
    labels: Path, duc: Path, tagger: EntityTagger | None = None, split: str | None = None
) -> dict[str, dict[str, Scores]]:
    """Scores per field of figures, dates and (with a ``tagger``) entities, summed over the labelled articles.

    ``duc`` is ``duc2006_main.jsonl``; ``split`` keeps the articles of one split
    (``"dev"`` or ``"test"``). Returns ``{"figures": {...}, "dates": {...},
    "entities": {...}}``, each field a :class:`~newsbrief.eval.copies.Scores`.
    """
    docs = {key: doc for key, doc in load_labels(labels).items() if split is None or doc["split"] == split}
    texts = _duc_texts(duc, docs)
    totals: dict[str, dict[str, Scores]] = {"figures": {}, "dates": {}, "entities": {}}

    def add(group: str, scores: dict[str, Scores]) -> None:
        for name, score in scores.items():
            totals[group][name] = _add(totals[group].get(name, Scores(0, 0, 0)), score)

    for key, doc in docs.items():
        add("figures", _figure_scores(texts[key], doc["figure"]))
        if doc.get("dates", True):
            add("dates", _date_scores(texts[key], doc["date"]))
        if tagger is not None and doc["entities"]:
            add("entities", _entity_scores(texts[key], doc["entity"], tagger))
    if tagger is None:
        del totals["entities"]
    return totals


def scores_table(scores: dict[str, dict[str, Scores]]) -> str:
    """The scores as a Markdown table: group, field, precision, recall and the counts.

    >>> print(scores_table({"figures": {"detection": Scores(9, 10, 12)}}))
    | facts | field | precision | recall | found | labelled | right |
    |---|---|---|---|---|---|---|
    | figures | detection | 0.900 | 0.750 | 10 | 12 | 9 |
    """
    rows = ["| facts | field | precision | recall | found | labelled | right |", "|---|---|---|---|---|---|---|"]
    for group, fields in scores.items():
        for name, s in fields.items():
            rows.append(f"| {group} | {name} | {s.precision:.3f} | {s.recall:.3f} | {s.found} | {s.expected} | {s.true_positives} |")
    return "\n".join(rows)



def scores_dict(scores: dict[str, dict[str, Scores]]) -> dict[str, dict[str, dict[str, float | int]]]:
    """The scores as plain data for JSON: precision, recall, found, labelled and right per field."""
    return {
        group: {
            name: {"precision": s.precision, "recall": s.recall, "found": s.found, "labelled": s.expected,
                   "right": s.true_positives}
            for name, s in fields.items()
        }
        for group, fields in scores.items()
    }  # fmt: skip
