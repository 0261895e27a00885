"""Small invented news articles (written for these tests) with the story each belongs to.

* ``varenna``: an earthquake in Varenna province (three outlets, one day).
* ``korvath``: another earthquake, two days later, on the Korvath coast: the
  same kind of event told with the same words, different places, people, figures.
* ``fire``: a factory fire in Helmsworth that develops over three days
  (fire, containment, arrest), the later articles adding new facts.
* ``budget``: an unrelated council budget story.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newsbrief.model import Article, ArticleText
from newsbrief.pipeline import prepare

START = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)

# (story, hours after START, source, title, text)
RECORDS: list[tuple[str, float, str, str, str]] = [
    ("varenna", 0, "Valley Wire", "Earthquake kills 23 in Varenna province",
     "A magnitude 6.4 earthquake struck Varenna province early on Monday, killing at least 23 people. "
     "The quake hit near the town of Lake Osmo at a depth of 12 kilometres, the geological survey said. "
     "Mayor Ilse Brandt said rescue teams were searching collapsed buildings in the old quarter of Lake Osmo. "
     "Hospitals in Varenna treated more than 140 injured people."),
    ("varenna", 3, "Coastline Daily", "Lake Osmo digs out after deadly Varenna quake",
     "Rescuers in Lake Osmo pulled survivors from collapsed buildings after the magnitude 6.4 earthquake. "
     "Mayor Ilse Brandt said the death toll in Varenna province had risen to 23. "
     "Aftershocks shook the old quarter through the morning and families slept in the streets. "
     "The army sent tents and water to Lake Osmo."),
    ("varenna", 6, "Eastbank Courier", "Varenna quake: 23 dead, 140 injured",
     "The earthquake that struck Varenna province on Monday killed 23 people and injured more than 140, officials said. "
     "Most of the dead were in the old quarter of Lake Osmo, where stone houses collapsed. "
     "Ilse Brandt, the mayor of Lake Osmo, asked for more rescue teams and heavy machinery."),
    ("korvath", 50, "Valley Wire", "Earthquake kills 11 on Korvath coast",
     "A magnitude 6.1 earthquake struck the Korvath coast on Wednesday, killing at least 11 people. "
     "The quake hit near the port of Mellis at a depth of 30 kilometres, the geological survey said. "
     "Governor Tomas Reuel said rescue teams were searching collapsed buildings in the harbour district of Mellis. "
     "A tsunami warning for the Korvath coast was lifted after two hours."),
    ("korvath", 53, "Coastline Daily", "Mellis counts its dead after Korvath quake",
     "Rescuers in Mellis pulled survivors from collapsed warehouses after the magnitude 6.1 earthquake. "
     "Governor Tomas Reuel said 11 people had died on the Korvath coast and 60 were injured. "
     "Fishing boats were thrown onto the quay by a small wave. "
     "Aftershocks kept families in Mellis outdoors through the night."),
    ("korvath", 56, "Eastbank Courier", "Korvath quake leaves 11 dead, port damaged",
     "The earthquake on the Korvath coast killed 11 people and damaged the port of Mellis, officials said. "
     "Tomas Reuel, the governor, said cranes and warehouses in the harbour district had collapsed. "
     "The tsunami warning was lifted and ferries to Mellis will resume on Friday."),
    ("fire", 1, "Northgate Post", "Fire engulfs Dunmore Plastics plant in Helmsworth",
     "A huge fire broke out at the Dunmore Plastics plant in Helmsworth on Monday evening. "
     "Chief Fire Officer Ada Quill said 60 firefighters were fighting the blaze and nearby homes were evacuated. "
     "Black smoke from the Helmsworth plant could be seen across the valley."),
    ("fire", 26, "Valley Wire", "Helmsworth plant fire contained after 18 hours",
     "Firefighters contained the fire at the Dunmore Plastics plant in Helmsworth on Tuesday after 18 hours. "
     "Ada Quill, the chief fire officer, said two workers were treated for smoke inhalation. "
     "Residents of Helmsworth were told to keep windows closed because of the smoke."),
    ("fire", 49, "Harbour Herald", "Dunmore Plastics owner arrested over Helmsworth fire",
     "Police arrested the owner of Dunmore Plastics on Wednesday over the fire at its plant in Helmsworth. "
     "Investigators said fire doors at the Helmsworth plant had been locked, Chief Fire Officer Ada Quill said. "
     "The plant had failed a safety inspection last year."),
    ("budget", 5, "Northgate Post", "Northgate council passes $412 million budget",
     "Northgate city council approved a $412 million budget on Monday after a six-hour debate. "
     "Councillor Priya Ansel said the budget restores evening bus routes and cuts library hours. "
     "Bus drivers said they would strike next week over pay."),
]


def article(story: str, hours: float, source: str, title: str, text: str, dated: bool = True) -> Article:
    when = START + timedelta(hours=hours) if dated else None
    return Article(f"{story}-{int(hours)}", title, text, source=source, published=when)


def texts(stories: set[str] | None = None, dated: bool = True) -> list[ArticleText]:
    """The articles (of ``stories``, default all) ready for grouping, in time order."""
    return [prepare(article(*r, dated=dated)) for r in RECORDS if stories is None or r[0] in stories]


def gold() -> dict[str, str]:
    return {f"{r[0]}-{int(r[1])}": r[0] for r in RECORDS}
