"""Terminal output with rich: a panel per story."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from newsbrief.model import StoryBrief
from newsbrief.report.common import article_numbers, cited

__all__ = ["print_briefs"]


def print_briefs(briefs: Sequence[StoryBrief], console: Console) -> None:
    """Print each story as a panel: headline, attributed brief, figures and sources."""
    for brief in briefs:
        number = article_numbers(brief)
        parts: list[object] = []
        for s in brief.brief:
            line = Text("• ")
            line.append(s.text)  # Text.append never interprets markup: article text stays literal
            line.append("  " + " ".join(f"[{number[a]}]" for a in cited(s.sources, number)), style="cyan")
            parts.append(line)
        if brief.facts:
            table = Table(title="Figures", title_justify="left", show_edge=False, box=None, pad_edge=False)
            table.add_column("figure", style="bold")
            table.add_column("what")
            table.add_column("sources", style="cyan")
            for f in brief.facts:
                table.add_row(f.value, f.what, " ".join(f"[{number[a]}]" for a in cited(f.sources, number)))
            parts.append(Text(""))
            parts.append(table)
        sources = Text("\n")
        for a in brief.articles:
            when = f"{a.published:%Y-%m-%d %H:%M}" if a.published else "undated"
            sources.append(f"[{number[a.id]}] ", style="cyan")
            sources.append(f"{a.source}: {a.title or a.id} ({when})\n", style="dim")
        verbatim = sum(1 for c in brief.copies if c.kind == "verbatim")
        if brief.copies:
            sources.append(f"copies: {verbatim} verbatim, {len(brief.copies) - verbatim} reworded", style="dim")
            if brief.near_duplicates:
                sources.append(f"; {len(brief.near_duplicates)} near-duplicate article pairs", style="dim")
        parts.append(sources)
        title = Text(brief.headline, style="bold")
        console.print(Panel(Group(*parts), title=title, subtitle=f"{brief.story.id} · {len(brief.articles)} articles", title_align="left"))
