"""Tests of copy detection: verbatim, reworded, boilerplate, near-duplicates, direction."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from newsbrief import read_articles
from newsbrief.model import Article, ArticleText
from newsbrief.pipeline import prepare
from newsbrief.reuse.align import aligned_span, span_similarity
from newsbrief.reuse.detect import (
    concat_tables,
    find_copies,
    links_from_table,
    sentence_table,
    unique_pairs,
)
from newsbrief.reuse.graph import copy_graph
from newsbrief.text.normalise import TokenNormaliser


def text(id: str, body: str, source: str = "", day: int | None = None) -> ArticleText:
    published = datetime(2024, 5, day) if day else None
    return prepare(Article(id=id, title="", text=body, source=source or id, published=published))


FILLER = [
    "The harbour board met on Thursday to discuss dredging the eastern channel.",
    "A bakery in the old town won a regional prize for its rye loaf.",
    "School inspectors praised the new reading programme at Fenwick Primary.",
    "Cyclists asked for a painted lane along the promenade before summer.",
    "The museum will open a gallery of whaling maps in the autumn.",
    "Volunteers planted four hundred oak saplings on the northern ridge.",
]


def test_verbatim_and_spun_copies_are_linked_and_unrelated_text_is_not() -> None:
    original = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
    spun = "Rescue crews evacuated 340 inhabitants from the Tarnvale estate after the river burst its banks, officials said."
    a = text("a", " ".join([original, FILLER[0], FILLER[1]]))
    b = text("b", " ".join([FILLER[2], original, FILLER[3]]))
    c = text("c", " ".join([spun, FILLER[4], FILLER[5]]))
    links = find_copies([a, b, c]).links
    got = {(l.a.article, l.a.sentence, l.b.article, l.b.sentence, l.kind) for l in links}
    assert got == {("a", 0, "b", 1, "verbatim"), ("a", 0, "c", 0, "reworded"), ("b", 1, "c", 0, "reworded")}
    assert all(0.5 <= l.score <= 1.0 for l in links)


def test_a_name_written_another_way_is_the_same_name() -> None:
    a = text("a", "Russia and the U.S. agreed on Tuesday to extend the nuclear arms treaty by five years.")
    b = text("b", "The Russian Federation and the United States agreed on Tuesday to extend the nuclear arms treaty by five years.")
    (link,) = find_copies([a, b]).links
    assert link.kind == "reworded"


def test_aliases_spellings_and_numbers_survive_spinning() -> None:
    a = text("a", "Five hundred Russian trucks crossed the border to defend the neighbourhood centre on Friday.")
    b = text("b", "500 trucks of the Russian Federation crossed the frontier to defend the neighborhood center Friday.")
    (link,) = find_copies([a, b]).links
    assert link.kind == "reworded" and link.score >= 0.5


def test_same_topic_different_statements_are_not_linked() -> None:
    a = text("a", "The Tarnvale dam burst on Monday and flooded forty homes in the valley. "
                  "Engineers had warned about cracks in the spillway for years.")
    b = text("b", "Residents of the Tarnvale valley returned home on Wednesday to count the damage. "
                  "The regional government promised money for new flood barriers.")
    assert find_copies([a, b]).links == ()


def test_boilerplate_across_unrelated_articles_is_furniture_not_copying() -> None:
    footer = "Copyright Harbour Media Group, all rights reserved, reproduction without permission prohibited."
    texts = [text(f"t{i}", f"{body} {footer}") for i, body in enumerate(FILLER)]
    result = find_copies(texts)
    assert result.links == ()
    assert {r.article for r in result.boilerplate} == {t.id for t in texts}
    assert {r.text for r in result.boilerplate} == {footer}


def test_syndicated_sentence_in_related_articles_is_still_a_copy() -> None:
    wire = "The Kestrel Dawn ferry capsized off Northgate with 212 passengers aboard on Sunday night."
    bodies = [
        "Divers searched the capsized Kestrel Dawn ferry off Northgate for missing passengers.",
        "Families of missing Kestrel Dawn passengers waited for the divers at the Northgate ferry terminal.",
        "The Northgate coastguard said divers had found no more passengers in the capsized ferry.",
        "Northgate ferry workers said the Kestrel Dawn often sailed with too many passengers.",
        "The Kestrel Dawn ferry owners said they would help the Northgate coastguard and the divers.",
    ]
    # Among other news, as in any real collection, so that the story's names are rare words.
    texts = [text(f"w{i}", f"{wire} {body}") for i, body in enumerate(bodies)]
    texts += [text(f"other{i}", body) for i, body in enumerate(FILLER)]
    result = find_copies(texts)
    assert result.boilerplate == ()
    assert sum(l.kind == "verbatim" for l in result.links) == 10


def test_near_duplicates_are_flagged() -> None:
    body = " ".join(FILLER[:4])
    result = find_copies([text("a", body), text("b", body), text("c", FILLER[5])])
    assert [(d.a, d.b) for d in result.near_duplicates] == [("a", "b")]


def test_batches_concatenated_give_the_same_links_as_one_table() -> None:
    original = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
    texts = [text("a", original + " " + FILLER[0]), text("b", FILLER[1] + " " + original), text("c", FILLER[2])]
    whole = links_from_table(sentence_table(texts), texts)
    parts = concat_tables([sentence_table(texts[:1]), sentence_table(texts[1:])], [1, 2])
    assert links_from_table(parts, texts) == whole
    assert len(whole.links) == 1


def test_direction_earliest_carrier_ties_and_missing_dates() -> None:
    s = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
    dated = [text("a", s, "Wire", 1), text("b", s, "Herald", 2), text("c", s, "Post", 3)]
    graph = copy_graph(dated, find_copies(dated).links)
    (family,) = graph.families
    assert family.status == "earliest" and family.origin is not None and family.origin.article == "a"
    assert {(e.source, e.target, e.count, e.verbatim) for e in graph.edges} == {("Wire", "Herald", 1, 1), ("Wire", "Post", 1, 1)}
    tie = [text("a", s, "Wire", 1), text("b", s, "Herald", 1)]
    assert copy_graph(tie, find_copies(tie).links).families[0].status == "tie"
    undated = [text("a", s, "Wire", 1), text("b", s, "Herald")]
    graph = copy_graph(undated, find_copies(undated).links)
    assert graph.families[0].status == "undated" and graph.edges == () and graph.undetermined == 1
    assert find_copies(dated).links[0].first == "a"


def test_one_outlet_spelled_by_a_folder_and_by_records_is_one_node(tmp_path: Path) -> None:
    # Articles of a folder "valley-wire" and JSONL records whose source is "Valley Wire"
    # are one outlet's: its copies count on one edge, named as the records write it.
    s = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
    (tmp_path / "valley-wire").mkdir()
    (tmp_path / "valley-wire" / "flood.txt").write_text(f"Tarnvale flood\n\n{s} {FILLER[0]}", encoding="utf-8")
    records = [{"id": "herald-1", "title": "Estate evacuated", "text": f"{s} {FILLER[1]}", "source": "Harbour Herald",
                "published": "2024-05-02"},
               {"id": "wire-2", "title": "Flood update", "text": f"{FILLER[2]} {s}", "source": "Valley Wire",
                "published": "2024-05-03"}]
    (tmp_path / "more.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    # The text file dated by hand, without a time zone, beside the records' UTC dates.
    articles = [replace(a, published=a.published or datetime(2024, 5, 1)) for a in read_articles([tmp_path])]
    assert {a.source for a in articles} == {"valley-wire", "Harbour Herald", "Valley Wire"}
    texts = [prepare(a) for a in articles]
    graph = copy_graph(texts, find_copies(texts).links)
    assert {(e.source, e.target, e.count) for e in graph.edges} == {("Valley Wire", "Harbour Herald", 1), ("Valley Wire", "Valley Wire", 1)}


def test_aligned_span_is_the_shortest_window() -> None:
    assert aligned_span([1, 2, 9, 9, 1, 3, 2], {1, 2, 3}) == (4, 7)
    assert aligned_span([4, 5], set()) == (0, 0)
    match = span_similarity([7, 1, 2, 3, 8, 9], [1, 2, 3], [1.0] * 10)
    assert match.span_dice == 1.0 and match.containment == 1.0 and match.span_a == (1, 4)


def test_normaliser_keeps_everyday_words_apart_from_aliases() -> None:
    normalise = TokenNormaliser()
    assert "islamic_state" not in normalise("This is a test of what is known.")
    assert "islamic_state" in normalise("IS fighters held the town.")
    assert "united_states" in normalise("The US said so.") and "united_states" not in normalise("Tell us more.")
    assert normalise("militants") == normalise("fighters") == normalise("insurgents")


def test_same_input_same_output() -> None:
    texts = [text("a", " ".join(FILLER[:3])), text("b", " ".join(FILLER[1:4]))]
    assert find_copies(texts) == find_copies(list(texts))


# --- the seeds ----------------------------------------------------------------

SEED_VERBATIM = ["There were networks of folks in Raqqa", "Kerry told reporters afterwards",
                 "A second United States official, again speaking"]
# The reworded facts the two seed articles share (one clause of each is enough).
SEED_REWORDED = [
    ("killed at least 129 people", "which killed 129 people"),
    ("preventing people from fleeing", "barring Syrian civilians from fleeing"),
    ("stiffening their defenses for a possible assault", "digging in to make any potential assault"),
]


@pytest.fixture(scope="module")
def seed_links(seed_paths: list[Path]) -> list:
    return list(find_copies([prepare(a) for a in read_articles(seed_paths)]).links)


def test_seed_verbatim_sentences(seed_links: list) -> None:
    verbatim = [l for l in seed_links if l.kind == "verbatim"]
    assert len(verbatim) == len(SEED_VERBATIM)
    for start in SEED_VERBATIM:
        assert sum(l.a.text.lstrip("\"“").startswith(start) and l.a.text == l.b.text for l in verbatim) == 1, start


def test_seed_reworded_facts_and_no_false_links(seed_links: list) -> None:
    reworded = [l for l in seed_links if l.kind == "reworded"]
    for one, other in SEED_REWORDED:
        assert sum((one in l.a.text and other in l.b.text) or (other in l.a.text and one in l.b.text) for l in reworded) == 1
    # Nothing else: every reworded link is one of the shared facts.
    assert len(reworded) == len(SEED_REWORDED)


# --- batch normalisation and furniture -------------------------------------------

def test_batch_encoding_gives_the_same_tokens_as_one_sentence_at_a_time() -> None:
    sentences = [
        "Two hundred and five US troops left the United States of America on Friday.",
        "Ten million people and 10 million residents; $2.5 billion was pledged.",
        "Many of the Russian Federation's ships, five 10 million, one and two.",
        "",
        "IS fighters told us the UN is here, per cent by per cent.",
        "Flood waters cut the rail line.",
        "a\x00b c",  # the batch separator inside a sentence is only a space
        "one",
    ] + FILLER
    normalise = TokenNormaliser()
    batch = normalise.encode(sentences)
    assert len(batch.offsets) == len(sentences) + 1 and len(batch.surface) == len(sentences)
    for k, sentence in enumerate(sentences):
        got = tuple(batch.vocabulary[t] for t in batch.tokens[batch.offsets[k] : batch.offsets[k + 1]])
        assert got == TokenNormaliser()(sentence.replace("\x00", " ")), sentence


def test_surface_hash_ignores_case_and_punctuation_only() -> None:
    batch = TokenNormaliser().encode(["Flood waters ROSE, again.", "flood waters rose again", "again flood waters rose"])
    assert batch.surface[0] == batch.surface[1] != batch.surface[2]


def test_figures_in_digits_and_words_match() -> None:
    normalise = TokenNormaliser()
    assert normalise("ten million people fled") == normalise("10 million people fled")
    assert normalise("$2.5 billion") == ("$2500000000",)


def test_credit_line_is_furniture_but_a_short_shared_quote_is_a_copy() -> None:
    credit = "Story filed by Harbour News Service"
    quote = "We will not leave until the last family is safe."
    a = text("a", f"{FILLER[0]} {FILLER[1]} {credit}")
    b = text("b", f"{FILLER[2]} {FILLER[3]} {credit}")
    c = text("c", f"{FILLER[4]} {quote}")
    d = text("d", f"{quote} {FILLER[5]}")
    result = find_copies([a, b, c, d])
    assert {r.text for r in result.boilerplate} == {credit}
    assert [(l.a.article, l.b.article, l.kind) for l in result.links] == [("c", "d", "verbatim")]


def test_stock_phrase_too_short_to_attribute_is_not_linked() -> None:
    a = text("a", f"{FILLER[0]} He declined to comment.")
    b = text("b", f"{FILLER[3]} He declined to comment.")
    assert find_copies([a, b]).links == ()


def test_line_that_travels_with_other_copied_lines_is_content_not_furniture() -> None:
    quote = "Of all the storms we have weathered, this one frightened the harbour pilots most."
    taken = [
        "The tidal gauge at Fenwick Point broke its record by forty centimetres.",
        "Ferry crews moored twelve vessels behind the breakwater before midnight.",
        "Council engineers closed the coastal road between Ashby and Fenwick.",
        "Insurers opened an emergency claims desk in the Fenwick library.",
        "A lifeboat crew rescued two anglers stranded on the Ashby sandbar.",
    ]
    source = text("source", " ".join([quote, *taken, "Storm shutters sold out across the county by Tuesday."]))
    # Five otherwise unrelated pieces, each quoting the line and taking one more sentence.
    pieces = [text(f"p{i}", f"{FILLER[i]} {quote} {sentence}") for i, sentence in enumerate(taken)]
    result = find_copies([source, *pieces])
    assert result.boilerplate == ()
    quoted = {(l.a.article, l.b.article) for l in result.links if l.a.text == quote}
    assert len(quoted) == 15  # every two of the six carriers
    # The same line in six unrelated articles that share nothing else is furniture.
    alone = [text(f"q{i}", f"{FILLER[i]} {quote}") for i in range(6)]
    assert {r.text for r in find_copies(alone).boilerplate} == {quote}


# --- sentence-to-passage and aligned spans ----------------------------

def test_a_sentence_merged_from_two_sources_is_linked_to_both() -> None:
    first = "The regional council approved a new ferry terminal for Northgate harbour on Tuesday evening."
    second = "Construction of the Kestrel quay extension will begin next spring and cost eleven million pounds."
    merged = ("The regional council approved a fresh ferry terminal for Northgate harbour on Tuesday evening, and "
              "construction of the Kestrel quay extension will start next spring at a cost of eleven million pounds.")
    links = find_copies([text("src", f"{first} {second} {FILLER[3]}"), text("copy", f"{FILLER[4]} {merged}")]).links
    assert {(l.a.sentence, l.b.sentence) for l in links} == {(1, 0), (1, 1)}  # "copy" sorts first


def test_links_carry_aligned_spans_as_character_offsets() -> None:
    original = "Emergency crews evacuated 340 residents from the Tarnvale estate after the river burst its banks."
    spun = "Rescue crews evacuated 340 inhabitants from the Tarnvale estate after the river burst its banks, officials said."
    links = find_copies([text("a", original), text("b", original), text("c", spun)]).links
    verbatim = next(l for l in links if l.kind == "verbatim")
    assert verbatim.spans == ((0, len(original) - 1, 0, len(original) - 1),)  # first word to last, not the full stop
    for link in links:
        assert link.spans
        for a_start, a_end, b_start, b_end in link.spans:
            assert 0 <= a_start < a_end <= len(link.a.text) and 0 <= b_start < b_end <= len(link.b.text)
    reworded = next(l for l in links if l.kind == "reworded")
    aligned = [(reworded.a.text[s:e], reworded.b.text[t:u]) for s, e, t, u in reworded.spans]
    # "residents" and "inhabitants" are synonyms; the added "officials said" is aligned to nothing.
    assert aligned == [("crews evacuated 340 residents from the Tarnvale estate after the river burst its banks",
                        "crews evacuated 340 inhabitants from the Tarnvale estate after the river burst its banks")]


def test_seed_links_have_spans_inside_their_sentences(seed_links: list) -> None:
    for link in seed_links:
        assert link.spans, link
        assert all(e <= len(link.a.text) and u <= len(link.b.text) for _, e, _, u in link.spans)


def test_two_copies_of_one_sentence_are_linked_to_each_other_unless_their_facts_differ() -> None:
    # Each copier rewrote other words in place, so the two copies share fewer
    # words with each other than with the source, and their articles share
    # nothing else; a copy that puts another dock in the same words is not one.
    source = "The harbour authority said the new container crane at Pellston dock would double the number of ships handled there each week."
    one = "The harbour orchestra said the new lantern crane at Pellston dock would double the number of melons handled there each week."
    other = ("The harbour authority said the new container violin at {dock} dock would double the tally of ships handled there each week, "
             "while fishermen on the north quay asked for their moorings back.")

    def links(dock: str) -> set[tuple[str, int, str, int]]:
        articles = [text("src", f"{FILLER[0]} {source} {FILLER[1]}"), text("x", f"{FILLER[2]} {one}"),
                    text("y", f"{other.format(dock=dock)} {FILLER[1]}")]
        return {(l.a.article, l.a.sentence, l.b.article, l.b.sentence) for l in find_copies(articles).links}

    assert {("src", 1, "x", 1), ("x", 1, "y", 0)} <= links("Pellston")
    assert ("x", 1, "y", 0) not in links("Marlow")


def test_co_copies_of_a_much_reworded_sentence_stay_few() -> None:
    """A sentence reworded by 40 outlets: co-copies are looked for among its 32 closest copies only."""
    import numpy as np

    from newsbrief.reuse.detect import _CO_COPY_PARTNERS, _co_copies

    hub, copies = 0, list(range(1, 41))
    accepted = [(hub, c, 0.9 - c / 100) for c in copies]
    pairs = _co_copies(accepted, {}, np.arange(41))
    closest = set(copies[:_CO_COPY_PARTNERS])
    assert len(pairs) == _CO_COPY_PARTNERS * (_CO_COPY_PARTNERS - 1) // 2
    assert all(a in closest and b in closest and a < b for a, b in pairs)


def test_unique_pairs_equal_numpys_unique_rows() -> None:
    rng = np.random.default_rng(3)
    # 64-bit token hashes viewed as int64 are negative about half the time.
    first = rng.integers(-(2**62), 2**62, 300)[rng.integers(0, 300, 5000)]
    second = rng.integers(0, 40, 5000)
    assert np.array_equal(unique_pairs(first, second), np.unique(np.stack([first, second], axis=1), axis=0))
    assert unique_pairs(np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0, 2)


@pytest.mark.parametrize(
    ("said", "otherwise"),
    [
        ("The mayor told reporters on Tuesday that she would resign before the council met again.",
         "The mayor told reporters on Tuesday that she would not resign before the council met again."),
        ("The central bank said inflation rose sharply in May because of higher energy prices.",
         "The central bank said inflation fell sharply in May because of lower energy prices."),
        ("The regional council approved the plan for a new bypass around the old market town.",
         "The regional council rejected the plan for a new bypass around the old market town."),
        ("The two countries agreed to extend the arms treaty for five years, officials said on Tuesday.",
         "The two countries agreed to extend the arms treaty for three years, officials said on Tuesday."),
        ("The first ferry is expected to sail on Saturday, and a review of the timetable is planned for next month.",
         "The first ferry is expected to sail on Sunday, and a review of the timetable is planned for next month."),
        ("The mayor told reporters that the new tram line would open to passengers in March next year.",
         "The mayor told reporters that the new tram line would open to passengers in October next year."),
    ],
)
def test_a_sentence_that_says_otherwise_is_not_a_copy(said: str, otherwise: str) -> None:
    # Attributing the second to the first's outlet would credit it with the opposite claim.
    a = text("a", " ".join([said, FILLER[0], FILLER[1]]))
    b = text("b", " ".join([otherwise, FILLER[2], FILLER[3]]))
    assert find_copies([a, b]).links == ()
    # The same sentence, reworded without changing what it says, is a copy.
    spun = said.replace("told reporters", "informed journalists").replace("said", "stated")
    assert len(find_copies([a, text("c", " ".join([spun, FILLER[4]]))]).links) == 1


# The dash set tight against the sentence too, as many US papers do.
@pytest.mark.parametrize("dateline", ["VELM, Tarnland (Harbour Wire) - ", "VELM, Tarnland—", "(Harbour Wire)--"])
def test_a_copy_without_the_wire_dateline_is_verbatim(dateline: str) -> None:
    body = "Firefighters battled a huge blaze at the Tarnvale bus depot for more than four hours on Monday."
    a = text("a", " ".join([f"{dateline}{body}", FILLER[0], FILLER[1]]))
    b = text("b", " ".join([body, FILLER[2], FILLER[3]]))
    (link,) = find_copies([a, b]).links
    assert (link.kind, link.score) == ("verbatim", 1.0)
    # Its span starts after the dateline.
    (span,) = link.spans
    assert link.a.text[span[0] : span[1]] == body.rstrip(".")


def test_stock_phrases_and_syndicate_notes_of_unrelated_articles_are_furniture() -> None:
    stock = "It was not immediately clear what would happen to the families next."
    note = "Please contact one of our sales representatives: Harbour Syndicate, fax 555-0199."
    # Two articles of one story carry the note under their copy, and so does an unrelated one.
    story = "The Tarnvale dam burst on Monday and flooded forty homes in the valley below the town."
    a = text("a", f"{story} {FILLER[0]} {stock} {note}")
    b = text("b", f"{story} {FILLER[1]} {note}")
    c = text("c", f"{FILLER[4]} {FILLER[5]} {stock} {note}")
    result = find_copies([a, b, c])
    assert {r.text for r in result.boilerplate} == {stock, note}
    assert [(l.a.article, l.b.article, l.a.text) for l in result.links] == [("a", "b", story)]
