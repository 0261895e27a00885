"""Tests of Unicode normalisation and page-furniture removal."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbrief.text.clean import clean_text, is_furniture, normalise_unicode, unwrap_lines
from newsbrief.text.sentences import split_sentences

TITLE = "Floods close the northern highway"
BODY = (
    "Heavy rain closed the northern highway on Monday, the transport ministry said.",
    "About 300 drivers were stranded overnight near the river crossing.",
    "Crews expect to reopen one lane by Wednesday.",
)


def article(*inserted: str, at: int = 2) -> str:
    """The fixture article with ``inserted`` lines placed before paragraph ``at``."""
    lines = [TITLE, *BODY]
    return "\n\n".join(lines[:at] + list(inserted) + lines[at:])


CLEAN_ARTICLE = "\n\n".join([TITLE, *BODY])


# --- normalise_unicode ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("“Yes,” she said.", '"Yes," she said.'),
        ("the mayor’s ‘plan’", "the mayor's 'plan'"),
        ("5\u00a0km and 3\u2009m", "5 km and 3 m"),
        ("zero\u200bwidth\ufeff and soft\u00adhyphen", "zerowidth and softhyphen"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("too    many   spaces\tand tabs ", "too many spaces and tabs"),
        ("first\n\n\n\n\nsecond", "first\n\nsecond"),
        ("  padded line  \n  next  ", "padded line\nnext"),
        ("1990–2000 — a decade", "1990–2000 — a decade"),
        ("\u2212 5 and non\u2011breaking", "- 5 and non-breaking"),
        ("2½ million km²", "2½ million km²"),
        ("Cafe\u0301", "Café"),
        ("\x93mojibake\x94 quotes\x92", '"mojibake" quotes\''),
        ("para\u2029next", "para\n\nnext"),
    ],
)
def test_normalise_unicode(raw: str, expected: str) -> None:
    assert normalise_unicode(raw) == expected


def test_normalise_unicode_keeps_paragraph_breaks() -> None:
    assert normalise_unicode("A b.\n\nC d.\nE f.") == "A b.\n\nC d.\nE f."


# --- furniture lines -----------------------------------------------------------------

FURNITURE_LINES = [
    "Share",
    "SHARE",
    "Share this article",
    "Share on WhatsApp",
    "Facebook Twitter Email",
    "Tweet | Email | Print",
    "Comments (12)",
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Skip to content",
    "Skip to main content",
    "Read more",
    "Read more: Storm warnings issued for the coast",
    "Related: Bridge repairs delayed again",
    "Related stories",
    "See also: How the dam was built",
    "Click here to subscribe to our alerts",
    "Sign up for our newsletter",
    "Subscribe to our daily briefing for the top stories",
    "Follow us on Twitter",
    "By Jane Doe",
    "By JANE DOE and Tom Roe, Reuters",
    "-- By Ann Lee Follow @annlee",
    "Reporting by Jane Doe; Editing by Tom Roe",
    "Photo: Jane Doe/Reuters",
    "Image: The flooded underpass on Monday.",
    "Photo by Jane Doe/Getty Images",
    "(Reuters)",
    "AFP/Getty Images",
    "(AP Photo/Tom Roe)",
    "highway-flood.jpg",
    "Copyright © 2024 Example News Ltd. All rights reserved.",
    "© Example Media 2024",
    "* * *",
    "Most read",
    "We use cookies to give you the best experience on our site. Find out more",
    "By continuing to browse this site you agree to our use of cookies.",
    "Nous utilisons des cookies pour améliorer votre expérience.",
    "Turpinot lietot šo vietni, Jūs piekrītat sīkdatņu izmantošanai.",
    "Thanks for signing up to the Morning Briefing!",
    "Please confirm your subscription to our newsletter.",
    "Paldies! Tev izdevās pierakstīties jaunumu saņemšanai.",
    "Home | World | U.S. | Business | Tech | Travel",
    "Learn more about our Privacy Policy.",
    "Spotted a typo? Select the text and press Ctrl+Enter.",
    "Associated Press writer Jane Doe in Velm contributed to this report.",
    "Staff writers Tom Roe and Ann Lee contributed reporting.",
    "Valley TV's Tom Roe and Ann Lee contributed to this report.",
    "Harbour Wire's Jane Doe in Velm contributed reporting.",
    "A firefighter sprays water on the burning depot in Velm, Monday, April 1, 2024. (AP Photo/Tom Roe)",
    "This story has been updated.",
    "Editor's note: This article was updated to correct the name of the harbour master.",
    "Our Standards: The Harbour Wire Trust Principles.",
    "Thank you for signing up!",
    "Loading weather data ...",
    "Want more news like this? Sign up for our newsletter.",
]


@pytest.mark.parametrize("line", FURNITURE_LINES)
def test_furniture_line_is_removed(line: str) -> None:
    assert is_furniture(line)
    assert clean_text(article(line)) == CLEAN_ARTICLE


@pytest.mark.parametrize("at", [0, 1, 2, 4])
def test_furniture_is_removed_anywhere(at: int) -> None:
    assert clean_text(article("Share", "Advertisement", at=at)) == CLEAN_ARTICLE


REAL_CONTENT = [
    "Investors rushed to share the news with their clients.",
    "Shares in the operator fell 4 percent.",
    "Share prices recovered by the afternoon.",
    "By one estimate, the repairs will cost $2 million.",
    "By Tuesday, the water had receded.",
    "Copyright lawyers said the case would take years.",
    "Advertising revenue at the paper fell last year.",
    "Read the full statement, the minister told reporters.",
    "Pictures by the hundred were posted online.",
    "Like me, many residents left the valley.",
    "Residents who sign up for the email scheme will get a refund.",
    "Related costs rose as well, the report said.",
    "Nobody was hurt.",
    "Click-and-collect orders doubled.",
    "The cookie law requires sites to ask before tracking visitors, regulators said.",
    "More than two million readers subscribe to the newsletter, the company said.",
    "Staff shortages at the port contributed to the delays.",
    "Two firms contributed to this report's funding, the charity said.",
    "The report was updated last year to include the new harbour.",
    "This report was updated in 2019 to include the new harbour, officials said.",
    "Higher fuel costs contributed to this report of losses at the airline.",
]


@pytest.mark.parametrize("line", REAL_CONTENT)
def test_real_content_is_kept(line: str) -> None:
    assert not is_furniture(line)
    assert clean_text(article(line)) == "\n\n".join([TITLE, BODY[0], line, *BODY[1:]])


# --- layout rules --------------------------------------------------------------------


def test_table_cell_marks_are_removed() -> None:
    assert clean_text("Quake hits city\n| VELM (AP) -- A quake hit the city. |\n|  |\nRescuers are searching. |") == (
        "Quake hits city\n\nVELM (AP) -- A quake hit the city.\n\nRescuers are searching."
    )
    # A table row of figures is no navigation bar.
    assert not is_furniture("| Velm | 2,310 | 12 | 4 |")


def test_lone_caption_and_crosshead_in_the_body_are_removed() -> None:
    text = article("Rescue boats at the river crossing on Monday", "What happens next")
    assert clean_text(text) == CLEAN_ARTICLE


def test_first_line_is_kept_even_without_punctuation() -> None:
    assert clean_text(article()).split("\n\n")[0] == TITLE


def test_first_line_is_the_first_after_furniture() -> None:
    assert clean_text("Share\n\n" + article()) == CLEAN_ARTICLE


def test_list_items_in_the_body_are_kept() -> None:
    items = ("– Monday: rain closes the highway", "• Tuesday: one lane reopens")
    assert clean_text(article(*items)).split("\n\n")[2:4] == list(items)


def test_sentence_running_over_a_line_break_is_kept() -> None:
    text = "Officials said the northern highway\nwould stay closed until Friday.\n\nCrews are at work."
    assert clean_text(text).split("\n\n") == [
        "Officials said the northern highway",
        "would stay closed until Friday.",
        "Crews are at work.",
    ]


def test_trailing_related_headlines_are_removed() -> None:
    text = article() + "\n\nMore from the region\n\n• Bridge tolls to rise in May\n\nSchool bus routes change"
    assert clean_text(text) == CLEAN_ARTICLE


def test_trailing_related_headlines_ending_in_a_question_are_removed() -> None:
    links = ["- The Struggle to Reopen the Harbour Bridge", "- Is Using the Night Ferry Safe for Commuters?",
             "- Want Weekly Picks on What to Read, Watch and Hear? Sign Up for the Harbour Digest Today"]
    assert clean_text(article() + "\n\n" + "\n\n".join(links)) == CLEAN_ARTICLE
    # A list item that reads as a sentence in the body's own words is prose, and stays.
    question = "- Will the ferry run again? Officials said they did not know."
    assert clean_text(article() + "\n\n" + question).endswith(question)


def test_a_crosshead_that_starts_like_a_month_is_no_timeline_entry() -> None:
    text = article() + "\n\nMarathon 2024 - Route Changes\n\nThe council will meet on Friday."
    assert "Marathon 2024 - Route Changes" not in clean_text(text)


def test_timeline_entries_are_list_items_and_stay() -> None:
    entries = ["March 2023 - inspectors warn of faulty wiring", "April 1, 2024 – fire destroys 31 buses", "1998: the depot opens"]
    text = article() + "\n\nKey dates:\n\n" + "\n\n".join(entries) + "\n\nThe council will meet on Friday."
    assert clean_text(text).split("\n\n")[-5:] == ["Key dates:", *entries, "The council will meet on Friday."]


def test_trailing_list_announced_by_the_body_is_kept() -> None:
    text = article() + "\n\nThe ministry listed the closed roads:\n\n- Route 9 north of the river\n\n- Route 12"
    assert clean_text(text).split("\n\n")[-3:] == [
        "The ministry listed the closed roads:",
        "- Route 9 north of the river",
        "- Route 12",
    ]


def test_long_line_without_full_stop_is_kept() -> None:
    line = " ".join(["word"] * 20)
    assert line in clean_text(article(line)).split("\n\n")


def test_paragraphs_are_joined_by_a_blank_line() -> None:
    assert clean_text("\n".join([TITLE, *BODY])) == CLEAN_ARTICLE


def test_empty_and_furniture_only_text() -> None:
    assert clean_text("") == ""
    assert clean_text("Share\nAdvertisement\n\n") == ""


IDEMPOTENCE_CASES = [
    article("Share", "Rescue boats on the river", "By Jane Doe"),
    article() + "\n\nRelated\n\nBridge tolls to rise\n\n• School routes change",
    "A headline\nsecond line\nthird line\nA caption\nlast words",
    "Intro:\n- one\nCaption here\n- two",
    "Only a title",
    "“Curly”\u00a0quotes\r\n\r\n\r\nand  spaces.",
]


@pytest.mark.parametrize("text", IDEMPOTENCE_CASES)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


# --- hard-wrapped text ---------------------------------------------------------------

WRAPPED = """Chemical plant blast injures 18 in Harwick

