"""Tests of ``newsbrief.facts.figures``: number forms, what a figure counts, what is not a
figure, merging across articles, and the two seed articles."""

from __future__ import annotations

import doctest
import re
from dataclasses import replace
from pathlib import Path

import pytest

from newsbrief.facts import figures
from newsbrief.facts.figures import extract_figures, merge_figures
from newsbrief.model import Fact, Sentence


def _sentence(text: str, article: str = "a", index: int = 0) -> Sentence:
    return Sentence(article=article, index=index, text=text, start=0, end=len(text))


def _found(text: str) -> list[tuple[str, float | None, str]]:
    return [(f.value, f.number, f.what) for f in extract_figures([_sentence(text)])]


# Invented sentences, each with every figure it holds: (value, number, what).
FIGURES = [
    # thousands marked with points, as much of Europe writes them: in a count of things,
    # or grouped more than once; a rate or a measure keeps its decimals
    ("More than 3.000 people were evacuated on Sunday.", [("More than 3.000", 3000, "people evacuated")]),
    ("Rescuers saved 1.250 workers from the mine.", [("1.250", 1250, "workers saved")]),
    ("The euro rose to 1.085 dollars.", [("1.085 dollars", 1.085, "euro")]),
    # a verb after "to" has not happened: what the count is, is said after it
    ("Divers struggled to rescue more than 100 sailors trapped in the hull.", [("more than 100", 100, "sailors trapped")]),
    ("Officials plan to evacuate 500 residents.", [("500", 500, "residents")]),
    # digits, thousands separators, decimals and scales
    ("The firm hired 120 engineers in Texas last year.", [("120", 120, "engineers hired")]),
    (
        "The quake killed 1,200 people and injured 3,400 others.",
        [("1,200", 1200, "people killed"), ("3,400", 3400, "others injured")],
    ),
    ("Officials said 2.5 million voters had registered.", [("2.5 million", 2_500_000, "voters")]),
    # numbers in words
    ("Thirty-three miners were rescued after the collapse.", [("Thirty-three", 33, "miners rescued")]),
    ("Two hundred and fifty volunteers joined the search.", [("Two hundred and fifty", 250, "volunteers")]),
    ("Rescuers pulled a dozen survivors from the rubble.", [("a dozen", 12, "survivors pulled")]),
    ("Half a million people marched through the capital.", [("Half a million", 500_000, "people")]),
    ("Police questioned two dozen witnesses about the fire.", [("two dozen", 24, "witnesses")]),
    # ranges: the number is the middle
    ("Storms destroyed 10-12 homes along the coast.", [("10-12", 11, "homes destroyed")]),
    ("Officials said between 10 and 12 boats sank near the harbour.", [("between 10 and 12", 11, "boats sank")]),
    ("The storm left three or four villages without power.", [("three or four", 3.5, "villages")]),
    ("Shares fell 10 -12 percent on the news.", [("10 -12 percent", 11, "shares")]),  # a dash, not a sign
    # qualifiers stay in the value
    ("Nearly 300 families were evacuated from the valley.", [("Nearly 300", 300, "families evacuated")]),
    ("Up to 40 flights were cancelled at the airport.", [("Up to 40", 40, "flights cancelled")]),
    ("More than 50 protesters were arrested outside parliament.", [("More than 50", 50, "protesters arrested")]),
    ("The army said it had fired about 20 shells at the ridge.", [("about 20", 20, "shells fired")]),
    ("Floods have displaced at least 4,000 residents this week.", [("at least 4,000", 4000, "residents displaced")]),
    # money
    ("The ministry is offering a $2 million reward for the hackers.", [("$2 million", 2_000_000, "reward")]),
    ("The council approved £3bn of spending on railways.", [("£3bn", 3e9, "spending")]),
    ("The company paid 50 million dollars in compensation.", [("50 million dollars", 5e7, "compensation paid")]),
    ("The agency said €2.5 billion in aid had been pledged.", [("€2.5 billion", 2.5e9, "aid pledged")]),
    ("The minister promised $8 million for reconstruction.", [("$8 million", 8e6, "reconstruction")]),
    ("The minister promised $8 million for Ostrava.", [("$8 million", 8e6, "money")]),  # for whom, not what
    ("Donors pledged $10-12 million to the fund.", [("$10-12 million", 11e6, "money pledged")]),
    ("The charity raised US$40,000 at the gala.", [("US$40,000", 40_000, "money raised")]),
    # a glued "m" is millions before a currency or counted things, else metres
    ("The fund raised 5m euros for the clinic.", [("5m euros", 5e6, "money raised")]),
    ("The worm has infected over 2m Windows computers.", [("over 2m", 2e6, "computers infected")]),
    ("Some 3m people fled the floods.", [("Some 3m", 3e6, "people fled")]),
    ("Floodwater rose to 5m in the square.", [("5m", 5, "m")]),
    ("Crews put up 5m high walls of sandbags.", [("5m", 5, "m")]),
    ("The engine makes 151 PS along with more torque.", [("151", 151, "PS")]),  # "along" is no counted word
    ("Engineers built 40m steel towers.", [("40m", 40, "m")]),
    # percentages: what comes from "of ..." or from the subject the figure is the value of
    ("Officials said 64% of voters backed the plan.", [("64%", 64, "voters")]),
    ("Turnout rose to 58 percent in the northern districts.", [("58 percent", 58, "turnout")]),
    ("Prices climbed by 3.5 per cent last month.", [("3.5 per cent", 3.5, "prices")]),
    # measures
    ("The bomb held as much as 2.2 pounds of TNT.", [("as much as 2.2 pounds", 2.2, "pounds of TNT")]),
    ("Police seized 4.5 tonnes of cocaine at the port.", [("4.5 tonnes", 4.5, "tonnes of cocaine seized")]),
    ("Crews built a 20 kilometre containment line overnight.", [("20 kilometre", 20, "kilometre containment line")]),
    # negative figures: a minus sign or "minus" stays in the value and the number
    ("Temperatures fell to minus 5 degrees Celsius overnight.", [("minus 5 degrees Celsius", -5, "degrees Celsius")]),
    ("It was -25C in the capital.", [("-25C", -25, "degrees Celsius")]),
    ("Lows of −30 °C were recorded in the north.", [("−30 °C", -30, "degrees Celsius")]),
    ("The firm reported a loss of -$4.2 million.", [("-$4.2 million", -4.2e6, "loss")]),
    ("Inflation fell to -0.5 percent in May.", [("-0.5 percent", -0.5, "inflation")]),
    # what: the governing verb on either side, and bare figures' subjects
    ("Five hundred supply trucks have already been destroyed.", [("Five hundred", 500, "supply trucks destroyed")]),
    ("Seven people have died in the floods.", [("Seven", 7, "people died")]),
    ("Rebels killed a total of 50 soldiers in the raid.", [("50", 50, "soldiers killed")]),
    ("The death toll rose to 87 on Sunday.", [("87", 87, "death toll")]),
    ("Property crime was down 8 percent last year.", [("8 percent", 8, "property crime")]),
    # another figure's unit is not a subject: "$8.70" is not counted in cents
    ("Lawmakers voted to raise it between 25 and 75 cents to $8.70.",
     [("between 25 and 75", 50, "cents"), ("$8.70", 8.7, "money")]),
    ("Two New Zealand soldiers died in the crash.", [("Two", 2, "soldiers died")]),  # capitalised, not a title
    ("The strike will affect three of the country's biggest banks.", [("three", 3, "biggest banks affected")]),
    ("A gunman shot one guard at the gate.", [("one", 1, "guard shot")]),
    # a number after "one of" counts, "one" itself does not
    ("Police are hunting one of the nine suspects.", [("nine", 9, "suspects")]),
    # hyphenated compounds, shares and partitives
    ("The truce ended a 15-month war in the hills.", [("15-month", 15, "month war")]),
    ("The submarine carries a 107-man crew.", [("107-man", 107, "man crew")]),
    ("Police broke up a three-member gang.", [("three-member", 3, "member gang")]),
    ("Wards saw a 36-percent rise in patients.", [("36-percent", 36, "rise")]),
    # percentage points, however written, count percentage points
    ("The bank raised its rate by 0.25 percentage points.", [("0.25 percentage points", 0.25, "percentage points")]),
    ("The bank raised its rate by 0.25 percentage point.", [("0.25 percentage point", 0.25, "percentage points")]),
    ("The bank made a 0.25 percentage-point cut.", [("0.25 percentage-point", 0.25, "percentage points")]),
    ("The bank made a 0.5-percentage-point cut.", [("0.5-percentage-point", 0.5, "percentage points")]),
    ("Support fell one percentage point.", [("one percentage point", 1, "percentage points")]),
    # ... and halves and quarters of one, a point alone being a percentage point
    ("Lenders raised the mortgage rate by half a percentage point.", [("half a percentage point", 0.5, "percentage points")]),
    ("Markets now expect a quarter-point cut in June.", [("quarter-point", 0.25, "percentage points")]),
    ("The central bank trimmed its key rate by a quarter point.", [("quarter point", 0.25, "percentage points")]),
    ("Gilt yields slipped three-quarters of a point after the budget.", [("three-quarters of a point", 0.75, "percentage points")]),
    ("Profits fell by half in the second quarter.", []),  # a share of the profits; a quarter of the year
    # basis points, hundredths of a percentage point, count basis points
    ("The board agreed a 25 basis point cut on Thursday.", [("25 basis point", 25, "basis points")]),
    ("Treasury yields rose 12 basis points to 4.1 percent.", [("12 basis points", 12, "basis points"), ("4.1 percent", 4.1, "percent")]),
    ("Analysts had pencilled in a 50-basis-point rise.", [("50-basis-point", 50, "basis points")]),
    ("The spread over Bunds widened by 30 bps.", [("30 bps", 30, "basis points")]),
    ("The office expected a 37 billion-dollar shortfall.", [("37 billion-dollar", 37e9, "shortfall")]),
    ("One virus caused almost half of all infections.", [("almost half", 0.5, "infections")]),
    ("Inspectors found cracks in four of its six jets.", [("four", 4, "jets"), ("six", 6, "jets")]),
    ("The crash killed all 109 people on board.", [("109", 109, "people killed")]),
    # what happened to what a figure counts: the event verb whose object it is ...
    ("Rescuers pulled 171 people from the water.", [("171", 171, "people pulled")]),
    ("The new rules have saved an estimated 100 lives.", [("an estimated 100", 100, "lives saved")]),
    ("Looters smashed 40 shop windows overnight.", [("40", 40, "shop windows smashed")]),
    # ... or that it undergoes, past a place, a modal or hearsay ...
    ("All 40 passengers on board are feared dead.", [("40", 40, "passengers dead")]),
    ("Twelve people in the bus died.", [("Twelve", 12, "people died")]),
    ("Over 800 residents in the valley have been protected from the floods.",
     [("Over 800", 800, "residents protected")]),
    ("An additional $600,000 would be spent on new pumps.", [("An additional $600,000", 6e5, "money spent")]),
    ("More than 600 people are estimated to have died in the outbreak.",
     [("More than 600", 600, "people died")]),
    # ... or the verb of the figure it is coordinated with
    ("The crash killed all 80 people on the plane and three people on the ground.",
     [("80", 80, "people killed"), ("three", 3, "people killed")]),
    ("Rebels killed at least 20 soldiers and about 40 civilians.",
     [("at least 20", 20, "soldiers killed"), ("about 40", 40, "civilians killed")]),
    # no event: a plan not begun, a tally's value, where a passive happened
    ("Divers went down to start evacuating 116 sailors trapped in the hull.",
     [("116", 116, "sailors trapped")]),
    ("Fighting went on, with the death toll hitting 730 by Friday.", [("730", 730, "death toll")]),
    ("The miners are trapped 300 metres below the surface.", [("300 metres", 300, "metres")]),
    # both ends of a change
    ("The rate declined from 30.2 in 1992 to 25.6 in 1996.", [("30.2", 30.2, "rate"), ("25.6", 25.6, "rate")]),
    # a bare figure's subject is the head before the phrases after it, or before ", which"
    ("The share of homes with running water in the region rose to 52 percent.", [("52 percent", 52, "share")]),
    ("Sales of new cars in 1996 rose to 5,000.", [("5,000", 5000, "sales")]),
    ("Infant mortality in the province stood at 67 last year.", [("67", 67, "infant mortality")]),
    ("New orders for steel at the mill total 1,540 this month.", [("1,540", 1540, "new orders")]),
    ("Unemployment among young people in the north rose to 18 percent.", [("18 percent", 18, "unemployment")]),
    ("Prices rose faster than inflation, which was 6.5 percent in May.", [("6.5 percent", 6.5, "inflation")]),
    ("The number of people killed in the floods rose to 19.", [("19", 19, "people killed")]),
    # after "by", ends far apart are a change and its new level, close ones a range
    ("Voters chose to raise the minimum wage by $1 to $8.25 an hour.",
     [("$1", 1, "minimum wage"), ("$8.25", 8.25, "wage")]),
    ("Temperatures will rise by 2 to 6 degrees this century.", [("2 to 6 degrees", 4, "degrees")]),
    # money "in" a month or a place is when or where it was given, not what it is
    ("Egypt gave $5 million in June to help pay for the search.", [("$5 million", 5e6, "money")]),
    ("The firm paid $3 million in compensation.", [("$3 million", 3e6, "compensation paid")]),
    # a singular noun after a count is a measure, a mark, or a noun still to come
    ("The toll passed the 1,000 mark on Sunday.", [("1,000", 1000, "mark")]),
    ("He got a 20 year sentence.", [("20", 20, "year sentence")]),
    ("She holds a 10 point lead in the polls.", [("10", 10, "point lead")]),
    ("Police said five Iraqis and five Sudanese were held.", [("five", 5, "Iraqis"), ("five", 5, "Sudanese")]),
    # "over" a time span is during it, not more than it ...
    ("Fares rose 6 percent over two years.", [("6 percent", 6, "fares"), ("two", 2, "years")]),
    ("The plan costs $300 million over 10 years.", [("$300 million", 3e8, "money"), ("10", 10, "years")]),
    ("Over three years, the mill shed 400 jobs.", [("three", 3, "years"), ("400", 400, "jobs cut")]),
    ("Fares rose 6 percent over the past three months.", [("6 percent", 6, "fares"), ("three", 3, "months")]),
    # ... but more than it after a word that measures a length, as a subject, and before anything else
    ("The mill ran for over 200 years.", [("over 200", 200, "years")]),
    ("The strike took over 40 days.", [("over 40", 40, "days")]),
    ("Over 40 days were lost to the strike.", [("Over 40", 40, "days lost")]),
    ("Over 200 people were hurt over two days.", [("Over 200", 200, "people hurt"), ("two", 2, "days")]),
    ("Output fell for just over two years.", [("just over two", 2, "years")]),
    ("Children over two years old ride free.", [("over two", 2, "years")]),
    ("Residents over 65 years of age get the vaccine first.", [("over 65", 65, "years")]),
]

