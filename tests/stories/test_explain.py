"""``newsbrief show STORY --why``: what each article shares with the rest of its story."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from story_corpus import texts

from newsbrief.model import Article, ArticleText, CopyLink, SentenceRef
from newsbrief.stories.explain import explain, explain_story, format_link, format_reasons, loosest_link, reasons_as_dicts
from newsbrief.text.sentences import sentences_of


def text(id: str, body: str) -> ArticleText:
    """An untitled article whose outlet is its id."""
    return ArticleText(Article(id, "", body, source=id), sentences_of(id, body))


def test_reasons_name_the_shared_particulars_and_the_closest_article() -> None:
    fire = texts({"fire"})
    reasons = explain_story(fire)
    assert [r.article for r in reasons] == [t.id for t in fire]
    for reason in reasons:
        assert reason.closest in {t.id for t in fire} - {reason.article}
        assert 0.0 < reason.similarity <= 1.0
        # A name of two words is given whole, once, not as its words.
        assert "Helmsworth" in reason.names and "Dunmore Plastics" in reason.names
        assert not {"Dunmore", "Plastics"} & set(reason.names)
    assert "plant" in reasons[0].terms  # as written in the article, not a stem


def test_names_are_written_as_in_the_article_without_possessives_or_weekdays() -> None:
    reasons = explain_story([
        text("a", "Crews from Tidewater Lines searched the water off Port Aldren. "
                  "On Monday Tidewater Lines said Port Aldren's harbour at Ust-Varga would reopen."),
        text("b", "The master of Port Aldren's harbour said Tidewater Lines would pay. Divers reached Ust-Varga, then Skerra."),
    ])
    assert set(reasons[0].names) == set(reasons[1].names) == {"Port Aldren", "Tidewater Lines", "Ust-Varga"}


def test_a_name_that_starts_a_sentence_is_given_whole() -> None:
    # "Meridian" is written only at a sentence's start: the name is still "Meridian Shipping".
    reasons = explain_story([
        text("a", "Meridian Shipping said its ferry ran aground off Port Velmar. Divers checked the hull overnight."),
        text("b", "Meridian Shipping confirmed the grounding near Port Velmar. The Velmar harbour master ordered checks."),
    ])
    assert {"Meridian Shipping", "Port Velmar"} <= set(reasons[0].names)
    assert "Shipping" not in reasons[0].names


def test_reasons_count_copied_sentences_per_other_article() -> None:
    a, b, c = texts({"varenna"})
    links = [
        CopyLink(SentenceRef(a.id, 0, "x"), SentenceRef(b.id, 1, "x"), "verbatim", 1.0),
        CopyLink(SentenceRef(a.id, 2, "y"), SentenceRef(b.id, 0, "y"), "reworded", 0.7),
        CopyLink(SentenceRef(a.id, 2, "y"), SentenceRef(c.id, 1, "y"), "reworded", 0.6),
    ]
    reasons = {r.article: r for r in explain_story([a, b, c], links)}
    assert reasons[a.id].copies == ((b.id, 2), (c.id, 1))
    assert reasons[c.id].copies == ((a.id, 1),)
    text = format_reasons(list(reasons.values()))
    assert "2 sentences with Lake Osmo digs out" in text
    assert reasons_as_dicts([reasons[c.id]])[0]["copies"] == [{"article": a.id, "sentences": 1}]


def test_the_loosest_link_of_two_events_put_together_is_between_them() -> None:
    # Two earthquakes told in the same words, as if grouped into one story: the link
    # that holds them together is the one between the events, three articles a side.
    quakes = texts({"varenna", "korvath"})
    link = loosest_link(quakes)
    assert link is not None
    events = {t.id: t.id.split("-")[0] for t in quakes}
    assert events[link.a] != events[link.b]
    assert sorted(link.sides) == [3, 3]
    # They share the words of their kind, and no name.
    assert {"Earthquake", "kills"} <= set(link.terms) and link.names == ()
    reasons = explain_story(quakes)
    shown = format_link(link, reasons)
    assert shown.startswith("Loosest link: ") and "it alone joins 3 article(s) to 3" in shown
    # One event alone is held together more tightly than the two look-alikes together.
    alone = loosest_link(texts({"fire"}))
    assert alone is not None and alone.similarity > link.similarity


def test_a_name_the_others_share_a_word_of_is_given_as_that_word() -> None:
    reasons = explain_story([
        text("a", "Rescue teams reached Alby after the dam failed, Mayor Piet Voss said. Mayor Piet Voss asked for boats."),
        text("b", "Rescue teams reached Riverton after the dam failed, Mayor Jane Holt said. Mayor Jane Holt asked for pumps."),
    ])
    assert "Mayor" in reasons[0].names and not any("Voss" in n for n in reasons[0].names)
    assert not any("Holt" in n for n in reasons[1].names)


def test_explain_gives_the_reasons_and_the_loosest_link_of_one_weighing() -> None:
    quakes = texts({"varenna", "korvath"})
    assert explain(quakes) == (explain_story(quakes), loosest_link(quakes))


def test_a_story_of_two_has_no_loosest_link() -> None:
    assert loosest_link(texts({"budget", "varenna"})[:2]) is None
    assert format_link(None, []) == ""


def test_a_story_of_one_says_so() -> None:
    reasons = explain_story(texts({"budget"}))
    assert reasons[0].closest is None and "alone in its story" in format_reasons(reasons)


def test_show_why_on_the_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [
        json.dumps({"id": t.id, "title": t.article.title, "text": t.article.text, "source": t.article.source,
                    "published": t.article.published.isoformat()})
        for t in texts({"fire", "budget"})
    ]
    (folder / "a.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = str(tmp_path / "n.db")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "newsbrief", *args, "--store", db],
                              capture_output=True, text=True, timeout=300, cwd=tmp_path)

    assert run("ingest", str(folder)).returncode == 0
    story = next(s for s in json.loads(run("stories", "--format", "json").stdout) if s["articles"] == 3)
    shown = run("show", story["id"], "--why")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.count("shared names:") == 3 and "Helmsworth" in shown.stdout
    assert "Dunmore Plastics" in shown.stdout and "Dunmore," not in shown.stdout
    data = json.loads(run("show", story["id"][:8], "--why", "--format", "json").stdout)
    assert data["newsbrief"] == 1 and data["story"] == story["id"] and len(data["articles"]) == 3
    assert "Loosest link: " in shown.stdout
    link = data["loosest_link"]
    assert {link["a"], link["b"]} <= {a["article"] for a in data["articles"]} and sum(link["sides"]) == 3
    # Plain text is no HTML page: asked for one, it refuses rather than write unescaped text.
    for fmt in ("html", "md"):
        refused = run("show", story["id"], "--why", "--format", fmt, "-o", str(tmp_path / f"why.{fmt}"))
        assert refused.returncode == 2 and "--why" in refused.stderr and not (tmp_path / f"why.{fmt}").exists()


def test_a_lone_letter_is_not_shown_as_a_shared_term() -> None:
    bodies = {"a": "Ford recalls 310,000 F-150 pickups over seat belts, Ford said on Monday.",
              "b": "Ford is recalling 310,000 F-150 trucks over faulty seat belts, the company said."}
    story = [ArticleText(Article(id=k, title="Ford F-150 recall", text=v), sentences_of(k, v)) for k, v in bodies.items()]
    for reason in explain_story(story):
        assert reason.terms and all(len(t) > 1 for t in reason.terms)


def test_a_desk_and_agency_two_reports_share_are_not_what_ties_them() -> None:
    # Two quakes a few days apart, filed from one capital by one agency.
    desk = "KORVAL, Ostrelia (KN) -- "
    first = text("a", desk + "A strong earthquake shook the northern province of Varenka on Sunday, killing four people. "
                       "Rescuers in Varenka searched collapsed homes through the night.")
    second = text("b", desk + "A moderate earthquake shook the coastal province of Dulmar on Wednesday, injuring twelve people. "
                        "Schools in Dulmar stayed shut while engineers checked them.")
    shared = {word.lower() for reason in explain_story([first, second]) for word in (*reason.names, *reason.terms)}
    assert "earthquake" in shared
    assert not {"korval", "ostrelia", "kn"} & shared
