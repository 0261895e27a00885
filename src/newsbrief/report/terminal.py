"""Terminal output with rich: a panel per story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsbrief.model import StoryBrief
from newsbrief.report.common import (
    article_numbers, cited, claim_value, counted, facts_of, mention_counts, published_label, resolved_against,
)

__all__ = ["print_briefs", "print_facts"]

# A brief's panel shows the first figures, the most mentioned entities and the first events;
# `newsbrief facts` and the JSON, Markdown and HTML reports show them all.
MAX_ROWS = 12


def _cite(ids: Sequence[str], number: dict[str, int]) -> str:
    return " ".join(f"[{number[a]}]" for a in cited(ids, number))


def _table(
    title: str, columns: Sequence[tuple[str, str]], rows: Sequence[tuple[str, ...]], limit: int | None
) -> list[RenderableType]:
    """A titled table (cells are plain Text: article text never becomes markup), of at most ``limit`` rows."""
    table = Table(title=title, title_justify="left", show_edge=False, box=None, pad_edge=False)
    for name, style in columns:
        table.add_column(name, style=style or None)
    shown = rows if limit is None else rows[:limit]
    for row in shown:
        table.add_row(*(Text(cell) for cell in row))
    more = [Text(f"… and {len(rows) - len(shown)} more (newsbrief facts STORY)", style="dim")] if len(rows) > len(shown) else []
    return [Text(""), table, *more]


def _facts(
    brief: StoryBrief, number: dict[str, int], dates: bool = True, limit: int | None = None
) -> list[RenderableType]:
    """The facts panel: disagreements, figures, entities, timeline and (with ``dates``) every date."""
    parts: list[RenderableType] = []
    for d in brief.disagreements:
        line = Text("\n")
        line.append(f"{d.kind.upper()}", style="bold red" if d.kind == "contradiction" else "bold blue")
        line.append(f" {d.what}: ")
        for i, claim in enumerate(d.claims):
            if i:
                line.append(" → " if d.kind == "revision" else " vs ")
            line.append(claim_value(claim), style="bold")
            line.append(f" {_cite(claim.sources, number)}", style="cyan")
        line.append(f"\n  {d.reason}", style="dim")
        parts.append(line)
    figures = [(f.value, f.what, _cite(f.sources, number)) for f in facts_of(brief, "figure")]
    if figures:
        parts += _table("Figures", [("figure", "bold"), ("what", ""), ("sources", "cyan")], figures, limit)
    entities = [
        (f.value, f.what, ", ".join(v for v in f.forms if v != f.value),
         " ".join(f"[{i}]×{n}" for i, n in mention_counts(f, number)))
        for f in facts_of(brief, "entity")
    ]  # fmt: skip
    if entities:
        columns = [("name", "bold"), ("type", ""), ("also written", "dim"), ("mentions", "cyan")]
        parts += _table("Entities", columns, entities, limit)
    events = [(e.what, e.text, _cite(e.sources, number)) for e in brief.timeline]
    if events:
        parts += _table("Timeline", [("when", "bold"), ("event", ""), ("sources", "cyan")], events, limit)
    written = [
        (", ".join(f.forms or (f.value,)), f.what, resolved_against(f, number), _cite(f.sources, number))
        for f in facts_of(brief, "date")
    ]
    if dates and written:
        parts += _table("Dates", [("written", "bold"), ("days", ""), ("how", "dim"), ("sources", "cyan")], written, limit)
    return parts


def _sources(brief: StoryBrief, number: Mapping[str, int]) -> Text:
    """The story's articles, numbered as its citations are: the foot of its panel."""
    sources = Text("\n")
    for a in brief.articles:
        sources.append(f"[{number[a.id]}] ", style="cyan")
        sources.append(f"{a.source}: {a.title or a.id} ({published_label(a)})\n", style="dim")
    return sources


def print_facts(briefs: Sequence[StoryBrief], console: Console) -> None:
    """Print only the facts of each story (``newsbrief facts``), one panel per story."""
    for brief in briefs:
        number = article_numbers(brief)
        sources = _sources(brief, number)
        parts: list[RenderableType] = _facts(brief, number) or [Text("No facts found.")]
        title = Text(brief.headline, style="bold")
        console.print(Panel(Group(*parts, sources), title=title, subtitle=f"{brief.story.id} · facts", title_align="left"))


def print_briefs(briefs: Sequence[StoryBrief], console: Console) -> None:
    """Print each story as a panel: headline, attributed brief, figures and sources."""
    for brief in briefs:
        number = article_numbers(brief)
        parts: list[RenderableType] = []
        for s in brief.brief:
            line = Text("• ")
            line.append(s.text)  # Text.append never interprets markup: article text stays literal
            line.append("  " + " ".join(f"[{number[a]}]" for a in cited(s.sources, number)), style="cyan")
            if s.revises:  # outlets whose earlier figure this version revises
                line.append(" updates " + " ".join(f"[{number[a]}]" for a in cited(s.revises, number)), style="cyan")
            parts.append(line)
        parts += _facts(brief, number, dates=False, limit=MAX_ROWS)  # `newsbrief facts` shows everything
        sources = _sources(brief, number)
        verbatim = sum(1 for c in brief.copies if c.kind == "verbatim")
        if brief.copies:
            sources.append(f"copies: {verbatim} verbatim, {len(brief.copies) - verbatim} reworded", style="dim")
            if brief.near_duplicates:
                sources.append(f"; {len(brief.near_duplicates)} near-duplicate article pairs", style="dim")
        parts.append(sources)
        title = Text(brief.headline, style="bold")
        console.print(Panel(Group(*parts), title=title, subtitle=f"{brief.story.id} · {counted(len(brief.articles), 'article')}", title_align="left"))