NOT_FIGURES = [
    "Convoys of tankers stretched for dozens of kilometers.",  # vague
    "Hundreds of people gathered outside the embassy.",
    "The summit was held in 2015 in Antalya.",  # years
    "In 1998 the plant closed.",
    "The meeting starts at 10 a.m. on Monday.",  # times
    "The vote closed at 10:30 in the evening.",
    "Talks resumed on November 16-17 in Vienna.",  # dates
    "The law took effect on Jan. 5 after a vote.",
    "The trial opens on 5 March in the capital.",
    "She finished 3rd in the race.",  # ordinals
    "The twenty-first session opened quietly.",
    "Leaders met at the G20 summit in Turkey.",  # labels and codes
    "Fighters held the building known as Point 11 for weeks.",
    "Chapter 11 protection was sought by the airline.",
    "Flight 17 was shot down over the border.",
    "Call the hotline on 555-1234 for help.",  # phone numbers
    "Call +44 20 7946 0958 for help.",
    "Section 4.2.1 of the treaty covers refugees.",  # section numbers
    "One of them was later released on bail.",  # pronoun "one"
    "By one estimate, the talks had stalled.",
    "One official said the talks had stalled.",
    "The match ended 3-2 after extra time.",  # scores and ages
    "A 25-year-old man was detained at the scene.",
    "His brother, 45, said he was innocent.",
    "The vote came after the 9/11 attacks.",
    "There is a one in 20 chance of rain.",  # ratios
    "The team resumed at 3 for 89 after lunch.",  # cricket scores
    "The model sold well in '99 and again later.",
    "Deaths fell sharply per 10,000 vehicles on the road.",  # the base of a rate
    "Rates reached one out of every 1,000 machines.",
    "The bug hit Word 2000 programs first.",  # a product, not 2,000 programs
    "The agency was founded 10 years ago in a garage.",  # a date
    "Two decades ago, the mill closed.",
    "A 25-year-old man and a 52-year-old woman were hurt.",  # ages
    "Hackers used a zero-day flaw in the browser.",  # a modifier, not a count of days
    "The all-new 2020 Sentra gets a bigger engine.",  # a model year
    "He sat in seat 12F on the flight.",  # a glued F without a word of weather: a label
    "Police searched Apartment 4C.",
    "Fifty Shades Of Grey topped the box office.",  # a Title-Case name
    "A former 767 pilot said the jet may have had an electrical fault.",  # models, not counts
    "Workers had taped over the 757's static ports.",
]


