"""Tests of the brief benchmark harness on small invented clusters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import main
from newsbrief.errors import InputError
from newsbrief.eval.briefs import (
    LEAD,
    NEWSBRIEF,
    SUMY_SUMMARIZERS,
    Cluster,
    evaluate_briefs,
    format_table,
    lead_summary,
    newsbrief_summary,
    read_clusters,
    report,
    sumy_summary,
)
from newsbrief.text.sentences import split_sentences

DOCS = [
    {"id": "n1", "title": "Ferry strike halts island crossings", "date": "2024-02-01",
     "text": "Ferry crews on the Kessel line walked out on Monday over pay, halting all crossings to the island.\n\n"
             "About 3,000 passengers a day use the Kessel ferries, the operator said.\n\n"
             "The union wants a raise of eight percent after two years of frozen wages."},
    {"id": "n2", "title": "Kessel ferry strike enters second day", "date": "2024-02-02",
     "text": "The strike by ferry crews on the Kessel line entered a second day on Tuesday with no talks planned.\n\n"
             "Island shops reported empty shelves as deliveries of fresh food stopped.\n\n"
             "The union wants a raise of eight percent after two years of frozen wages."},
    {"id": "n3", "title": "Talks to end Kessel ferry strike", "date": "2024-02-03",
     "text": "Talks to end the Kessel ferry strike began on Wednesday under a government mediator.\n\n"
             "The operator offered a raise of four percent and a one-off bonus for the crews.\n\n"
             "Crossings could resume by the weekend if the crews accept the offer, the mediator said."},
]
REFS = [
    "Ferry crews on the Kessel line struck over pay, halting crossings to the island. The union wants eight percent.",
    "A strike by Kessel ferry crews stopped crossings and deliveries; talks began with a mediator and an offer of four percent.",
]
RECORD = {"id": "c1", "query": "What pay raise does the union want?", "docs": DOCS, "refs": REFS}


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.jsonl"
    second = dict(RECORD, id="c2", docs=DOCS[:2])
    path.write_text(json.dumps(RECORD) + "\n\n" + json.dumps(second) + "\n", encoding="utf-8")
    return path


def _sentences_of(cluster: Cluster) -> set[str]:
    return {a.text[s:e] for a in cluster.articles for s, e in split_sentences(a.text)}


def test_read_clusters(data: Path) -> None:
    clusters = read_clusters(data)
    assert [c.id for c in clusters] == ["c1", "c2"]
    assert [a.id for a in clusters[0].articles] == ["n1", "n2", "n3"]
    assert clusters[0].articles[1].published is not None and clusters[0].refs == tuple(REFS)
    assert [c.id for c in read_clusters(data, limit=1)] == ["c1"]


@pytest.mark.parametrize("line, problem", [("{not json", "not JSON"), (json.dumps({"id": "x", "docs": []}), "refs"),
                                           (json.dumps(dict(RECORD, refs=[])), "reference")])
def test_bad_lines_name_their_line(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(RECORD) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_clusters(path)
    assert error.value.line == 2 and problem in str(error.value)


@pytest.mark.parametrize("words", [20, 45, 100])
def test_newsbrief_summary_is_source_sentences_within_budget(words: int) -> None:
    cluster = Cluster.from_record(RECORD)
    lines = newsbrief_summary(cluster, words).split("\n")
    assert set(lines) <= _sentences_of(cluster)
    assert len(lines) == len(set(lines))
    assert sum(len(line.split()) for line in lines) <= words


def test_query_focuses_the_summary() -> None:
    cluster = Cluster.from_record(RECORD)
    assert "eight percent" in newsbrief_summary(cluster, 20, use_query=True)
    assert newsbrief_summary(cluster, 20, use_query=True) != newsbrief_summary(cluster, 20)


def test_lead_is_the_latest_article_cut_at_the_budget() -> None:
    cluster = Cluster.from_record(RECORD)
    assert lead_summary(cluster, 5).split("\n") == [split_text(DOCS[2]["text"])[0]]
    assert lead_summary(cluster, 20).split("\n") == split_text(DOCS[2]["text"])[:2]


def split_text(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


@pytest.mark.parametrize("name", SUMY_SUMMARIZERS)
def test_sumy_summaries_are_whole_sentences_within_budget(name: str) -> None:
    pytest.importorskip("sumy")
    cluster = Cluster.from_record(RECORD)
    lines = sumy_summary(cluster, name, 40).split("\n")
    assert lines and set(lines) <= _sentences_of(cluster)
    assert 0 < sum(len(line.split()) for line in lines) <= 40


def test_evaluate_with_baselines_and_report(data: Path) -> None:
    pytest.importorskip("sumy")
    clusters = read_clusters(data)
    runs = evaluate_briefs(clusters, words=40, baselines=True)
    assert [r.name for r in runs] == [NEWSBRIEF, LEAD, *SUMY_SUMMARIZERS]
    for run in runs:
        assert set(run.summaries) == {"c1", "c2"} and 0 < run.scores.r1 <= 1 and run.seconds_per_cluster > 0
    table = format_table(runs)
    assert table.splitlines()[0].split() == ["summarizer", "R-1", "R-2", "R-SU4", "s/cluster"]
    assert "best sumy R-2" in table and "sumy LexRank seconds / newsbrief seconds" in table
    data_json = report(runs, data=str(data), words=40, use_query=False)
    assert data_json["clusters"] == 2 and len(data_json["results"]) == 7
    best = max((r for r in runs if r.name in SUMY_SUMMARIZERS), key=lambda r: r.scores.r2)
    assert data_json["ratios"]["best_sumy"] == best.name
    assert data_json["ratios"]["r2_vs_best_sumy"] == pytest.approx(runs[0].scores.r2 / best.scores.r2)


def test_cli_writes_summaries_and_json(data: Path, tmp_path: Path) -> None:
    summaries, scores = tmp_path / "summaries.jsonl", tmp_path / "scores.json"
    result = CliRunner().invoke(main, ["eval", "briefs", "--data", str(data), "--words", "40", "--use-query",
                                       "--summaries", str(summaries), "--json", str(scores)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1].startswith("newsbrief")
    lines = [json.loads(line) for line in summaries.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2"] and all(line["summary"] for line in lines)
    saved = json.loads(scores.read_text(encoding="utf-8"))
    assert saved["use_query"] is True and saved["results"][0]["summarizer"] == NEWSBRIEF


def test_cli_reports_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", "briefs", "--data", str(path)])
    assert result.exit_code == 2
