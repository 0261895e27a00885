"""A self-contained HTML report: one file, inline CSS, no scripts, no network.

All article text goes through :func:`html.escape`, so a hostile title or body
cannot inject markup into the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from newsbrief.model import StoryBrief
from newsbrief.report.common import article_numbers, cited

__all__ = ["render_html"]

_STYLE = """
body{font:16px/1.5 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;background:#fdfcf8}
h1{font-family:Helvetica,Arial,sans-serif;font-size:1.4rem;border-bottom:3px solid #1d1d1d}
section.story{margin:2.5rem 0;padding-bottom:1rem;border-bottom:1px solid #ccc}
h2{font-size:1.5rem;margin-bottom:.2rem}.meta{color:#666;font:.85rem Helvetica,Arial,sans-serif}
ol.brief li{margin:.5rem 0}.src{font:.8rem Helvetica,Arial,sans-serif;color:#555}
.src a{color:#0b57a4;text-decoration:none}h3{font:bold .95rem Helvetica,Arial,sans-serif;text-transform:uppercase;color:#444}
table{border-collapse:collapse;font:.85rem Helvetica,Arial,sans-serif;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
.verbatim{color:#8a1c1c}.reworded{color:#8a5a00}details{margin:.5rem 0}
"""


def _sources(ids: Sequence[str], number: dict[str, int], names: dict[str, str]) -> str:
    return ", ".join(f'<a href="#a-{escape(i)}">{escape(names[i])}&nbsp;[{number[i]}]</a>' for i in cited(ids, number))


def _story(brief: StoryBrief) -> str:
    number = article_numbers(brief)
    names = {a.id: a.source or a.id for a in brief.articles}
    parts = [f'<section class="story" id="{escape(brief.story.id)}">', f"<h2>{escape(brief.headline)}</h2>"]
    span = ""
    if brief.story.first_seen:
        span = f" · {brief.story.first_seen:%Y-%m-%d %H:%M}"
        if brief.story.last_seen and brief.story.last_seen != brief.story.first_seen:
            span += f" to {brief.story.last_seen:%Y-%m-%d %H:%M}"
    parts.append(f'<p class="meta">Story {escape(brief.story.id)} · {len(brief.articles)} articles{span}</p>')
    parts.append('<ol class="brief">')
    for s in brief.brief:
        parts.append(f'<li>{escape(s.text)} <span class="src">— {_sources(s.sources, number, names)}</span></li>')
    parts.append("</ol>")
    if brief.facts:
        parts.append("<h3>Figures</h3><table><tr><th>Figure</th><th>What</th><th>Sources</th></tr>")
        for f in brief.facts:
            parts.append(
                f'<tr><td>{escape(f.value)}</td><td title="{escape(f.text)}">{escape(f.what)}</td>'
                f'<td class="src">{_sources(f.sources, number, names)}</td></tr>'
            )
        parts.append("</table>")
    if brief.copies:
        parts.append(f"<details><summary><h3 style=\"display:inline\">Copied text ({len(brief.copies)} links)</h3></summary><table>")
        parts.append("<tr><th>Kind</th><th>Sentence</th><th>Copy</th></tr>")
        for c in brief.copies:
            parts.append(
                f'<tr><td class="{c.kind}">{c.kind} {c.score:.2f}</td>'
                f'<td>{escape(c.a.text)} <span class="src">{_sources([c.a.article], number, names)}</span></td>'
                f'<td>{escape(c.b.text)} <span class="src">{_sources([c.b.article], number, names)}</span></td></tr>'
            )
        parts.append("</table></details>")
    parts.append("<h3>Sources</h3><ol>")
    for a in brief.articles:
        when = f"{a.published:%Y-%m-%d %H:%M}" if a.published else "undated"
        title = escape(a.title or a.id)
        link = f'<a href="{escape(a.url)}">{title}</a>' if a.url and a.url.startswith(("http://", "https://")) else title
        parts.append(f'<li id="a-{escape(a.id)}">{escape(a.source)}: {link} <span class="meta">({when})</span></li>')
    parts.append("</ol></section>")
    return "\n".join(parts)


def render_html(briefs: Sequence[StoryBrief], title: str = "newsbrief") -> str:
    """The whole report as one HTML document."""
    body = "\n".join(_story(b) for b in briefs) or "<p>No stories.</p>"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{escape(title)}</h1>\n{body}\n</body></html>\n"
    )