@pytest.mark.parametrize(("text", "expected"), FIGURES, ids=[t for t, _ in FIGURES])
def test_extract_figures_reads_each_number_form_and_what_it_counts(
    text: str, expected: list[tuple[str, float, str]]
) -> None:
    assert _found(text) == [(value, float(number), what) for value, number, what in expected]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_extract_figures_skips_dates_labels_codes_and_pronouns(text: str) -> None:
    assert _found(text) == []


def test_a_count_whose_noun_comes_after_a_coordination_is_kept() -> None:
    # "90 burglary and theft rings": the singular word is a modifier, the noun comes later.
    text = "Police broke up 90 burglary and theft rings."
    assert [f.value for f in extract_figures([Sentence("a", 0, text, 0, len(text))])] == ["90"]


def test_figure_fact_points_at_its_sentence_and_article() -> None:
    text = "Officials said 12 people were hurt and a 1990 law was cited."
    (fact,) = extract_figures([_sentence("No figure here.", "art-1", 0), _sentence(text, "art-1", 1)])
    assert fact == Fact(
        kind="figure",
        value="12",
        what="people hurt",
        text=text,
        sources=("art-1",),
        number=12.0,
        article="art-1",
        sentence=1,
        span=(15, 17),
    )
    assert fact.text[slice(*fact.span)] == fact.value


