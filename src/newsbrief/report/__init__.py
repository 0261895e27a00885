"""Report: render story briefs as JSON, Markdown, HTML or on the terminal."""

from collections.abc import Sequence

from newsbrief.model import StoryBrief
from newsbrief.report.html import render_html
from newsbrief.report.json import briefs_to_dict, render_json
from newsbrief.report.markdown import render_markdown
from newsbrief.report.terminal import print_briefs

__all__ = ["FORMATS", "render", "briefs_to_dict", "render_json", "render_markdown", "render_html", "print_briefs"]

FORMATS = {"json": render_json, "md": render_markdown, "html": render_html}


def render(briefs: Sequence[StoryBrief], format: str) -> str:
    """Render ``briefs`` as ``"json"``, ``"md"`` or ``"html"``."""
    try:
        return FORMATS[format](briefs)
    except KeyError:
        raise ValueError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}") from None
