"""The ``newsbrief`` command. A thin layer over the library: it reads arguments,
draws progress on a terminal, prints problems to stderr and picks exit codes.

Exit codes: 0 success; 1 nothing usable (no articles, unknown story); 2 an input
problem under ``--strict`` or a usage error; 3 the store cannot be used.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsbrief.brief.rank import BriefOptions
from newsbrief.errors import InputError, NewsbriefError, StoreError, StoryNotFound
from newsbrief.ingest.readers import IngestOptions, read_articles
from newsbrief.model import Article, StoryBrief
from newsbrief.pipeline import Options, build_briefs, ingest_into, story_brief_from_store
from newsbrief.report import FORMATS, print_briefs, render
from newsbrief.store.sqlite import Store

DEFAULT_STORE = "newsbrief.db"

stderr = Console(stderr=True)


class StrictStop(Exception):
    """Raised to stop at the first input problem under ``--strict``."""


def _fail(message: str, code: int) -> None:
    stderr.print(f"[bold red]newsbrief:[/] {message}", markup=True, highlight=False, soft_wrap=True)
    sys.exit(code)


@contextmanager
def _progress() -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on an interactive stderr; nothing when piped."""
    if not stderr.is_terminal:
        yield lambda stage, done, total: None
        return
    with Progress(TextColumn("{task.description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stderr, transient=True) as bar:
        tasks: dict[str, int] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


def _read(paths: Sequence[str], strict: bool) -> list[Article]:
    problems: list[InputError] = []

    def on_error(error: InputError) -> None:
        problems.append(error)
        stderr.print(f"newsbrief: {'error' if strict else 'skipped'}: {error}", markup=False, highlight=False, soft_wrap=True)
        if strict:
            raise StrictStop

    try:
        articles = list(read_articles(paths, options=IngestOptions(), on_error=on_error))
    except StrictStop:
        sys.exit(2)
    if problems:
        stderr.print(f"newsbrief: {len(problems)} input problem(s); the rest was read", markup=False, highlight=False)
    return articles


def _options(max_sentences: int, focus: str | None) -> Options:
    return Options(brief=BriefOptions(max_sentences=max_sentences, focus=focus))


def _emit(briefs: Sequence[StoryBrief], fmt: str, output: str | None) -> None:
    if fmt == "terminal":
        if output:
            _fail("--format terminal prints to the terminal; pick json, md or html to write a file", 2)
        print_briefs(briefs, Console())
        return
    text = render(briefs, fmt)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        stderr.print(f"newsbrief: wrote {len(briefs)} stories to {output}", markup=False, highlight=False)
    else:
        click.echo(text, nl=False)


format_option = click.option(
    "--format", "fmt", type=click.Choice(["terminal", *FORMATS]), default="terminal", show_default=True,
    help="Output format.",
)
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
strict_option = click.option("--strict", is_flag=True, help="Stop with exit code 2 at the first unreadable input.")
store_option = click.option(
    "--store", default=DEFAULT_STORE, show_default=True, envvar="NEWSBRIEF_STORE", type=click.Path(dir_okay=False),
    help="SQLite store file (env NEWSBRIEF_STORE).",
)
brief_options = [
    click.option("--max-sentences", default=8, show_default=True, type=click.IntRange(1, 100), help="Sentences per brief."),
    click.option("--focus", help="A question or topic the briefs should answer."),
]


def _with(options: list[Callable]) -> Callable:
    def decorate(function: Callable) -> Callable:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsbrief")
def main() -> None:
    """newsbrief: from a pile of news articles to attributed story briefs.

    Reads .txt, .html, .jsonl/.json and RSS/Atom files (or folders of them).
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@format_option
@output_option
@strict_option
@_with(brief_options)
def brief(paths: tuple[str, ...], fmt: str, output: str | None, strict: bool, max_sentences: int, focus: str | None) -> None:
    """Group ARTICLES (files or folders) into stories and brief each one."""
    articles = _read(paths, strict)
    if not articles:
        _fail("no articles found", 1)
    with _progress() as progress:
        briefs = build_briefs(articles, _options(max_sentences, focus), progress)
    _emit(briefs, fmt, output)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@store_option
@strict_option
@click.option("--batch", default=2000, show_default=True, type=click.IntRange(1), help="Articles per transaction.")
def ingest(paths: tuple[str, ...], store: str, strict: bool, batch: int) -> None:
    """Add ARTICLES to the local store; articles already there are skipped."""
    articles = _read(paths, strict)
    with _open_store(store) as db, _progress() as progress:
        before = db.count_articles()
        added = 0
        # One transaction per batch: an interrupted run keeps the batches it finished,
        # and running it again skips them (articles are recognised by their id).
        for start in range(0, len(articles), batch):
            added += len(ingest_into(db, articles[start : start + batch], Options(), progress))
        stderr.print(
            f"newsbrief: {added} new article(s), {len(articles) - added} already stored; "
            f"{before + added} in {store}", markup=False, highlight=False,
        )


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
def stories(store: str, fmt: str) -> None:
    """List the stories in the local store, largest first."""
    with _open_store(store, must_exist=True) as db:
        found = db.stories()
        titles = {t.id: t.article.title for t in db.texts([s.articles[0] for s in found])} if found else {}
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"id": s.id, "articles": len(s.articles), "title": titles.get(s.articles[0], ""),
             "first_seen": s.first_seen.isoformat() if s.first_seen else None,
             "last_seen": s.last_seen.isoformat() if s.last_seen else None}
            for s in found
        ], indent=2, ensure_ascii=False))
        return
    console = Console()
    for s in found:
        when = f"{s.last_seen:%Y-%m-%d}" if s.last_seen else "undated"
        line = f"{s.id}  {len(s.articles):>4} articles  {when:<10}  "
        console.print(line + titles.get(s.articles[0], ""), markup=False, highlight=False)


@main.command()
@click.argument("story")
@store_option
@format_option
@output_option
@_with(brief_options)
def show(story: str, store: str, fmt: str, output: str | None, max_sentences: int, focus: str | None) -> None:
    """Show the brief of STORY (an id from `newsbrief stories`, or a unique prefix)."""
    with _open_store(store, must_exist=True) as db:
        try:
            result = story_brief_from_store(db, story, _options(max_sentences, focus))
        except StoryNotFound as error:
            _fail(str(error.args[0]), 1)
    _emit([result], fmt, output)


@contextmanager
def _open_store(path: str, must_exist: bool = False) -> Iterator[Store]:
    if must_exist and not Path(path).exists():
        _fail(f"no store at {path}; run `newsbrief ingest` first or pass --store", 1)
    try:
        with Store(path) as db:
            yield db
    except StoreError as error:
        _fail(str(error), 3)
    except NewsbriefError as error:
        _fail(str(error), 1)


if __name__ == "__main__":
    main()
