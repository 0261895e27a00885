"""Output of ``newsbrief copies``: links, boilerplate, near-duplicates and the outlet graph.

The JSON (``format: "newsbrief-copies"``) is documented in ``docs/json.md``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsbrief.model import ArticleText
from newsbrief.report.json import _article, _copy
from newsbrief.reuse.detect import CopyResult
from newsbrief.reuse.graph import CopyGraph

__all__ = ["copies_to_dict", "copies_to_json", "print_copies"]


def copies_to_dict(texts: Sequence[ArticleText], result: CopyResult, graph: CopyGraph) -> dict[str, Any]:
    """Everything ``newsbrief copies`` found, as plain JSON-ready data."""
    linked = {l.a.article for l in result.links} | {l.b.article for l in result.links}
    return {
        "format": "newsbrief-copies",
        "version": 1,
        "articles": [_article(t.article) for t in texts if t.id in linked],
        "links": [_copy(l) for l in result.links],
        "near_duplicates": [{"a": d.a, "b": d.b, "similarity": d.similarity} for d in result.near_duplicates],
        "boilerplate": [{"article": r.article, "sentence": r.sentence, "text": r.text} for r in result.boilerplate],
        "families": [
            {
                "origin": {"article": f.origin.article, "sentence": f.origin.sentence} if f.origin else None,
                "status": f.status,
                "sentences": [{"article": r.article, "sentence": r.sentence, "text": r.text} for r in f.sentences],
            }
            for f in graph.families
        ],
        "graph": {
            "edges": [{"source": e.source, "target": e.target, "count": e.count, "verbatim": e.verbatim} for e in graph.edges],
            "undetermined": graph.undetermined,
        },
    }


def copies_to_json(texts: Sequence[ArticleText], result: CopyResult, graph: CopyGraph) -> str:
    return json.dumps(copies_to_dict(texts, result, graph), indent=2, ensure_ascii=False) + "\n"


def print_copies(texts: Sequence[ArticleText], result: CopyResult, graph: CopyGraph, console: Console) -> None:
    """A terminal view: the outlet graph, then every link with both sentences, the
    aligned words in bold and underlined."""
    sources = {t.id: t.article.source or t.id for t in texts}
    table = Table(title="Who copied whom (outlet → outlet, sentences)")
    for column in ("from", "to", "sentences", "verbatim"):
        table.add_column(column)
    for edge in graph.edges:
        table.add_row(edge.source, edge.target, str(edge.count), str(edge.verbatim))
    console.print(table)
    if graph.undetermined:
        console.print(f"{graph.undetermined} copied sentence(s) with no known first carrier (undated or tied).",
                      markup=False, highlight=False)
    for link in result.links:
        console.print(f"\n[bold]{link.kind}[/] {link.score:.2f}  {sources[link.a.article]} ↔ {sources[link.b.article]}",
                      highlight=False)
        for text, ranges in ((link.a.text, [s[:2] for s in link.spans]), (link.b.text, [s[2:] for s in link.spans])):
            line = Text("  " + text)
            for start, end in ranges:
                line.stylize("bold underline", start + 2, end + 2)  # the aligned words
            console.print(line, highlight=False)
    if result.boilerplate:
        console.print(f"\n{len(result.boilerplate)} boilerplate sentence(s) ignored.", markup=False, highlight=False)
