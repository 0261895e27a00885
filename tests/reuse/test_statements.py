"""Copy detection must not call two different statements a copy.

The sentences are written for these tests (QA cases rebuilt by hand): one
speaker quoted on two statements, two independent reports of one event, and a
clause that two otherwise different sentences share.
"""

from __future__ import annotations

import pytest

from newsbrief.model import Article, ArticleText
from newsbrief.pipeline import prepare
from newsbrief.reuse.align import AlignOptions, attribution_frame, only_the_frame, word_keys
from newsbrief.reuse.detect import CopyOptions, find_copies
from newsbrief.text.normalise import TokenNormaliser

FILLER = [
    "A choir from the valley sang at the cathedral on Sunday evening.",
    "The county library extended its opening hours for the exam season.",
    "Two foxes were seen crossing the market square before sunrise.",
    "A local potter sold her whole stock of blue jugs at the craft fair.",
    "The rowing club repainted its boathouse in green and white stripes.",
    "Beekeepers reported a good year for heather honey on the moors.",
]
# A sentence both outlets carry word for word: their articles are linked already.
COMMON = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."


def text(id: str, body: str) -> ArticleText:
    return prepare(Article(id=id, title="", text=body, source=id))


def pair_links(one: str, other: str, linked: bool) -> set[tuple[str, str]]:
    """The links between ``one`` (in article a) and ``other`` (in article b), each among
    filler; with ``linked`` both articles also carry :data:`COMMON`."""
    common = f" {COMMON}" if linked else ""
    articles = [text("a", f"{one} {FILLER[0]} {FILLER[1]}{common}"), text("b", f"{other} {FILLER[2]} {FILLER[3]}{common}"),
                text("c", f"{FILLER[4]} {FILLER[5]}")]
    return {(l.a.text, l.b.text) for l in find_copies(articles).links if COMMON not in (l.a.text, l.b.text)}


# One speaker (or source) on two statements: the frame is shared, what is said is not.
FRAMES = [
    ('"We will rebuild every school by spring," Governor Ana Ruiz told reporters at a news conference on Tuesday.',
     '"The budget for roads is exhausted," Governor Ana Ruiz told reporters at a news conference on Tuesday.'),
    ("Hospitals will hire more nurses, said Health Minister Lena Okafor in a statement released late on Friday.",
     "The vaccine will reach rural clinics, said Health Minister Lena Okafor in a statement released late on Friday."),
    ("The bridge will reopen next week, according to a statement from the regional transport ministry.",
     "Tolls on the motorway will double, according to a statement from the regional transport ministry."),
    ("According to a statement from the regional transport ministry, the bridge will reopen next week.",
     "According to a statement from the regional transport ministry, tolls on the motorway will double."),
]


@pytest.mark.parametrize("linked", [False, True])
@pytest.mark.parametrize(("one", "other"), FRAMES)
def test_one_speaker_on_two_statements_is_no_copy(one: str, other: str, linked: bool) -> None:
    assert pair_links(one, other, linked) == set()


def test_the_frame_pairs_would_be_linked_on_their_words_alone() -> None:
    """Guard that the test above tests the frame rule: the speaker quoted on two
    statements and the closing frames match well enough to pass the scores."""
    from newsbrief.reuse import detect

    keep = detect.only_the_frame
    try:
        detect.only_the_frame = lambda a, b: False  # type: ignore[assignment]
        assert pair_links(*FRAMES[0], linked=False) and pair_links(*FRAMES[1], linked=False)
        assert pair_links(*FRAMES[2], linked=True) and pair_links(*FRAMES[3], linked=True)
    finally:
        detect.only_the_frame = keep


@pytest.mark.parametrize(
    ("one", "spun"),
    [
        ('"Russia and the U.S. will extend the arms treaty by five years," Governor Ana Ruiz told reporters on Tuesday.',
         '"The Russian Federation and the United States will prolong the arms treaty by five years," Governor Ana Ruiz '
         "told journalists on Tuesday."),
        ("Many of the hospitals will hire more nurses before winter, said Health Minister Lena Okafor.",
         "Numerous hospitals will recruit more nurses before winter, said Health Minister Lena Okafor."),
        ("The bridge will reopen to lorries next week, according to the regional transport ministry.",
         "According to the regional transport ministry, the bridge will reopen to lorries next week."),
        # The speaker in one sentence's frame and in an apposition of the other's.
        ('"The company urges every customer to install this update at once," said security chief Marta Vello of Kestrel Software.',
         'Marta Vello, security chief at Kestrel Software, said the company "urges every customer to install this update at once".'),
    ],
)
def test_one_statement_reworded_in_the_same_frame_is_a_copy(one: str, spun: str) -> None:
    assert pair_links(one, spun, linked=False) == {(one, spun)}


