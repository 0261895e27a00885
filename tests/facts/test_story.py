"""The facts panel of whole stories: the bundled example corpus (a revision and a
contradiction), every output format, and the ``newsbrief facts`` command."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from newsbrief import Article, StoryBrief, build_briefs, read_articles
from newsbrief.cli import main
from newsbrief.facts.story import FactOptions, story_facts, superseded_titles
from newsbrief.model import ArticleText
from newsbrief.pipeline import prepare
from newsbrief.report import print_briefs, print_facts, render, render_facts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "corpus"


@pytest.fixture(scope="module")
def example_briefs() -> list[StoryBrief]:
    return build_briefs(read_articles([EXAMPLES]))


def _story(briefs: list[StoryBrief], word: str) -> StoryBrief:
    (story,) = [b for b in briefs if word in b.headline.lower()]
    return story


def test_ferry_toll_is_a_revision(example_briefs: list[StoryBrief]) -> None:
    ferry = _story(example_briefs, "ferry")
    sources = {a.id: a.source for a in ferry.articles}
    (toll,) = [d for d in ferry.disagreements if d.what == "people killed"]
    assert toll.kind == "revision"
    assert [c.number for c in toll.claims] == [12.0, 19.0]
    assert {sources[s] for s in toll.claims[0].sources} == {"Valley Wire", "Coastline Daily", "Northgate Post"}
    assert "The Meridian" in {sources[s] for s in toll.claims[1].sources}


def test_peru_toll_is_a_contradiction(example_briefs: list[StoryBrief]) -> None:
    peru = _story(example_briefs, "peru")
    sources = {a.id: a.source for a in peru.articles}
    (toll,) = peru.disagreements
    assert (toll.kind, toll.what) == ("contradiction", "people killed")
    assert [c.number for c in toll.claims] == [41.0, 43.0]
    assert {sources[s] for s in toll.claims[0].sources} == {"Valley Wire", "Eastbank Courier"}
    assert {sources[s] for s in toll.claims[1].sources} == {"The Meridian", "Eastbank Courier"}
    assert "25 minutes" in toll.reason


def test_a_title_stating_a_revised_toll_is_superseded_not_one_that_names_the_old_toll_as_replaced() -> None:
    def text(id: str, title: str, body: str, day: int) -> ArticleText:
        return prepare(Article(id, title, body, source=id, published=datetime(2024, 3, day, 9)))

    first = text("a", "Ferry capsizes off Port Alden, killing 12", "At least 12 people were killed.", 11)
    risen = text("b", "Ferry toll rises from 12 to 17", "The death toll rose from 12 to 17 on Tuesday.", 12)
    hurt = text("c", "Ferry capsizes off Port Alden, 30 hurt", "Another 30 people were hurt.", 11)
    assert superseded_titles([first, risen, hurt]) == {"a"}  # 30 hurt is not a revised count
    assert superseded_titles([first, hurt]) == frozenset()  # nothing revised it
    # The facts panel gives the brief the same titles, from the one reading of the story's figures.
    for texts in ([first, risen, hurt], [first, hurt], [risen, hurt]):
        assert story_facts(texts).revisions.titles == superseded_titles(texts)


def test_the_revised_titles_are_read_with_the_options_revision_gap() -> None:
    def text(id: str, title: str, hour: int) -> ArticleText:
        return prepare(Article(id, title, title + ".", source=id, published=datetime(2024, 3, 11, hour)))

    texts = [text("a", "Ferry capsizes off Port Alden, killing 12", 8), text("b", "Ferry toll rises to 17", 11)]
    assert story_facts(texts).revisions.titles == {"a"}  # three hours apart: a revision
    wide = FactOptions(revision_gap=timedelta(hours=4))
    assert story_facts(texts, options=wide).revisions.titles == frozenset() == superseded_titles(texts, wide.revision_gap)


def test_consistent_stories_have_no_disagreements(example_briefs: list[StoryBrief]) -> None:
    assert _story(example_briefs, "kamchatka").disagreements == ()
    assert _story(example_briefs, "northgate").disagreements == ()


def test_example_dates_resolve_against_each_articles_publication(example_briefs: list[StoryBrief]) -> None:
    ferry = _story(example_briefs, "ferry")
    published = {a.id: a.published for a in ferry.articles}
    dates = [f for f in ferry.facts if f.kind == "date"]
    tuesday = next(f for f in dates if f.when == (date(2024, 3, 12), date(2024, 3, 12)))
    assert "Tuesday" in tuesday.forms and tuesday.anchor == published[tuesday.article].date()
    undated = [f for f in dates if f.when is None]
    assert undated and all(published[s] is None for f in undated for s in f.sources)  # Harbour Herald: no date
    days = [e.when for e in ferry.timeline]
    assert days == sorted(days) and days[0] == (date(2024, 2, 1), date(2024, 2, 29))  # "last month": the inspection


def test_example_entities_merge_spun_aliases(example_briefs: list[StoryBrief]) -> None:
    kamchatka = _story(example_briefs, "kamchatka")
    by_form = {form: f for f in kamchatka.facts if f.kind == "entity" for form in f.forms}
    assert by_form["Russia"] is by_form["Russian Federation"]
    ferry = _story(example_briefs, "ferry")
    by_form = {form: f for f in ferry.facts if f.kind == "entity" for form in f.forms}
    assert by_form["United Kingdom"] is by_form["UK"]
    assert by_form["U.S. Navy"] is by_form["United States Navy"]


def test_example_entities_have_the_types_their_context_gives(example_briefs: list[StoryBrief]) -> None:
    def types(word: str) -> dict[str, str]:
        return {f.value: f.what for f in _story(example_briefs, word).facts if f.kind == "entity"}

    ferry, kamchatka, peru = types("ferry"), types("kamchatka"), types("peru")
    assert ferry["Skerra"] == "place"  # "the island of Skerra", though the model says a person
    assert ferry["Valley Wire"] == "organisation"  # an outlet of the corpus, in a byline
    assert ferry["R.J. Calloway"] == "person" and "Skipper R.J. Calloway" not in ferry  # title dropped
    assert kamchatka["Port Aldren"] == kamchatka["Ust-Varga"] == kamchatka["Kamchatka"] == "place"
    assert peru["Collpa Alta"] == "place"  # "the village of Collpa Alta"
    assert "LIMA" not in peru  # where Valley Wire filed from, in its dateline only


@pytest.fixture(scope="module")
def hostile_briefs() -> list[StoryBrief]:
    evil = "<b>Kerry</b> [bold red]x[/] **y**"
    body = (f"At least 12 people were killed on Tuesday in Geneva, said {evil}. "
            "John Kerry met officials of the Russian Federation in Geneva.")
    later = ("The death toll of the blast in Geneva rose to 19 on Wednesday, officials said. "
             "John Kerry met officials of the Russian Federation in Geneva.")
    return build_briefs([
        Article.create(title="Blast in Geneva", text=body, source="<i>Post</i>", published=datetime(2024, 3, 12, 9)),
        Article.create(title="Geneva blast toll", text=later, source="Wire", published=datetime(2024, 3, 13, 9)),
    ])  # fmt: skip


def test_every_format_shows_every_kind_of_fact(hostile_briefs: list[StoryBrief]) -> None:
    (brief,) = hostile_briefs
    assert {f.kind for f in brief.facts} == {"figure", "entity", "date"} and brief.timeline and brief.disagreements
    data = json.loads(render(hostile_briefs, "json"))["stories"][0]
    assert {"facts", "timeline", "disagreements"} <= data.keys()
    assert data["disagreements"][0]["kind"] == "revision" and len(data["disagreements"][0]["claims"]) == 2
    tuesday = next(f for f in data["facts"] if f["kind"] == "date" and f["value"] == "Tuesday")
    assert tuesday["when"] == {"first": "2024-03-12", "last": "2024-03-12"} and tuesday["anchor"] == "2024-03-12"
    geneva = next(f for f in data["facts"] if f["kind"] == "entity" and f["value"] == "Geneva")
    assert sum(geneva["mentions"].values()) >= 4 and geneva["forms"] == ["Geneva"]
    md = render(hostile_briefs, "md")
    html = render(hostile_briefs, "html")
    for heading in ("disagree", "Figures", "Entities", "Timeline", "Dates"):
        assert heading in md and heading in html
    assert "revision" in md and "revision" in html and "Tue 12 Mar 2024" in md and "Tue 12 Mar 2024" in html
    out = io.StringIO()
    print_briefs(hostile_briefs, Console(file=out, width=200, color_system=None))
    assert "REVISION" in out.getvalue() and "Entities" in out.getvalue() and "Timeline" in out.getvalue()


def test_facts_are_escaped_in_every_format(hostile_briefs: list[StoryBrief]) -> None:
    html = render(hostile_briefs, "html") + render_facts(hostile_briefs, "md")
    assert "<b>Kerry</b>" not in html and "<i>Post</i>" not in html
    assert "**y**" not in render_facts(hostile_briefs, "md")
    out = io.StringIO()
    print_facts(hostile_briefs, Console(file=out, width=200, color_system=None))
    assert "[bold red]x[/]" in out.getvalue()  # printed literally, not as markup


def test_facts_command_on_a_store(tmp_path: Path) -> None:
    runner = CliRunner()
    store = str(tmp_path / "news.db")
    assert runner.invoke(main, ["ingest", str(EXAMPLES), "--store", store]).exit_code == 0
    listing = runner.invoke(main, ["stories", "--store", store, "--format", "json"])
    story = next(s["id"] for s in json.loads(listing.output) if "Peru" in s["title"])
    result = runner.invoke(main, ["facts", story, "--store", store, "--format", "json"])
    assert result.exit_code == 0, result.output
    (data,) = json.loads(result.output)["stories"]
    assert data["id"] == story and "brief" not in data
    assert [d["kind"] for d in data["disagreements"]] == ["contradiction"]
    md = runner.invoke(main, ["facts", story[:6], "--store", store, "--format", "md", "--no-entities"])
    assert md.exit_code == 0 and "contradiction" in md.output and "### Entities" not in md.output
    terminal = runner.invoke(main, ["facts", story, "--store", store])
    assert terminal.exit_code == 0 and "CONTRADICTION" in terminal.output
    missing = runner.invoke(main, ["facts", "s-nope", "--store", store])
    assert missing.exit_code == 1
    bad_model = runner.invoke(main, ["facts", story, "--store", store, "--ner-model", "no_such_model"])
    assert bad_model.exit_code == 1 and "no_such_model" in bad_model.output


def test_brief_command_shows_the_revision_and_the_contradiction() -> None:
    result = CliRunner().invoke(main, ["brief", str(EXAMPLES), "--format", "md"])
    assert result.exit_code == 0
    assert "people killed, revision: **at least 12**" in result.output.lower()
    assert "people killed, contradiction: **41**" in result.output
