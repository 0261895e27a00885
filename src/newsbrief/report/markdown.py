"""Markdown output: one section per story, ready to paste into a newsletter or wiki."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsbrief.model import StoryBrief
from newsbrief.report.common import article_numbers, cited

__all__ = ["render_markdown", "escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown (or HTML inside it) would interpret."""
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(briefs: Sequence[StoryBrief]) -> str:
    lines = ["# newsbrief", ""]
    for brief in briefs:
        names = {a.id: a.source or a.id for a in brief.articles}
        number = article_numbers(brief)
        lines += [f"## {escape_markdown(brief.headline)}", "", f"*Story `{brief.story.id}` · {len(brief.articles)} articles*", ""]
        for sentence in brief.brief:
            sources = ", ".join(f"{escape_markdown(names[s])} [{number[s]}]" for s in cited(sentence.sources, number))
            lines.append(f"- {escape_markdown(sentence.text)} — *{sources}*")
        if brief.facts:
            lines += ["", "### Figures", ""]
            for fact in brief.facts:
                sources = ", ".join(f"[{number[s]}]" for s in cited(fact.sources, number))
                lines.append(f"- **{escape_markdown(fact.value)}** {escape_markdown(fact.what)} {sources}")
        if brief.copies:
            verbatim = sum(1 for c in brief.copies if c.kind == "verbatim")
            lines += ["", "### Copied text", "", f"{verbatim} verbatim and {len(brief.copies) - verbatim} reworded sentence copies."]
            for d in brief.near_duplicates:
                lines.append(f"- [{number[d.a]}] and [{number[d.b]}] are near-duplicates ({d.similarity:.0%} shared).")
        lines += ["", "### Sources", ""]
        for article in brief.articles:
            when = article.published.date().isoformat() if article.published else "undated"
            title = escape_markdown(article.title or article.id)
            lines.append(f"{number[article.id]}. {escape_markdown(article.source)}: {title} ({when})")
        lines.append("")
    return "\n".join(lines)
