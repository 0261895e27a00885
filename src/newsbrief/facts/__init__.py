"""Facts: what an editor checks in a story.

* :mod:`~newsbrief.facts.figures`: numbers, what they count and the event verb;
* :mod:`~newsbrief.facts.entities`: people, organisations and places, aliases merged
  (optional: needs spaCy);
* :mod:`~newsbrief.facts.dates`: dates resolved against publication dates, and the
  story's timeline;
* :mod:`~newsbrief.facts.disagreements`: figures sources disagree on, revisions told
  apart from contradictions;
* :mod:`~newsbrief.facts.story`: all of them for one story.
"""

from newsbrief.facts.dates import extract_dates, merge_dates, story_timeline
from newsbrief.facts.disagreements import find_disagreements
from newsbrief.facts.entities import DEFAULT_NER_MODEL, EntityTagger, merge_entities
from newsbrief.facts.figures import extract_figures, merge_figures
from newsbrief.facts.story import FactOptions, StoryFacts, entity_tagger, story_facts

__all__ = [
    "extract_figures", "merge_figures",
    "EntityTagger", "DEFAULT_NER_MODEL", "merge_entities",
    "extract_dates", "merge_dates", "story_timeline",
    "find_disagreements",
    "FactOptions", "StoryFacts", "story_facts", "entity_tagger",
]  # fmt: skip