HARWICK (Wire) - An explosion at a chemical plant on the edge of Harwick
injured 18 workers on Thursday, four of them seriously, the operator said
in a statement. Firefighters brought the fire under control after about
three hours.

Residents within two kilometres were told to stay indoors, and the well-
known ring road was shut for the afternoon.
"""


def test_hard_wrapped_paragraphs_are_joined() -> None:
    paragraphs = clean_text(WRAPPED).split("\n\n")
    assert paragraphs[0] == "Chemical plant blast injures 18 in Harwick"
    assert paragraphs[1].startswith("HARWICK (Wire) - An explosion") and paragraphs[1].endswith("about three hours.")
    assert "the well-known ring road" in paragraphs[2]
    sentences = [paragraphs[1][a:b] for a, b in split_sentences(paragraphs[1])]
    assert sentences[0].endswith("the operator said in a statement.") and len(sentences) == 2


@pytest.mark.parametrize(
    "text",
    [
        "\n".join((TITLE, *BODY)),  # a paragraph per line
        "Talks resume\nBy Jane Doe\nTalks resumed on Monday.\nPhoto: Reuters\nShare",  # short page lines
        "A quake hit the city.\nRescuers are searching the rubble.\nSchools are closed.\nRoads reopened.",
    ],
)
def test_text_that_is_not_wrapped_is_left_as_it_is(text: str) -> None:
    assert unwrap_lines(text) == text


def test_wrapped_list_items_and_spaced_dashes_keep_their_lines_and_spaces() -> None:
    text = (
        "Flood water still covered the lower town on Sunday, and the council said\n"
        "that crews would need at least a week to clear the mud from the streets\n"
        "and to check every bridge over the river before traffic could return.\n"
        "The council listed the roads that stay closed until the flood water has gone:\n"
        "- the ring road between the bridge and the old market, both directions\n"
        "- the coast road from the harbour to the lighthouse and the car park\n"
        "Officials will review the list on Monday, said the minister -\n"
        "who spoke to reporters at the depot - and more roads may reopen then.\n"
    )
    lines = unwrap_lines(text).split("\n")
    # Unwrapped, up to the colon (a full last line cannot be told from a wrapped one).
    assert "the council said that crews" in lines[0] and lines[0].endswith("has gone:")
    assert lines[1].startswith("- the ring road") and lines[2].startswith("- the coast road")
    assert "the minister - who spoke" in lines[3]


def test_seeds_are_not_unwrapped(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        raw = normalise_unicode(path.read_text(encoding="utf-8"))
        assert unwrap_lines(raw) == raw


# --- the seed articles ---------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line for line in normalise_unicode(text).split("\n") if line]


def test_seeds_lose_share_and_advertisement(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        raw = path.read_text(encoding="utf-8")
        cleaned = clean_text(raw)
        assert "Share" not in cleaned
        assert "Advertisement" not in cleaned
        assert clean_text(cleaned) == cleaned


def test_seeds_keep_every_real_paragraph(seed_paths: list[Path]) -> None:
    """Cleaning only drops whole lines, and drops nothing from the furniture-free seed."""
    first, second = (path.read_text(encoding="utf-8") for path in seed_paths)
    assert clean_text(first).split("\n\n") == _lines(first)

    lines = _lines(second)
    kept = clean_text(second).split("\n\n")
    assert set(kept) <= set(lines)
    assert kept[0] == lines[1]  # the title, after the "Share" button
    dropped = [line for line in lines if line not in kept]
    # Only the buttons, the ad slots and the related-story headline at the end:
    # the full sentence describing the video and the timeline entry stay.
    assert dropped == ["Share", "Advertisement", "Advertisement", lines[-1]]
    assert any(line.startswith("– ") for line in kept)


def test_markdown_images_go_and_links_keep_their_words() -> None:
    # Crawlers that turn pages into Markdown leave images and links in the text.
    text = ("Police closed the [Velm bridge](https://news.example/velm) on Monday, officials said. "
            "![The bridge](https://img.example/b.png \"Photo\") Traffic was diverted.\n"
            "The mayor [sic](see above) spoke later.")
    cleaned = clean_text(text)
    assert cleaned == ("Police closed the Velm bridge on Monday, officials said. Traffic was diverted.\n\n"
                       "The mayor [sic](see above) spoke later.")
    assert clean_text(cleaned) == cleaned

