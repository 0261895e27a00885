"""Every format renders the same stories, and never lets article text become markup."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta, timezone

import pytest
from rich.console import Console

from newsbrief import Article, StoryBrief, build_briefs
from newsbrief.model import Fact
from newsbrief.report import print_briefs, render
from newsbrief.report.common import figure_what

HOSTILE = '<script>alert("x")</script> [bold red]boom[/] **bold** <img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def briefs() -> list[StoryBrief]:
    body = (f"Officials opened the new Tarn bridge on Monday after four years of work. {HOSTILE} "
            "The bridge cost 40 million dollars and carries 12,000 cars a day, the council said.")
    articles = [
        Article.create(title=f"Tarn bridge opens {HOSTILE}", text=body, source="Quay <Gazette>",
                       url="javascript:alert(1)"),
        Article.create(title="Tarn bridge opens to traffic", text=body + " Cyclists welcomed the wide lanes.",
                       source="Dock Daily", url="https://dock.example/bridge"),
    ]
    return build_briefs(articles)


def test_html_escapes_everything(briefs: list[StoryBrief]) -> None:
    html = render(briefs, "html")
    assert "<script>" not in html and "<img" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;" in html and "Quay &lt;Gazette&gt;" in html
    assert 'href="javascript:' not in html  # only http(s) links are rendered as links
    assert 'href="https://dock.example/bridge"' in html
    assert "<link" not in html and "src=\"http" not in html  # self-contained: nothing fetched


def test_markdown_escapes_markup(briefs: list[StoryBrief]) -> None:
    md = render(briefs, "md")
    assert "<script>" not in md and "**bold**" not in md
    assert "\\<script\\>" in md


def test_json_round_trips_text_exactly(briefs: list[StoryBrief]) -> None:
    data = json.loads(render(briefs, "json"))
    titles = {a["title"] for s in data["stories"] for a in s["articles"]}
    assert f"Tarn bridge opens {HOSTILE}" in titles


def test_terminal_prints_markup_literally(briefs: list[StoryBrief]) -> None:
    out = io.StringIO()
    print_briefs(briefs, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "[bold red]boom[/]" in text
    assert "Tarn bridge opens" in text and "[1]" in text


def test_unknown_format(briefs: list[StoryBrief]) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(briefs, "pdf")


def test_markdown_says_a_figures_unit_once() -> None:
    body = "Police said the bomb held as much as 2.2 pounds of TNT. The bomb was found near the Tarn bridge."
    briefs = build_briefs([Article.create(title="Bomb found at Tarn bridge", text=body, source="Quay Gazette")])
    md = render(briefs, "md")
    assert "**as much as 2.2 pounds** of TNT" in md
    assert "pounds** pounds" not in md


@pytest.mark.parametrize(
    ("value", "what", "said"),
    [("20 miles", "miles", ""), ("minus 5 degrees Celsius", "degrees Celsius", ""), ("12", "people killed", "people killed"),
     ("2.2 pounds", "pounds of TNT", "of TNT"), ("0.25 percentage point", "percentage points", ""),
     ("0.25-percentage-point", "percentage points", "")],
)
def test_figure_what_drops_the_unit_its_value_ends_with(value: str, what: str, said: str) -> None:
    fact = Fact(kind="figure", value=value, what=what, text="", sources=("a",))
    assert figure_what(fact) == said


def test_every_format_dates_a_source_as_precisely_as_it_was_given() -> None:
    body = "The Tarn ferry sank on Monday with twelve people aboard, the coastguard said after the rescue."
    articles = [
        Article.create(title="Tarn ferry sinks", text=body, source="Wire",
                       published=datetime(2024, 4, 7, tzinfo=timezone.utc), date_only=True),
        Article.create(title="Ferry sinks off Tarn", text=body + " Divers searched the hull.", source="Post",
                       published=datetime(2024, 4, 6, 8, 57, tzinfo=timezone(timedelta(hours=2)))),
    ]
    out = io.StringIO()
    briefs = build_briefs(articles)
    print_briefs(briefs, Console(file=out, width=200, color_system=None))
    for text in (out.getvalue(), render(briefs, "md"), render(briefs, "html")):
        assert "(2024-04-07)" in text and "2024-04-07 00:00" not in text
        assert "(2024-04-06 08:57 +02:00)" in text
    assert len(briefs) == 1 and "2024-04-06 08:57 +02:00 to 2024-04-07<" in render(briefs, "html")  # the story's span
    published = {a["source"]: a["published"] for a in json.loads(render(briefs, "json"))["stories"][0]["articles"]}
    assert published == {"Wire": "2024-04-07", "Post": "2024-04-06T08:57:00+02:00"}


def test_every_format_names_the_sources_a_brief_sentence_updates() -> None:
    lead = "A tram left the rails at Gorse Cross on Friday evening, injuring {} people, the transit authority said."
    days = {"Wire": (8, 7), "Post": (9, 9)}  # the wire's count on Friday night, the Post's on Saturday
    articles = [
        Article.create(title=f"Tram derails at Gorse Cross, {toll} hurt", source=source,
                       text=lead.format(toll) + " Engineers were inspecting the points at the junction overnight.",
                       published=datetime(2024, 5, days[source][0], days[source][1], tzinfo=timezone.utc))
        for source, toll in (("Wire", 14), ("Post", 19))
    ]
    briefs = build_briefs(articles)
    (sentence,) = [s for s in briefs[0].brief if "injuring" in s.text]
    names = {a.id: a.source for a in briefs[0].articles}
    assert "19" in sentence.text and [names[a] for a in sentence.sources] == ["Post"]
    assert [names[a] for a in sentence.revises] == ["Wire"]
    number = {a.source: k for k, a in enumerate(briefs[0].articles, start=1)}
    out = io.StringIO()
    print_briefs(briefs, Console(file=out, width=300, color_system=None))
    assert f"[{number['Post']}] updates [{number['Wire']}]" in out.getvalue()
    assert f"(updates *Wire [{number['Wire']}]*)" in render(briefs, "md")
    assert f"; updates <a href=" in render(briefs, "html")
    (story,) = json.loads(render(briefs, "json"))["stories"]
    assert [s["revises"] for s in story["brief"] if "injuring" in s["text"]] == [list(sentence.revises)]