def test_the_attribution_frame_is_who_said_it_not_what() -> None:
    def frame(sentence: str) -> list[str]:
        return [sentence[start:end] for start, end in attribution_frame(sentence)]

    assert frame(FRAMES[0][0]) == ['" Governor Ana Ruiz told reporters at a news conference on Tuesday.']
    assert frame(FRAMES[1][0]) == [", said Health Minister Lena Okafor in a statement released late on Friday."]
    assert frame(FRAMES[3][0]) == ["According to a statement from the regional transport ministry, "]
    assert frame("Officials said on Monday that 40,000 homes had no power.") == ["Officials said on Monday that"]
    # A clause of its own after the verb is what was said; scare quotes are no quoted statement.
    assert frame("The road will stay shut, and officials said the repairs would take another three weeks.") == []
    assert frame('However he said the tax is "the wrong way to go" for the county.') == ["However he said"]
    assert frame("Of the 23 sailors rescued, 12 are reported to be Danish.") == []
    # "according to" inside a clause attributes nothing; nor does a clause with a verb of its own before "added".
    assert frame("He ran the port according to the rules of his old job, said Alexander Belov.") == [", said Alexander Belov."]
    assert frame("Earlier, our policy on the harbour is sound he added.") == []
    quoted = 'Marta Vello, security chief at Kestrel Software, said the company "urges every customer to update".'
    assert frame(quoted) == ['Marta Vello, security chief at Kestrel Software, said the company "']
    keys = word_keys(list(FRAMES[0]), TokenNormaliser())
    assert only_the_frame(keys[FRAMES[0][0]], keys[FRAMES[0][1]])


# Two reports of one rescue: the short sentence's words all stand in the long one, in
# order, but the long one tells much more (a grey-zone pair, checked only between
# articles that share copied text).
SEARCHED = "Rescue teams searched the rubble of the collapsed school."
SEARCHED_MORE = ("Through the night, soldiers and rescue teams from three provinces searched the rubble of the "
                 "collapsed school with dogs and thermal cameras while relatives waited behind the police tape.")


def grey_links(support_a: str, support_b: str) -> set[tuple[str, str]]:
    """The links between the two rescue reports, each also carrying one of the support sentences."""
    articles = [text("a", f"{support_a} {SEARCHED} {FILLER[0]} {FILLER[1]}"),
                text("b", f"{FILLER[2]} {SEARCHED_MORE} {support_b} {FILLER[3]}"), text("c", f"{FILLER[4]} {FILLER[5]}")]
    return {(l.a.text, l.b.text) for l in find_copies(articles).links}


@pytest.mark.parametrize(
    ("support_a", "support_b"),
    [
        # A figure changed: two reports that disagree, not a copy.
        ("The earthquake killed 23 people in the hill town of Osmo on Monday, the regional governor said.",
         "The earthquake killed 31 people in the hill town of Osmo on Monday, the regional governor said."),
        # One speaker on two statements.
        FRAMES[0],
    ],
)
def test_a_pair_of_articles_that_shares_no_copy_lends_no_support(support_a: str, support_b: str) -> None:
    # Both support pairs score as sure copies before their checks; they are not, so
    # the rescue sentences stay apart as they do with nothing else shared.
    assert grey_links(support_a, support_b) == set()
    assert grey_links("", "") == set()
    # Articles that do share a copied sentence lend the rescue pair their support.
    assert (SEARCHED, SEARCHED_MORE) in grey_links(COMMON, COMMON)


# One clause, word for word, inside two sentences that otherwise say different things.
CLAUSES = [
    ("Officials said on Monday that the storm cut power to 40,000 homes across the coastal districts before dawn.",
     "Crews worked through the weekend because the storm cut power to 40,000 homes and flooded the main depot."),
    ("Rescue teams in the northern valleys reported that the storm cut power to 40,000 homes, while schools stayed shut.",
     "Crews worked through the weekend after the storm cut power to 40,000 homes and flooded the main bus depot in Ashby."),
]


@pytest.mark.parametrize(("one", "other"), CLAUSES)
def test_a_clause_shared_inside_two_different_sentences_is_no_copy_of_either(one: str, other: str) -> None:
    # Even between articles that share a copied sentence, where a borderline pair is checked.
    assert pair_links(one, other, linked=True) == set()
    # Guard: the shared clause alone passes the aligned-span check.
    articles = [text("a", f"{one} {FILLER[0]} {COMMON}"), text("b", f"{other} {FILLER[2]} {COMMON}"), text("c", FILLER[4])]
    loose = CopyOptions(align=AlignOptions(min_span_cover=0.0))
    assert (one, other) in {(l.a.text, l.b.text) for l in find_copies(articles, loose).links}


def test_a_sentence_copied_into_a_longer_one_is_still_a_copy() -> None:
    # The short sentence is the whole of what the long one shares with it.
    assert (SEARCHED, SEARCHED_MORE) in grey_links(COMMON, COMMON)
    shorter = "The storm cut power to 40,000 homes across the coastal districts."
    assert pair_links(shorter, CLAUSES[0][0], linked=True) == {(shorter, CLAUSES[0][0])}


def test_a_sentence_matched_by_a_no_copy_is_explained_there() -> None:
    # The governor's two statements match closely on their frame (a sure pair that is
    # no copy); a weaker match of the first on the same frame words is no copy either.
    held = ("On Tuesday Governor Ana Ruiz held a news conference for reporters after touring the flooded "
            "northern districts by helicopter with the army chief.")
    articles = [text("a", f"{FRAMES[0][0]} {FILLER[0]} {COMMON}"), text("b", f"{FRAMES[0][1]} {FILLER[1]} {COMMON} {held}"),
                text("c", FILLER[4])]
    assert [l.b.text for l in find_copies(articles).links] == [COMMON]


@pytest.mark.parametrize(
    "about",
    [
        "Reporters crowded into the news conference where Governor Ana Ruiz took questions for an hour on Tuesday.",
        "Governor Ana Ruiz, who told reporters at a news conference on Tuesday that she had slept little, toured the valley.",
    ],
)
def test_a_sentence_about_the_speaker_is_no_copy_of_the_statement(about: str) -> None:
    # It matches the statement's frame, which only one of the two sentences has.
    assert pair_links(FRAMES[0][0], about, linked=True) == set()
