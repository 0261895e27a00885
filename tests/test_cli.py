"""The command line, run as a user would: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "newsbrief", *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_help_on_every_command(tmp_path: Path) -> None:
    for command in ["brief", "ingest", "stories", "show", "copies"]:
        result = run(command, "--help", cwd=tmp_path)
        assert result.returncode == 0 and "Usage:" in result.stdout


def test_brief_json_on_seeds(tmp_path: Path, seed_paths: list[Path]) -> None:
    result = run("brief", *map(str, seed_paths), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["stories"]) == 1
    assert result.stderr == ""  # piped: no progress bar


def test_brief_writes_html(tmp_path: Path, seed_paths: list[Path]) -> None:
    out = tmp_path / "r.html"
    result = run("brief", *map(str, seed_paths), "--format", "html", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_input_skipped_by_default_and_fatal_when_strict(tmp_path: Path, seed_paths: list[Path]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x"\n', encoding="utf-8")
    result = run("brief", str(bad), *map(str, seed_paths), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert f"{bad}:1" in result.stderr and result.stderr.count("malformed JSON") == 1
    strict = run("brief", str(bad), *map(str, seed_paths), "--strict", cwd=tmp_path)
    assert strict.returncode == 2 and "malformed JSON" in strict.stderr and strict.stdout == ""


def test_no_articles_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "e.txt"
    empty.write_text("", encoding="utf-8")
    db = tmp_path / "n.db"
    for command in (["brief"], ["ingest", "--store", str(db)], ["copies"]):
        result = run(*command, str(empty), cwd=tmp_path)
        assert result.returncode == 1, command
        assert f"no articles found in {empty} (1 input problem(s))" in result.stderr
        assert "the rest was read" not in result.stderr  # there was no rest
    assert not db.exists()


def test_paths_in_messages_are_not_read_as_markup(tmp_path: Path) -> None:
    folder = tmp_path / "x["
    folder.mkdir()
    for name in ("a[red].txt", "red]y.txt"):  # the second path holds "x[/red]y"
        empty = folder / name
        empty.write_text("", encoding="utf-8")
        result = run("brief", str(empty), cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert f"no articles found in {empty}" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = tmp_path / "n.db"
    for command in (["brief"], ["ingest", "--store", str(db)], ["copies"]):
        result = run(*command, str(seed_paths[0]), str(tmp_path / "nope.jsonl"), cwd=tmp_path)
        assert result.returncode == 2 and "nope.jsonl' does not exist" in result.stderr, command
    assert not db.exists()


def test_malformed_feed_is_a_warning(tmp_path: Path) -> None:
    feed = tmp_path / "cut.xml"
    body = "The harbour authority closed the east pier on Monday after a crane collapsed onto the quay."
    feed.write_text(f"<rss version='2.0'><channel><title>Dock Daily</title>\n<item><title>Pier closed</title>"
                    f"<description>{body}</description>\n</channel></rss>", encoding="utf-8")
    result = run("brief", str(feed), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"warning: {feed}: feed parsed with errors, 1 item(s) read anyway" in result.stderr
    assert len(json.loads(result.stdout)["stories"]) == 1


def test_one_id_given_to_two_articles_is_a_warning(tmp_path: Path) -> None:
    pier = {"id": "dock-7", "title": "Pier closed", "source": "Dock Daily",
            "text": "The harbour authority closed the east pier on Monday after a crane collapsed onto the quay."}
    library = {"id": "dock-7", "title": "Library reopens", "source": "Town Crier",
               "text": "The town library reopened on Saturday after a year of repairs to its leaking roof and walls."}
    first, again = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps(pier) + "\n" + json.dumps(library) + "\n", encoding="utf-8")
    again.write_text(json.dumps(pier) + "\n", encoding="utf-8")
    result = run("brief", str(first), str(again), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    # The same record read twice is no problem; another article under its id is.
    assert result.stderr.count("with other content") == 1
    assert f"warning: {first}:2: id 'dock-7' was read before from {first}:1 with other content; the first is used" in result.stderr
    assert run("brief", str(first), "--strict", cwd=tmp_path).returncode == 2
    # Every command keeps the first: the brief, the copies (the library's text copied
    # under another id finds no copy in dock-7) and the store.
    (story,) = json.loads(result.stdout)["stories"]
    assert [a["title"] for a in story["articles"]] == ["Pier closed"]
    reprint = tmp_path / "c.jsonl"
    reprint.write_text(json.dumps({**library, "id": "crier-2"}) + "\n" + json.dumps({**pier, "id": "wire-9"}) + "\n",
                       encoding="utf-8")
    copies = json.loads(run("copies", str(first), str(reprint), "--format", "json", cwd=tmp_path).stdout)
    linked = {frozenset((link["a"]["article"], link["b"]["article"])) for link in copies["links"]}
    assert linked == {frozenset(("dock-7", "wire-9"))}
    db = str(tmp_path / "n.db")
    assert run("ingest", str(first), "--store", db, cwd=tmp_path).returncode == 0
    shown = json.loads(run("show", "dock-7", "--store", db, "--format", "json", cwd=tmp_path).stdout)
    assert [a["title"] for a in shown["stories"][0]["articles"]] == ["Pier closed"]
    # Against the store too: the id stored with other content is said, and --strict stops.
    before = (tmp_path / "n.db").read_bytes()
    later = tmp_path / "d.jsonl"
    later.write_text(json.dumps(library) + "\n" + json.dumps(pier) + "\n", encoding="utf-8")
    again_in = run("ingest", str(later), "--store", db, cwd=tmp_path)
    assert again_in.returncode == 0 and "0 new article(s), 1 already stored" in again_in.stderr
    assert f"warning: {later}:1: id 'dock-7' is stored with other content; the stored article is kept" in again_in.stderr
    assert run("ingest", str(later), "--store", db, "--strict", cwd=tmp_path).returncode == 2
    assert (tmp_path / "n.db").read_bytes() == before


def test_ingest_stories_show(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    first = run("ingest", str(seed_paths[0]), "--store", db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = run("ingest", *map(str, seed_paths), "--store", db, cwd=tmp_path)
    assert "1 new article" in second.stderr
    listed = json.loads(run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout)
    assert len(listed) == 1 and listed[0]["articles"] == 2
    shown = run("show", listed[0]["id"], "--store", db, "--format", "md", cwd=tmp_path)
    assert shown.returncode == 0 and "129" in shown.stdout
    missing = run("show", "nope", "--store", db, cwd=tmp_path)
    assert missing.returncode == 1 and "no story" in missing.stderr
    # An article's id, pasted from a brief, shows the story it is in and says so.
    article = json.loads(run("brief", str(seed_paths[0]), "--format", "json", cwd=tmp_path).stdout)
    article_id = article["stories"][0]["articles"][0]["id"]
    by_article = run("show", article_id, "--store", db, "--format", "md", cwd=tmp_path)
    assert by_article.returncode == 0 and by_article.stdout == shown.stdout
    assert f"article {article_id} is in story {listed[0]['id']}" in by_article.stderr


@pytest.mark.skipif(not EXAMPLES.exists(), reason="bundled corpus missing")
def test_a_prefix_of_several_stories_names_them(tmp_path: Path) -> None:
    db = str(tmp_path / "n.db")
    assert run("ingest", str(EXAMPLES), "--store", db, cwd=tmp_path).returncode == 0
    ids = sorted(s["id"] for s in json.loads(run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout))
    for command in ("show", "facts"):
        result = run(command, "s-", "--store", db, "--no-entities", cwd=tmp_path)
        assert result.returncode == 1 and result.stdout == "", command
        assert f"'s-' matches {len(ids)} stories: {ids[0]}, {ids[1]}, {ids[2]} and {len(ids) - 3} more" in result.stderr


@pytest.mark.skipif(not EXAMPLES.exists(), reason="bundled corpus missing")
def test_stories_and_show_give_a_story_one_headline(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    assert run("ingest", str(EXAMPLES), *map(str, seed_paths), "--store", db, cwd=tmp_path).returncode == 0
    listed = json.loads(run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout)
    assert len(listed) >= 4
    for story in listed:
        shown = run("show", story["id"], "--store", db, "--format", "json", "--no-entities", cwd=tmp_path)
        assert json.loads(shown.stdout)["stories"][0]["headline"] == story["title"], story["id"]
    # Piped, the list is one line per story, however long its headline.
    lines = run("stories", "--store", db, cwd=tmp_path).stdout.splitlines()
    assert len(lines) == len(listed) and any(len(line) > 80 for line in lines)
    assert all(line.startswith(story["id"]) and line.endswith(story["title"]) for line, story in zip(lines, listed))


def test_bad_input_leaves_store_intact(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    run("ingest", *map(str, seed_paths), "--store", db, cwd=tmp_path)
    before = run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout
    binary = tmp_path / "x.html"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    result = run("ingest", str(binary), "--store", db, "--strict", cwd=tmp_path)
    assert result.returncode == 2 and "binary" in result.stderr
    assert run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout == before


@pytest.mark.skipif(not EXAMPLES.exists(), reason="bundled corpus missing")
def test_demo_corpus_runs(tmp_path: Path) -> None:
    result = run("brief", str(EXAMPLES), "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["stories"]) >= 3
    assert any(c["kind"] == "reworded" for s in data["stories"] for c in s["copies"])
    assert any(s["near_duplicates"] for s in data["stories"])


def test_ingest_in_batches_is_resumable(tmp_path: Path, seed_paths: list[Path]) -> None:
    db = str(tmp_path / "n.db")
    first = run("ingest", *map(str, seed_paths), "--store", db, "--batch", "1", cwd=tmp_path)
    assert first.returncode == 0 and "2 new article" in first.stderr
    again = run("ingest", *map(str, seed_paths), "--store", db, "--batch", "1", cwd=tmp_path)
    assert "0 new article(s), 2 already stored" in again.stderr
    listed = json.loads(run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout)
    assert [s["articles"] for s in listed] == [2]


def test_output_folder_is_created(tmp_path: Path, seed_paths: list[Path]) -> None:
    out = tmp_path / "new" / "deeper" / "r.md"
    result = run("brief", *map(str, seed_paths), "--format", "md", "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("# newsbrief")


def test_show_notes_a_merge_exactly_when_the_store_followed_one(tmp_path: Path) -> None:
    from newsbrief import Store, Story
    from newsbrief.stories.cluster import story_id_for

    first = [  # two reports of one dam failure sharing almost no words: two stories
        {"id": "dam-1", "title": "Tarn dam bursts", "text": "The Tarn dam burst early on Tuesday after days of heavy rain.",
         "published": "2024-05-07T06:00:00Z"},
        {"id": "dam-2", "title": "Alby homes under water",
         "text": "Forty homes in Alby were flooded and families moved to the school gym.", "published": "2024-05-07T08:00:00Z"},
    ]
    second = [{"id": "dam-3", "title": "Tarn dam burst floods Alby", "published": "2024-05-07T10:00:00Z",
               "text": "Forty homes in Alby were flooded when the Tarn dam burst on Tuesday after heavy rain."}]
    db = tmp_path / "s.db"
    for n, batch in enumerate((first, second)):
        path = tmp_path / f"batch{n}.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in batch), encoding="utf-8")
        assert run("ingest", "--store", str(db), str(path), cwd=tmp_path).returncode == 0
    old, survivor = story_id_for("dam-2"), story_id_for("dam-1")
    prefix = old[:8]
    assert not survivor.startswith(prefix)
    # Ids given through the library may start one another: a merged id that starts its live story's.
    with Store(db) as store:
        store.assign(Story(survivor[:-1], (), merged_into=survivor))

    def note(*args: str) -> str:
        shown = run("show", "--store", str(db), *args, "--format", "json", cwd=tmp_path)
        assert shown.returncode == 0, shown.stderr
        return shown.stderr

    assert note(prefix) == f"newsbrief: story {old} was merged into {survivor}\n"  # the whole id, not the prefix
    assert note(survivor[:-1], "--why") == f"newsbrief: story {survivor[:-1]} was merged into {survivor}\n"
    assert "merged" not in note(survivor)
    assert "merged" not in note(f" {survivor[:8]} ")  # pasted with spaces around it
    empty = run("show", "--store", str(db), "", cwd=tmp_path)
    assert empty.returncode == 1 and "no story id given" in empty.stderr


def test_ingest_reports_merges_and_show_says_where_an_old_id_leads(tmp_path: Path) -> None:
    from newsbrief.stories.cluster import story_id_for

    reports = [  # two reports of one dam failure sharing almost no words, then one that tells both
        ("dam-1", "Tarn dam bursts", "The Tarn dam burst early on Tuesday after days of heavy rain.", "06:00"),
        ("dam-2", "Alby homes under water", "Forty homes in Alby were flooded and families moved to the school gym.", "08:00"),
        ("dam-3", "Tarn dam burst floods Alby",
         "Forty homes in Alby were flooded when the Tarn dam burst on Tuesday after heavy rain.", "10:00"),
    ]
    db = tmp_path / "s.db"
    outputs = []
    for name, title, text, time in reports:
        path = tmp_path / f"{name}.jsonl"
        record = {"id": name, "title": title, "text": text, "published": f"2024-05-07T{time}:00Z"}
        path.write_text(json.dumps(record) + "\n", encoding="utf-8")
        outputs.append(run("ingest", "--store", str(db), str(path), cwd=tmp_path))
    old, survivor = story_id_for("dam-2"), story_id_for("dam-1")
    assert "merged into" not in outputs[1].stderr
    assert f"story {old} merged into {survivor}" in outputs[2].stderr
    shown = run("show", "--store", str(db), old, "--format", "json", cwd=tmp_path)
    assert shown.returncode == 0 and f"story {old} was merged into {survivor}" in shown.stderr
    assert json.loads(shown.stdout)["stories"][0]["id"] == survivor


def test_stories_says_which_are_open_and_which_dormant(tmp_path: Path) -> None:
    def record(id: str, title: str, text: str, day: str) -> str:
        return json.dumps({"id": id, "title": title, "text": text, "published": day, "source": id.split("-")[0]})

    dam = "The Tarn dam burst on Monday after days of rain, flooding forty homes in the village of Alby."
    ferry = "The Corran ferry ran aground on Friday in thick fog; its ninety passengers were taken off by lifeboat."
    articles = tmp_path / "two.jsonl"
    articles.write_text("\n".join([
        record("wire-1", "Tarn dam bursts, floods Alby", dam, "2026-01-05"),
        record("post-1", "Dam burst floods forty homes in Alby", dam, "2026-01-06"),
        record("wire-2", "Corran ferry aground in fog", ferry, "2026-03-02"),
        record("post-2", "Ferry runs aground, ninety passengers rescued", ferry, "2026-03-03"),
    ]) + "\n", encoding="utf-8")
    db = str(tmp_path / "n.db")
    assert run("ingest", str(articles), "--store", db, cwd=tmp_path).returncode == 0
    listed = json.loads(run("stories", "--store", db, "--format", "json", cwd=tmp_path).stdout)
    status = {("dam" if "dam" in story["title"].lower() else "ferry"): story["status"] for story in listed}
    # Two months after the dam's last article, a new one about it would start a story.
    assert status == {"dam": "dormant", "ferry": "open"}
    lines = run("stories", "--store", db, cwd=tmp_path).stdout.splitlines()
    assert sorted(line.split()[4] for line in lines) == ["dormant", "open"]


def test_ingest_into_a_missing_folder_says_so_before_reading(tmp_path: Path, seed_paths: list[Path]) -> None:
    result = run("ingest", *map(str, seed_paths), "--store", str(tmp_path / "nowhere" / "n.db"), cwd=tmp_path)
    assert result.returncode == 3 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_an_interrupted_ingest_keeps_its_finished_batches_and_says_so(tmp_path: Path) -> None:
    import signal
    import sqlite3
    import time

    from newsbrief.eval.synth import generate_corpus

    corpus = tmp_path / "many.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in generate_corpus(3000, seed=5)), encoding="utf-8")
    db = tmp_path / "n.db"
    ingest = subprocess.Popen([sys.executable, "-m", "newsbrief", "ingest", str(corpus), "--store", str(db), "--batch", "100"],
                              stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    stored = 0
    deadline = time.monotonic() + 240
    while not stored and time.monotonic() < deadline and ingest.poll() is None:
        time.sleep(0.2)
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as read:
                    stored = read.execute("SELECT count(*) FROM articles").fetchone()[0]
            except sqlite3.Error:
                pass  # the schema is still being made
    assert stored and ingest.poll() is None, "the ingest ended before a batch was seen"
    ingest.send_signal(signal.SIGINT)
    _, stderr = ingest.communicate(timeout=120)
    assert ingest.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    with sqlite3.connect(db) as read:
        kept = read.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert kept % 100 == 0 and f"{kept} new article(s)" in stderr
    # One line however long, piped as here.
    [said] = [line for line in stderr.splitlines() if "interrupted" in line]
    assert said.endswith("run the same command again to add the rest")


PIER = ("The harbour authority closed the east pier on Monday after a crane collapsed onto the quay. "
        "Nobody was hurt, the authority said, but ferries were diverted to the west dock for two days.")


def test_one_outlet_has_one_name_in_briefs_and_in_the_store(tmp_path: Path) -> None:
    from newsbrief import Store

    (tmp_path / "in" / "coast-times").mkdir(parents=True)
    (tmp_path / "in" / "coast-times" / "pier.txt").write_text(f"Crane collapses on east pier\n\n{PIER}", encoding="utf-8")
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"title": "Ferries diverted after crane collapse", "source": "Coast Times",
                                   "text": PIER.replace("two days", "three days")}) + "\n", encoding="utf-8")
    briefed = run("brief", str(tmp_path / "in"), str(records), "--format", "json", "--no-entities", cwd=tmp_path)
    assert briefed.returncode == 0, briefed.stderr
    sources = [a["source"] for story in json.loads(briefed.stdout)["stories"] for a in story["articles"]]
    assert sources == ["Coast Times", "Coast Times"]
    # Ingested apart, the folder first: the store names the outlet once, as it writes itself.
    db = tmp_path / "n.db"
    assert run("ingest", str(tmp_path / "in"), "--store", str(db), cwd=tmp_path).returncode == 0
    with Store(db, read_only=True) as store:
        assert store.outlets() == ["coast-times"]
    assert run("ingest", str(records), "--store", str(db), cwd=tmp_path).returncode == 0
    with Store(db, read_only=True) as store:
        assert store.outlets() == ["Coast Times"]


def test_a_report_written_through_a_symlink_keeps_the_link(tmp_path: Path, seed_paths: list[Path]) -> None:
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "latest.md"
    real.write_text("the earlier report", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "brief.md"
    link.symlink_to(real)
    result = run("brief", *map(str, seed_paths), "--format", "md", "-o", str(link), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text(encoding="utf-8").startswith("#") and (real.stat().st_mode & 0o777) == 0o640
    # No partial file is left beside either.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.md", "reports"]
    assert [p.name for p in (tmp_path / "reports").iterdir()] == ["latest.md"]


def test_two_writes_of_one_file_do_not_share_a_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import click

    from newsbrief import cli

    out = tmp_path / "r.json"
    partials: list[Path] = []
    write_text = Path.write_text

    def watched(self: Path, text: str, **kwargs: object) -> int:
        partials.append(self)
        if len(partials) == 1:  # another run writes the same file meanwhile
            cli._write(str(out), "the other run's report")
        return write_text(self, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", watched)
    with click.Context(cli.main):  # as a command runs it
        cli._write(str(out), "this run's report")
    first, second = partials
    assert first != second and first.parent == second.parent == tmp_path and first.name.endswith(".partial")
    # Each was written whole; the last to finish is the file.
    assert out.read_text(encoding="utf-8") == "this run's report" and [p.name for p in tmp_path.iterdir()] == ["r.json"]
    assert (out.stat().st_mode & 0o777) == 0o666 & ~cli._umask()


def test_pages_holding_no_article_are_counted_by_what_they_are(tmp_path: Path) -> None:
    pages = tmp_path / "saved"
    pages.mkdir()
    (pages / "home.html").write_text("<html><head><link rel='canonical' href='https://coast.example/'></head><body><p>"
                                     + "Latest news from the coast and the harbour. " * 6 + "</p></body></html>", encoding="utf-8")
    (pages / "clip.html").write_text("<html><head><meta property='og:type' content='video.other'></head><body>"
                                     "<nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    (pages / "soon.html").write_text("<html><body><article><p>Back soon.</p></article></body></html>", encoding="utf-8")
    (pages / "pier.txt").write_text(f"Crane collapses on east pier\n\n{PIER}", encoding="utf-8")
    result = run("brief", str(pages), "--format", "json", "--no-entities", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "newsbrief: 3 input problem(s), of which 3 page(s) holding no article (1 listing, 1 media, 1 stub);" \
           " the rest was read" in result.stderr
