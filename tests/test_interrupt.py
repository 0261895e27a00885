"""Ctrl-C, wherever it lands: one line saying what was kept, exit code 130 (0 for `serve`, which it stops), no traceback."""

from __future__ import annotations

import ast
import importlib.abc
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsbrief
from newsbrief import cli

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"


def interrupt(*args: object, **kwargs: object) -> None:
    raise KeyboardInterrupt


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("patched", "command"),
    [
        ("build_briefs", ["brief", str(EXAMPLES), "--no-entities"]),  # while the briefs (and the entity model) load
        ("read_articles", ["ingest", str(EXAMPLES), "--store", "{db}"]),  # while the inputs are read
        ("find_copies_in_files", ["copies", str(EXAMPLES)]),
        ("remove_from", ["remove", "abc", "--store", "{db}"]),  # in its one transaction
    ],
)
def test_every_command_interrupted_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, patched: str, command: list[str]
) -> None:
    db = tmp_path / "n.db"
    if patched == "remove_from":
        newsbrief.Store(db).close()
    monkeypatch.setattr(cli, patched, interrupt)
    code, said = invoke(*(part.format(db=db) for part in command))
    assert code == 130
    assert said == "newsbrief: interrupted; nothing was written\n"  # not click's "Aborted!"
    assert db.exists() == (patched == "remove_from")


def test_an_interrupted_ingest_says_which_batches_it_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "n.db"
    ingest_into = cli.ingest_into
    batches: list[int] = []

    def second_interrupted(store, chunk, *args):  # type: ignore[no-untyped-def]
        batches.append(len(chunk))
        if len(batches) == 2:
            raise KeyboardInterrupt
        return ingest_into(store, chunk, *args)

    monkeypatch.setattr(cli, "ingest_into", second_interrupted)
    code, said = invoke("ingest", str(EXAMPLES), "--store", str(db), "--batch", "2")
    assert code == 130 and said.startswith("newsbrief: interrupted; 2 new article(s) of the batches finished are kept")
    assert said.count("\n") == 1 and newsbrief.Store(db).count_articles() == 2


def test_an_interrupted_write_leaves_the_earlier_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "briefs.json"
    out.write_text("the earlier report", encoding="utf-8")
    write_text = Path.write_text

    def cut(self: Path, text: str, **kwargs: object) -> int:
        write_text(self, text[:10], **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_text", cut)
    code, said = invoke("brief", str(EXAMPLES), "--no-entities", "--format", "json", "-o", str(out))
    assert code == 130 and said == "newsbrief: interrupted; nothing was written\n"
    assert out.read_text(encoding="utf-8") == "the earlier report" and [p.name for p in tmp_path.iterdir()] == [out.name]


class _InterruptedImport(importlib.abc.MetaPathFinder):
    """Ctrl-C while ``newsbrief.cli`` (and numpy, scipy...) is being imported."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name == "newsbrief.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_the_command_starts_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from newsbrief.__main__ import run

    monkeypatch.delitem(sys.modules, "newsbrief.cli")
    monkeypatch.setattr(sys, "meta_path", [_InterruptedImport(), *sys.meta_path])
    with pytest.raises(SystemExit) as stopped:
        run()
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "newsbrief: interrupted while starting; nothing was read or written\n"


def test_the_package_names_each_of_its_exports_once_for_type_checkers_too() -> None:
    # Imported at first use (so the command starts light), listed for type checkers: the same names.
    tree = ast.parse(Path(newsbrief.__file__).read_text(encoding="utf-8"))
    checked = next(node for node in tree.body if isinstance(node, ast.If))
    imported = {(node.module, alias.name) for node in checked.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert imported == {(module, name) for module, names in newsbrief._MODULES.items() for name in names}
    assert all(getattr(newsbrief, name) is getattr(sys.modules[module], name) for module, name in imported)


def test_ctrl_c_stops_serve_as_it_should_exit_code_0(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsbrief.web import app

    db = tmp_path / "n.db"
    assert invoke("ingest", str(EXAMPLES), "--store", str(db))[0] == 0
    monkeypatch.setattr(app._Server, "serve_forever", interrupt)
    code, said = invoke("serve", "--store", str(db), "--port", "0")
    assert code == 0 and said.splitlines()[-1] == f"newsbrief: stopped serving {db}"