def test_figures_come_in_sentence_then_reading_order() -> None:
    sentences = [
        _sentence("Four boats and 30 crew were lost.", "b", 0),
        _sentence("About 200 homes were damaged.", "b", 1),
    ]
    assert [(f.value, f.sentence) for f in extract_figures(sentences)] == [("Four", 0), ("30", 0), ("About 200", 1)]


def _fact(value: str, number: float, what: str, article: str, sentence: int = 0) -> Fact:
    return Fact("figure", value, what, f"text of {article}/{sentence}", (article,), number, article, sentence)


def test_merge_figures_groups_the_same_figure_across_articles() -> None:
    facts = [
        _fact("at least 129", 129, "people killed", "b", 4),
        _fact("129", 129, "people killed", "a", 2),
        _fact("129", 129, "people killed", "b", 9),
        _fact("500", 500, "trucks destroyed", "c"),
        _fact("500", 500, "truck destroyed", "a"),  # singular and plural are one noun
    ]
    merged = merge_figures(facts)
    assert [(f.value, f.what, f.sources, f.text) for f in merged] == [
        ("at least 129", "people killed", ("a", "b"), "text of b/4"),  # the first fact met, every source
        ("500", "trucks destroyed", ("a", "c"), "text of c/0"),
    ]


def test_merge_figures_keeps_different_numbers_nouns_and_verbs_apart() -> None:
    facts = [
        _fact("129", 129, "people", "a"),
        _fact("129", 129, "people killed", "b"),
        _fact("129", 129, "people injured", "c"),  # compatible with the bare figure, not with "killed"
        _fact("130", 130, "people killed", "d"),
        _fact("129", 129, "boats", "e"),
    ]
    assert [f.sources for f in merge_figures(facts)] == [("a", "b"), ("c",), ("d",), ("e",)]


