"""Tests of the copies output: aligned spans in the JSON, the terminal and the HTML report."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from rich.console import Console

from newsbrief.model import Article, CopyLink, SentenceRef
from newsbrief.pipeline import prepare
from newsbrief.report.copies import copies_to_json, print_copies
from newsbrief.report.html import _marked
from newsbrief.reuse.detect import find_copies
from newsbrief.reuse.graph import copy_graph

ORIGINAL = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
SPUN = "Rescue crews evacuated 340 inhabitants from the Tarnvale estate after the river burst its banks, officials said."


def test_json_links_carry_their_spans() -> None:
    texts = [prepare(Article(id=i, title="", text=body)) for i, body in (("a", ORIGINAL), ("b", SPUN))]
    result = find_copies(texts)
    document = json.loads(copies_to_json(texts, result, copy_graph(texts, result.links)))
    (link,) = document["links"]
    assert link["spans"] and link["spans"] == [list(span) for span in result.links[0].spans]
    for a_start, a_end, b_start, b_end in link["spans"]:
        assert link["a"]["text"][a_start:a_end].lower().split()[-1] == link["b"]["text"][b_start:b_end].lower().split()[-1]


def test_terminal_view_prints_both_sentences_whole() -> None:
    texts = [prepare(Article(id=i, title="", text=body)) for i, body in (("a", ORIGINAL), ("b", SPUN))]
    result = find_copies(texts)
    out = io.StringIO()
    print_copies(texts, result, copy_graph(texts, result.links), Console(file=out, width=300, color_system=None))
    assert ORIGINAL in out.getvalue() and SPUN in out.getvalue()
    # Undated: who copied whom cannot be told, and it says so rather than print an empty table.
    assert "not known for any copied sentence" in out.getvalue() and "outlet → outlet" not in out.getvalue()
    dated = [prepare(Article(id=i, title="", text=body, source=i.upper(), published=datetime(2024, 5, day, tzinfo=UTC)))
             for i, body, day in (("a", ORIGINAL, 1), ("b", SPUN, 2))]
    out = io.StringIO()
    print_copies(dated, find_copies(dated), copy_graph(dated, find_copies(dated).links), Console(file=out, width=300, color_system=None))
    assert "outlet → outlet" in out.getvalue() and "not known" not in out.getvalue()


def test_terminal_view_prints_outlet_names_as_written() -> None:
    # Names that look like console markup are names: no MarkupError, no styling taken from them.
    dated = [prepare(Article(id=i, title="", text=body, source=source, published=datetime(2024, 5, day, tzinfo=UTC)))
             for i, body, source, day in (("a", ORIGINAL, "Out [/bold]", 1), ("b", SPUN, "[blink]Metro[/blink]", 2))]
    out = io.StringIO()
    result = find_copies(dated)
    print_copies(dated, result, copy_graph(dated, result.links), Console(file=out, width=300, color_system=None))
    assert "Out [/bold]" in out.getvalue() and "[blink]Metro[/blink]" in out.getvalue()


def test_terminal_view_lists_near_duplicate_articles() -> None:
    body = f"{ORIGINAL} The council opened the school hall for the night. Roads into the estate stayed shut."
    texts = [prepare(Article(id=i, title="Tarnvale flooded", text=body, source=outlet))
             for i, outlet in (("a", "Valley [b]Wire[/b]"), ("b", "Coast Post"))]
    result = find_copies(texts)
    assert result.near_duplicates
    out = io.StringIO()
    print_copies(texts, result, copy_graph(texts, result.links), Console(file=out, width=300, color_system=None))
    assert "Near-duplicate articles (1):" in out.getvalue()
    assert "Valley [b]Wire[/b] ↔ Coast Post: Tarnvale flooded" in out.getvalue()


def test_html_marks_spans_and_escapes_everything() -> None:
    assert _marked("<b>x</b> and y", [(0, 8)]) == "<mark>&lt;b&gt;x&lt;/b&gt;</mark> and y"
    assert _marked("a & b", []) == "a &amp; b"
    assert _marked("one two three", [(4, 7), (0, 3), (2, 5)]) == "<mark>one</mark> <mark>two</mark> three"
    # A link without spans (made by hand) still renders.
    link = CopyLink(SentenceRef("a", 0, "x"), SentenceRef("b", 0, "x"), "verbatim", 1.0)
    assert link.spans == ()


def test_indented_json_is_what_json_dumps_writes() -> None:
    from newsbrief.report.copies import indented_json

    data = {
        "text": 'Quotes " and \\ backslashes, tabs\t, "ünïcode" ≠ ascii, a line\nbreak and \x00 a control',
        "numbers": [0, -3, 10**20, 0.1, 1e-05, 1e16, 2.5, -0.0, float("nan"), float("inf"), -float("inf")],
        "literals": [None, True, False, 1, 0], "empty": {"list": [], "dict": {}, "tuple": ()},
        "nested": [[[1, "a"]], {"k": {"deeper": [{"x": None}]}}], "": "empty key",
    }
    assert indented_json(data) == json.dumps(data, indent=2, ensure_ascii=False)


def test_copies_json_is_what_json_dumps_writes() -> None:
    from newsbrief.report.copies import copies_to_dict

    texts = [prepare(Article(id=i, title="", text=body)) for i, body in (("a", ORIGINAL), ("b", SPUN), ("c", ORIGINAL))]
    result = find_copies(texts)
    graph = copy_graph(texts, result.links)
    assert len(result.links) == 3
    assert copies_to_json(texts, result, graph) == json.dumps(copies_to_dict(texts, result, graph), indent=2, ensure_ascii=False) + "\n"
