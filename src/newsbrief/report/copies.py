"""Output of ``newsbrief copies``: links, boilerplate, near-duplicates and the outlet graph.

The JSON (``format: "newsbrief-copies"``) is documented in ``docs/json.md``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newsbrief.model import ArticleText
from newsbrief.report.json import _article, _copy
from newsbrief.reuse.detect import CopyResult
from newsbrief.reuse.graph import CopyGraph

__all__ = ["copies_to_dict", "copies_to_json", "indented_json", "print_copies"]


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
    """:func:`copies_to_dict` as JSON text, indented by two spaces."""
    return indented_json(copies_to_dict(texts, result, graph)) + "\n"


_LITERALS = {None: "null", True: "true", False: "false"}


def indented_json(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, character for character, in
    half the time: with an indent the standard library encodes in Python, token by
    token through generators (seconds for 100,000 links); here the strings are
    escaped by its C function and the rest joined once.

    >>> print(indented_json({"links": [{"kind": "verbatim", "score": 1.0, "spans": [[0, 4]]}], "none": []}))
    {
      "links": [
        {
          "kind": "verbatim",
          "score": 1.0,
          "spans": [
            [
              0,
              4
            ]
          ]
        }
      ],
      "none": []
    }
    """
    out: list[str] = []
    append = out.append

    def encode(value: Any, indent: str) -> None:
        if isinstance(value, str):
            append(encode_basestring(value))
        elif value is None or value is True or value is False:
            append(_LITERALS[value])
        elif isinstance(value, float):
            # As json does: the shortest repr, and its names for what JSON cannot write.
            append(float.__repr__(value) if math.isfinite(value) else json.dumps(value))
        elif isinstance(value, int):
            append(int.__repr__(value))
        elif isinstance(value, dict):
            items = value.items()
            if not items:
                append("{}")
                return
            inner = indent + "  "
            start = "{\n"
            for key, item in items:
                if not isinstance(key, str):
                    raise TypeError(f"keys must be str, not {type(key).__name__}")
                append(f"{start}{inner}{encode_basestring(key)}: ")
                start = ",\n"
                encode(item, inner)
            append(f"\n{indent}}}")
        elif isinstance(value, (list, tuple)):
            if not value:
                append("[]")
                return
            inner = indent + "  "
            start = "[\n"
            for item in value:
                append(start + inner)
                start = ",\n"
                encode(item, inner)
            append(f"\n{indent}]")
        else:
            raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")

    encode(data, "")
    return "".join(out)


def print_copies(texts: Sequence[ArticleText], result: CopyResult, graph: CopyGraph, console: Console) -> None:
    """A terminal view: the outlet graph, then every link with both sentences, the
    aligned words in bold and underlined, then the near-duplicate articles."""
    sources = {t.id: t.article.source or t.id for t in texts}
    if graph.edges:
        table = Table(title="Who copied whom (outlet → outlet, sentences)")
        for column in ("from", "to", "sentences", "verbatim"):
            table.add_column(column)
        for edge in graph.edges:  # outlet names as Text: a "[bold]" in one is its name, not markup
            table.add_row(Text(edge.source), Text(edge.target), str(edge.count), str(edge.verbatim))
        console.print(table)
    elif result.links:
        console.print("Who copied whom: not known for any copied sentence (its carriers undated or tied).",
                      markup=False, highlight=False)
    if graph.undetermined:
        console.print(f"{graph.undetermined} copied sentence(s) with no known first carrier (undated or tied).",
                      markup=False, highlight=False)
    for link in result.links:
        heading = Text.assemble("\n", (link.kind, "bold"), f" {link.score:.2f}  {sources[link.a.article]} ↔ {sources[link.b.article]}")
        console.print(heading, highlight=False)
        for text, ranges in ((link.a.text, [s[:2] for s in link.spans]), (link.b.text, [s[2:] for s in link.spans])):
            line = Text("  " + text)
            for start, end in ranges:
                line.stylize("bold underline", start + 2, end + 2)  # the aligned words
            console.print(line, highlight=False)
    if result.near_duplicates:
        titles = {t.id: t.article.title or t.id for t in texts}
        console.print(f"\nNear-duplicate articles ({len(result.near_duplicates)}):", markup=False, highlight=False)
        for pair in result.near_duplicates:
            console.print(Text(f"  {pair.similarity:.0%}  {sources[pair.a]} ↔ {sources[pair.b]}: {titles[pair.a]}"),
                          highlight=False)
    if result.boilerplate:
        console.print(f"\n{len(result.boilerplate)} boilerplate sentence(s) ignored.", markup=False, highlight=False)
