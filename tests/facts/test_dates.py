"""Tests of ``newsbrief.facts.dates``: date forms, resolution against publication dates,
merging, the timeline, and the seed articles."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsbrief.facts.dates import (
    describe_days,
    extract_dates,
    merge_dates,
    story_timeline,
)
from newsbrief.model import Sentence

# Wednesday 13 March 2024, mid-afternoon.
PUBLISHED = datetime(2024, 3, 13, 14, 30, tzinfo=timezone.utc)


def _sentence(text: str, article: str = "a", index: int = 0) -> Sentence:
    return Sentence(article=article, index=index, text=text, start=0, end=len(text))


def _dates(text: str, published: datetime | None = PUBLISHED) -> list[tuple[str, str | None, str | None]]:
    found = extract_dates([_sentence(text)], {"a": published})
    return [(f.value, f.when[0].isoformat() if f.when else None, f.when[1].isoformat() if f.when else None) for f in found]


# (sentence, [(value, first day, last day)]) with the article published on Wed 13 March 2024.
RESOLVED = [
    # weekdays: the latest one on or before publication, the next one when the clause looks ahead
    ("The quake struck late on Monday, officials said.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("Divers found the hull on Wednesday.", [("Wednesday", "2024-03-13", "2024-03-13")]),
    ("A vigil is planned for Friday at the church.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("Members would vote on Friday on the offer.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The talks collapsed last Wednesday.", [("last Wednesday", "2024-03-06", "2024-03-06")]),
    ("The helicopter joined the search on Tuesday afternoon.", [("Tuesday afternoon", "2024-03-12", "2024-03-12")]),
    ("Friday's attack shocked the town.", [("Friday", "2024-03-08", "2024-03-08")]),
    # a schedule verb in the present governing the weekday looks ahead too ...
    ("The summit opens on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The committee meets Thursday to discuss the budget.", [("Thursday", "2024-03-14", "2024-03-14")]),
    ("The minister visits Paris on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("The final takes place on Sunday.", [("Sunday", "2024-03-17", "2024-03-17")]),
    # ... but not a reporting verb, a past or perfect verb, a noun, or a verb of another clause
    ("The minister said on Tuesday that talks had failed.", [("Tuesday", "2024-03-12", "2024-03-12")]),
    ("The minister says on Monday talks failed.", [("Monday", "2024-03-11", "2024-03-11")]),
    # a reporting verb dates the saying, though what was said looks ahead
    ("Quantix said on Monday it would cut 2,500 jobs.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("Police told reporters on Tuesday the bridge would reopen.", [("Tuesday", "2024-03-12", "2024-03-12")]),
    ("On Monday, the mayor said she would resign.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("The council said it will vote on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The body was found on Tuesday.", [("Tuesday", "2024-03-12", "2024-03-12")]),
    ("The minister has said Tuesday that the vote was fair.", [("Tuesday", "2024-03-12", "2024-03-12")]),
    ("The votes on Monday were counted overnight.", [("Monday", "2024-03-11", "2024-03-11")]),
    # an expectation looks ahead; a past verb right before the day dates what was done
    ("Forecasters expect more rain on Thursday.", [("Thursday", "2024-03-14", "2024-03-14")]),
    ("Trucks would cross under a deal reached on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("The deal will be signed on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("The bridge will be formally opened on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("Mohammed on Friday will visit the site.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("More rain is expected on Thursday.", [("Thursday", "2024-03-14", "2024-03-14")]),
    ("The summit ends a week that began on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    # a modal and "by" just before the day set a deadline still to come ...
    ("The bridge could be ready by Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("Repairs may be finished by Friday, the council said.", [("Friday", "2024-03-15", "2024-03-15")]),
    # ... but not a modal that looks back, one of another clause, "by" without a modal, nor a day's thing
    ("The fire could have been out by Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("On Friday, officials said the bridge could be ready soon.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("Crews had cleared the road by Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("The town may be hit by Friday's storm again.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("The hiker could not be found by Monday, police said.", [("Monday", "2024-03-11", "2024-03-11")]),
    # a verb of state with a future sense looks ahead; the participle after it is the state, not a past event
    ("Schools will stay closed on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The bridge is to remain shut until Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("Roads are expected to stay closed through Thursday.", [("Thursday", "2024-03-14", "2024-03-14")]),
    ("The airport plans to stay closed on Sunday.", [("Sunday", "2024-03-17", "2024-03-17")]),
    ("Officials may keep the border shut on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("The road will remain closed on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("Officials will keep the road closed on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("The border may be kept closed on Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    ("The road could remain closed until Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    # ... but a past state, a past participle alone, a modal that looks back or a noun look back
    ("The road was closed on Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("Schools remained closed on Friday ahead of the planned reopening.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("Officials kept the border shut on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("The road could have remained closed until Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("The hospital could not stay open on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("His stay ended on Monday and a visit is planned.", [("Monday", "2024-03-11", "2024-03-11")]),
    # negation keeps the direction: a plan or schedule negated still looks ahead ...
    ("The airport will not reopen on Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The airport won't reopen until Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The airport is not to reopen until Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The airport does not reopen until Friday.", [("Friday", "2024-03-15", "2024-03-15")]),
    ("The talks don't resume until Monday.", [("Monday", "2024-03-18", "2024-03-18")]),
    # ... what did not happen, or was not said, that day looks back
    ("Rescuers could not reach the village on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("Rescuers could not reach the village on Monday and will try again.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("The airport did not reopen on Friday.", [("Friday", "2024-03-08", "2024-03-08")]),
    ("The minister did not say on Monday whether talks would resume.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("A spokesman would not say on Monday whether talks would resume.", [("Monday", "2024-03-11", "2024-03-11")]),
    ("Police declined to confirm on Tuesday that the road would reopen.", [("Tuesday", "2024-03-12", "2024-03-12")]),
    # days relative to publication
    ("The mayor spoke yesterday and will speak again tomorrow.",
     [("yesterday", "2024-03-12", "2024-03-12"), ("tomorrow", "2024-03-14", "2024-03-14")]),
    ("Shelling went on last night.", [("last night", "2024-03-12", "2024-03-12")]),
    # weeks (Monday to Sunday), months, years
    ("Pilots had warned last week of overcrowding.", [("last week", "2024-03-04", "2024-03-10")]),
    ("New talks start next week.", [("next week", "2024-03-18", "2024-03-24")]),
    ("The ferry passed an inspection last month.", [("last month", "2024-02-01", "2024-02-29")]),
    ("Prices rose sharply last year.", [("last year", "2023-01-01", "2023-12-31")]),
    ("Routes were cut two years ago.", [("two years ago", "2022-01-01", "2022-12-31")]),
    ("The dam was inspected 3 days ago.", [("3 days ago", "2024-03-10", "2024-03-10")]),
    ("Leaders met at the weekend.", [("at the weekend", "2024-03-09", "2024-03-10")]),
    # year-less days and months take the publication year, unless that is over a month ahead
    ("Talks were held on November 16-17 in Vienna.", [("November 16-17", "2023-11-16", "2023-11-17")]),
    ("The vote was on March 5.", [("March 5", "2024-03-05", "2024-03-05")]),
    ("The law changed on 4 February.", [("4 February", "2024-02-04", "2024-02-04")]),
    ("Attacks in January killed 17 people.", [("January", "2024-01-01", "2024-01-31")]),
    ("Elections are due in April.", [("April", "2024-04-01", "2024-04-30")]),
    ("Work began in mid-February.", [("mid-February", "2024-02-11", "2024-02-20")]),
    # ... and a clause that looks ahead ("must", "has to", a term that runs or expires) the next year
    ("Residents must wait until January for the bridge.", [("January", "2025-01-01", "2025-01-31")]),
    ("The lease expires in January.", [("January", "2025-01-01", "2025-01-31")]),
    ("The ban ran through January.", [("January", "2024-01-01", "2024-01-31")]),
    ("The gunman must have entered on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),  # a guess at the past
    ("The driver was going to work on Monday.", [("Monday", "2024-03-11", "2024-03-11")]),
    # absolute dates need no publication date
    ("The treaty was signed on March 12, 2019.", [("March 12, 2019", "2019-03-12", "2019-03-12")]),
    ("It opened on 5 June 2001 in Lyon.", [("5 June 2001", "2001-06-05", "2001-06-05")]),
    ("Figures for Nov. 3, 1999 were revised.", [("Nov. 3, 1999", "1999-11-03", "1999-11-03")]),
    ("The port reopened Jul. 4, 2001 and Sept. 9, 2001.",
     [("Jul. 4, 2001", "2001-07-04", "2001-07-04"), ("Sept. 9, 2001", "2001-09-09", "2001-09-09")]),
    ("The plant closed in March 1998.", [("March 1998", "1998-03-01", "1998-03-31")]),
    ("The plant closed in 1998.", [("1998", "1998-01-01", "1998-12-31")]),
    ("The file is dated 2015-11-17.", [("2015-11-17", "2015-11-17", "2015-11-17")]),
    ("On Tuesday, November 17, 2015 the talks ended.", [("Tuesday, November 17, 2015", "2015-11-17", "2015-11-17")]),
    ("From March 30 to April 2 the port was shut.", [("March 30 to April 2", "2024-03-30", "2024-04-02")]),
]

NOT_DATES = [
    "The Mayor of Northgate may march on the capital.",  # "May", "march": a title and verbs
    "Secretary of State John Kerry spoke in Paris.",
    "The candidate won by 2000 votes.",  # a number, not a year
    "About 1,800 drivers walked off the job.",
    "The ship was built in the 1990s.",  # decades are left alone
    "Rescuers pulled 171 people from the water at 6 a.m. local time.",
]


@pytest.mark.parametrize(("text", "expected"), RESOLVED, ids=[t for t, _ in RESOLVED])
def test_extract_dates_resolves_each_form(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _dates(text) == expected


@pytest.mark.parametrize("text", NOT_DATES)
def test_extract_dates_skips_words_that_only_look_like_dates(text: str) -> None:
    assert _dates(text) == []


def test_relative_dates_are_unresolved_without_a_publication_date() -> None:
    text = "The quake struck on Monday, a week after talks on November 16-17 and the 2015 vote in May 2015."
    found = extract_dates([_sentence(text)], {})
    assert [(f.value, f.when, f.anchor) for f in found[:2]] == [("Monday", None, None), ("November 16-17", None, None)]
    assert all(f.what == "not resolved: no publication date" for f in found[:2])
    assert [(f.value, f.when) for f in found[2:]] == [("May 2015", (date(2015, 5, 1), date(2015, 5, 31)))]


def test_a_date_fact_says_what_it_was_resolved_against() -> None:
    text = "The ferry sank on Tuesday, the coastguard said on March 13, 2024."
    tuesday, full = extract_dates([_sentence(text, "art-1", 4)], {"art-1": PUBLISHED})
    assert (tuesday.anchor, tuesday.article, tuesday.sentence, tuesday.sources) == (date(2024, 3, 13), "art-1", 4, ("art-1",))
    assert full.anchor is None  # the text gave the whole date
    assert tuesday.what == "Tue 12 Mar 2024"
    for fact in (tuesday, full):
        assert fact.kind == "date" and fact.text == text and fact.text[slice(*fact.span)] == fact.value


def test_publication_time_zone_decides_the_day() -> None:
    # 07:15 at UTC-5 on Wednesday is still Wednesday where the article was published.
    published = datetime(2024, 3, 13, 7, 15, tzinfo=timezone(timedelta(hours=-5)))
    assert _dates("Residents slept outdoors on Tuesday.", published) == [("Tuesday", "2024-03-12", "2024-03-12")]


def test_describe_days_in_words() -> None:
    assert describe_days((date(2024, 3, 4), date(2024, 3, 10))) == "4–10 Mar 2024"
    assert describe_days((date(2023, 12, 30), date(2024, 1, 2))) == "30 Dec 2023 – 2 Jan 2024"
    assert describe_days((date(2024, 2, 28), date(2024, 3, 2))) == "28 Feb – 2 Mar 2024"


def test_merge_dates_folds_mentions_of_the_same_days() -> None:
    sentences = [
        _sentence("The ferry sank on Tuesday.", "a"),
        _sentence("It sank on March 12 near the port.", "b"),
        _sentence("Divers went down on Wednesday.", "b", 1),
        _sentence("Nobody knows what happened on Friday.", "c"),
    ]
    published = {"a": PUBLISHED, "b": PUBLISHED, "c": None}
    merged = merge_dates(extract_dates(sentences, published))
    assert [(f.value, f.forms, f.sources) for f in merged] == [
        ("Tuesday", ("Tuesday", "March 12"), ("a", "b")),
        ("Wednesday", ("Wednesday",), ("b",)),
        ("Friday", ("Friday",), ("c",)),
    ]


def test_timeline_orders_events_and_folds_copies() -> None:
    sentences = [
        _sentence("The death toll rose to 19 on Wednesday, the coastguard said.", "b"),
        _sentence("The ferry capsized early on Tuesday near the port, the coastguard said.", "a"),
        _sentence("The ferry capsized early on Tuesday near the port, officials said.", "b", 1),
        _sentence("It passed an inspection last month and was refitted on Tuesday.", "a", 1),
        _sentence("A vigil is planned for Friday.", "c"),  # undated article: left out
    ]
    published = {"a": PUBLISHED, "b": PUBLISHED, "c": None}
    timeline = story_timeline(extract_dates(sentences, published))
    assert [(e.what, e.value, e.sources) for e in timeline] == [
        ("Feb 2024", "last month", ("a",)),  # a sentence is dated by its first date
        ("Tue 12 Mar 2024", "Tuesday", ("a", "b")),  # the reworded copy is one event
        ("Wed 13 Mar 2024", "Wednesday", ("b",)),
    ]


def test_timeline_dates_a_sentence_by_its_event_not_a_possessive_or_a_period_bound() -> None:
    sentences = [
        _sentence("The toll from Tuesday's capsizing rose to 19 on Wednesday.", "a"),
        _sentence("The port, shut since Monday, reopened on Wednesday.", "a", 1),
        _sentence("Tuesday's vote was annulled.", "a", 2),  # the only date: still the sentence's
    ]
    timeline = story_timeline(extract_dates(sentences, {"a": PUBLISHED}))
    assert [(e.sentence, e.value) for e in timeline] == [(2, "Tuesday"), (0, "Wednesday"), (1, "Wednesday")]


def test_timeline_is_the_same_whatever_the_hash_seed(tmp_path: Path, under_hash_seeds: Callable[..., set[bytes]]) -> None:
    # Two outlets tell the same three timed events in other words ("2: 30 a. m. on
    # March 3"): whether the copies are one event must not hang on the order a set of
    # their tokens iterates in, which changes with the hash seed ("30" "m" read in
    # order is one figure).
    story = Path(__file__).with_name("crane_collapse.jsonl")
    outputs = under_hash_seeds("-m", "newsbrief", "brief", "--format", "json", "--no-entities", str(story), cwd=tmp_path)
    assert len(outputs) == 1
    [story_out] = json.loads(outputs.pop())["stories"]
    assert [(e["value"], e["sources"]) for e in story_out["timeline"]] == [
        ("March 2", ["harbour-a", "harbour-b"]),
        ("March 3", ["harbour-a", "harbour-b"]),
        ("March 5", ["harbour-a", "harbour-b"]),
        ("next month", ["harbour-a", "harbour-b"]),
    ]


def test_timeline_tells_an_event_without_its_wire_dateline() -> None:
    text = "GENEVA (Global Wire) -- Aid trucks crossed the border on Tuesday, the agency said."
    [event] = story_timeline(extract_dates([_sentence(text)], {"a": PUBLISHED}))
    assert event.text == "Aid trucks crossed the border on Tuesday, the agency said."
    assert event.span is not None and event.text[event.span[0] : event.span[1]] == "Tuesday"


def test_timeline_tells_a_lead_without_its_place_and_dash() -> None:
    lead = _sentence("GENEVA -- Aid trucks crossed the border on Tuesday, the agency said.")
    later = _sentence("TARNBY -- Officials there said on Monday the road had reopened.", index=3)
    timeline = story_timeline(extract_dates([lead, later], {"a": PUBLISHED}))
    # Further down its article, capitals and a dash are the sentence's own.
    assert [e.text for e in timeline] == [later.text, "Aid trucks crossed the border on Tuesday, the agency said."]


def test_timeline_keeps_reworded_copies_with_other_figures_apart() -> None:
    sentences = [
        _sentence("The ferry capsized on Tuesday, killing 12 passengers, the coastguard said.", "a"),
        _sentence("The ferry capsized on Tuesday, killing 15 passengers, the coastguard said.", "b"),
    ]
    timeline = story_timeline(extract_dates(sentences, {"a": PUBLISHED, "b": PUBLISHED}))
    assert [e.sources for e in timeline] == [("a",), ("b",)]


def test_seed_tuesday_is_resolved_when_a_publication_date_is_given(seed_paths: list[Path]) -> None:
    lines = [line for path in seed_paths for line in path.read_text(encoding="utf-8").splitlines()]
    tuesday_lines = [_sentence(line, "seed", i) for i, line in enumerate(lines) if "on Tuesday" in line]
    assert tuesday_lines
    assert all(f.when is None for f in extract_dates(tuesday_lines) if f.value == "Tuesday")
    # Published on Wednesday 18 November 2015: "Tuesday" is the 17th, "last week" the week of the Paris attacks.
    found = extract_dates(tuesday_lines, {"seed": datetime(2015, 11, 18, 9, 0)})
    tuesdays = [f for f in found if f.value == "Tuesday"]
    assert tuesdays and all(f.when == (date(2015, 11, 17), date(2015, 11, 17)) for f in tuesdays)
    assert all(f.anchor == date(2015, 11, 18) for f in tuesdays)
    last_week = [f for f in found if f.value == "last week"]
    assert last_week and last_week[0].when == (date(2015, 11, 9), date(2015, 11, 15))


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The summit opens on Thursday.", "2024-03-14"),
        ("The exhibition opens to the public on Thursday.", "2024-03-14"),
        ("The central bank next meets to consider interest rates on Thursday.", "2024-03-14"),
        ("The summit opened on Thursday.", "2024-03-07"),
        ("The summit, which opened on Thursday, ended without a deal.", "2024-03-07"),
        ("The summit was opened on Thursday.", "2024-03-07"),
    ],
)
def test_a_scheduled_event_told_in_the_present_is_still_to_come(text: str, day: str) -> None:
    tuesday = datetime(2024, 3, 12, 9, 0, tzinfo=timezone.utc)
    assert _dates(text, tuesday) == [("Thursday", day, day)]
