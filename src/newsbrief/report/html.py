"""A self-contained HTML report: one file, inline CSS, no scripts, no network.

All article text goes through :func:`html.escape`, so a hostile title or body
cannot inject markup into the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from newsbrief.model import StoryBrief
from newsbrief.report.common import article_numbers, cited, claim_value, counted, facts_of, published_label, resolved_against
from newsbrief.stories.cluster import time_order

__all__ = ["render_html", "html_page", "story_section"]

_STYLE = """
body{font:16px/1.5 Georgia,serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d1d1d;background:#fdfcf8}
h1{font-family:Helvetica,Arial,sans-serif;font-size:1.4rem;border-bottom:3px solid #1d1d1d}
section.story{margin:2.5rem 0;padding-bottom:1rem;border-bottom:1px solid #ccc}
h2{font-size:1.5rem;margin-bottom:.2rem}.meta{color:#666;font:.85rem Helvetica,Arial,sans-serif}
ol.brief li{margin:.5rem 0}.src{font:.8rem Helvetica,Arial,sans-serif;color:#555}
.src a{color:#0b57a4;text-decoration:none}h3{font:bold .95rem Helvetica,Arial,sans-serif;text-transform:uppercase;color:#444}
table{border-collapse:collapse;font:.85rem Helvetica,Arial,sans-serif;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
.verbatim{color:#8a1c1c}.reworded{color:#8a5a00}details{margin:.5rem 0}
.contradiction{color:#8a1c1c;font-weight:bold}.revision{color:#1c5a8a;font-weight:bold}.forms{color:#666;font-style:italic}
"""


def _sources(ids: Sequence[str], number: dict[str, int], names: dict[str, str]) -> str:
    return ", ".join(f'<a href="#a-{escape(i)}">{escape(names[i])}&nbsp;[{number[i]}]</a>' for i in cited(ids, number))


def _facts(brief: StoryBrief, number: dict[str, int], names: dict[str, str]) -> list[str]:
    """The facts panel: disagreements, figures, entities, timeline and dates."""
    parts: list[str] = []
    if brief.disagreements:
        parts.append("<h3>Where sources disagree</h3><table><tr><th>Quantity</th><th>Kind</th><th>Values</th><th>Why</th></tr>")
        for d in brief.disagreements:
            joint = " → " if d.kind == "revision" else " <em>vs</em> "
            sides = joint.join(
                f'<span title="{escape(c.text)}"><b>{escape(claim_value(c))}</b></span> '
                f'<span class="src">({_sources(c.sources, number, names)})</span>'
                for c in d.claims
            )
            parts.append(f'<tr><td>{escape(d.what)}</td><td class="{d.kind}">{d.kind}</td><td>{sides}</td>'
                         f'<td class="src">{escape(d.reason)}</td></tr>')
        parts.append("</table>")
    figures = facts_of(brief, "figure")
    if figures:
        parts.append("<h3>Figures</h3><table><tr><th>Figure</th><th>What</th><th>Sources</th></tr>")
        for f in figures:
            parts.append(
                f'<tr><td>{escape(f.value)}</td><td title="{escape(f.text)}">{escape(f.what)}</td>'
                f'<td class="src">{_sources(f.sources, number, names)}</td></tr>'
            )
        parts.append("</table>")
    entities = facts_of(brief, "entity")
    if entities:
        parts.append("<h3>Entities</h3><table><tr><th>Name</th><th>Type</th><th>Mentions</th></tr>")
        for f in entities:
            others = ", ".join(escape(v) for v in f.forms if v != f.value)
            forms = f' <span class="forms">also {others}</span>' if others else ""
            counts = ", ".join(f"{_sources([a], number, names)}&nbsp;×{n}" for a, n in sorted(f.mentions, key=lambda m: number.get(m[0], 0)) if a in number)
            parts.append(f'<tr><td>{escape(f.value)}{forms}</td><td>{escape(f.what)}</td><td class="src">{counts}</td></tr>')
        parts.append("</table>")
    if brief.timeline:
        parts.append("<h3>Timeline</h3><table><tr><th>When</th><th>Event</th><th>Sources</th></tr>")
        for e in brief.timeline:
            parts.append(f'<tr><td title="{escape(e.value)}">{escape(e.what)}</td><td>{escape(e.text)}</td>'
                         f'<td class="src">{_sources(e.sources, number, names)}</td></tr>')
        parts.append("</table>")
    dates = facts_of(brief, "date")
    if dates:
        parts.append("<h3>Dates</h3><table><tr><th>Written</th><th>Days</th><th>Sources</th></tr>")
        for f in dates:
            how = f'<br><span class="meta">{escape(resolved_against(f, number))}</span>' if f.anchor else ""
            parts.append(f'<tr><td>{escape(", ".join(f.forms or (f.value,)))}</td><td>{escape(f.what)}{how}</td>'
                         f'<td class="src">{_sources(f.sources, number, names)}</td></tr>')
        parts.append("</table>")
    return parts


def _marked(text: str, ranges: Sequence[tuple[int, int]]) -> str:
    """``text`` escaped, with the character ranges ``ranges`` (aligned copy spans) in ``<mark>``.

    >>> _marked("a <b> c", [(2, 5)])
    'a <mark>&lt;b&gt;</mark> c'
    """
    parts, done = [], 0
    for start, end in sorted(ranges):
        if start < done:
            continue  # overlapping ranges: the first one wins
        parts += [escape(text[done:start]), f"<mark>{escape(text[start:end])}</mark>"]
        done = end
    return "".join(parts) + escape(text[done:])


def story_section(brief: StoryBrief) -> str:
    """One story as an HTML ``<section>``: brief, facts, copies and sources."""
    number = article_numbers(brief)
    names = {a.id: a.source or a.id for a in brief.articles}
    parts = [f'<section class="story" id="{escape(brief.story.id)}">', f"<h2>{escape(brief.headline)}</h2>"]
    span = ""
    # The story's first and last dates, as precisely as the articles that give them.
    dated = time_order([a for a in brief.articles if a.published])
    if dated:
        first, last = published_label(dated[0]), published_label(dated[-1])
        span = f" · {escape(first)}" + (f" to {escape(last)}" if last != first else "")
    parts.append(f'<p class="meta">Story {escape(brief.story.id)} · {counted(len(brief.articles), "article")}{span}</p>')
    parts.append('<ol class="brief">')
    for s in brief.brief:
        updates = f"; updates {_sources(s.revises, number, names)}" if s.revises else ""
        parts.append(f'<li>{escape(s.text)} <span class="src">— {_sources(s.sources, number, names)}{updates}</span></li>')
    parts.append("</ol>")
    parts += _facts(brief, number, names)
    if brief.copies:
        parts.append(f"<details><summary><h3 style=\"display:inline\">Copied text ({len(brief.copies)} links)</h3></summary><table>")
        parts.append("<tr><th>Kind</th><th>Sentence</th><th>Copy</th></tr>")
        for c in brief.copies:
            parts.append(
                f'<tr><td class="{c.kind}">{c.kind} {c.score:.2f}</td>'
                f'<td>{_marked(c.a.text, [(s[0], s[1]) for s in c.spans])} <span class="src">{_sources([c.a.article], number, names)}</span></td>'
                f'<td>{_marked(c.b.text, [(s[2], s[3]) for s in c.spans])} <span class="src">{_sources([c.b.article], number, names)}</span></td></tr>'
            )
        parts.append("</table></details>")
    parts.append("<h3>Sources</h3><ol>")
    for a in brief.articles:
        title = escape(a.title or a.id)
        link = f'<a href="{escape(a.url)}">{title}</a>' if a.url and a.url.startswith(("http://", "https://")) else title
        parts.append(f'<li id="a-{escape(a.id)}">{escape(a.source)}: {link} <span class="meta">({escape(published_label(a))})</span></li>')
    parts.append("</ol></section>")
    return "\n".join(parts)


def render_html(briefs: Sequence[StoryBrief], title: str = "newsbrief") -> str:
    """The whole report as one HTML document."""
    return html_page(title, "\n".join(story_section(b) for b in briefs) or "<p>No stories.</p>")


def html_page(title: str, body: str, heading: str | None = None) -> str:
    """A complete, self-contained document around ``body`` (markup already escaped).

    ``title`` names the page (browser tab); ``heading``, the page's ``h1``, defaults to it.
    """
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
        f"<style>{_STYLE}</style></head><body><h1>{escape(title if heading is None else heading)}</h1>\n{body}\n</body></html>\n"
    )
