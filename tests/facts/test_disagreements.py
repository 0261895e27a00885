"""Tests of ``newsbrief.facts.disagreements``: contradictions, revisions, and the figures
that must not be reported as either."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsbrief.facts.disagreements import find_disagreements
from newsbrief.facts.figures import extract_figures
from newsbrief.model import Article, Fact, Sentence

DAY1 = datetime(2024, 3, 12, 9, 0)


def _figures(reports: dict[str, str]) -> list[Fact]:
    """Figures of one-sentence articles: {article id: sentence}."""
    return extract_figures(Sentence(a, 0, text, 0, len(text)) for a, text in reports.items())


def _found(reports: dict[str, str], published: dict[str, datetime | None]) -> list[tuple[str, str, list[tuple[str, tuple[str, ...]]]]]:
    return [
        (d.kind, d.what, [(c.value, c.sources) for c in d.claims])
        for d in find_disagreements(_figures(reports), published)
    ]


def test_different_tolls_at_the_same_time_contradict() -> None:
    reports = {
        "wire": "The earthquake killed 41 people, officials said.",
        "daily": "At least 43 people were killed in the earthquake, health officials said.",
        "courier": "Civil defence put the death toll at 41, while health officials reported 43 dead.",
    }
    published = {"wire": DAY1, "daily": DAY1 + timedelta(minutes=25), "courier": DAY1 + timedelta(hours=20)}
    assert _found(reports, published) == [
        ("contradiction", "people killed", [("41", ("courier", "wire")), ("At least 43", ("courier", "daily"))])
    ]
    (found,) = find_disagreements(_figures(reports), published)
    assert "25 minutes" in found.reason


def test_a_later_figure_from_later_articles_is_a_revision() -> None:
    reports = {
        "wire": "At least 12 people were killed when the ferry capsized.",
        "reprint": "A ferry capsized, killing at least 12 people.",
        "day2": "The death toll rose to 19 after divers searched the hull.",
    }
    published = {"wire": DAY1, "reprint": DAY1 + timedelta(hours=1), "day2": DAY1 + timedelta(days=1)}
    (found,) = find_disagreements(_figures(reports), published)
    assert (found.kind, found.what) == ("revision", "people killed")
    assert [(c.value, c.sources) for c in found.claims] == [("At least 12", ("reprint", "wire")), ("19", ("day2",))]
    assert "after the last report of" in found.reason
    # The same two reports an hour apart: too close to call a revision, and "at least 12" allows 19.
    close = {**published, "day2": DAY1 + timedelta(hours=1, minutes=30)}
    assert _found(reports, close) == []
    assert find_disagreements(_figures(reports), close, revision_gap=timedelta(minutes=10))[0].kind == "revision"


def test_an_undated_update_joins_a_revision_only_when_it_says_the_figure_changed() -> None:
    reports = {
        "wire": "Rescuers said 31 people were still missing by late morning.",
        "local": "The coastguard said 24 people are now missing.",
    }
    assert _found(reports, {"wire": DAY1, "local": None}) == [
        ("revision", "people missing", [("31", ("wire",)), ("24", ("local",))])
    ]
    reports["local"] = "The coastguard said 24 people were missing."
    assert _found(reports, {"wire": DAY1, "local": None}) == [
        ("contradiction", "people missing", [("31", ("wire",)), ("24", ("local",))])
    ]


def test_values_that_can_both_be_true_are_not_a_disagreement() -> None:
    reports = {
        "a": "About 300 homes were destroyed in the quake.",
        "b": "The quake destroyed 310 homes, officials said.",
        "c": "More than 170 people were injured.",
        "d": "The quake injured 182 people.",
    }
    assert _found(reports, dict.fromkeys(reports, DAY1)) == []


def test_different_events_and_increments_are_not_compared() -> None:
    reports = {
        "a": "The attack on Friday killed at least 129 people.",
        "b": "Attacks in January killed 17 people in the capital.",  # another event, months earlier
        "c": "Divers recovered seven more bodies, and another 5 people were killed overnight.",  # increments
        "d": "The blast killed 129 people and destroyed 40 homes.",
        "e": "Rebels killed 33 militants and destroyed 500 trucks.",  # other things counted
    }
    published = dict.fromkeys(reports, datetime(2015, 11, 18, 12, 0))
    assert _found(reports, published) == []
    assert _found(reports, dict.fromkeys(reports)) == []  # undated: "in January" still marks another time


def test_another_n_that_remain_is_the_standing_count_not_an_increment() -> None:
    # After the dead are counted, "another 24 people remain missing" is the count of the
    # missing: it revises the earlier 31 and is one claim with "24 are still missing".
    reports = {
        "wire": "Rescuers said 31 people were missing by late morning.",
        "herald": "The coastguard said on Wednesday that 24 people are still missing.",
        "meridian": "Another 24 people remain missing.",
    }
    published = {"wire": DAY1, "herald": DAY1 + timedelta(days=1), "meridian": DAY1 + timedelta(days=1, hours=2)}
    assert _found(reports, published) == [
        ("revision", "people missing", [("31", ("wire",)), ("24", ("herald", "meridian"))])
    ]
    reports["meridian"] = "Another 5 people were reported missing overnight."  # an increment: left out
    assert _found(reports, published) == [("revision", "people missing", [("31", ("wire",)), ("24", ("herald",))])]


def test_one_article_giving_two_values_is_not_a_disagreement_with_itself() -> None:
    text = "Floods killed 12 people in the north and 30 people in the south."
    figures = extract_figures([Sentence("a", 0, text, 0, len(text))])
    assert len(figures) == 2
    assert find_disagreements(figures, {"a": DAY1}) == []


def test_no_figures_no_disagreements() -> None:
    assert find_disagreements([]) == []


def test_copied_sentence_with_a_different_day_is_a_date_disagreement() -> None:
    """Wire copy reprinted a day later with "yesterday" left as it was: two days for one event."""
    from newsbrief.pipeline import build_briefs

    body = ("The Tarn valley dam burst yesterday and flooded forty homes near the old mill on the eastern edge of town. "
            "Rescue teams worked through the night to reach families cut off by the water.")
    day1 = Article.create(title="Tarn dam bursts", text=body, source="Valley Wire",
                          published=datetime(2024, 5, 7, 9, 0, tzinfo=timezone.utc))
    day2 = Article.create(title="Tarn dam floods homes", text=body + " Schools stay shut.", source="Dock Daily",
                          published=datetime(2024, 5, 8, 9, 0, tzinfo=timezone.utc))
    [story] = build_briefs([day1, day2])
    dated = [d for d in story.disagreements if d.what.startswith("date of")]
    assert len(dated) == 1 and dated[0].kind == "contradiction"
    assert [c.when[0].day for c in dated[0].claims] == [6, 7]
    assert [c.sources for c in dated[0].claims] == [(day1.id,), (day2.id,)]
    # The sentence is named cut at a word's end: "date of: The Tarn valley dam burst ... near the …".
    assert dated[0].what.endswith(" …") and body.startswith(dated[0].what[len("date of: "):-2])
    assert len(dated[0].what) <= len("date of: ") + 82 and dated[0].what.split()[-2] in body.split()


def test_a_date_that_bounds_a_period_is_not_the_events_day() -> None:
    from datetime import date

    from newsbrief.facts.disagreements import find_date_disagreements
    from newsbrief.model import CopyLink, Fact, SentenceRef

    a, b = "The club won its first cup title since 1998.", "The club won its first cup title on Thursday."
    dates = [Fact("date", "1998", "1998", a, ("x",), article="x", sentence=0, when=(date(1998, 1, 1), date(1998, 12, 31)),
                  span=(a.index("1998"), a.index("1998") + 4)),
             Fact("date", "Thursday", "Thu 5 Jun 2025", b, ("y",), article="y", sentence=0, when=(date(2025, 6, 5),) * 2,
                  span=(b.index("Thursday"), b.index("Thursday") + 8))]
    link = CopyLink(SentenceRef("x", 0, a), SentenceRef("y", 0, b), "reworded", 0.8)
    assert find_date_disagreements(dates, [link]) == []
    # The same two sentences with the year as the event's day do disagree.
    a2 = "The club won its first cup title in 1998."
    moved = [Fact("date", "1998", "1998", a2, ("x",), article="x", sentence=0, when=dates[0].when,
                  span=(a2.index("1998"), a2.index("1998") + 4)), dates[1]]
    assert len(find_date_disagreements(moved, [CopyLink(SentenceRef("x", 0, a2), SentenceRef("y", 0, b), "reworded", 0.8)])) == 1


def test_a_growing_tally_of_cases_is_a_revision_and_other_counts_are_not_compared() -> None:
    reports = {
        "morning": "Health officials confirmed 14 measles cases at the school.",
        "evening": "The school now has 17 measles cases, officials said.",
        "note": "Pupils without vaccinations will stay home for 21 days.",
        "other": "The clinic will stay open for 10 days.",
        "court": "The court heard 2 court cases about the school.",  # another tally
        "daily": "Officials reported 3 new measles cases on Tuesday.",  # an increment
    }
    published = {"morning": DAY1, "evening": DAY1 + timedelta(hours=8), "note": DAY1, "other": DAY1 + timedelta(hours=8),
                 "court": DAY1, "daily": DAY1 + timedelta(hours=8)}
    assert _found(reports, published) == [("revision", "measles cases", [("14", ("morning",)), ("17", ("evening",))])]


def test_two_places_tolls_are_two_counts_each_with_its_own_disagreement() -> None:
    # Twin blasts with close tolls: each city's toll is its own count, 40 against 45 is no contradiction.
    reports = {
        "wire": "The blast at the embassy in Nairobi killed 40 people.",
        "post": "The bomb outside the embassy in Dar es Salaam killed 45 people.",
        "herald": "A simultaneous bombing in Nairobi killed 43 people.",
        "ledger": "In Dar es Salaam, the explosion killed 48 people.",
    }
    published = dict.fromkeys(reports, DAY1)
    assert sorted(_found(reports, published)) == [
        ("contradiction", "people killed", [("40", ("wire",)), ("43", ("herald",))]),
        ("contradiction", "people killed", [("45", ("post",)), ("48", ("ledger",))]),
    ]
    # Without places, values more than three times apart are not one count ...
    unplaced = {"wire": "The first blast killed 247 people.", "post": "The second blast killed 11 people."}
    assert _found(unplaced, dict.fromkeys(unplaced, DAY1)) == []
    # ... unless the larger comes later and says the toll grew.
    grown = {"wire": "The quake killed 40 people.", "post": "The death toll from the quake rose to 150."}
    assert _found(grown, {"wire": DAY1, "post": DAY1 + timedelta(days=1)}) == [
        ("revision", "people killed", [("40", ("wire",)), ("150", ("post",))])
    ]


def test_a_contradiction_then_a_later_figure_is_a_contradiction_and_a_revision() -> None:
    reports = {
        "times": "At 9 a.m. officials said 12 people died when the ferry capsized.",
        "wire": "Fifteen people died when the ferry capsized, officials said.",
        "post": "The death toll from the capsizing rose to 17, officials said.",
    }
    published = {"times": DAY1, "wire": DAY1 + timedelta(minutes=20), "post": DAY1 + timedelta(hours=22)}
    found = find_disagreements(_figures(reports), published)
    assert [(d.kind, [c.value for c in d.claims]) for d in found] == [
        ("contradiction", ["12", "Fifteen"]),
        ("revision", ["12", "Fifteen", "17"]),
    ]
    assert "17 at 2024-03-13 07:00 UTC, 21 hours after the last report of 12 and Fifteen" in found[1].reason


def test_jobs_cut_however_worded_are_one_count() -> None:
    reports = {
        "tribune": "The council passed a budget that eliminates 200 city jobs, the mayor said.",
        "metro": "The plan, which cuts 150 positions, was passed 7-2.",
    }
    found = find_disagreements(_figures(reports), dict.fromkeys(reports, DAY1))
    assert [(d.kind, d.what, [c.value for c in d.claims]) for d in found] == [("contradiction", "city jobs cut", ["150", "200"])]
    assert found[0].reason == "the values were published at the same time (2024-03-12 09:00 UTC)"


def test_a_toll_told_of_people_and_of_miners_or_workers_is_one_revision() -> None:
    reports = {
        "wire": "An explosion at the Karst mine killed 12 people and injured 30 others on Monday.",
        "herald": "Twelve miners were killed in the blast at the Karst mine, the company said.",
        "ledger": "The blast at the Karst mine damaged 40 homes, the mayor said.",
        "post": "The toll from the Karst mine blast rose to 17 miners killed, and 45 residents were injured.",
        "courier": "Rescuers said 17 workers had died and the blast had damaged 60 homes in the village.",
    }
    published = {"wire": DAY1, "herald": DAY1 + timedelta(hours=1), "ledger": DAY1 + timedelta(hours=3),
                 "post": DAY1 + timedelta(days=1), "courier": DAY1 + timedelta(days=1, hours=2)}
    # One death toll, one revision (not one for people and one for miners); the injured
    # and the homes are counts of their own.
    assert _found(reports, published) == [
        ("revision", "people killed", [("12", ("herald", "wire")), ("17", ("courier", "post"))]),
        ("revision", "people injured", [("30", ("wire",)), ("45", ("post",))]),
        ("revision", "homes damaged", [("40", ("ledger",)), ("60", ("courier",))]),
    ]
    # A part of the toll is not the toll: 5 children among the 12 is no revision of it.
    children = {"wire": reports["wire"], "post": "The blast killed five children at the Karst mine school, the mayor said."}
    assert _found(children, {"wire": DAY1, "post": DAY1 + timedelta(days=1)}) == []


def test_how_many_were_aboard_is_never_revised_only_contradicted() -> None:
    reports = {
        "wire": "The plane carried 86 passengers when it came down near Tolbek.",
        "post": "The plane carried 68 passengers, the airline said on Tuesday.",
        "daily": "Officials said 86 passengers were on board the plane that came down near Tolbek.",
        "herald": "The death toll from the Tolbek crash rose to 40 people killed.",
        "ledger": "Rescuers said 25 people were killed in the Tolbek crash.",
    }
    published = {"wire": DAY1, "daily": DAY1 + timedelta(hours=1), "ledger": DAY1 + timedelta(hours=1),
                 "post": DAY1 + timedelta(days=1), "herald": DAY1 + timedelta(days=1)}
    # A day later, 68 passengers does not update 86: the number aboard was fixed when the plane
    # came down. The toll, a count that develops, is still revised.
    assert _found(reports, published) == [
        ("contradiction", "passengers aboard", [("86", ("daily", "wire")), ("68", ("post",))]),
        ("revision", "people killed", [("25", ("ledger",)), ("40", ("herald",))]),
    ]
    (aboard, _) = find_disagreements(_figures(reports), published)
    assert aboard.reason.startswith("how many were aboard is fixed when the event happens")
    # Values that can both hold are no disagreement: "about 80" allows 86.
    about = {"wire": reports["wire"], "post": "The plane carried about 80 passengers, the airline said."}
    assert _found(about, {"wire": DAY1, "post": DAY1 + timedelta(days=1)}) == []


def test_the_value_a_sentence_says_was_replaced_is_not_a_report_of_it() -> None:
    reports = {
        "wire": "Two people were killed when the footbridge collapsed.",
        "post": "Divers found four more bodies, raising the toll from two to six.",
        "daily": "Six people were killed in the collapse, up from an earlier estimate of two.",
    }
    published = {"wire": DAY1, "post": DAY1 + timedelta(days=1), "daily": DAY1 + timedelta(days=1, hours=3)}
    found = _found(reports, published)
    assert [(kind, [value for value, _ in claims]) for kind, _, claims in found] == [("revision", ["Two", "six"])]
    assert found[0][2][0][1] == ("wire",)  # "from two" is not the post's report of two


def test_a_possessive_date_is_not_the_day_of_a_copied_sentence() -> None:
    from datetime import date

    from newsbrief.facts.disagreements import find_date_disagreements
    from newsbrief.model import CopyLink, SentenceRef

    a = "Prosecutors opened an inquiry on Wednesday into the footbridge collapse."
    b = "Prosecutors opened an inquiry into Monday's footbridge collapse."
    dates = [Fact("date", "Wednesday", "Wed 13 Mar 2024", a, ("x",), article="x", sentence=0,
                  when=(date(2024, 3, 13),) * 2, span=(a.index("Wednesday"), a.index("Wednesday") + 9)),
             Fact("date", "Monday", "Mon 11 Mar 2024", b, ("y",), article="y", sentence=0,
                  when=(date(2024, 3, 11),) * 2, span=(b.index("Monday"), b.index("Monday") + 6))]
    link = CopyLink(SentenceRef("x", 0, a), SentenceRef("y", 0, b), "reworded", 0.8)
    assert find_date_disagreements(dates, [link]) == []


def test_where_a_report_came_from_is_not_where_the_count_happened() -> None:
    reports = {
        "wire": "Officials in Washington said 41 people were killed in the attack.",
        "daily": "At least 46 people were killed in the attack, police in Kabul said.",
    }
    assert _found(reports, {"wire": DAY1, "daily": DAY1 + timedelta(minutes=30)}) == [
        ("contradiction", "people killed", [("41", ("wire",)), ("At least 46", ("daily",))])
    ]


def _dates(reports: dict[str, str], published: dict[str, datetime | None]) -> list[Fact]:
    from newsbrief.facts.dates import extract_dates

    return extract_dates((Sentence(a, 0, text, 0, len(text)) for a, text in reports.items()), published)


def test_versions_of_one_sentence_with_another_weekday_disagree_on_that_day_only() -> None:
    from newsbrief.facts.disagreements import find_date_disagreements
    from newsbrief.model import CopyLink, SentenceRef

    reports = {
        "wire": "The first ferry is expected to sail on Saturday, and a review of the timetable is planned for next month.",
        "post": "The first ferry is expected to sail on Sunday, and a review of the timetable is planned for next month.",
    }
    published = {"wire": datetime(2024, 5, 2, 9), "post": datetime(2024, 5, 2, 16)}
    # No copy link joins them (they say otherwise), yet they are one sentence: the day differs, the month does not.
    (found,) = find_date_disagreements(_dates(reports, published), [])
    assert (found.kind, [c.value for c in found.claims]) == ("contradiction", ["Saturday", "Sunday"])
    # A copy with two dates pairs them by position: "next month" is the same in both.
    link = CopyLink(SentenceRef("post", 0, reports["post"]), SentenceRef("wire", 0, reports["wire"]), "reworded", 0.9)
    assert [[c.value for c in d.claims] for d in find_date_disagreements(_dates(reports, published), [link])] == [
        ["Saturday", "Sunday"]
    ]
    # Sentences too short to tell versions from chance are not paired.
    short = {"wire": "It was on Saturday.", "post": "It was on Sunday."}
    assert find_date_disagreements(_dates(short, published), []) == []
    # A daily report told again the next day, of that day: an update, not a contradiction.
    daily = {"wire": "Rescue teams resumed the search for survivors in the rubble at dawn on Tuesday.",
             "post": "Rescue teams resumed the search for survivors in the rubble at dawn on Wednesday."}
    next_day = {"wire": datetime(2024, 3, 12, 9), "post": datetime(2024, 3, 13, 9)}
    assert find_date_disagreements(_dates(daily, next_day), []) == []
    (same_day,) = find_date_disagreements(_dates(daily, dict.fromkeys(daily, datetime(2024, 3, 13, 9))), [])
    assert "two versions of one sentence, published the same day" in same_day.reason


def test_versions_of_one_sentence_with_another_count_contradict() -> None:
    reports = {
        "wire": "The company said 1,500 workers had joined the strike at the plant.",
        "post": "The company said 1,200 workers had joined the strike at the plant.",
        "other": "The union said 900 workers had stayed at home on the first day.",
    }
    published = {"wire": DAY1, "post": DAY1 + timedelta(hours=7), "other": DAY1}
    # Hours apart, but nothing says the figure changed: a contradiction, not a revision;
    # the union's 900, in another sentence, counts something else.
    assert _found(reports, published) == [("contradiction", "workers", [("1,500", ("wire",)), ("1,200", ("post",))])]
    # A sentence that says the figure changed is a revision, and so is a version a day later.
    updated = {a: t.replace("had joined", "have now joined") for a, t in reports.items() if a != "other"}
    assert _found(updated, published) == [("revision", "workers", [("1,500", ("wire",)), ("1,200", ("post",))])]
    next_day = {**published, "post": DAY1 + timedelta(days=1)}
    assert _found(reports, next_day) == [("revision", "workers", [("1,500", ("wire",)), ("1,200", ("post",))])]
    # Another counted thing in the same place is not compared ("1,200 drivers").
    drivers = {**reports, "post": reports["post"].replace("workers", "drivers")}
    assert _found(drivers, published) == []
    # A qualified figure ("about 1,500") fills its slot too.
    about = {a: t.replace("said 1,", "said about 1,") for a, t in reports.items() if a != "other"}
    assert [d[0] for d in _found(about, published)] == ["contradiction"]
    # A past month in the sentence dates both versions alike: still compared.
    inflation = {"wire": "Governor Anna Brell said inflation had reached 6.8% in November.",
                 "post": "Governor Anna Brell said inflation had reached 7.1% in November."}
    assert [d[0] for d in _found(inflation, dict.fromkeys(inflation, datetime(2024, 5, 2)))] == ["contradiction"]


def test_a_day_alone_is_neither_before_nor_after_a_time_of_that_day() -> None:
    from datetime import date

    from newsbrief.facts.story import story_facts
    from newsbrief.pipeline import prepare

    reports = {"gazette": "The death toll from the flood in Orlen rose to 15 on Wednesday, officials said.",
               "today": "The death toll from the flood in Orlen rose to 14 on Wednesday, officials said."}
    morning = datetime(2024, 3, 13, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    (found,) = find_disagreements(_figures(reports), {"gazette": date(2024, 3, 13), "today": morning})
    # Not a revision 7 hours after an invented midnight: the day alone may be any time of it.
    assert found.kind == "contradiction"
    assert "(2024-03-13 to 2024-03-13 07:00 UTC)" in found.reason and "00:00" not in found.reason
    # A day earlier, it comes before: a revision at least that long after the day's end.
    (later,) = find_disagreements(_figures(reports), {"gazette": date(2024, 3, 12), "today": morning})
    assert later.kind == "revision" and "at least 7 hours after" in later.reason and "00:00" not in later.reason
    # Two days alone, one after the other: the later day's version is after, however few hours apart.
    (next_day,) = find_disagreements(_figures(reports), {"gazette": date(2024, 3, 12), "today": date(2024, 3, 13)})
    assert next_day.kind == "revision" and "on 2024-03-13, a later day than" in next_day.reason
    # Articles whose source gave the day alone are read so.
    articles = [Article("gazette", "", reports["gazette"], published=datetime(2024, 3, 13), date_only=True),
                Article("today", "", reports["today"], published=morning)]
    assert [d.kind for d in story_facts([prepare(a) for a in articles]).disagreements] == ["contradiction"]
