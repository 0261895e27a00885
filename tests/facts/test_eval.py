"""Tests of ``newsbrief.eval.facts`` (scoring against labels) and of the committed labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbrief.eval.facts import evaluate_facts, load_labels, scores_dict, scores_table

LABELS = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "facts_duc2006_labels.jsonl"

# An invented two-article "DUC" file, in the shape of duc2006_main.jsonl.
TEXT_A = "Floods killed 12 people on Monday and destroyed about 300 homes in Tarn."
TEXT_B = "Officials said 40 boats sank. The port reopens next week."


def _span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


@pytest.fixture()
def labelled(tmp_path: Path) -> tuple[Path, Path]:
    duc = tmp_path / "duc.jsonl"
    docs = [{"id": "A1", "title": "", "date": "2024-03-13", "text": TEXT_A},
            {"id": "B1", "title": "", "date": "2024-03-13", "text": TEXT_B}]
    duc.write_text(json.dumps({"id": "D1", "docs": docs}) + "\n", encoding="utf-8")
    rows = [
        {"doc": "D1/A1", "kind": "document", "published": "2024-03-13", "split": "dev", "dates": True, "entities": False},
        {"doc": "D1/A1", "kind": "figure", "span": _span(TEXT_A, "12"), "number": 12.0,
         "counted": _span(TEXT_A, "people"), "verb": _span(TEXT_A, "killed")},
        {"doc": "D1/A1", "kind": "figure", "span": _span(TEXT_A, "about 300"), "number": 300.0,
         "counted": _span(TEXT_A, "homes"), "verb": _span(TEXT_A, "destroyed")},
        {"doc": "D1/A1", "kind": "date", "span": _span(TEXT_A, "Monday"), "first": "2024-03-11", "last": "2024-03-11"},
        {"doc": "D1/B1", "kind": "document", "published": "2024-03-13", "split": "test", "dates": True, "entities": False},
        {"doc": "D1/B1", "kind": "figure", "span": _span(TEXT_B, "40"), "number": 41.0,  # a wrong number, on purpose
         "counted": _span(TEXT_B, "boats"), "verb": None},
        {"doc": "D1/B1", "kind": "date", "span": _span(TEXT_B, "The port"), "first": None, "last": None},  # not found
    ]  # fmt: skip
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return labels, duc


def test_scores_count_matches_misses_and_wrong_fields(labelled: tuple[Path, Path]) -> None:
    labels, duc = labelled
    scores = evaluate_facts(labels, duc)
    figures, dates = scores["figures"], scores["dates"]
    assert (figures["detection"].true_positives, figures["detection"].found, figures["detection"].expected) == (3, 3, 3)
    assert figures["number"].true_positives == 2  # 40 is not 41
    assert figures["counted"].true_positives == 3 and figures["value_start"].true_positives == 3
    # "sank" is found as the verb of 40 boats, where the label gives none.
    assert (figures["verb"].true_positives, figures["verb"].found, figures["verb"].expected) == (2, 3, 2)
    # "Monday" and "next week" found; "The port" labelled but not found; Monday resolved right.
    assert (dates["detection"].true_positives, dates["detection"].found, dates["detection"].expected) == (1, 2, 2)
    assert dates["resolved"].true_positives == dates["resolved"].expected == 1
    assert "entities" not in scores


def test_split_keeps_one_part(labelled: tuple[Path, Path]) -> None:
    labels, duc = labelled
    assert evaluate_facts(labels, duc, split="test")["figures"]["detection"].expected == 1
    assert evaluate_facts(labels, duc, split="dev")["figures"]["detection"].expected == 2
    table = scores_table(evaluate_facts(labels, duc, split="dev"))
    assert "| figures | detection | 1.000 | 1.000 | 2 | 2 | 2 |" in table
    assert scores_dict(evaluate_facts(labels, duc))["figures"]["number"]["right"] == 2


def test_committed_labels_are_offsets_only_and_fit_the_articles(shared: Path) -> None:
    allowed = {"doc", "kind", "published", "split", "dates", "entities", "span", "number", "counted", "verb",
               "first", "last", "type"}  # fmt: skip
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    assert all(set(row) <= allowed for row in rows)  # ids and offsets: no text of the articles
    docs = load_labels(LABELS)
    assert sum(len(d["figure"]) for d in docs.values()) >= 100
    texts = {}
    with (shared / "data" / "duc2006" / "duc2006_main.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            cluster = json.loads(line)
            texts.update({f"{cluster['id']}/{d['id']}": d["text"] for d in cluster["docs"]})
    for key, doc in docs.items():
        text = texts[key]
        for figure in doc["figure"]:
            value = text[slice(*figure["span"])]
            assert value and value == value.strip() and figure["number"] > 0, value
            for part in ("counted", "verb"):
                assert figure[part] is None or text[slice(*figure[part])].strip()
        for label in doc["date"] + doc["entity"]:
            assert 0 <= label["span"][0] < label["span"][1] <= len(text)
        assert doc["entities"] or not doc["entity"]


def test_eval_facts_command(shared: Path) -> None:
    from click.testing import CliRunner

    from newsbrief.cli import main

    result = CliRunner().invoke(main, ["eval", "facts", "--shared", str(shared), "--split", "test", "--no-entities",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(scores) == {"figures", "dates"}
    assert scores["figures"]["detection"]["labelled"] == 95 and 0 < scores["figures"]["detection"]["precision"] <= 1
