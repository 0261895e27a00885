"""Local processes and a real Dask LocalCluster give the same links as one process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsbrief.engine.local import LocalEngine, find_copies_in_files, find_copies_on
from newsbrief.errors import InputError
from newsbrief.ingest.readers import read_articles
from newsbrief.eval.synth import WordStats, generate_corpus
from newsbrief.model import Article
from newsbrief.pipeline import first_per_id, prepare
from newsbrief.reuse.detect import find_copies


@pytest.fixture(scope="module")
def corpus() -> list:
    records = generate_corpus(300, seed=3, stats=WordStats.invented(size=2000, seed=1))
    return [prepare(Article(id=r["id"], title=r["title"], text=r["text"], source=r["source"])) for r in records]


def test_local_workers_and_batches_give_identical_links(corpus: list) -> None:
    alone = find_copies(corpus)
    assert len(alone.links) > 20
    assert find_copies_on(LocalEngine(2), corpus, batch_size=70) == alone


def test_files_read_by_the_workers_give_the_links_of_one_process(tmp_path: Path) -> None:
    records = list(generate_corpus(200, seed=5, stats=WordStats.invented(size=1500, seed=2)))
    # An id given twice (the first record is kept, as everywhere),
    # broken lines, and inputs that are not JSONL, read by the caller's process.
    records[150] = {**records[90], "id": records[30]["id"]}
    records[60] = {**records[60], "published": "next tuesday-ish"}  # a warning: the record is kept, undated
    lines = [json.dumps(r) for r in records]
    lines[40] = "{not json"
    lines.insert(100, "")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines[:170]) + "\n", encoding="utf-8")
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "rest.jsonl").write_text("\n".join(lines[170:]) + "\n", encoding="utf-8")
    text_file = tmp_path / "copy.txt"
    text_file.write_text(records[3]["title"] + "\n\n" + records[3]["text"], encoding="utf-8")
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    paths = [corpus, tmp_path / "missing.jsonl", text_file, tmp_path / "empty.jsonl", tmp_path / "more"]

    expected_problems: list[InputError] = []
    articles = list(read_articles(paths, on_error=expected_problems.append))
    texts = [prepare(a) for a in first_per_id(articles)]
    alone = find_copies(texts)
    assert len(alone.links) > 20 and len(texts) == len(articles) - 1 == 199
    for engine, sizes in ((LocalEngine(), {}), (LocalEngine(2), {"batch_size": 7, "range_bytes": 5000})):
        problems: list[InputError] = []
        found = find_copies_in_files(engine, paths, on_error=problems.append, **sizes)  # type: ignore[arg-type]
        assert found.result == alone and found.read == len(texts)
        named = {l.a.article for l in alone.links} | {l.b.article for l in alone.links}
        assert list(found.linked) == [t.article for t in texts if t.id in named]
        assert [(type(e), str(e)) for e in problems] == [(type(e), str(e)) for e in expected_problems]
    def byte(line: int, column: int = 1) -> int:  # of the file, 1-based line and column
        return len("\n".join(lines[: line - 1]).encode()) + 1 + column - 1

    assert [str(e) for e in expected_problems] == [
        f"{corpus}:41 (byte {byte(41, 2)}): malformed JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{corpus}:61 (byte {byte(61)}): unreadable date 'next tuesday-ish': read as undated",
        f"{tmp_path / 'missing.jsonl'}: no such file or folder", f"{tmp_path / 'empty.jsonl'}: empty file",
    ]
    with pytest.raises(InputError, match="malformed JSON"):
        find_copies_in_files(LocalEngine(), paths)


def test_dask_local_cluster_gives_identical_links(corpus: list) -> None:
    from newsbrief.engine.dask import DaskEngine

    with DaskEngine(workers=2, memory_limit="1GiB") as engine:
        assert find_copies_on(engine, corpus, batch_size=50) == find_copies(corpus)


def test_copies_command_json(tmp_path: Path, seed_paths: list[Path]) -> None:
    result = subprocess.run([sys.executable, "-m", "newsbrief", "copies", *map(str, seed_paths), "--format", "json"],
                            capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    kinds = sorted(link["kind"] for link in data["links"])
    assert kinds == ["reworded"] * 3 + ["verbatim"] * 3
    assert {"article", "sentence", "text"} <= data["links"][0]["a"].keys()
    # The seeds carry no dates: nothing may claim to know who was first.
    assert data["graph"]["edges"] == [] and data["graph"]["undetermined"] == len(data["families"]) > 0


def test_copies_command_on_a_dask_local_cluster_reads_jsonl_partitions(tmp_path: Path) -> None:
    records = list(generate_corpus(120, seed=4, stats=WordStats.invented(size=1500, seed=3)))
    lines = [json.dumps(r) for r in records]
    # A broken record: skipped and reported at its line in the file the user gave.
    lines.insert(57, "{not json")
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def run(*options: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsbrief", "copies", str(corpus), "--format", "json", *options],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path, check=False)

    local, dask = run(), run("--engine", "dask", "--workers", "2")
    assert local.returncode == 0 and dask.returncode == 0, dask.stderr
    # The byte of the file, partition or not: the "n" of "not", after the 57 lines before it and their newlines.
    where = f"{corpus}:58 (byte {len(chr(10).join(lines[:57]).encode()) + 2}): malformed JSON"
    assert where in dask.stderr and where in local.stderr
    result = json.loads(dask.stdout)
    assert len(result["links"]) > 10 and result == json.loads(local.stdout)
    strict = run("--engine", "dask", "--workers", "2", "--strict")
    assert strict.returncode == 2 and "malformed JSON" in strict.stderr and not strict.stdout
    strict = run("--workers", "2", "--strict")
    assert strict.returncode == 2 and where in strict.stderr and not strict.stdout


def test_copies_on_dask_names_a_bad_line_of_a_later_partition_by_the_files_line_and_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from newsbrief import cli

    records = [json.dumps(r).encode() for r in generate_corpus(40, seed=4, stats=WordStats.invented(size=800, seed=3))]
    records[31] = records[31].replace(b'"title": "', b'"title": "Caf\xe9 ', 1)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_bytes(b"\n".join(records) + b"\n")
    byte = corpus.read_bytes().index(b"\xe9")
    # Partitions of 10 lines: the bad line is line 2 of the fourth.
    monkeypatch.setattr(cli, "_PARTITION_LINES", 10)
    result = CliRunner().invoke(cli.main, ["copies", str(corpus), "--format", "json", "--engine", "dask", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"skipped: {corpus}:32 (byte {byte}): not valid UTF-8" in result.stderr