def test_a_bare_percentage_takes_the_label_another_mention_gives_it() -> None:
    facts = [
        _fact("4.5%", 4.5, "percent", "a"),
        _fact("4.5%", 4.5, "percent", "b"),
        _fact("4.5%", 4.5, "lending rate", "b", 3),
        _fact("4.5%", 4.5, "unemployment", "c"),  # a share of something else
        _fact("6.1%", 6.1, "percent", "c"),
    ]
    assert [(f.what, f.sources) for f in merge_figures(facts)] == [
        ("lending rate", ("a", "b")),
        ("unemployment", ("c",)),
        ("percent", ("c",)),
    ]


def test_merge_figures_passes_other_kinds_through_in_place() -> None:
    entity = Fact("entity", "Raqqa", "place", "In Raqqa.", ("a",))
    facts = [_fact("20", 20, "missiles fired", "b"), entity, _fact("20", 20, "missiles fired", "a")]
    assert merge_figures(facts) == [replace(facts[0], sources=("a", "b")), entity]
    assert merge_figures([]) == []


def test_docstring_examples_run() -> None:
    assert doctest.testmod(figures).failed == 0


# ---------------------------------------------------------------- the seed articles


def _seed_sentences(path: Path) -> list[Sentence]:
    """Lines, then a plain split after a full stop: enough to put each figure in its sentence."""
    lines = path.read_text(encoding="utf-8").splitlines()
    parts = [p for line in lines for p in re.split(r"(?<=[.!?”])\s+(?=[A-Z“])", line.strip()) if p]
    return [_sentence(p, path.stem, i) for i, p in enumerate(parts)]


