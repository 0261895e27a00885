"""Markdown output: one section per story, ready to paste into a newsletter or wiki."""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsbrief.model import StoryBrief
from newsbrief.report.common import (
    article_numbers, cited, claim_value, counted, facts_of, figure_what, mention_counts, published_label,
    resolved_against,
)

__all__ = ["render_markdown", "render_facts_markdown", "escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!&])")


def escape_markdown(text: str) -> str:
    r"""Escape characters Markdown (or HTML inside it) would interpret, "&" too (an
    article's literal "&lt;b&gt;" would show as "<b>").

    >>> print(escape_markdown("AT&T <b>[x](y)</b>"))
    AT\&T \<b\>\[x\](y)\</b\>
    """
    return _SPECIAL.sub(r"\\\1", text)


def _cite(ids: Sequence[str], number: dict[str, int]) -> str:
    return " ".join(f"[{number[s]}]" for s in cited(ids, number))


def _facts(brief: StoryBrief, number: dict[str, int]) -> list[str]:
    """The facts panel: disagreements, figures, entities, timeline and dates."""
    lines: list[str] = []
    if brief.disagreements:
        lines += ["", "### Where sources disagree", ""]
        for d in brief.disagreements:
            joint = " → " if d.kind == "revision" else " vs "
            sides = joint.join(f"**{escape_markdown(claim_value(c))}** {_cite(c.sources, number)}" for c in d.claims)
            lines.append(f"- {escape_markdown(d.what)}, {d.kind}: {sides} — *{escape_markdown(d.reason)}*")
    sections = [
        ("Figures", [f"- **{escape_markdown(f.value)}** {escape_markdown(figure_what(f))} {_cite(f.sources, number)}"
                     for f in facts_of(brief, "figure")]),
        ("Entities", [
            f"- **{escape_markdown(f.value)}** ({f.what})"
            + (f", also written {', '.join(f'*{escape_markdown(v)}*' for v in f.forms if v != f.value)}"
               if len(f.forms) > 1 else "")
            + " — " + ", ".join(f"[{i}] ×{n}" for i, n in mention_counts(f, number))
            for f in facts_of(brief, "entity")]),
        ("Timeline", [f"- **{escape_markdown(e.what)}** (*{escape_markdown(e.value)}*): {escape_markdown(e.text)} "
                      f"{_cite(e.sources, number)}" for e in brief.timeline]),
        ("Dates", [
            f"- {', '.join(f'*{escape_markdown(v)}*' for v in f.forms or (f.value,))} → {escape_markdown(f.what)} "
            f"{_cite(f.sources, number)}" + (f" ({resolved_against(f, number)})" if f.anchor else "")
            for f in facts_of(brief, "date")]),
    ]  # fmt: skip
    for title, items in sections:
        if items:
            lines += ["", f"### {title}", "", *items]
    return lines


def render_facts_markdown(briefs: Sequence[StoryBrief]) -> str:
    """Only the facts of each story (``newsbrief facts --format md``)."""
    lines = ["# newsbrief facts", ""]
    for brief in briefs:
        number = article_numbers(brief)
        lines += [f"## {escape_markdown(brief.headline)}", "", f"*Story `{brief.story.id}` · {counted(len(brief.articles), 'article')}*"]
        lines += _facts(brief, number)
        lines += ["", "### Sources", ""]
        for article in brief.articles:
            lines.append(
                f"{number[article.id]}. {escape_markdown(article.source)}: {escape_markdown(article.title or article.id)}"
                f" ({published_label(article)})"
            )
        lines.append("")
    return "\n".join(lines)


def render_markdown(briefs: Sequence[StoryBrief]) -> str:
    lines = ["# newsbrief", ""]
    for brief in briefs:
        names = {a.id: a.source or a.id for a in brief.articles}
        number = article_numbers(brief)
        lines += [f"## {escape_markdown(brief.headline)}", "", f"*Story `{brief.story.id}` · {counted(len(brief.articles), 'article')}*", ""]
        for sentence in brief.brief:
            sources, revises = (
                ", ".join(f"{escape_markdown(names[s])} [{number[s]}]" for s in cited(ids, number))
                for ids in (sentence.sources, sentence.revises)
            )
            lines.append(f"- {escape_markdown(sentence.text)} — *{sources}*" + (f" (updates *{revises}*)" if revises else ""))
        lines += _facts(brief, number)
        if brief.copies:
            verbatim = sum(1 for c in brief.copies if c.kind == "verbatim")
            lines += ["", "### Copied text", "", f"{verbatim} verbatim and {len(brief.copies) - verbatim} reworded sentence copies."]
            for d in brief.near_duplicates:
                lines.append(f"- [{number[d.a]}] and [{number[d.b]}] are near-duplicates ({d.similarity:.0%} shared).")
        lines += ["", "### Sources", ""]
        for article in brief.articles:
            title = escape_markdown(article.title or article.id)
            lines.append(f"{number[article.id]}. {escape_markdown(article.source)}: {title} ({published_label(article)})")
        lines.append("")
    return "\n".join(lines)
