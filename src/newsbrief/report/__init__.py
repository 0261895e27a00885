"""Report: render story briefs as JSON, Markdown, HTML or on the terminal."""

from collections.abc import Sequence

from newsbrief.model import StoryBrief
from newsbrief.report.html import render_html
from newsbrief.report.json import briefs_to_dict, render_facts_json, render_json
from newsbrief.report.markdown import render_facts_markdown, render_markdown
from newsbrief.report.terminal import print_briefs, print_facts

__all__ = [
    "FORMATS", "render", "briefs_to_dict", "render_json", "render_markdown", "render_html", "print_briefs",
    "FACT_FORMATS", "render_facts", "print_facts",
]  # fmt: skip

FORMATS = {"json": render_json, "md": render_markdown, "html": render_html}
FACT_FORMATS = {"json": render_facts_json, "md": render_facts_markdown}


def render(briefs: Sequence[StoryBrief], format: str) -> str:
    """Render ``briefs`` as ``"json"``, ``"md"`` or ``"html"``."""
    try:
        return FORMATS[format](briefs)
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}") from None


def render_facts(briefs: Sequence[StoryBrief], format: str) -> str:
    """Render only the facts of ``briefs`` (``newsbrief facts``) as ``"json"`` or ``"md"``."""
    try:
        return FACT_FORMATS[format](briefs)
    except KeyError:
        raise ValueError(f"unknown facts format {format!r}; choose one of {', '.join(FACT_FORMATS)}") from None