@pytest.fixture(scope="module")
def seed_facts(seed_paths: list[Path]) -> tuple[list[str], list[Fact]]:
    assert len(seed_paths) == 2
    ids = [p.stem for p in seed_paths]
    return ids, extract_figures([s for p in seed_paths for s in _seed_sentences(p)])


@pytest.mark.parametrize(
    ("value", "number", "what"),
    [
        ("at least 129", 129, "people killed"),
        ("129", 129, "people killed"),
        ("Five hundred", 500, "fuel trucks destroyed"),
        ("33", 33, "militants killed"),
        ("$50 million", 50_000_000, "reward"),
        ("about 20", 20, "cruise missiles fired"),
        ("17", 17, "people killed"),
        ("as much as 2.2 pounds", 2.2, "pounds of TNT"),
        ("eight", 8, "attackers"),
    ],
)
def test_seed_figures_are_found(seed_facts: tuple[list[str], list[Fact]], value: str, number: float, what: str) -> None:
    _, facts = seed_facts
    assert (value, float(number), what) in [(f.value, f.number, f.what) for f in facts]


def test_seed_non_figures_are_not_found(seed_facts: tuple[list[str], list[Fact]]) -> None:
    _, facts = seed_facts
    values = {f.value for f in facts}
    # "Point 11", "(G20)", "November 16-17", "one “strike package”", "By one estimate", "dozens of kilometers"
    assert values.isdisjoint({"11", "20", "16-17", "16", "one", "dozens"})
    assert all(f.span is not None and f.text[slice(*f.span)] == f.value and f.what for f in facts)


def test_seed_figures_merge_across_both_articles(seed_facts: tuple[list[str], list[Fact]]) -> None:
    ids, facts = seed_facts
    merged = {(f.number, f.what): f for f in merge_figures(facts)}
    assert merged[(129.0, "people killed")].sources == tuple(sorted(ids))
    assert merged[(20.0, "cruise missiles fired")].sources == tuple(sorted(ids))
    assert merged[(33.0, "militants killed")].sources == (ids[1],)
    assert len(merged) == len(merge_figures(facts))  # one fact per figure
